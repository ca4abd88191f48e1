"""Where a corpus's documents came from, so its reports can be run later: `sources.json` in
the corpus root, written by every build beside documents.csv, names each document's file
(and the manifest that listed it) relative to the root. `report --corpus DIR` reads it with
documents.csv: the documents built (ok or partial), with the file each was built from, checked
to be the same bytes (sha256 of documents.csv) before any notebook runs."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import DisclosureError
from ..sources import manifest as raw_manifest
from ..sources.folders import Source
from ..storage import safe_write
from . import ledger

SOURCES_JSON = "sources.json"
DOCUMENTS_CSV = "documents.csv"


@dataclass(frozen=True)
class Document:
    """A document of a built corpus, as a report runs it."""

    entry: raw_manifest.Entry  # department_id, department, year, the file (entry.path), sha256
    manifest: Path | None  # the manifest that listed it (its notebooks read the entry there)
    source: str = ""  # as documents.csv names it


def write(root: Path, sources: list[Source]) -> Path:
    """`root/sources.json`, written whole (temporary file, then one rename)."""
    def rel(path: Path | None) -> str | None:
        return None if path is None else Path(os.path.relpath(path, root)).as_posix()

    items = [{"source": s.label, "path": rel(s.path), "manifest": rel(s.manifest)}
             for s in sorted(sources, key=lambda s: s.label)]
    text = json.dumps({"sources": items}, ensure_ascii=False, indent=1) + "\n"
    return safe_write.write_text(root / SOURCES_JSON, text)


def documents(root: str | Path, years: list[int] | None = None,
              departments: list[str] | None = None) -> list[Document]:
    """The documents of the corpus at `root` built ok or partial (of `years`/`departments`
    when given), in documents.csv order; a one-line error when `root` is not a built corpus or
    a document's file is gone or changed since it was built."""
    root = Path(root)
    if not (root / DOCUMENTS_CSV).is_file():
        raise DisclosureError(f"{root}: not a corpus (no {DOCUMENTS_CSV}); build one with "
                              "`zhuzhou-budget corpus build SOURCES --out DIR`")
    rows = ledger.read(root / DOCUMENTS_CSV)
    where = _sources(root)
    out = []
    for row in ledger.sort(list(rows.values())):
        if row.status == "failed" or row.year is None:
            continue
        if (years and row.year not in years) or (departments and
                                                 row.department_id not in departments):
            continue
        if row.source not in where:
            raise DisclosureError(f"{root}: {row.source} is not in {SOURCES_JSON}; build the "
                                  "corpus again")
        path, manifest = where[row.source]
        if not path.is_file() or raw_manifest.sha256_of(path) != row.sha256:
            raise DisclosureError(f"{path}: gone or changed since the corpus {root} was built "
                                  f"(documents.csv: {row.source}); build the corpus again")
        entry = raw_manifest.Entry(row.department_id, row.department, row.year,
                                   row.kind or "部门决算",
                                   path.name, row.sha256, "", path.parent)
        out.append(Document(entry, manifest, row.source))
    return out


def _sources(root: Path) -> dict[str, tuple[Path, Path | None]]:
    file = root / SOURCES_JSON
    try:
        items = json.loads(file.read_text(encoding="utf-8"))["sources"]
        return {i["source"]: (_under(root, i["path"]), _under(root, i.get("manifest")))
                for i in items}
    except FileNotFoundError:
        raise DisclosureError(f"{root}: no {SOURCES_JSON} (built by an older version): build the "
                              "corpus again") from None
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise DisclosureError(f"{file}: not readable ({exc}); build the corpus again") from None


def _under(root: Path, rel):
    if rel is None:
        return None
    if not isinstance(rel, str):
        raise TypeError("a path is not text")
    return Path(os.path.normpath(Path(os.path.abspath(root)) / rel))
