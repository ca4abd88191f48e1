"""The national template's narrative phrasing (as the Shanghai documents print it), read by the
transform stage from sections alone: a fixture of its own, transcribed from pages 21–24 of the
real 2024 final accounts of 上海市普陀区财政局 (tests/data/national/narrative_putuo_2024.txt)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from conftest import ROOT

from zhuzhou_budget.extract.lines import read_lines
from zhuzhou_budget.extract.sections import split_sections
from zhuzhou_budget.transform.budget_execution import budget_execution
from zhuzhou_budget.transform.narrative import narrative_facts
from zhuzhou_budget.transform.paragraphs import explanation_sections
from zhuzhou_budget.transform.performance import read_performance

FIXTURE = ROOT / "tests" / "data" / "national" / "narrative_putuo_2024.txt"


@pytest.fixture(scope="module")
def sections():
    return split_sections(read_lines(FIXTURE), set())


@pytest.fixture(scope="module")
def facts(sections):
    return narrative_facts(sections, {}, read_performance(sections, {}).facts)


def _one(facts, subject: str, measure: str):
    rows = facts[(facts.subject == subject) & (facts.measure == measure)]
    assert len(rows) == 1, (subject, measure, rows)
    return rows.iloc[0]


def test_a_grouping_section_stands_for_its_known_subsections(sections):
    kinds = [k for k, _ in explanation_sections(sections)]
    assert kinds == ["overall", "income", "expenditure", "general_budget", "admin_costs",
                     "procurement"]


def test_income_and_expenditure_with_shares(facts):
    assert _one(facts, "income.total", "amount").value_wan == D("2946.25")
    assert _one(facts, "income.fiscal_appropriation", "amount").value_wan == D("2940.05")
    share = _one(facts, "income.fiscal_appropriation", "share")
    assert (share.value, share.basis) == (D("99.79"), "income.total")
    assert _one(facts, "income.other", "share").value == D("0.21")
    assert _one(facts, "expenditure.project", "amount").value_wan == D("603.14")
    assert _one(facts, "expenditure.basic", "share").value == D("79.49")


def test_total_with_its_change_on_the_prior_year(facts):
    assert _one(facts, "income_expenditure.total", "amount").value_wan == D("2995.39")
    change = _one(facts, "income_expenditure.total", "change")
    assert change.value_wan == D("-56.95")
    assert _one(facts, "income_expenditure.total", "growth_rate").value == D("-1.87")
    assert _one(facts, "income_expenditure.total", "prior_year_implied").value_wan == D("3052.34")


def test_budget_execution_items_in_the_national_phrasing(sections):
    be = budget_execution(sections, {})
    assert list(be["item_name"]) == ["行政运行", "一般行政管理事务"]
    assert list(be["budget_initial"]) == [D("1560.05"), D("10.00")]
    assert list(be["stated_actual"]) == [D("1511.89"), D("10.00")]
    assert list(be["direction"]) == ["小于", "持平"]
    assert be.iloc[0]["reason"] == "人员进出及退休变化，减少人员经费开支"
    assert list(be["no"]) == [1, 2]


def test_other_matters_subsections_read_with_their_own_words(facts):
    assert _one(facts, "admin_costs", "amount").value_wan == D("184.65")
    assert _one(facts, "admin_costs", "change").value_wan == D("2.55")
    assert _one(facts, "admin_costs", "growth_rate").value == D("1.40")
    assert _one(facts, "procurement.goods", "amount").value_wan == D("4.79")
    assert _one(facts, "procurement.services", "amount").value_wan == D("246.47")
    total = _one(facts, "procurement.total", "amount")
    assert total.value_wan == D("251.25")  # 政府采购金额（以合同签订为准）为 251.25 万元


def test_general_budget_total_execution(facts):
    assert _one(facts, "general_budget.total", "budget_initial").value_wan == D("2993.92")
    assert _one(facts, "general_budget.total", "actual").value_wan == D("2940.05")
    rate = _one(facts, "general_budget.total", "completion_rate")
    assert (rate.value, rate.basis) == (D("98.20"), "budget_initial")
    assert not (facts.subject == "unattributed").any()
