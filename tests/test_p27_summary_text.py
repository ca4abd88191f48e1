"""The seventh round's cuts in the corpus summary, each against the path it replaces: the
panel's text made from its buffers (the separators' places found by numpy in the encoded
text) instead of split by Arrow; a document's tables made with their key columns sliced from
one repeat per key and their schema made once per resource."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhuzhou_budget.corpus import rows
from zhuzhou_budget.corpus.panel_schema import KEYS, PANEL_RESOURCES, resource
from zhuzhou_budget.corpus.rows import document_tables_from_cells, text_array


def _split_text_array(cells: list[str]) -> pa.Array:
    """The former text_array: the cells joined, split by Arrow, the blanks nulled after."""
    joined = "\0".join(cells)
    if cells and joined.count("\0") == len(cells) - 1:
        array = pc.split_pattern(pa.array([joined], pa.string()), "\0").flatten()
    else:
        array = pa.array(cells, pa.string())
    if "" in cells:
        array = pc.if_else(pc.equal(array, ""), pa.scalar(None, pa.string()), array)
    return array


_CELL = st.sampled_from(["", " ", "a", "0", "12.50", "株洲", "a,b", "\0", "a\0b", "é", "𠀀",
                         "\n"]) | st.text(max_size=4)


@settings(max_examples=400, deadline=None)
@given(st.lists(_CELL, max_size=14))
def test_text_array_is_the_former_split(cells):
    array, expected = text_array(cells), _split_text_array(cells)
    array.validate(full=True)
    assert array.type == pa.string() and array.equals(expected)
    assert array.null_count == cells.count("")
    for start in range(len(cells)):
        assert array.slice(start, 2).to_pylist() == expected.slice(start, 2).to_pylist()


@pytest.mark.parametrize("cells", [[], [""], ["", ""], ["a"], ["\0"], ["", "\0", "b"],
                                   ["株洲", "", "x"] * 50, ["a\0", "b"]])
def test_text_array_examples(cells):
    array = text_array(cells)
    array.validate(full=True)
    assert array.equals(pa.array([c or None for c in cells], pa.string()))


def test_text_array_refuses_what_the_list_refuses():
    with pytest.raises(UnicodeEncodeError):
        pa.array(["a", "\ud800"], pa.string())
    with pytest.raises(UnicodeEncodeError):
        text_array(["a", "\ud800"])


def _former_tables(cells: dict[str, dict[str, list[str]]], keys: dict[str, str]
                   ) -> dict[str, pa.Table]:
    """The former document_tables_from_cells: each table's keys repeated for it, its schema
    inferred by pa.table, the metrics given their keys by with_keys."""
    key_values = [pa.scalar(keys[k], pa.string()) for k in KEYS]
    out = {}
    for name in PANEL_RESOURCES:
        columns = cells.get(name, {})
        n = len(next(iter(columns.values()), []))
        arrays = [pa.repeat(v, n) for v in key_values] + [
            pa.nulls(n, pa.string()) if c not in columns else _split_text_array(columns[c])
            for c in resource(name).columns]
        out[name] = pa.table(arrays, names=KEYS + resource(name).columns)
    out["metrics"] = rows.with_keys(rows.metrics_of_cells(cells.get("facts", {})), keys)
    return out


KEY_VALUES = {"department_id": "zjj", "department": "株洲市住房和城乡建设局", "year": "2024",
              "source_sha256": "0" * 64}


def test_document_tables_are_the_former_ones(tmp_path, d2024):
    from zhuzhou_budget.storage import build

    cells: dict[str, dict[str, list[str]]] = {}
    build.write_outputs(d2024, tmp_path / "out", cells)
    made, former = document_tables_from_cells(cells, KEY_VALUES), _former_tables(
        cells, KEY_VALUES)
    assert list(made) == list(former)
    for name, table in made.items():
        table.validate(full=True)
        assert table.schema.equals(former[name].schema, check_metadata=True), name
        assert table.equals(former[name]), name
    assert len(made["facts"]) > 100 and len(made["metrics"]) > 0


@pytest.mark.parametrize("cells", [
    {},  # no resource at all: every table empty, the metrics' rows only
    {"facts": {"code": ["", "201"], "table": ["expenditure", "expenditure"],
               "level": ["total", "类"], "column": ["total", "total"],
               "amount": ["12.5", ""]}},
    {"findings": {"check": ["W1.hierarchy"] * 3, "severity": ["error", "", "rounding"]},
     "budget_execution": {"code": ["2010101"], "actual": [""]}},
])
def test_document_tables_of_few_cells_are_the_former_ones(cells):
    made, former = document_tables_from_cells(cells, KEY_VALUES), _former_tables(
        cells, KEY_VALUES)
    assert list(made) == list(former)
    for name, table in made.items():
        table.validate(full=True)
        assert table.schema.equals(former[name].schema) and table.equals(former[name]), name
