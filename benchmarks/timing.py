"""Shared timing helpers for the benchmark scripts (run them as scripts, not as tests)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    """Wall-clock seconds of `repeat` calls."""
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def report(name: str, times: list[float], note: str = "", width: int = 44) -> None:
    print(f"{name:<{width}} median {statistics.median(times) * 1000:8.1f} ms   "
          f"best {min(times) * 1000:8.1f} ms   (n={len(times)}) {note}".rstrip())
