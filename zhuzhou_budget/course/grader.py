"""nbgrader, driven through its own Python API (`nbgrader.apps.NbGraderAPI`) on a course
directory: the same code as `nbgrader generate_assignment`, `autograde` and
`generate_feedback` run from that directory. nbgrader is imported only here and only when
called (it is heavy)."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import DisclosureError

COURSE_ID = "zhuzhou-budget"
# A cell may parse a PDF on first open (seconds, the JVM starting); nbgrader's default is 30 s.
CELL_TIMEOUT = 300

CONFIG = f'''"""nbgrader configuration of this course (written by `zhuzhou-budget course build`).
Run nbgrader from this folder: `nbgrader generate_assignment`, `collect`, `autograde`,
`generate_feedback` (see docs/teaching.md of zhuzhou_budget). The gradebook is gradebook.db
here; releasing through an exchange needs `c.Exchange.root` (default /srv/nbgrader/exchange)."""

c = get_config()  # noqa: F821 (nbgrader defines it)
c.CourseDirectory.course_id = "{COURSE_ID}"
# A document is parsed when a notebook opens it (a PDF takes seconds): allow each cell time.
c.Execute.timeout = {CELL_TIMEOUT}
'''


def api(root: Path):
    """nbgrader's API on the course directory `root` (its config file is read from there)."""
    from nbgrader.apps import NbGraderAPI
    from traitlets.config import Config

    config = Config()
    config.CourseDirectory.root = str(root)
    config.CourseDirectory.course_id = COURSE_ID
    config.Execute.timeout = CELL_TIMEOUT
    return NbGraderAPI(config=config)


@contextlib.contextmanager
def _tools_on_path() -> Iterator[None]:
    """nbgrader runs the `alembic` program (its gradebook's migrations) from PATH: the one of
    this environment, which `make` does not put on PATH."""
    old = os.environ.get("PATH", "")
    os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), old])
    try:
        yield
    finally:
        os.environ["PATH"] = old


def _run(method: str, *args, **kwargs) -> dict:
    with _tools_on_path():
        return getattr(api(kwargs.pop("root")), method)(*args, **kwargs)


def _ok(result: dict, what: str) -> None:
    if not result.get("success"):
        last = (result.get("error") or result.get("log") or "").strip().splitlines()
        raise DisclosureError(f"nbgrader {what} failed: {last[-1] if last else 'no message'}")


def generate(root: Path, assignment: str) -> None:
    """`nbgrader generate_assignment ASSIGNMENT --force`: release/ from source/, the gradebook
    entries of every notebook and cell."""
    _ok(_run("generate_assignment", assignment, force=True, create=True, root=root),
        f"generate_assignment {assignment}")


def autograde(root: Path, assignment: str, student: str) -> None:
    """`nbgrader autograde ASSIGNMENT --student STUDENT` on submitted/STUDENT/ASSIGNMENT/."""
    _ok(_run("autograde", assignment, student, force=True, create=True, root=root),
        f"autograde {assignment} for {student}")


def feedback(root: Path, assignment: str, student: str) -> None:
    """`nbgrader generate_feedback ASSIGNMENT --student STUDENT` → feedback/…/*.html."""
    _ok(_run("generate_feedback", assignment, student, force=True, root=root),
        f"generate_feedback {assignment} for {student}")


@dataclass(frozen=True)
class CellScore:
    notebook: str
    grade_id: str
    auto_score: float | None  # None: graded by hand, not yet graded
    max_score: float
    manual: bool


def scores(root: Path, assignment: str, student: str) -> list[CellScore]:
    """Every graded cell of the student's autograded submission, from the gradebook."""
    from nbgrader.api import Gradebook

    out = []
    with _tools_on_path(), Gradebook(api(root).coursedir.db_url) as gb:
        sub = gb.find_submission(assignment, student)
        for nb in sub.notebooks:
            for grade in nb.grades:
                out.append(CellScore(nb.name, grade.name, grade.auto_score, grade.max_score,
                                     grade.cell.cell_type == "markdown"))
    return sorted(out, key=lambda s: (s.notebook, s.grade_id))
