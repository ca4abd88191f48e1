"""A disclosure parsed once for all the notebooks of a report: the cache returns the same
parse (narrative and performance computed), and never an outdated one."""

from __future__ import annotations

import shutil

import pytest
from conftest import RAW_2024

from zhuzhou_budget.errors import ManifestError
from zhuzhou_budget.storage import cache


@pytest.fixture()
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(folder))
    return folder


def test_the_second_load_reads_the_cache(cache_dir, monkeypatch):
    first = cache.load_cached(RAW_2024)
    assert len(list(cache_dir.glob("*.pickle"))) == 1
    assert "narrative_facts" in first.__dict__  # computed before it was stored

    def no_parse(*a, **kw):
        raise AssertionError("parsed again")

    monkeypatch.setattr(cache, "load", no_parse)
    second = cache.load_cached(RAW_2024)
    assert second.meta == first.meta and len(second.facts) == 1008
    assert second.narrative_facts.equals(first.narrative_facts)


def test_another_file_or_an_unreadable_cache_is_parsed_again(cache_dir, tmp_path):
    cache.load_cached(RAW_2024)
    (pickle_file,) = cache_dir.glob("*.pickle")
    pickle_file.write_bytes(b"not a pickle")
    assert len(cache.load_cached(RAW_2024).facts) == 1008
    edited = tmp_path / "edited.txt"
    edited.write_bytes(RAW_2024.read_bytes() + b"\n")
    d = cache.load_cached(edited)
    assert d.meta.sha256 != cache.load_cached(RAW_2024).meta.sha256
    assert len(list(cache_dir.glob("*.pickle"))) == 2


def test_an_edited_raw_file_is_refused_even_when_cached(cache_dir, tmp_path):
    raw = tmp_path / "raw"
    (raw / "2024").mkdir(parents=True)
    copy = raw / "2024" / RAW_2024.name
    shutil.copy(RAW_2024, copy)
    from zhuzhou_budget.sources.manifest import sha256_of

    manifest = raw / "manifest.csv"
    manifest.write_text("department_id,department,year,kind,file,sha256,provenance\n"
                        f"zhuzhou-zjj,株洲市住房和城乡建设局,2024,部门决算,2024/{RAW_2024.name},"
                        f"{sha256_of(RAW_2024)},test\n", encoding="utf-8")
    cache.load_cached(copy, manifest=manifest)
    copy.write_bytes(RAW_2024.read_bytes() + b"edit")
    with pytest.raises(ManifestError, match="sha256"):
        cache.load_cached(copy, manifest=manifest)
