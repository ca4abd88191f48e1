"""An nbgrader course directory from the templates in notebooks/course/ and the chosen
documents of a manifest:

    <out>/nbgrader_config.py
    <out>/source/<assignment>/<department>-<year>.ipynb    the teacher's notebooks (solutions)
    <out>/release/<assignment>/<department>-<year>.ipynb   made by nbgrader generate_assignment
    <out>/gradebook.db                                     nbgrader's gradebook
    <out>/answer_keys/<department>-<year>.csv and .html    every answer, from the same key
    <out>/handouts/<assignment>/<department>-<year>.html   the questions only, for printing

A template's cells are tagged by role and question (`question:ID`, `answer:ID`, `test:ID`,
`written:ID`, `context:ID`); the nbgrader metadata (solution, tests and their points, locked
cells) is set here from the question registry, so points are declared once. Questions the
document cannot answer are left out with all their cells, and the rest numbered in order.
"""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass
from pathlib import Path

from .. import config
from ..checks import reconcile
from ..errors import DisclosureError
from ..reporting import reader_html
from ..reporting.notebook import md, open_disclosure
from ..sources.manifest import SLUG, Entry, select
from ..storage import outfolder
from . import answer_key, grader, questions

TEMPLATES = config.NOTEBOOKS / "course"
DEFAULT_OUT = config.ROOT / "course"
ROLES = ("question", "answer", "test", "written", "context")
_LOCKED = ("setup", "parameters", "injected-parameters")
_STUDENT_WORK = ("submitted", "autograded", "feedback")


@dataclass(frozen=True)
class Built:
    out: Path
    notebooks: int
    questions: int
    left_out: int
    seconds: float


def _meta(grade_id: str, *, grade: bool = False, solution: bool = False, locked: bool = False,
          points: int | None = None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
            "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return meta


def _role(cell) -> tuple[str, str] | None:
    for tag in cell.metadata.get("tags", []):
        role, _, qid = tag.partition(":")
        if role in ROLES and qid:
            if qid not in questions.BY_ID:
                raise DisclosureError(f"course template: cell tag {tag!r} names no question")
            return role, qid
    return None


def prepare(template, key: dict[str, object], year: int, department: str,
            manifest: Path | None, name: str = ""):
    """One document's source notebook: questions without an answer left out, nbgrader
    metadata set, questions numbered, model answers written in, parameters injected; the
    title cell names the department (`name`), so a printed handout says whose it is."""
    from papermill.parameterize import parameterize_notebook

    nb = copy.deepcopy(template)
    cells, numbered = [], 0
    title = next(c for c in nb.cells if c.cell_type == "markdown")
    title.source = title.source.replace("\n", f"\n\n**{md(name or department)}** · {year} "
                                        f"年度部门决算 · `{department}`\n", 1)
    for cell in nb.cells:
        found = _role(cell)
        tags = cell.metadata.get("tags", [])
        if found is None:
            if any(t in _LOCKED for t in tags):
                cell.metadata["nbgrader"] = _meta(tags[0], locked=True)
            cells.append(cell)
            continue
        role, qid = found
        q = questions.BY_ID[qid]
        if key.get(qid) is None:
            continue  # the document gives no answer: the question is left out whole
        if role == "question":
            numbered += 1
            rubric = (f"\n\n评分标准 rubric（{q.points} 分，人工评分 graded by hand）："
                      f"{questions.RUBRICS[qid]}" if q.kind == "written" else "")
            cell.source = (f"### {numbered}. {q.zh}（{q.points} 分）\n\n*{q.en}*\n\n"
                           f"{cell.source}{rubric}")
            cell.metadata["nbgrader"] = _meta(f"{qid}_question", locked=True)
        elif role == "answer":
            cell.metadata["nbgrader"] = _meta(qid, solution=True)
        elif role == "test":
            cell.metadata["nbgrader"] = _meta(q.grade_id, grade=True, locked=True,
                                              points=q.points)
        elif role == "written":
            cell.source = md(str(key[qid]))
            cell.metadata["nbgrader"] = _meta(q.grade_id, grade=True, solution=True,
                                              points=q.points)
        else:
            cell.metadata["nbgrader"] = _meta(f"{qid}_context", locked=True)
        cells.append(cell)
    nb.cells = cells
    params = {"year": year, "department": department}
    if manifest is not None:
        params["manifest"] = str(manifest)
    for cell in nb.cells:  # papermill reads every cell's tags
        cell.metadata.setdefault("tags", [])
    nb.metadata["papermill"] = {}  # where papermill records the parameters it injected
    nb = parameterize_notebook(nb, params, report_mode=False)
    for cell in nb.cells:  # papermill's own cell holds the document: locked like the rest
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.metadata["nbgrader"] = _meta("injected_parameters", locked=True)
        if not cell.metadata["tags"]:
            del cell.metadata["tags"]
    return nb


def assignments() -> list[str]:
    return list(questions.ASSIGNMENTS)


def _check_out(out: Path, force: bool) -> Path:
    path = outfolder.checked(out, owner="is not a course built by zhuzhou_budget")
    work = [w for w in _STUDENT_WORK if (path / w).exists()]
    if work and not force:
        raise DisclosureError(f"{out}: holds students' work ({', '.join(work)}/ and its "
                              "gradebook); rebuilding replaces the folder whole — give --force "
                              "to do so, or build into a new folder")
    return path


def build(out: Path | None = None, *, manifest: Path | None = None,
          years: list[int] | None = None, departments: list[str] | None = None,
          force: bool = False) -> Built:
    """Write the course directory `out` (default: course/ at the project root), replacing an
    earlier build whole (never a folder the tool did not write)."""
    start = time.perf_counter()
    for dep in departments or []:
        if not SLUG.match(dep):
            raise DisclosureError(f"--department {dep!r} is not a department id (a slug: a-z, "
                                  "0-9, '-', '_')")
    manifest = Path(manifest).resolve() if manifest else None
    entries = select(years, departments, manifest)
    if not entries:
        raise DisclosureError(f"no document in {manifest or config.MANIFEST} for "
                              f"year {years or 'any'} and department {departments or 'any'}")
    out = _check_out(Path(out) if out else DEFAULT_OUT, force)
    counts = {"questions": 0, "left_out": 0}

    def write(tmp: Path) -> None:
        import nbformat

        (tmp / "nbgrader_config.py").write_text(grader.CONFIG, encoding="utf-8")
        templates = {a: nbformat.read(TEMPLATES / f"{a}.ipynb", as_version=4)
                     for a in assignments()}
        for entry in entries:
            key = _key(entry, manifest)
            answer_key.write(tmp / "answer_keys", entry, key)
            counts["questions"] += sum(v is not None for v in key.values())
            counts["left_out"] += sum(v is None for v in key.values())
            for a, template in templates.items():
                folder = tmp / "source" / a
                folder.mkdir(parents=True, exist_ok=True)
                nb = prepare(template, key, entry.year, entry.department_id, manifest,
                             entry.department)
                nbformat.write(nb, folder / notebook_name(entry))
        for a in assignments():
            grader.generate(tmp, a)
            _handouts(tmp, a)

    outfolder.replace(out, write)
    return Built(out, len(entries) * len(assignments()), counts["questions"],
                 counts["left_out"], time.perf_counter() - start)


def notebook_name(entry: Entry) -> str:
    return f"{entry.department_id}-{entry.year}.ipynb"


def _key(entry: Entry, manifest: Path | None) -> dict[str, object]:
    d = open_disclosure(entry.year, entry.department_id, None, manifest)
    return questions.key(d, reconcile(d))


def _handouts(root: Path, assignment: str) -> None:
    """The released notebooks as reader pages: questions and instructions, no code, no
    solutions (a release holds none)."""
    assets = reader_html.copy_font(root / "handouts")
    for nb in sorted((root / "release" / assignment).glob("*.ipynb")):
        folder = root / "handouts" / assignment
        folder.mkdir(parents=True, exist_ok=True)
        page = reader_html.render(nb, assets=None if assets is None else "../assets")
        (folder / f"{nb.stem}.html").write_text(page, encoding="utf-8")
