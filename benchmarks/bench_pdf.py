"""Benchmark: PDF → facts, cold and warm, beside pdfplumber on the same pages, in one run,
for each PDF: the 2024 Zhuzhou fixture and the two real national-template documents.

    python benchmarks/bench_pdf.py [--repeat N] [--cold N] [PDF ...]
    python benchmarks/bench_pdf.py --end-to-end 5 [PDF ...]   # the issue-23 ratio

cold: `load()` of the first document in a fresh Python process (after the imports), which
      starts the extraction worker and its JVM; each run is a new process.
warm: later `load()` calls in the same process (the worker and its JVM are reused).
tabula lattice: only the tabula-py calls for the ruled pages (one call per page), warm.
pdfplumber: `extract_tables()` on the same ruled pages plus `extract_text()` of every page,
      for comparison (pure Python, no JVM; tables as cell strings, no facts, no checks).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timing import report, scratch, timed  # noqa: E402

import zhuzhou_budget as zb  # noqa: E402
from zhuzhou_budget.extract import pdf, pdf_extract  # noqa: E402

DATA = ROOT / "tests" / "data"
PDFS = [DATA / "zhuzhou-zjj-2024.pdf", DATA / "shanghai-putuo-czj-2024-final-accounts.pdf",
        DATA / "national-template-2024-final-accounts.pdf"]

COLD = """
import time, zhuzhou_budget as zb
start = time.perf_counter()
zb.load({path!r})
print(time.perf_counter() - start)
"""


PLUMBER = """
import pdfplumber
with pdfplumber.open({path!r}) as doc:
    for page in doc.pages:
        page.extract_tables()
        page.extract_text()
"""


def end_to_end(path: Path, runs: int) -> None:
    """The issue-23 measure, side by side in fresh processes: `zhuzhou-budget build PDF` (the
    command line: interpreter, imports, worker and JVM, facts, checks, files written) against
    pdfplumber's tables and text of every page in a fresh interpreter."""
    import time

    def wall(cmd: list[str]) -> float:
        os.sync()  # no command pays for the files an earlier one wrote
        start = time.perf_counter()
        subprocess.run(cmd, check=False, capture_output=True, cwd=ROOT)
        return time.perf_counter() - start

    with scratch() as tmp:
        # One untimed run of each first: fresh processes, but the files (the PDF, the jar,
        # the libraries) in the page cache for both alike.
        wall([sys.executable, "-m", "zhuzhou_budget", "build", str(path), "--out", f"{tmp}/w"])
        wall([sys.executable, "-c", PLUMBER.format(path=str(path))])
        # Alternated, so a spell of load on this shared machine falls on both alike.
        ours, theirs = [], []
        for k in range(runs):
            ours.append(wall([sys.executable, "-m", "zhuzhou_budget", "build", str(path),
                              "--out", f"{tmp}/{k}"]))
            theirs.append(wall([sys.executable, "-c", PLUMBER.format(path=str(path))]))
    a, b = statistics.median(ours), statistics.median(theirs)
    print(f"== {path.name}: cold `build` {a:.2f} s, pdfplumber tables + text {b:.2f} s "
          f"(fresh processes, median of {runs}): {a / b:.2f} ×")


def ruled_pages(path: Path) -> list[int]:
    return [p.number for p in pdf_extract.read_pages(path, pdf.DEFAULT_MAX_PAGES) if p.ruled]


def bench(path: Path, repeat: int, cold_runs: int) -> None:
    print(f"== {path.name}")
    cold = [float(subprocess.run([sys.executable, "-c", COLD.format(path=str(path))],
                                 check=True, capture_output=True, text=True).stdout)
            for _ in range(cold_runs)]
    report("load() PDF, cold (first document: JVM start)", cold)
    zb.load(path)
    report("load() PDF, warm (later documents)", timed(lambda: zb.load(path), repeat))
    report("  of which text layer (pypdfium2), in-process",
           timed(lambda: pdf_extract.read_pages(path, pdf.DEFAULT_MAX_PAGES), repeat))
    pages = ruled_pages(path)
    pdf_extract.tabula_tables(path, pages[:1])  # start this process's JVM outside the timing
    tab = timed(lambda: pdf_extract.tabula_tables(path, pages), repeat)
    report(f"  of which tabula lattice, {len(pages)} ruled pages", tab,
           f"({statistics.median(tab) / max(len(pages), 1) * 1000:.0f} ms/page)")

    import pdfplumber

    def plumber() -> tuple[int, int]:
        with pdfplumber.open(path) as doc:
            tables = [t for n in pages for t in doc.pages[n - 1].extract_tables()]
            for page in doc.pages:
                page.extract_text()
        return len(tables), sum(len(t) for t in tables)

    found, rows = plumber()
    report("pdfplumber extract_tables + extract_text", timed(plumber, max(1, repeat // 3)),
           f"({found} tables, {rows} rows)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=6)
    parser.add_argument("--cold", type=int, default=2)
    parser.add_argument("--end-to-end", type=int, default=0, metavar="N",
                        help="only the command line against pdfplumber, N fresh runs each")
    parser.add_argument("pdfs", nargs="*", type=Path, default=PDFS)
    args = parser.parse_args()
    for path in args.pdfs:
        if args.end_to_end:
            end_to_end(path, args.end_to_end)
        else:
            bench(path, args.repeat, args.cold)


if __name__ == "__main__":
    main()
