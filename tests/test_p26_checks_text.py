"""The checks' shared reads done once, held to the former way on every text document:
`printed` and `explanation_lines` read in one pass, the facts' index read by attrgetter,
the stated amounts judged without the tolerance of an equal amount, and a stated rate
compared with `percent` before its tolerance is worked out."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import readable_documents
from hypothesis import given, settings
from hypothesis import strategies as st

from zhuzhou_budget.checks.engine import text
from zhuzhou_budget.checks.engine.facts import Facts, index
from zhuzhou_budget.checks.engine.ledger import Ledger
from zhuzhou_budget.checks.engine.stated import stated_amounts
from zhuzhou_budget.checks.engine.text import EXPLANATION_PART, Quote
from zhuzhou_budget.rounding import half_unit, narrative_amount, percent, ratio_percent, severity

DOCUMENTS = list(readable_documents())


def _printed_former(d) -> list:
    """`printed` as it was (its own pass): the oracle."""
    out = []
    for t in d.table_info.values():
        out.append(("title", Quote("", t.title_line, t.title)))
        out += [("title", Quote("", t.title_line, h)) for h in t.headers]
        if t.department:
            out.append(("department", Quote("", t.title_line, t.department)))
        out += [("note", Quote("", t.title_line, n)) for n in [*t.notes, t.explanation] if n]
    for sec in d.sections.values():
        out.append((("title" if sec.level <= 1 else "text"),
                    Quote(sec.key, sec.start_line, sec.heading)))
        kind = "narrative" if EXPLANATION_PART in sec.part and sec.level else "text"
        out += [(kind, Quote(sec.key, no, line)) for no, line in sec.lines]
    return list(dict.fromkeys(out))


def _explanation_former(d) -> list:
    return [Quote(sec.key, no, line) for sec in d.sections.values()
            if EXPLANATION_PART in sec.part and sec.level for no, line in sec.lines]


@pytest.mark.parametrize(("path", "d"), DOCUMENTS, ids=[p.name for p, _ in DOCUMENTS])
def test_printed_and_explanation_lines_are_the_former_passes(path, d):
    ledger = Ledger(d)
    lines = text.explanation_lines(ledger)  # asked first: both read in the one pass
    assert text.printed(ledger) == _printed_former(d)
    assert lines == _explanation_former(d)
    assert text.printed(Ledger(d)) == _printed_former(d)  # and asked the other way round
    assert text.explanation_lines(ledger) is lines  # once per reconcile


def test_the_documents_have_explanation_lines():
    # The comparison above is not vacuous: the seed documents print a 情况说明.
    assert sum(bool(_explanation_former(d)) for _, d in DOCUMENTS) >= 3


@pytest.mark.parametrize(("path", "d"), DOCUMENTS, ids=[p.name for p, _ in DOCUMENTS])
def test_facts_index_is_the_former_loop(path, d):
    facts = Facts(d.narrative_facts)
    by_subject: dict = {}
    by_measure: dict = {}
    before: dict = {}
    last: dict = {}
    for position, row in enumerate(facts.rows):  # the former loop, attribute by attribute
        by_subject.setdefault(str(row.subject), []).append(row)
        by_measure.setdefault(row.measure, []).append(position)
        key = (row.section, row.text)
        if key not in before and last.get(row.section) != row.text:
            before[key] = last.get(row.section, "")
            last[row.section] = row.text
    assert facts.by_subject == by_subject
    assert facts._by_measure == by_measure
    assert facts._before == before


@pytest.mark.parametrize(("path", "d"), DOCUMENTS, ids=[p.name for p, _ in DOCUMENTS])
def test_stated_amounts_judged_as_before(path, d):
    ledger = Ledger(d)
    index(ledger)
    for s in stated_amounts(ledger):
        if s.slip or s.cell is None:
            continue
        # The former verdict: the tolerance of every amount, then the severity.
        tol = (half_unit(narrative_amount(s.fact.value) if s.fact.unit != "元" else None)
               + half_unit(s.cell))
        assert s.difference == s.value - s.cell
        assert s.level == severity(s.difference, tol)
        assert s.tolerance == (None if s.difference == 0 else tol)


_amount = st.decimals(min_value=Decimal("-100000"), max_value=Decimal("100000"), places=2,
                      allow_nan=False, allow_infinity=False)


@settings(max_examples=200, deadline=None)
@given(_amount, _amount.filter(lambda v: v != 0), st.lists(_amount, max_size=3),
       st.lists(_amount, max_size=3))
def test_percent_is_ratio_percents_value(num, den, num_terms, den_terms):
    assert percent(num, den) == ratio_percent(num, den, num_terms, den_terms)[0]
    assert str(percent(num, den)) == str(ratio_percent(num, den)[0])
