"""Careless or hostile use: no lost files, no writes outside the output root, no hangs on odd
inputs, no tracebacks where a one-line error belongs, and a kill never loses the output."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import RAW_2024, ROOT

from zhuzhou_budget import cli
from zhuzhou_budget.errors import DisclosureError, ManifestError
from zhuzhou_budget.sources import manifest
from zhuzhou_budget.storage import outfolder
from zhuzhou_budget.storage.build import write_outputs

CLI = [sys.executable, "-m", "zhuzhou_budget"]


def _run(*args: str, cwd: Path = ROOT, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], cwd=cwd, capture_output=True, text=True, timeout=120,
                          **kw)


def _one_line_exit_2(proc: subprocess.CompletedProcess, *words: str) -> str:
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    assert "Traceback" not in proc.stderr
    for w in words:
        assert w in lines[0]
    return lines[0]


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# ---- output folders -------------------------------------------------------------------------

def test_a_users_folder_is_refused_and_kept(tmp_path, d2024):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.docx").write_bytes(b"years of work")
    with pytest.raises(DisclosureError, match="was not written by zhuzhou_budget"):
        write_outputs(d2024, mine)
    assert _tree(mine) == {"thesis.docx": b"years of work"}


def test_the_current_directory_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("keep", encoding="utf-8")
    proc = _run("build", str(RAW_2024), "--out", ".", cwd=tmp_path)
    _one_line_exit_2(proc, "was not written by zhuzhou_budget")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_a_symlink_as_output_is_refused_and_its_target_kept(tmp_path, d2024):
    target = tmp_path / "target"
    target.mkdir()
    (target / "keep.txt").write_text("keep", encoding="utf-8")
    link = tmp_path / "link"
    link.symlink_to(target)
    with pytest.raises(DisclosureError, match="symbolic link"):
        write_outputs(d2024, link)
    assert _tree(target) == {"keep.txt": b"keep"}


def test_a_folder_holding_the_raw_data_is_refused():
    before = _tree(ROOT / "data" / "raw")
    for out in ("data", "data/raw", "data/raw/2024"):
        _one_line_exit_2(_run("build", str(RAW_2024), "--out", out), "raw data")
    assert _tree(ROOT / "data" / "raw") == before


def test_an_own_output_is_replaced_with_no_temporaries_left(tmp_path, d2024):
    out = tmp_path / "out"
    write_outputs(d2024, out)
    first = _tree(out)
    assert outfolder.MARKER in first and "facts.csv" in first
    (out / "stale.csv").write_text("from an older run", encoding="utf-8")
    write_outputs(d2024, out)
    assert _tree(out) == first  # replaced whole: the stray file is gone, the rest identical
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_an_empty_folder_may_be_used(tmp_path, d2024):
    out = tmp_path / "empty"
    out.mkdir()
    write_outputs(d2024, out)
    assert (out / "facts.csv").is_file()


def test_a_kill_between_two_renames_is_repaired_by_the_next_run(tmp_path, d2024):
    """Where the atomic exchange is unavailable, a kill between the two renames leaves the
    old output under a temporary name: the next run restores it, then replaces it."""
    out = tmp_path / "out"
    write_outputs(d2024, out)
    work = tmp_path / ".out.work"  # where the output's temporaries are made
    work.mkdir()
    old = work / "old-abc123"
    out.rename(old)
    stale = work / "tmp-def456"
    stale.mkdir()
    (stale / outfolder.MARKER).write_text(outfolder.MARKER_TEXT, encoding="utf-8")
    (stale / "half.csv").write_text("half", encoding="utf-8")
    foreign = work / "tmp-users"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("not ours", encoding="utf-8")
    write_outputs(d2024, out)
    assert (out / "datapackage.json").is_file()
    assert not old.exists() and not stale.exists()
    assert (foreign / "keep.txt").read_text(encoding="utf-8") == "not ours"


def test_the_temporaries_of_a_folder_are_looked_for_in_its_own_work_folder(tmp_path, d2024,
                                                                          monkeypatch):
    """Writing many folders side by side stays linear: a folder's repair looks in its own
    .<name>.work/ only, never lists the siblings, and leaves nothing behind."""
    for i in range(3):
        write_outputs(d2024, tmp_path / f"out{i}")
    listed: list[Path] = []
    real_glob = Path.glob

    def glob(self, pattern):
        listed.append(self)
        return real_glob(self, pattern)

    monkeypatch.setattr(Path, "glob", glob)
    (tmp_path / ".out1.work").mkdir()  # what a killed run of out1 left: looked into
    write_outputs(d2024, tmp_path / "out1")
    assert set(listed) == {tmp_path / ".out1.work"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out0", "out1", "out2"]


def test_the_two_rename_fallback_keeps_the_output(tmp_path, d2024, monkeypatch):
    out = tmp_path / "out"
    write_outputs(d2024, out)
    monkeypatch.setattr(outfolder, "_exchange", lambda a, b: False)
    write_outputs(d2024, out)
    assert (out / "facts.csv").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_write_error_is_one_line_and_keeps_the_old_output(tmp_path, d2024, monkeypatch):
    out = tmp_path / "out"
    write_outputs(d2024, out)
    before = _tree(out)
    from zhuzhou_budget.storage import build

    def disk_full(folder, path, text):  # _write_text(folder, path, text)
        raise OSError(28, "No space left on device", f"{folder}/{path}")

    monkeypatch.setattr(build, "_write_text", disk_full)
    with pytest.raises(DisclosureError, match="No space left on device"):
        write_outputs(d2024, out)
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


@pytest.mark.slow
def test_kills_at_random_instants_never_lose_the_output(tmp_path):
    """SIGKILL and SIGTERM at random moments of a build over an existing output: the folder
    always holds one complete output; the next build cleans up every temporary."""
    out = tmp_path / "out"
    assert _run("build", str(RAW_2024), "--out", str(out)).returncode == 0
    complete = sorted(_tree(out))
    rng = random.Random(11)
    for k in range(8):
        proc = subprocess.Popen([*CLI, "build", str(RAW_2024), "--out", str(out)], cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 1.6))
        proc.send_signal(signal.SIGKILL if k % 2 else signal.SIGTERM)
        proc.wait(timeout=60)
        assert sorted(_tree(out)) == complete, f"kill {k}"
    assert _run("build", str(RAW_2024), "--out", str(out)).returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


@pytest.mark.slow
def test_concurrent_builds_to_one_folder_both_succeed(tmp_path):
    out = tmp_path / "out"
    for _ in range(3):
        procs = [subprocess.Popen([*CLI, "build", str(RAW_2024), "--out", str(out)], cwd=ROOT,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(2)]
        for p in procs:
            _, err = p.communicate(timeout=120)
            assert p.returncode == 0, err
    assert (out / "facts.csv").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


# ---- manifests ------------------------------------------------------------------------------

def _manifest(tmp_path: Path, row: dict[str, str], bom: bool = False) -> Path:
    raw = tmp_path / "raw"
    (raw / "2024").mkdir(parents=True, exist_ok=True)
    shutil.copy(RAW_2024, raw / "2024" / RAW_2024.name)
    fields = manifest.FIELDS
    base = {"department_id": "zhuzhou-zjj", "department": "株洲市住房和城乡建设局",
            "year": "2024", "kind": "部门决算", "file": f"2024/{RAW_2024.name}",
            "sha256": manifest.sha256_of(RAW_2024), "provenance": "test"}
    base.update(row)
    text = ",".join(fields) + "\n" + ",".join(base[f] for f in fields) + "\n"
    path = raw / "manifest.csv"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


@pytest.mark.parametrize("field,value,why", [
    ("department_id", "../../../victim", "is not a slug"),
    ("department_id", "Zhuzhou ZJJ", "is not a slug"),
    ("year", "2024x", "is not a year"),
    ("file", "", "is empty"),
    ("sha256", "abc", "is not a sha256"),
])
def test_a_bad_manifest_row_is_named(tmp_path, field, value, why):
    path = _manifest(tmp_path, {field: value})
    with pytest.raises(ManifestError, match=why) as info:
        manifest.read_manifest(path)
    assert "line 2" in str(info.value) and field in str(info.value)
    out = tmp_path / "processed"
    rc = cli.main(["build-all", "--manifest", str(path), "--out", str(out)])
    assert rc == 2 and not out.exists()
    assert not (tmp_path.parent / "victim").exists()


def test_a_manifest_with_a_bom_is_read(tmp_path):
    path = _manifest(tmp_path, {}, bom=True)
    (entry,) = manifest.read_manifest(path)
    assert (entry.department_id, entry.year) == ("zhuzhou-zjj", 2024)


def test_a_broken_manifest_does_not_stop_files_outside_it(tmp_path, monkeypatch):
    broken = _manifest(tmp_path, {"year": "2024x"})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    copy = elsewhere / "doc.txt"
    shutil.copy(RAW_2024, copy)
    import zhuzhou_budget as zb

    d = zb.load(copy, manifest=broken)
    assert len(d.facts) == 1008 and d.meta.year == 2024


# ---- inputs ---------------------------------------------------------------------------------

def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    _one_line_exit_2(_run("build", str(fifo), "--out", str(tmp_path / "o")), "not a regular file")


@pytest.mark.parametrize("path,words", [("/dev/zero", "not a regular file"),
                                        ("/tmp", "is a folder")])
def test_devices_and_folders_are_refused(path, words, tmp_path):
    _one_line_exit_2(_run("check", path), words)


def test_a_symlink_loop_is_one_line(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.symlink_to(b)
    b.symlink_to(a)
    _one_line_exit_2(_run("check", str(a)), "cannot read file")


def test_the_input_size_limit_is_validated_and_applied(tmp_path):
    env = dict(os.environ)
    for bad in ("inf", "nan", "-1", "lots"):
        env["ZHUZHOU_BUDGET_MAX_INPUT_MB"] = bad
        _one_line_exit_2(_run("check", str(RAW_2024), env=env), "ZHUZHOU_BUDGET_MAX_INPUT_MB")
    env["ZHUZHOU_BUDGET_MAX_INPUT_MB"] = "0.01"
    _one_line_exit_2(_run("check", str(RAW_2024), env=env), "more than the input limit")


def test_an_unexpected_exception_exits_2_in_one_line(monkeypatch, capsys):
    from zhuzhou_budget import disclosure

    def boom(*a, **kw):
        raise IndexError("list index out of range")

    # the command imports `load` when it runs (cli.py): the module's own is replaced
    monkeypatch.setattr(disclosure, "load", boom)
    assert cli.main(["check", str(RAW_2024)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "unexpected IndexError in check" in err[0] and str(RAW_2024) in err[0]


# ---- child processes --------------------------------------------------------------------------

def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGHUP])
def test_the_pdf_worker_and_its_jvm_die_with_their_parent(sig):
    """A PDF build killed at any moment leaves no extraction worker (and no JVM) behind."""
    pdf = ROOT / "tests" / "data" / "shanghai-putuo-czj-2024-final-accounts.pdf"
    script = ("import sys, zhuzhou_budget as zb\n"
              "from zhuzhou_budget.cli import run\n"
              f"sys.argv = ['zb', 'check', {str(pdf)!r}]\n"
              "while True:\n    zb.load(sys.argv[2])\n")
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while time.monotonic() < deadline and not workers:
        time.sleep(0.2)
        workers = _children(proc.pid)
    assert workers, "the PDF worker never started"
    time.sleep(1.0)  # the worker is busy extracting (its JVM running)
    proc.send_signal(sig)
    proc.wait(timeout=30)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.2)
    assert not any(_alive(w) for w in workers)


def test_a_text_that_quotes_the_pdf_marker_is_text(tmp_path):
    from zhuzhou_budget.extract.pdf import is_pdf

    text = tmp_path / "notes.txt"
    text.write_text("说明：PDF 文件以 %PDF-1.7 开头。\n" + RAW_2024.read_text(encoding="utf-8"),
                    encoding="utf-8")
    assert not is_pdf(text)
    assert is_pdf(ROOT / "tests" / "data" / "zhuzhou-zjj-2024.pdf")
    binary = tmp_path / "junk.pdf"
    binary.write_bytes(b"\x00\x01\x02garbage %PDF-1.4\n" + bytes(range(256)))
    assert is_pdf(binary)


@pytest.mark.parametrize("value", ["inf", "nan", "1e308", "-5", "soon"])
def test_the_pdf_timeout_is_validated(value):
    env = dict(os.environ, ZHUZHOU_BUDGET_PDF_TIMEOUT=value)
    proc = _run("check", str(ROOT / "tests" / "data" / "zhuzhou-zjj-2024.pdf"), env=env)
    _one_line_exit_2(proc, "ZHUZHOU_BUDGET_PDF_TIMEOUT")


# ---- zb.load's arguments and the batch API (issue 19) ------------------------------------

@pytest.mark.parametrize(("given", "words"), [
    (RAW_2024.read_bytes(), "pass a path"),
    (bytearray(b"abc"), "pass a path"),
    ("https://example.com/accounts.pdf", "URL is not supported"),
    ("file:///etc/passwd", "URL is not supported"),
    (RAW_2024.read_text(encoding="utf-8")[:5000], "not its contents"),
    (12345, "pass a path"),
    (None, "pass a path"),
])
def test_load_of_anything_but_a_path_is_one_line(given, words):
    import zhuzhou_budget as zb

    with pytest.raises(DisclosureError, match=words) as info:
        zb.load(given)
    assert "\n" not in str(info.value)


def test_load_of_an_open_file_is_one_line():
    import zhuzhou_budget as zb

    with RAW_2024.open("rb") as fh, pytest.raises(DisclosureError, match="pass a path"):
        zb.load(fh)


@pytest.mark.parametrize("kw", [{"max_pages": 0}, {"max_pages": True}, {"max_pages": 2.5},
                                {"max_pages": -1}, {"max_pages": "3"}, {"timeout": True},
                                {"timeout": 0}, {"timeout": float("nan")},
                                {"timeout": float("inf")}, {"timeout": "5"}])
def test_load_limits_are_whole_positive_numbers(kw):
    import zhuzhou_budget as zb

    with pytest.raises(DisclosureError, match=next(iter(kw))) as info:
        zb.load(ROOT / "tests" / "data" / "zhuzhou-zjj-2024.pdf", **kw)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_text_with_its_bom_is_read_as_text(tmp_path, encoding, d2024):
    import zhuzhou_budget as zb

    text = RAW_2024.read_text(encoding="utf-8")
    path = tmp_path / "unicode.txt"
    data = text.encode(encoding)
    path.write_bytes(data if encoding == "utf-16" else b"\xfe\xff" + data)
    d = zb.load(path)
    assert d.facts.equals(d2024.facts)
    assert (d.meta.department, d.meta.year) == (d2024.meta.department, d2024.meta.year)


def test_a_cut_utf16_file_is_one_line(tmp_path):
    import zhuzhou_budget as zb

    path = tmp_path / "cut.txt"
    path.write_bytes(RAW_2024.read_text(encoding="utf-8").encode("utf-16")[:1001])
    with pytest.raises(DisclosureError, match="UTF-16") as info:
        zb.load(path)
    assert "\n" not in str(info.value)


def test_the_batch_api_without_a_main_guard_fails_with_one_message(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for name in ("a-2024.txt", "b-2024.txt"):
        shutil.copyfile(RAW_2024, src / name)
    script = tmp_path / "script.py"
    script.write_text("from zhuzhou_budget.corpus import batch\n"
                      f"batch.build([{str(src)!r}], {str(tmp_path / 'out')!r}, jobs=2, "
                      "progress=False)\nprint('built')\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=120, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert proc.returncode != 0 and "built" not in proc.stdout
    assert proc.stderr.count("Traceback") == 1  # the one error, not one per worker
    assert 'if __name__ == "__main__":' in proc.stderr.splitlines()[-1]
    assert "line 2" in proc.stderr.splitlines()[-1]
    guarded = tmp_path / "guarded.py"
    guarded.write_text("from zhuzhou_budget.corpus import batch\n"
                       "if __name__ == '__main__':\n"
                       f"    o = batch.build([{str(src)!r}], {str(tmp_path / 'out2')!r}, "
                       "jobs=2, progress=False)\n    print('built', len(o.rows))\n",
                       encoding="utf-8")
    proc = subprocess.run([sys.executable, str(guarded)], capture_output=True, text=True,
                          timeout=120, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert proc.returncode == 0 and "built 2" in proc.stdout, proc.stderr
