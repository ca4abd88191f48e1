"""The notebooks, run the way `make report` runs them: papermill through the `report` command,
into temporary folders. One batch for 2024 serves most tests (kernels are the slow part).
Tests that start a kernel are marked `slow` (`make test-fast` skips them); the .py/.ipynb pairs
are checked in test_notebook_pairs.py."""

from __future__ import annotations

import csv
import json
import shutil
import sys
from decimal import Decimal as D
from pathlib import Path

import nbformat
import pytest
from conftest import RAW_2024, ROOT

from zhuzhou_budget import cli, report
from zhuzhou_budget.manifest import sha256_of

RUNS = report.load_runs()
NAMES = [r.name for r in RUNS]
DEPT = "zhuzhou-zjj"


def _outputs(nb) -> list[dict]:
    return [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]


def _output_text(o) -> str:
    if o.get("output_type") == "stream":
        return o.get("text", "")
    if o.get("output_type") == "error":
        return "\n".join([o.get("ename", ""), o.get("evalue", ""), *o.get("traceback", [])])
    data = o.get("data", {})
    return "\n".join(str(data[k]) for k in ("text/plain", "text/markdown", "text/html")
                     if k in data)


def _metrics(folder: Path, name: str) -> dict[str, str]:
    with (folder / f"{name}.metrics.csv").open(encoding="utf-8-sig") as fh:
        return {r["metric"]: r["value"] for r in csv.DictReader(fh)}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """Every notebook of runs.yaml for 2024, through the command line."""
    out = tmp_path_factory.mktemp("reports")
    rc = cli.main(["report", "--year", "2024", "--out", str(out), "--jobs", str(len(RUNS)),
                   "--no-progress"])
    return rc, out / "2024" / DEPT


@pytest.mark.slow
def test_batch_runs_every_notebook_and_writes_html(batch):
    rc, folder = batch
    assert rc == 0
    assert NAMES == ["01_income_structure", "02_budget_execution_variance",
                     "03_performance_findings", "04_reconciliation"]
    for name in NAMES:
        assert (folder / f"{name}.ipynb").is_file()
        html = (folder / f"{name}.html").read_text(encoding="utf-8")
        assert "<html" in html and "Glyph" not in html


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_executed_notebook_has_no_errors_or_glyph_warnings(batch, name):
    _, folder = batch
    nb = nbformat.read(folder / f"{name}.ipynb", as_version=4)
    outputs = _outputs(nb)
    assert outputs, "the notebook produced no output"
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert not [o for o in outputs if "Glyph" in _output_text(o) or "findfont" in _output_text(o)]
    assert not [o for o in outputs if o.get("name") == "stderr"], "warnings on stderr"
    assert any("image/png" in o.get("data", {}) for o in outputs), "no chart"
    assert nb.metadata["papermill"]["parameters"]["year"] == 2024


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_kernel_is_the_project_environment(batch, name):
    _, folder = batch
    info = json.loads((folder / f"{name}.run.json").read_text(encoding="utf-8"))
    # The venv's python is a symlink to the base interpreter: compare the unresolved paths.
    assert info["prefix"] == sys.prefix
    assert Path(info["python"]).is_relative_to(sys.prefix)
    assert (info["year"], info["department_id"]) == (2024, DEPT)


@pytest.mark.slow
def test_income_structure_results(batch):
    _, folder = batch
    m = _metrics(folder, "01_income_structure")
    assert D(m["income_total"]) == D("22396.43")
    assert D(m["project_share_pct"]) == D("51.2")
    assert D(m["personnel_share_pct"]) == D("81.7")
    assert D(m["three_public_completion_pct"]) == D("72.8")
    rows = _rows(folder / "01_income_structure.expenditure_by_class.csv")
    by_code = {r["code"]: r for r in rows}
    assert by_code["221"]["total"] == "7169.87" and by_code["221"]["project"] == "6035.83"
    assert by_code["208"]["project"] == ""  # blank stays blank, never 0
    assert {(r["year"], r["department_id"], r["unit"]) for r in rows} == {("2024", DEPT, "万元")}
    yoy = {r["subject"]: r for r in _rows(folder / "01_income_structure.year_on_year.csv")}
    assert yoy["general_budget.total"]["prior_year_implied"] == "19983.52"
    assert yoy["admin_costs"]["prior_year_implied"] == "1770.60"


@pytest.mark.slow
def test_budget_execution_results(batch):
    _, folder = batch
    m = _metrics(folder, "02_budget_execution_variance")
    # PI-1 on the general-budget basis: 22393.85 / 12279.22.
    assert D(m["pi1_pct"]) == D("182.4") and m["pi1_band"] == "D"
    assert D(m["pi2_class_pct"]) == D("45.53") and D(m["pi2_kuan_pct"]) == D("81.64")
    assert int(m["items"]) == 22 and D(m["items_budget_initial_total"]) == D("12279.22")
    assert int(m["unit_slips"]) == 1
    assert D(m["admin_costs_budget_implied"]) == D("825.28")
    assert D(m["performance_full_year_completion_pct"]) == D("97.8")
    pi1 = _rows(folder / "02_budget_execution_variance.pi1.csv")[0]
    assert (pi1["budget"], pi1["actual"], pi1["pi1_pct"]) == ("12279.22", "22393.85", "182.4")
    items = _rows(folder / "02_budget_execution_variance.items.csv")
    assert len(items) == 22 and items[0]["code"] == "2210399" and items[0]["variance"] == "4978.41"
    assert items[0]["completion_rate"] == "10.657439"  # ratios saved with 6 decimals
    lei = {r["code"]: r for r in _rows(folder / "02_budget_execution_variance.pi2_class.csv")}
    assert lei["221"]["deviation"] == "5092.563506"


@pytest.mark.slow
def test_performance_results(batch):
    _, folder = batch
    m = _metrics(folder, "03_performance_findings")
    assert D(m["score"]) == D("99.1") and m["grade"] == "优"
    assert int(m["achievements"]) == 10 and int(m["problems"]) == 3
    assert int(m["project_list_mismatches"]) == 1
    checks = _rows(folder / "03_performance_findings.project_list_checks.csv")
    count = next(r for r in checks if r["list"] == "public_special" and r["what"] == "count")
    assert (count["stated"], count["listed"], count["matches"]) == ("6", "7", "False")


@pytest.mark.slow
def test_reconciliation_results_match_reconcile(batch, d2024):
    from zhuzhou_budget.checks import reconcile

    _, folder = batch
    expected = reconcile(d2024)
    m = _metrics(folder, "04_reconciliation")
    assert int(m["checks_run"]) == expected.attrs["checks_run"]
    for sev in ("error", "warning", "rounding", "info"):
        assert int(m[f"{sev}_count"]) == int((expected["severity"] == sev).sum())
    saved = _rows(folder / "04_reconciliation.findings.csv")
    assert len(saved) == len(expected)
    rounding = [abs(v) for v, s in zip(expected["difference"], expected["severity"],
                                       strict=True) if s == "rounding"]
    assert D(m["rounding_max_abs_difference"]) == max(rounding)


@pytest.mark.slow
def test_html_can_hide_code(batch, tmp_path):
    _, folder = batch
    nb_path = tmp_path / "01.ipynb"
    shutil.copy(folder / "01_income_structure.ipynb", nb_path)
    hidden = report.render_html(nb_path, hide_code=True).read_text(encoding="utf-8")
    shown = report.render_html(nb_path).read_text(encoding="utf-8")
    marker = "年度 fiscal year"  # a comment of the parameters cell
    assert marker in shown and marker not in hidden
    assert "收入来源" in hidden  # the Markdown and outputs stay


@pytest.mark.parametrize("name", NAMES)
def test_committed_notebooks_are_clean(name):
    nb = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
    nbformat.validate(nb)
    ks = nb.metadata["kernelspec"]
    assert (ks["name"], ks["language"], nb.metadata["language_info"]["name"]) == (
        "python3", "python", "python")
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "parameters" in code[0].metadata.get("tags", [])
    for param in ("year", "department", "raw_path", "output_dir"):
        assert f"{param} = " in code[0].source
    assert all(not c.outputs and c.execution_count is None for c in code)
    assert "from zhuzhou_budget import" in "\n".join(c.source for c in code)
    assert "import re\n" not in "\n".join(c.source for c in code)  # no parsing of its own


@pytest.mark.slow
def test_second_department_loops_and_names_outputs(tmp_path):
    """A temporary manifest with a second (department, year): a copy of the 2024 file."""
    raw = tmp_path / "raw"
    copy = raw / "2024" / "other-2024.txt"
    copy.parent.mkdir(parents=True)
    shutil.copy(RAW_2024, copy)
    manifest = raw / "manifest.csv"
    with manifest.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["department_id", "department", "year", "kind", "file", "sha256",
                    "provenance"])
        w.writerow([DEPT, "株洲市住房和城乡建设局", 2024, "部门决算", str(RAW_2024),
                    sha256_of(RAW_2024), "test"])
        w.writerow(["other-dept", "另一个部门", 2024, "部门决算", "2024/other-2024.txt",
                    sha256_of(copy), "test copy"])
    out = tmp_path / "reports"
    rc = cli.main(["report", "--all", "--manifest", str(manifest), "--out", str(out),
                   "--notebook", "01_income_structure", "--jobs", "2", "--no-progress"])
    assert rc == 0
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.ipynb")) == sorted([
        f"2024/{DEPT}/01_income_structure.ipynb", "2024/other-dept/01_income_structure.ipynb"])
    other = out / "2024" / "other-dept"
    assert (other / "01_income_structure.html").is_file()
    nb = nbformat.read(other / "01_income_structure.ipynb", as_version=4)
    assert nb.metadata["papermill"]["parameters"]["department"] == "other-dept"
    rows = _rows(other / "01_income_structure.income_by_source.csv")
    assert {(r["department_id"], r["department"]) for r in rows} == {("other-dept", "另一个部门")}


def _tiny(path: Path, body: str) -> None:
    params = nbformat.v4.new_code_cell("year = 2024\ndepartment = 'x'\nraw_path = None\n"
                                       "output_dir = None")
    params.metadata["tags"] = ["parameters"]
    nb = nbformat.v4.new_notebook(cells=[params, nbformat.v4.new_code_cell("x = 1"),
                                         nbformat.v4.new_code_cell(body)],
                                  metadata={"kernelspec": {"name": "python3",
                                                           "display_name": "Python 3",
                                                           "language": "python"}})
    nbformat.write(nb, path)


@pytest.mark.slow
def test_failure_names_notebook_and_cell_and_keeps_other_results(tmp_path, capsys,
                                                                monkeypatch):
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    _tiny(nbs / "good.ipynb", "import os\nprint('fine', year, output_dir, os.getcwd())")
    _tiny(nbs / "bad.ipynb", "raise ValueError('boom')")
    (nbs / "runs.yaml").write_text("notebooks:\n  - notebook: bad.ipynb\n"
                                   "  - notebook: good.ipynb\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # a relative --out must still reach the kernel as a full path
    out = tmp_path / "reports"
    rc = cli.main(["report", "--year", "2024", "--runs", "nbs/runs.yaml", "--out", "reports",
                   "--jobs", "2", "--no-progress"])
    err = capsys.readouterr().err
    assert rc == 1
    # cell 3 of the executed notebook: parameters, injected parameters, x = 1, raise
    assert "FAILED bad.ipynb, cell 3 (In [4]): ValueError: boom" in err
    folder = out / "2024" / DEPT
    good = nbformat.read(folder / "good.ipynb", as_version=4)
    # Absolute output_dir; the kernel runs in the output folder; our own cwd is untouched
    # (papermill's cwd= would chdir the whole process under the worker threads).
    assert f"fine 2024 {folder} {folder}" in _output_text(_outputs(good)[0])
    assert Path.cwd() == tmp_path
    assert (folder / "good.html").is_file() and (folder / "bad.html").is_file()


def test_report_needs_a_selection(capsys):
    assert cli.main(["report"]) == 2
    assert "--all" in capsys.readouterr().err
    assert cli.main(["report", "--year", "1999"]) == 2
