"""Summaries of reconciliation findings: counts by family and severity, rounding differences."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

SEVERITY_ZH = {"error": "错误", "warning": "警告", "rounding": "尾数误差", "info": "提示"}
FAMILY_ZH = {"completeness": "完整性 completeness", "within": "表内 within tables",
             "across": "表间 across tables", "narrative": "文字与表 narrative",
             "logic": "逻辑 logic", "performance": "绩效自评 performance"}


def counts(findings: pd.DataFrame) -> pd.DataFrame:
    """Findings per family (rows) and severity (columns), every severity shown, with totals."""
    from ..checks.findings import SEVERITIES

    table = pd.crosstab(findings["family"], findings["severity"]).reindex(
        columns=list(SEVERITIES), fill_value=0)
    table["total"] = table.sum(axis=1)
    return table.reset_index()


def issues(findings: pd.DataFrame) -> pd.DataFrame:
    """Errors and warnings, errors first, with their evidence."""
    return findings[findings["severity"].isin(["error", "warning"])].reset_index(drop=True)


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
