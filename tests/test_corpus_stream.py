"""The panel is streamed: each document's rows are staged on disk where it was built, the
batch's process receives only its row and where its rows are, and the merge holds one
document's rows (and at most one row group) at a time — so memory does not grow with the
corpus. The same bytes whatever the row-group size or the order documents finished in."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from corpus_helpers import make_corpus

import zhuzhou_budget as zb
from zhuzhou_budget.corpus import batch, panel, stage
from zhuzhou_budget.corpus.panel_schema import PAIR_RESOURCES, PANEL_RESOURCES
from zhuzhou_budget.errors import DisclosureError

FACTS = 1008  # facts rows of one generated document (tests/test_corpus.py)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    make_corpus.generate(folder, 3, [2024], failed=1)
    return folder


def test_results_carry_no_rows_and_the_merge_reads_one_document_at_a_time(
        corpus, tmp_path, monkeypatch):
    reads: list[tuple[str, int]] = []
    real = stage.Reader.read

    def counted(self, fragment, name):
        table = real(self, fragment, name)
        reads.append((name, len(table)))
        return table

    monkeypatch.setattr(stage.Reader, "read", counted)
    out = batch.build([corpus], tmp_path / "out", jobs=1, progress=False)
    ok = [r for r in out.results if r.row.status != "failed"]
    assert len(ok) == 3 and out.exit_code == 1
    # what the batch's process holds per document: its row, counts and decimals, no rows
    assert max(len(pickle.dumps(r)) for r in out.results) < 4096
    assert [r.fragment for r in out.results if r.row.status == "failed"] == [None]
    assert ok[0].fragment.rows["facts"] == FACTS
    assert ok[0].fragment.scales["facts"] == {"amount": 2}
    # every staged table read once, by the merge, each holding one document's rows only: a
    # final account's PI-1/PI-2 on its stated 年初预算 (the metrics of every final account,
    # paired or not) come with its fragment, measured where its rows were made
    names = [*PANEL_RESOURCES, "metrics"]
    assert sorted(reads) == sorted([(name, r.fragment.rows[name]) for r in ok for name in names])
    assert all(set(r.fragment.stated_pi) == {"pi1_pct", "pi1_band", "pi2_pct"} for r in ok)
    assert max(n for name, n in reads if name == "facts") == FACTS
    assert not (tmp_path / "out" / stage.STAGING).exists()


def test_row_groups_bound_the_merge_and_change_no_value(corpus, tmp_path, monkeypatch):
    whole = batch.build([corpus], tmp_path / "whole", jobs=1, progress=False)
    monkeypatch.setattr(panel, "ROW_GROUP", 500)
    grouped = batch.build([corpus], tmp_path / "grouped", jobs=1, progress=False)
    part = "panel/facts/year=2024/part-0.parquet"
    assert pq.ParquetFile(whole.root / part).metadata.num_row_groups == 1
    # 3 × 1008 rows, flushed once 500 or more are waiting: one row group per document
    assert pq.ParquetFile(grouped.root / part).metadata.num_row_groups == 3
    a, b = zb.panel(whole.root), zb.panel(grouped.root)
    for name in a:
        left, right = a[name], b[name]
        if name == "documents":
            left, right = left.drop(columns="seconds"), right.drop(columns="seconds")
        assert left.equals(right), name
    assert len(b["facts"]) == 3 * FACTS
    # DuckDB's tables are read from the parts as written: the same rows in the same order
    assert zb.sql("select * from facts", path=grouped.root).equals(b["facts"])
    query = "select count(*) n, sum(amount) s from facts"
    assert zb.sql(query, path=grouped.root).equals(zb.sql(query, path=whole.root))


def test_the_order_documents_finish_in_changes_no_byte(corpus, tmp_path, monkeypatch):
    first = batch.build([corpus], tmp_path / "first", jobs=1, progress=False)
    real = batch._one_per_folder

    def reversed_arrival(results, *args):
        return real(list(reversed(results)), *args)

    monkeypatch.setattr(batch, "_one_per_folder", reversed_arrival)
    second = batch.build([corpus], tmp_path / "second", jobs=1, progress=False)
    parts = sorted(p.relative_to(first.root) for p in first.root.glob("panel/*/year=*/*"))
    assert len(parts) == len(PANEL_RESOURCES) + 1 + 2  # metrics; budget_vs_final and pairs
    for rel in parts:
        assert (first.root / rel).read_bytes() == (second.root / rel).read_bytes(), rel


def test_a_run_removes_what_a_killed_run_staged(corpus, tmp_path):
    out = tmp_path / "out"
    batch.build([corpus], out, jobs=1, progress=False)
    left = out / stage.STAGING / "killed-run"
    left.mkdir(parents=True)
    (left / f"abc{stage.SUFFIX}").write_bytes(b"half")
    again = batch.build([corpus], out, jobs=1, progress=False)
    assert not (out / stage.STAGING).exists()
    assert len(zb.panel(out)["facts"]) == 3 * FACTS
    assert {r.row.action for r in again.results if r.row.status != "failed"} == {"skipped"}


def test_the_merge_threads_change_no_byte(tmp_path, monkeypatch):
    """The merge shares its parts and tables between threads, the largest first, and its
    tables between DuckDB connections: one thread and connection or two, the same part files,
    descriptors and DuckDB tables, each table's rows in the same order."""
    corpus = tmp_path / "two-years"
    make_corpus.generate(corpus, 4, [2023, 2024])
    monkeypatch.setattr(panel, "MERGE_THREADS", 1)
    monkeypatch.setattr(panel, "DUCKDB_WRITERS", 1)
    one = batch.build([corpus], tmp_path / "one", jobs=1, progress=False)
    monkeypatch.setattr(panel, "MERGE_THREADS", 2)
    monkeypatch.setattr(panel, "DUCKDB_WRITERS", 2)
    two = batch.build([corpus], tmp_path / "two", jobs=1, progress=False)
    parts = sorted(p.relative_to(one.root) for p in one.root.glob("panel/*/year=*/*"))
    assert len(parts) == 2 * (len(PANEL_RESOURCES) + 1 + 2)
    for rel in parts:
        assert (one.root / rel).read_bytes() == (two.root / rel).read_bytes(), rel
    described = [json.loads((r.root / "panel" / "datapackage.json").read_text("utf-8"))
                 for r in (one, two)]
    assert described[0]["resources"][:-1] == described[1]["resources"][:-1]  # documents: seconds
    # in the panel's order, whichever part was written first
    assert [r["name"] for r in described[1]["resources"]] == [
        n.replace("_", "-") for n in [*PANEL_RESOURCES, "metrics", *PAIR_RESOURCES, "documents"]]
    for name in [*PANEL_RESOURCES, "metrics"]:
        left = zb.sql(f"select * from {name}", path=one.root)
        assert left.equals(zb.sql(f"select * from {name}", path=two.root)), name
    assert len(zb.sql("select * from facts", path=two.root)) == 4 * FACTS


@pytest.mark.parametrize("writers", [1, 2])
@pytest.mark.parametrize("failing", ["part", "table"])
def test_a_failed_merge_step_fails_the_panel_and_keeps_the_last_one(corpus, tmp_path,
                                                                    monkeypatch, failing,
                                                                    writers):
    """The parts and the DuckDB tables are made on different threads at once: a part that
    cannot be written, or a table that cannot be filled (on whichever of the DuckDB
    connections takes it), fails the whole panel with its own error (no thread is left
    waiting), and the panel of the run before stays as it was."""
    monkeypatch.setattr(panel, "DUCKDB_WRITERS", writers)
    out = tmp_path / "out"
    batch.build([corpus], out, jobs=1, progress=False)
    before = (out / "panel" / "datapackage.json").read_bytes()
    write_part, insert_parts = panel._write_part, panel._insert_parts

    def broken_part(path, typed, tables):
        if path.parent.parent.name == "narrative_facts":
            raise OSError("disk full")
        return write_part(path, typed, tables)

    def broken_table(con, name, typed, parts):
        if name == "findings":
            raise OSError("disk full")
        return insert_parts(con, name, typed, parts)

    if failing == "part":
        monkeypatch.setattr(panel, "_write_part", broken_part)
    else:
        monkeypatch.setattr(panel, "_insert_parts", broken_table)
    with pytest.raises(DisclosureError, match="panel: cannot write the output") as raised:
        batch.build([corpus], out, jobs=1, progress=False, force=True)
    assert str(raised.value.__cause__) == "disk full"  # the failing step's own error
    assert (out / "panel" / "datapackage.json").read_bytes() == before
    assert len(zb.panel(out)["facts"]) == 3 * FACTS
