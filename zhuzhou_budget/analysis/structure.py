"""Income and expenditure structure from the nine tables: sources, fund types, functions,
basic vs project, 人员经费 vs 公用经费, economic 款, 三公 budget vs actual.

Every function returns a DataFrame of Decimal amounts in 万元 with the share of its total; a
blank cell stays None (not reported), never 0.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pandas as pd

from ..metadata.tables import SUMMARY_INCOME_SOURCES, TABLES
from .variance import ratio

ZERO = Decimal(0)
_NUMBERING = re.compile(r"^[一二三四五六七八九十]+、")
FUND_TYPES = {"一般公共预算财政拨款": "一般公共预算", "政府性基金预算财政拨款": "政府性基金预算",
              "国有资本经营预算财政拨款": "国有资本经营预算"}


def _dec(v) -> Decimal:
    return ZERO if v is None else Decimal(v)


def _with_share(frame: pd.DataFrame, column: str = "amount", total: Decimal | None = None):
    base = total if total is not None else sum((_dec(v) for v in frame[column]), ZERO)
    frame["share"] = [None if v is None else ratio(Decimal(v), base) for v in frame[column]]
    return frame


def _total_row(table: pd.DataFrame) -> pd.Series:
    return table[table["level"] == "total"].iloc[0]


def income_by_source(d) -> pd.DataFrame:
    """Income of the year by source (收入决算表 合计 row): 财政拨款, 上级补助, 事业, …"""
    total = _total_row(d.tables["income"])
    rows = [{"source": c.id, "来源": c.zh, "amount": total[c.id]}
            for c in TABLES["income"].columns if c.id != "total" and not c.part_of
            and c.id in total.index]
    return _with_share(pd.DataFrame(rows), total=_dec(total["total"]))


def income_by_fund_type(d) -> pd.DataFrame:
    """Income lines of 收入支出决算总表 with their fund type (一般公共预算 / 政府性基金 / …)."""
    s = d.tables["income_expenditure_summary"]
    rows = []
    for _, r in s[(s["side"] == "income")].iterrows():
        label = _NUMBERING.sub("", r["item"] or "")
        key = label.removesuffix("收入") if label.removesuffix("收入") in SUMMARY_INCOME_SOURCES \
            else label
        if key not in SUMMARY_INCOME_SOURCES:
            continue
        rows.append({"line": r["line"], "item": label,
                     "fund_type": FUND_TYPES.get(key, "非财政拨款"), "amount": r["amount"]})
    frame = pd.DataFrame(rows, columns=["line", "item", "fund_type", "amount"])
    return _with_share(frame)


def expenditure_by_function(d, level: str = "类", table: str = "expenditure") -> pd.DataFrame:
    """Expenditure by function 类 or 款 (or 项) with basic / project split and share of total."""
    t = d.tables[table]
    total = _dec(_total_row(t)["total"])
    frame = t[t["level"] == level][["code", "item", "total", "basic", "project"]].copy()
    frame = _with_share(frame, "total", total).reset_index(drop=True)
    return frame


def basic_vs_project(d, table: str = "expenditure") -> pd.DataFrame:
    """Basic (基本支出) vs project (项目支出) expenditure and their shares."""
    total = _total_row(d.tables[table])
    rows = [{"kind": "basic", "类型": "基本支出", "amount": total["basic"]},
            {"kind": "project", "类型": "项目支出", "amount": total["project"]}]
    return _with_share(pd.DataFrame(rows), total=_dec(total["total"]))


def personnel_vs_public(d) -> pd.DataFrame:
    """人员经费合计 vs 公用经费合计 of the basic-expenditure table, with shares of basic spending."""
    t = d.tables["basic_expenditure"]
    totals = t[t["level"] == "total"]
    rows = [{"category": r["item"].removesuffix("合计"), "amount": r["amount"]}
            for _, r in totals.iterrows()]
    return _with_share(pd.DataFrame(rows, columns=["category", "amount"]))


def economic_breakdown(d, level: str = "款", nonzero: bool = True) -> pd.DataFrame:
    """Basic expenditure by economic 类 or 款, largest first, with its 人员/公用 category."""
    t = d.tables["basic_expenditure"]
    frame = t[t["level"] == level][["code", "item", "category", "amount"]].copy()
    if nonzero:
        frame = frame[[v is not None and v != 0 for v in frame["amount"]]]
    frame = _with_share(frame)
    frame["class"] = frame["code"].str[:3]
    return frame.sort_values("amount", ascending=False, key=lambda s: s.map(_dec)) \
        .reset_index(drop=True)


def three_public(d) -> pd.DataFrame:
    """三公 budget (全年预算, adjusted) vs actual per component, with completion rate."""
    t = d.tables["three_public"]
    budget = t[t["level"] == "budget"].iloc[0]
    actual = t[t["level"] == "actual"].iloc[0]
    rows = []
    for c in TABLES["three_public"].columns:
        if c.id not in t.columns:  # a column this template does not print (会议费, 培训费)
            continue
        b, a = budget[c.id], actual[c.id]
        rows.append({"component": c.id, "项目": c.zh, "budget": b, "actual": a,
                     "variance": None if a is None or b is None else a - b,
                     "completion_rate": None if a is None or b is None else ratio(a, b)})
    return pd.DataFrame(rows)
