"""One corpus flow (issue 20 §3): `zb.panel()` builds the bundled corpus on first use, `report`
builds the corpus of exactly the documents it reports on, and `report --corpus DIR` reports on
a corpus as `corpus build` made it (folder, files or manifest)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from conftest import RAW_2024

import zhuzhou_budget as zb
from zhuzhou_budget import config
from zhuzhou_budget.errors import DisclosureError
from zhuzhou_budget.manifest import sha256_of

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
