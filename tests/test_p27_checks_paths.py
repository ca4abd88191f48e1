"""The seventh round's cuts in the checks stage, each against the path it replaces: the
budget-execution items' L2/L4 comparisons counted at once (one each per item, as counted one
by one); the narrative facts indexed from their columns, a sentence's facts after its first
skipped for the sentence order; adds_up's sum made in C of the parts neither blank nor zero; a project list's key tested for NA only when it is not a text (pd.isna of a text is
False); tables_read's other tables found with the document's not_in_template read once."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_p26_checks_rows import _by_list_former  # the former _by_list, held once

import zhuzhou_budget as zb
from zhuzhou_budget.analysis import inventory
from zhuzhou_budget.checks import performance
from zhuzhou_budget.checks.engine.facts import Facts, frame_rows
from zhuzhou_budget.checks.engine.ledger import Ledger, adds_up
from zhuzhou_budget.checks.logic import statements
from zhuzhou_budget.checks.logic.suite import SUITE as LOGIC

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def document(checked_document: zb.Disclosure) -> zb.Disclosure:
    """The seed and six text fixtures (conftest.CHECKED_DOCUMENTS)."""
    return checked_document


def test_budget_execution_counts_each_item_once_per_check(document):
    ledger = Ledger(document)
    ledger.suite = LOGIC
    statements.budget_execution(ledger)
    items = len(document.budget_execution)
    assert ledger.comparisons[statements.DIRECTION.id] == items
    assert ledger.comparisons[statements.NAMES.id] == items
    if items:  # what the step reports it found is what reconcile reports of it
        found = zb.reconcile(document)
        l4 = found[found.check == statements.NAMES.id]
        assert sum(f.check == statements.NAMES.id for f in ledger.findings) == len(l4)


@pytest.mark.parametrize("keys", [
    ["initial", "initial", "midyear"],
    ["initial", None, "midyear"],
    [np.nan, "initial", pd.NA],
    [None, None, None],
    ["", "initial", float("nan")],
    [1, 1.0, np.float64("nan")],
])
def test_projects_by_list_leave_out_the_missing_keys(keys):
    projects = pd.DataFrame({
        "list": pd.Series(keys, dtype=object), "name": ["a", "b", "c"],
        "budget_initial": [Decimal("1.5"), None, Decimal(2)],
        "actual": [Decimal(1), Decimal("0.5"), None], "adjustment": [None, None, None]})
    fields = ("name", "budget_initial", "actual", "adjustment")
    got, expected = performance._by_list(projects, fields), _by_list_former(projects, fields)
    assert list(got) == list(expected) and got == expected


def test_projects_by_list_of_a_document(document):
    perf = document.performance
    fields = ("name", "budget_initial", "actual", "adjustment")
    assert performance._by_list(perf.projects, fields) == _by_list_former(perf.projects,
                                                                          fields)


def test_tables_read_reads_not_in_template_once(document, monkeypatch):
    calls = []
    cls = type(document)
    real = cls.not_in_template

    def counted(self):
        calls.append(1)
        return real.fget(self)

    expected = inventory._rows(document)
    monkeypatch.setattr(cls, "not_in_template", property(counted))
    assert inventory._rows(document) == expected
    assert len(calls) == 1


def _former_adds_up(parts, total) -> bool:
    """The former adds_up: a Python loop over the parts, a blank skipped."""
    from zhuzhou_budget.rounding import ZERO

    expected = ZERO
    for value in parts:
        if value is not None:
            expected += value
    return expected == (ZERO if total is None else total)


_AMOUNT = st.one_of(st.none(), st.decimals(allow_nan=False, allow_infinity=False, places=2,
                                           min_value=-10**6, max_value=10**6),
                    st.sampled_from([Decimal("0"), Decimal("0.00"), Decimal("-0"),
                                     Decimal("1.50"), Decimal("-1.5"), Decimal("1E+2")]))


@settings(max_examples=500, deadline=None)
@given(st.lists(_AMOUNT, max_size=8), _AMOUNT)
def test_adds_up_is_the_former_loop(parts, total):
    assert adds_up(parts, total) == _former_adds_up(parts, total)
    assert adds_up(iter(parts), total) == _former_adds_up(parts, total)


@pytest.mark.parametrize("parts,total", [
    ([], None), ([], Decimal(0)), ([None, None], None), ([Decimal("0.00")], None),
    ([Decimal("1.10"), Decimal("-0.1")], Decimal("1")), ([Decimal("1")], None),
    ([None, Decimal("2.5")], Decimal("2.50")), ([Decimal("0")], Decimal("0.01"))])
def test_adds_up_examples(parts, total):
    assert adds_up(parts, total) == _former_adds_up(parts, total)


def _former_index(frame: pd.DataFrame) -> tuple[dict, dict, dict]:
    """The former Facts index: frame_rows, then each row's four fields by attrgetter."""
    import operator

    rows = frame_rows(frame)
    by_subject: dict[str, list[Any]] = {}
    by_measure: dict[Any, list[int]] = {}
    before: dict[tuple[str, str], str] = {}
    last: dict[str, str] = {}
    fields = map(operator.attrgetter("subject", "measure", "section", "text"), rows)
    for position, (row, (subject, measure, section, text)) in enumerate(
            zip(rows, fields, strict=True)):
        by_subject.setdefault(str(subject), []).append(row)
        by_measure.setdefault(measure, []).append(position)
        key = (section, text)
        if key not in before and last.get(section) != text:
            before[key] = last.get(section, "")
            last[section] = text
    return by_subject, by_measure, before


def _same_index(frame: pd.DataFrame) -> None:
    facts = Facts(frame)
    assert facts.rows == frame_rows(frame)
    by_subject, by_measure, before = _former_index(frame)
    assert facts.by_subject == by_subject
    assert facts._by_measure == by_measure and list(facts._by_measure) == list(by_measure)
    assert facts._before == before and list(facts._before) == list(before)


def test_facts_index_is_the_former_one(document):
    _same_index(document.narrative_facts)


_SENTENCES = st.tuples(st.sampled_from(["s1", "s2", None]), st.sampled_from(["a", "b", "a"]),
                       st.sampled_from(["x", "y"]), st.sampled_from(["amount", "change"]))


@settings(max_examples=200, deadline=None)
@given(st.lists(_SENTENCES, max_size=12))
def test_facts_index_of_any_order_of_sentences(rows):
    frame = pd.DataFrame(rows, columns=["section", "text", "subject", "measure"])
    frame["derived"] = False
    _same_index(frame)


def test_facts_index_of_a_duplicated_column():
    frame = pd.DataFrame([["s", "t", "x", "amount", "y"], ["s", "u", "x", "change", "z"]],
                         columns=["section", "text", "subject", "measure", "subject"])
    _same_index(frame)  # the row's field `subject` is the first column of that name
    assert Facts(frame).by_subject.keys() == {"x"}


def test_unit_slips_count_each_amount_in_yuan(document):
    found = zb.reconcile(document).attrs["checks_run_by_id"]
    in_yuan = int((document.narrative_facts["unit"] == "元").sum()) \
        if len(document.narrative_facts) else 0
    assert found[statements.UNIT_SLIP.id] == in_yuan


def test_unit_slips_judge_an_amount_in_yuan_among_amounts_in_wan():
    from zhuzhou_budget.checks import reconcile

    text = (ROOT / "data" / "raw" / "2024" / "zhuzhou-zjj-2024-final-accounts.txt")
    d = zb.load(text)
    facts = d.narrative_facts
    wan = facts[facts.unit == "万元"]
    sentence = wan.groupby("text").size()
    target = sentence[sentence >= 3].index[0]  # a sentence of three amounts or more in 万元
    row = facts.index[(facts.text == target) & (facts.unit == "万元")][-1]
    changed = facts.copy()
    changed.loc[row, "unit"] = "元"
    d.__dict__["narrative_facts"] = changed
    found = reconcile(d)
    l1 = found[found.check == statements.UNIT_SLIP.id]
    assert found.attrs["checks_run_by_id"][statements.UNIT_SLIP.id] == int(
        (changed.unit == "元").sum())
    assert int(changed.loc[row, "line"]) in set(l1.line.dropna().astype(int))


def test_summary_lines_found_once_are_the_lines(document, monkeypatch):
    import copy

    from zhuzhou_budget.checks.engine import rows
    from zhuzhou_budget.metadata.tables import SUMMARY_LINES

    ledger = Ledger(document)
    scans = []
    real = rows.line
    monkeypatch.setattr(rows, "line", lambda *a: scans.append(a) or real(*a))
    for tid, lines in SUMMARY_LINES.items():
        if (table := document.table_info.get(tid)) is None:
            continue
        for side, line_id in lines:
            found = rows.summary_line(ledger, table, side, line_id)
            assert found is real(table, side, line_id)
            before = len(scans)
            assert rows.summary_line(ledger, table, side, line_id) is found
            assert len(scans) == before  # found once per reconcile
            other = copy.deepcopy(table)  # another table of the same id: its own line
            again = rows.summary_line(ledger, other, side, line_id)
            assert again is real(other, side, line_id)
            assert (again is None) == (found is None)
