"""load makes a document's table frames together (`frames.table_frames`: every text column of
every table from one pyarrow array, sliced; a table's amounts read a row at a time by one
itemgetter) and the cells' frame from records read by one attrgetter: the same frames as
`table_frame` one table at a time, and as the rows the frames were first built from
(tests/test_frames_inferred.py's oracles), on every test document and on tables of unusual
shapes (no rows, a row lacking a column, a blank code, one amount column)."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from conftest import TEXT_DOCUMENTS, readable_documents
from test_frames_inferred import _facts_by_cells, _same, _table_frame_by_rows

from zhuzhou_budget.disclosure import load
from zhuzhou_budget.extract.table_model import Table
from zhuzhou_budget.transform import arrays, frames

DATA = Path(__file__).parent / "data"


def _former_amounts(values: list[dict], names: list[str]) -> list[list]:
    """frames._amount_columns as it was: cell by cell (the oracle)."""
    return [[v.get(c) for v in values] for c in names]


def _check(tables: list[Table]) -> None:
    made = frames.table_frames(tables)
    assert len(made) == len(tables)
    for t, frame in zip(tables, made, strict=True):
        one = frames.table_frame(t)
        _same(frame, one)
        _same(frame, _table_frame_by_rows(t))
        assert frame.attrs == one.attrs and frame.attrs["table"] == t.id
    _same(frames.table_facts_frame(tables), _facts_by_cells(tables))


def test_every_documents_tables_make_the_frames_one_table_at_a_time_makes():
    read = 0
    for _, d in readable_documents():
        read += 1
        _check(list(d.table_info.values()))
    assert read == len(TEXT_DOCUMENTS) >= 12


def _tables(name: str = "shanghai-putuo-czj-2024-tab.txt") -> list[Table]:
    return copy.deepcopy(list(load(DATA / name).table_info.values()))


def test_a_table_of_no_rows_among_others():
    tables = _tables()
    tables[1].records = []
    tables[-1].records = []
    _check(tables)


def test_a_row_lacking_a_column_and_a_blank_code_and_a_text_amount():
    tables = _tables("zhuzhou-zjj-2024-layout.txt")
    coded = next(t for t in tables if t.spec.kind == "coded" and len(t.records) > 2)
    first = coded.records[0]
    first.values = dict(list(first.values.items())[1:])  # the row lacks its first column
    coded.records[1].code = None  # type: ignore[assignment]  # a column of texts and None
    coded.records[2].item = 7  # type: ignore[assignment]  # a name that is no text
    other = next(t for t in tables if t is not coded and len(t.records) > 1)
    key = next(iter(other.records[0].values))
    other.records[0].values[key] = "1.5"  # type: ignore[assignment]  # a text among Decimals
    _check(tables)


def test_one_amount_column_and_rows_of_one_cell():
    tables = _tables()
    for t in tables:
        for r in t.records:
            r.values = dict(list(r.values.items())[:1])
    _check(tables)


def test_without_pandas_internals_the_frames_are_the_same(monkeypatch):
    tables = _tables()
    expected = [_table_frame_by_rows(t) for t in tables]
    monkeypatch.setattr(arrays, "fast", lambda: False)
    for frame, slow in zip(frames.table_frames(tables), expected, strict=True):
        _same(frame, slow)


def test_texts_without_pyarrow_storage_are_the_same():
    tables = _tables()
    with pd.option_context("mode.string_storage", "python"):
        for frame, t in zip(frames.table_frames(tables), tables, strict=True):
            _same(frame, _table_frame_by_rows(t))
            assert frame["item"].dtype.storage == "python"


@pytest.mark.parametrize("values, names", [
    ([], ["a", "b"]),
    ([{"a": Decimal(1), "b": None}, {"a": None, "b": Decimal("2.50")}], ["a", "b"]),
    ([{"a": Decimal(1), "b": None}, {"b": Decimal(2)}], ["a", "b"]),  # a row lacks "a"
    ([{"a": Decimal(1)}, {"a": None}], ["a"]),
    ([{"b": Decimal(1), "a": Decimal(2), "c": None}], ["a", "b"]),  # a column left out
    ([{"a": Decimal(1)}], []),
])
def test_amount_columns_are_read_as_cell_by_cell(values, names):
    assert frames._amount_columns(values, names) == _former_amounts(values, names)


@pytest.mark.parametrize("order", [("a",), ("a", "b"), ("b", "a", "c")])
def test_a_rows_cells_are_read_in_their_order(order):
    values = {"a": Decimal(1), "b": None, "c": Decimal("0.00")}
    assert frames._cells_getter(order)(values) == tuple(values[c] for c in order)
