"""The staging area (corpus/stage.py): each process appends the documents it builds to one
file of its own, and a fragment says where each of its tables is; the merge reads any table
back exactly, whatever else the file holds. And the panel's DuckDB tables are made by one
statement whose types are those DuckDB gives the same Arrow schema."""

from __future__ import annotations

import os
import threading
from decimal import Decimal

import duckdb
import pyarrow as pa
import pytest

from zhuzhou_budget.corpus import panel, stage


def _tables(n: int, tag: str) -> dict[str, pa.Table]:
    facts = pa.table({"department_id": [tag] * n, "amount": [f"{i}.5" if i % 3 else None
                                                             for i in range(n)]})
    return {"facts": facts, "glossary": pa.table({"term": [f"{tag}-术语"]})}


def test_documents_appended_to_one_file_read_back_exactly(tmp_path):
    first = stage.write(tmp_path, "a.txt", _tables(5, "a"))
    second = stage.write(tmp_path, "b.txt", _tables(200, "b"))
    assert first.file == second.file  # one file per process
    assert [p.name for p in tmp_path.iterdir()] == [os.path.basename(first.file)]
    assert first.rows == {"facts": 5, "glossary": 1}
    with stage.reader() as r:
        assert r.read(second, "facts").equals(_tables(200, "b")["facts"])
        assert r.read(first, "facts").equals(_tables(5, "a")["facts"])
        assert r.read(first, "glossary").column("term").to_pylist() == ["a-术语"]
    assert second.spans["facts"][0] > first.spans["glossary"][0]


def test_a_tail_no_fragment_points_to_changes_nothing(tmp_path):
    kept = stage.write(tmp_path, "a.txt", _tables(7, "a"))
    with open(kept.file, "ab") as f:  # a worker killed mid-write leaves a half document
        f.write(b"\xff\xff\xff\xffhalf")
    again = stage.write(tmp_path, "a.txt", _tables(7, "a2"))  # the document run again
    with stage.reader() as r:
        assert r.read(kept, "facts").column("department_id").to_pylist() == ["a"] * 7
        assert r.read(again, "facts").column("department_id").to_pylist() == ["a2"] * 7


def test_a_span_past_the_end_is_an_error_not_a_short_table(tmp_path):
    fragment = stage.write(tmp_path, "a.txt", _tables(3, "a"))
    offset, size = fragment.spans["facts"]
    fragment.spans["facts"] = (offset, os.path.getsize(fragment.file) + 10)
    with stage.reader() as r, pytest.raises(OSError, match="ends before facts"):
        r.read(fragment, "facts")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX-only")
def test_a_forked_process_appends_to_a_file_of_its_own(tmp_path):
    parent = stage.write(tmp_path, "a.txt", _tables(2, "a"))
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: stage one document, report its file, leave at once
        child = stage.write(tmp_path, "b.txt", _tables(2, "b"))
        os.write(write, child.file.encode())
        os._exit(0)
    os.close(write)
    os.waitpid(pid, 0)
    child_file = os.read(read, 4096).decode()
    os.close(read)
    assert child_file != parent.file
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        os.path.basename(f) for f in (parent.file, child_file))


def test_threads_of_one_process_append_without_mixing(tmp_path):
    got: dict[int, stage.Fragment] = {}

    def one(i: int) -> None:
        got[i] = stage.write(tmp_path, f"{i}.txt", _tables(50 + i, f"d{i}"))

    threads = [threading.Thread(target=one, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with stage.reader() as r:
        for i, fragment in got.items():
            assert r.read(fragment, "facts").equals(_tables(50 + i, f"d{i}")["facts"])


def test_the_tables_made_by_one_statement_have_the_types_duckdb_gives_arrow():
    schema = pa.schema([("name", pa.string()), ("n", pa.int64()), ("flag", pa.bool_()),
                        ("amount", pa.decimal128(38, 2)), ("share", pa.decimal128(38, 0))])
    con = duckdb.connect()
    con.execute(panel._create_tables({"made": schema, "other": schema}))
    con.register("incoming", schema.empty_table())
    con.execute("CREATE TABLE from_arrow AS SELECT * FROM incoming")
    made = con.execute("DESCRIBE made").fetchall()
    assert made == con.execute("DESCRIBE from_arrow").fetchall()
    assert [r[1] for r in made] == ["VARCHAR", "BIGINT", "BOOLEAN", "DECIMAL(38,2)",
                                    "DECIMAL(38,0)"]
    assert con.execute("DESCRIBE other").fetchall() == made
    with pytest.raises(TypeError, match="no DuckDB type"):
        panel._create_tables({"x": pa.schema([("d", pa.date32())])})


def test_documents_cast_once_per_row_group_give_the_values_of_each_cast_alone():
    typed = pa.schema([("code", pa.string()), ("amount", pa.decimal128(38, 2))])
    docs = [pa.table({"code": ["201", None], "amount": ["1.5", None]}),
            pa.table({"code": ["202"], "amount": ["-3.25"]}),
            # an all-null column read as Arrow's null type: promoted, still null
            pa.table({"code": pa.array([None, None]), "amount": ["0", "12"]})]
    stacked = panel._cast(panel._concat(docs), typed)
    alone = pa.concat_tables([panel._cast(d.cast(pa.schema(
        [("code", pa.string()), ("amount", pa.string())])), typed) for d in docs])
    assert stacked.equals(alone)
    assert stacked.column("amount").to_pylist() == [Decimal("1.50"), None, Decimal("-3.25"),
                                                    Decimal("0.00"), Decimal("12.00")]
