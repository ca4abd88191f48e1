"""Narrative and performance findings on the 2024 document, expected by reading it.

Defects a careful reader finds in the 2024 text (each checked below):
- item 20 states "支出决算为 322.45 元" while the table prints 322.45 万元 (unit slip);
- 机关运行经费: "比年初预算数增加 199.67 万元 … 主要原因是按要求压缩了…" (an increase
  explained by compression), and "株洲市城建档案馆的 101.63 元" among 万元 amounts;
- items 9–11 call their 款 "事业单位医疗"; the table's 款 21011 is "行政事业单位医疗";
- 公务用车购置费 "增长 100.0%" from a prior year of 0 (17.98 − 17.98);
- "财政拨款支出 22393.85 万元，占本年支出合计的 99.9%": 22393.85 / 22396.43 = 99.99 %;
- 单位主管的公共专项 "6个" while seven projects are listed (their sum, 27396.36, matches);
- 绩效自评 "涉及项目 27 个": 27 general-budget projects + 1 fund project = 28, and its
  "共涉及资金 22396.43 万元" is total spending, not 11459.6 + 2.58.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from zhuzhou_budget.checks import reconcile


@pytest.fixture(scope="module")
def findings(d2024):
    return reconcile(d2024)


def _one(findings, check, **where):
    sub = findings[findings.check == check]
    for k, v in where.items():
        sub = sub[sub[k] == v]
    assert len(sub) == 1, sub[["check", "message"]].to_string()
    return sub.iloc[0]


def test_unit_slip_of_item_20_is_an_error(findings):
    f = _one(findings, "L1.unit_slip", severity="error")
    assert (f.table, f.code, f.line) == ("general_budget_expenditure", "2210199", 559)
    assert f.expected == Decimal("322.45") and "322.45 元" in f.message
    assert "支出决算为 322.45 元" in f.excerpt


def test_admin_costs_paragraph(findings):
    direction = _one(findings, "L2.direction", line=615)
    assert direction.severity == "warning" and "199.67" in direction.message
    assert "压缩" in direction.message
    slip = _one(findings, "L1.unit_slip", line=615)
    assert slip.severity == "warning" and "株洲市城建档案馆" in slip.message


def test_names_differ_from_the_table(findings):
    names = findings[findings.check == "L4.names"]
    assert sorted(names.line) == [509, 515, 519]
    assert all("行政事业单位医疗" in m for m in names.message)


def test_growth_from_zero_base(findings):
    f = _one(findings, "L3.zero_base")
    assert f.line == 593 and "vehicle_purchase" in f.message


def test_share_printed_by_truncation(findings):
    f = _one(findings, "N2.share", severity="warning")
    assert f.line == 463 and f.actual == Decimal("99.9")
    assert f.expected == Decimal("99.9885")


def test_project_list_count_and_coverage(findings):
    f = _one(findings, "P1.list_count")
    assert f.severity == "error" and f.line == 769
    assert (f.actual, f.expected) == (Decimal(6), Decimal(7))
    coverage = findings[findings.check == "P3.coverage"]
    assert set(coverage.severity) == {"warning"} and len(coverage) == 2


def test_every_recomputed_rate_is_right_or_rounding(findings):
    narrative = findings[findings.family == "narrative"]
    assert set(narrative.severity) <= {"rounding", "warning"}
    # 公务接待费 完成预算的 44.59%: 6.85 / 15.36 = 44.596 %, within rounding of the inputs.
    f = _one(findings, "N3.completion_rate")
    assert f.line == 601 and f.severity == "rounding"


def test_no_other_errors(findings):
    errors = findings[findings.severity == "error"]
    assert sorted(errors.check) == ["L1.unit_slip", "P1.list_count"]


def test_prior_year_values_agree(findings):
    # 三公 prior year implied by the total (64.45 − 15.27 = 49.18) equals the sum of the
    # items' (0.00 + 39.52 + 9.66): no finding; the changes differ by 0.01: rounding.
    n5 = findings[findings.check == "N5.parts"]
    assert set(n5.severity) == {"rounding"}
    assert not any("prior_year_implied" in m for m in n5.message)


def test_same_figure_stated_twice_must_agree(tmp_path, raw_text):
    import zhuzhou_budget as zb
    text = raw_text.replace("公务用车保有量为 24 辆", "公务用车保有量为 25 辆")
    path = tmp_path / "v.txt"
    path.write_text(text, encoding="utf-8")
    f = zb.reconcile(zb.load(path))
    same = f[f.check == "N7.same_figure"]
    assert list(same.severity) == ["error"]
    assert (same.iloc[0].expected, same.iloc[0].actual) == (Decimal(25), Decimal(24))
