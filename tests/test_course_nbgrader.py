"""The course with nbgrader itself, in a temporary course directory built for both bundled
departments: release/ comes from nbgrader's generate_assignment and holds no solution and no
answer; a submission made of the source notebooks' solutions scores full marks on every
autograded cell (so every source executes, hidden tests included, for both departments); an
untouched release scores 0; a wrong number fails its test with its message; feedback is
written."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal

import nbformat
import pytest

import zhuzhou_budget as zb
from zhuzhou_budget.course import build, grader, questions

pytestmark = pytest.mark.slow
ASSIGNMENTS = list(questions.ASSIGNMENTS)
DEPARTMENTS = ["shanghai-putuo-czj-2024", "zhuzhou-zjj-2024"]


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    out = tmp_path_factory.mktemp("course") / "course"
    built = build.build(out)
    assert built.notebooks == 6 and built.left_out == 1  # Shanghai prints no 三公 actuals
    return out


@pytest.fixture(scope="module")
def keys():
    return {f"{d}-2024": questions.key(zb.open(d, 2024))
            for d in ("zhuzhou-zjj", "shanghai-putuo-czj")}


def _submit(course, student: str, assignment: str, edit) -> None:
    folder = course / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    for name in DEPARTMENTS:
        nb = nbformat.read(course / "release" / assignment / f"{name}.ipynb", as_version=4)
        source = nbformat.read(course / "source" / assignment / f"{name}.ipynb", as_version=4)
        edit(nb, {c.metadata["nbgrader"]["grade_id"]: c.source for c in source.cells
                  if c.metadata.get("nbgrader", {}).get("solution")})
        nbformat.write(nb, folder / f"{name}.ipynb")


def _solved(nb, solutions) -> None:
    """What a student who wrote the teacher's solution hands in (markers are not typed)."""
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and cell.cell_type == "code":
            cell.source = "\n".join(line for line in solutions[meta["grade_id"]].splitlines()
                                    if not line.startswith("### "))
        elif meta.get("solution"):
            cell.source = "一年只能看到该年的执行区间；PEFA 要三年。"


def _auto(course, assignment: str, student: str) -> dict[tuple[str, str], tuple]:
    grader.autograde(course, assignment, student)
    return {(s.notebook, s.grade_id): (s.auto_score, s.max_score)
            for s in grader.scores(course, assignment, student) if not s.manual}


def test_the_course_directory_is_nbgraders(course):
    assert (course / "nbgrader_config.py").read_text(encoding="utf-8").count(
        'c.CourseDirectory.course_id = "zhuzhou-budget"') == 1
    assert (course / "gradebook.db").is_file()
    for a in ASSIGNMENTS:
        for name in DEPARTMENTS:
            assert (course / "source" / a / f"{name}.ipynb").is_file()
            assert (course / "release" / a / f"{name}.ipynb").is_file()
            handout = (course / "handouts" / a / f"{name.removesuffix('-2024')}-2024.html")
            assert "BEGIN SOLUTION" not in handout.read_text(encoding="utf-8")
    text = (course / "answer_keys" / "zhuzhou-zjj-2024.csv").read_text(encoding="utf-8")
    assert "02_budget_execution,3,pi1_pct,pi1_pct_test,share,2,182.4,%,0.06,True" in text
    assert (course / "answer_keys" / "zhuzhou-zjj-2024.html").is_file()


def test_a_release_holds_no_solution_and_no_answer(course, keys):
    for a in ASSIGNMENTS:
        for name in DEPARTMENTS:
            text = (course / "release" / a / f"{name}.ipynb").read_text(encoding="utf-8")
            for marker in ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "check.answer", "参考答案"):
                assert marker not in text, (a, name, marker)
            assert "raise NotImplementedError()" in text
            nb = json.loads(text)
            assert all(not c.get("outputs") for c in nb["cells"])
            for qid, value in keys[name].items():
                if isinstance(value, Decimal) and abs(value) >= 10:
                    for shown in {str(value), f"{value:.1f}", f"{value:.2f}"}:
                        assert shown not in text, (a, name, qid, shown)
    zhuzhou = (course / "release" / "02_budget_execution" / "zhuzhou-zjj-2024.ipynb")
    assert "182.4" not in zhuzhou.read_text(encoding="utf-8")
    source = (course / "source" / "02_budget_execution" / "zhuzhou-zjj-2024.ipynb")
    assert "182.4%" in source.read_text(encoding="utf-8")  # the model answer, teacher's copy


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_autograde_full_marks_for_the_solutions_and_zero_for_an_untouched_release(
        course, assignment):
    _submit(course, "solved", assignment, _solved)
    _submit(course, "untouched", assignment, lambda nb, solutions: None)
    solved, untouched = _auto(course, assignment, "solved"), _auto(course, assignment,
                                                                   "untouched")
    assert {nb for nb, _ in solved} == set(name for name in DEPARTMENTS)
    assert len(solved) >= 2 * 4
    assert {k: v[0] for k, v in solved.items()} == {k: v[1] for k, v in solved.items()}
    assert {k: v[0] for k, v in untouched.items()} == dict.fromkeys(untouched, 0.0)
    assert untouched.keys() == solved.keys()
    if assignment == "01_reading_tables":  # the 三公 question exists for Zhuzhou only
        assert ("zhuzhou-zjj-2024", "three_public_rate_test") in solved
        assert ("shanghai-putuo-czj-2024", "three_public_rate_test") not in solved


def test_a_wrong_number_fails_its_test_with_its_message_and_feedback_says_so(course):
    a = "02_budget_execution"

    def wrong(nb, solutions) -> None:
        _solved(nb, solutions)
        for cell in nb.cells:
            if cell.metadata.get("nbgrader", {}).get("grade_id") == "pi1_pct":
                cell.source += "\npi1_pct = 100.0  # forgot the mid-year supplements"

    _submit(course, "wrong", a, wrong)
    scores = _auto(course, a, "wrong")
    failed = sorted(k for k, (got, full) in scores.items() if got != full)
    # The band computed from the wrong rate is wrong too for Zhuzhou (A, not D), right for
    # Shanghai by luck? No: 100.0 is band A and Shanghai's 98.2 is A as well.
    assert failed == [("shanghai-putuo-czj-2024", "pi1_pct_test"),
                      ("zhuzhou-zjj-2024", "pi1_band_test"),
                      ("zhuzhou-zjj-2024", "pi1_pct_test")]
    graded = nbformat.read(course / "autograded" / "wrong" / a / "zhuzhou-zjj-2024.ipynb",
                           as_version=4)
    test = [c for c in graded.cells
            if c.metadata.get("nbgrader", {}).get("grade_id") == "pi1_pct_test"][0]
    message = "\n".join(o.get("evalue", "") for o in test.outputs)
    assert message == ("pi1_pct: 100.0 is not the answer (within ±0.06). Hint: use the stated "
                       "年初预算 total and the 合计 of 一般公共预算财政拨款支出决算表")
    grader.feedback(course, a, "wrong")
    page = (course / "feedback" / "wrong" / a / "zhuzhou-zjj-2024.html").read_text(
        encoding="utf-8")
    assert "pi1_pct: 100.0 is not the answer" in page


def test_rebuilding_over_students_work_needs_force(course):
    from zhuzhou_budget.errors import DisclosureError

    if not (course / "submitted").exists():
        (course / "submitted").mkdir()
    with pytest.raises(DisclosureError, match="holds students' work"):
        build.build(course, departments=["zhuzhou-zjj"])
    copy = course.parent / "copy"
    shutil.copytree(course, copy)
    built = build.build(copy, departments=["zhuzhou-zjj"], force=True)
    assert not (copy / "submitted").exists()
    assert sorted(p.name for p in (copy / "release" / "01_reading_tables").iterdir()) == [
        "zhuzhou-zjj-2024.ipynb"]
    assert built.notebooks == 3
