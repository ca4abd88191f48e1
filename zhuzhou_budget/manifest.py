"""The raw manifest: what raw documents exist, where they came from, and their sha256."""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

from . import config
from .errors import ManifestError

FIELDS = ["department_id", "department", "year", "kind", "file", "sha256", "provenance"]


@dataclass(frozen=True)
class Entry:
    department_id: str
    department: str
    year: int
    kind: str
    file: str  # relative to the manifest's folder
    sha256: str
    provenance: str
    root: Path

    @property
    def path(self) -> Path:
        return self.root / self.file


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_manifest(path: Path | None = None) -> list[Entry]:
    path = Path(path or config.MANIFEST)
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    missing = [f for f in FIELDS if rows and f not in rows[0]]
    if missing:
        raise ManifestError(f"{path}: manifest lacks columns {', '.join(missing)}")
    return [Entry(r["department_id"], r["department"], int(r["year"]), r["kind"], r["file"],
                  r["sha256"].lower(), r["provenance"], path.parent) for r in rows]


def entry_for(path: Path, manifest: Path | None = None) -> Entry | None:
    """The manifest entry describing this file, if any (matched by resolved path)."""
    target = Path(path).resolve()
    return next((e for e in read_manifest(manifest) if e.path.resolve() == target), None)


def verify(entry: Entry) -> None:
    actual = sha256_of(entry.path)
    if actual != entry.sha256:
        raise ManifestError(f"{entry.path}: sha256 {actual[:12]}… does not match the manifest "
                            f"({entry.sha256[:12]}…); raw files must not be edited")


def select(years: list[int] | None = None, departments: list[str] | None = None,
           manifest: Path | None = None) -> list[Entry]:
    return [e for e in read_manifest(manifest)
            if (not years or e.year in years) and (not departments or e.department_id in departments)]
