"""A department's published budget (部门预算) beside its final accounts (部门决算) of the same
year: line by line, the budget as published, the 年初预算 the final accounts' own narrative
states (where it states one), the 决算, the variance and the rate — and PEFA PI-1 and PI-2 on
the published budget.

Lines: the headline lines of all funds (本年支出合计, 基本支出, 项目支出: the budget's 支出预算表
against the 支出决算表), the general public budget's 合计 with its 基本/项目 and by function code
(类, 款, 项: the budget's 一般公共预算支出表 against the final accounts'
一般公共预算财政拨款支出决算表), and the 三公 by part (the budget's 三公 table against the final accounts' 三公 决算数). A line printed
by one document only keeps a blank on the other side (never 0).

A published budget and the 年初预算 the final accounts state for the same line should agree; a
final account that restates its budget otherwise is worth a warning (`disagreements`).
"""

from __future__ import annotations

import re
from decimal import Decimal

import pandas as pd

from ..metadata.fields import columns
from ..metadata.tables import code_level
from ..rounding import stated_sum
from .variance import pct, pi1, pi2, ratio

ZERO = Decimal(0)
_THREE_PUBLIC = (("total", "三公经费合计"), ("overseas", "因公出国（境）费"),
                 ("vehicles", "公务用车购置及运行维护费"), ("vehicle_purchase", "公务用车购置费"),
                 ("vehicle_operation", "公务用车运行维护费"), ("reception", "公务接待费"))


# The headline columns of a 合计 row: the whole, then its 基本支出 and 项目支出 parts.
_HEADLINE = (("total", "本年支出合计"), ("basic", "基本支出"), ("project", "项目支出"))


class NotAPair(ValueError):
    """Two documents that are not a budget and a final account of one department and year."""


def check_pair(final, budget) -> None:
    """A final account and a budget of the same department and year, or NotAPair saying why."""
    if final.meta.kind != "部门决算" or budget.meta.kind != "部门预算":
        raise NotAPair(f"expected a final account and a budget, got {final.meta.kind} and "
                       f"{budget.meta.kind}")
    if final.meta.year != budget.meta.year:
        raise NotAPair(f"years differ: final accounts {final.meta.year}, budget "
                       f"{budget.meta.year}")
    # By id where both documents have one (the manifest's), else by the name each prints.
    f, b = final.meta, budget.meta
    a, c = ((f.department_id, b.department_id) if f.department_id and b.department_id
            else (re.sub(r"\s+", "", f.department), re.sub(r"\s+", "", b.department)))
    if a and c and a != c:
        raise NotAPair(f"departments differ: {a!r} and {c!r}")


def budget_vs_final(final, budget) -> pd.DataFrame:
    """One row per line (schema: budget_vs_final), 合计 first, then the codes in order, then
    the 三公 parts."""
    check_pair(final, budget)
    rows = []
    keys = {"department_id": final.meta.department_id, "department": final.meta.department,
            "year": final.meta.year}
    published = _by_code(budget.tables.get("budget_general_expenditure"))
    actual = _by_code(final.tables.get("general_budget_expenditure"))
    be = final.budget_execution
    stated = {r.code: r.budget_initial for r in be[be["fund"] == "general_budget"].itertuples()
              if r.code and r.budget_initial is not None}
    names = {**published.get("names", {}), **actual.get("names", {})}
    # The headline lines: all funds' 本年支出合计 and its 基本/项目 (支出预算表 against 支出决算表).
    spent = _totals(final.tables.get("expenditure"))
    planned = _totals(budget.tables.get("budget_expenditure"))
    for column, name in _HEADLINE:
        b, a = planned.get(column), spent.get(column)
        if b is not None or a is not None:
            rows.append(_row(keys, "部门支出", f"expenditure_{column}", "headline", name, b, None,
                             a))
    codes = sorted(set(published["values"]) | set(actual["values"]),
                   key=lambda c: ("" if c == "合计" else "1", c))
    gb_planned = _totals(budget.tables.get("budget_general_expenditure"))
    gb_spent = _totals(final.tables.get("general_budget_expenditure"))
    for code in codes:
        b, a = published["values"].get(code), actual["values"].get(code)
        rows.append(_row(keys, "一般公共预算", code, "total" if code == "合计" else code_level(code),
                         names.get(code, "合计"), b, stated.get(code), a))
        if code == "合计":  # its 基本支出 and 项目支出 follow it
            for column, name in _HEADLINE[1:]:
                b, a = gb_planned.get(column), gb_spent.get(column)
                if b is not None or a is not None:
                    rows.append(_row(keys, "一般公共预算", f"general_{column}", "headline", name, b,
                                     None, a))
    tp_budget = _three_public(budget.tables.get("budget_three_public"), "budget")
    tp_final = _three_public(final.tables.get("three_public"), "actual")
    tp_stated = _three_public(final.tables.get("three_public"), "budget")
    for column, name in _THREE_PUBLIC:
        b, a = tp_budget.get(column), tp_final.get(column)
        if b is None and a is None:
            continue
        rows.append(_row(keys, "三公经费", column, "三公", name, b, tp_stated.get(column), a))
    return pd.DataFrame.from_records(rows, columns=columns("budget_vs_final"))


def disagreements(frame: pd.DataFrame) -> pd.DataFrame:
    """The lines where the published budget and the 年初预算 the final accounts state differ
    beyond rounding, with the evidence (expected = published, actual = stated)."""
    out = []
    for r in frame.itertuples():
        if r.published_budget is None or r.stated_budget is None:
            continue
        _, difference, tol, level = stated_sum(r.stated_budget, [r.published_budget])
        if level:
            out.append({"fund": r.fund, "code": r.code, "item": r.item,
                        "published_budget": r.published_budget,
                        "stated_budget": r.stated_budget, "difference": difference,
                        "tolerance": tol, "severity": "rounding" if level == "rounding"
                        else "warning"})
    return pd.DataFrame(out, columns=["fund", "code", "item", "published_budget",
                                      "stated_budget", "difference", "tolerance", "severity"])


def pefa(frame: pd.DataFrame) -> dict:
    """PI-1 (合计) and PI-2 (over the 类) of the general public budget on the published budget;
    None where the pair has no such line."""
    gb = frame[frame["fund"] == "一般公共预算"]
    total = gb[gb["level"] == "total"]
    out: dict = {"basis": "published budget (部门预算)", "pi1": None, "pi2": None}
    if len(total) == 1 and total.iloc[0]["published_budget"] and \
            total.iloc[0]["actual"] is not None:
        r = pi1(total.iloc[0]["published_budget"], total.iloc[0]["actual"])
        out["pi1"] = {"budget": r.budget, "actual": r.actual, "pi1_pct": r.percent,
                      "band": r.band}
    classes = gb[gb["level"] == "类"]
    lines = pd.DataFrame({"code": classes["code"],
                          "budget": [v if v is not None else ZERO
                                     for v in classes["published_budget"]],
                          "actual": [v if v is not None else ZERO for v in classes["actual"]]})
    if len(lines) and sum(lines["budget"], ZERO):
        out["pi2"] = pi2(lines)
    return out


def _by_code(table: pd.DataFrame | None) -> dict:
    if table is None:
        return {"values": {}, "names": {}}
    values, names = {}, {}
    for r in table.itertuples():
        code = "合计" if r.level == "total" else r.code
        if not code:
            continue
        values[code] = r.total
        names[code] = r.item
    return {"values": values, "names": names}


def _totals(table: pd.DataFrame | None) -> dict:
    """The 合计 row's total, basic and project (blank where not printed)."""
    if table is None:
        return {}
    rows = table[table["level"] == "total"]
    if rows.empty:
        return {}
    row = rows.iloc[0]
    return {c: row[c] for c, _ in _HEADLINE if c in rows.columns}


def _three_public(table: pd.DataFrame | None, level: str) -> dict:
    if table is None:
        return {}
    rows = table[table["level"] == level]
    if rows.empty:
        return {}
    row = rows.iloc[0]
    return {c: row[c] for c, _ in _THREE_PUBLIC if c in rows.columns}


def _row(keys: dict, fund: str, code: str, level: str, item: str, budget, stated, actual
         ) -> dict:
    variance = None if budget is None or actual is None else actual - budget
    return {**keys, "fund": fund, "code": code, "level": level, "item": item,
            "published_budget": budget, "stated_budget": stated, "actual": actual,
            "variance": variance, "rate_pct": pct(ratio(actual, budget)),
            "stated_matches_published": None if budget is None or stated is None
            else stated_sum(stated, [budget])[3] in (None, "rounding")}
