"""A corpus build from start to end: find the documents, build each (process pool, dask
cluster, or in this process for one job), write documents.csv and the panel, and return the
exit code: 0 every document ok, 1 any partial or failed, 2 bad input (raised as
DisclosureError before anything is built)."""

from __future__ import annotations

import contextlib
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DisclosureError
from ..sources import manifest as raw_manifest
from ..sources.folders import Skipped, Source, discover_all, from_entries
from ..storage import outfolder
from ..version import package_version
from . import ledger, pairs, panel, recorded, stage
from . import root as corpus_root
from .cluster import run_cluster, scheduler_address
from .ledger import Row
from .pool import default_jobs, run_pool, run_task
from .progress import Progress
from .result import Result, output_folder

DOCUMENTS_CSV = "documents.csv"
_YEAR = re.compile(r"^\d{4}$")


@dataclass
class Outcome:
    rows: list[Row]  # sorted as documents.csv
    results: list[Result]
    root: Path
    seconds: float
    skipped: list[Skipped] = field(default_factory=list)  # entries of a folder not read
    pair_notes: list[str] = field(default_factory=list)  # budgets not paired, and why

    @property
    def exit_code(self) -> int:
        return ledger.exit_code(self.rows)


def build(inputs: list[Path], out: Path, *, jobs: int | None = None, force: bool = False,
          scheduler: str | None = None, progress: bool = True) -> Outcome:
    """Build the corpus of `inputs` (a manifest, folders, files) into `out`."""
    sources, skipped = discover_all(inputs)
    return build_sources(sources, out, jobs=jobs, force=force, scheduler=scheduler,
                         progress=progress, skipped=skipped)


def build_manifest(entries: list[raw_manifest.Entry], manifest: Path, out: Path,
                   **options) -> Outcome:
    return build_sources(from_entries(entries, manifest), out, **options)


def build_sources(sources: list[Source], out: Path, *, jobs: int | None = None,
                  force: bool = False, scheduler: str | None = None,
                  progress: bool = True, skipped: list[Skipped] | None = None) -> Outcome:
    """The run holds the corpus root's lock from start to end: a second run into the same
    root waits for it (then finds its documents up to date), so documents.csv, the panel and
    the document folders are always those of one run."""
    start = time.perf_counter()
    root = corpus_root.prepare(out)
    with outfolder.locked(root):
        rows, results, notes = _build_locked(sources, root, jobs, force, scheduler, progress)
    return Outcome(rows, results, root, time.perf_counter() - start, list(skipped or []),
                   notes)


def build_bundled(root: Path, manifest: Path) -> None:
    """The bundled corpus (every entry of `manifest`) into `root`, unless its panel is there:
    `zb.panel()` on a fresh clone builds it on first use, as `zb.open` parses on first use.
    The panel is looked for again once the root's lock is held, so two kernels starting at
    once build it once (the second finds it and reads it)."""
    entries = raw_manifest.read_manifest(manifest)
    if not entries:
        return
    root = corpus_root.prepare(root)
    with outfolder.locked(root):
        if not has_panel(root):
            _build_locked(from_entries(entries, manifest), root, None, False, None, False)


def has_panel(root: Path) -> bool:
    return all((root / "panel" / name).is_file() for name in ("datapackage.json",
                                                               "panel.duckdb"))


def _build_locked(sources: list[Source], root: Path, jobs: int | None, force: bool,
                  scheduler: str | None, progress: bool
                  ) -> tuple[list[Row], list[Result], list[str]]:
    previous = ledger.read(root / DOCUMENTS_CSV)
    try:
        return _build_staged(sources, root, previous, jobs, force, scheduler, progress,
                             stage.open_area(root))
    finally:
        stage.close_area(root)


def _build_staged(sources: list[Source], root: Path, previous: dict[str, Row],
                  jobs: int | None, force: bool, scheduler: str | None, progress: bool,
                  staged: Path) -> tuple[list[Row], list[Result], list[str]]:
    """Each document's panel rows go to `staged` as it finishes (stage.py); the panel is
    merged from there, one document at a time."""
    bar = Progress(len(sources), enabled=progress)
    opened: panel.Opening | None = None

    def arrived(result: Result) -> None:
        bar.update(result.row)

    try:
        try:
            address = scheduler_address(scheduler)
            jobs = jobs or default_jobs()
            if address:
                results = run_cluster(sources, root, previous, force, address, arrived, staged)
            elif jobs == 1 or len(sources) == 1:  # no pool to start for one document
                results = []
                for s in sources:
                    results.append(run_task(s, root, previous.get(s.label), force, staged))
                    arrived(results[-1])
            else:
                opened = panel.prepare(staged)  # DuckDB opened while the workers build
                results = run_pool(sources, root, previous, force, jobs, arrived, staged)
        finally:
            bar.close()
        return _merge(sources, root, staged, results, opened)
    finally:
        if opened is not None:  # the merge closes it; a run stopped before it does not
            opened.close()


def _merge(sources: list[Source], root: Path, staged: Path, results: list[Result],
           opened: panel.Opening | None) -> tuple[list[Row], list[Result], list[str]]:
    """documents.csv, the panel and the pairs of the documents built (`results`)."""
    results = _one_per_folder(results, sources, root, staged)
    rows = ledger.sort([r.row for r in results])
    by_row = {id(r.row): r for r in results}
    ok = [by_row[id(row)] for row in rows if row.status != "failed"]
    # documents.csv is written inside panel/ and swapped in with it (one rename: both or
    # neither); DIR/documents.csv is a link to it.
    # A budget and its final accounts are paired once both are built (pairs.py).
    paired = pairs.build(ok, sources)
    # The documents built now move into their folders once the panel (with the ledger) is
    # written and just before it is swapped in (a kill between leaves a folder the next run
    # removes, never a row without its folder); a failed document's pending output is
    # removed with the orphans.
    def promote() -> None:
        for result in ok:
            if result.pending:
                outfolder.promote(Path(result.pending), root / result.row.output)

    panel.write(root, ok, rows, package_version(), paired.rows, before_swap=promote,
                opened=opened)
    ledger.link(root / DOCUMENTS_CSV, f"panel/{DOCUMENTS_CSV}")
    recorded.write(root, sources)  # where each document came from: `report --corpus DIR`
    _remove_orphans(root, rows)
    return rows, [by_row[id(row)] for row in rows], paired.notes


def _remove_orphans(root: Path, rows: list[Row]) -> None:
    """Document folders of the tool (marked) that no row of this run owns — a document
    removed from the source, or one that failed this time — are removed, with year folders
    left empty. Anything without the tool's marker is left alone."""
    keep = {r.output for r in rows if r.output}
    for year in sorted(root.iterdir()):
        if not (_YEAR.match(year.name) and year.is_dir()) or year.is_symlink():
            continue
        # What a killed run left in a folder's hidden .<name>.work/ (its writing, half done)
        # is put right first: an output it restores is then kept or removed like any other.
        for work in sorted(year.glob(".*.work")):
            if work.is_dir() and not work.is_symlink():
                with contextlib.suppress(DisclosureError):  # beside a folder not the tool's
                    outfolder.repair(year / work.name[1:-len(".work")])
        for folder in sorted(year.iterdir()):
            rel = f"{year.name}/{folder.name}"
            if rel in keep or folder.is_symlink() or not folder.is_dir() \
                    or not outfolder.owned(folder):
                continue
            shutil.rmtree(folder)
        with contextlib.suppress(OSError):
            year.rmdir()  # only when empty


def _one_per_folder(results: list[Result], sources: list[Source], root: Path,
                    staged: Path) -> list[Result]:
    """Two documents that land in one <year>/<department_id> folder (a file name and a title
    that disagree on the year, say): the first by source keeps it and is built once more (the
    other may have written last); the others fail, naming it."""
    by_label = {s.label: s for s in sources}
    owner: dict[tuple[int, str], Result] = {}
    redone: set[str] = set()
    for result in sorted(results, key=lambda r: r.row.source):
        row = result.row
        if row.status == "failed" or row.year is None:
            continue
        key = (row.year, row.department_id)
        if key not in owner:
            owner[key] = result
            continue
        first = owner[key]
        row.status, row.action, row.output, result.fragment = "failed", "", "", None
        row.reason = (f"same department_id and year as {first.row.source} "
                      f"({output_folder(root, *key).relative_to(root).as_posix()})")
        if first.row.source not in redone:
            redone.add(first.row.source)
            redo = run_task(by_label[first.row.source], root, None, True, staged)
            first.row, first.fragment = redo.row, redo.fragment
    return results
