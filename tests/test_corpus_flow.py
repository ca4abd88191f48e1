"""One corpus flow (issue 20 §3): `zb.panel()` builds the bundled corpus on first use, `report`
builds the corpus of exactly the documents it reports on, and `report --corpus DIR` reports on
a corpus as `corpus build` made it (folder, files or manifest)."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from conftest import RAW_2024

import zhuzhou_budget as zb
from zhuzhou_budget import cli, config
from zhuzhou_budget.corpus import recorded
from zhuzhou_budget.errors import DisclosureError
from zhuzhou_budget.reporting import batch as report
from zhuzhou_budget.sources.manifest import read_manifest, sha256_of

DEPT = "zhuzhou-zjj"
HEADER = ["department_id", "department", "year", "kind", "file", "sha256", "provenance"]


def write_manifest(path: Path, rows: list[tuple[str, str, Path]]) -> Path:
    """A manifest of (department_id, department, file) rows, all 2024."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        for ident, name, file in rows:
            w.writerow([ident, name, 2024, "部门决算", str(file), sha256_of(file), "test"])
    return path


@pytest.fixture
def fresh_clone(tmp_path, monkeypatch):
    """The bundled corpus as on a fresh clone: a manifest, no panel built."""
    manifest = write_manifest(tmp_path / "raw" / "manifest.csv",
                              [(DEPT, "株洲市住房和城乡建设局", RAW_2024)])
    processed = tmp_path / "processed"
    monkeypatch.setattr(config, "MANIFEST", manifest)
    monkeypatch.setattr(config, "PROCESSED", processed)
    return processed


def test_panel_builds_the_bundled_corpus_on_first_use(fresh_clone):
    assert not (fresh_clone / "panel").exists()
    frames = zb.panel()
    assert list(frames["documents"]["department_id"]) == [DEPT]
    assert (fresh_clone / "panel" / "datapackage.json").is_file()
    assert (fresh_clone / "2024" / DEPT / "facts.csv").is_file()
    # Read again: found, not built again (the panel files keep their identity).
    stamp = (fresh_clone / "panel" / "panel.duckdb").stat().st_mtime_ns
    assert zb.sql("select count(*) as n from documents")["n"].tolist() == [1]
    assert (fresh_clone / "panel" / "panel.duckdb").stat().st_mtime_ns == stamp


def test_the_bundled_corpus_is_built_when_named_by_its_path(fresh_clone):
    assert len(zb.panel(fresh_clone)["documents"]) == 1


def test_another_folder_without_a_panel_is_still_one_line(fresh_clone, tmp_path):
    with pytest.raises(DisclosureError, match="no panel here"):
        zb.panel(tmp_path / "elsewhere")
    assert not (fresh_clone / "panel").exists()


# ---- report: the corpus of exactly the documents it reports on ------------------------------

def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def _other_manifest(tmp_path: Path) -> Path:
    """A researcher's manifest: one department the bundled corpus does not hold."""
    copy = tmp_path / "raw" / "other-2024.txt"
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(RAW_2024, copy)
    return write_manifest(tmp_path / "raw" / "manifest.csv", [("other-dept", "另一个部门", copy)])


@pytest.fixture(scope="module")
def folder_corpus(tmp_path_factory):
    """`corpus build FOLDER --out DIR` of two text documents, 2023 and 2024 (one department)."""
    base = tmp_path_factory.mktemp("folder")
    docs = base / "docs"
    docs.mkdir()
    text = RAW_2024.read_text(encoding="utf-8")
    (docs / "zjj-2023.txt").write_text(text.replace("2024", "2023"), encoding="utf-8")
    shutil.copy(RAW_2024, docs / "zjj-2024.txt")
    out = base / "corpus"
    assert cli.main(["corpus", "build", str(docs), "--out", str(out), "--no-progress"]) == 0
    return out


def test_a_corpus_records_where_its_documents_came_from(folder_corpus):
    docs = recorded.documents(folder_corpus)
    assert [(d.entry.department_id, d.entry.year, d.entry.path.name, d.manifest)
            for d in docs] == [("zjj", 2023, "zjj-2023.txt", None),
                               ("zjj", 2024, "zjj-2024.txt", None)]
    assert all(d.entry.path.is_file() for d in docs)
    assert [d.entry.year for d in recorded.documents(folder_corpus, years=[2024])] == [2024]
    sources = json.loads((folder_corpus / "sources.json").read_text(encoding="utf-8"))
    assert [s["path"] for s in sources["sources"]] == ["../docs/zjj-2023.txt",
                                                       "../docs/zjj-2024.txt"]


def test_a_manifest_corpus_records_its_manifest(tmp_path):
    manifest = _other_manifest(tmp_path)
    out = tmp_path / "corpus"
    assert cli.main(["corpus", "build", str(manifest), "--out", str(out), "--no-progress"]) == 0
    (doc,) = recorded.documents(out)
    assert (doc.entry.department_id, doc.manifest) == ("other-dept", manifest)


@pytest.mark.parametrize("damage, why", [
    ("no documents.csv", "not a corpus"), ("no sources.json", "built by an older version"),
    ("edited source", "gone or changed since the corpus"),
    ("removed source", "gone or changed since the corpus")])
def test_a_corpus_that_cannot_be_reported_on_is_one_line(folder_corpus, tmp_path, capsys,
                                                         damage, why):
    copy = tmp_path / "c"
    shutil.copytree(folder_corpus.parent, copy, symlinks=True)
    root, doc = copy / "corpus", copy / "docs" / "zjj-2024.txt"
    if damage == "no documents.csv":
        (root / "documents.csv").unlink()
    elif damage == "no sources.json":
        (root / "sources.json").unlink()
    elif damage == "edited source":
        doc.write_text(doc.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    else:
        doc.unlink()
    assert cli.main(["report", "--corpus", str(root), "--out", str(tmp_path / "r"),
                     "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert why in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "r").exists()  # nothing written before the input is checked


def test_report_corpus_refuses_a_second_source_and_names_an_empty_selection(
        folder_corpus, tmp_path, capsys):
    out = str(tmp_path / "r")
    assert cli.main(["report", "--corpus", str(folder_corpus), "--manifest",
                     str(_other_manifest(tmp_path)), "--out", out]) == 2
    assert "not with --manifest or --panel" in capsys.readouterr().err
    assert cli.main(["report", "--corpus", str(folder_corpus), "--year", "1999",
                     "--out", out]) == 2
    assert f"no documents of years [1999] and departments any built in the corpus " \
           f"{folder_corpus}" in capsys.readouterr().err


def test_the_corpus_a_report_builds_is_its_entries_and_is_reused(tmp_path, monkeypatch,
                                                                 capsys):
    bundled = read_manifest(config.MANIFEST)
    out = tmp_path / "reports"
    # Every entry of the bundled manifest: data/processed, as `make data` builds it.
    assert report.own_corpus(bundled, None, out) == config.PROCESSED.absolute()
    assert report.own_corpus(bundled, config.MANIFEST, out) == config.PROCESSED.absolute()
    # Fewer entries, or another manifest: a corpus root of the report's own.
    assert report.own_corpus(bundled[:1], None, out) == out / "data"
    manifest = _other_manifest(tmp_path)
    entries = read_manifest(manifest)
    assert report.own_corpus(entries, manifest, out) == out / "data"
    report.build_corpus(entries, manifest, out / "data", 1, False)
    assert "1 document: 1 ok, 0 partial, 0 failed (0 up to date" in capsys.readouterr().out
    report.build_corpus(entries, manifest, out / "data", 1, False)
    assert "(1 up to date, skipped)" in capsys.readouterr().out


@pytest.mark.slow
@pytest.mark.parametrize("bundled_panel", ["absent", "present"])
def test_report_of_a_manifest_covers_its_documents_only(tmp_path, monkeypatch, bundled_panel):
    """Before: `no panel here` without a bundled panel, the bundled departments with one."""
    processed = tmp_path / "processed"
    if bundled_panel == "present":
        bundled = write_manifest(tmp_path / "bundled.csv",
                                 [(DEPT, "株洲市住房和城乡建设局", RAW_2024)])
        assert cli.main(["corpus", "build", str(bundled), "--out", str(processed),
                         "--no-progress"]) == 0
    monkeypatch.setattr(config, "PROCESSED", processed)
    manifest = _other_manifest(tmp_path)
    out = tmp_path / "reports"
    assert cli.main(["report", "--all", "--manifest", str(manifest), "--out", str(out),
                     "--notebook", "05_corpus", "--no-progress"]) == 0
    corpus = out / "corpus"
    assert [r["department_id"] for r in _rows(corpus / "05_corpus.totals.csv")] == ["other-dept"]
    metrics = {r["metric"]: r["value"] for r in _rows(corpus / "05_corpus.metrics.csv")}
    assert (metrics["documents"], metrics["departments"]) == ("1", "1")
    assert [r["department_id"] for r in _rows(out / "data" / "documents.csv")] == ["other-dept"]
    if bundled_panel == "present":  # the bundled corpus is left as it was
        assert list(zb.panel(processed)["documents"]["department_id"]) == [DEPT]


@pytest.mark.slow
def test_report_of_a_built_corpus_runs_its_documents_and_a_year_of_them(folder_corpus,
                                                                        tmp_path):
    out = tmp_path / "reports"
    args = ["report", "--corpus", str(folder_corpus), "--out", str(out), "--notebook",
            "00_summary", "--notebook", "05_corpus", "--no-progress"]
    assert cli.main(args) == 0
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.ipynb")) == [
        "2023/zjj/00_summary.ipynb", "2024/zjj/00_summary.ipynb", "corpus/05_corpus.ipynb"]
    totals = _rows(out / "corpus" / "05_corpus.totals.csv")
    assert [(r["year"], r["department_id"]) for r in totals] == [("2023", "zjj"),
                                                                  ("2024", "zjj")]
    assert _rows(out / "2023" / "zjj" / "00_summary.metrics.csv")[0]["year"] == "2023"
    assert not (out / "data").exists()  # the corpus is the one given, nothing rebuilt
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "2023/zjj/00_summary.html" in index and "2024/zjj/00_summary.html" in index

    # A per-year batch into the same folder: that year's documents only, in the corpus
    # report and in the index (the 2023 pages of the run before stay on disk, unlisted).
    assert cli.main([*args, "--year", "2024"]) == 0
    totals = _rows(out / "corpus" / "05_corpus.totals.csv")
    assert [(r["year"], r["department_id"]) for r in totals] == [("2024", "zjj")]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "2024/zjj/00_summary.html" in index and "2023/zjj/" not in index
