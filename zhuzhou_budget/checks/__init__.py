"""Reconciliation: every identity within and across tables, and the narrative against them.

The checks are declared in a registry (registry.py) by their family modules: importing the
modules below declares them; `reconcile()` runs their suites in `registry.RUN_ORDER`.
"""

from __future__ import annotations

import pandas as pd

from ..disclosure import Disclosure
from . import (  # noqa: F401  (declare)
    across,
    budget,
    completeness,
    form,
    narrative,
    performance,
    statements,
    within,
)
from .findings import COLUMNS, SEVERITIES, Finding, to_frame
from .ledger import Ledger
from .registry import REGISTRY, Check, CheckRegistryError


def reconcile(d: Disclosure) -> pd.DataFrame:
    """All findings for a disclosure: errors, warnings, rounding differences, notes.

    `attrs["checks_run"]` is the number of comparisons made, `attrs["checks_run_by_id"]` the
    same per check id (every registered check, 0 when it had nothing to compare)."""
    ledger = Ledger(d)
    REGISTRY.run(ledger)
    return to_frame(ledger.findings, ledger.comparisons)


__all__ = ["COLUMNS", "REGISTRY", "SEVERITIES", "Check", "CheckRegistryError", "Finding",
           "reconcile"]
