"""Shared timing helpers for the benchmark scripts (run them as scripts, not as tests)."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

# bench_issue23.py names a scratch root here for the benchmarks it runs, and removes it once
# all of them are done.
SCRATCH = "ZB_BENCH_SCRATCH"


@contextmanager
def scratch() -> Iterator[str]:
    """A benchmark's scratch folder: a temporary folder removed on exit, or, when $ZB_BENCH_SCRATCH
    names a root, a folder made under it and left for whoever made the root to remove. On ext4
    without a journal, as here, the inode allocator steps over every inode deleted within the
    last minutes (`recently_deleted`): one benchmark removing its thousands of files would make
    every file of the next cost ~0.2–0.6 ms of kernel time instead of ~25 µs, for minutes, and
    a corpus of 100 documents makes 3,500 of them where a single build makes 35."""
    root = os.environ.get(SCRATCH)
    if root:
        yield tempfile.mkdtemp(dir=Path(root))
        return
    with tempfile.TemporaryDirectory() as tmp:
        yield tmp


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
