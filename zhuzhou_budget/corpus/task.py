"""One document of a corpus: build it (or find its outputs up to date), write its panel rows
to the run's staging area (stage.py), and return its documents.csv row and where those rows
are — never the rows themselves, so the batch's process (or a dask client) holds no more than
one row per document however large the corpus.

The same function runs in a process-pool worker and as a dask task, so it takes and returns
picklable values. The panel rows are made from the CSV files as written (read back), so a
document skipped because it is up to date contributes exactly what a rebuild would.
"""

from __future__ import annotations

import json
import os
import resource
import time
from pathlib import Path

from ..disclosure import Disclosure, load
from ..errors import DisclosureError
from ..metadata.templates import DOCUMENT_KINDS, FINAL
from ..sources import manifest as raw_manifest
from ..sources.folders import Source
from ..storage import outfolder
from ..storage.build import write_document
from ..version import package_version
from .ledger import Row
from .panel_schema import PANEL_RESOURCES
from .result import PENDING, Result, output_folder
from .rows import document_tables, document_tables_from_cells
from .stage import write as write_fragment
from .stated_pi import stated_pi, stated_pi_of_cells


def run(source: Source, root: Path, previous: Row | None = None, force: bool = False,
        stage: Path | None = None) -> Result:
    """Build one document into root/<year>/<department_id>/ and its panel rows into `stage`;
    never raises for the document's own faults (they become a failed row), so one bad file
    never stops a batch."""
    start = time.perf_counter()
    version = package_version()
    row = Row(source=source.label, department_id=source.department_id,
              department=source.department, year=source.year, package_version=version)
    result = Result(row, worker=os.getpid())
    try:
        folder = None
        if not force and previous is not None:  # (_up_to_date's first test: no previous row)
            row.sha256 = raw_manifest.sha256_of(source.path)
            folder = _up_to_date(previous, row.sha256, version, root)
        cells: dict[str, dict[str, list[str]]] | None = None
        package: dict | None = None
        if folder is not None:
            row.action = "skipped"
        else:
            cells = {}
            folder, package = _build(source, root, row, cells)
            row.action = "built"
            result.pending = str(folder)
        _summarize(folder, row, result, stage, cells, package)
    except DisclosureError as exc:
        row.status, row.reason = "failed", _one_line(str(exc))
    except Exception as exc:
        # A bug or an unforeseen input: the document fails with one line; the batch goes on.
        row.status = "failed"
        row.reason = _one_line(f"unexpected {type(exc).__name__}: {exc}")
    row.seconds = round(time.perf_counter() - start, 3)
    result.peak_rss_mb = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return result


def _build(source: Source, root: Path, row: Row, cells: dict[str, dict[str, list[str]]]
           ) -> tuple[Path, dict]:
    """The document built into its pending folder: the folder and its datapackage.json's
    content as written."""
    d = _load(source, row)
    row.department = d.meta.department
    if d.meta.year is None:
        raise DisclosureError(f"{source.label}: no year found in the document's title")
    ident = source.department_id or d.meta.department_id
    if not raw_manifest.SLUG.match(ident):
        raise DisclosureError(f"{source.label}: department id {ident!r} is not a slug")
    row.department_id, row.year = ident, d.meta.year
    final = output_folder(root, d.meta.year, ident)
    folder = final.parent / f"{PENDING}{final.name}"  # moved into place by the batch
    # its cells and datapackage.json kept as written: _summarize needs them; its folder is
    # output_folder's, just resolved
    written = write_document(d, folder, cells, real_parent=True)
    return written.folder, written.package


def _load(source: Source, row: Row) -> Disclosure:
    """The source loaded, the row given its sha256 where `run` has not taken it yet: the
    digest load took of the bytes it read (a text is read and hashed once, not a second
    time before it: ~1.7 M instructions and seven system calls a document). Where load
    fails, the file's digest as `run` took it before (a file that cannot be read raises as
    `sha256_of` raises, first, as it did)."""
    if row.sha256:
        return load(source.path, manifest=source.manifest)
    try:
        d = load(source.path, manifest=source.manifest)
    except Exception:
        row.sha256 = raw_manifest.sha256_of(source.path)
        raise
    row.sha256 = d.meta.sha256
    return d


def _up_to_date(previous: Row | None, sha256: str, version: str, root: Path) -> Path | None:
    """The folder holding complete outputs of this very file and package version, if any:
    documents.csv says it was built from this sha256 by this version, the folder is the tool's,
    its datapackage.json names the same source sha256, and every file it lists is there with
    the hash it records."""
    if previous is None or previous.status not in ("ok", "partial") or previous.year is None:
        return None
    if previous.sha256 != sha256 or previous.package_version != version:
        return None
    try:
        folder = output_folder(root, previous.year, previous.department_id)
    except DisclosureError:
        return None
    if not outfolder.owned(folder) or folder.is_symlink():
        return None
    try:
        package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        if [s.get("sha256") for s in package.get("sources", [])] != [sha256]:
            return None
        listed = [(r["path"], r["hash"]) for r in package["resources"]]
        listed.append((package["sections"]["path"], package["sections"]["hash"]))
        for rel, digest in listed:
            data = (folder / rel).resolve()
            if folder not in data.parents or not data.is_file() or (
                    f"sha256:{raw_manifest.sha256_of(data)}" != digest):
                return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return folder


def _summarize(folder: Path, row: Row, result: Result, stage: Path | None,
               cells: dict[str, dict[str, list[str]]] | None = None,
               package: dict | None = None) -> None:
    """Status, counts and panel rows from the outputs as written, the same for built and
    skipped documents: a document built now gives the cells and the datapackage.json its
    build wrote (`cells`, `package`: the values of the JSON text written, read only), one
    found up to date its files, read back."""
    if package is None:
        package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    row.department, row.year = package["department"], int(package["year"])
    row.kind = package.get("kind", "")
    row.department_id = folder.name.removeprefix(PENDING)
    keys = {"department_id": row.department_id, "department": row.department,
            "year": str(row.year), "source_sha256": row.sha256}
    if cells is not None:
        tables = document_tables_from_cells(cells, keys)
    else:
        paths = {r["name"].replace("-", "_"): r["path"] for r in package["resources"]}
        texts = {name: (folder / paths[name]).read_text(encoding="utf-8")
                 for name in PANEL_RESOURCES if name in paths}
        tables = document_tables(texts, keys)
    missing = list(package.get("missing_tables", []))
    row.tables = sum(1 for r in package["resources"] if r["path"].startswith("tables/"))
    row.facts = len(tables["facts"])
    severity = tables["findings"]["severity"].to_pylist()
    if stage is not None:
        result.fragment = write_fragment(stage, row.source, tables, cells)
        if row.kind == DOCUMENT_KINDS[FINAL]:
            result.fragment.stated_pi = (stated_pi(tables) if cells is None
                                         else stated_pi_of_cells(cells))
    row.errors, row.warnings = severity.count("error"), severity.count("warning")
    row.output = f"{folder.parent.name}/{folder.name.removeprefix(PENDING)}"
    # The disclosure's own verdict (Disclosure.gaps, as build wrote it), not a second one.
    gaps = list(package.get("gaps", [f"table not found: {t}" for t in missing]))
    row.status = "partial" if gaps or not package.get("complete", True) else "ok"
    row.reason = "; ".join(gaps)


def _one_line(text: str) -> str:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return lines[0] if lines else "failed"
