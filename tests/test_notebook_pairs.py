"""The notebooks as jupytext pairs: `notebooks/<name>.py` (py:percent, the reviewed source) and
`notebooks/<name>.ipynb` (what papermill runs), kept in step by `notebooks/jupytext.toml`.
No kernel runs here; these tests are fast."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
from pathlib import Path

import jupytext
import nbformat
import pytest
from conftest import ROOT
from jupytext.cli import jupytext as jupytext_cli

from zhuzhou_budget import cli
from zhuzhou_budget.reporting import batch as report
from zhuzhou_budget.reporting import notebook as nb

NOTEBOOKS = ROOT / "notebooks"
NAMES = [r.name for r in report.load_runs()]


def _cells(notebook) -> list[tuple]:
    """What both files of a pair must agree on: each cell's type, source and metadata."""
    return [(c.cell_type, c.source, dict(c.metadata)) for c in notebook.cells]


def test_every_notebook_is_a_pair():
    py = sorted(p.stem for p in NOTEBOOKS.glob("*.py"))
    ipynb = sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb"))
    assert py == ipynb == sorted(NAMES)
    config = (NOTEBOOKS / "jupytext.toml").read_text(encoding="utf-8")
    assert 'formats = "ipynb,py:percent"' in config


@pytest.mark.parametrize("name", NAMES)
def test_pair_is_in_sync(name):
    text = jupytext.read(NOTEBOOKS / f"{name}.py")
    ipynb = jupytext.read(NOTEBOOKS / f"{name}.ipynb")
    assert text.metadata["jupytext"]["text_representation"]["format_name"] == "percent"
    assert len(text.cells) == len(ipynb.cells) > 10
    for i, (a, b) in enumerate(zip(_cells(text), _cells(ipynb), strict=True)):
        assert a == b, f"{name}: cell {i} differs between the .py and the .ipynb"
    assert text.metadata["kernelspec"] == ipynb.metadata["kernelspec"]


@pytest.mark.parametrize("name", NAMES)
def test_committed_ipynb_is_stripped_with_parameters_first(name):
    notebook = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert all(c.outputs == [] and c.execution_count is None for c in code)
    assert code[0].metadata["tags"] == ["parameters"]
    assert not [c for c in code[1:] if "parameters" in c.metadata.get("tags", [])]
    # Set-up is one call into the package; the notebooks use its public API only.
    source = "\n".join(c.source for c in code)
    scope = {r.name: r.scope for r in report.load_runs()}[name]
    setup = (f'nb.setup(year, department, raw_path, output_dir, manifest,\n               '
             f'notebook="{name}")' if scope == "document" else
             f'nb.setup_corpus(panel, output_dir, notebook="{name}", years=years,\n'
             f'                      departments=departments)')
    assert setup in code[1].source
    assert report.BATCH_PARAMETERS[scope] == tuple(
        p for p in report.BATCH_PARAMETERS[scope] if p in report.declared_parameters(
            NOTEBOOKS / f"{name}.ipynb"))
    assert "zhuzhou_budget.extract" not in source and "_budget import extract" not in source


def _copy_pairs(folder: Path) -> dict[Path, bytes]:
    shutil.copy(NOTEBOOKS / "jupytext.toml", folder)
    for name in NAMES:
        for ext in (".py", ".ipynb"):
            shutil.copy(NOTEBOOKS / f"{name}{ext}", folder)
    return {p: p.read_bytes() for p in sorted(folder.iterdir())}


def _changed(before: dict[Path, bytes]) -> list[str]:
    return [p.name for p, content in before.items() if p.read_bytes() != content]


def test_jupyterlab_save_leaves_both_files_byte_identical(tmp_path):
    """JupyterLab with jupytext saves through jupytext's contents manager: opening either file
    of a pair and saving it unchanged rewrites both files as they are committed."""
    from jupytext import AsyncTextFileContentsManager

    before = _copy_pairs(tmp_path)
    cm = AsyncTextFileContentsManager(root_dir=str(tmp_path))

    async def open_and_save(path: str) -> None:
        model = await cm.get(path)
        assert model["type"] == "notebook"
        await cm.save(model, path)

    for name in NAMES:
        asyncio.run(open_and_save(f"{name}.ipynb"))
        asyncio.run(open_and_save(f"{name}.py"))
    assert _changed(before) == []

    # The round trip does write: an edit made in the .ipynb reaches the .py as well.
    async def edit(path: str) -> None:
        model = await cm.get(path)
        model["content"].cells[1].source += "\nextra = 1"
        await cm.save(model, path)

    asyncio.run(edit(f"{NAMES[0]}.ipynb"))
    assert _changed(before) == [f"{NAMES[0]}.ipynb", f"{NAMES[0]}.py"]
    assert "\nextra = 1\n" in (tmp_path / f"{NAMES[0]}.py").read_text(encoding="utf-8")


def _newest(path: Path) -> None:
    """Make `path` the newer file of its pair: `jupytext --sync` reads the newer one."""
    pair = [path.with_suffix(ext) for ext in (".py", ".ipynb")]
    t = max(p.stat().st_mtime for p in pair) + 10
    os.utime(path, (t, t))


@pytest.mark.parametrize("source", [".py", ".ipynb"])
def test_jupytext_sync_leaves_both_files_byte_identical(tmp_path, source):
    before = _copy_pairs(tmp_path)
    for name in NAMES:
        _newest(tmp_path / f"{name}{source}")
    paths = [str(tmp_path / f"{name}{source}") for name in NAMES]
    assert jupytext_cli(["--sync", "--quiet", *paths]) == 0
    assert _changed(before) == []
    # The other file of each pair is written anew: one out of canonical form (here the .ipynb
    # indented by 2, or the .py with a stray header line) comes back as committed.
    name = NAMES[0]
    other = tmp_path / f"{name}{'.ipynb' if source == '.py' else '.py'}"
    if other.suffix == ".ipynb":
        other.write_text(json.dumps(json.loads(other.read_text(encoding="utf-8")), indent=2),
                         encoding="utf-8")
    else:
        other.write_text("# stray\n" + other.read_text(encoding="utf-8"), encoding="utf-8")
    assert _changed(before) == [other.name]
    _newest(tmp_path / f"{name}{source}")
    assert jupytext_cli(["--sync", "--quiet", str(tmp_path / f"{name}{source}")]) == 0
    assert _changed(before) == []


def test_setup_opens_the_disclosure_and_the_output_folder(tmp_path):
    folder = tmp_path / "out"
    ctx = nb.setup(2024, "zhuzhou-zjj", output_dir=folder, notebook="01_income_structure")
    assert folder.is_dir() and ctx.folder == folder
    assert (ctx.disclosure.meta.year, ctx.disclosure.meta.department) == (2024,
                                                                          "株洲市住房和城乡建设局")
    assert ctx.font  # a CJK family registered with matplotlib
    import matplotlib as mpl

    assert mpl.rcParams["font.family"][0] == ctx.font
    assert ctx._repr_markdown_() == (
        "**株洲市住房和城乡建设局** · 2024 年度部门决算 · 金额单位 unit: 万元 · "
        "来源 source: <code>zhuzhou&#45;zjj&#45;2024&#45;final&#45;accounts.txt</code> "
        f"(sha256 <code>{ctx.disclosure.meta.sha256[:12]}</code>…)")  # names escaped
    ctx.results.metric("answer", 42, "个")
    ctx.results.write_metrics()
    assert [p.name for p in ctx.saved_files()] == ["01_income_structure.metrics.csv",
                                                   "01_income_structure.run.json"]
    assert ctx.results.metrics_frame().to_dict("records") == [
        {"metric": "answer", "value": 42, "unit": "个", "basis": "", "note": ""}]


def test_report_refuses_a_notebook_out_of_step_with_its_py(tmp_path, capsys):
    """The batch runs the .ipynb; an edit to the .py not yet synced would be silently lost."""
    _copy_pairs(tmp_path)
    shutil.copy(NOTEBOOKS / "runs.yaml", tmp_path)
    assert [report.out_of_step(r) for r in report.load_runs(tmp_path / "runs.yaml")] == [
        None] * len(NAMES)
    py = tmp_path / f"{NAMES[1]}.py"
    py.write_text(py.read_text(encoding="utf-8").replace("ctx = nb.setup(", "ctx = nb.setup(\n"),
                  encoding="utf-8")
    rc = cli.main(["report", "--year", "2024", "--runs", str(tmp_path / "runs.yaml"),
                   "--out", str(tmp_path / "reports"), "--no-progress"])
    assert rc == 2
    err = capsys.readouterr().err
    assert err.splitlines() == [
        f"error: {NAMES[1]}.ipynb and {NAMES[1]}.py differ at cell 2; bring the pair into "
        "step with `make sync-notebooks` (jupytext --sync)"]
    assert not (tmp_path / "reports").exists()


def test_a_pair_found_in_step_is_not_compared_again(tmp_path):
    """The verdict "in step" is kept by both files' digests: the next report neither imports
    jupytext nor parses the pair (a pair edited since is compared again: the test above)."""
    import subprocess
    import sys

    code = ("import sys; from zhuzhou_budget.reporting import batch; "
            "print([batch.out_of_step(r) for r in batch.load_runs()], 'jupytext' in sys.modules)")
    env = {**os.environ, "ZHUZHOU_BUDGET_CACHE": str(tmp_path / "cache")}
    runs = [subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                           text=True, check=True, cwd=ROOT).stdout.strip() for _ in range(2)]
    nones = str([None] * len(NAMES))
    assert runs == [f"{nones} True", f"{nones} False"]
    assert len(list((tmp_path / "cache" / report.PAIRS_IN_STEP).iterdir())) == len(NAMES)


# ---- the course templates (notebooks/course/, built into an nbgrader course) -------------

COURSE = NOTEBOOKS / "course"
COURSE_NAMES = sorted(p.stem for p in COURSE.glob("*.py"))


def test_course_templates_are_pairs():
    from zhuzhou_budget.course import questions

    assert COURSE_NAMES == sorted(p.stem for p in COURSE.glob("*.ipynb")) == sorted(
        questions.ASSIGNMENTS)


@pytest.mark.parametrize("name", COURSE_NAMES)
def test_course_pair_is_in_sync_stripped_with_parameters_first(name):
    text = jupytext.read(COURSE / f"{name}.py")
    ipynb = jupytext.read(COURSE / f"{name}.ipynb")
    assert text.metadata["jupytext"]["text_representation"]["format_name"] == "percent"
    for i, (a, b) in enumerate(zip(_cells(text), _cells(ipynb), strict=True)):
        assert a == b, f"{name}: cell {i} differs between the .py and the .ipynb"
    notebook = nbformat.read(COURSE / f"{name}.ipynb", as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert all(c.outputs == [] and c.execution_count is None for c in code)
    assert code[0].metadata["tags"] == ["parameters"]
    assert "ctx = student.setup(year, department, raw_path, manifest)" in code[1].source
    assert "zhuzhou_budget.extract" not in "\n".join(c.source for c in code)


def test_course_jupytext_sync_leaves_both_files_byte_identical(tmp_path):
    shutil.copy(NOTEBOOKS / "jupytext.toml", tmp_path)
    for name in COURSE_NAMES:
        for ext in (".py", ".ipynb"):
            shutil.copy(COURSE / f"{name}{ext}", tmp_path)
    before = {p: p.read_bytes() for p in sorted(tmp_path.iterdir())}
    for name in COURSE_NAMES:
        _newest(tmp_path / f"{name}.py")
    assert jupytext_cli(["--sync", "--quiet", *[str(tmp_path / f"{n}.py")
                                                for n in COURSE_NAMES]]) == 0
    assert _changed(before) == []
