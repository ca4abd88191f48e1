"""Reconciliation: every identity within and across tables, and the narrative against them.

`engine/` is the machinery (the registry of checks, the ledger that compares and records
findings, sums as data, the narrative facts' index, the printed text, summary lines by id);
the family modules declare and run the checks, one module per family of the registry's
FAMILIES: `completeness`, `within`, `across` (with `budget`, the budgets' cross-table
identities), `narrative`, `logic/` and `performance`. Importing them declares their checks;
`reconcile()` runs their suites in `RUN_ORDER`.
"""

from __future__ import annotations

import pandas as pd

from ..disclosure import Disclosure
from . import (  # noqa: F401  (declare)
    across,
    budget,
    completeness,
    logic,
    narrative,
    performance,
    within,
)
from .engine.findings import COLUMNS, Finding, to_frame
from .engine.ledger import Ledger
from .engine.registry import (
    FAMILIES,
    REGISTRY,
    SEVERITIES,
    Check,
    CheckRegistryError,
    check_label,
    family_label,
    label,
)


def reconcile(d: Disclosure) -> pd.DataFrame:
    """All findings for a disclosure: errors, warnings, rounding differences, notes.

    `attrs["checks_run"]` is the number of comparisons made, `attrs["checks_run_by_id"]` the
    same per check id (every registered check, 0 when it had nothing to compare),
    `attrs["checks_not_applied"]` the checks whose inputs the document lacks (id → those
    inputs)."""
    ledger = Ledger(d)
    REGISTRY.run(ledger)
    return to_frame(ledger.findings, ledger.comparisons, ledger.not_applied)


__all__ = ["COLUMNS", "FAMILIES", "REGISTRY", "SEVERITIES", "Check", "CheckRegistryError",
           "Finding", "check_label", "family_label", "label", "reconcile"]
