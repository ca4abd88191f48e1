"""The course without a kernel: the question registry and the templates agree, answers are
computed from the document (never typed), questions a document cannot answer are left out,
the tests' messages help, the answer key escapes, and the command line refuses bad input."""

from __future__ import annotations

import re
from decimal import Decimal

import nbformat
import pandas as pd
import pytest
from conftest import ROOT

import zhuzhou_budget as zb
from zhuzhou_budget import cli
from zhuzhou_budget.course import answer_key, build, questions
from zhuzhou_budget.course.student import Check
from zhuzhou_budget.sources.manifest import read_manifest

TEMPLATES = ROOT / "notebooks" / "course"


@pytest.fixture(scope="module")
def zhuzhou():
    return zb.open("zhuzhou-zjj", 2024)


@pytest.fixture(scope="module")
def key(zhuzhou):
    return questions.key(zhuzhou)


def _template(assignment: str):
    return nbformat.read(TEMPLATES / f"{assignment}.ipynb", as_version=4)


def test_every_question_has_its_cells_in_its_template():
    for q in questions.QUESTIONS:
        cells = {}
        for c in _template(q.assignment).cells:
            for tag in c.metadata.get("tags", []):
                cells.setdefault(tag, []).append(c)
        assert len(cells.get(f"question:{q.id}", [])) == 1, q.id
        if q.kind == "written":
            assert len(cells[f"written:{q.id}"]) == 1 and q.id in questions.RUBRICS
            continue
        (answer,), (test,) = cells[f"answer:{q.id}"], cells[f"test:{q.id}"]
        assert re.search(rf"^{q.id} = ", answer.source, re.M), q.id  # the variable named
        assert answer.source.startswith("### BEGIN SOLUTION\n")
        assert answer.source.endswith("### END SOLUTION")
        assert test.source == (f'check.form("{q.id}", {q.id})\n### BEGIN HIDDEN TESTS\n'
                               f'check.answer("{q.id}", {q.id})\n### END HIDDEN TESTS')


def test_zhuzhou_2024_answers_from_the_tables_and_the_narrative(key):
    # 基本支出 10934.24 of 22396.43 (支出决算表 合计); 人员经费 8928.14 + 公用经费 2006.11;
    # PI-1 = 22393.85 / 12279.22 (stated 年初预算) = 182.4%: band D; 三公 64.45 / 88.49.
    assert key["basic_share"] == (Decimal("10934.24") / Decimal("22396.43") * 100).quantize(
        Decimal("0.0001")) == Decimal("48.8214")
    assert key["personnel_share"] == Decimal("81.6530")
    assert key["three_public_rate"] == Decimal("72.8331")
    assert (key["largest_class"], key["largest_class_share"]) == ("212", Decimal("55.2950"))
    assert (key["pi1_pct"], key["pi1_band"]) == (Decimal("182.4"), "D")
    assert (key["largest_variance_code"], key["largest_variance"]) == ("2210399",
                                                                       Decimal("4978.41"))
    assert (key["error_count"], key["rounding_count"]) == (2, 30)
    assert "L1.unit_slip" in str(key["explain_finding"])


def test_every_answer_is_computed_never_typed_into_a_template(key):
    text = "\n".join((TEMPLATES / f"{a}.py").read_text(encoding="utf-8")
                     for a in questions.ASSIGNMENTS)
    for qid, value in key.items():
        if isinstance(value, Decimal) and abs(value) >= 10:
            for shown in {str(value), f"{value:.1f}", f"{value:.2f}"}:
                assert shown not in text, (qid, shown)


def test_a_question_without_an_answer_is_left_out_whole_and_the_rest_renumbered(key):
    partial = dict(key, largest_class=None, largest_class_share=None)
    nb = build.prepare(_template("01_reading_tables"), partial, 2024, "zhuzhou-zjj", None)
    source = "\n".join(c.source for c in nb.cells)
    assert "largest_class" not in source
    headings = [c.source.split("\n")[0] for c in nb.cells
                if any(t.startswith("question:") for t in c.metadata.get("tags", []))]
    assert [h.split(".")[0] for h in headings] == ["### 1", "### 2", "### 3", "### 4"]
    assert headings[0].startswith("### 1. 财政拨款收入占本年收入合计的比重（%）（1 分）")
    graded = {c.metadata["nbgrader"]["grade_id"]: c.metadata["nbgrader"].get("points")
              for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")}
    assert graded == {"fiscal_share_test": 1, "basic_share_test": 1,
                      "personnel_share_test": 1, "three_public_rate_test": 1}
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected[0].source == '# Parameters\nyear = 2024\ndepartment = "zhuzhou-zjj"\n'
    assert injected[0].metadata["nbgrader"]["locked"] is True


def test_written_answers_get_the_model_answer_and_the_rubric(key):
    nb = build.prepare(_template("02_budget_execution"), key, 2024, "zhuzhou-zjj", None)
    written = [c for c in nb.cells if "written:one_year" in c.metadata.get("tags", [])][0]
    assert written.metadata["nbgrader"] | {} == {
        "grade": True, "grade_id": "one_year", "locked": False, "points": 3,
        "schema_version": 3, "solution": True, "task": False}
    assert "182.4%" in written.source and "PEFA" in written.source
    question = [c for c in nb.cells if "question:one_year" in c.metadata.get("tags", [])][0]
    assert "评分标准 rubric（3 分" in question.source


def test_shanghai_has_no_three_public_actuals_so_that_question_is_left_out():
    key = questions.key(zb.open("shanghai-putuo-czj", 2024))
    assert key["three_public_rate"] is None
    assert (key["pi1_pct"], key["pi1_band"]) == (Decimal("98.2"), "A")
    assert [q for q, v in key.items() if v is None] == ["three_public_rate"]


def test_a_document_without_stated_items_loses_the_execution_questions(zhuzhou, key):
    class NoItems:  # the same document, its narrative giving no 项
        def __getattr__(self, name):
            return getattr(zhuzhou, name)

        budget_execution = zhuzhou.budget_execution.iloc[0:0]

    partial = questions.key(NoItems(), zb.reconcile(zhuzhou))
    gone = {q.id for q in questions.QUESTIONS if q.assignment == "02_budget_execution"}
    assert {q for q, v in partial.items() if v is None} == gone
    nb = build.prepare(_template("02_budget_execution"), partial, 2024, "zhuzhou-zjj", None)
    assert not [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]


@pytest.mark.parametrize(("qid", "value", "message"), [
    ("basic_share", -48.8, "did you divide by the total and multiply by 100?"),
    ("basic_share", 4882.1, "expected a percentage (a share between 0 and 100"),
    ("basic_share", pd.Series([1.0, 2.0]), "expected one number, got a pandas Series of 2 rows"),
    ("basic_share", float("nan"), "blank is 'not reported', not zero"),
    ("largest_class", 212, "expected a function-classification code as a string"),
    ("pi1_band", "E", "expected one of 'A', 'B', 'C', 'D'"),
    ("error_count", 2.0, "expected a whole number"),
])
def test_visible_tests_say_what_is_wrong_with_the_form(zhuzhou, qid, value, message):
    with pytest.raises(AssertionError, match=re.escape(message)):
        Check(zhuzhou).form(qid, value)


def test_hidden_tests_pass_within_tolerance_and_fail_with_a_hint(zhuzhou, key):
    check = Check(zhuzhou, key)
    check.answer("pi1_pct", 182.38)  # within ±0.06
    check.answer("basic_share", Decimal("48.8"))  # rounded to one decimal
    check.answer("largest_class", "212")
    with pytest.raises(AssertionError, match=r"pi1_pct: 100\.0 is not the answer \(within "
                       r"±0\.06\)\. Hint: use the stated 年初预算 total"):
        check.answer("pi1_pct", 100.0)
    with pytest.raises(AssertionError, match="largest_class: '208' is not the answer. Hint:"):
        check.answer("largest_class", "208")


def test_answer_key_marks_left_out_questions_and_escapes(key):
    entry = read_manifest()[0]
    hostile = type(entry)(entry.department_id, "<script>x</script>局", entry.year, entry.kind,
                          entry.file, entry.sha256, entry.provenance, entry.root)
    table = answer_key.rows(hostile, dict(key, three_public_rate=None))
    by_id = {r["question"]: r for r in table}
    assert by_id["pi1_pct"]["answer"] == "182.4" and by_id["pi1_pct"]["tolerance"] == "0.06"
    assert by_id["three_public_rate"]["included"] is False
    assert by_id["three_public_rate"]["no"] == ""
    assert len(table) == len(questions.QUESTIONS)
    page = answer_key.to_html(hostile, table, None)
    assert "<script>" not in page and "&lt;script&gt;x&lt;/script&gt;局" in page
    assert "left out: the document does not give it" in page
    csv_text = answer_key.to_csv(table)
    assert csv_text.splitlines()[0] == ",".join(answer_key.FIELDS)


@pytest.mark.parametrize(("argv", "error"), [
    (["--department", "../etc"], "error: --department '../etc' is not a department id"),
    (["--department", "nope"], "error: no document in "),
])
def test_course_build_refuses_bad_input_in_one_line(tmp_path, capsys, argv, error):
    assert cli.main(["course", "build", "--out", str(tmp_path / "c"), *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith(error) and len(err.splitlines()) == 1
    assert not (tmp_path / "c").exists()


def test_course_build_never_writes_over_a_folder_it_does_not_own(tmp_path, capsys):
    (tmp_path / "mine.txt").write_text("keep", encoding="utf-8")
    assert cli.main(["course", "build", "--out", str(tmp_path)]) == 2
    assert "is not a course built by zhuzhou_budget" in capsys.readouterr().err
    assert (tmp_path / "mine.txt").read_text(encoding="utf-8") == "keep"


def test_course_build_keeps_students_work_unless_forced(tmp_path, capsys):
    from zhuzhou_budget.storage.outfolder import MARKER

    course = tmp_path / "course"
    (course / "submitted" / "s1").mkdir(parents=True)
    (course / MARKER).write_text("", encoding="utf-8")
    assert cli.main(["course", "build", "--out", str(course)]) == 2
    assert "holds students' work (submitted/ and its gradebook)" in capsys.readouterr().err
    assert (course / "submitted" / "s1").is_dir()


def test_the_title_names_the_department_escaped(key):
    nb = build.prepare(_template("03_checking_disclosure"), key, 2024, "zhuzhou-zjj", None,
                       "株洲市<img src=x>局")
    assert nb.cells[0].source.split("\n")[2] == (
        "**株洲市&lt;img src=x&gt;局** · 2024 年度部门决算 · `zhuzhou-zjj`")
