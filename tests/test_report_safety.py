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

from zhuzhou_budget import cli
from zhuzhou_budget.errors import DisclosureError
from zhuzhou_budget.reporting import batch as report
from zhuzhou_budget.storage import safe_write


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
    out = report.prepare_root(tmp_path / "reports")  # the tool's folder, a link planted in it
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
              "from zhuzhou_budget.reporting.notebook import Results\n"
              "Results(Path(output_dir), 'good', keys={}).save('t', pd.DataFrame({'a': [1]}))")
    (nbs / "runs.yaml").write_text("notebooks:\n  - notebook: good.ipynb\n", encoding="utf-8")
    out = report.prepare_root(tmp_path / "reports")  # a reports folder the tool owns…
    folder = out / "2024" / "zhuzhou-zjj"
    folder.mkdir(parents=True)
    victims = {}  # …with links planted in it
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


# ---- `report` under the same guard as `build` ---------------------------------------------

def _one_line_exit_2(argv: list[str], capsys) -> str:
    rc = cli.main(argv)
    err = capsys.readouterr().err
    assert rc == 2, err
    assert err.count("\n") == 1 and err.startswith("error: ") and "Traceback" not in err
    return err


def test_report_with_a_malformed_manifest_is_one_line(tmp_path, capsys):
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("department_id,department,year,kind,file,sha256,provenance\n"
                        "BAD ID,x,20x4,k,../f.txt,zz,p\n", encoding="utf-8")
    err = _one_line_exit_2(["report", "--all", "--manifest", str(manifest), "--out",
                            str(tmp_path / "r"), "--no-progress"], capsys)
    assert str(manifest) in err
    manifest.write_bytes(b"\xff\xfe\x00garbage")
    _one_line_exit_2(["report", "--all", "--manifest", str(manifest), "--out",
                      str(tmp_path / "r"), "--no-progress"], capsys)


@pytest.mark.parametrize("where", ["under-a-file", "proc"])
def test_report_into_an_unwritable_folder_is_one_line(tmp_path, capsys, where):
    if where == "under-a-file":
        (tmp_path / "file").write_text("x", encoding="utf-8")
        out = tmp_path / "file" / "reports"
    else:
        out = Path("/proc/zhuzhou-budget-reports")  # not writable, even by root
    err = _one_line_exit_2(["report", "--department", "zhuzhou-zjj", "--out", str(out),
                            "--notebook", "00_summary", "--no-progress"], capsys)
    assert "cannot write" in err


def test_report_refuses_a_users_folder_and_keeps_its_files(tmp_path, capsys):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "index.html").write_text("my page", encoding="utf-8")
    (out / "00_summary.html").write_text("my summary", encoding="utf-8")
    err = _one_line_exit_2(["report", "--department", "zhuzhou-zjj", "--out", str(out),
                            "--notebook", "00_summary", "--no-progress"], capsys)
    assert "not a reports folder" in err
    assert sorted(p.name for p in out.iterdir()) == ["00_summary.html", "index.html"]
    assert (out / "index.html").read_text(encoding="utf-8") == "my page"


@pytest.mark.parametrize("out", ["data/raw", "data/raw/2024", "data", "."])
def test_report_never_writes_beside_the_raw_data(out, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    before = sorted(p.name for p in (ROOT / "data" / "raw").iterdir())
    err = _one_line_exit_2(["report", "--department", "zhuzhou-zjj", "--out", out,
                            "--notebook", "00_summary", "--no-progress"], capsys)
    assert "raw data" in err
    assert sorted(p.name for p in (ROOT / "data" / "raw").iterdir()) == before


def test_report_refuses_a_symlink_as_its_root(tmp_path, capsys):
    (tmp_path / "target").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "target", target_is_directory=True)
    _one_line_exit_2(["report", "--department", "zhuzhou-zjj", "--out",
                      str(tmp_path / "link"), "--notebook", "00_summary", "--no-progress"],
                     capsys)
    assert list((tmp_path / "target").iterdir()) == []


def test_a_reports_folder_of_the_tool_is_accepted_again(tmp_path):
    first = report.prepare_root(tmp_path / "r")
    (first / "2024").mkdir()
    assert report.prepare_root(tmp_path / "r") == first
    assert (first / report.MARKER).is_file()


@pytest.mark.parametrize("jobs", ["0", "-1", "5000"])
def test_report_jobs_are_validated_like_build(tmp_path, capsys, jobs):
    err = _one_line_exit_2(["report", "--department", "zhuzhou-zjj", "--out",
                            str(tmp_path / "r"), "--jobs", jobs, "--no-progress"], capsys)
    assert "--jobs" in err
    assert not (tmp_path / "r").exists()


@pytest.mark.parametrize("text", ["notebooks: [", "- just\n- a list\n", "notebooks: 3\n",
                                  "notebooks:\n  - scope: document\n",
                                  "notebooks:\n  - notebook: missing.ipynb\n"])
def test_a_malformed_runs_list_is_one_line(tmp_path, capsys, text):
    runs = tmp_path / "runs.yaml"
    runs.write_text(text, encoding="utf-8")
    err = _one_line_exit_2(["report", "--department", "zhuzhou-zjj", "--runs", str(runs),
                            "--out", str(tmp_path / "r"), "--no-progress"], capsys)
    assert str(runs) in err


def test_a_full_disk_is_one_line_naming_the_path(tmp_path):
    import errno

    from zhuzhou_budget.errors import DisclosureError
    from zhuzhou_budget.storage import safe_write

    target = tmp_path / "00_summary.html"
    target.write_text("old", encoding="utf-8")

    def full(tmp: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(DisclosureError) as info:
        safe_write.replace(target, full)
    message = str(info.value)
    assert str(target) in message and "No space left on device" in message
    assert "\n" not in message
    assert target.read_text(encoding="utf-8") == "old"  # the previous file kept
    assert sorted(p.name for p in tmp_path.iterdir()) == ["00_summary.html"]  # no temporary
