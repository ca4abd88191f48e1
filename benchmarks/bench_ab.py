"""Two checkouts' `corpus build` compared on this machine, alternated: the only fair way here to
see a change of a few per cent (the host gives a corpus of 100 documents 4.6–7.5 s from one
minute to the next, the same code).

    git worktree add /tmp/base <revision>
    python benchmarks/bench_ab.py /tmp/base [--rounds 8] [--count 100]

Each round builds the same generated corpus (scripts/make_corpus.py `--own-amounts`, three
years) with both checkouts' command line (`python -m zhuzhou_budget corpus build … --jobs 2`,
the package imported from each checkout), the order swapped every round, each into a new
folder; nothing is removed until the end (timing.scratch says why). Both checkouts' bytecode
is compiled first: a checkout without it compiles the package in every process, and reads
~0.5 s slower for that alone. Prints each round, the medians, and the difference per round
(this checkout's minus the other's: negative is faster here). Timings are printed, never
asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

from timing import ROOT, corpus_build_seconds, make_corpus, scratch, settled


def compile_bytecode(tree: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "zhuzhou_budget")],
                   check=True, env=env)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("other", type=Path, help="the other checkout (a git worktree)")
    p.add_argument("--rounds", type=int, default=8)
    p.add_argument("--count", type=int, default=100)
    args = p.parse_args()
    other = args.other.resolve()
    if not (other / "zhuzhou_budget" / "__init__.py").is_file():
        sys.exit(f"error: {other}: not a checkout of this project")
    trees = {"other": other, "this": ROOT}
    print(f"machine: {os.cpu_count()} CPUs, load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}; other = {other}")
    for tree in trees.values():
        compile_bytecode(tree)
    seconds: dict[str, list[float]] = {name: [] for name in trees}
    with scratch() as tmp:
        corpus = Path(tmp) / "corpus"
        make_corpus().generate(corpus, args.count, [2022, 2023, 2024], own_amounts=True)
        print(f"  {args.count} documents, each with its own amounts; {settled(tmp)}")
        for k in range(args.rounds):
            order = list(trees) if k % 2 == 0 else list(reversed(trees))
            for name in order:
                seconds[name].append(corpus_build_seconds(corpus, Path(tmp) / f"{name}-{k}",
                                                          trees[name]))
            print(f"  round {k + 1}: " + ", ".join(f"{name} {seconds[name][-1]:.2f} s"
                                                   for name in trees), flush=True)
    for name in trees:
        print(f"  {name}: median {statistics.median(seconds[name]):.2f} s, "
              f"best {min(seconds[name]):.2f} s")
    diff = [b - a for a, b in zip(seconds["other"], seconds["this"], strict=True)]
    print(f"  this − other, per round: median {statistics.median(diff):+.2f} s, "
          f"mean {statistics.mean(diff):+.2f} s (negative: this checkout is faster)")


if __name__ == "__main__":
    main()
