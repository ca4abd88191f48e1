"""transform.frames builds a table's frame and the cells' frame from their columns
(`inferred_frame`), not row by row through pandas' constructor (`records_frame`): the same
frame, dtypes and every value's type, whatever the columns hold. Checked on columns of every
kind (Decimal, None, str, int, int with None, huge ints, floats, bools, empty) and on the
tables of the test documents against the rows as the frames were first built."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from conftest import TEXT_DOCUMENTS, readable_documents
from hypothesis import given, settings
from hypothesis import strategies as st

from zhuzhou_budget.disclosure import load
from zhuzhou_budget.extract.table_model import Table, economic_category
from zhuzhou_budget.metadata.fields import TABLE_COLUMNS
from zhuzhou_budget.metadata.tables import TABLES, UNIT
from zhuzhou_budget.transform import arrays, frames

DATA = Path(__file__).parent / "data"


def _same(fast: pd.DataFrame, slow: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(fast, slow, check_exact=True)
    assert [str(t) for t in fast.dtypes] == [str(t) for t in slow.dtypes]
    assert list(fast.columns) == list(slow.columns) and fast.index.equals(slow.index)
    for name in fast.columns:  # each value as it is (a Decimal stays a Decimal, None None)
        assert [type(v) for v in fast[name].tolist()] == [type(v) for v in slow[name].tolist()]


def _both(columns: list[list], nullable: str | None = None) -> None:
    names = tuple(f"c{i}" for i in range(len(columns)))
    if nullable is not None:
        names = (*names[:-1], nullable)
    n = len(columns[0]) if columns else 0
    rows = [list(r) for r in zip(*columns, strict=True)]
    _same(frames.inferred_frame(columns, names, n, nullable),
          frames.records_frame(rows, names, nullable))


CASES = {
    "decimals": [Decimal("1.50"), Decimal("-2"), Decimal("0.00")],
    "decimals and blanks": [None, Decimal("1.5"), None],
    "blanks only": [None, None, None],
    "a Decimal NaN": [Decimal("NaN"), Decimal("1"), None],
    "texts": ["一般公共服务支出", "", "合计"],
    "ints": [1, 2, 3],
    "ints and a blank": [1, None, 3],
    "ints beyond int64": [2**70, 1, 2],
    "negative ints": [-1, 0, 2**62],
    "floats": [1.5, float("nan"), 2.0],
    "bools": [True, False, True],
    "mixed": ["a", 1, Decimal("2")],
    "texts and blanks": ["a", None, "b"],
}


@pytest.mark.parametrize("name", CASES)
def test_each_kind_of_column_is_inferred_as_pandas_does(name):
    values = CASES[name]
    _both([values, ["x", "y", "z"], [1, 2, 3]])


@pytest.mark.parametrize("values", [[1, None, 3], [1, 2, 3], [None, None, None],
                                    [2**70, None, 1], [1.5, None, 2], ["a", None, 1]])
def test_a_nullable_column_is_int64_as_the_cast_makes_it(values):
    if any(isinstance(v, float | str) for v in values) or any(
            isinstance(v, int) and v > 2**63 for v in values):
        # pandas refuses these in Int64 (or reads 1.5 as what it is): both ways alike
        names = ("c0", "line")
        rows = [["x", v] for v in values]
        with pytest.raises((TypeError, ValueError, OverflowError)):
            frames.records_frame(rows, names, "line")
        with pytest.raises((TypeError, ValueError, OverflowError)):
            frames.inferred_frame([["x"] * 3, values], names, 3, "line")
        return
    _both([["x", "y", "z"], values], nullable="line")


def test_no_rows():
    _both([[], [], []])
    _both([[], []], nullable="line")


_VALUE = st.one_of(st.none(), st.decimals(allow_nan=False, places=2, max_value=10**9,
                                         min_value=-10**9), st.text(max_size=4),
                   st.integers(), st.booleans(), st.floats(allow_nan=True))


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 6).flatmap(lambda n: st.lists(
    st.one_of(st.lists(st.one_of(st.none(), st.decimals(allow_nan=False, places=2,
                                                        max_value=10**9, min_value=-10**9)),
                       min_size=n, max_size=n),
              st.lists(st.text(max_size=4), min_size=n, max_size=n),
              st.lists(st.one_of(st.none(), st.integers()), min_size=n, max_size=n),
              st.lists(_VALUE, min_size=n, max_size=n)),
    min_size=1, max_size=5)))
def test_any_columns_make_the_frame_pandas_makes(columns):
    _both(columns)


def _table_frame_by_rows(table: Table) -> pd.DataFrame:
    """table_frame as it was first written: one list per record, through from_records."""
    if table.spec.kind == "summary":
        value_cols = ["amount"] + [c.id for c in table.spec.expenditure_columns
                                   if c.id != "amount"]
    else:
        value_cols = table.column_ids
    base = list(TABLE_COLUMNS[table.spec.kind])
    rows = []
    for r in table.records:
        rec = [(economic_category(r.code) if r.code else "") if c == "category"
               else getattr(r, c) for c in base]
        rec += [r.values.get(c) for c in value_cols]
        rec.append(r.source_line)
        rows.append(rec)
    return frames.records_frame(rows, (*base, *value_cols, "source_line"))


def _facts_by_cells(tables: list[Table]) -> pd.DataFrame:
    """table_facts_frame as it was first written: one tuple per cell, sorted stably."""
    order = {tid: i for i, tid in enumerate(TABLES)}
    keyed = []
    for t in tables:
        rank: dict[str, int] = {}
        for i, c in enumerate([c.id for c in t.spec.columns] +
                              [c.id for c in t.spec.expenditure_columns]):
            rank.setdefault(c, i)
        for r in t.records:
            for col in sorted(r.values, key=lambda c: rank.get(c, 99)):
                keyed.append(((order.get(t.id, len(order)), r.row), [
                    t.id, r.code, r.item, col, r.values[col], UNIT, r.level, r.side, r.line,
                    r.row, t.unit, r.source_line]))
    keyed.sort(key=lambda k: k[0])
    return frames.records_frame([cell for _, cell in keyed], frames._CELL, "line")


def test_the_documents_tables_make_the_frames_they_made_row_by_row():
    read = 0
    for _, d in readable_documents():
        read += 1
        for tid, table in d.table_info.items():
            _same(d.tables[tid], _table_frame_by_rows(table))
            assert d.tables[tid].attrs["table"] == tid
        _same(d.facts, _facts_by_cells(list(d.table_info.values())))
    assert read == len(TEXT_DOCUMENTS) >= 12  # the fixtures of every template and layout


def test_cells_of_rows_printed_out_of_order_keep_the_stable_order():
    d = load(DATA / "zhuzhou-zjj-2024-layout.txt")
    tables = list(d.table_info.values())
    for t in tables:
        t.records = list(reversed(t.records))  # rows out of order, and equal keys below
        for r in t.records:
            r.row = 1
    _same(frames.table_facts_frame(tables), _facts_by_cells(tables))


def test_rows_without_cells_and_the_public_constructor_make_the_same_cells(monkeypatch):
    d = load(DATA / "shanghai-putuo-czj-2024-tab.txt")
    tables = list(d.table_info.values())
    first = tables[0].records[0]
    first.values = {}  # a row with no cell among rows with cells
    tables[-1].records[-1].line = None  # and a line left blank
    expected = _facts_by_cells(tables)
    _same(frames.table_facts_frame(tables), expected)
    monkeypatch.setattr(arrays, "fast", lambda: False)  # a pandas without the internals
    _same(frames.table_facts_frame(tables), expected)
    for t in tables:
        _same(frames.table_frame(t), _table_frame_by_rows(t))


def test_texts_follow_the_string_dtype_pandas_infers_whichever_it_is():
    import warnings

    columns = [["a", "b"], ["c", "d"], [Decimal("1"), None], ["e", "f"]]
    _both(columns)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the option is deprecated in pandas 3, still honoured
        with pd.option_context("future.infer_string", False):
            _both(columns)
            names = ("c0", "c1", "c2", "c3")
            assert [str(t) for t in frames.inferred_frame(columns, names, 2).dtypes] == [
                "object"] * 4


@pytest.mark.parametrize("storage", ["python", "pyarrow"])
def test_texts_follow_the_string_storage_option(storage):
    # The dtype of texts is looked up once per state of the options: a change of storage
    # makes columns in the new one, as pandas' inference does.
    columns = [["a", "b"], ["c", ""], [Decimal("1"), None]]
    with pd.option_context("mode.string_storage", storage):
        _both(columns)
        names = ("c0", "c1", "c2")
        assert frames.inferred_frame(columns, names, 2)["c1"].dtype.storage == storage


def test_texts_without_the_shortcuts_make_the_same_frame(monkeypatch):
    columns = [["a", "b"], ["一般", "合计"], [1, 2]]
    monkeypatch.setattr(arrays, "_using_string_dtype", None)  # options unknown: inferred
    _both(columns)
    monkeypatch.setattr(arrays, "_pa", None)  # no pyarrow array made directly
    monkeypatch.setattr(frames, "_ArrowStringArray", None)
    _both(columns)


@pytest.mark.parametrize("way", ["pyarrow taken", "python storage", "no pyarrow array"])
def test_the_cells_texts_repeated_per_row_make_the_same_cells(monkeypatch, way):
    d = load(DATA / "shanghai-putuo-czj-2024-tab.txt")
    tables = list(d.table_info.values())
    if way == "no pyarrow array":
        monkeypatch.setattr(frames, "_ArrowStringArray", None)
        monkeypatch.setattr(arrays, "_pa", None)
    storage = "python" if way == "python storage" else "pyarrow"
    with pd.option_context("mode.string_storage", storage):
        _same(frames.table_facts_frame(tables), _facts_by_cells(tables))
