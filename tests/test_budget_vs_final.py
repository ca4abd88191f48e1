"""A budget beside the final accounts of the same year (issue 21 §3): the pair fixture is a
budget derived for Zhuzhou 2024 from the 年初预算 its final accounts state
(scripts/make_budget_pair_fixture.py, tests/data/zhuzhou-zjj-2024-budget-derived.txt), with one
published figure planted to disagree (2120101 行政运行 4,700.00 against the 4,678.67 stated).
The expected values are read off the 2024 text: "年初预算为 457.87 万元，支出决算为 453.05 万元"
(2080501), 三公 预算数 88.49 and 决算数 64.45 (公开09表)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import ROOT

import zhuzhou_budget as zb
from zhuzhou_budget.analysis.budget_vs_final import (
    NotAPair,
    budget_vs_final,
    disagreements,
    pefa,
)

D = Decimal
BUDGET = ROOT / "tests" / "data" / "zhuzhou-zjj-2024-budget-derived.txt"


@pytest.fixture(scope="module")
def pair(d2024):
    budget = zb.load(BUDGET)
    return d2024, budget, budget_vs_final(d2024, budget)


def _line(frame, code):
    rows = frame[frame["code"] == code]
    assert len(rows) == 1, code
    return rows.iloc[0]


def test_the_derived_budget_is_a_budget(pair):
    _, budget, _ = pair
    assert budget.meta.kind == "部门预算" and budget.meta.year == 2024


def test_lines_side_by_side(pair):
    _, _, frame = pair
    r = _line(frame, "2080501")
    assert (r["level"], r["item"]) == ("项", "行政单位离退休")
    assert (r.published_budget, r.stated_budget, r.actual) == (D("457.87"), D("457.87"),
                                                                D("453.05"))
    assert r.variance == D("-4.82") and r.rate_pct == D("98.9")
    assert r.stated_matches_published is True
    r = _line(frame, "20805")  # a 款 printed with its 款 part alone (类 column blank)
    assert (r.published_budget, r.actual) == (D("1668.87"), D("1860.10"))
    total = frame[frame["level"] == "total"].iloc[0]
    assert total.published_budget == D("12300.55") and total.actual == D("22393.85")
    tp = _line(frame, "total")
    assert (tp.fund, tp.published_budget, tp.stated_budget, tp.actual) == (
        "三公经费", D("88.49"), D("88.49"), D("64.45"))


def test_a_budget_restated_otherwise_is_a_finding(pair):
    _, _, frame = pair
    found = disagreements(frame)
    assert list(found["code"]) == ["2120101"]
    row = found.iloc[0]
    assert (row.published_budget, row.stated_budget, row.difference, row.severity) == (
        D("4700.00"), D("4678.67"), D("-21.33"), "warning")
    assert _line(frame, "2120101").stated_matches_published is False


def test_pefa_from_the_published_budget(pair):
    _, _, frame = pair
    result = pefa(frame)
    assert result["pi1"]["budget"] == D("12300.55") and result["pi1"]["actual"] == D("22393.85")
    assert result["pi1"]["pi1_pct"] == D("182.1") and result["pi1"]["band"] == "D"
    assert result["pi2"] is not None and result["pi2"].band in {"A", "B", "C", "D"}


def test_only_a_pair_of_one_department_and_year(d2024):
    with pytest.raises(NotAPair, match="expected a final account and a budget"):
        budget_vs_final(d2024, d2024)


def test_a_line_one_document_does_not_print_is_blank_there(tmp_path, d2024):
    # The budget without its 2080502 line: that line's published budget is blank, never 0.
    text = BUDGET.read_text(encoding="utf-8")
    line = "208\t05\t02\t事业单位离退休\t94.03\n"
    assert text.count(line) == 1
    path = tmp_path / "budget.txt"
    path.write_text(text.replace(line, ""), encoding="utf-8")
    r = _line(budget_vs_final(d2024, zb.load(path)), "2080502")
    assert r.published_budget is None and r.actual == D("111.66")
    assert r.variance is None and r.rate_pct is None and r.stated_matches_published is None


def test_headline_lines_put_the_budgets_expenditure_table_beside_the_final_accounts(d2024):
    # A budget that prints its 支出预算表 with 基本/项目 (as every real budget in shared/real
    # does): the headline lines carry both sides, the variance and the rate.
    import dataclasses

    import pandas as pd

    budget = zb.load(BUDGET)
    printed = pd.DataFrame([{"code": "", "item": "合计", "level": "total",
                             "total": D("20000.00"), "basic": D("11000.00"),
                             "project": D("9000.00")}])
    general = budget.tables["budget_general_expenditure"].copy()
    general.loc[general["level"] == "total", ["basic", "project"]] = [D("10900.00"),
                                                                      D("1400.55")]
    tables = {**budget.tables, "budget_expenditure": printed,
              "budget_general_expenditure": general}
    frame = budget_vs_final(d2024, dataclasses.replace(budget, tables=tables))
    line = _line(frame, "expenditure_total")
    assert (line.fund, line.level, line["item"], line.published_budget, line.actual,
            line.variance, line.rate_pct) == ("部门支出", "headline", "本年支出合计",
                                              D("20000.00"), D("22396.43"), D("2396.43"),
                                              D("112.0"))
    assert _line(frame, "expenditure_project").rate_pct == D("127.4")  # 11462.19 / 9000
    basic = _line(frame, "general_basic")
    assert (basic.fund, basic.published_budget, basic.actual) == (
        "一般公共预算", D("10900.00"), D("10934.24"))
    # order: headline lines first, the general budget's 合计 then its 基本/项目, then the codes
    assert list(frame["code"][:6]) == ["expenditure_total", "expenditure_basic",
                                       "expenditure_project", "合计", "general_basic",
                                       "general_project"]
    assert frame["level"][6] == "类"
