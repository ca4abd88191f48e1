"""Every real final-accounts PDF in shared/real loads completely for its template, with every
total transcribed by hand from the printed page right (read off the PDF in a viewer; the
amounts below are as printed, in 万元).

- Foshan 2019 (Guangdong): the 2019 template, eight tables; each table runs over two or more
  pages and prints its title, header rows and (coded tables) its 合计 again on every page.
- Southwest University 2023: the university template, four tables under 高等学校… titles;
  table 4 continues on its next page without title or header, on a grid of its own (the code in
  one cell there, over 类 | 款 | 项 cells on the first page).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from real_documents import cell, need

import zhuzhou_budget as zb
from zhuzhou_budget.analysis.inventory import tables_read
from zhuzhou_budget.metadata.templates import TEMPLATES

pytestmark = pytest.mark.slow

FOSHAN = "guangdong-foshan-rail-transit-2019-final-accounts.pdf"
SWU = "chongqing-southwest-university-2023-final-accounts.pdf"
D = Decimal


@pytest.fixture(scope="module")
def foshan() -> zb.Disclosure:
    return zb.load(need(FOSHAN))


@pytest.fixture(scope="module")
def swu() -> zb.Disclosure:
    return zb.load(need(SWU))


def test_foshan_is_the_2019_template_and_complete(foshan):
    assert foshan.meta.template == "national-2019"
    assert foshan.complete and foshan.problems == [] and foshan.missing_tables == []
    assert sorted(foshan.tables) == sorted(TEMPLATES["national-2019"].tables)
    assert foshan.not_in_template == ["state_capital"]
    read = tables_read(foshan).set_index("table")
    assert read.loc["state_capital", "status"] == "not_in_template"
    assert set(read.loc[list(foshan.tables), "status"]) == {"parsed"}
    # Each table printed over pages is one table: its pages, its 合计 read once.
    assert read.loc["income", "pages"] == "8–9" and read.loc["basic_expenditure", "pages"] == "17–20"


def test_foshan_totals_as_printed(foshan):
    d = foshan
    s = "income_expenditure_summary"
    assert cell(d, s, "amount", item="本年收入合计", side="income") == D("1668.14")
    assert cell(d, s, "amount", item="本年支出合计", side="expenditure") == D("1668.14")
    assert cell(d, s, "amount", item="年末结转和结余", side="expenditure") == D("0.01")
    assert cell(d, s, "amount", item="总计", side="income") == D("1668.14")
    assert cell(d, s, "amount", item="十三、交通运输支出", side="expenditure") == D("1531.04")
    # 行次 39 is printed twice in the fiscal summary (二、外交支出 and 十二、农林水支出): both rows.
    f = d.tables["fiscal_appropriation_summary"]
    assert sorted(f.loc[f["line"] == 39, "item"]) == ["二、外交支出", "十二、农林水支出"]
    inc = d.tables["income"]
    assert list(inc["level"]).count("total") == 1  # 合计 printed on pages 8 and 9, read once
    assert cell(d, "income", "total", level="total") == D("1668.14")
    assert cell(d, "income", "other", level="total") == D("0.01")
    assert cell(d, "income", "total", code="2210201") == D("60.87")  # on the second page
    assert cell(d, "expenditure", "basic", level="total") == D("746.39")
    assert cell(d, "expenditure", "project", level="total") == D("921.75")
    assert cell(d, "expenditure", "total", code="2210201") == D("60.87")
    f = "fiscal_appropriation_summary"
    assert cell(d, f, "amount", item="总计", side="income") == D("1668.14")
    assert cell(d, f, "general_budget", item="十九、住房保障支出", side="expenditure") == D("60.87")
    assert cell(d, "general_budget_expenditure", "total", level="total") == D("1668.14")
    assert cell(d, "general_budget_expenditure", "total", code="2210201") == D("60.87")
    assert cell(d, "basic_expenditure", "amount", item="人员经费合计") == D("649.20")
    assert cell(d, "basic_expenditure", "amount", item="公用经费合计") == D("97.19")
    assert cell(d, "basic_expenditure", "amount", code="31002") == D("2.54")  # page 19
    assert cell(d, "three_public", "reception", level="actual") == D("0.16")
    assert cell(d, "three_public", "total", level="budget") == D("0.00")
    assert cell(d, "government_fund", "total", level="total") == D("0.00")
    assert cell(d, "government_fund", "total", code="2296003") == D("0.00")  # page 23


def test_foshan_every_repeated_total_agrees(foshan):
    repeats = {tid: [r.agrees for r in t.repeated_rows] for tid, t in foshan.table_info.items()
               if t.repeated_rows}
    assert repeats == {"income": [True], "expenditure": [True],
                       "general_budget_expenditure": [True], "government_fund": [True]}


def test_southwest_university_is_the_university_template_and_complete(swu):
    assert swu.meta.template == "university"
    assert swu.complete and swu.problems == [] and swu.missing_tables == []
    assert sorted(swu.tables) == sorted(["income_expenditure_summary", "income", "expenditure",
                                         "fiscal_appropriation_expenditure"])
    findings = zb.reconcile(swu)
    c1 = findings[findings["check"] == "C1.tables"]
    assert set(c1["severity"]) == {"info"} and len(c1) == 6  # the national tables it lacks


def test_southwest_university_totals_as_printed(swu):
    d = swu
    s = "income_expenditure_summary"
    assert cell(d, s, "amount", item="本年收入合计", side="income") == D("430725.03")
    assert cell(d, s, "amount", item="本年支出合计", side="expenditure") == D("457676.75")
    assert cell(d, s, "amount", item="合计", side="income") == D("569496.54")
    assert cell(d, s, "amount", item="合计", side="expenditure") == D("569496.54")
    assert cell(d, s, "amount", item="上年结转和结余", side="income") == D("93660.54")
    assert cell(d, "income", "total", level="total") == D("430725.03")
    assert cell(d, "income", "fiscal_appropriation", level="total") == D("243015.38")
    assert cell(d, "income", "business", level="total") == D("136385.24")
    assert cell(d, "income", "business_tuition", level="total") == D("73648.19")
    assert cell(d, "income", "other", level="total") == D("51324.41")
    assert cell(d, "income", "superior_subsidy", level="total") is None  # printed blank
    assert cell(d, "expenditure", "total", level="total") == D("457676.75")
    assert cell(d, "expenditure", "basic", level="total") == D("359781.59")
    assert cell(d, "expenditure", "project", level="total") == D("97895.15")
    f = "fiscal_appropriation_expenditure"
    assert cell(d, f, "total", level="total") == D("237100.00")
    assert cell(d, f, "basic", level="total") == D("199015.13")
    assert cell(d, f, "project", level="total") == D("38084.87")
    assert cell(d, f, "capital_construction", level="total") == D("6894.90")
    # Page 15 continues table 4 on a grid of its own: each cell on its own column.
    assert cell(d, f, "project", code="2060204") == D("1707.93")
    assert cell(d, f, "capital_construction", code="2060204") == D("1357.93")
    assert cell(d, f, "basic", code="2060204") is None
    assert cell(d, f, "total", code="2210201") == D("7448.44")


def test_southwest_university_has_no_false_error(swu):
    findings = zb.reconcile(swu)
    assert findings[findings["severity"] == "error"].empty
