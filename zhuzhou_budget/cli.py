"""Command line: `zhuzhou-budget build RAW_FILE --out DIR`, `zhuzhou-budget build-all`,
`zhuzhou-budget corpus build DIR_OR_MANIFEST --out DIR` (many documents and their panel),
`zhuzhou-budget report --year YEAR` (the notebooks, run by papermill), `zhuzhou-budget tables
FILE` (what was read of each table)."""

from __future__ import annotations

import argparse
import gc
import signal
import sys
import time
import traceback
from pathlib import Path

from . import config
from .corpus import command as corpus_command
from .course import command as course_command
from .errors import DisclosureError

# A document's build (pandas, the parsers: `load`, `write_outputs`) is imported by the commands
# that build in this process; `corpus build` leaves it to its pool's workers (corpus/result.py).


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="zhuzhou-budget", description=__doc__)
    parser.add_argument("--debug", action="store_true",
                        help="show the traceback of an unexpected error")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="parse raw disclosures and write their processed files")
    b.add_argument("raw_file", type=Path, nargs="+", help="one file, or several (a corpus)")
    b.add_argument("--out", type=Path, help="output folder (default: data/processed/<year>/"
                   "<department> for manifest entries); with several files, the corpus folder "
                   "(<year>/<department_id>/, documents.csv, panel/)")
    b.add_argument("--strict", action="store_true", help="all or nothing: a table that cannot "
                   "be parsed stops the build (default: it costs that table; exit 1)")
    corpus_command.add_batch_options(b)
    c = sub.add_parser("check", help="reconcile a disclosure; exit 1 when any error is found")
    c.add_argument("raw_file", type=Path)
    c.add_argument("--format", choices=["text", "csv", "json"], default="text")
    c.add_argument("--strict", action="store_true", help="a table that cannot be parsed stops "
                   "the check (default: it is reported as an error finding)")
    t = sub.add_parser("tables", help="what was read of each table: canonical id, printed "
                       "title, pages, rows, columns recognised, template, status")
    t.add_argument("raw_file", type=Path)
    t.add_argument("--format", choices=["text", "csv"], default="text")
    a = sub.add_parser("build-all", help="build data/processed for every raw manifest entry")
    a.add_argument("--year", type=int, action="append", help="only these years")
    a.add_argument("--manifest", type=Path, default=None)
    a.add_argument("--out", type=Path, default=None, help="processed root (default data/processed)")
    corpus_command.add_batch_options(a)
    corpus_command.add_parser(sub)  # corpus build / corpus sql
    course_command.add_parser(sub)  # course build (nbgrader)
    r = sub.add_parser("report", help="run the notebooks (papermill) for manifest entries → "
                       "reports/<year>/<department>/<notebook>.ipynb and .html")
    from .reporting.batch import add_arguments as report_arguments  # light: papermill loads on run

    report_arguments(r)
    args = parser.parse_args(argv)
    try:
        if args.command == "report":
            from .reporting.batch import from_args  # papermill is imported only for this command

            return from_args(args)
        if args.command == "build" and len(args.raw_file) > 1:
            return corpus_command.build_files(args.raw_file, args.out, args.jobs, args.force,
                                              not args.no_progress)
        if args.command == "build":
            return _build(args.raw_file[0], args.out, strict=args.strict)
        if args.command == "check":
            return _check(args.raw_file, args.format, strict=args.strict)
        if args.command == "tables":
            return _tables(args.raw_file, args.format)
        if args.command == "corpus":
            return corpus_command.main(args)
        if args.command == "course":
            return course_command.main(args)
        # build-all goes through the corpus batch (parallel, incremental, documents.csv, panel)
        return corpus_command.build_all(args.year, args.manifest, args.out, args.jobs,
                                        args.force, not args.no_progress)
    except DisclosureError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug or an unforeseen input: one line, never exit 1
        if args.debug:
            traceback.print_exc()
        where = getattr(args, "raw_file", None) or args.command
        if isinstance(where, list):  # build FILE…
            where = " ".join(map(str, where))
        print(f"error: {where}: unexpected {type(exc).__name__} in {args.command}: "
              f"{str(exc).splitlines()[0] if str(exc) else ''} (--debug shows the traceback)",
              file=sys.stderr)
        return 2


def run() -> None:
    """The console entry point: SIGTERM and SIGHUP unwind like Ctrl-C (temporaries and child
    processes are cleaned up on the way out), then the exit code of `main`."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt(signal.Signals(signum).name)

    for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if sig is not None:
            signal.signal(sig, interrupt)
    code = main()
    # Done: the interpreter's last collection would scan every object still alive (pandas,
    # pyarrow, the document), ~0.1 s for nothing, since the process ends. Frozen, they are
    # left to the exit; everything was written and closed explicitly, and atexit handlers
    # and the release of each module still run.
    gc.freeze()
    sys.exit(code)


def _build(raw: Path, out: Path | None, *, strict: bool = False) -> int:
    """Exit 0 when the disclosure is complete, 1 when it was written with parts missing (a
    table not found or not parsed, or an empty table left unexplained)."""
    from .disclosure import load
    from .storage.build import write_outputs

    start = time.perf_counter()
    d = load(raw, strict=strict)
    if out is None:
        if not (d.meta.year and d.meta.department_id):
            raise DisclosureError(f"{raw}: not in the raw manifest; give --out DIR")
        out = config.processed_dir(d.meta.year, d.meta.department_id)
    files = write_outputs(d, out)
    gaps = incomplete(d)
    for gap in gaps:
        print(f"warning: {raw}: {gap}", file=sys.stderr)
    print(f"{raw} → {out}: {len(d.tables)} tables, {len(d.facts)} facts, "
          f"{len(d.sections)} sections, {len(files)} files ({time.perf_counter() - start:.2f} s)"
          + (f"; INCOMPLETE: {len(gaps)} parts missing" if gaps else ""))
    return 1 if gaps else 0


def incomplete(d) -> list[str]:
    """What a built disclosure lacks, one line each (empty when complete): `Disclosure.gaps`,
    the one verdict the corpus and datapackage.json read too."""
    return d.gaps


def _check(raw: Path, fmt: str, *, strict: bool = False) -> int:
    from .checks import reconcile
    from .disclosure import load
    from .reporting import findings_report as render

    findings = reconcile(load(raw, strict=strict))
    out = {"text": lambda f: render.to_text(f, str(raw)), "csv": render.to_csv,
           "json": render.to_json}[fmt](findings)
    sys.stdout.write(out)
    return 1 if (findings.severity == "error").any() else 0


def _tables(raw: Path, fmt: str) -> int:
    """Exit 0 when every table of the document's template was read whole, 1 otherwise."""
    import pandas as pd

    from .analysis.inventory import tables_read
    from .disclosure import load

    d = load(raw)
    frame = tables_read(d)
    if fmt == "csv":
        sys.stdout.write(frame.to_csv(index=False, lineterminator="\n"))
    else:
        print(f"{raw}: template {d.template.id} ({d.template.zh})")
        for r in frame.to_dict("records"):
            where = (f"p.{r['pages']}" if r["pages"] else
                     "" if pd.isna(r["first_line"]) else f"line {r['first_line']}")
            rows = "" if pd.isna(r["rows"]) else f"{r['rows']} rows"
            print(f"  {r['status']:<15} {r['table']:<33} {where:<9} {rows:<9} "
                  f"{r['title'] or r['zh']}")
            if r["columns"]:
                print(f"  {'':<15} columns: {r['columns']}")
            if r["reason"]:
                print(f"  {'':<15} {r['reason']}")
    return 0 if frame["status"].isin(["parsed", "not_in_template"]).all() else 1


if __name__ == "__main__":  # pragma: no cover
    run()
