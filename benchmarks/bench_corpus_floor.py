"""Benchmark: the least a `corpus build --jobs 2` of N documents can take on this host with
this code, in single-build times — the issue-23 ratio's floor — beside the ratio measured.

    python benchmarks/bench_corpus_floor.py [--count 100] [--rounds 3]

The corpus build is three phases, one after the other, and each is measured apart here, in
processes of its own:
- start: a fresh interpreter importing what the pool's fork server imports (server.PRELOAD),
  then a worker's first document (the templates' regular expressions compiled, the readers'
  caches empty) — no worker builds anything before the server has imported the package;
- pool: two processes, already imported and past their first document, building the other
  documents at the same time, every other document each (the workers' own work: no pool
  messages, no batch process);
- merge: the panel (the Parquet parts and the DuckDB file, `panel.write`) written from the
  documents' staged rows, DuckDB opened beforehand as the batch opens it while its workers
  build — it needs every document's rows, so it follows the pool.

floor = start + pool + merge, in single-build times as `bench_corpus.py --ratio` counts them
(timing.single_build_seconds: the median of the corpus's first three documents built alone).
The command also pays its own start, the pool's messages, the batch process's CPU (on the
same two cores), documents.csv, the documents' moves into place and its exit, so it cannot
take less; `corpus − floor` is what those cost. A ratio goal
below `floor / single` needs a document to cost less CPU, a smaller merge, or a lighter
import, whatever the pool does. Each round starts in a quiet file system (timing.settled);
outputs are kept until the end (removing them would slow every later file made).
Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from timing import (
    ROOT,
    corpus_build_seconds,
    file_cost,
    make_corpus,
    scratch,
    settled,
    single_build_seconds,
    two_cores,
)

# Run by this script in its own processes (`python -c`): the phases' code, apart from the
# timing process. argv: phase, corpus folder, output folder, then the phase's own.
_PHASE = r'''
import gc, json, os, sys, time
from pathlib import Path
t0 = time.perf_counter()
from zhuzhou_budget.corpus.server import PRELOAD
for name in PRELOAD:
    __import__(name)
imported = time.perf_counter() - t0
from zhuzhou_budget.corpus import stage, task
from zhuzhou_budget.corpus import root as corpus_root
from zhuzhou_budget.corpus.pool import WORKER_GC_THRESHOLD
from zhuzhou_budget.sources.folders import discover_all
phase, corpus, out = sys.argv[1:4]
sources, _ = discover_all([Path(corpus)])
root = corpus_root.prepare(Path(out))
staged = stage.open_area(root)
gc.freeze()  # as a pool worker starts (pool._worker_init)
gc.set_threshold(WORKER_GC_THRESHOLD, *gc.get_threshold()[1:])
if phase == "start":  # the import, then the first document
    t = time.perf_counter()
    task.run(sources[0], root, None, True, staged)
    print(json.dumps({"import": imported, "first": time.perf_counter() - t}))
elif phase == "half":  # past a first document, wait for "go", then every other document
    task.run(sources[int(sys.argv[4])], root, None, True, staged)
    print("ready", flush=True)
    sys.stdin.readline()
    t = time.perf_counter()
    for s in sources[2 + int(sys.argv[4])::2]:
        task.run(s, root, None, True, staged)
    print(json.dumps({"wall": time.perf_counter() - t}))
elif phase == "merge":  # every document staged, then the panel written `rounds` times
    from zhuzhou_budget.corpus import ledger, pairs, panel
    from zhuzhou_budget.version import package_version
    results = [task.run(s, root, None, True, staged) for s in sources]
    rows = ledger.sort([r.row for r in results])
    by_row = {id(r.row): r for r in results}
    ok = [by_row[id(row)] for row in rows if row.status != "failed"]
    times = []
    for k in range(int(sys.argv[4])):
        target = corpus_root.prepare(Path(out) / f"merge-{k}")
        opened = panel.prepare(stage.open_area(target))
        opened.connection()  # opened while the workers build, in the command
        gc.collect()
        t = time.perf_counter()
        paired = pairs.build(ok, sources)
        panel.write(target, ok, rows, package_version(), paired.rows, opened=opened)
        times.append(time.perf_counter() - t)
    print(json.dumps({"merge": times}))
'''


def _python(*args: str) -> list[str]:
    return [sys.executable, "-c", _PHASE, *args]


def _last_json(text: str) -> dict:
    return json.loads(text.strip().splitlines()[-1])


def start_phase(corpus: Path, out: Path) -> tuple[float, float]:
    """(the fork server's import, a worker's first document) in seconds, one fresh process."""
    done = subprocess.run(_python("start", str(corpus), str(out)), check=True,
                          capture_output=True, text=True, cwd=ROOT)
    found = _last_json(done.stdout)
    return found["import"], found["first"]


def pool_phase(corpus: Path, out: Path) -> float:
    """Seconds two imported, warmed processes take to build documents 2… between them, at once."""
    procs = [subprocess.Popen(_python("half", str(corpus), str(out / f"half{k}"), str(k)),
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT)
             for k in (0, 1)]
    for p in procs:  # both imported and past their first document
        assert p.stdout is not None
        if p.stdout.readline().strip() != "ready":
            raise SystemExit("a pool-phase process failed before its documents")
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    walls = []
    for p in procs:
        out_text, _ = p.communicate()
        if p.returncode != 0:
            raise SystemExit(f"a pool-phase process failed (exit {p.returncode})")
        walls.append(_last_json(out_text)["wall"])
    return max(walls)


def merge_phase(corpus: Path, out: Path, rounds: int) -> float:
    """The median seconds of `panel.write` over the corpus's staged rows (`rounds` writes)."""
    done = subprocess.run(_python("merge", str(corpus), str(out), str(rounds)), check=True,
                          capture_output=True, text=True, cwd=ROOT)
    return statistics.median(_last_json(done.stdout)["merge"])


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--count", type=int, default=100, help="documents of the corpus")
    p.add_argument("--rounds", type=int, default=3, help="rounds (the median is printed)")
    args = p.parse_args()
    print(f"machine: {os.cpu_count()} CPUs, load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    with scratch() as tmp_name:
        tmp = Path(tmp_name)
        corpus = tmp / "corpus"
        files = make_corpus().generate(corpus, args.count, [2022, 2023, 2024], own_amounts=True)
        print(f"  {args.count} documents, each with its own amounts (bench_corpus --ratio's)")
        print(f"  {settled(tmp)}")
        rounds = []
        for k in range(args.rounds):
            waited = settled(tmp, limit=60.0, every=5.0) if k else ""
            state = f"{file_cost(tmp):.0f} µs a new file; {two_cores()}" + (
                f" ({waited})" if waited and not waited.startswith("file system quiet") else "")
            here = tmp / f"round{k}"
            single = single_build_seconds(files[:3], here)
            imported, first = start_phase(corpus, here / "start")
            pool = pool_phase(corpus, here / "pool")
            merge = merge_phase(corpus, here / "merge", 1)
            measured = corpus_build_seconds(corpus, here / "corpus")
            floor = imported + first + pool + merge
            rounds.append((floor / single, measured / single, single, imported, first, pool,
                           merge, floor, measured))
            print(f"  round {k + 1}: single {single:.2f} s; start {imported:.2f} + "
                  f"{first:.2f} s, pool {pool:.2f} s, merge {merge:.2f} s: floor {floor:.2f} s "
                  f"= {floor / single:.1f} single builds; the command {measured:.2f} s = "
                  f"{measured / single:.1f}; {state}", flush=True)
        (low, ratio, single, imported, first, pool, merge, floor,
         measured) = sorted(rounds)[len(rounds) // 2]
        print(f"  the median round (by its floor): single build {single:.2f} s; floor "
              f"{floor:.2f} s = {low:.1f} single builds (start {imported + first:.2f} s: the "
              f"server's import {imported:.2f} s, a first document {first:.2f} s; the pool "
              f"{pool:.2f} s, {pool / (args.count - 2) * 2 * 1000:.0f} ms a document a "
              f"process; the merge {merge:.2f} s); the command {measured:.2f} s = {ratio:.1f} "
              f"single builds, {measured - floor:.2f} s over its floor")
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
