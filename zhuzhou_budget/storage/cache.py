"""A disclosure parsed once and read many times: the notebooks of one report run in separate
kernels, and each would otherwise parse the same document again (seconds for a PDF).

The cache holds the whole `Disclosure`, its narrative and performance frames computed, keyed by
the file's sha256, its manifest entry and the package's own code (any change to the code makes
a new key). Files are written atomically; an unreadable one is parsed again. The folder is
`$ZHUZHOU_BUDGET_CACHE`, else `$XDG_CACHE_HOME/zhuzhou_budget`, else `~/.cache/zhuzhou_budget`.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from ..disclosure import Disclosure, load
from ..sources import manifest as raw_manifest
from ..version import package_version

CACHE_ENV = "ZHUZHOU_BUDGET_CACHE"
# The lazy attributes a report reads: computed before storing, so no kernel computes them.
_WARM = ("budget_execution", "narrative_facts", "three_public_details", "performance",
         "glossary", "profile")


def cache_dir() -> Path:
    if own := os.environ.get(CACHE_ENV):
        return Path(own)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "zhuzhou_budget"


def load_cached(path: str | Path, *, manifest: str | Path | None = None) -> Disclosure:
    """`load(path)`, from the cache when this file was parsed by this code before."""
    path = Path(path)
    entry = raw_manifest.entry_for(path, Path(manifest) if manifest else None)
    if entry is not None:
        raw_manifest.verify(entry)  # a cached parse never hides an edited raw file
    sha = raw_manifest.sha256_of(path)
    key = hashlib.sha256(f"{sha}|{package_version()}|{entry!r}".encode()).hexdigest()[:32]
    file = cache_dir() / f"{key}.pickle"
    try:
        with file.open("rb") as fh:
            d = pickle.load(fh)
        if isinstance(d, Disclosure) and d.meta.sha256 == sha:
            return d
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
        pass  # absent or unreadable: parse again
    d = load(path, manifest=manifest)
    for name in _WARM:
        getattr(d, name)
    _store(file, d)
    return d


def _store(file: Path, d: Disclosure) -> None:
    _keep(file, lambda fh: pickle.dump(d, fh, protocol=pickle.HIGHEST_PROTOCOL))


def noted(kind: str, key: str) -> bool:
    """Whether `note(kind, key)` was called before (a verdict kept under `kind`; `key` a
    digest of everything the verdict depends on)."""
    return (cache_dir() / kind / key).is_file()


def note(kind: str, key: str) -> None:
    """Keep a verdict that `noted` finds again (an empty file named by its key)."""
    _keep(cache_dir() / kind / key, lambda fh: None)


def _keep(file: Path, write: Callable[[BinaryIO], object]) -> None:
    """`file` written by `write` into a temporary file renamed into place (a reader never
    sees half of one); never raises for the file system: a cache that cannot be written is
    only slower."""
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=file.parent)
        with os.fdopen(fd, "wb") as fh:
            write(fh)
        os.replace(tmp, file)
    except OSError:
        pass
