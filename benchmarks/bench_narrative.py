"""Benchmark: narrative and performance extraction of the 2024 document.

    python benchmarks/bench_narrative.py [--repeat N]

Each run loads the document afresh (load() itself is timed in bench_load.py and subtracted
here by timing it alone), then reads every narrative attribute of the Disclosure.
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

RAW = ROOT / "data" / "raw" / "2024" / "zhuzhou-zjj-2024-final-accounts.txt"
ATTRIBUTES = ("budget_execution", "narrative_facts", "performance", "three_public_details",
              "glossary", "profile")


def run(attribute: str | None) -> float:
    d = zb.load(RAW)
    start = time.perf_counter()
    for name in ATTRIBUTES if attribute is None else (attribute,):
        getattr(d, name)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    run(None)  # warm imports
    for attribute in (*ATTRIBUTES, None):
        times = [run(attribute) for _ in range(args.repeat)]
        name = attribute or "all narrative attributes"
        print(f"{name:<28} median {statistics.median(times) * 1000:7.1f} ms   "
              f"best {min(times) * 1000:7.1f} ms   (n={len(times)})")


if __name__ == "__main__":
    main()
