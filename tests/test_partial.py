"""Partial loading: a table that cannot be parsed costs that table, named with its line and
the reason; everything else is still read, and the result never looks complete."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

import zhuzhou_budget as zb
from zhuzhou_budget import cli
from zhuzhou_budget.errors import DisclosureError
from zhuzhou_budget.extract import tables as table_parser
from zhuzhou_budget.metadata.templates import TEMPLATES

PUTUO_TAB = ROOT / "tests" / "data" / "shanghai-putuo-czj-2024-tab.txt"


@pytest.fixture()
def broken(tmp_path) -> Path:
    """The general-budget table (its row 201 一般公共服务支出, printed the same way in the
    expenditure table before it) with one value that is not a number."""
    text = PUTUO_TAB.read_text(encoding="utf-8")
    row = "201\t\t\t一般公共服务支出\t2,106.66\t1,503.52\t603.14"
    at = text.index(row, text.index(row) + 1)
    path = tmp_path / "broken.txt"
    path.write_text(text[:at] + row.replace("1,503.52", "1,5O3.52") + text[at + len(row):],
                    encoding="utf-8")
    return path


def test_one_broken_table_costs_only_that_table(broken):
    d = zb.load(broken)
    assert sorted(d.tables) == sorted(t for t in TEMPLATES["national-2020"].tables
                                      if t != "general_budget_expenditure")
    (problem,) = d.problems
    assert problem.table == "general_budget_expenditure"
    assert "1,5O3.52" in problem.reason and "row 201" in problem.reason
    assert problem.line == d.table_info["fiscal_appropriation_summary"].end_line + 1
    assert d.missing_tables == [] and not d.complete
    # every other table, the sections and the narrative figures are still there
    assert len(d.facts) == 577 - len(zb.load(PUTUO_TAB).facts.query(
        "table == 'general_budget_expenditure'"))
    assert "十一、其他重要事项的情况说明" in d.sections
    income = d.facts[(d.facts.table == "income") & (d.facts.level == "total")
                     & (d.facts.column == "total")]
    assert str(income.amount.iloc[0]) == "2946.25"


def test_the_broken_table_is_an_error_finding(broken):
    f = zb.reconcile(zb.load(broken))
    c5 = f[f.check == "C5.table_parsed"]
    assert list(c5.severity) == ["error"] and list(c5.table) == ["general_budget_expenditure"]
    assert "无法读取" in c5.iloc[0].message and "1,5O3.52" in c5.iloc[0].message
    assert not (f.check == "C1.tables").any()  # found, not missing


def test_build_writes_what_it_could_and_exits_1(broken, tmp_path, capsys):
    out = tmp_path / "out"
    assert cli.main(["build", str(broken), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "table not parsed" in err and "general_budget_expenditure" in err
    pkg = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert pkg["complete"] is False
    assert [u["table"] for u in pkg["unparsed_tables"]] == ["general_budget_expenditure"]
    assert not (out / "tables" / "general_budget_expenditure.csv").exists()
    assert (out / "tables" / "income.csv").is_file()


def test_strict_restores_all_or_nothing(broken, tmp_path):
    with pytest.raises(DisclosureError, match="1,5O3.52"):
        zb.load(broken, strict=True)
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "zhuzhou_budget", "build", str(broken),
                           "--out", str(out), "--strict"], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_a_fault_of_ours_in_one_table_costs_only_that_table(monkeypatch):
    real = table_parser._parse_region

    def faulty(tid, *args, **kw):
        if tid == "three_public":
            raise IndexError("list index out of range")
        return real(tid, *args, **kw)

    monkeypatch.setattr(table_parser, "_parse_region", faulty)
    d = zb.load(PUTUO_TAB)
    assert [p.table for p in d.problems] == ["three_public"]
    assert "unexpected IndexError" in d.problems[0].reason
    assert len(d.tables) == 8


def test_no_usable_table_is_one_line_exit_2(tmp_path):
    path = tmp_path / "only-broken.txt"
    path.write_text("收入决算表\n单位：万元\n项目\t\t本年收入合计\t财政拨款收入\n合计\t\t10.00\t10.00\n"
                    "201\t一般公共服务支出\t10.00\t1O.00\n", encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "zhuzhou_budget", "build", str(path),
                           "--out", str(out)], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("error: no table could be read") and "'1O.00'" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and not out.exists()


def test_a_complete_document_exits_0_and_says_so(tmp_path):
    out = tmp_path / "out"
    assert cli.main(["build", str(PUTUO_TAB), "--out", str(out)]) == 0
    pkg = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert pkg["complete"] is True and pkg["unparsed_tables"] == []


def test_a_text_cut_off_inside_a_table_is_incomplete(tmp_path, capsys):
    """Cut inside the economic table: the tables after it are missing, and the table itself
    lacks its totals — exit 1 with each gap named, an error finding for each."""
    text = (ROOT / "data" / "raw" / "2024" / "zhuzhou-zjj-2024-final-accounts.txt").read_text(
        encoding="utf-8")
    title = text.index("一般公共预算财政拨款基本支出决算明细表", 1000)
    path = tmp_path / "cut.txt"
    path.write_text(text[:title + 400], encoding="utf-8")
    out = tmp_path / "out"
    assert cli.main(["build", str(path), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "table basic_expenditure lacks its 人员经费合计行 (cut off?)" in err
    assert "table not found: three_public" in err
    f = zb.reconcile(zb.load(path))
    c8 = f[f.check == "C8.table_totals"]
    assert list(c8.table) == ["basic_expenditure", "basic_expenditure"]
    assert set(c8.severity) == {"error"}
