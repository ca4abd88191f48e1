"""The raw manifest: what raw documents exist, where they came from, and their sha256."""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from . import config
from .errors import ManifestError

FIELDS = ["department_id", "department", "year", "kind", "file", "sha256", "provenance"]
# Ids name output folders: lower-case letters, digits, '-' and '_', starting with a letter or
# digit — nothing that can climb out of an output root or hide a file.
SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_YEAR = re.compile(r"^(19[89]\d|20\d\d|2100)$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


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
    """Every entry of the manifest, validated; an error names the row and the field."""
    path = Path(path or config.MANIFEST)
    if not path.exists():
        return []
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:  # a BOM is tolerated
            reader = csv.DictReader(fh)
            missing = [f for f in FIELDS if f not in (reader.fieldnames or [])]
            if missing:
                raise ManifestError(f"{path}: manifest lacks columns {', '.join(missing)}")
            entries = [_entry(path, reader.line_num, r) for r in reader]
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ManifestError(f"{path}: not a UTF-8 CSV manifest ({exc})") from None
    seen: dict[tuple[str, int], int] = {}
    for k, e in enumerate(entries, start=2):
        if (e.department_id, e.year) in seen:
            raise ManifestError(f"{path}: row {k}: {e.department_id} {e.year} is listed twice "
                                f"(also row {seen[(e.department_id, e.year)]})")
        seen[(e.department_id, e.year)] = k
    return entries


def _entry(path: Path, line: int, r: dict[str, str]) -> Entry:
    def bad(field: str, why: str) -> ManifestError:
        return ManifestError(f"{path}: line {line}: {field} {r.get(field)!r} {why}")

    dept, year, file = (r.get("department_id") or "").strip(), (r.get("year") or "").strip(), (
        r.get("file") or "").strip()
    if not SLUG.match(dept):
        raise bad("department_id", "is not a slug (a-z, 0-9, '-', '_'; at most 64)")
    if not _YEAR.match(year):
        raise bad("year", "is not a year (four digits, 1980–2100)")
    parts = PurePosixPath(file).parts
    if not file or file.startswith(("/", "\\")) or ".." in parts or ":" in file:
        raise bad("file", "must be a path inside the manifest's folder")
    sha = (r.get("sha256") or "").strip().lower()
    if not _SHA256.match(sha):
        raise bad("sha256", "is not a sha256 (64 hex digits)")
    return Entry(dept, (r.get("department") or "").strip(), int(year),
                 (r.get("kind") or "").strip(), file, sha, r.get("provenance") or "", path.parent)


def entry_for(path: Path, manifest: Path | None = None) -> Entry | None:
    """The manifest entry describing this file, if any (matched by resolved path). A file
    outside the manifest's folder is never in it, so the manifest is not read for it."""
    target = Path(path).resolve()
    folder = Path(manifest or config.MANIFEST).resolve().parent
    if folder not in target.parents:
        return None
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
