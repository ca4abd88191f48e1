"""Corpus builds: documents from a folder, a manifest or files, statuses and exit codes,
documents.csv, incremental rebuilds, the panel (Parquet and DuckDB) and its API."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import RAW_2024, ROOT
from corpus_helpers import make_corpus, without_seconds

import zhuzhou_budget as zb
from zhuzhou_budget import cli
from zhuzhou_budget.corpus import batch
from zhuzhou_budget.errors import DisclosureError
from zhuzhou_budget.sources.folders import derive_ids, discover

FACTS_2024 = 1008  # rows of facts.csv of the bundled document (tests/test_build.py)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Four variants (2023, 2024, 2023, 2024; the last partial) and one file without tables."""
    folder = tmp_path_factory.mktemp("corpus")
    make_corpus.generate(folder, 4, [2023, 2024], partial=1, failed=1, manifest=True)
    return folder


@pytest.fixture(scope="module")
def built(corpus, tmp_path_factory) -> batch.Outcome:
    return batch.build([corpus], tmp_path_factory.mktemp("out") / "corpus", jobs=2,
                       progress=False)


def _documents(root: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((root / "documents.csv").read_text("utf-8"))))


def test_documents_csv_lists_every_document_sorted(built):
    rows = _documents(built.root)
    assert [(r["year"], r["department_id"], r["status"]) for r in rows] == [
        ("2023", "dept-000", "ok"), ("2023", "dept-002", "ok"), ("2024", "dept-001", "ok"),
        ("2024", "dept-003", "partial"), ("", "broken-000", "failed")]
    ok = rows[0]
    assert ok["department"] == "株洲市示例000局" and ok["source"] == "dept-000-2023.txt"
    assert (ok["tables"], ok["facts"], ok["errors"], ok["warnings"]) == ("9", "1008", "2", "9")
    assert ok["output"] == "2023/dept-000" and ok["action"] == "built"
    assert float(ok["seconds"]) > 0
    partial = rows[3]
    assert partial["reason"] == "table not found: state_capital"  # the gaps, as build says
    assert (partial["tables"], partial["facts"]) == ("8", "1005")
    failed = rows[4]
    assert "no final-accounts table found" in failed["reason"] and failed["output"] == ""
    assert built.exit_code == 1
    assert (built.root / "2024" / "dept-001" / "facts.csv").is_file()
    assert not (built.root / "2023" / "broken-000").exists()


def test_panel_stacks_every_resource_with_keys(built):
    p = zb.panel(built.root)
    facts = p["facts"]
    assert len(facts) == 3 * FACTS_2024 + 1005
    assert list(facts.columns[:4]) == ["department_id", "department", "year", "source_sha256"]
    assert facts[["department_id", "department", "year", "source_sha256"]].notna().all().all()
    assert list(facts["department_id"].drop_duplicates()) == [
        "dept-000", "dept-002", "dept-001", "dept-003"]  # documents.csv order
    cell = facts[(facts.department_id == "dept-001") & (facts.table == "three_public")
                 & (facts.level == "actual") & (facts.column == "total")]
    assert cell["amount"].tolist() == [Decimal("64.45")]
    blank = facts[(facts.department_id == "dept-000") & (facts.table == "income")
                  & (facts.code == "2080501") & (facts.column == "superior_subsidy")]
    assert blank["amount"].isna().all() and len(blank) == 1  # a blank cell is missing, not 0
    findings = p["findings"]
    # dept-003 lost its 国有资本 table but not that table's note "…故本表无数据", which now
    # stands under the fund table that prints 2.58: C1 and L6.none_stated, beside the two
    # defects every variant keeps.
    assert (findings.severity == "error").groupby(findings.department_id).sum().to_dict() == {
        "dept-000": 2, "dept-001": 2, "dept-002": 2, "dept-003": 4}
    assert set(p) >= {"budget_execution", "narrative_facts", "three_public_details",
                      "performance_overall", "performance_projects", "metrics", "documents"}
    assert len(p["documents"]) == 5
    metrics = p["metrics"].set_index(["department_id", "metric"])["value"]
    assert metrics[("dept-000", "project_share_pct")] == Decimal("51.2")  # as the report shows
    assert metrics[("dept-003", "expenditure_total")] == Decimal("22396.43")


def test_panel_files_are_year_partitioned_parquet_with_exact_decimals(built):
    panel = built.root / "panel"
    parts = sorted(p.relative_to(panel).as_posix() for p in panel.glob("facts/*/*.parquet"))
    assert parts == ["facts/year=2023/part-0.parquet", "facts/year=2024/part-0.parquet"]
    schema = pq.read_schema(panel / parts[0])
    assert str(schema.field("amount").type) == "decimal128(38, 2)"
    assert "year" not in schema.names  # the partition holds it (Spark refuses it twice)
    assert pq.read_metadata(panel / parts[0]).num_rows == 2 * FACTS_2024
    import duckdb  # any reader of hive-partitioned Parquet sees the same rows

    con = duckdb.connect()
    n, years = con.execute(
        f"select count(*), list(distinct year order by year) from read_parquet("
        f"'{panel}/facts/*/*.parquet', hive_partitioning = true)").fetchone()
    assert (n, years) == (3 * FACTS_2024 + 1005, [2023, 2024])


def test_sql_queries_the_duckdb_panel(built):
    three = zb.sql("select department_id, year, amount from facts where \"table\" = "
                   "'three_public' and level = 'actual' and \"column\" = 'total' "
                   "order by year, department_id", path=built.root)
    assert three.values.tolist() == [["dept-000", 2023, Decimal("64.45")],
                                     ["dept-002", 2023, Decimal("64.45")],
                                     ["dept-001", 2024, Decimal("64.45")],
                                     ["dept-003", 2024, Decimal("64.45")]]
    total = zb.sql("select sum(amount) s from facts where level = 'total' and \"column\" = "
                   "'total' and \"table\" = 'income'", path=built.root)["s"][0]
    assert total == Decimal("22396.43") * 4  # exact: no float on the way
    con = zb.connect(built.root)
    try:
        assert con.execute("select count(*) from documents where status = 'failed'"
                           ).fetchone() == (1,)
    finally:
        con.close()


def test_second_run_skips_up_to_date_documents(corpus, tmp_path):
    out = tmp_path / "c"
    first = batch.build([corpus], out, jobs=2, progress=False)
    before = (out / "documents.csv").read_text("utf-8")
    facts = (out / "2023" / "dept-000" / "facts.csv").stat().st_mtime_ns
    second = batch.build([corpus], out, jobs=2, progress=False)
    assert [r.action for r in second.rows] == ["skipped"] * 4 + [""]
    assert (out / "2023" / "dept-000" / "facts.csv").stat().st_mtime_ns == facts
    after = (out / "documents.csv").read_text("utf-8")
    assert [line.replace(",skipped,", ",built,") for line in without_seconds(after)] == \
        without_seconds(before)
    assert zb.panel(out)["facts"].equals(zb.panel(first.root)["facts"])
    # A changed file is rebuilt; a damaged output is rebuilt; --force rebuilds all.
    changed = corpus / "dept-002-2023.txt"
    saved = changed.read_bytes()
    try:
        changed.write_bytes(saved + b"\n")
        (out / "2024" / "dept-001" / "findings.csv").write_text("check\n", encoding="utf-8")
        third = batch.build([corpus], out, jobs=2, progress=False)
        actions = {r.department_id: r.action for r in third.rows}
        assert actions == {"dept-000": "skipped", "dept-002": "built", "dept-001": "built",
                           "dept-003": "skipped", "broken-000": ""}
    finally:
        changed.write_bytes(saved)
    forced = batch.build([corpus], out, jobs=1, force=True, progress=False)
    assert [r.action for r in forced.rows] == ["built"] * 4 + [""]


def test_pool_and_serial_give_the_same_panel(corpus, built, tmp_path):
    serial = batch.build([corpus], tmp_path / "serial", jobs=1, progress=False)
    a, b = zb.panel(serial.root), zb.panel(built.root)
    for name in a:
        if name == "documents":
            assert a[name].drop(columns="seconds").equals(b[name].drop(columns="seconds"))
        else:
            assert a[name].equals(b[name]), name
    for part in (built.root / "panel").glob("*/year=*/part-0.parquet"):  # byte-reproducible
        assert part.read_bytes() == (serial.root / "panel" / part.relative_to(
            built.root / "panel")).read_bytes(), part


def test_manifest_corpus_and_datapackage(corpus, tmp_path):
    out = batch.build([corpus / "manifest.csv"], tmp_path / "m", jobs=2, progress=False)
    rows = _documents(out.root)
    assert [r["department_id"] for r in rows] == [
        "broken-000", "dept-000", "dept-002", "dept-001", "dept-003"]
    failed = rows[0]
    # The manifest names the failed document's year and department; its title cannot.
    assert (failed["department_id"], failed["year"], failed["status"]) == (
        "broken-000", "2023", "failed")
    import json

    package = json.loads((out.root / "panel" / "datapackage.json").read_text("utf-8"))
    facts = next(r for r in package["resources"] if r["name"] == "facts")
    assert facts["rows"] == 3 * FACTS_2024 + 1005
    assert facts["partitioning"] == {"scheme": "hive", "fields": ["year"]}
    names = [f["name"] for f in facts["schema"]["fields"]]
    assert names[:4] == ["department_id", "department", "year", "source_sha256"]
    assert names[4:] == zb.sql("select * from facts limit 0", path=out.root).columns[4:].tolist()
    assert {f["name"]: f["parquet_type"] for f in facts["schema"]["fields"]}["amount"] == \
        "decimal128(38, 2)"


def test_derived_ids():
    assert derive_ids(["a/dept-2023.txt", "b/dept-2024.txt"]) == ["dept", "dept"]
    assert derive_ids(["x.txt", "y/x.txt"]) == ["x", "y-x"]
    assert derive_ids(["a.txt", "a.pdf"]) == ["a-2", "a"]
    assert derive_ids(["株洲住建局决算.txt"]) == ["doc"]
    assert derive_ids(["Zhuzhou ZJJ 2024 Final.TXT"]) == ["zhuzhou-zjj-final"]


def test_discover_reads_folders_and_refuses_nothing(tmp_path):
    (tmp_path / "docs" / ".hidden").mkdir(parents=True)
    shutil.copy(RAW_2024, tmp_path / "docs" / "zjj-2024.txt")
    (tmp_path / "docs" / "notes.md").write_text("x", encoding="utf-8")
    (tmp_path / "docs" / ".hidden" / "x-2024.txt").write_text("x", encoding="utf-8")
    found = discover([tmp_path / "docs"])
    assert [(s.label, s.department_id) for s in found] == [("zjj-2024.txt", "zjj")]
    with pytest.raises(DisclosureError, match="no such file"):
        discover([tmp_path / "missing"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(DisclosureError, match="no documents"):
        discover([tmp_path / "empty"])


def test_cli_exit_codes_and_refusals(tmp_path, capsys):
    one = tmp_path / "one"
    one.mkdir()
    shutil.copy(RAW_2024, one / "zjj-2024.txt")
    shutil.copy(RAW_2024, one / "zjj-copy-2024.txt")
    out = tmp_path / "out"
    assert cli.main(["build", str(one / "zjj-2024.txt"), str(one / "zjj-copy-2024.txt"),
                     "--out", str(out), "--no-progress"]) == 0
    assert [r["department_id"] for r in _documents(out)] == ["zjj", "zjj-copy"]
    assert "2 documents: 2 ok" in capsys.readouterr().out
    (tmp_path / "empty").mkdir()
    assert cli.main(["corpus", "build", str(tmp_path / "empty"), "--out", str(out)]) == 2
    assert cli.main(["corpus", "build", str(one), "--out", str(one)]) == 2  # a user's folder
    assert "not a corpus output" in capsys.readouterr().err
    # A single-document build never replaces a corpus root.
    assert cli.main(["build", str(one / "zjj-2024.txt"), "--out", str(out)]) == 2
    assert (out / "documents.csv").is_file()
    assert cli.main(["corpus", "build", str(one), "--out", str(out), "--jobs", "0"]) == 2
    assert cli.main(["corpus", "sql", "select count(*) n from facts", "--panel", str(out)]) == 0
    assert capsys.readouterr().out == "n\n2016\n"
    assert cli.main(["corpus", "sql", "select 1", "--panel", str(tmp_path / "none")]) == 2


def test_build_all_writes_documents_and_panel(tmp_path):
    assert cli.main(["build-all", "--out", str(tmp_path / "p"), "--no-progress"]) == 0
    rows = _documents(tmp_path / "p")
    # the bundled corpus: the Zhuzhou text and the Shanghai PDF (577 facts)
    assert [(r["department_id"], r["year"], r["status"]) for r in rows] == [
        ("shanghai-putuo-czj", "2024", "ok"), ("zhuzhou-zjj", "2024", "ok")]
    facts = zb.panel(tmp_path / "p")["facts"]
    assert len(facts) == FACTS_2024 + 577
    assert sorted(facts["department_id"].unique()) == ["shanghai-putuo-czj", "zhuzhou-zjj"]


def test_progress_lines_when_not_a_terminal(corpus, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "zhuzhou_budget", "corpus", "build",
                           str(corpus / "dept-000-2023.txt"), str(corpus / "dept-001-2024.txt"),
                           "--out", str(tmp_path / "o"), "-j", "2"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 2 and all(ln.startswith(("[1/2] ok", "[2/2] ok")) for ln in lines)
    assert "Traceback" not in proc.stderr


def test_two_documents_for_one_folder(tmp_path):
    """Names say 2023 and 2024, both titles say 2024: one folder; the first by source keeps it."""
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(RAW_2024, docs / "dept-2023.txt")
    (docs / "dept-2024.txt").write_bytes(RAW_2024.read_bytes() + b"\n")
    out = batch.build([docs], tmp_path / "out", jobs=2, progress=False)
    rows = {r.source: r for r in out.rows}
    assert rows["dept-2023.txt"].status == "ok"
    assert rows["dept-2024.txt"].status == "failed"
    assert rows["dept-2024.txt"].reason == "same department_id and year as dept-2023.txt (2024/dept)"
    import json

    package = json.loads((out.root / "2024" / "dept" / "datapackage.json").read_text("utf-8"))
    assert package["sources"][0]["sha256"] == rows["dept-2023.txt"].sha256
    assert len(zb.panel(out.root)["facts"]) == FACTS_2024
