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
    return narrative_facts(sections, {}, read_performance(sections, {}))


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


# ---- headings, contents and reflow: one fixture per rule -------------------------------------

def _sections(tmp_path, text: str):
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    return split_sections(read_lines(path), set())


def test_a_part_title_wrapped_over_two_lines_is_one_heading(tmp_path):
    secs = _sections(tmp_path, "第三部分上海市普陀区财政局2024年度部门决算情况\n说明\n"
                               "一、收入支出决算总体情况说明\n收入支出总计100.00万元。\n")
    assert list(secs) == ["第三部分上海市普陀区财政局2024年度部门决算情况说明",
                          "一、收入支出决算总体情况说明"]
    assert secs["一、收入支出决算总体情况说明"].part.endswith("情况说明")


def test_a_numbered_sentence_is_not_a_heading(tmp_path):
    secs = _sections(tmp_path, "第一部分 概况\n一、主要职能\n"
                               "（三）逐步建立全面规范透明的预算制度，健全包括一般\n"
                               "公共预算在内的政府预算管理体系。\n"
                               "第四部分 名词解释\n一、财政拨款收入：指单位本年度取得的财政拨款。\n")
    assert list(secs) == ["第一部分 概况", "一、主要职能", "第四部分 名词解释"]
    assert len(secs["一、主要职能"].lines) == 2


def test_the_table_of_contents_is_never_body(tmp_path):
    # The body prints no 第二部分 heading (its tables carry their own titles): the contents'
    # 第二部分 entry must not start the body.
    secs = _sections(tmp_path, "目 录\n第一部分 概况\n一、主要职能\n第二部分 部门决算表\n"
                               "一、收入支出决算总表\n第三部分 情况说明\n一、收入决算情况说明\n"
                               "第一部分 概况\n一、主要职能\n职能正文。\n第三部分 情况说明\n"
                               "一、收入决算情况说明\n本年收入合计10.00万元。\n")
    assert list(secs) == ["第一部分 概况", "一、主要职能", "第三部分 情况说明",
                          "一、收入决算情况说明"]
    assert secs["一、收入决算情况说明"].lines == [(13, "本年收入合计10.00万元。")]


@pytest.mark.parametrize("reported,box,expected", [
    (12.0, 11.2, 12.0),   # agrees with a CJK character's box
    (12.0, 22.3, 12.0),   # a digit's loose box is twice as tall: still 12
    (300.0, 15.8, 15.8),  # an absurd reported size: the box decides
    (0.0, 10.0, 10.0),
])
def test_type_size_from_the_glyph_box_where_the_reported_size_is_absurd(reported, box, expected):
    from zhuzhou_budget.extract.pdf import type_size

    assert type_size(reported, box) == expected
