"""Benchmark: the corpus report (`report --all`: every document's notebooks and the corpus
notebook) against the kernel start-ups it needs, and where its time goes.

    python benchmarks/bench_report.py [--repeat N] [--jobs J]

Measures, each as the median of N runs:
- the batch end to end as a user runs it (a subprocess: interpreter, imports, kernels, HTML,
  index), over the bundled corpus with its panel built first: as `report` runs by default
  (one kernel per worker, kept across its notebooks, reporting/kernels.py) and with
  `--fresh-kernels` (a kernel per notebook, as before 2026-12-06), alternating, so that both
  see the same load; the documents' parse cache (storage/cache.py) filled first by an untimed
  run of one notebook, as after any earlier report with this code; and the part before its
  first notebook runs (the command's own "in N s" is the rest);
- the kernel start-ups it needs: as many papermill runs of an empty notebook (parameters cell
  only) as the batch runs notebooks, with the same parallelism — the target is a batch within
  2 × that;
- kernel start-up alone: one papermill run of the empty notebook;
- from the executed notebooks, per notebook: papermill's duration and the sum of its cells'
  durations (the work itself, including each kernel's imports of pandas/matplotlib);
- HTML rendering of the executed notebooks.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

from timing import scratch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from zhuzhou_budget.reporting import batch as report  # noqa: E402


def median(values: list[float]) -> float:
    return statistics.median(values)


def batch_once(out: Path, jobs: int, panel: Path, *extra: str) -> tuple[float, float]:
    """The batch's wall time, and the part of it the command reports as its notebooks' (from
    the first notebook's start, kernels it waits for included, to the last page)."""
    cmd = [sys.executable, "-m", "zhuzhou_budget", "report", "--all", "--panel", str(panel),
           "--out", str(out), "--jobs", str(jobs), "--no-progress", *extra]
    start = time.perf_counter()
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    wall = time.perf_counter() - start
    found = re.search(r"entries in ([\d.]+) s with", done.stdout)
    return wall, float(found.group(1)) if found else float("nan")


def notebook_split(folder: Path) -> list[tuple[str, float, float, float]]:
    """(notebook, papermill duration, set-up cell, analysis cells) per executed notebook.

    The set-up cell is the first code cell after the parameters (imports of pandas, matplotlib
    and the package, the font, load()); papermill's duration minus all cells is the kernel's
    start-up and shut-down (with a kept kernel: connecting to it; its start, imports and
    state put back happen before papermill's clock starts).
    """
    rows = []
    for path in sorted(folder.glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        times = [c["metadata"].get("papermill", {}).get("duration") or 0 for c in code]
        tags = [c["metadata"].get("tags", []) for c in code]
        first = max(i for i, t in enumerate(tags) if "parameters" in t or
                    "injected-parameters" in t) + 1
        rows.append((path.stem, nb["metadata"]["papermill"]["duration"], times[first],
                     sum(times) - times[first]))
    return rows


# The empty notebooks' kernels are stopped at once, as `report` stops its kernels
# (reporting/kernels.py: `shutdown(now=True)`, and its fresh-kernel engine): papermill's default
# asks the kernel to exit and waits, and one kernel in five then took 3.2 s more to go (measured
# 2026-12-06: 11 runs 2 at a time 7.4–10.3 s that way, against 3.75–3.99 s stopped at once, each
# run 0.6–0.7 s). Waited for, that baseline read up to twice its start-ups and flattered the
# ratio (a batch read "1.0 ×" that is ~1.9 × of start-ups alone).
_STOP = {"shutdown_kernel": "immediate"}


def empty_kernel_once(tmp: Path) -> float:
    """papermill run of a notebook that does nothing: kernel start, connect, stop."""
    import nbformat
    import papermill as pm

    src = tmp / "empty.ipynb"
    if not src.exists():
        cell = nbformat.v4.new_code_cell("year = 2024")
        cell.metadata["tags"] = ["parameters"]
        nbformat.write(nbformat.v4.new_notebook(cells=[cell], metadata={"kernelspec": {
            "name": "python3", "display_name": "Python 3", "language": "python"}}), src)
    start = time.perf_counter()
    pm.execute_notebook(str(src), str(tmp / "empty.out.ipynb"), kernel_name=report.KERNEL,
                        progress_bar=False, extra_arguments=report.KERNEL_ARGS, **_STOP)
    return time.perf_counter() - start


def kernels_once(tmp: Path, n: int, jobs: int) -> float:
    """n empty-notebook runs, `jobs` at a time: the kernel start-ups a batch of n needs."""
    from concurrent.futures import ThreadPoolExecutor

    empty_kernel_once(tmp)  # writes the notebook (and warms the imports)
    start = time.perf_counter()
    with ThreadPoolExecutor(jobs) as pool:
        list(pool.map(lambda i: _empty(tmp, i), range(n)))
    return time.perf_counter() - start


def _empty(tmp: Path, i: int) -> None:
    import papermill as pm

    pm.execute_notebook(str(tmp / "empty.ipynb"), str(tmp / f"empty.{i}.ipynb"),
                        kernel_name=report.KERNEL, progress_bar=False,
                        extra_arguments=report.KERNEL_ARGS, **_STOP)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=None,
                        help="notebooks at once (default: as `make report`, the CPU count)")
    args = parser.parse_args()
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    from zhuzhou_budget.sources import manifest as raw_manifest

    entries = raw_manifest.select(None, None)
    runs = report.load_runs()
    n_notebooks = sum(len(entries) if r.scope == "document" else 1 for r in runs)
    jobs = args.jobs or min(n_notebooks, cpus or 1)
    with scratch() as tmp_name:
        tmp = Path(tmp_name)
        subprocess.run([sys.executable, "-m", "zhuzhou_budget", "corpus", "build",
                        str(ROOT / "data" / "raw" / "manifest.csv"), "--out", str(tmp / "panel"),
                        "--no-progress"], check=True, capture_output=True)
        # Parsed into the cache once, untimed: a cache miss (the code changed since the last
        # run) would add the PDF's parse to the first batch only.
        batch_once(tmp / "warm", jobs, tmp / "panel", "--notebook", "00_summary")
        walls, fresh, inner = [], [], []
        for i in range(args.repeat):
            wall, within = batch_once(tmp / f"run{i}", jobs, tmp / "panel")
            walls.append(wall)
            inner.append(within)
            fresh.append(batch_once(tmp / f"fresh{i}", jobs, tmp / "panel",
                                    "--fresh-kernels")[0])
        splits = {}
        for run in ("run0", "fresh0"):
            folders = sorted(p.parent for p in (tmp / run).rglob("*.ipynb"))
            splits[run] = [row for f in dict.fromkeys(folders) for row in notebook_split(f)]
        report._import_runner()
        empty = [empty_kernel_once(tmp) for _ in range(args.repeat)]
        needed = [kernels_once(tmp, n_notebooks, jobs) for _ in range(args.repeat)]
        html_start = time.perf_counter()
        for path in sorted((tmp / "run0").rglob("*.ipynb")):
            report.render_html(path)
        html = time.perf_counter() - html_start
    print(f"machine: {cpus} CPUs; {len(entries)} documents, {n_notebooks} notebooks, "
          f"{jobs} at a time\n")
    print(f"batch `report --all` end to end         median {median(walls):6.2f} s   "
          f"best {min(walls):6.2f} s   (n={len(walls)})")
    print(f"  before its first notebook runs          median {median(walls) - median(inner):6.2f} s"
          "   (interpreter, imports, checks, warm-up; the kernels start meanwhile)")
    print(f"  the same with --fresh-kernels         median {median(fresh):6.2f} s   "
          f"best {min(fresh):6.2f} s   (n={len(fresh)})")
    print(f"its {n_notebooks} kernel start-ups, {jobs} at a time  median {median(needed):6.2f} s   "
          f"best {min(needed):6.2f} s   → ratio {median(walls) / median(needed):.1f} "
          f"(target ≤ 2); with --fresh-kernels {median(fresh) / median(needed):.1f}")
    print(f"kernel start-up (empty notebook)        median {median(empty):6.2f} s   "
          f"best {min(empty):6.2f} s   (n={len(empty)})")
    print(f"HTML rendering, all notebooks            {html:6.2f} s (serial)\n")
    for run, title in (("run0", "kept kernels (default)"), ("fresh0", "--fresh-kernels")):
        print(f"{title:<32}{'papermill':>10}{'kernel':>8}{'set-up':>8}{'analysis':>10}  (s)")
        for name, duration, setup, work in splits[run]:
            print(f"  {name:<30}{duration:10.2f}{duration - setup - work:8.2f}{setup:8.2f}"
                  f"{work:10.2f}")
        total, setup, work = (sum(r[i] for r in splits[run]) for i in (1, 2, 3))
        print(f"  {'total (kernel-seconds)':<30}{total:10.2f}{total - setup - work:8.2f}"
              f"{setup:8.2f}{work:10.2f}\n")


if __name__ == "__main__":
    main()
