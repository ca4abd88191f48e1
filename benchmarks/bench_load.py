"""Benchmark: load() of the 2024 text (both shapes) and `build` end to end.

    python benchmarks/bench_load.py [--repeat N]

Prints the median and best of N runs; `build` is timed as a subprocess, so it includes the
interpreter and pandas import a user pays on the command line.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timing import report, timed  # noqa: E402

import zhuzhou_budget as zb  # noqa: E402

RAW = ROOT / "data" / "raw" / "2024" / "zhuzhou-zjj-2024-final-accounts.txt"
LAYOUT = ROOT / "tests" / "data" / "zhuzhou-zjj-2024-layout.txt"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    zb.load(RAW)  # warm imports
    report("load() tab-separated text", timed(lambda: zb.load(RAW), args.repeat))
    report("load() layout text (shape b)", timed(lambda: zb.load(LAYOUT), args.repeat))
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "zhuzhou_budget", "build", str(RAW), "--out", tmp + "/out"]
        report("build (CLI, end to end)", timed(
            lambda: subprocess.run(cmd, check=True, capture_output=True), max(3, args.repeat // 4)))


if __name__ == "__main__":
    main()
