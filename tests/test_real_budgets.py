"""Every real budget PDF in shared/real loads as a budget (部门预算) for its template, with the
totals transcribed by hand from the printed page right. The amounts below were read off each
page with pdfplumber's extract_text (independent of this package's PDF route), in 万元.

- Changsha 2026 (Hunan): eight tables; the ruled tables are drawn inside a frame that spans
  the page, with the title and 单位 line inside it (the frame is not a row).
- Guangzhou 2026 (Guangdong): ten tables parsed, two (by unit, by project) listed; codes in
  brackets ([201]…), 三公 with 行政经费 printed as rows by fund type.
- Southwest University 2024: the university budget template, four tables.
- Jiangsu 2019 (High Court, CPPCC office): recognised as the Jiangsu template; the tables
  whose amounts wrap into a cell of their own are not read yet (see the problems asserted).
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


def test_jiangsu_budgets_are_recognised_as_the_jiangsu_template():
    for name in ("jiangsu-high-court-2019-budget.pdf",
                 "jiangsu-cppcc-office-2019-budget-tables.pdf"):
        d = zb.load(need(name))
        assert d.meta.kind == "部门预算" and d.meta.template == "budget-jiangsu"
        assert "budget_expenditure" in d.tables and "budget_three_public" in d.tables
