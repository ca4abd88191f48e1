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

from ..errors import DisclosureError
from . import manifest as raw_manifest

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


@dataclass(frozen=True)
class Skipped:
    """An entry of a folder corpus that is not read, and why."""

    label: str
    reason: str


def discover(inputs: list[Path]) -> list[Source]:
    """The documents of a manifest (a .csv), a folder (every .txt/.pdf under it) or files."""
    return discover_all(inputs)[0]


def discover_all(inputs: list[Path]) -> tuple[list[Source], list[Skipped]]:
    """The documents, and the entries of folders that were left out with the reason."""
    if not inputs:
        raise DisclosureError("no corpus given: name a manifest, a folder or files")
    sources: list[Source] = []
    loose: list[tuple[Path, str]] = []
    skipped: list[Skipped] = []
    for given in inputs:
        path = Path(given)
        if path.suffix.lower() == ".csv" and path.is_file():
            sources += _from_manifest(path)
        elif path.is_dir():
            found, left = _folder(path)
            loose += found
            skipped += left
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
    return sources, skipped


def _folder(folder: Path) -> tuple[list[tuple[Path, str]], list[Skipped]]:
    """The .txt/.pdf files under a folder, never leaving it: its sub-folders are walked
    without following links; a link to a file inside the folder is read once (as the file
    itself when that is in the folder too); a link out of the folder, a dangling link, a link
    to a folder, and anything that is not a regular file (a FIFO, a socket, a device) are
    skipped and reported. Hidden entries and other suffixes are left silently."""
    import os
    import stat

    base = folder.resolve()
    found: dict[Path, str] = {}
    links: list[tuple[Path, str]] = []
    skipped: list[Skipped] = []
    for top, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(dirs):
            entry = Path(top) / name
            if entry.is_symlink():
                skipped.append(Skipped(entry.relative_to(folder).as_posix(),
                                       "a link to a folder: not followed"))
        for name in sorted(files):
            entry = Path(top) / name
            label = entry.relative_to(folder).as_posix()
            if name.startswith("."):
                continue
            try:
                mode = os.lstat(entry).st_mode
            except OSError as exc:
                skipped.append(Skipped(label, f"cannot read it ({exc.strerror})"))
                continue
            if stat.S_ISLNK(mode):
                links.append((entry, label))
            elif entry.suffix.lower() not in SUFFIXES:
                continue
            elif not stat.S_ISREG(mode):
                skipped.append(Skipped(label, "not a regular file (a FIFO, socket or device)"))
            else:
                found[entry.resolve()] = label
    for entry, label in links:
        try:
            target = entry.resolve(strict=True)
        except (OSError, RuntimeError):
            skipped.append(Skipped(label, "a dangling link (its target does not exist)"))
            continue
        if base not in target.parents:
            skipped.append(Skipped(label, "a link out of the folder: not followed"))
        elif target.suffix.lower() not in SUFFIXES and entry.suffix.lower() not in SUFFIXES:
            continue
        elif not target.is_file():
            skipped.append(Skipped(label, "a link to something not a regular file"))
        elif target in found:
            skipped.append(Skipped(label, f"a link to {found[target]}, read once as that"))
        else:
            found[target] = label
    return sorted(found.items(), key=lambda x: Path(x[1])), skipped


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
