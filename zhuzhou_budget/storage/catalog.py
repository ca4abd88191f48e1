"""Documents by their ids: `zb.open("zhuzhou-zjj", 2024)` instead of a path, and what exists.

The ids are the raw manifest's (`data/raw/manifest.csv`, or another manifest given): an unknown
(department, year) is an error that names the manifest and lists the known pairs.
"""

from __future__ import annotations

from pathlib import Path

from .. import config
from ..disclosure import Disclosure, load, resolve_input
from ..errors import ManifestError
from ..sources import manifest as raw_manifest
from .cache import load_cached


class UnknownDocument(ManifestError, LookupError):
    """No manifest entry for a (department, year); the message lists the known ones."""


def available(manifest: str | Path | None = None) -> list[tuple[str, int]]:
    """The (department id, year) pairs of the manifest, sorted."""
    return sorted((e.department_id, e.year) for e in raw_manifest.read_manifest(
        _manifest_path(manifest)))


def open(department: str, year: int, *, manifest: str | Path | None = None,  # noqa: A001
         cached: bool = True) -> Disclosure:
    """The disclosure of `department` (a manifest id such as "zhuzhou-zjj") for `year`.

    Parsed once and then read from the cache (zhuzhou_budget.storage.cache) unless `cached=False`.
    """
    path = _manifest_path(manifest)
    entries = raw_manifest.select([int(year)], [department], manifest=path)
    if not entries:
        known = ", ".join(f"{d} {y}" for d, y in available(path)) or "none"
        raise UnknownDocument(f"no document {department!r} for {year} in {path or config.MANIFEST}"
                              f" (known: {known})")
    loader = load_cached if cached else load
    return loader(entries[0].path, manifest=path)


def _manifest_path(manifest: str | Path | None) -> Path | None:
    return resolve_input(manifest) if manifest else None
