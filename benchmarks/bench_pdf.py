"""Benchmark: PDF → facts for the 2024 fixture, cold and warm, and pdfplumber for comparison.

    python benchmarks/bench_pdf.py [--repeat N] [--cold N]

cold: `load()` of the first document in a fresh Python process (after the imports), which
      starts the extraction worker and its JVM; each run is a new process.
warm: later `load()` calls in the same process (the worker and its JVM are reused).
tabula lattice: only the tabula-py calls for the ruled pages (one call per page), warm.
pdfplumber: `extract_tables()` on the same ruled pages, for comparison (pure Python, no JVM).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timing import report, timed  # noqa: E402

import zhuzhou_budget as zb  # noqa: E402
from zhuzhou_budget.extract import pdf  # noqa: E402

PDF = ROOT / "tests" / "data" / "zhuzhou-zjj-2024.pdf"

COLD = """
import time, zhuzhou_budget as zb
start = time.perf_counter()
zb.load({path!r})
print(time.perf_counter() - start)
"""


def ruled_pages() -> list[int]:
    return [p.number for p in pdf._read_pages(PDF, pdf.DEFAULT_MAX_PAGES) if p.ruled]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--cold", type=int, default=3)
    args = parser.parse_args()

    cold = [float(subprocess.run([sys.executable, "-c", COLD.format(path=str(PDF))],
                                 check=True, capture_output=True, text=True).stdout)
            for _ in range(args.cold)]
    report("load() PDF, cold (first document: JVM start)", cold)
    zb.load(PDF)
    report("load() PDF, warm (later documents)", timed(lambda: zb.load(PDF), args.repeat))
    report("  of which pdf_lines() (PDF → lines)", timed(lambda: pdf.pdf_lines(PDF),
                                                          args.repeat))
    report("  of which text layer (pypdfium2), in-process",
           timed(lambda: pdf._read_pages(PDF, pdf.DEFAULT_MAX_PAGES), args.repeat))
    text = ROOT / "data" / "raw" / "2024" / "zhuzhou-zjj-2024-final-accounts.txt"
    report("load() of the same document as text", timed(lambda: zb.load(text), args.repeat))

    pages = ruled_pages()
    pdf._tabula(PDF, pages[:1])  # start this process's JVM outside the timing
    tab = timed(lambda: pdf._tabula(PDF, pages), args.repeat)
    report(f"tabula lattice, {len(pages)} ruled pages, warm", tab,
           f"({statistics.median(tab) / len(pages) * 1000:.0f} ms/page)")

    import pdfplumber

    def plumber() -> tuple[int, int]:
        with pdfplumber.open(PDF) as doc:
            tables = [t for n in pages for t in doc.pages[n - 1].extract_tables()]
        return len(tables), sum(len(t) for t in tables)

    found, rows = plumber()
    report(f"pdfplumber extract_tables, same {len(pages)} pages", timed(plumber, args.repeat),
           f"({found} tables, {rows} rows)")
    with pdfplumber.open(PDF) as doc:
        report("pdfplumber text of all pages (for scale)",
               timed(lambda: [p.extract_text() for p in doc.pages], 1))


if __name__ == "__main__":
    main()
