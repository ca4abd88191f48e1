"""Summaries of reconciliation findings: counts by family and severity, rounding differences."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from ..checks.engine.registry import FAMILIES, SEVERITIES, check_label
from ..metadata import labels

FAMILY_ZH = FAMILIES  # declared with the families, in the check registry
SEVERITY_ZH = labels.SEVERITY_SHORT
CHECK_LABEL = check_label  # "L1.unit_slip" → "L1 单位误写", from the check's declaration


def counts(findings: pd.DataFrame) -> pd.DataFrame:
    """Findings per family (rows) and severity (columns), every severity shown, with totals."""
    table = pd.crosstab(findings["family"], findings["severity"]).reindex(
        columns=list(SEVERITIES), fill_value=0)
    table["total"] = table.sum(axis=1)
    return table.reset_index()


def issues(findings: pd.DataFrame) -> pd.DataFrame:
    """Errors and warnings, errors first, with their evidence and `anchor`, the id of the
    finding's evidence in the reconciliation report (`04_reconciliation.html#finding-3`)."""
    out = findings[findings["severity"].isin(["error", "warning"])].reset_index(drop=True)
    out["anchor"] = [anchor(i) for i in range(len(out))]
    return out


def anchor(i: int) -> str:
    """The HTML id of the i-th (0-based) error or warning."""
    return f"finding-{i + 1}"


def headline(message: str) -> str:
    """A finding's message without its leading `[check]` tag (the check is shown apart)."""
    text = message or ""
    return text.split("] ", 1)[1] if text.startswith("[") and "] " in text else text


def rounding_summary(findings: pd.DataFrame) -> pd.DataFrame:
    """Rounding differences per check: how many, the largest |difference|, the tolerance."""
    r = findings[findings["severity"] == "rounding"]
    rows = []
    for check, group in r.groupby("check", sort=True):
        diffs = [abs(Decimal(v)) for v in group["difference"] if v is not None]
        rows.append({"check": check, "family": group["family"].iloc[0], "count": len(group),
                     "max_abs_difference": max(diffs, default=None),
                     "max_tolerance": max((Decimal(v) for v in group["tolerance"]
                                           if v is not None), default=None),
                     "tables": "、".join(sorted(set(group["table"]) - {""}))})
    return pd.DataFrame(rows, columns=["check", "family", "count", "max_abs_difference",
                                       "max_tolerance", "tables"])


def rounding_by_size(findings: pd.DataFrame) -> pd.DataFrame:
    """How many rounding differences of each size (0.01, 0.02 … 万元)."""
    r = findings[findings["severity"] == "rounding"]
    sizes = [abs(Decimal(v)) for v in r["difference"] if v is not None]
    frame = pd.DataFrame({"difference": sizes})
    if frame.empty:
        return pd.DataFrame(columns=["difference", "count"])
    return frame.groupby("difference").size().rename("count").reset_index()
