"""Income and expenditure structure from the tables: sources, fund types, functions,
basic vs project, 人员经费 vs 公用经费, economic 款, 三公 budget vs actual.

Every function returns a DataFrame of Decimal amounts in 万元 with the share of its total; a
blank cell stays None (not reported), never 0. A frame keeps its columns when it has no rows.

The same questions are asked of a final account (部门决算) and of a budget (部门预算): `ROLES`
names, for each, the table that answers them (`table_id`). A document whose template does not
print that table has no answer (`table_id` is None); the notebooks say so and leave the
section out.
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


# The table that answers each question, by kind of document (final accounts, budget); for the
# function classes of a budget, the first of several that prints its 类 rows (Jiangsu prints
# them in the fiscal and general-budget tables only).
ROLES: dict[str, dict[str, tuple[str, ...]]] = {
    "income": {"final": ("income",), "budget": ("budget_income",)},
    "expenditure": {"final": ("expenditure",), "budget": ("budget_expenditure",)},
    "function": {"final": ("expenditure",),
                 "budget": ("budget_expenditure", "budget_fiscal_expenditure",
                            "budget_general_expenditure")},
    "summary": {"final": ("income_expenditure_summary",),
                "budget": ("budget_income_expenditure_summary",)},
    "basic": {"final": ("basic_expenditure",), "budget": ("budget_basic_expenditure",)},
    "three_public": {"final": ("three_public",), "budget": ("budget_three_public",)},
}
PERSONNEL_CLASSES = ("301", "303")  # 工资福利支出, 对个人和家庭的补助: 人员经费; the rest 公用经费
BY_FUNCTION = ["code", "item", "total", "basic", "project", "share"]
THREE_PUBLIC = ["component", "项目", "budget", "actual", "variance", "completion_rate"]


def table_id(d, role: str) -> str | None:
    """The table of `d` that answers `role` (ROLES), or None when its template prints none."""
    kind = d.template.document
    candidates = [t for t in ROLES[role][kind] if t in d.tables]
    if role == "function":  # the first that prints its 类 rows, else the first printed
        with_classes = [t for t in candidates if (d.tables[t]["level"] == "类").any()]
        candidates = with_classes or candidates
    return candidates[0] if candidates else None


def _table(d, role: str, table: str | None = None) -> pd.DataFrame:
    tid = table or table_id(d, role)
    if tid is None or tid not in d.tables:
        raise KeyError(f"{role}: the document's template prints no such table")
    return d.tables[tid]


def _dec(v) -> Decimal:
    return ZERO if v is None else Decimal(v)


def _with_share(frame: pd.DataFrame, column: str = "amount", total: Decimal | None = None):
    base = total if total is not None else sum((_dec(v) for v in frame[column]), ZERO)
    frame["share"] = [None if v is None else ratio(Decimal(v), base) for v in frame[column]]
    return frame


def _total_row(table: pd.DataFrame) -> pd.Series:
    """The 合计 row; a table printed without one (a blank template) gives blanks."""
    total = table[table["level"] == "total"]
    return total.iloc[0] if len(total) else _blank_row(table)


def _blank_row(table: pd.DataFrame) -> pd.Series:
    return pd.Series([None] * len(table.columns), index=table.columns, dtype=object)


def income_by_source(d) -> pd.DataFrame:
    """Income of the year by source (收入决算表 / 收入预算总表 合计 row): 财政拨款 (a budget:
    一般公共预算, 政府性基金, 国有资本经营), 上级补助, 事业, …"""
    tid = table_id(d, "income") or "income"
    total = _total_row(_table(d, "income", tid))
    rows = [{"source": c.id, "来源": c.zh, "amount": total[c.id]}
            for c in TABLES[tid].columns if c.id != "total" and not c.part_of
            and c.id in total.index]
    return _with_share(pd.DataFrame(rows, columns=["source", "来源", "amount"]),
                       total=_dec(total["total"]))


FISCAL_SOURCES = ("fiscal_appropriation", "general_budget", "government_fund", "state_capital")
BUDGET_FUND_TYPES = {"general_budget": "一般公共预算", "government_fund": "政府性基金预算",
                     "state_capital": "国有资本经营预算"}


def fiscal_share(income: pd.DataFrame) -> Decimal | None:
    """财政拨款 as a share of the year's income, from `income_by_source`: the one 财政拨款 column
    of a final account, the three budgets' columns of a budget."""
    parts = income[income["source"].isin(FISCAL_SOURCES)]
    shares = [v for v in parts["share"] if v is not None]
    if not shares:
        return None
    return shares[0] if len(shares) == 1 else sum(shares, ZERO)


def income_by_fund_type(d) -> pd.DataFrame:
    """Income lines of 收入支出决算总表 with their fund type (一般公共预算 / 政府性基金 / …); of a
    budget, the sources of its 收入预算总表 (whose columns are the fund types)."""
    if d.template.document == "budget":
        inc = income_by_source(d)
        frame = pd.DataFrame({"line": None, "item": inc["来源"],
                              "fund_type": [BUDGET_FUND_TYPES.get(s, "非财政拨款")
                                            for s in inc["source"]],
                              "amount": inc["amount"]},
                             columns=["line", "item", "fund_type", "amount"])
        return _with_share(frame)
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


def expenditure_by_function(d, level: str = "类", table: str | None = None) -> pd.DataFrame:
    """Expenditure by function 类 or 款 (or 项) with basic / project split and share of total
    (basic and project blank where the table prints one amount only)."""
    t = _table(d, "function", table)
    total = _dec(_total_row(t)["total"])
    frame = t[t["level"] == level].reindex(columns=BY_FUNCTION[:-1]).copy()
    for col in BY_FUNCTION[2:-1]:
        if col not in t.columns:  # one amount printed: basic and project are not reported
            frame[col] = None
    frame = _with_share(frame, "total", total).reset_index(drop=True)
    return frame


def basic_vs_project(d, table: str | None = None) -> pd.DataFrame:
    """Basic (基本支出) vs project (项目支出) expenditure and their shares."""
    total = _total_row(_table(d, "expenditure", table))
    rows = [{"kind": "basic", "类型": "基本支出", "amount": total["basic"]},
            {"kind": "project", "类型": "项目支出", "amount": total["project"]}]
    return _with_share(pd.DataFrame(rows), total=_dec(total["total"]))


def _economic(d) -> pd.DataFrame:
    """The basic-expenditure table by economic code with `category` and `amount`: a budget's
    prints one amount (合计) and no category; its 类 code gives the category (301 and 303 are
    人员经费, the rest 公用经费, as the final accounts' table groups them)."""
    t = _table(d, "basic")
    if "category" in t.columns:
        return t
    out = t.assign(amount=t["total"], category=[
        None if lv == "total" else "人员经费" if str(c)[:3] in PERSONNEL_CLASSES else "公用经费"
        for c, lv in zip(t["code"], t["level"], strict=True)])
    return out


def personnel_vs_public(d) -> pd.DataFrame:
    """人员经费合计 vs 公用经费合计 of the basic-expenditure table, with shares of basic spending
    (a budget's: the 人员经费 / 公用经费 columns of its 合计 row where printed, else the Σ of its
    类 by category)."""
    t = _economic(d)
    totals = t[t["level"] == "total"]
    if "total" not in t.columns:  # the final accounts: 人员经费合计 and 公用经费合计 rows
        rows = [{"category": r["item"].removesuffix("合计"), "amount": r["amount"]}
                for _, r in totals.iterrows()]
    elif "personnel" in t.columns and len(totals) and totals.iloc[0]["personnel"] is not None:
        rows = [{"category": "人员经费", "amount": totals.iloc[0]["personnel"]},
                {"category": "公用经费", "amount": totals.iloc[0]["public"]}]
    else:
        classes = t[t["level"] == "类"]
        rows = [{"category": cat, "amount": sum((_dec(v) for v in part["amount"]), ZERO)}
                for cat in ("人员经费", "公用经费")
                if len(part := classes[classes["category"] == cat])]
    return _with_share(pd.DataFrame(rows, columns=["category", "amount"]))


def economic_breakdown(d, level: str = "款", nonzero: bool = True) -> pd.DataFrame:
    """Basic expenditure by economic 类 or 款, largest first, with its 人员/公用 category."""
    t = _economic(d)
    frame = t[t["level"] == level][["code", "item", "category", "amount"]].copy()
    if nonzero:
        frame = frame[[v is not None and v != 0 for v in frame["amount"]]]
    frame = _with_share(frame)
    frame["class"] = frame["code"].str[:3]
    return frame.sort_values("amount", ascending=False, key=lambda s: s.map(_dec)) \
        .reset_index(drop=True)


def three_public(d) -> pd.DataFrame:
    """三公 budget (a final account's: 全年预算, adjusted; a budget's: the budget) vs actual
    per component, with completion rate; a budget has no actual (blank), a table printed
    without its rows (a blank template) blanks throughout."""
    tid = table_id(d, "three_public") or "three_public"
    t = _table(d, "three_public", tid)

    def row(level: str) -> pd.Series:
        hit = t[t["level"] == level]
        return hit.iloc[0] if len(hit) else _blank_row(t)

    budget, actual = row("budget"), row("actual")
    rows = []
    for c in TABLES[tid].columns:
        if c.id not in t.columns:  # a column this template does not print (会议费, 培训费)
            continue
        b, a = budget[c.id], actual[c.id]
        rows.append({"component": c.id, "项目": c.zh, "budget": b, "actual": a,
                     "variance": None if a is None or b is None else a - b,
                     "completion_rate": None if a is None or b is None else ratio(a, b)})
    return pd.DataFrame(rows, columns=THREE_PUBLIC)
