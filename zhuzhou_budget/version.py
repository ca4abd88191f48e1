"""The version results were made with: the package version and a digest of the package's own
source files. The release number alone would not do: outputs built (a corpus's documents, a
cached parse) by one checkout must be made again after its code changes, even when nobody
bumped the version."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def package_version() -> str:
    try:
        release = metadata.version("zhuzhou_budget")
    except metadata.PackageNotFoundError:
        release = "0"
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*")):
        if path.suffix in (".py", ".yaml") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(_PACKAGE).as_posix().encode())
            digest.update(path.read_bytes())
    return f"{release}+{digest.hexdigest()[:12]}"
