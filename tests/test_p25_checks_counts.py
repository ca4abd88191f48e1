"""The checks that count their equal comparisons at once (W1, W2–W5 sums, A6, C7, L10) count
as many as they compare one by one: one per parent and column (W1), per row (sums), per code
and column (A6), per printed line (C7, L10) — on the seed text and a fixture with findings.
And a row's label read through the cache is the label with its spaces taken out."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

import zhuzhou_budget as zb
from zhuzhou_budget.checks import completeness
from zhuzhou_budget.checks.engine.ledger import Ledger
from zhuzhou_budget.checks.engine.rows import label
from zhuzhou_budget.checks.engine.text import printed
from zhuzhou_budget.checks.within import CODED_TABLES, HIERARCHY, hierarchy


@pytest.fixture
def document(checked_document: zb.Disclosure) -> zb.Disclosure:
    """The seed and six text fixtures (conftest.CHECKED_DOCUMENTS)."""
    return checked_document


def _hierarchy_comparisons(table) -> int:
    coded = [r for r in table.records if r.code]
    totals = [r for r in table.records if r.level == "total"]
    classes = [r for r in coded if len(r.code) == 3]
    parents = [p for p in coded if any(k.code[:-2] == p.code for k in coded)]
    return len(table.column_ids) * ((len(totals) if classes else 0) + len(parents))


def test_w1_counts_every_comparison(document):
    for tid in CODED_TABLES:
        if (table := document.table_info.get(tid)) is None:
            continue
        ledger = Ledger(document)
        hierarchy(ledger, table)
        assert ledger.comparisons[HIERARCHY.id] == _hierarchy_comparisons(table)


def test_the_checks_count_per_line_and_per_row(document):
    found = zb.reconcile(document).attrs["checks_run_by_id"]
    ledger = Ledger(document)
    lines = printed(ledger)
    department = int(completeness._LEFTOVERS.search(document.meta.department) is not None)
    assert found["C7.placeholders"] == len(lines) + department
    assert found["L10.doubled"] == sum(k in ("narrative", "text", "note") for k, _ in lines)
    exp = document.table_info.get("expenditure")
    if exp is not None and "general_budget_expenditure" in document.table_info:
        codes = {r.code for r in exp.records if r.code}
        totals = 3 if any(r.level == "total" for r in exp.records) else 0
        assert found["A6.fiscal_within_expenditure"] == 3 * len(codes) + totals


@pytest.mark.parametrize("item", ["本年收入合计", " 本 年\u3000收入 合计 ", "", "a\tb\nc"])
def test_labels_read_through_the_cache(item):
    import re

    assert label(SimpleNamespace(item=item)) == re.sub(r"\s", "", item)
