"""datapackage.json and sections.json made faster give the same text: lists of numbered lines
written by one format each (json_text._numbered_texts) as json.dumps writes them, and a
table's field descriptors made once per set of columns and printed labels
(build._table_fields) equal to the ones made each time before."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from zhuzhou_budget.metadata.fields import TABLE_FIELDS, Field
from zhuzhou_budget.metadata.tables import TABLES, UNIT, TableSpec
from zhuzhou_budget.storage import build, json_text

_PAIR = st.tuples(st.integers(), st.text()).map(list)
_ODD = (st.lists(st.one_of(st.integers(), st.text(), st.booleans(), st.none(), st.floats()),
                 max_size=3)
        | st.tuples(st.integers(), st.text()) | st.lists(_PAIR, max_size=2))


@settings(max_examples=300, deadline=None)
@given(st.lists(_PAIR | _ODD, max_size=6), st.integers(0, 3), st.integers(0, 2))
def test_lists_of_pairs_are_written_as_json_writes_them(lines, indent, depth):
    value: object = lines
    for _ in range(depth):  # at any depth, as a section's "lines" sit in a list of dicts
        value = [{"key": "一", "lines": value}]
    assert json_text.dumps(value, indent) == json.dumps(value, ensure_ascii=False,
                                                         indent=indent)


def test_sections_lines_of_every_kind_of_text():
    lines = [[1, "一、部门职责"], [2, '含"引号"与\\和\n换行\t\x00'], [3, ""], [10**20, "é"],
             [-1, "\u2028\ud800"]]
    sections = [{"key": "s1", "level": 1, "lines": lines}, {"key": "s2", "lines": []},
                {"key": "s3", "lines": [(4, "元组")]}]
    for indent in (0, 1, 2):
        assert json_text.dumps(sections, indent) == json.dumps(sections, ensure_ascii=False,
                                                               indent=indent)
    bools = [[True, "x"], [1, "y"]]  # a bool is no number: written true, the general way
    assert json_text.dumps(bools, 1) == json.dumps(bools, ensure_ascii=False, indent=1)


def _former_table_fields(spec: TableSpec, columns: list[str], labels: dict[str, str]
                         ) -> list[dict]:
    """build._table_fields as it was (the reference): every descriptor made each time."""
    by_id = build._column_specs(spec)
    fields = []
    for c in columns:
        col_spec = by_id.get(c)
        if col_spec:
            printed = labels.get(c) or labels.get(f"income.{c}") or labels.get(
                f"expenditure.{c}") or col_spec.zh
            fields.append(Field(c, "number", f"{col_spec.description} ({printed}), {UNIT}"
                                ).descriptor(True))
        else:
            fields.append(TABLE_FIELDS[c].descriptor(True))
    return fields


_TEXT_COLUMNS = sorted(TABLE_FIELDS)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(TABLES)), st.data())
def test_table_fields_are_the_former_ones(tid, data):
    spec = TABLES[tid]
    amounts = sorted(build._column_specs(spec))
    columns = data.draw(st.lists(st.sampled_from(amounts + _TEXT_COLUMNS), unique=True,
                                 max_size=12))
    keys = [*amounts, *(f"income.{c}" for c in amounts), *(f"expenditure.{c}" for c in amounts)]
    labels = data.draw(st.dictionaries(st.sampled_from(keys or ["amount"]),
                                       st.sampled_from(["", "收入", "合计"]), max_size=8))
    fields = build._table_fields(spec, columns, labels)
    assert fields == _former_table_fields(spec, columns, labels)
    assert json_text.dumps({"fields": fields}, 2) == json.dumps(
        {"fields": _former_table_fields(spec, columns, labels)}, ensure_ascii=False, indent=2)
    # made once per set: the same list again (its text made once), never a changed one
    assert build._table_fields(spec, columns, dict(labels)) is fields
