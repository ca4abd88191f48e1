"""A corpus of distinct real PDFs built with `corpus build --jobs 2`, in documents per
pdfplumber-document-time (the issue-23 measure: ≥ 2.0 means each of two workers reads a
document as fast as pdfplumber reads its tables and text). The PDFs are those of
../shared/real/ (real documents of four provinces, a university and budgets).

    python benchmarks/bench_corpus_pdf.py [--count 8] [--jobs 2]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from timing import scratch

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "real"

PLUMBER = """
import pdfplumber, sys
with pdfplumber.open(sys.argv[1]) as doc:
    for page in doc.pages:
        page.extract_tables()
        page.extract_text()
"""


def _wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=False, capture_output=True, cwd=ROOT)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=8)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    pdfs = sorted(REAL.glob("*.pdf"))[: args.count]
    plumber = [_wall([sys.executable, "-c", PLUMBER, str(p)]) for p in pdfs]
    with scratch() as tmp:
        folder = Path(tmp) / "pdfs"
        folder.mkdir()
        for p in pdfs:
            shutil.copyfile(p, folder / p.name)
        corpus = _wall([sys.executable, "-m", "zhuzhou_budget", "corpus", "build", str(folder),
                        "--out", str(Path(tmp) / "out"), "--jobs", str(args.jobs),
                        "--no-progress"])
    mean = statistics.mean(plumber)
    print(f"{len(pdfs)} PDFs: corpus build --jobs {args.jobs} {corpus:.1f} s; pdfplumber "
          f"{mean:.2f} s per document (fresh process each, {sum(plumber):.1f} s in all): "
          f"{len(pdfs) / (corpus / mean):.2f} documents per pdfplumber-document-time")


if __name__ == "__main__":
    main()
