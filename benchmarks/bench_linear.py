"""Parse time against line length and sentence length: every parse step must be linear (or
close to it) in the size of its input. Prints seconds per size and the ratio between sizes;
doubling the input should roughly double the time (ratio ≈ 2), never quadruple it.

    python benchmarks/bench_linear.py [--sizes 1000 2000 4000 8000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import zhuzhou_budget as zb

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw" / "2024" / "zhuzhou-zjj-2024-final-accounts.txt"


def _variant(kind: str, n: int) -> str:
    lines = RAW.read_text(encoding="utf-8").split("\n")
    if kind == "item_sentence":  # a budget-execution item whose reason repeats an amount n times
        k = next(i for i, ln in enumerate(lines) if ln.startswith("年初预算为 457.87"))
        lines[k] = lines[k].rstrip("。") + "，" + "、".join(["调整 12.34 万元"] * n) + "。"
    elif kind == "section_sentence":  # a 机关运行经费 sentence with n amounts
        k = next(i for i, ln in enumerate(lines) if "年度机关运行经费支出 1024.95" in ln)
        lines[k] = lines[k] + "其中" + "，".join(["增加 1.5 万元"] * n) + "。"
    elif kind == "spaced_line":  # a long line of spaced words inside the first table
        k = [i for i, ln in enumerate(lines) if ln.strip() == "收入支出决算总表"][-1]
        lines.insert(k + 2, "  ".join(["词语 12.5"] * n))
    return "\n".join(lines)


def _time(text: str) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.txt"
        path.write_text(text, encoding="utf-8")
        start = time.perf_counter()
        d = zb.load(path)
        zb.reconcile(d)  # narrative facts, budget execution, performance and every check
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 4000, 8000])
    args = parser.parse_args()
    _time(RAW.read_text(encoding="utf-8"))  # warm imports
    for kind in ("item_sentence", "section_sentence", "spaced_line"):
        prev = None
        for n in args.sizes:
            t = _time(_variant(kind, n))
            ratio = f"×{t / prev:.2f}" if prev else ""
            print(f"{kind:17} n={n:6d}  {t:7.2f} s  {ratio}", flush=True)
            prev = t


if __name__ == "__main__":
    main()
