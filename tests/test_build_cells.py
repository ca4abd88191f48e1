"""storage.build's shortcuts give what the general rules give: a column's cells converted at
once (_column_cells) as cell by cell (_cell), and the CSV text joined directly (csv_text) as
csv.writer writes it — for columns of one kind and mixed, and text that needs quoting."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhuzhou_budget.storage.build import _cell, _column_cells, csv_text

_DECIMALS = st.decimals(allow_nan=False, allow_infinity=False, places=None)
_VALUES = (st.text(max_size=5) | _DECIMALS | st.none() | st.integers() | st.booleans()
           | st.just(pd.NA) | st.just(float("nan")) | st.floats(allow_nan=False))
_COLUMNS = st.sampled_from(["amount", "code", "line"])


def _one_kind(draw_values):
    return st.one_of(st.lists(st.text(max_size=5)), st.lists(_DECIMALS | st.none()),
                     st.lists(st.integers() | st.booleans()), st.lists(st.none()),
                     st.lists(draw_values))


@settings(max_examples=400, deadline=None)
@given(_one_kind(_VALUES), _COLUMNS)
def test_a_column_at_a_time_as_cell_by_cell(values, column):
    assert _column_cells(list(values), column) == [_cell(v, column) for v in values]


@pytest.mark.parametrize(("values", "column", "expected"), [
    (["a", "b"], "code", ["a", "b"]),
    ([Decimal("1.50"), None, Decimal("-0.0")], "amount", ["1.50", "", "-0.0"]),
    ([Decimal("2E+1")], "value", ["20"]),
    ([3, True, False], "line", ["3", "True", "False"]),
    ([3], "amount", ["3.000000"]),  # an amount column formats integers as amounts
    ([1, pd.NA, None], "line", ["1", "", ""]),
    (["x", float("nan"), 2.5], "note", ["x", "", "2.5"]),
])
def test_cells_of_each_kind(values, column, expected):
    assert _column_cells(values, column) == expected
    assert [_cell(v, column) for v in values] == expected


def _writer_text(header: list[str], columns: list[list[str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(zip(*columns, strict=True))
    return buf.getvalue()


_CELL = st.text(alphabet=st.sampled_from('ab,"\n\r\x00 é'), max_size=4)


@settings(max_examples=400, deadline=None)
@given(st.integers(min_value=0, max_value=4), st.integers(min_value=0, max_value=4),
       st.data())
def test_csv_text_is_what_the_csv_writer_writes(width, height, data):
    header = data.draw(st.lists(_CELL, min_size=width, max_size=width))
    columns = [data.draw(st.lists(_CELL, min_size=height, max_size=height))
               for _ in range(width)]
    assert csv_text(header, columns) == _writer_text(header, columns)


@pytest.mark.parametrize(("header", "columns"), [
    (["a", "b"], [["1", ""], ["x", "y"]]),  # plain: joined
    (["a", "b"], [["1,5"], ["x"]]),  # a delimiter in a cell: quoted
    (["a", "b"], [['say "hi"'], ["x"]]),
    (["a", "b"], [["two\nlines"], ["x"]]),
    (["a", "b"], [["cr\r"], ["x"]]),
    (["a"], [["", "1"]]),  # one column: an empty row is written ""
    ([], []),
])
def test_csv_text_examples(header, columns):
    assert csv_text(header, columns) == _writer_text(header, columns)
