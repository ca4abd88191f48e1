"""The CSV writer's amount cells: `str` of each Decimal where that is format_amount's text,
format's "f" for a column where str would write an exponent."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhuzhou_budget.extract.numbers import format_amount
from zhuzhou_budget.storage import build

_DECIMALS = st.builds(lambda digits, exponent, sign: Decimal((sign, digits, exponent)),
                      st.lists(st.integers(0, 9), min_size=1, max_size=12).map(tuple),
                      st.integers(-12, 6), st.integers(0, 1))


@settings(max_examples=400, deadline=None)
@given(st.lists(_DECIMALS | st.decimals() | st.none(), min_size=1, max_size=10))
def test_amount_cells_are_format_amount_s(values):
    for column in ("amount", "total", "value"):
        cells = build._column_cells(list(values), column)
        assert cells == [format_amount(v) for v in values]
    plain = [v for v in values if v is not None]
    if plain:
        assert build._column_cells(plain, "amount") == [format_amount(v) for v in plain]


@pytest.mark.parametrize("text", ["1E+3", "1E-7", "0E-7", "0E+2", "-0", "-0.00", "NaN",
                                  "-Infinity", "sNaN", "123.4500", "0.000001", "1234567.8"])
def test_amounts_with_and_without_an_exponent(text):
    values = [Decimal("1.50"), Decimal(text), None]
    assert build._column_cells(values, "amount") == ["1.50", format(Decimal(text), "f"), ""]
    assert build._column_cells(values[:2], "amount") == ["1.50", format(Decimal(text), "f")]
