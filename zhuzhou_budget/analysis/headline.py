"""The headline figures of a document, computed once: the document report's summary
(`summary.headline`), the corpus panel's `metrics` table (`corpus.rows.metrics`) and the
corpus report's totals (`analysis.corpus.totals`) all read them from here, with one rounding.

A figure is read from the document's total rows (the facts with no code); a figure the
document does not print is None, and so is a share whose base is missing or zero."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

from .variance import pct, ratio

# (metric, table, level, column) of the total row each amount is read from, by kind of
# document: final accounts (决算) and budgets (预算: no actuals, so no three_public_actual).
CELLS: dict[str, tuple[tuple[str, str, str, str], ...]] = {
    "final": (
        ("income_total", "income", "total", "total"),
        ("expenditure_total", "expenditure", "total", "total"),
        ("expenditure_basic", "expenditure", "total", "basic"),
        ("expenditure_project", "expenditure", "total", "project"),
        ("three_public_budget", "three_public", "budget", "total"),
        ("three_public_actual", "three_public", "actual", "total"),
    ),
    "budget": (
        ("income_total", "budget_income", "total", "total"),
        ("expenditure_total", "budget_expenditure", "total", "total"),
        ("expenditure_basic", "budget_expenditure", "total", "basic"),
        ("expenditure_project", "budget_expenditure", "total", "project"),
        ("three_public_budget", "budget_three_public", "budget", "total"),
        ("three_public_actual", "", "", ""),
    ),
}
# Shares: percent, rounded half-up to one decimal as the documents print them.
SHARES: tuple[tuple[str, str, str], ...] = (
    ("project_share_pct", "expenditure_project", "expenditure_total"),
)
UNITS: dict[str, str] = {**{m: "万元" for m, *_ in CELLS["final"]},
                         **{m: "%" for m, *_ in SHARES}}
METRICS: tuple[str, ...] = tuple(UNITS)

Cell = Callable[[str, str, str], "Decimal | None"]


def kind_of(tables: Iterable[str]) -> str:
    """final or budget, from the tables a document's facts come from (budget tables are
    declared as such: their ids start with budget_)."""
    return "budget" if any(t.startswith("budget_") for t in tables) else "final"


def figures(cell: Cell, kind: str = "final") -> dict[str, Decimal | None]:
    """metric → value, in `METRICS` order; `cell(table, level, column)` reads one total row's
    amount (None when the document does not print it)."""
    values: dict[str, Decimal | None] = {m: cell(t, lv, c) if t else None
                                         for m, t, lv, c in CELLS[kind]}
    for metric, part, whole in SHARES:
        values[metric] = pct(ratio(values[part], values[whole]))
    return values


def of_facts(facts) -> dict[str, Decimal | None]:
    """The figures of one document's facts frame (`Disclosure.facts` or its panel rows)."""
    rows = facts[facts["code"].fillna("") == ""]
    found = {(t, lv, c): a for t, lv, c, a in zip(rows["table"], rows["level"], rows["column"],
                                                    rows["amount"], strict=True)}

    def cell(table: str, level: str, column: str) -> Decimal | None:
        amount = found.get((table, level, column))
        if amount is None or str(amount) in ("", "nan", "NaN", "<NA>"):
            return None  # blank: not printed, never 0
        return Decimal(str(amount))

    return figures(cell, kind_of(set(rows["table"])))
