"""Reconciliation: every identity within and across tables, and the narrative against them."""

from __future__ import annotations

import pandas as pd

from ..disclosure import Disclosure
from . import across, completeness, narrative, performance, within
from .findings import COLUMNS, SEVERITIES, Finding
from .ledger import Ledger

FAMILIES = [completeness, within, across, narrative, performance]


def reconcile(d: Disclosure) -> pd.DataFrame:
    """All findings for a disclosure: errors, warnings, rounding differences, notes."""
    from .findings import to_frame

    ledger = Ledger(d)
    for family in FAMILIES:
        family.run(ledger)
    return to_frame(ledger.findings, ledger.checks_run)


__all__ = ["COLUMNS", "SEVERITIES", "Finding", "reconcile"]
