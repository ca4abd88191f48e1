"""The corpus commands of the CLI: `corpus build`, `corpus sql`, `build FILE FILE…` and
`build-all` run through `batch`. Kept here so cli.py only wires them in."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .. import config
from ..errors import DisclosureError
from ..sources import manifest as raw_manifest

if TYPE_CHECKING:
    from . import batch
# The batch (the pool, the panel, pairs, DuckDB) is imported by the commands that run one:
# `build FILE`, which every command line imports this module for, does not need it.


def add_parser(sub: argparse._SubParsersAction) -> None:
    c = sub.add_parser("corpus", help="build many documents at once and query their panel")
    csub = c.add_subparsers(dest="corpus_command", required=True)
    b = csub.add_parser("build", help="build every document of a manifest, a folder or a list "
                        "of files → DIR/<year>/<department_id>/, DIR/documents.csv, DIR/panel/")
    b.add_argument("sources", type=Path, nargs="+", help="a manifest .csv, folders or files")
    b.add_argument("--out", type=Path, required=True, help="corpus output folder")
    add_batch_options(b)
    b.add_argument("--scheduler", default=None, help="dask scheduler address (default: "
                   "$DASK_SCHEDULER_ADDRESS; none: a process pool on this machine)")
    q = csub.add_parser("sql", help="run SQL on a corpus panel (DuckDB); prints CSV")
    q.add_argument("query")
    q.add_argument("--panel", type=Path, default=None,
                   help="corpus output folder or its panel/ (default: data/processed)")


def add_batch_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--jobs", "-j", type=int, default=None,
                   help="documents built at once (default: the number of cores)")
    p.add_argument("--force", action="store_true",
                   help="rebuild documents whose outputs are up to date")
    p.add_argument("--no-progress", action="store_true", help="no progress bar or lines")


def main(args: argparse.Namespace) -> int:
    if args.corpus_command == "sql":
        from .query import sql

        sys.stdout.write(sql(args.query, args.panel).to_csv(index=False))
        return 0
    check_jobs(args.jobs)
    from . import batch

    return summarize(batch.build(args.sources, args.out, jobs=args.jobs, force=args.force,
                               scheduler=args.scheduler, progress=not args.no_progress))


def build_files(files: list[Path], out: Path | None, jobs: int | None = None,
                force: bool = False, progress: bool = True) -> int:
    """`build FILE FILE… --out DIR`: the files as a corpus rooted at DIR."""
    if out is None:
        raise DisclosureError("several files: give --out DIR (the corpus output folder)")
    check_jobs(jobs)
    from . import batch

    return summarize(batch.build(files, out, jobs=jobs, force=force, progress=progress))


def build_all(years: list[int] | None, manifest: Path | None, out: Path | None,
              jobs: int | None = None, force: bool = False, progress: bool = True) -> int:
    """`build-all`: the raw manifest's entries (of the chosen years) as a corpus."""
    manifest = Path(manifest or config.MANIFEST)
    entries = raw_manifest.select(years, manifest=manifest)
    if not entries:
        raise DisclosureError(f"no manifest entries for years {years or 'any'}")
    check_jobs(jobs)
    from . import batch

    return summarize(batch.build_manifest(entries, manifest, out or config.PROCESSED, jobs=jobs,
                                        force=force, progress=progress))


def check_jobs(jobs: int | None) -> None:
    """--jobs of every command: 1 to 1024 processes (or notebooks) at once."""
    if isinstance(jobs, bool) or jobs is not None and not 1 <= jobs <= 1024:
        raise DisclosureError(f"--jobs {jobs}: give a number of processes from 1 to 1024")


def summarize(outcome: batch.Outcome) -> int:
    """Print what the corpus holds (one line, problems above it); the build's exit code."""
    counts = {s: sum(1 for r in outcome.rows if r.status == s) for s in ("ok", "partial",
                                                                         "failed")}
    skipped = sum(1 for r in outcome.rows if r.action == "skipped")
    for entry in outcome.skipped:
        print(f"skipped: {entry.label}: {entry.reason}", file=sys.stderr)
    for r in outcome.rows:
        if r.status != "ok":
            print(f"{r.status}: {r.source}: {r.reason}", file=sys.stderr)
    for note in outcome.pair_notes:
        print(note, file=sys.stderr)
    n = len(outcome.rows)
    print(f"{n} document{'s' if n != 1 else ''}: {counts['ok']} ok, {counts['partial']} partial, "
          f"{counts['failed']} failed ({skipped} up to date, skipped) → {outcome.root} "
          f"({outcome.seconds:.1f} s)")
    return outcome.exit_code
