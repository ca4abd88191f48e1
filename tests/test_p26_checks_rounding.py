"""Half units made once per exponent (`rounding._half`), figures formatted for messages
(`fmt`, decimals read off the text) and tables_read's pages of a text without pages: each
the same as the general way it replaces."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhuzhou_budget.analysis.inventory import _pages
from zhuzhou_budget.checks.engine.findings import fmt
from zhuzhou_budget.extract.numbers import format_amount
from zhuzhou_budget.rounding import ZERO, half_unit


def _half_unit_former(value: Decimal | None) -> Decimal:
    if value is None:
        return ZERO
    exponent = value.as_tuple().exponent
    return Decimal(5).scaleb(exponent - 1) if isinstance(exponent, int) else ZERO


@settings(max_examples=300, deadline=None)
@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_half_unit_is_the_former(value):
    got, expected = half_unit(value), _half_unit_former(value)
    assert got == expected and str(got) == str(expected)  # the same digits and exponent


@pytest.mark.parametrize(("value", "half"), [("12.34", "0.005"), ("105", "0.5"),
                                             ("1E+2", "5E+1"), ("0.0", "0.05"), (None, "0")])
def test_half_units_as_documented(value, half):
    got = half_unit(None if value is None else Decimal(value))
    assert str(got) == half


def test_half_unit_of_nan_is_zero():
    assert half_unit(Decimal("NaN")) == ZERO


def _pages_former(d, first: int, last: int) -> str:
    pages = sorted({d.line_pages[n] for n in range(first, last + 1) if n in d.line_pages})
    if not pages:
        return ""
    return str(pages[0]) if pages[0] == pages[-1] else f"{pages[0]}–{pages[-1]}"


@pytest.mark.parametrize("line_pages", [{}, {3: 1, 4: 1}, {3: 1, 9: 2}, {20: 4}])
@pytest.mark.parametrize(("first", "last"), [(1, 2), (3, 4), (3, 9), (1, 30)])
def test_pages_are_the_former(line_pages, first, last):
    d = SimpleNamespace(line_pages=line_pages)
    assert _pages(d, first, last) == _pages_former(d, first, last)


def _fmt_former(value: Decimal | None, places: int = 4) -> str:
    if value is None:
        return "空"
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        value = value.quantize(Decimal(1).scaleb(-places))
    return format_amount(value)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.none(), st.decimals(allow_nan=True, allow_infinity=True),
                 st.decimals(min_value=-10**6, max_value=10**6, places=6)),
       st.integers(0, 6))
def test_fmt_is_the_former(value, places):
    try:
        expected = _fmt_former(value, places)
    except InvalidOperation:  # a quantize beyond the context's precision: refused either way
        with pytest.raises(InvalidOperation):
            fmt(value, places)
        return
    assert fmt(value, places) == expected


@pytest.mark.parametrize(("value", "shown"), [("12.345678", "12.3457"), ("-0.00001", "-0.0000"),
                                              ("1E+3", "1000"), ("12.30", "12.30"),
                                              ("5", "5"), ("sNaN", "sNaN"),
                                              ("-12.345678", "-12.3457"), ("1.23456", "1.2346"),
                                              ("0.00", "0.00"), ("-1E-7", "-0.0000"),
                                              ("Infinity", "Infinity")])
def test_fmt_cases(value, shown):
    assert fmt(Decimal(value)) == shown
