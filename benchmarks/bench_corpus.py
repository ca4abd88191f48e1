"""Benchmark: a corpus of generated text documents (scripts/make_corpus.py) built with 1 and
2 workers, the same documents as serial `zhuzhou-budget build` CLI calls, an incremental re-run
(every document up to date), and the peak memory of each worker.

    python benchmarks/bench_corpus.py [--count 200] [--serial 10]
    python benchmarks/bench_corpus.py --ratio 100 --memory 200,1000

The documents are the bundled 2024 text under other names and years, each printing its own
amounts (make_corpus `--own-amounts`: variant i's amounts times i + 2), so no two documents
share a table line, as no two departments do. `--same-amounts` measures the variants the
benchmarks used before 2026-12-07 instead, which differ by name and year only: there every
table line of a year is one text in every document, and the readers' per-process caches of
what a line or sentence reads (bounded LRU caches, kept for the boilerplate real corpora do
share) answer every document after the first — per document, 54–58 ms of CPU against 80 ms
with those caches emptied before each document (in process, 100 documents).

`--ratio N`: N documents built by `corpus build --jobs 2` (the CLI, a fresh process), in
single-`build` times (the median of three `build FILE --out DIR` CLI calls of one document),
the issue-23 measure; `--rounds` rounds of both (3), the median round printed. `--memory
N,M…`: the peak resident memory of the largest process (the batch's process or any worker,
sampled with psutil every 50 ms) of `corpus build --jobs 2` over N, M… documents — flat when
the panel is streamed. Either skips the default runs.

The serial CLI is timed on `--serial` documents and extrapolated to `--count` (said so in the
output): each call pays the interpreter and import start-up the pool pays once per worker.
Timings are printed, never asserted (no timed tests).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

from timing import (
    ROOT,
    cli,
    file_cost,
    make_corpus,
    scratch,
    settled,
    single_build_seconds,
    two_cores,
)

sys.path.insert(0, str(ROOT))

from zhuzhou_budget.corpus import batch  # noqa: E402


def run_batch(corpus: Path, out: Path, jobs: int, force: bool = True) -> batch.Outcome:
    start = time.perf_counter()
    outcome = batch.build([corpus], out, jobs=jobs, force=force, progress=False)
    wall = time.perf_counter() - start
    n = len(outcome.rows)
    per_worker: dict[int, float] = defaultdict(float)
    for r in outcome.results:
        per_worker[r.worker] = max(per_worker[r.worker], r.peak_rss_mb)
    doc_seconds = sum(r.row.seconds for r in outcome.results)
    print(f"  jobs={jobs}: {n} documents in {wall:6.2f} s = {n / wall:6.1f} docs/s   "
          f"(Σ per-document {doc_seconds:6.1f} s; {len(per_worker)} worker(s), peak RSS "
          f"{', '.join(f'{m:.0f}' for m in sorted(per_worker.values()))} MB)")
    bad = [r for r in outcome.rows if r.status != "ok"]
    assert not bad, bad[:3]
    return outcome


def watched(command: list[str], every: float = 0.05) -> tuple[float, float, float]:
    """(wall seconds, peak RSS MB of the largest single process of the tree, peak RSS MB of
    the top process) of a command, its process tree sampled every `every` seconds (a sample
    of four processes costs this process ~1.3 ms of CPU: every 50 ms, 2.6 % of a core taken
    from the command it watches). The wall ends when the command exits, as a thread waiting
    on it sees (`subprocess.run`'s measure, the single build's): the sampling loop only
    learns of the exit at its next sample, up to `every` later (at 250 ms, 0.125 s too long
    on average)."""
    import psutil

    start = time.perf_counter()
    proc = psutil.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    ended: list[float] = []
    exited = threading.Event()

    def reap() -> None:
        proc.wait()
        ended.append(time.perf_counter())
        exited.set()

    threading.Thread(target=reap, name="reap", daemon=True).start()
    largest = top = 0.0
    while not exited.is_set():
        try:
            tree = [proc, *proc.children(recursive=True)]
        except psutil.NoSuchProcess:
            break
        for p in tree:
            try:
                rss = p.memory_info().rss / 2**20
            except psutil.Error:
                continue
            largest = max(largest, rss)
            if p.pid == proc.pid:
                top = max(top, rss)
        exited.wait(every)
    exited.wait()
    wall = ended[0] - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command)}: exit {proc.returncode}: "
                         f"{proc.stderr.read().decode()[-500:] if proc.stderr else ''}")
    return wall, largest, top


def ratio(count: int, tmp: Path, rounds: int, own_amounts: bool = True) -> None:
    """`rounds` rounds, each a single build (the median of three) then the corpus build, one
    after the other; the median round's figures are the measure (this 2-core machine is
    shared: one round can read 30 % high). Dirty pages are written out (`sync`) before each
    timed command, so none pays for the files an earlier one wrote; the corpus's memory is
    sampled every 250 ms, not 50 (the sampling is this process's CPU, which the single build
    does not pay; `--memory` is the memory measure); and no round's outputs
    are deleted before the end (on ext4 without a journal, as here, a file made within
    seconds of thousands deleted waits while the allocator steps over their inodes)."""
    corpus = tmp / f"ratio{count}"
    files = make_corpus().generate(corpus, count, [2022, 2023, 2024], own_amounts=own_amounts)
    kind = "each with its own amounts" if own_amounts else \
        "the same amounts (name and year varied only)"
    print(f"  {count} documents, {kind}")
    # Every round starts in a quiet file system (timing.settled says why), the first after what
    # earlier work removed, each later one after the round before it: right after a corpus of
    # 100 documents (and a sync) a new file costs 130–380 µs for a few seconds, then ~25–40 µs
    # (measured 2026-12-07; rounds started back to back read 63–652 µs), and a corpus makes
    # ~2,900 files where a single build makes 35. Each round says what a new file costs and how
    # much of two cores the host gives as it starts.
    print(f"  {settled(tmp)}")
    measured = []
    for k in range(rounds):
        waited = settled(tmp, limit=60.0, every=5.0) if k else ""
        state = f"{file_cost(tmp):.0f} µs a new file; {two_cores()}" + (
            f" ({waited})" if waited and not waited.startswith("file system quiet") else "")
        single = single_build_seconds(files[:3], tmp / f"single{k}")
        os.sync()
        wall, largest, _ = watched(cli("corpus", "build", str(corpus), "--out",
                                       str(tmp / f"ratio-out{count}-{k}"), "--jobs", "2",
                                       "--no-progress"), every=0.25)
        measured.append((wall / single, single, wall, largest))
        print(f"  round {k + 1}: single build {single:.2f} s, corpus {wall:.2f} s, ratio "
              f"{wall / single:.1f}; {state}", flush=True)
    ratio_, single, wall, largest = sorted(measured)[len(measured) // 2]
    print(f"  single build (CLI, median of 3): {single:.2f} s; corpus of {count} with --jobs 2 "
          f"(CLI): {wall:.2f} s = {ratio_:.1f} single-build times "
          f"({wall / count * 2:.3f} s of worker time per document; largest process "
          f"{largest:.0f} MB; the median of {rounds} rounds)")


def memory(counts: list[int], tmp: Path, own_amounts: bool = True) -> None:
    for count in counts:
        corpus = tmp / f"memory{count}"
        make_corpus().generate(corpus, count, [2022, 2023, 2024], own_amounts=own_amounts)
        state = f"{file_cost(tmp):.0f} µs a new file"
        wall, largest, top = watched(cli("corpus", "build", str(corpus), "--out",
                                         str(tmp / f"memory-out{count}"), "--jobs", "2",
                                         "--no-progress"))
        print(f"  {count} documents, --jobs 2 (CLI): {wall:.1f} s; peak RSS of the largest "
              f"process {largest:.0f} MB (the batch's process {top:.0f} MB; {state})")
        # kept until the scratch folder goes: removed here, the next size's files would pay
        # for them (timing.settled)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--count", type=int, default=200)
    p.add_argument("--serial", type=int, default=10, help="documents timed with the serial CLI")
    p.add_argument("--ratio", type=int, default=0, help="documents of the single-build ratio")
    p.add_argument("--rounds", type=int, default=3,
                   help="rounds of the ratio measure (the median round is printed)")
    p.add_argument("--memory", default="", help="comma-separated corpus sizes to measure")
    p.add_argument("--same-amounts", action="store_true",
                   help="variants that differ by name and year only (the measure before "
                        "2026-12-07)")
    args = p.parse_args()
    print(f"machine: {os.cpu_count()} CPUs, load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    if args.ratio or args.memory:
        with scratch() as tmp:
            if args.ratio:
                ratio(args.ratio, Path(tmp), args.rounds, not args.same_amounts)
            if args.memory:
                memory([int(n) for n in args.memory.split(",")], Path(tmp),
                       not args.same_amounts)
        print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        return
    with scratch() as tmp:
        corpus = Path(tmp) / "corpus"
        files = make_corpus().generate(corpus, args.count, [2022, 2023, 2024],
                                     own_amounts=not args.same_amounts)
        print(f"{len(files)} generated text documents (3 years, one department name each)")
        for jobs in (1, 2):
            outcome = run_batch(corpus, Path(tmp) / f"out{jobs}", jobs)
        facts = sum(r.row.facts for r in outcome.results)
        print(f"  panel: {facts} facts rows from {len(outcome.rows)} documents")
        start = time.perf_counter()
        again = batch.build([corpus], Path(tmp) / "out2", jobs=2, progress=False)
        skipped = sum(1 for r in again.rows if r.action == "skipped")
        print(f"  re-run, nothing changed (jobs=2): {skipped} of {len(again.rows)} skipped in "
              f"{time.perf_counter() - start:.2f} s")
        serial = files[: args.serial]
        start = time.perf_counter()
        for i, f in enumerate(serial):
            subprocess.run(cli("build", str(f), "--out", str(Path(tmp) / "serial" / str(i))),
                           check=True, capture_output=True)
        wall = time.perf_counter() - start
        print(f"  serial CLI: {len(serial)} documents in {wall:.2f} s = "
              f"{len(serial) / wall:.2f} docs/s → {args.count} documents ≈ "
              f"{wall / len(serial) * args.count:.0f} s (extrapolated from {len(serial)})")
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"  largest child process (any): {children:.0f} MB; this process: "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
