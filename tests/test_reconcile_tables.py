"""Table identities on the 2024 document: every 0.01 is rounding, and real changes are errors.

The expected rounding differences were found by hand from the printed tables: e.g. 20805
prints 1860.10 while its 项 add up to 453.05 + 111.66 + 941.21 + 354.17 = 1860.09.
"""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pytest
from conftest import RAW_2024

import zhuzhou_budget as zb
from zhuzhou_budget.checks import reconcile
from zhuzhou_budget.rounding import half_unit, ratio_percent, severity, tolerance_of


@pytest.fixture(scope="module")
def findings(d2024):
    return reconcile(d2024)


def table_findings(findings):
    return findings[findings.family.isin(["within", "across", "completeness"])]


def test_no_table_errors_and_all_differences_are_rounding(findings):
    f = table_findings(findings)
    assert set(f.severity) <= {"rounding", "info"}
    assert all(abs(d) == Decimal("0.01") for d in f[f.severity == "rounding"].difference)


def test_known_rounding_differences_are_reported(findings):
    f = table_findings(findings)
    rounding = f[f.severity == "rounding"]
    got = {(r.check, r.table, r.code, r.column) for r in rounding.itertuples()}
    expected = {
        ("W1.hierarchy", "income", "20805", "total"),
        ("W1.hierarchy", "expenditure", "20805", "total"),
        ("W1.hierarchy", "general_budget_expenditure", "20805", "total"),
        ("W1.hierarchy", "expenditure", "212", "project"),  # 5421.32 vs Σ 5421.31
        ("W1.hierarchy", "general_budget_expenditure", "合计", "total"),  # 22393.85 vs 22393.84
        ("W1.hierarchy", "general_budget_expenditure", "212", "total"),  # 12381.52 vs 12381.53
        ("W2.row", "general_budget_expenditure", "合计", "total"),
        ("W2.row", "expenditure", "21201", "total"),
        ("W2.row", "expenditure", "2120109", "total"),
        ("W4.three_public", "three_public", "决算数", "total"),  # 64.45 vs 64.46
        ("W5.economic", "basic_expenditure", "302", "amount"),  # 1955.42 vs 1955.43
        ("A7.basic_vs_economic", "general_budget_expenditure", "合计", "basic"),
    }
    assert expected <= got
    row = rounding[(rounding.check == "W5.economic")].iloc[0]
    assert (row.expected, row.actual, row.difference) == (
        Decimal("1955.43"), Decimal("1955.42"), Decimal("-0.01"))
    assert row.tolerance == Decimal("0.140")  # 27 款 + the class: 28 × 0.005
    assert "尾数误差" in row.message and row.message.startswith("[W5.economic]")


def test_state_capital_empty_table_is_explained(findings):
    f = findings[findings.check == "C2.empty_table"]
    assert list(f.severity) == ["info"] and list(f.table) == ["state_capital"]


def test_every_finding_carries_evidence(findings):
    for r in table_findings(findings).itertuples():
        assert r.table and r.message.startswith(f"[{r.check}]")
        if r.severity == "rounding":
            assert r.terms and r.tolerance is not None and r.line


def test_changed_cell_is_an_error_pointing_at_it(tmp_path, raw_text):
    # The first occurrence is the income table's row (fiscal_appropriation column).
    text = raw_text.replace("2101103\t公务员医疗补助\t169.67\t169.67",
                            "2101103\t公务员医疗补助\t169.67\t169.97", 1)
    path = tmp_path / "x.txt"
    path.write_text(text, encoding="utf-8")
    f = reconcile(zb.load(path))
    errors = f[(f.severity == "error") & f.family.isin(["within", "across"])]
    assert len(errors) >= 2
    assert errors.terms.str.contains("income/2101103/fiscal_appropriation=169.97").all()
    assert set(errors.check) == {"W1.hierarchy", "W2.row"}
    row = errors[errors.check == "W2.row"].iloc[0]
    assert (row.table, row.code, row.column) == ("income", "2101103", "total")
    # total and six printed sources (0.00 counts: it is printed): 7 × 0.005
    assert row.difference == Decimal("-0.30") and row.tolerance == Decimal("0.035")


def test_rounding_policy():
    assert half_unit(Decimal("12.34")) == Decimal("0.005")
    assert half_unit(Decimal("12.3")) == Decimal("0.05")
    assert half_unit(Decimal("105")) == Decimal("0.5")
    assert half_unit(None) == 0
    assert tolerance_of([Decimal("1.00"), Decimal("2.00"), None]) == Decimal("0.010")
    assert severity(Decimal("0.01"), Decimal("0.015")) == "rounding"
    assert severity(Decimal("0.02"), Decimal("0.015")) == "error"
    assert severity(Decimal("0.02"), Decimal("0.015"), heuristic=True) == "warning"
    assert severity(Decimal(0), Decimal(0)) is None
    value, spread = ratio_percent(Decimal("10934.24"), Decimal("22396.43"),
                                  [Decimal("10934.24")], [Decimal("22396.43")])
    assert round(value, 2) == Decimal("48.82") and spread < Decimal("0.0001")


def test_check_cli_exit_codes(tmp_path, raw_text):
    ok = subprocess.run([sys.executable, "-m", "zhuzhou_budget", "check", str(RAW_2024),
                         "--format", "csv"], capture_output=True, text=True)
    bad = tmp_path / "bad.txt"
    bad.write_text(raw_text.replace("30309\t奖励金\t17.66", "30309\t奖励金\t71.66"),
                   encoding="utf-8")
    err = subprocess.run([sys.executable, "-m", "zhuzhou_budget", "check", str(bad)],
                         capture_output=True, text=True)
    assert err.returncode == 1
    assert "W5.economic" in err.stdout and "303对个人和家庭的补助" in err.stdout
    assert ok.stdout.startswith("check,family,severity,message,expected,actual,difference,"
                                "tolerance,table,code,column,section,line")
    unreadable = subprocess.run([sys.executable, "-m", "zhuzhou_budget", "check",
                                 str(tmp_path / "missing.txt")], capture_output=True, text=True)
    assert unreadable.returncode == 2 and unreadable.stderr.count("\n") == 1


def test_reconcile_is_part_of_the_package_api(d2024):
    f = zb.reconcile(d2024)
    assert list(f.columns[:8]) == ["check", "family", "severity", "message", "expected", "actual",
                                   "difference", "tolerance"]
    assert f.attrs["checks_run"] > 1000
