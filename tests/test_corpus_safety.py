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
