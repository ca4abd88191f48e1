"""PEFA PI-1 and PI-2 of a final account on the 年初预算 it states, from the document's panel
rows (as analysis.execution does from a Disclosure): PI-1 on the stated general-budget total
against its table's 合计, PI-2 over the 类 of the stated 项.

Computed where the document's rows are made (task.py, in the worker), from the rows in hand,
and carried in its Fragment: the batch's process measures an unpaired final account without
reading its rows again (pairs.py).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..analysis.variance import by_level, pi1, pi2


def stated_pi(tables: dict[str, pa.Table]) -> dict[str, Decimal | str | None]:
    """{"pi1_pct", "pi1_band", "pi2_pct"} of one final account's rows (resource → text
    table); None where the document states no base to measure against."""
    out: dict[str, Decimal | str | None] = {"pi1_pct": None, "pi1_band": None,
                                            "pi2_pct": None}
    budget = next((_dec(r["value_wan"]) for r in _where(
        tables, "narrative_facts", subject="general_budget.total", measure="budget_initial")),
        None)
    actual = next((_dec(r["amount"]) for r in _where(
        tables, "facts", table="general_budget_expenditure", level="total", column="total")),
        None)
    if budget and actual is not None:
        p1 = pi1(budget, actual)
        out["pi1_pct"], out["pi1_band"] = p1.percent, p1.band
    items = [r for r in _where(tables, "budget_execution", fund="general_budget")
             if r["code"] and r["budget_initial"] is not None]
    if items:
        lines = pd.DataFrame({"code": [r["code"] for r in items],
                              "budget": [_dec(r["budget_initial"]) for r in items],
                              "actual": [_dec(r["actual"]) for r in items]})
        classes = by_level(lines, 3)
        if sum(classes["budget"], Decimal(0)):
            out["pi2_pct"] = pi2(classes).percent
    return out


def _where(tables: dict[str, pa.Table], name: str, **equal: str) -> list[dict]:
    """The rows of `name` whose columns equal the values given, in their order (filtered in
    Arrow: a document's facts run to thousands of rows, the rows wanted to a few)."""
    table = tables.get(name)
    if table is None:
        return []
    mask = None
    for column, value in equal.items():
        test = pc.equal(table[column], value)
        mask = test if mask is None else pc.and_(mask, test)
    return table.filter(mask).to_pylist()


def _dec(text) -> Decimal | None:
    try:
        return None if text is None or text == "" else Decimal(text)
    except InvalidOperation:
        return None
