"""Benchmark: reconcile() on the 2024 document (the load is done once, outside the timing).

    python benchmarks/bench_reconcile.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import zhuzhou_budget as zb  # noqa: E402
from zhuzhou_budget.checks import reconcile  # noqa: E402

RAW = ROOT / "data" / "raw" / "2024" / "zhuzhou-zjj-2024-final-accounts.txt"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    times = []
    for _ in range(args.repeat):
        d = zb.load(RAW)  # fresh object: narrative facts are computed lazily inside reconcile
        start = time.perf_counter()
        findings = reconcile(d)
        times.append(time.perf_counter() - start)
    print(f"reconcile() 2024: median {statistics.median(times) * 1000:.1f} ms, best "
          f"{min(times) * 1000:.1f} ms (n={len(times)}); {findings.attrs['checks_run']} "
          f"comparisons, {len(findings)} findings")


if __name__ == "__main__":
    main()
