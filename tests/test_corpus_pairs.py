"""A budget and the final accounts of one department and year, dropped into one folder and built
as a corpus (issue 21 §3): the pair is found, the panel gets its budget_vs_final rows and pairs
row, the planted disagreement (2120101 行政运行: 4,700.00 published, 4,678.67 stated; see
tests/test_budget_vs_final.py) is a BF1.restated_budget finding with its evidence, and PI-1
is measured on the published budget (12,300.55 against the 22,393.85 of the table: 182.1 %,
band D). Without a pair, PI-1 rests on the 年初预算 the final accounts state: 12,279.22
("2024 年度财政拨款支出年初预算数为 12279.22 万元 … 完成年初预算的 182.4%")."""

from __future__ import annotations

import csv
import io
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import RAW_2024, ROOT

import zhuzhou_budget as zb
from zhuzhou_budget.corpus import batch, command
from zhuzhou_budget.corpus.ledger import Row
from zhuzhou_budget.corpus.pairs import id_stem, match
from zhuzhou_budget.corpus.task import Result

D = Decimal
BUDGET = ROOT / "tests" / "data" / "zhuzhou-zjj-2024-budget-derived.txt"
NAME = "株洲市住房和城乡建设局"


def _folder(tmp: Path, budget_name: str, final_name: str, budget_text: str | None = None
            ) -> Path:
    folder = tmp / "in"
    folder.mkdir()
    shutil.copyfile(RAW_2024, folder / final_name)
    if budget_text is None:
        shutil.copyfile(BUDGET, folder / budget_name)
    else:
        (folder / budget_name).write_text(budget_text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def paired(tmp_path_factory) -> batch.Outcome:
    """The file names differ by more than the kind (…-budget-derived, …-final-accounts): the
    printed department names pair them."""
    tmp = tmp_path_factory.mktemp("pair")
    folder = _folder(tmp, BUDGET.name, RAW_2024.name)
    return batch.build([folder], tmp / "out", jobs=1, progress=False)


def test_documents_csv_says_which_is_the_budget(paired):
    rows = list(csv.DictReader(io.StringIO((paired.root / "documents.csv").read_text("utf-8"))))
    assert [(r["source"], r["kind"]) for r in rows] == [
        ("zhuzhou-zjj-2024-budget-derived.txt", "部门预算"),
        ("zhuzhou-zjj-2024-final-accounts.txt", "部门决算")]
    assert paired.pair_notes == []


def test_the_pair_in_the_panel(paired):
    p = zb.panel(paired.root)
    pairs = p["pairs"]
    assert len(pairs) == 1
    r = pairs.iloc[0]
    assert (r.department_id, r.year, r.status, r.matched_by) == (
        "zhuzhou-zjj-final-accounts", 2024, "paired", "department")
    assert (r.budget_department_id, r.budget_department) == ("zhuzhou-zjj-budget-derived", NAME)
    assert (r.final_source, r.budget_source) == (RAW_2024.name, BUDGET.name)
    assert r.disagreements == 1 and pd_null(r.reason)
    assert (r.pi1_budget_pct, r.pi1_budget_band) == (D("182.1"), "D")
    assert (r.pi1_stated_pct, r.pi1_stated_band) == (D("182.4"), "D")


def pd_null(value) -> bool:
    return value is None or value != value


def test_budget_vs_final_rows(paired):
    bvf = zb.sql("select * from budget_vs_final order by fund desc, code", path=paired.root)
    line = bvf[bvf["code"] == "2080501"].iloc[0]
    assert (line["department"], line["level"], line["item"]) == (NAME, "项", "行政单位离退休")
    assert (line.published_budget, line.stated_budget, line.actual, line.variance,
            line.rate_pct) == (D("457.87"), D("457.87"), D("453.05"), D("-4.82"), D("98.9"))
    assert bool(line.stated_matches_published) is True
    total = bvf[(bvf["fund"] == "一般公共预算") & (bvf["level"] == "total")].iloc[0]
    assert (total.published_budget, total.actual) == (D("12300.55"), D("22393.85"))
    three = bvf[(bvf["fund"] == "三公经费") & (bvf["code"] == "total")].iloc[0]
    assert (three.published_budget, three.stated_budget, three.actual) == (
        D("88.49"), D("88.49"), D("64.45"))
    # The headline lines: the derived budget prints no 支出预算表 and no 基本/项目 split (the
    # final accounts state neither), so their budget side is blank, never 0.
    head = bvf[bvf["level"] == "headline"].set_index("code")
    assert head["actual"].to_dict() == {
        "expenditure_total": D("22396.43"), "expenditure_basic": D("10934.24"),
        "expenditure_project": D("11462.19"), "general_basic": D("10934.24"),
        "general_project": D("11459.60")}
    assert head["published_budget"].isna().all() and head["rate_pct"].isna().all()
    # The panel's rows are the analysis's, row for row, in its order.
    assert len(bvf) == zb.sql("select count(*) n from budget_vs_final",
                              path=paired.root)["n"][0] == 51


def test_a_budget_restated_otherwise_is_a_finding(paired):
    f = zb.sql("select * from findings where \"check\" = 'BF1.restated_budget'",
               path=paired.root)
    assert len(f) == 1
    r = f.iloc[0]
    assert (r.department_id, r.severity, r.family, r.table, r.code, r.column) == (
        "zhuzhou-zjj-final-accounts", "warning", "narrative", "budget_general_expenditure",
        "2120101", "total")
    assert (r.expected, r.actual, r.difference, r.tolerance) == (
        D("4700.00"), D("4678.67"), D("-21.33"), D("0.01"))
    assert r.section == "（三）一般公共预算财政拨款支出决算具体情况" and r.line == 527
    assert "年初预算为 4678.67 万元" in r.excerpt
    assert "4700.00" in r.message and "4678.67" in r.message


def test_pi_in_the_metrics_of_the_final_accounts(paired):
    m = zb.sql("select metric, value, basis from metrics where metric like 'pi%' "
               "order by metric", path=paired.root)
    assert list(m["metric"]) == ["pi1_pct", "pi2_pct"]
    assert m["value"][0] == D("182.1")
    assert set(m["basis"]) == {"published budget (部门预算)"}
    assert zb.sql("select distinct basis from metrics where metric = 'income_total'",
                  path=paired.root)["basis"].tolist() == ["tables"]


def test_ids_that_differ_by_the_kind_pair_and_names_must_agree(tmp_path, capsys):
    # dept-2024-budget.txt and dept-2024-final.txt: one department once `budget` and `final`
    # are left out of the ids — but this budget prints another department's name.
    text = BUDGET.read_text(encoding="utf-8").replace(NAME, "株洲市财政局")
    folder = _folder(tmp_path, "dept-2024-budget.txt", "dept-2024-final.txt", text)
    out = batch.build([folder], tmp_path / "out", jobs=1, progress=False)
    p = zb.panel(out.root)
    r = p["pairs"].iloc[0]
    assert (r.status, r.matched_by, r.department_id, r.budget_department_id) == (
        "not_paired", "department_id", "dept-final", "dept-budget")
    assert r.reason == (f"the department names differ: {NAME} (final accounts) and "
                        "株洲市财政局 (budget)")
    assert len(p["budget_vs_final"]) == 0
    assert "BF1.restated_budget" not in set(p["findings"]["check"])
    # Unpaired, the final accounts are measured against the 年初预算 they state.
    m = p["metrics"][p["metrics"]["metric"] == "pi1_pct"].iloc[0]
    assert (m.department_id, m.value, m.basis) == ("dept-final", D("182.4"),
                                                   "stated 年初预算 (部门决算)")
    command.summarize(out)
    assert (f"not paired: dept-2024-budget.txt: the department names differ: {NAME} "
            "(final accounts) and 株洲市财政局 (budget)") in capsys.readouterr().err


def test_ids_without_the_kind_words():
    assert id_stem("dept-budget") == id_stem("dept-final") == "dept"
    assert id_stem("zhuzhou-zjj-final-accounts") == "zhuzhou-zjj"
    assert id_stem("zhuzhou-zjj-budget-derived") == "zhuzhou-zjj-derived"
    assert id_stem("budget") == ""


def _result(source: str, kind: str, ident: str, name: str, year: int = 2024) -> Result:
    return Result(Row(source=source, department_id=ident, department=name, year=year,
                      kind=kind, status="ok"))


def test_matching_rules():
    final = _result("a-final.txt", "部门决算", "a-final", "甲局")
    other = _result("b.txt", "部门决算", "b", "乙局")
    [m] = match([final, other, _result("a-budget.txt", "部门预算", "a-budget", "甲 局")])
    assert (m.final, m.matched_by, m.reason) == (final, "department_id", "")  # spaces aside
    [m] = match([final, other, _result("x.txt", "部门预算", "x", "乙局")])
    assert (m.final, m.matched_by) == (other, "department")
    [m] = match([final, _result("x.txt", "部门预算", "x", "甲局", 2023)])
    assert m.final is None and m.reason.startswith("no final accounts of 2023")
    twin = _result("c.txt", "部门决算", "c", "甲局")
    [m] = match([final, twin, _result("x.txt", "部门预算", "x", "甲局")])
    assert m.reason == ("more than one final accounts of the year could pair with it: "
                        "a-final.txt, c.txt")
    m1, m2 = match([final, _result("a-budget.txt", "部门预算", "a-budget", "甲局"),
                    _result("y.txt", "部门预算", "y", "甲局")])
    assert m1.reason == m2.reason == "a-final.txt pairs with more than one budget of 2024"


@pytest.mark.slow
def test_the_final_accounts_report_reads_its_published_budget(paired, tmp_path):
    # `report --corpus` hands the corpus to the document notebooks: the final accounts' budget
    # execution report puts the published budget beside it (PI-1 182.1 % on the published
    # 12,300.55 against 182.4 % on the 年初预算 its narrative states) and names the restated line.
    from zhuzhou_budget import cli

    out = tmp_path / "reports"
    assert cli.main(["report", "--corpus", str(paired.root), "--out", str(out), "-j", "1",
                     "--notebook", "00_summary", "--notebook", "02_budget_execution_variance",
                     "--department", "zhuzhou-zjj-final-accounts", "--no-progress"]) == 0
    folder = out / "2024" / "zhuzhou-zjj-final-accounts"
    rows = {r["metric"]: r["value"] for r in csv.DictReader(io.StringIO(
        (folder / "02_budget_execution_variance.metrics.csv").read_text("utf-8-sig")))}
    assert (rows["pi1_published_pct"], rows["pi1_published_band"]) == ("182.1", "D")
    summary = {r["metric"]: r["value"] for r in csv.DictReader(io.StringIO(
        (folder / "00_summary.metrics.csv").read_text("utf-8-sig")))}
    assert (summary["pi1_pct"], summary["pi1_published_pct"]) == ("182.4", "182.1")
    page = (folder / "02_budget_execution_variance.html").read_text("utf-8")
    assert "公开的部门预算" in page and "4,678.67" in page and "4,700.00" in page


def test_a_pair_frame_s_missing_values_are_blank():
    """pandas' NA, None, NaN and "" are blank in a pair's text rows (NA is tested first: it
    answers `== ""` with NA, whose truth value raises); booleans print as the CSV does."""
    import pandas as pd

    from zhuzhou_budget.corpus.pairs import _text

    assert [_text(v) for v in (pd.NA, None, float("nan"), "")] == [None] * 4
    assert [_text(v) for v in (True, False, Decimal("1.50"), 3)] == ["true", "false", "1.50", "3"]
