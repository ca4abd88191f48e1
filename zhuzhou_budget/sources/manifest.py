"""The raw manifest: what raw documents exist, where they came from, and their sha256."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from .. import config
from ..errors import ManifestError

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
    """The hex sha256 of a file, read in blocks (memory bounded whatever its size): the one
    file digest of the package (sources, output resources, the panel's files)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """(line, raw row) of the manifest; an error names what makes it unreadable."""
    return _parse(path, path.read_bytes())


def _parse(path: Path, data: bytes) -> list[tuple[int, dict[str, str]]]:
    """(line, raw row) of the manifest `path` whose bytes are `data`."""
    try:
        text = data.decode("utf-8-sig")  # a BOM is tolerated
        reader = csv.DictReader(io.StringIO(text, newline=""))
        missing = [f for f in FIELDS if f not in (reader.fieldnames or [])]
        if missing:
            raise ManifestError(f"{path}: manifest lacks columns {', '.join(missing)}")
        return [(reader.line_num, r) for r in reader]
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ManifestError(f"{path}: not a UTF-8 CSV manifest ({exc})") from None


# Every load looks its file up in the manifest: its rows are parsed once per content of the
# file (compared byte for byte: a rewrite, even of the same size at the same mtime, is read
# again). Bounded: a few manifests.
_SAVED_ROWS: dict[Path, tuple[bytes, list[tuple[int, dict[str, str]]]]] = {}


def _rows_as_saved(path: Path) -> list[tuple[int, dict[str, str]]]:
    """`_rows(path)`, parsed again only when the file's bytes have changed: the file is read
    once, and the bytes read are the bytes parsed."""
    data = path.read_bytes()
    saved = _SAVED_ROWS.get(path)
    if saved is None or saved[0] != data:
        if len(_SAVED_ROWS) >= 8:
            _SAVED_ROWS.clear()
        saved = _SAVED_ROWS[path] = (data, _parse(path, data))
    return [(line, dict(row)) for line, row in saved[1]]  # each caller its own rows


def read_manifest(path: Path | None = None) -> list[Entry]:
    """Every entry of the manifest, validated; an error names the row and the field."""
    path = Path(path or config.MANIFEST)
    if not path.exists():
        return []
    entries = [_entry(path, line, r) for line, r in _rows(path)]
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
    # A file is read, never written: relative to the manifest's folder, or absolute.
    if not file:
        raise bad("file", "is empty")
    sha = (r.get("sha256") or "").strip().lower()
    if not _SHA256.match(sha):
        raise bad("sha256", "is not a sha256 (64 hex digits)")
    return Entry(dept, (r.get("department") or "").strip(), int(year),
                 (r.get("kind") or "").strip(), file, sha, r.get("provenance") or "", path.parent)


def entry_for(path: Path, manifest: Path | None = None) -> Entry | None:
    """The manifest entry describing this file, if any (matched by resolved path). Only that
    row is validated, so a broken row elsewhere in the manifest does not stop this file."""
    manifest_path = Path(manifest or config.MANIFEST)
    if not manifest_path.exists():
        return None
    target = Path(path).resolve()
    for line, row in _rows_as_saved(manifest_path):
        file = (row.get("file") or "").strip()
        if file and (manifest_path.parent / file).resolve() == target:
            return _entry(manifest_path, line, row)
    return None


def verify(entry: Entry, digest: str | None = None) -> None:
    """The entry's file has the sha256 the manifest states. `digest`: the sha256 of the
    file's bytes as already read (load() reads a text once, for its lines and its digest),
    else the file is read for it."""
    actual = sha256_of(entry.path) if digest is None else digest
    if actual != entry.sha256:
        raise ManifestError(f"{entry.path}: sha256 {actual[:12]}… does not match the manifest "
                            f"({entry.sha256[:12]}…); raw files must not be edited")


def select(years: list[int] | None = None, departments: list[str] | None = None,
           manifest: Path | None = None) -> list[Entry]:
    return [e for e in read_manifest(manifest)
            if (not years or e.year in years) and (not departments or e.department_id in departments)]
