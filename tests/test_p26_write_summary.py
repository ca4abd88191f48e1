"""The sixth round's cuts in datapackage.json and the staged panel rows, each against the
general path it replaces: a resource's field descriptors (json_text.Fixed) written from the
text kept for their indentation against json.dumps; a number column's scale found from the
cells the build wrote against the one found from its Arrow text."""

from __future__ import annotations

import json

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhuzhou_budget.corpus import stage
from zhuzhou_budget.corpus.rows import document_tables_from_cells
from zhuzhou_budget.metadata.fields import RESOURCES
from zhuzhou_budget.storage import build
from zhuzhou_budget.storage.json_text import Fixed, dumps

_SCALAR = st.text(max_size=3) | st.integers() | st.booleans() | st.none() | st.floats()
_ITEM = _SCALAR | st.lists(_SCALAR, max_size=3) | st.dictionaries(
    st.text(max_size=3), _SCALAR, max_size=3)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ITEM, max_size=4), st.integers(min_value=0, max_value=3))
def test_a_fixed_list_is_written_as_the_list_at_every_depth(items, indent):
    fixed = Fixed(items)
    for obj in ({"fields": fixed}, [fixed], {"a": {"schema": {"fields": fixed}}, "b": [fixed]},
                fixed):
        assert dumps(obj, indent) == json.dumps(obj, ensure_ascii=False, indent=indent)
        assert dumps(obj, indent) == json.dumps(obj, ensure_ascii=False, indent=indent)  # kept


def test_a_fixed_list_keeps_one_text_per_indentation():
    fixed = Fixed([{"name": "amount", "type": "number"}, {"name": "item", "type": "string"}])
    one, two = dumps({"f": fixed}, 1), dumps({"x": {"f": fixed}}, 2)
    assert one == json.dumps({"f": fixed}, ensure_ascii=False, indent=1)
    assert two == json.dumps({"x": {"f": fixed}}, ensure_ascii=False, indent=2)
    assert len(fixed._texts) == 2 and fixed == list(fixed)


def test_resource_fields_are_fixed_lists_of_their_descriptors():
    res = RESOURCES["facts"]
    fields = build._fields(res)
    assert isinstance(fields, Fixed) and fields is build._fields(res)
    assert fields == [f.descriptor(res.money) for f in res.fields]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="0123456789.-é", max_size=6) | st.just(""), max_size=8))
def test_the_scale_of_cells_is_the_scale_of_their_text(cells):
    array = pa.array([c or None for c in cells], pa.string())
    assert stage.scale_of_cells(cells) == stage.scale(array)


def test_a_fragment_s_scales_from_cells_are_those_from_its_tables(tmp_path, d2024):
    cells: dict[str, dict[str, list[str]]] = {}
    build.write_outputs(d2024, tmp_path / "out", cells)
    keys = {"department_id": "d", "department": "部", "year": "2024", "source_sha256": "0"}
    tables = document_tables_from_cells(cells, keys)
    area = tmp_path / "stage"
    area.mkdir()
    from_tables = stage.write(area, "doc", tables)
    from_cells = stage.write(area, "doc", tables, cells)
    assert from_cells.scales == from_tables.scales
    assert from_cells.scales["facts"]["amount"] >= 2 and "metrics" in from_cells.scales
    assert from_cells.rows == from_tables.rows


def test_metrics_of_cells_are_the_metrics_of_the_facts_table(tmp_path):
    """On every readable text document (final accounts and budgets): the metrics found from
    the facts' cells are those found from the facts' Arrow table (the former way)."""
    from conftest import readable_documents

    from zhuzhou_budget.corpus.rows import metrics, metrics_of_cells, text_array

    seen = 0
    for k, (_, d) in enumerate(readable_documents()):
        cells: dict[str, dict[str, list[str]]] = {}
        build.write_outputs(d, tmp_path / f"out{k}", cells)
        facts = cells["facts"]
        table = pa.table([text_array(v) for v in facts.values()], names=list(facts))
        assert metrics_of_cells(facts).equals(metrics(table))
        seen += 1
    assert seen >= 5


@pytest.mark.parametrize("facts", [
    {},
    {"table": [], "code": [], "level": [], "column": [], "amount": []},
    {"table": ["expenditure", "expenditure", "budget_x"], "code": ["", "", "201"],
     "level": ["total", "total", "item"], "column": ["total", "total", "total"],
     "amount": ["1.5", "2.50", "9"]},  # a later total row of the same cell wins, as before
    {"table": ["income_expenditure_summary"], "code": [""], "level": ["total"],
     "column": ["amount"], "amount": [""]},  # a blank amount
    {"table": ["expenditure"], "amount": ["3"]},  # columns not given are blank
])
def test_metrics_of_cells_examples(facts):
    from zhuzhou_budget.corpus.rows import metrics, metrics_of_cells, text_array

    n = len(next(iter(facts.values()), []))
    columns = ["table", "code", "item", "level", "column", "amount"]
    table = pa.table([text_array(facts.get(c, [""] * n)) for c in columns], names=columns)
    assert metrics_of_cells(facts).equals(metrics(table))


def _tables_of(cells: dict[str, dict[str, list[str]]]) -> dict[str, pa.Table]:
    keys = {"department_id": "d", "department": "部", "year": "2024", "source_sha256": "0"}
    return document_tables_from_cells(cells, keys)


def test_stated_pi_of_cells_is_stated_pi_of_the_rows(tmp_path):
    """On every readable text document: the figures found from the cells the build wrote are
    those stated_pi finds from the Arrow rows made of them (the former way)."""
    from conftest import readable_documents

    from zhuzhou_budget.corpus.stated_pi import stated_pi, stated_pi_of_cells

    measured = 0
    for k, (_, d) in enumerate(readable_documents()):
        cells: dict[str, dict[str, list[str]]] = {}
        build.write_outputs(d, tmp_path / f"out{k}", cells)
        figures = stated_pi_of_cells(cells)
        assert figures == stated_pi(_tables_of(cells))
        measured += figures["pi2_pct"] is not None
    assert measured >= 1


_CODE = st.sampled_from(["", "201", "2010101", "2050101", "20801"])
_AMOUNT = st.sampled_from(["", "0", "100", "50.5", "1E+2", "-3", "x"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["general_budget", "fund", ""]), _CODE, _AMOUNT,
                          _AMOUNT), max_size=6),
       st.lists(st.tuples(st.sampled_from(["general_budget.total", "other", ""]),
                          st.sampled_from(["budget_initial", "actual", ""]), _AMOUNT),
                max_size=4),
       st.lists(st.tuples(st.sampled_from(["general_budget_expenditure", "income"]),
                          st.sampled_from(["total", "item", ""]),
                          st.sampled_from(["total", "basic"]),
                          _AMOUNT.filter(lambda a: a != "x")),  # the facts' are numbers
                max_size=4))
def test_stated_pi_of_cells_is_stated_pi_of_any_rows(execution, narrative, facts):
    from zhuzhou_budget.corpus.stated_pi import stated_pi, stated_pi_of_cells

    def columns(names: list[str], rows: list[tuple]) -> dict[str, list[str]]:
        return {n: [r[i] for r in rows] for i, n in enumerate(names)}

    cells = {"budget_execution": columns(["fund", "code", "budget_initial", "actual"], execution),
             "narrative_facts": columns(["subject", "measure", "value_wan"], narrative),
             "facts": columns(["table", "level", "column", "amount"], facts)}
    assert _outcome(stated_pi_of_cells, cells) == _outcome(
        lambda c: stated_pi(_tables_of(c)), cells)


def _outcome(measure, cells) -> str:
    try:
        return repr(measure(cells))
    except ArithmeticError as exc:  # the same error both ways (no actual at all: 0 / 0)
        return type(exc).__name__
