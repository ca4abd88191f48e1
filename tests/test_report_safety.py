"""The report batch's safety: files written to a temporary name and renamed (never through a
symlink in the output folder), output folders with symlinks below the root refused, paths kept
inside the root, and runs.yaml parameters limited to what a notebook declares (papermill
writes their names into code)."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT

from zhuzhou_budget import cli, report, safe_write
from zhuzhou_budget.errors import DisclosureError


def test_replace_swaps_a_symlink_instead_of_writing_through_it(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "page.html").symlink_to(victim)
    safe_write.write_text(out / "page.html", "<html>report</html>")
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert not (out / "page.html").is_symlink()
    assert (out / "page.html").read_text(encoding="utf-8") == "<html>report</html>"
    assert [p.name for p in out.iterdir()] == ["page.html"]  # no temporary left


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "a.csv"
    target.write_text("old", encoding="utf-8")

    def boom(tmp: Path) -> None:
        tmp.write_text("half", encoding="utf-8")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        safe_write.replace(target, boom)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.csv"]


def test_folder_refuses_symlinks_below_the_root_and_paths_outside(tmp_path):
    root = tmp_path / "reports"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    root.mkdir()
    (root / "2024").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(safe_write.UnsafePath, match="symbolic link"):
        safe_write.folder(root, root / "2024" / "dept")
    assert not (elsewhere / "dept").exists()
    with pytest.raises(safe_write.UnsafePath, match="not under"):
        safe_write.folder(root, tmp_path / "other")
    with pytest.raises(safe_write.UnsafePath, match="outside"):
        safe_write.inside(root, root / "2024" / "x")  # resolves into `elsewhere`
    # The root itself may be a link (the user chose it); what is below it may not.
    link_root = tmp_path / "link-root"
    link_root.symlink_to(root, target_is_directory=True)
    assert safe_write.folder(link_root, link_root / "corpus") == (root / "corpus").resolve()


def test_report_refuses_a_symlinked_output_folder(tmp_path, capsys):
    out = tmp_path / "reports"
    (out / "2024").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (out / "2024" / "zhuzhou-zjj").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    rc = cli.main(["report", "--department", "zhuzhou-zjj", "--out", str(out),
                   "--notebook", "01_income_structure", "--no-progress"])
    err = capsys.readouterr().err
    assert rc == 2
    assert err.count("\n") == 1 and "symbolic link" in err and "zhuzhou-zjj" in err
    assert list((tmp_path / "elsewhere").iterdir()) == []


def _notebook(path: Path, params: str, body: str) -> None:
    cell = nbformat.v4.new_code_cell(params)
    cell.metadata["tags"] = ["parameters"]
    nbformat.write(nbformat.v4.new_notebook(
        cells=[cell, nbformat.v4.new_code_cell(body)],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}}), path)


PARAMS = "year = 2024\ndepartment = 'x'\nraw_path = None\noutput_dir = None\nlimit = 3"


@pytest.mark.parametrize("name, why", [
    ("undeclared", "parameter 'undeclared' is not declared"),
    ("__import__('os').system('true') or x", "is not declared"),
    ("x = 1\nimport os\ny", "is not declared"),
])
def test_runs_list_accepts_only_declared_parameters(tmp_path, capsys, name, why):
    _notebook(tmp_path / "n.ipynb", PARAMS, "print(limit)")
    (tmp_path / "runs.yaml").write_text(
        "notebooks:\n  - notebook: n.ipynb\n    parameters: {" + repr(name) + ": 1}\n",
        encoding="utf-8")
    rc = cli.main(["report", "--year", "2024", "--runs", str(tmp_path / "runs.yaml"),
                   "--out", str(tmp_path / "out"), "--no-progress"])
    err = capsys.readouterr().err
    assert rc == 2 and err.count("\n") == 1 and why in err, err
    assert not (tmp_path / "out").exists()


def test_runs_list_checks_values_scope_and_the_batch_parameters(tmp_path):
    _notebook(tmp_path / "n.ipynb", PARAMS, "print(limit)")
    runs = tmp_path / "runs.yaml"
    runs.write_text("notebooks:\n  - notebook: n.ipynb\n    parameters: {limit: 5}\n",
                    encoding="utf-8")
    assert report.load_runs(runs)[0].parameters == {"limit": 5}
    assert report.declared_parameters(tmp_path / "n.ipynb") == {
        "year", "department", "raw_path", "output_dir", "limit"}
    runs.write_text("notebooks:\n  - notebook: n.ipynb\n    scope: everything\n",
                    encoding="utf-8")
    with pytest.raises(DisclosureError, match="scope must be one of document, corpus"):
        report.load_runs(runs)
    runs.write_text("notebooks:\n  - notebook: n.ipynb\n    scope: corpus\n", encoding="utf-8")
    with pytest.raises(DisclosureError, match="does not declare panel, years, departments"):
        report.load_runs(runs)


def test_bundled_runs_list_is_accepted():
    runs = report.load_runs()
    assert [(r.name, r.scope) for r in runs][-1] == ("05_corpus", "corpus")
    assert all(r.notebook.parent == ROOT / "notebooks" for r in runs)


@pytest.mark.slow
def test_report_replaces_symlinks_planted_in_the_output_folder(tmp_path):
    """A kernel run: the executed notebook, its HTML and a CSV it saves all land as new files;
    the files the planted links pointed at are untouched."""
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    _notebook(nbs / "good.ipynb", "year = 2024\ndepartment = 'x'\nraw_path = None\n"
              "output_dir = None",
              "import pandas as pd\nfrom pathlib import Path\n"
              "from zhuzhou_budget.notebook import Results\n"
              "Results(Path(output_dir), 'good', keys={}).save('t', pd.DataFrame({'a': [1]}))")
    (nbs / "runs.yaml").write_text("notebooks:\n  - notebook: good.ipynb\n", encoding="utf-8")
    out = tmp_path / "reports"
    folder = out / "2024" / "zhuzhou-zjj"
    folder.mkdir(parents=True)
    victims = {}
    for name in ("good.ipynb", "good.html", "good.t.csv", "index.html"):
        victim = tmp_path / f"victim-{name}"
        victim.write_text("keep me", encoding="utf-8")
        where = out if name == "index.html" else folder
        (where / name).symlink_to(victim)
        victims[where / name] = victim
    rc = cli.main(["report", "--department", "zhuzhou-zjj", "--runs", str(nbs / "runs.yaml"),
                   "--out", str(out), "--no-progress"])
    assert rc == 0
    for link, victim in victims.items():
        assert victim.read_text(encoding="utf-8") == "keep me", victim.name
        assert link.is_file() and not link.is_symlink(), link.name
    assert (folder / "good.t.csv").read_text(encoding="utf-8-sig").splitlines() == ["a,unit",
                                                                                  "1,万元"]
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]
    assert os.stat(folder / "good.html").st_mode & 0o777 == 0o644
