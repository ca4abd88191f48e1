"""A long consolidated PDF: time and peak memory against the page count. Real consolidated
disclosures reach 171 pages; this repeats the Shanghai final accounts (25 pages) to 25, 75 and
175 pages, loads each in a fresh process, and prints seconds, seconds per page and the peak
resident memory of the parent and of the PDF worker (pdfium + tabula's JVM).

    python benchmarks/bench_big_pdf.py [--copies 1 3 7]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from timing import scratch

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tests" / "data" / "shanghai-putuo-czj-2024-final-accounts.pdf"

PROBE = r"""
import json, sys, threading, time
import psutil
import zhuzhou_budget as zb
peak = {"parent": 0, "worker": 0}
done = False
def sample():
    me = psutil.Process()
    while not done:
        peak["parent"] = max(peak["parent"], me.memory_info().rss)
        for c in me.children(recursive=True):
            try:
                peak["worker"] = max(peak["worker"], c.memory_info().rss)
            except psutil.Error:
                pass
        time.sleep(0.05)
threading.Thread(target=sample, daemon=True).start()
start = time.perf_counter()
d = zb.load(sys.argv[1])
seconds = time.perf_counter() - start
done = True
time.sleep(0.1)
print(json.dumps({"seconds": seconds, "tables": len(d.tables), **peak}))
"""


def _repeat(copies: int, out: Path) -> int:
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(str(SOURCE))
    doc = pdfium.PdfDocument.new()
    for _ in range(copies):
        doc.import_pages(src)
    doc.save(str(out))
    return len(doc)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 3, 7])
    args = parser.parse_args()
    print("| pages | load | s per page | parent peak | worker peak |\n|---|---|---|---|---|")
    with scratch() as tmp:
        for copies in args.copies:
            path = Path(tmp) / f"x{copies}.pdf"
            pages = _repeat(copies, path)
            out = subprocess.run([sys.executable, "-c", PROBE, str(path)], capture_output=True,
                                 text=True, check=True, cwd=ROOT).stdout
            r = json.loads(out.strip().splitlines()[-1])
            print(f"| {pages} | {r['seconds']:.1f} s | {r['seconds'] / pages:.3f} | "
                  f"{r['parent'] >> 20} MB | {r['worker'] >> 20} MB |")


if __name__ == "__main__":
    main()
