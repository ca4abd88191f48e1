"""corpus.stated_pi measures PI-2 in plain Python; it must give exactly what analysis.variance
gives (by_level to the 类, then pi2) for any 项 lines, and stated_pi the figures of a
final account's rows."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from zhuzhou_budget.analysis.variance import by_level, pi2
from zhuzhou_budget.corpus.stated_pi import pi2_percent, stated_pi


def _reference(items: list[tuple[str, Decimal | None, Decimal | None]]) -> Decimal | None:
    lines = pd.DataFrame({"code": [c for c, _, _ in items], "budget": [b for _, b, _ in items],
                          "actual": [a for _, _, a in items]})
    classes = by_level(lines, 3)
    return pi2(classes).percent if sum(classes["budget"], Decimal(0)) else None


_AMOUNTS = st.none() | st.decimals(min_value=-1000, max_value=10**7, places=2) | st.sampled_from(
    [Decimal(0), Decimal("0.00"), Decimal("1E+3"), Decimal("0.001")])
_CODES = st.builds(lambda head, tail: head + tail, st.sampled_from(["201", "205", "208", "213"]),
                   st.sampled_from(["", "01", "0101", "0299", "99"]))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_CODES, _AMOUNTS, _AMOUNTS), min_size=1, max_size=12))
def test_pi2_as_analysis_variance_measures_it(items):
    # the same digits, or the same error (no actual at all: 0 / 0 in both)
    assert _outcome(pi2_percent, items) == _outcome(_reference, items)


def _outcome(measure, items) -> str:
    try:
        return str(measure(items))
    except ArithmeticError as exc:
        return type(exc).__name__


def test_pi2_of_a_known_case():
    items = [("2010101", Decimal("100"), Decimal("90")), ("2010102", Decimal("50"), None),
             ("2050101", Decimal("50"), Decimal("70"))]
    # 类 201: B 150, A 90; 类 205: B 50, A 70; k = 160/200 = 0.8; AB 120, 40;
    # |D| 30 + 30 = 60; 60 / 160 = 37.50 %
    assert pi2_percent(items) == Decimal("37.50")
    assert pi2_percent([("2010101", Decimal(0), Decimal(5))]) is None


def _table(**columns: list[str | None]) -> pa.Table:
    return pa.table({k: pa.array(v, pa.string()) for k, v in columns.items()})


def test_stated_pi_of_rows():
    tables = {
        "narrative_facts": _table(subject=["general_budget.total", "x"],
                                  measure=["budget_initial", "budget_initial"],
                                  value_wan=["200", "1"]),
        "facts": _table(table=["general_budget_expenditure", "general_budget_expenditure"],
                        level=["total", "item"], column=["total", "total"],
                        amount=["190", "5"]),
        "budget_execution": _table(fund=["general_budget", "general_budget", "other"],
                                   code=["2010101", "2050101", "2010101"],
                                   budget_initial=["100", "100", "1"],
                                   actual=["90", "110", "1"]),
    }
    assert stated_pi(tables) == {"pi1_pct": Decimal("95.0"), "pi1_band": "A",
                                 "pi2_pct": Decimal("10.00")}
