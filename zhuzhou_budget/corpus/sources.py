"""What a corpus is made of: a manifest CSV, a folder of documents, or a list of files.

Each document becomes a `Source`: its path, how it is named in documents.csv, and the
department id it is filed under. A manifest gives the id; otherwise it is derived from the file
name (a slug, `manifest.SLUG`), because the title gives a department's name but no id. The
department's name and the year always come from the document itself (`load()` reads the title,
or the manifest entry when the file is in one).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .. import manifest as raw_manifest
from ..errors import DisclosureError

# Files a folder contributes: the shapes `load()` reads. Anything else (notes, images) is left.
SUFFIXES = (".txt", ".pdf")
_YEAR_TOKEN = re.compile(r"(?<![0-9])(19[89][0-9]|20[0-9]{2}|2100)(?![0-9])")


@dataclass(frozen=True)
class Source:
    path: Path  # absolute
    label: str  # as documents.csv names it: relative to the manifest's or folder's root
    department_id: str
    manifest: Path | None = None  # the manifest listing it, so load() verifies its sha256
    # What the manifest says, shown for a document that fails before its title is read.
    year: int | None = None
    department: str = ""


def discover(inputs: list[Path]) -> list[Source]:
    """The documents of a manifest (a .csv), a folder (every .txt/.pdf under it) or files."""
    if not inputs:
        raise DisclosureError("no corpus given: name a manifest, a folder or files")
    sources: list[Source] = []
    loose: list[tuple[Path, str]] = []
    for given in inputs:
        path = Path(given)
        if path.suffix.lower() == ".csv" and path.is_file():
            sources += _from_manifest(path)
        elif path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and not any(
                part.startswith(".") for part in p.relative_to(path).parts)
                and p.suffix.lower() in SUFFIXES)
            loose += [(p.resolve(), p.relative_to(path).as_posix()) for p in found]
        elif path.exists():
            loose.append((path.resolve(), str(given)))
        else:
            raise DisclosureError(f"{given}: no such file or folder")
    sources += [Source(p, label, dept) for (p, label), dept in zip(
        loose, derive_ids([label for _, label in loose]), strict=True)]
    seen: dict[Path, str] = {}
    for s in sources:
        if s.path in seen:
            raise DisclosureError(f"{s.label}: listed twice (also as {seen[s.path]})")
        seen[s.path] = s.label
    if not sources:
        raise DisclosureError(f"no documents in {', '.join(map(str, inputs))} "
                              f"(a manifest .csv, or {'/'.join(SUFFIXES)} files)")
    return sources


def _from_manifest(path: Path) -> list[Source]:
    return from_entries(raw_manifest.read_manifest(path), path)


def from_entries(entries: list[raw_manifest.Entry], manifest: Path) -> list[Source]:
    """Sources of already selected manifest entries (build-all's --year)."""
    return [Source(e.path.resolve(), e.file, e.department_id, manifest.resolve(), e.year,
                   e.department) for e in entries]


def slug(text: str) -> str:
    """A department id from a file name: lower-case ASCII words joined by '-' (may be '')."""
    words = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-_")
    return words[:64].rstrip("-_")


def derive_ids(labels: list[str]) -> list[str]:
    """One id per file, from its name without the extension and without a year in it, so
    `dept-2023.txt` and `dept-2024.txt` are the same department in two years. Where that
    would file two documents of one year under one id (the same name in two folders, or no
    year in the names), the full path is used instead, then -2, -3 …; a name with no ASCII
    letters or digits gets `doc`. Deterministic: labels are taken in sorted order."""
    stems = {lb: Path(lb).with_suffix("").as_posix() for lb in labels}
    base = {lb: slug(_YEAR_TOKEN.sub("", Path(stems[lb]).name)) or "doc" for lb in labels}
    groups: dict[str, list[str]] = defaultdict(list)
    for lb in sorted(labels):
        groups[base[lb]].append(lb)
    ids: dict[str, str] = {}
    for key, members in groups.items():
        years = [_YEAR_TOKEN.findall(Path(stems[lb]).name) for lb in members]
        one_per_year = all(len(y) == 1 for y in years) and len({y[0] for y in years}) == len(
            years)
        if one_per_year:  # each year's folder holds one of them: no clash
            ids.update(dict.fromkeys(members, key))
            continue
        full = {lb: slug(stems[lb]) or "doc" for lb in members}
        used: set[str] = set()
        for lb in members:
            ident, n = full[lb], 1
            while ident in used or (ident != full[lb] and ident in groups):
                n += 1
                ident = f"{full[lb][:60]}-{n}"
            used.add(ident)
            ids[lb] = ident
    return [ids[lb] for lb in labels]
