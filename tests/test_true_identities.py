"""Only true identities of the template are errors. A department may save or spend money carried
over, and its expenditure table covers non-fiscal money too: a correct real document (the
Shanghai 2024 final accounts, 本年收入合计 2,946.25 ≠ 本年支出合计 2,940.05) gives no table
error, and each identity that replaced a false one fires on a fixture made to break it."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest
from conftest import ROOT

import zhuzhou_budget as zb

PUTUO_TAB = ROOT / "tests" / "data" / "shanghai-putuo-czj-2024-tab.txt"
TABLE_FAMILIES = ["within", "across", "completeness"]


def _variant(tmp_path: Path, old: str, new: str, occurrence: int = 1) -> Path:
    text = PUTUO_TAB.read_text(encoding="utf-8")
    at = -1
    for _ in range(occurrence):
        at = text.index(old, at + 1)
    path = tmp_path / "variant.txt"
    path.write_text(text[:at] + new + text[at + len(old):], encoding="utf-8")
    return path


def _findings(path: Path):
    return zb.reconcile(zb.load(path))


@pytest.fixture(scope="module")
def putuo():
    return _findings(PUTUO_TAB)


def test_a_correct_document_that_carries_balances_has_no_table_error(putuo):
    tables = putuo[putuo.family.isin(TABLE_FAMILIES)]
    assert set(tables.severity) <= {"rounding", "info"}
    assert not tables.check.isin(["A3.year_balance", "A6.fiscal_within_expenditure"]).any()
    by_id = putuo.attrs["checks_run_by_id"]
    assert by_id["A3.year_balance"] == 1 and by_id["A6.fiscal_within_expenditure"] > 40


def test_year_balance_fires_when_the_balances_do_not_explain_the_difference(tmp_path):
    f = _findings(_variant(tmp_path, "年末结转和结余\t55.34", "年末结转和结余\t65.34"))
    a3 = f[f.check == "A3.year_balance"]
    assert list(a3.severity) == ["error"]
    row = a3.iloc[0]
    # 2,946.25 + 49.14 − 65.34 = 2,930.05 against the expenditure table's 2,940.05
    assert (row.expected, row.actual, row.difference) == (D("2930.05"), D("2940.05"),
                                                           D("10.00"))
    assert row.table == "expenditure" and "支出行次29/amount=65.34" in row.terms


def test_fiscal_spending_above_the_spending_is_an_error(tmp_path):
    # the general-budget table (third coded table) says 1,603.52 of basic spending on 2010601
    f = _findings(_variant(tmp_path, "201\t06\t01\t行政运行\t1,511.89\t1,503.52",
                           "201\t06\t01\t行政运行\t1,611.89\t1,603.52", occurrence=2))
    a6 = f[(f.check == "A6.fiscal_within_expenditure") & (f.code == "2010601")
           & (f.column == "basic")]
    assert list(a6.severity) == ["error"]
    assert (a6.iloc[0].expected, a6.iloc[0].actual) == (D("1603.52"), D("1503.52"))
    assert "≥ 各财政拨款表之和" in a6.iloc[0].message


def test_non_fiscal_spending_beyond_the_non_fiscal_sources_is_an_error(tmp_path):
    # the expenditure table spends 40.00 more on 2010602 than appropriations; the non-fiscal
    # sources are 6.20 income + (49.14 − 21.63) non-fiscal opening balance = 33.71
    f = _findings(_variant(tmp_path, "201\t06\t02\t一般行政管理事务\t10.00\t\t10.00",
                           "201\t06\t02\t一般行政管理事务\t50.00\t\t50.00"))
    a6 = f[(f.check == "A6.fiscal_within_expenditure") & (f.code == "2010602")
           & (f.column == "total")]
    assert list(a6.severity) == ["error"]
    row = a6.iloc[0]
    assert (row.expected, row.actual, row.difference) == (D("43.71"), D("50.00"), D("6.29"))
    assert "非财政资金来源" in row.message


def test_with_no_non_fiscal_source_spending_equals_appropriations_up_to_rounding(d2024):
    f = zb.reconcile(d2024)
    a6 = f[f.check == "A6.fiscal_within_expenditure"]
    assert list(a6.severity) == ["rounding"] * 3
    assert sorted(zip(a6.code, a6.column, strict=True)) == [
        ("212", "project"), ("212", "total"), ("合计", "project")]
    assert set(a6.difference) == {D("0.01")}
