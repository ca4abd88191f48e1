"""Benchmark: how long `load(pdf, timeout=0.05)` takes to stop the extraction worker and
raise, and that the next load works (a wall-clock bound, kept out of the tests).

    python benchmarks/bench_pdf_timeout.py [--repeat N] [--limit SECONDS]

Exits 1 when a stop takes longer than --limit (5 s, the bound the tests once asserted).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import zhuzhou_budget as zb  # noqa: E402
from zhuzhou_budget.extract import pdf  # noqa: E402

PDF = ROOT / "tests" / "data" / "zhuzhou-zjj-2024.pdf"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--limit", type=float, default=5.0)
    args = parser.parse_args()
    worst = 0.0
    for _ in range(args.repeat):
        start = time.perf_counter()
        try:
            zb.load(PDF, timeout=0.05)
        except pdf.PdfTimeoutError:
            pass
        else:
            print("the extraction finished inside 0.05 s: nothing was stopped")
        worst = max(worst, time.perf_counter() - start)
        zb.load(PDF)  # a fresh worker
    print(f"timeout stop: worst {worst:.2f} s of {args.repeat} (limit {args.limit} s)")
    return 0 if worst < args.limit else 1


if __name__ == "__main__":
    raise SystemExit(main())
