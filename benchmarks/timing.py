"""Shared timing helpers for the benchmark scripts (run them as scripts, not as tests)."""

from __future__ import annotations

import functools
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent

@functools.cache
def make_corpus() -> ModuleType:
    """scripts/make_corpus.py (a script, not a module of the package), loaded once: the
    corpus benchmarks' documents (`make_corpus().generate(…)`)."""
    spec = importlib.util.spec_from_file_location("make_corpus",
                                                  ROOT / "scripts" / "make_corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cli(*args: str) -> list[str]:
    """The command line, as a user runs it (`python -m zhuzhou_budget …`)."""
    return [sys.executable, "-m", "zhuzhou_budget", *args]


def single_build_seconds(files: Sequence[Path], out: Path) -> float:
    """The issue-23 ratio's single build: the median of one `build FILE --out DIR` CLI call per
    file, each after a sync (none pays for the files an earlier one wrote)."""
    times = []
    for i, path in enumerate(files):
        os.sync()
        start = time.perf_counter()
        subprocess.run(cli("build", str(path), "--out", str(out / f"single-{i}")), check=True,
                       capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def corpus_build_seconds(corpus: Path, out: Path, tree: Path = ROOT) -> float:
    """The wall time of one `corpus build --jobs 2` CLI call, after a sync; `tree`: the
    checkout whose package it runs (another one's by PYTHONPATH, from its own folder)."""
    os.sync()
    env = {**os.environ, "PYTHONPATH": str(tree)}
    start = time.perf_counter()
    subprocess.run(cli("corpus", "build", str(corpus), "--out", str(out), "--jobs", "2",
                       "--no-progress"), cwd=tree, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


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


# A file system is quiet when a new file costs no more than this (measured here: ~20–30 µs
# quiet; 0.2–0.6 ms within minutes of thousands of recent files being removed).
QUIET_US = 60.0
# How long `settled` waits at most: ext4 steps over an inode freed within the last minute, or
# the last six while the block of the inode table holding it is dirty (RECENTCY_MIN 60 s +
# RECENTCY_DIRTY 300 s in fs/ext4/ialloc.c).
SETTLE_LIMIT = 420.0


def file_cost(root: str | Path, files: int = 100) -> float:
    """Microseconds per new empty file, made where a corpus makes its documents' files: in a
    new folder two levels under `root` (`root/<new>/<year>/<document>/`; a new folder is
    placed by the allocator near its parent, a file in its folder's group). The files are left
    for the scratch root's removal at the end: removing them now would be the very pollution
    this measures."""
    folder = Path(tempfile.mkdtemp(dir=root, prefix="fs-probe-")) / "year" / "document"
    folder.mkdir(parents=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    start = time.perf_counter()
    for i in range(files):
        os.close(os.open(folder / str(i), flags, 0o644))
    return (time.perf_counter() - start) / files * 1e6


def settled(root: str | Path, limit: float = SETTLE_LIMIT, every: float = 15.0) -> str:
    """Wait until a new file under `root` costs ≤ QUIET_US (at most `limit` seconds), and say
    what was found. On ext4 without a journal, as here, the inode allocator steps over every
    inode freed within the last minutes (`recently_deleted`, a block lookup each): after
    thousands of recently made files are removed (the end of a benchmark run, a test suite,
    `rm -rf` of a corpus) every new file costs 0.2–0.6 ms of kernel time instead of ~25 µs,
    for minutes. A corpus of 100 documents makes ~2,900 files where a single build makes 30,
    so the corpus's measure would be the file system's state, not the tool's: measured, a
    corpus of 100 made right after two were removed took 1.48 s of system time against
    0.75 s quiet (perf: `recently_deleted` and its lookups 15 % of all samples against
    0.02 %)."""
    os.sync()  # the inode table's blocks clean: a freed inode is then skipped for 60 s, not 360
    start = time.perf_counter()
    first = cost = file_cost(root)
    while cost > QUIET_US and time.perf_counter() - start < limit:
        time.sleep(every)
        os.sync()
        cost = file_cost(root)
    waited = time.perf_counter() - start
    if first <= QUIET_US:
        return f"file system quiet ({first:.0f} µs a new file)"
    state = "quiet" if cost <= QUIET_US else "STILL NOT QUIET: the measure reads high"
    return (f"file system busy ({first:.0f} µs a new file): waited {waited:.0f} s, then "
            f"{cost:.0f} µs ({state})")


# A fixed pure-Python loop, timed by the process that runs it (its start-up excluded)
_LOOP = ("import time\nt = time.perf_counter()\ns = 0\nfor i in range(1_500_000):\n"
         "    s += i * i\nprint(time.perf_counter() - t)")


def two_cores() -> str:
    """How much of two cores this machine gives now: a fixed loop timed alone, then two
    copies at once (separate processes), said as the pair's speed against the loop alone
    (1.00: two full cores). A corpus with two workers needs both; a single build needs one,
    so a host that gives less than two (a neighbour on a shared core, as on this virtual
    machine) raises the corpus's ratio without any change of the tool."""
    def run(copies: int) -> float:
        procs = [subprocess.Popen([sys.executable, "-S", "-c", _LOOP], stdout=subprocess.PIPE,
                                  text=True) for _ in range(copies)]
        return max(float(p.communicate()[0]) for p in procs)

    alone = run(1)
    pair = run(2)
    return (f"two loops at once ran at {alone / pair:.2f} of one alone's speed (a loop "
            f"{alone * 1000:.0f} ms alone)")


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
