from __future__ import annotations

import shutil

import pytest
from conftest import RAW_2024, ROOT

import zhuzhou_budget as zb
from zhuzhou_budget.sources import manifest


def test_manifest_entry_for_2024():
    entries = manifest.read_manifest()
    assert [(e.department_id, e.year, e.kind) for e in entries] == [
        ("zhuzhou-zjj", 2024, "部门决算"), ("shanghai-putuo-czj", 2024, "部门决算")]
    assert entries[0].path == RAW_2024
    assert entries[1].sha256 == (
        "d45e923176f9fe4b6533829d3a2fe67f8cbcd55d07099dabf73aca62701f8eb5")
    for e in entries:
        manifest.verify(e)  # raw files unchanged since they were copied from shared/


def test_meta_from_manifest(d2024):
    assert d2024.meta.department == "株洲市住房和城乡建设局"
    assert d2024.meta.department_id == "zhuzhou-zjj"
    assert d2024.meta.year == 2024
    assert d2024.meta.sha256.startswith("0655831a70f2")


def test_sha256_mismatch_is_refused(tmp_path):
    raw = tmp_path / "raw"
    (raw / "2024").mkdir(parents=True)
    copy = raw / "2024" / RAW_2024.name
    shutil.copy(RAW_2024, copy)
    text = (ROOT / "data" / "raw" / "manifest.csv").read_text(encoding="utf-8")
    (raw / "manifest.csv").write_text(text, encoding="utf-8")
    assert zb.load(copy, manifest=raw / "manifest.csv").meta.department_id == "zhuzhou-zjj"
    copy.write_bytes(RAW_2024.read_bytes().replace(b"22,396.43", b"22,396.44", 1))
    with pytest.raises(zb.ManifestError, match="sha256"):
        zb.load(copy, manifest=raw / "manifest.csv")


def test_file_outside_manifest_gets_meta_from_text(d2024_layout):
    assert d2024_layout.meta.department == "株洲市住房和城乡建设局"
    assert d2024_layout.meta.year == 2024
    assert d2024_layout.meta.department_id == ""
