"""PEFA PI-1 and PI-2 of a final account on the 年初预算 it states, from the document's panel
rows (as analysis.execution does from a Disclosure): PI-1 on the stated general-budget total
against its table's 合计, PI-2 over the 类 of the stated 项.

Computed where the document's rows are made (task.py, in the worker), from the rows in hand,
and carried in its Fragment: the batch's process measures an unpaired final account without
reading its rows again (pairs.py).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation

import pyarrow as pa

from ..analysis.variance import pct, pi1, pi2_arithmetic
from .rows import cells_of


def stated_pi(tables: dict[str, pa.Table]) -> dict[str, Decimal | str | None]:
    """{"pi1_pct", "pi1_band", "pi2_pct"} of one final account's rows (resource → text
    table); None where the document states no base to measure against. The rows as the cells
    they were read from (a null a blank ""), measured by `stated_pi_of_cells`."""
    return stated_pi_of_cells({name: cells_of(tables[name]) for name in _READ if name in tables})


_READ = ("narrative_facts", "facts", "budget_execution")  # the resources stated_pi reads


def stated_pi_of_cells(cells: dict[str, dict[str, list[str]]]
                       ) -> dict[str, Decimal | str | None]:
    """`stated_pi` of the cells the build wrote (resource → column → cells, a blank "": the
    cells the rows are made of), the few rows wanted found by a scan in Python instead of
    filters in Arrow (each costs more to start than the scan)."""
    narrative, facts = _columns(cells, "narrative_facts"), _columns(cells, "facts")
    budget = next((_dec(v) for s, m, v in zip(
        narrative("subject"), narrative("measure"), narrative("value_wan"), strict=True)
        if s == "general_budget.total" and m == "budget_initial"), None)
    actual = next((_dec(a) for t, lv, c, a in zip(
        facts("table"), facts("level"), facts("column"), facts("amount"), strict=True)
        if t == "general_budget_expenditure" and lv == "total" and c == "total"), None)
    execution = _columns(cells, "budget_execution")
    items = [(code, _dec(b), _dec(a)) for f, code, b, a in zip(
        execution("fund"), execution("code"), execution("budget_initial"), execution("actual"),
        strict=True) if f == "general_budget" and code and b != ""]
    return _stated(budget, actual, items)


def _columns(cells: dict[str, dict[str, list[str]]], name: str) -> Callable[[str], list[str]]:
    """column → a resource's cells (a column or resource not given: blank)."""
    columns = cells.get(name, {})
    n = len(next(iter(columns.values()), []))
    return lambda column: columns.get(column) or [""] * n


def _stated(budget: Decimal | None, actual: Decimal | None,
            items: list[tuple[str, Decimal | None, Decimal | None]]
            ) -> dict[str, Decimal | str | None]:
    """PI-1 on the stated budget and actual total, PI-2 over the stated 项 (`items`)."""
    out: dict[str, Decimal | str | None] = {"pi1_pct": None, "pi1_band": None,
                                            "pi2_pct": None}
    if budget and actual is not None:
        p1 = pi1(budget, actual)
        out["pi1_pct"], out["pi1_band"] = p1.percent, p1.band
    if items:
        out["pi2_pct"] = pi2_percent(items)
    return out


def pi2_percent(items: list[tuple[str, Decimal | None, Decimal | None]]) -> Decimal | None:
    """`pi2(by_level(lines, 3)).percent` (analysis.variance) of the 项 `items` (code, budget,
    actual), None when their 类 sum to no budget: the same 类 sums, summed here in plain
    Python (a document's dozen lines do not need a DataFrame and a groupby), then PI-2's own
    arithmetic (`pi2_arithmetic`)."""
    classes: dict[str, tuple[Decimal, Decimal]] = {}
    for code, budget, actual in items:  # by_level: 类 = the code's first 3 digits
        b, a = classes.get(code[:3], (Decimal(0), Decimal(0)))
        classes[code[:3]] = (b + Decimal(budget or 0), a + Decimal(actual or 0))
    sums = [classes[key] for key in sorted(classes)]
    if not sum((b for b, _ in sums), Decimal(0)):
        return None
    *_, variance = pi2_arithmetic([b for b, _ in sums], [a for _, a in sums])
    return pct(variance, "0.01")


def _dec(text) -> Decimal | None:
    try:
        return None if text is None or text == "" else Decimal(text)
    except InvalidOperation:
        return None
