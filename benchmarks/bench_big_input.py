"""Time and peak memory of `load` + `reconcile` against input size: the real document with its
own narrative lines repeated until it reaches 1, 10 and 50 MB (issue 19). Each size runs in a
fresh process, so the peak resident memory is that size's alone. Both should grow in
proportion to the input (×10 input → about ×10 time, memory a small multiple of the input).

    python benchmarks/bench_big_input.py [--sizes 1 10 50]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw" / "2024" / "zhuzhou-zjj-2024-final-accounts.txt"


def grown(mb: float) -> str:
    """The document with each of its narrative lines (those after the tables: 第三部分
    onwards) repeated in place, as many times as makes the text `mb` MB: every section,
    list and sentence grows, so every step that reads narrative is measured."""
    lines = RAW.read_text(encoding="utf-8").split("\n")
    start = max(i for i, ln in enumerate(lines) if ln.startswith("第三部分"))
    head, narrative = lines[:start + 1], lines[start + 1:]
    size = len("\n".join(lines).encode("utf-8"))
    block = len("\n".join(narrative).encode("utf-8")) + 1
    copies = max(1, round((mb * 1024 * 1024 - size) / block) + 1)
    return "\n".join(head + [ln for ln in narrative for _ in range(copies)])


def measure(path: str) -> None:
    """In a child: load and reconcile one file, print seconds and peak RSS."""
    import zhuzhou_budget as zb

    start = time.perf_counter()
    findings = zb.reconcile(zb.load(path))
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak, "findings": len(findings)}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 10, 50])
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        measure(args.child)
        return
    prev = None
    with tempfile.TemporaryDirectory() as tmp:
        for mb in args.sizes:
            path = Path(tmp) / f"doc-{mb:g}mb.txt"
            path.write_text(grown(mb), encoding="utf-8")
            real = path.stat().st_size / 1048576
            out = subprocess.run([sys.executable, __file__, "--child", str(path)],
                                 capture_output=True, text=True, check=True)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            ratio = f"  time ×{r['seconds'] / prev:.1f}" if prev else ""
            print(f"{real:6.1f} MB  {r['seconds']:8.2f} s  peak {r['peak_mb']:7.0f} MB  "
                  f"{r['findings']:7d} findings{ratio}", flush=True)
            prev = r["seconds"]


if __name__ == "__main__":
    main()
