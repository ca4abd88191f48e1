"""missing_totals, kept on the table with what it was worked out from (issue 23, seventh
round), answers what the former one answered, however often it is asked and after the table
changes. The former function is kept here as the oracle."""

from __future__ import annotations

import copy
import dataclasses
import re

from conftest import readable_documents
from hypothesis import given, settings
from hypothesis import strategies as st

from zhuzhou_budget.extract.lines import squeeze_spaces
from zhuzhou_budget.extract.table_model import _REQUIRED_ROWS, Record, Table, missing_totals
from zhuzhou_budget.metadata.tables import GRAND_TOTAL, TABLES


def former_missing_totals(table: Table) -> list[str]:
    """missing_totals before the seventh round, verbatim but for the module's names."""
    kind = table.spec.kind
    if table.spec.document == "budget":
        kind = f"budget_{kind}"
    if kind in ("coded", "budget_coded"):
        return [] if any(r.level == "total" for r in table.records) else ["合计行"]
    if kind == "budget_three_public":
        return [] if table.records else ["预算数行"]
    if kind == "three_public":
        levels = {r.level for r in table.records}
        return [f"{zh}行" for level, zh in (("budget", "预算数"), ("actual", "决算数"))
                if level not in levels]
    missing = []
    labels = [(r.side, squeeze_spaces(r.item)) for r in table.records]
    for side, pattern in _REQUIRED_ROWS.get(kind, []):
        found = re.compile(pattern).search
        if not any((not side or s == side) and found(item) for s, item in labels):
            label = "总计" if pattern == GRAND_TOTAL or "总计" in pattern else pattern.strip("^$")
            missing.append(f"{'收入方' if side == 'income' else '支出方' if side else ''}{label}行")
    return missing


def test_every_fixture_table_as_before():
    n = 0
    for _, d in readable_documents():
        for t in d.table_info.values():
            want = former_missing_totals(t)
            assert missing_totals(t) == want, t.id
            assert missing_totals(t) == want, t.id  # asked again: the kept answer
            n += 1
    assert n > 80


def test_the_answer_follows_the_table_when_it_changes():
    t = next(t for _, d in readable_documents() for t in d.table_info.values()
             if t.spec.kind == "summary" and t.spec.document != "budget" and t.has_values)
    t = copy.deepcopy(t)
    assert missing_totals(t) == former_missing_totals(t) == []
    grand = [r for r in t.records if squeeze_spaces(r.item) in ("总计", "合计")]
    assert grand
    for r in grand:
        r.item = "本年合计"  # relabelled in place: the kept answer is stale, not used
    assert missing_totals(t) == former_missing_totals(t) != []
    t.records = t.records[:1]  # a list of its own
    assert missing_totals(t) == former_missing_totals(t)
    t.records.append(dataclasses.replace(grand[0], item="总计"))  # the same list, grown
    assert missing_totals(t) == former_missing_totals(t)
    # The kept answer is no field: the table equals its copy that never was asked.
    fresh = copy.deepcopy(t)
    fresh.__dict__.pop("_missing_totals_memo", None)
    assert fresh == t and repr(fresh) == repr(t)


_SPECS = [spec for spec in TABLES.values()]
_LABELS = st.sampled_from(["总计", "合计", "总 计", "本年收入合计", "本年支出合计", "收入总计",
                           "支出合计", "人员经费合计", "公用经费合计", " 合计 ", "本年收入合计\n",
                           "合计x", "一、本年收入", "工资福利支出", "", "收入合计", "支出总计"])


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(_SPECS),
       st.lists(st.tuples(st.sampled_from(["income", "expenditure", ""]), _LABELS,
                          st.sampled_from(["", "total", "budget", "actual"])), max_size=8),
       st.lists(st.tuples(st.integers(min_value=0, max_value=7), _LABELS), max_size=3))
def test_random_tables_as_before(spec, rows, edits):
    t = Table(id=spec.id, spec=spec, title="", title_line=1, end_line=2,
              records=[Record(row=i, source_line=i, item=item, side=side, level=level)
                       for i, (side, item, level) in enumerate(rows)])
    assert missing_totals(t) == former_missing_totals(t)
    for i, item in edits:  # changed after it was asked: asked again, answered afresh
        if t.records:
            t.records[i % len(t.records)].item = item
        assert missing_totals(t) == former_missing_totals(t)
    got = missing_totals(t)
    got.append("x")  # the caller's list is its own
    assert missing_totals(t) == former_missing_totals(t)
