"""The corpus as trustworthy as `build`: SQL through the tool reaches the panel and nothing
else; a tampered panel is refused; a long-lived connection never serves an old corpus; one
lock per corpus root, documents.csv and panel/ changed together; folder corpora stay inside
their folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import RAW_2024

import zhuzhou_budget as zb
from zhuzhou_budget import cli
from zhuzhou_budget.corpus import batch
from zhuzhou_budget.corpus.query import QueryError
from zhuzhou_budget.errors import DisclosureError


def _corpus(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        shutil.copyfile(RAW_2024, folder / f"dept{i}-2024.txt")
    return folder


@pytest.fixture
def built(tmp_path) -> Path:
    out = tmp_path / "out"
    batch.build([_corpus(tmp_path / "src", 2)], out, jobs=1, progress=False)
    return out


# ---- SQL confined to the panel ----------------------------------------------------------

ESCAPES = [
    "select * from read_csv('/etc/passwd')",
    "select * from read_text('/etc/hostname')",
    "select * from glob('/root/*')",
    "select * from glob('{home}/*')",
    "copy documents to '{tmp}/x.csv'",
    "copy (select 1 as a) to '{out}/documents.csv'",
    "copy (select 1 as a) to '{out}/panel/facts/year=2024/part-0.parquet' (format parquet)",
    "export database '{tmp}/dump'",
    "attach '{tmp}/other.db' as other",
    "install httpfs",
    "load httpfs",
    "select * from read_parquet('https://example.com/x.parquet')",
    "set enable_external_access = true",
    "reset lock_configuration",
    "create table facts2 as select * from facts",
]


@pytest.mark.parametrize("query", ESCAPES)
def test_sql_reaches_the_panel_and_nothing_else(built, tmp_path, query, capsys):
    query = query.format(tmp=tmp_path, out=built, home=Path.home())
    before = {p: p.read_bytes() for p in built.rglob("*") if p.is_file()}
    with pytest.raises(QueryError) as info:
        zb.sql(query, path=built)
    assert "\n" not in str(info.value)
    con = zb.connect(built)
    try:
        with pytest.raises(QueryError):
            con.sql(query)
        with pytest.raises(QueryError):
            con.execute(query)
    finally:
        con.close()
    assert cli.main(["corpus", "sql", query, "--panel", str(built)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: ")
    assert not (tmp_path / "x.csv").exists() and not (tmp_path / "dump").exists()
    assert {p: p.read_bytes() for p in built.rglob("*") if p.is_file()} == before
    assert len(zb.panel(built)["facts"]) == 2 * 1008  # still whole


def test_the_panel_is_still_queried_in_full(built):
    assert zb.sql("select count(*) n from documents", path=built)["n"][0] == 2
    with zb.connect(built) as con:
        assert con.execute("select count(*) from facts").fetchall() == [(2 * 1008,)]
        assert con.sql("select count(*) from metrics").fetchall()[0][0] > 0


@pytest.mark.parametrize(("query", "words"), [
    ("selec * from facts", "syntax error"),
    ("select * from no_such_table", "no_such_table"),
    ("select no_such_column from facts", "no_such_column"),
])
def test_a_sql_mistake_is_the_users_error_in_one_line(built, query, words, capsys):
    assert cli.main(["corpus", "sql", query, "--panel", str(built)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words in err and "unexpected" not in err


# ---- a tampered panel is refused ---------------------------------------------------------

def _part(out: Path) -> Path:
    return out / "panel" / "facts" / "year=2024" / "part-0.parquet"


def _one_column(out: Path) -> None:
    pq.write_table(pa.table({"a": [1]}), _part(out))


def _fewer_rows(out: Path) -> None:
    table = pq.read_table(_part(out))
    pq.write_table(table.slice(0, 10), _part(out))


def _same_shape_other_bytes(out: Path) -> None:
    table = pq.read_table(_part(out))
    pq.write_table(table, _part(out), compression="gzip")


def _documents_removed(out: Path) -> None:
    (out / "panel" / "documents.parquet").unlink()


def _package_garbled(out: Path) -> None:
    (out / "panel" / "datapackage.json").write_text("{not json", encoding="utf-8")


def _rows_edited(out: Path) -> None:
    path = out / "panel" / "datapackage.json"
    pkg = json.loads(path.read_text(encoding="utf-8"))
    pkg["resources"][0]["rows"] += 1
    path.write_text(json.dumps(pkg), encoding="utf-8")


def _duckdb_replaced(out: Path) -> None:
    import duckdb

    path = out / "panel" / "panel.duckdb"
    path.unlink()
    con = duckdb.connect(str(path))
    con.execute("create table facts as select 1 as a")
    con.close()


@pytest.mark.parametrize("tamper", [_one_column, _fewer_rows, _same_shape_other_bytes,
                                    _documents_removed, _package_garbled, _rows_edited,
                                    _duckdb_replaced])
def test_a_tampered_panel_is_refused_in_one_line(built, tamper, capsys):
    zb.panel(built)  # verified once: the check must still see the change
    tamper(built)
    for read in (zb.panel, zb.connect, lambda p: zb.sql("select 1", path=p)):
        with pytest.raises(DisclosureError) as info:
            read(built)
        assert "\n" not in str(info.value)
    assert cli.main(["corpus", "sql", "select 1", "--panel", str(built)]) == 2
    assert capsys.readouterr().err.count("\n") == 1


# ---- a long-lived session sees the truth -------------------------------------------------

def test_after_a_rebuild_the_next_query_sees_the_new_corpus(tmp_path):
    src, out = _corpus(tmp_path / "src", 2), tmp_path / "out"
    batch.build([src], out, jobs=1, progress=False)
    held = zb.connect(out)  # a notebook keeps this open across the rebuild
    assert held.execute("select count(*) from documents").fetchall() == [(2,)]
    assert zb.sql("select count(*) n from documents", path=out)["n"][0] == 2
    shutil.copyfile(RAW_2024, src / "dept9-2024.txt")
    batch.build([src], out, jobs=1, progress=False)
    assert zb.sql("select count(*) n from documents", path=out)["n"][0] == 3
    assert len(zb.panel(out)["documents"]) == 3
    with zb.connect(out) as fresh:
        assert fresh.execute("select count(*) from documents").fetchall() == [(3,)]
    assert held.stale()
    with pytest.raises(QueryError, match="stale"):
        held.execute("select count(*) from documents")
    held.close()


# ---- one corpus, one lock ----------------------------------------------------------------

def _consistent(out: Path) -> list[str]:
    """documents.csv, the panel and the document folders agree; the sources listed."""
    import csv
    import io

    ledger = list(csv.DictReader(io.StringIO((out / "documents.csv").read_text("utf-8"))))
    panel = zb.panel(out)["documents"]
    assert [r["source"] for r in ledger] == panel["source"].tolist()
    outputs = sorted(r["output"] for r in ledger if r["output"])
    # (a kill may leave a hidden temporary beside a folder, or in its hidden .<name>.work/:
    # the next run removes it)
    folders = sorted(f"{p.parent.name}/{p.name}" for p in out.glob("*/*")
                     if (p / ".zhuzhou-budget-output").is_file() and p.parent.name != "panel"
                     and not p.name.startswith(".") and not p.parent.name.startswith("."))
    assert outputs == folders
    return [r["source"] for r in ledger]


def _cli(*args: str):
    import subprocess
    import sys

    from conftest import ROOT

    return subprocess.Popen([sys.executable, "-m", "zhuzhou_budget", *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_concurrent_runs_into_one_root_leave_one_corpus(tmp_path):
    a = _corpus(tmp_path / "a", 2)
    b = _corpus(tmp_path / "b", 3)
    out = tmp_path / "out"
    runs = [_cli("corpus", "build", str(src), "--out", str(out), "-j", "1", "--no-progress")
            for src in (a, b)]
    for proc in runs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    sources = _consistent(out)
    assert sources in (["dept0-2024.txt", "dept1-2024.txt"],
                       ["dept0-2024.txt", "dept1-2024.txt", "dept2-2024.txt"])


def test_documents_csv_changes_with_the_panel_in_one_step(built):
    link = built / "documents.csv"
    assert link.is_symlink() and link.resolve() == (built / "panel" / "documents.csv").resolve()
    _consistent(built)


@pytest.mark.parametrize("delay", [0.8, 1.6, 2.4, 3.2])
def test_a_kill_at_any_instant_leaves_the_ledger_and_panel_agreeing(tmp_path, delay):
    import signal
    import time

    src, out = _corpus(tmp_path / "src", 2), tmp_path / "out"
    batch.build([src], out, jobs=1, progress=False)
    shutil.copyfile(RAW_2024, src / "dept2-2024.txt")
    proc = _cli("corpus", "build", str(src), "--out", str(out), "-j", "1", "--force",
                "--no-progress")
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    assert _consistent(out) in (["dept0-2024.txt", "dept1-2024.txt"],
                                ["dept0-2024.txt", "dept1-2024.txt", "dept2-2024.txt"])
    batch.build([src], out, jobs=1, progress=False)
    assert _consistent(out) == ["dept0-2024.txt", "dept1-2024.txt", "dept2-2024.txt"]
    assert not [p for p in out.rglob(".*") if p.name.endswith(".work")]


def test_a_document_removed_from_the_source_leaves_no_folder(tmp_path):
    src, out = _corpus(tmp_path / "src", 3), tmp_path / "out"
    batch.build([src], out, jobs=1, progress=False)
    mine = out / "2024" / "my-notes"
    mine.mkdir()
    (mine / "keep.txt").write_text("mine", encoding="utf-8")
    (src / "dept2-2024.txt").unlink()
    batch.build([src], out, jobs=1, progress=False)
    assert _consistent(out) == ["dept0-2024.txt", "dept1-2024.txt"]
    assert sorted(p.name for p in (out / "2024").iterdir()) == ["dept0", "dept1", "my-notes"]
    assert (mine / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_a_folder_corpus_stays_in_its_folder_and_says_what_it_skipped(tmp_path, capsys):
    import os

    src = _corpus(tmp_path / "src", 1)
    outside = _corpus(tmp_path / "outside", 1)
    (src / "out-link-2024.txt").symlink_to(outside / "dept0-2024.txt")
    (src / "gone-2024.txt").symlink_to(tmp_path / "nowhere.txt")
    (src / "folder-link").symlink_to(outside, target_is_directory=True)
    (src / "inside-2024.txt").symlink_to(src / "dept0-2024.txt")
    os.mkfifo(src / "pipe-2024.txt")
    assert cli.main(["corpus", "build", str(src), "--out", str(tmp_path / "out"),
                     "--no-progress"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert sorted(err) == [
        "skipped: folder-link: a link to a folder: not followed",
        "skipped: gone-2024.txt: a dangling link (its target does not exist)",
        "skipped: inside-2024.txt: a link to dept0-2024.txt, read once as that",
        "skipped: out-link-2024.txt: a link out of the folder: not followed",
        "skipped: pipe-2024.txt: not a regular file (a FIFO, socket or device)",
    ]
    assert _consistent(tmp_path / "out") == ["dept0-2024.txt"]
