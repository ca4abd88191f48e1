"""The fifth round's shortcuts in writing and summarizing a document, each against the general
path it replaces: json_text's flat containers (one join) against json.dumps; stage.scale
against the former partition of each value; a column of amounts without blanks formatted by
one map against format_amount."""

from __future__ import annotations

import json
from decimal import Decimal

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhuzhou_budget.corpus.stage import scale
from zhuzhou_budget.extract.numbers import format_amount
from zhuzhou_budget.storage.build import _column_cells
from zhuzhou_budget.storage.json_text import dumps

_FLAT = st.lists(st.text(max_size=4) | st.integers(), min_size=1, max_size=4)
_NOT_FLAT = st.lists(st.text(max_size=2) | st.integers() | st.booleans() | st.floats()
                     | st.none(), min_size=1, max_size=4)


@settings(max_examples=300, deadline=None)
@given(st.lists(_FLAT | _NOT_FLAT | st.dictionaries(st.text(max_size=3), st.text(max_size=3)
                                                    | st.integers(), min_size=1, max_size=3)
                | st.tuples(st.integers(), st.text(max_size=3)), max_size=4),
       st.integers(min_value=0, max_value=3))
def test_flat_containers_are_the_standard_library_s_text(value, indent):
    for obj in (value, {"lines": value}, [value]):
        assert dumps(obj, indent) == json.dumps(obj, ensure_ascii=False, indent=indent)


@pytest.mark.parametrize("value", [
    [[12, "第一行"], [13, "\"引号\"\n"]],  # a section's lines
    [{"name": "amount", "type": "number", "unit": "万元"}],  # a field's descriptor
    [[True, 1]], [[1, 2.5]], [[None, "a"]], [{"a": [1]}], [{"a": True}],  # not flat
    [(1, "x")], [[]], [{}],
])
def test_flat_and_not_flat_examples(value):
    assert dumps(value, 2) == json.dumps(value, ensure_ascii=False, indent=2)


def test_a_key_not_text_inside_a_container_is_the_standard_library_s():
    value = [{1: "a", "b": 2}]
    assert dumps(value, 1) == json.dumps(value, ensure_ascii=False, indent=1)


def _former_scale(values) -> int:
    unique = pc.unique(values).to_pylist()
    return max([len(v.partition(".")[2]) for v in unique if isinstance(v, str)] + [0])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="0123456789.-é", max_size=6) | st.none(), max_size=8))
def test_scale_is_the_former_scale(values):
    array = pa.array(values, pa.string())
    assert scale(array) == _former_scale(array)
    assert scale(pa.chunked_array([array, array])) == _former_scale(array)


@pytest.mark.parametrize(("values", "expected"), [
    (["1.50", None, "20", "-0.125"], 3), ([], 0), ([None], 0), (["1.2.3"], 3), (["7."], 0),
])
def test_scale_examples(values, expected):
    assert scale(pa.array(values, pa.string())) == expected


def test_decimal_columns_without_blanks_are_format_amount_s_text():
    values = [Decimal("1.50"), Decimal("-0.0"), Decimal("2E+1"), Decimal("1E-7")]
    assert _column_cells(list(values), "amount") == [format_amount(v) for v in values]
    assert _column_cells(values + [None], "amount") == [format_amount(v) for v in values] + [""]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["", " ", "a", "0", "株洲", "a,b"]) | st.text(max_size=3),
                max_size=12))
def test_text_of_a_long_list_is_text_array(cells):
    from zhuzhou_budget.corpus.rows import text_array

    assert text_array(cells).equals(_text_array_by_list(cells))
    assert text_array(cells).type == pa.string()


def _text_array_by_list(cells: list[str]) -> pa.Array:
    """The former way (the oracle): the list copied with its blanks None, then converted."""
    return pa.array([v or None for v in cells] if "" in cells else cells, pa.string())


def test_panel_columns_are_slices_of_one_conversion_with_the_cells_of_each():
    from zhuzhou_budget.corpus.rows import document_tables_from_cells

    keys = {"department_id": "d", "department": "部", "year": "2024", "source_sha256": "0"}
    cells = {"facts": {"table": ["t", "u"], "amount": ["1.5", ""]},
             "findings": {"severity": ["error"], "message": [""]}}
    tables = document_tables_from_cells(cells, keys)
    assert tables["facts"]["table"].to_pylist() == ["t", "u"]
    assert tables["facts"]["amount"].to_pylist() == ["1.5", None]
    assert tables["facts"]["code"].to_pylist() == [None, None]
    assert tables["findings"]["severity"].to_pylist() == ["error"]
    assert tables["findings"]["message"].to_pylist() == [None]
    assert tables["findings"]["department"].to_pylist() == ["部"]
    assert len(tables["budget_execution"]) == 0


def test_a_column_of_another_length_is_refused():
    from zhuzhou_budget.corpus.rows import document_tables_from_cells

    keys = {"department_id": "d", "department": "部", "year": "2024", "source_sha256": "0"}
    with pytest.raises(ValueError, match="amount has 1 cells, not 2"):
        document_tables_from_cells({"facts": {"table": ["t", "u"], "amount": ["1"]}}, keys)


def test_datapackage_complete_is_the_disclosure_s_verdict(tmp_path, d2024):
    import dataclasses

    from zhuzhou_budget.storage.build import write_outputs

    partial = dataclasses.replace(d2024, missing_tables=["three_public"])
    for d, name in ((d2024, "whole"), (partial, "partial")):
        write_outputs(d, tmp_path / name)
        package = json.loads((tmp_path / name / "datapackage.json").read_text(encoding="utf-8"))
        assert package["complete"] is d.complete and package["gaps"] == d.gaps
    assert package["complete"] is False and "table not found: three_public" in package["gaps"]
