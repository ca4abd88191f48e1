"""Every real budget PDF in shared/real loads as a budget (部门预算) for its template, with the
totals transcribed by hand from the printed page right. The amounts below were read off each
page with pdfplumber's extract_text (independent of this package's PDF route), in 万元.

- Changsha 2026 (Hunan): eight tables; the ruled tables are drawn inside a frame that spans
  the page, with the title and 单位 line inside it (the frame is not a row).
- Guangzhou 2026 (Guangdong): ten tables parsed, two (by unit, by project) listed; codes in
  brackets ([201]…), 三公 with 行政经费 printed as rows by fund type.
- Southwest University 2024: the university budget template, four tables.
- Jiangsu 2019 (High Court, CPPCC office): eleven tables; the summary in three blocks
  (income | by function | by use), the income table's sources printed as rows, amounts
  printed a column beside their heading or on a line of their own, 公开NN表 above titles.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from real_documents import cell, need

import zhuzhou_budget as zb

pytestmark = pytest.mark.slow

D = Decimal


@pytest.fixture(scope="module")
def changsha() -> zb.Disclosure:
    return zb.load(need("hunan-changsha-petition-bureau-2026-budget.pdf"))


@pytest.fixture(scope="module")
def guangzhou() -> zb.Disclosure:
    return zb.load(need("guangdong-guangzhou-statistics-bureau-2026-budget.pdf"))


@pytest.fixture(scope="module")
def swu() -> zb.Disclosure:
    return zb.load(need("chongqing-southwest-university-2024-budget.pdf"))


def _errors(d):
    f = zb.reconcile(d)
    return f[f["severity"] == "error"]


def test_changsha_is_a_complete_hunan_budget(changsha):
    d = changsha
    assert d.meta.kind == "部门预算" and d.meta.template == "budget-hunan"
    assert d.complete and d.not_in_template == ["budget_state_capital"]
    s = "budget_income_expenditure_summary"
    assert cell(d, s, "amount", item="一、本级财政拨款收入", side="income") == D("1935.36")
    assert cell(d, s, "amount", item="收入总计", side="income") == D("1935.36")
    assert cell(d, s, "amount", item="一、基本支出", side="expenditure") == D("1517.95")
    assert cell(d, s, "amount", item="二、项目支出", side="expenditure") == D("417.41")
    assert cell(d, "budget_income", "total", level="total") == D("1935.36")
    assert cell(d, "budget_income", "general_budget", code="2014004") == D("417.41")
    # The 款 row printed with its 款 part alone (40 under 类 201): 20140 信访事务.
    assert cell(d, "budget_income", "total", code="20140") == D("1935.36")
    assert cell(d, "budget_general_expenditure", "basic", code="20140") == D("1517.95")
    assert cell(d, "budget_expenditure", "project", code="20140") == D("417.41")
    assert cell(d, "budget_expenditure", "basic", code="2014001") == D("1517.95")
    assert cell(d, "budget_general_expenditure", "project", level="total") == D("417.41")
    b = "budget_basic_expenditure"
    assert cell(d, b, "personnel", level="total") == D("1394.97")
    assert cell(d, b, "public", level="total") == D("122.98")
    assert cell(d, b, "total", code="30228") == D("17.10")  # on the second page
    t = "budget_three_public"
    assert cell(d, t, "total", level="budget") == D("8.00")
    assert cell(d, t, "reception", level="budget") == D("3.00")
    assert cell(d, t, "vehicle_operation", level="budget") == D("5.00")
    assert d.tables["budget_government_fund"].empty  # printed empty, with its note
    assert _errors(d).empty


def test_changsha_narrative_reads_whole_numbers_in_order(changsha):
    """Pages 5-6 set the 情况说明 over invisible white boxes (no rulings anyone can see):
    each paragraph is one line, its numbers whole, and the totals and the change on last
    year the text states are facts (they were cut to `1935.\t36` and `年本` before)."""
    nf = changsha.narrative_facts

    def facts(subject: str) -> set[tuple[str, D]]:
        rows = nf[nf["subject"] == subject]
        return {(m, v) for m, v in zip(rows["measure"], rows["value"], strict=True)}

    assert {("budget", D("1935.36")), ("change", D("54.13")),
            ("growth_rate", D("2.88"))} <= facts("budget_income.total")
    assert {("budget", D("1935.36")), ("change", D("54.13")), ("growth_rate", D("2.88")),
            ("prior_year_implied", D("1881.23"))} <= facts("budget_expenditure.total")
    assert ("amount", D("1935.36")) in facts("budget_income.general_budget")
    assert ("amount", D("0.00")) in facts("budget_income.carryover")
    assert not nf["text"].str.contains("\t").any()
    income = nf[nf["subject"] == "budget_income.total"].iloc[0]["text"]
    assert income.startswith("2026 年本单位收入预算 1935.36 万元，其中，一般公共预算拨款 "
                             "1935.36 万元，")


def test_guangzhou_is_a_complete_guangdong_budget(guangzhou):
    d = guangzhou
    assert d.meta.kind == "部门预算" and d.meta.template == "budget-guangdong"
    assert d.complete
    s = "budget_income_expenditure_summary"
    assert cell(d, s, "amount", item="一、预算拨款", side="income") == D("9433.72")
    assert cell(d, s, "amount", item="本年收入合计", side="income") == D("9483.72")
    assert cell(d, s, "amount", item="十九、住房保障支出", side="expenditure") == D("764.12")
    assert cell(d, "budget_income", "other", level="total") == D("50.00")
    assert cell(d, "budget_expenditure", "project", level="total") == D("1082.05")
    assert cell(d, "budget_general_expenditure", "total", code="2010501") == D("6453.03")
    assert cell(d, "budget_basic_expenditure", "total", code="31007") == D("5.00")
    assert cell(d, "budget_project_economic", "total", level="total") == D("1032.05")
    t = "budget_three_public"
    assert cell(d, t, "admin", level="budget") == D("839.21")
    assert cell(d, t, "total", level="budget") == D("19.86")
    assert cell(d, t, "overseas", level="budget") == D("5.00")
    assert cell(d, t, "reception", level="budget") == D("8.16")
    assert _errors(d).empty


def test_southwest_university_budget_is_the_university_template(swu):
    d = swu
    assert d.meta.kind == "部门预算" and d.meta.template == "budget-university"
    assert d.complete
    s = "budget_income_expenditure_summary"
    assert cell(d, s, "amount", item="收入总计", side="income") == D("582276.35")
    assert cell(d, s, "amount", item="本年支出合计", side="expenditure") == D("486554.95")
    assert cell(d, "budget_expenditure", "total", level="total") == D("486554.95")
    assert cell(d, "budget_fiscal_expenditure", "basic", level="total") == D("207010.97")
    # The income table prints one row of amounts under its headings, with no 合计 label
    # (p.9: 445,059.97 | 244,675.66 | 141,934.81 | 86,701.51 | 58,449.50): its total row.
    i = "budget_income"
    assert cell(d, i, "total", level="total") == D("445059.97")
    assert cell(d, i, "general_budget", level="total") == D("244675.66")
    assert cell(d, i, "business", level="total") == D("141934.81")
    assert cell(d, i, "business_tuition", level="total") == D("86701.51")
    assert cell(d, i, "other", level="total") == D("58449.50")
    assert cell(d, i, "superior_subsidy", level="total") is None  # printed blank
    # The summary's 本年收入合计 (no 上年结转 column in the income table) is that total.
    assert cell(d, s, "amount", item="本年收入合计", side="income") == D("445059.97")
    assert _errors(d).empty


@pytest.fixture(scope="module")
def high_court() -> zb.Disclosure:
    return zb.load(need("jiangsu-high-court-2019-budget.pdf"))


@pytest.fixture(scope="module")
def cppcc() -> zb.Disclosure:
    return zb.load(need("jiangsu-cppcc-office-2019-budget-tables.pdf"))


def test_jiangsu_budgets_are_recognised_as_the_jiangsu_template(high_court, cppcc):
    for d in (high_court, cppcc):
        assert d.meta.kind == "部门预算" and d.meta.template == "budget-jiangsu"
        assert d.complete and d.not_in_template == ["budget_state_capital"]


def test_jiangsu_high_court_budget(high_court):
    d = high_court
    # The summary's three blocks (p.8): income; expenditure by function class (amount) and
    # by use (by_use), each summing to the total printed in the last column.
    s = "budget_income_expenditure_summary"
    assert cell(d, s, "amount", item="一、财政拨款", side="income") == D("37188.34")
    assert cell(d, s, "amount", item="当年收入小计", side="income") == D("37188.34")
    assert cell(d, s, "amount", item="收入合计", side="income") == D("37188.34")
    assert cell(d, s, "amount", item="四、公共安全支出", side="expenditure") == D("27488.23")
    assert cell(d, s, "amount", item="八、社会保障和就业支出", side="expenditure") == D("2355.65")
    assert cell(d, s, "amount", item="十八、住房保障支出", side="expenditure") == D("7344.46")
    assert cell(d, s, "by_use", item="一、基本支出", side="expenditure") == D("21968.00")
    assert cell(d, s, "by_use", item="二、项目支出", side="expenditure") == D("10208.94")
    assert cell(d, s, "by_use", item="三、单位预留机动经费", side="expenditure") == D("5011.40")
    assert cell(d, s, "amount", item="当年支出小计", side="expenditure") == D("37188.34")
    assert cell(d, s, "amount", item="支出合计", side="expenditure") == D("37188.34")
    # A wrapped label is one line (七、文化旅游体育与传媒支 / 出).
    assert cell(d, s, "amount", item="七、文化旅游体育与传媒支出", side="expenditure") is None
    # 收入预算总表 (p.9): its sources printed as rows.
    assert cell(d, "budget_income", "total", level="total") == D("37188.34")
    assert cell(d, "budget_income", "general_budget", level="total") == D("37188.34")
    assert cell(d, "budget_income", "government_fund", level="total") is None
    e = "budget_expenditure"  # one row of amounts, each a column left of its heading
    assert cell(d, e, "total", level="total") == D("37188.34")
    assert cell(d, e, "basic", level="total") == D("21968.00")
    assert cell(d, e, "project", level="total") == D("10208.94")
    assert cell(d, e, "reserve", level="total") == D("5011.40")
    # The economic and function tables whose 合计 and 类 amounts sit in a column of their
    # own, or on a line of their own (pp.11–13, 15).
    for t in ("budget_fiscal_basic_expenditure", "budget_basic_expenditure"):
        assert cell(d, t, "total", level="total") == D("21968.00")
        assert cell(d, t, "total", code="301") == D("16324.07")
        assert cell(d, t, "total", code="302") == D("3580.05")
        assert cell(d, t, "total", code="303") == D("2063.88")
        assert cell(d, t, "total", code="30101") == D("2827.41")
    g = "budget_general_expenditure"
    assert cell(d, g, "total", level="total") == D("37188.34")
    assert cell(d, g, "total", code="204") == D("27488.23")
    assert cell(d, g, "total", code="208") == D("2355.65")
    assert cell(d, g, "total", code="221") == D("7344.46")
    assert cell(d, g, "total", code="2040501") == D("17279.29")
    assert cell(d, "budget_admin_costs", "total", level="total") == D("3580.05")
    assert cell(d, "budget_admin_costs", "total", code="302") == D("3580.05")
    assert cell(d, "budget_admin_costs", "total", code="30201") == D("315.00")
    assert d.table_info["budget_general_expenditure"].number == "07"  # printed above it
    assert _errors(d).empty


def test_jiangsu_cppcc_budget(cppcc):
    d = cppcc
    s = "budget_income_expenditure_summary"
    assert cell(d, s, "amount", item="一、财政拨款", side="income") == D("13297.11")
    assert cell(d, s, "amount", item="三、其他资金", side="income") == D("80.00")
    assert cell(d, s, "amount", item="当年收入小计", side="income") == D("13377.11")
    assert cell(d, s, "amount", item="一、一般公共服务支出", side="expenditure") == D("10271.56")
    assert cell(d, s, "amount", item="八、社会保障和就业支出", side="expenditure") == D("858.51")
    assert cell(d, s, "amount", item="十八、住房保障支出", side="expenditure") == D("2247.04")
    assert cell(d, s, "by_use", item="一、基本支出", side="expenditure") == D("6522.75")
    assert cell(d, s, "by_use", item="二、项目支出", side="expenditure") == D("4968.34")
    assert cell(d, s, "by_use", item="三、单位预留机动经费", side="expenditure") == D("1886.02")
    assert cell(d, s, "amount", item="支出合计", side="expenditure") == D("13377.11")
    i = "budget_income"
    assert cell(d, i, "total", level="total") == D("13377.11")
    assert cell(d, i, "general_budget", level="total") == D("13297.11")
    assert cell(d, i, "other", level="total") == D("80.00")
    assert cell(d, i, "business", level="total") is None
    e = "budget_expenditure"
    assert cell(d, e, "total", level="total") == D("13377.11")
    assert cell(d, e, "basic", level="total") == D("6522.75")
    assert cell(d, e, "project", level="total") == D("4968.34")
    assert cell(d, e, "reserve", level="total") == D("1886.02")
    b = "budget_fiscal_basic_expenditure"
    assert cell(d, b, "total", level="total") == D("6442.75")
    assert cell(d, b, "total", code="301") == D("4367.96")
    assert cell(d, b, "total", code="302") == D("1130.74")
    assert cell(d, b, "total", code="30309") == D("0.50")
    assert cell(d, "budget_admin_costs", "total", level="total") == D("1130.74")
    assert _errors(d).empty
    findings = zb.reconcile(d)
    assert findings[findings["severity"] == "warning"].empty  # 公开NN表 read as printed


def test_a_budgets_headline_figures_are_its_planned_totals(changsha):
    # The same function as for final accounts (analysis.headline), on the budget's tables:
    # 收入/支出预算总计 1,935.36, 基本 1,517.95 + 项目 417.41, 三公 8.00; no actuals.
    from zhuzhou_budget.analysis import headline

    figures = headline.of_facts(changsha.facts)
    assert figures == {"income_total": Decimal("1935.36"),
                       "expenditure_total": Decimal("1935.36"),
                       "expenditure_basic": Decimal("1517.95"),
                       "expenditure_project": Decimal("417.41"),
                       "project_share_pct": Decimal("21.6"),  # 417.41 / 1935.36
                       "three_public_budget": Decimal("8.00"), "three_public_actual": None}
