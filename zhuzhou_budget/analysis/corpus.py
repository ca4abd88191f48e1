"""Departments and years side by side, from a corpus panel (`zb.panel(path)`: resource →
DataFrame, every row keyed by department_id, department, year).

Each function returns one row per document (or per document and line), in the panel's order,
money as `Decimal` in 万元; a blank cell stays None. PI-1 and PI-2 use the same definitions as
the per-document report (`analysis.variance`): PI-1 on the general budget (the narrative's
stated 年初预算 total against the general-budget table's 合计), PI-2 over the stated items
summed by 类.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from . import headline
from .variance import by_level, pct, pi1, pi2, ratio

KEYS = ["department_id", "department", "year"]
ZERO = Decimal(0)


def documents(panel: dict) -> pd.DataFrame:
    """One row per document: its keys, status and the counts documents.csv holds."""
    docs = panel["documents"]
    return docs[KEYS + ["status", "tables", "facts", "errors", "warnings"]].copy() \
        .sort_values(["year", "department_id"], kind="stable").reset_index(drop=True)


def _each(panel: dict):
    for _, doc in documents(panel).iterrows():
        yield doc, (doc["department_id"], int(doc["year"]))


def _of(frame: pd.DataFrame, key: tuple[str, int]) -> pd.DataFrame:
    return frame[(frame["department_id"] == key[0]) & (frame["year"].astype(int) == key[1])]


def _cell(facts: pd.DataFrame, table: str, level: str, column: str, code: str | None = None):
    hit = facts[(facts["table"] == table) & (facts["level"] == level)
                & (facts["column"] == column)]
    if code is not None:
        hit = hit[hit["code"] == code]
    return None if hit.empty else hit.iloc[0]["amount"]


def _stated(nf: pd.DataFrame, subject: str, measure: str):
    hit = nf[(nf["subject"] == subject) & (nf["measure"] == measure)]
    if hit.empty:
        return None
    row = hit.iloc[0]
    return row["value_wan"] if row["value_wan"] is not None else row["value"]


def totals(panel: dict) -> pd.DataFrame:
    """Income, expenditure (basic, project, project share %), 三公 budget and actual,
    机关运行经费, per document."""
    rows = []
    for doc, key in _each(panel):
        f, nf = _of(panel["facts"], key), _of(panel["narrative_facts"], key)
        h = headline.of_facts(f)  # the figures each document's own summary shows
        rows.append({**{k: doc[k] for k in KEYS},
                     "income_total": h["income_total"],
                     "expenditure_total": h["expenditure_total"],
                     "basic": h["expenditure_basic"], "project": h["expenditure_project"],
                     "project_share_pct": h["project_share_pct"],
                     "three_public_budget": h["three_public_budget"],
                     "three_public_actual": h["three_public_actual"],
                     "admin_costs": _stated(nf, "admin_costs", "amount")})
    return pd.DataFrame(rows)


def structure(panel: dict, table: str = "expenditure") -> pd.DataFrame:
    """Spending by function 类 per document, long: code, name, amount, share of the total."""
    rows = []
    for doc, key in _each(panel):
        f = _of(panel["facts"], key)
        total = _cell(f, table, "total", "total")
        lines = f[(f["table"] == table) & (f["level"] == "类") & (f["column"] == "total")]
        for _, r in lines.iterrows():
            share = ratio(r["amount"], total)
            rows.append({**{k: doc[k] for k in KEYS}, "code": r["code"], "item": r["item"],
                         "amount": r["amount"],
                         "share_pct": pct(share)})
    return pd.DataFrame(rows, columns=KEYS + ["code", "item", "amount", "share_pct"])


def pefa(panel: dict) -> pd.DataFrame:
    """PI-1 and PI-2 (类) per document, with their bases; None where the document gives no
    original budget."""
    rows = []
    for doc, key in _each(panel):
        f, nf = _of(panel["facts"], key), _of(panel["narrative_facts"], key)
        items = _of(panel["budget_execution"], key)
        items = items[items["fund"] == "general_budget"]
        budget = _stated(nf, "general_budget.total", "budget_initial")
        actual = _cell(f, "general_budget_expenditure", "total", "total")
        row = {**{k: doc[k] for k in KEYS}, "budget_initial": budget, "actual": actual,
               "pi1_pct": None, "pi1_band": "", "items": len(items), "pi2_class_pct": None,
               "pi2_class_band": ""}
        if budget and actual is not None:
            r = pi1(budget, actual)
            row.update(pi1_pct=r.percent, pi1_band=r.band)
        lines = by_level(items.rename(columns={"budget_initial": "budget"})
                         [["code", "budget", "actual"]], 3)
        if not lines.empty and sum(lines["budget"], ZERO):
            c = pi2(lines)
            row.update(pi2_class_pct=c.percent, pi2_class_band=c.band)
        rows.append(row)
    return pd.DataFrame(rows)


def three_public(panel: dict) -> pd.DataFrame:
    """三公 budget (全年预算) and actual per component and document, long."""
    f = panel["facts"]
    t = f[f["table"] == "three_public"]
    rows = []
    for doc, key in _each(panel):
        mine = _of(t, key)
        for column in ("total", "overseas", "vehicles", "reception"):
            rows.append({**{k: doc[k] for k in KEYS}, "component": column,
                         "budget": _cell(mine, "three_public", "budget", column),
                         "actual": _cell(mine, "three_public", "actual", column)})
    return pd.DataFrame(rows, columns=KEYS + ["component", "budget", "actual"])


def findings(panel: dict) -> pd.DataFrame:
    """Findings per document and severity, and the checks that gave errors."""
    fs = panel["findings"]
    rows = []
    for doc, key in _each(panel):
        mine = _of(fs, key)
        counts = mine["severity"].value_counts()
        rows.append({**{k: doc[k] for k in KEYS},
                     **{s: int(counts.get(s, 0)) for s in ("error", "warning", "rounding",
                                                            "info")},
                     "error_checks": "、".join(sorted(set(mine[mine["severity"] == "error"]
                                                        ["check"])))})
    return pd.DataFrame(rows, columns=KEYS + ["error", "warning", "rounding", "info",
                                              "error_checks"])
