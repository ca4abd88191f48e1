"""A budget's narrative facts (issue 21 §1): 收入预算总计 / 支出预算总计 and their change on the
previous year, read from the budget's own wording (lexicon `overall`, budgets only) in the
part 部门预算(公开)说明. The fixture is the derived Zhuzhou budget
(tests/data/zhuzhou-zjj-2024-budget-derived.txt) with its one narrative sentence replaced by
the budget wording below; the real Changsha 2026 budget states "收入较去年增加 54.13 万元，
上升 2.88%" (page 6)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import ROOT
from real_documents import need

import zhuzhou_budget as zb

D = Decimal
BUDGET = ROOT / "tests" / "data" / "zhuzhou-zjj-2024-budget-derived.txt"
SENTENCE = "2024年一般公共预算支出预算12300.55万元。"
WORDING = ("2024年收入预算总计12300.55万元，比上年增加320.00万元，增长2.67%。"
           "支出预算总计12300.55万元，比上年减少15.50万元。")


def _facts(frame, prefix="budget_"):
    rows = frame[frame["subject"].str.startswith(prefix)]
    return [(r.subject, r.measure, r.value, r.unit) for r in rows.itertuples()]


def test_budget_totals_and_their_change(tmp_path):
    text = BUDGET.read_text(encoding="utf-8")
    assert text.count(SENTENCE) == 1
    path = tmp_path / "budget.txt"
    path.write_text(text.replace(SENTENCE, WORDING), encoding="utf-8")
    d = zb.load(path)
    assert _facts(d.narrative_facts) == [
        ("budget_income.total", "budget", D("12300.55"), "万元"),
        ("budget_income.total", "change", D("320.00"), "万元"),
        ("budget_income.total", "growth_rate", D("2.67"), "%"),
        ("budget_expenditure.total", "budget", D("12300.55"), "万元"),
        ("budget_expenditure.total", "change", D("-15.50"), "万元"),
    ]
    assert set(d.narrative_facts["section"]) == {"一、部门收支总体情况"}


def test_a_final_account_is_not_read_with_the_budget_words(d2024):
    assert _facts(d2024.narrative_facts) == []


@pytest.mark.slow
def test_changsha_2026_budget_states_its_income_change():
    d = zb.load(need("hunan-changsha-petition-bureau-2026-budget.pdf"))
    nf = d.narrative_facts
    line = nf[(nf["subject"] == "budget_income.total") & (nf["measure"] != "budget")]
    assert [(r.measure, r.value, r.unit) for r in line.itertuples()] == [
        ("change", D("54.13"), "万元"), ("growth_rate", D("2.88"), "%")]
    assert "收入较去年增加 54.13 万元，上升 2.88%" in line.iloc[0]["text"]
    # The sources it lists are theirs, not the total's: 上级补助收入 0.00 万元.
    src = nf[nf["subject"] == "budget_income.superior_subsidy"]
    assert list(src["value"]) == [D("0.00")]
    assert (zb.reconcile(d)["severity"] == "error").sum() == 0
