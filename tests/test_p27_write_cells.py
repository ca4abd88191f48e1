"""The CSV writer's amount cells: `str` of each Decimal where that is format_amount's text,
format's "f" for a column where str would write an exponent."""

from __future__ import annotations

import csv
import io
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


def _writer_text(header: list[str], columns: list[list[str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(zip(*columns, strict=True))
    return buf.getvalue()


_CELLS = st.sampled_from(["", "株洲", "1.50", ",", "a,b", "\n", "x\ny", '"', '"q"', "\r", "\0",
                          " ", "，", "\u2028"]) | st.text(max_size=3)


@settings(max_examples=400, deadline=None)
@given(st.integers(2, 5).flatmap(lambda k: st.tuples(
    st.lists(st.sampled_from(["a", "b,c", 'q"', "n\nl", "名称"]), min_size=k, max_size=k),
    st.lists(st.lists(_CELLS, min_size=k, max_size=k), max_size=6))))
def test_csv_text_looked_at_once_is_the_writer_s(case):
    header, rows = case
    columns = [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in header]
    assert build.csv_text(header, columns) == _writer_text(header, columns)
    plain = build._plain_text(header, columns)
    assert plain is None or plain == _writer_text(header, columns)
    specials = any(ch in cell for col in [header, *columns] for cell in col
                   for ch in ',"\n\r\0')
    assert (plain is None) == specials  # None exactly when a cell holds one
