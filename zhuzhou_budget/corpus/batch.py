"""A corpus build from start to end: find the documents, build each (process pool, dask
cluster, or in this process for one job), write documents.csv and the panel, and return the
exit code: 0 every document ok, 1 any partial or failed, 2 bad input (raised as
DisclosureError before anything is built)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from .. import manifest as raw_manifest
from ..version import package_version
from . import ledger, panel
from . import root as corpus_root
from .cluster import run_cluster, scheduler_address
from .ledger import Row
from .pool import default_jobs, run_pool
from .progress import Progress
from .sources import Source, discover, from_entries
from .task import Result, output_folder, run

DOCUMENTS_CSV = "documents.csv"


@dataclass
class Outcome:
    rows: list[Row]  # sorted as documents.csv
    results: list[Result]
    root: Path
    seconds: float

    @property
    def exit_code(self) -> int:
        return ledger.exit_code(self.rows)


def build(inputs: list[Path], out: Path, *, jobs: int | None = None, force: bool = False,
          scheduler: str | None = None, progress: bool = True) -> Outcome:
    """Build the corpus of `inputs` (a manifest, folders, files) into `out`."""
    return build_sources(discover(inputs), out, jobs=jobs, force=force, scheduler=scheduler,
                         progress=progress)


def build_manifest(entries: list[raw_manifest.Entry], manifest: Path, out: Path,
                   **options) -> Outcome:
    return build_sources(from_entries(entries, manifest), out, **options)


def build_sources(sources: list[Source], out: Path, *, jobs: int | None = None,
                  force: bool = False, scheduler: str | None = None,
                  progress: bool = True) -> Outcome:
    start = time.perf_counter()
    root = corpus_root.prepare(out)
    previous = ledger.read(root / DOCUMENTS_CSV)
    bar = Progress(len(sources), enabled=progress)

    def arrived(result: Result) -> None:
        bar.update(result.row)

    try:
        address = scheduler_address(scheduler)
        jobs = jobs or default_jobs()
        if address:
            results = run_cluster(sources, root, previous, force, address, arrived)
        elif jobs == 1 or len(sources) == 1:  # no pool to start for one document
            results = []
            for s in sources:
                results.append(run(s, root, previous.get(s.label), force))
                arrived(results[-1])
        else:
            results = run_pool(sources, root, previous, force, jobs, arrived)
    finally:
        bar.close()
    results = _one_per_folder(results, sources, root)
    rows = ledger.sort([r.row for r in results])
    ledger.write(root / DOCUMENTS_CSV, rows)
    by_row = {id(r.row): r for r in results}
    ok = [by_row[id(row)] for row in rows if row.status != "failed"]
    panel.write(root, ok, rows, package_version())
    return Outcome(rows, [by_row[id(row)] for row in rows], root, time.perf_counter() - start)


def _one_per_folder(results: list[Result], sources: list[Source], root: Path) -> list[Result]:
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
        row.status, row.action, row.output, result.tables = "failed", "", "", {}
        row.reason = (f"same department_id and year as {first.row.source} "
                      f"({output_folder(root, *key).relative_to(root).as_posix()})")
        if first.row.source not in redone:
            redone.add(first.row.source)
            redo = run(by_label[first.row.source], root, None, True)
            first.row, first.tables = redo.row, redo.tables
    return results
