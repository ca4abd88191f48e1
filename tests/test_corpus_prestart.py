"""`corpus build` on the command line starts the pool's fork server first thing, before the
command imports pandas, so the server's import of the package overlaps the command's own
(corpus/server.py); `--jobs 1` starts none."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys

import pyarrow.parquet as pq
import pytest

PROBE = """
import os, sys, types
import multiprocessing.forkserver as fs
sys.argv = ["zhuzhou-budget", *{args!r}]
stub = types.ModuleType("zhuzhou_budget.cli")
stub.run = lambda: print(fs._forkserver._forkserver_pid is not None, "pandas" in sys.modules,
                        os.environ.get("OPENBLAS_NUM_THREADS", "-"))
sys.modules["zhuzhou_budget.cli"] = stub
from zhuzhou_budget.__main__ import main
main()
"""


@pytest.mark.parametrize(("args", "started"), [
    (["corpus", "build", "docs", "--out", "x"], True),
    (["corpus", "build", "docs", "--out", "x", "--jobs", "2"], True),
    (["corpus", "build", "docs", "--out", "x", "--jobs", "1"], False),
    (["corpus", "build", "docs", "-j1"], False),
    (["build", "doc.txt"], False),
])
def test_the_fork_server_starts_before_pandas_is_imported(args, started):
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    out = subprocess.run([sys.executable, "-c", PROBE.format(args=args)], capture_output=True,
                         text=True, timeout=120, check=True, env=env)
    # with the pool, the batch's own process runs one BLAS thread too (corpus/server.py)
    assert out.stdout.split() == [str(started), "False", "1" if started else "-"]


STOPPED = """
import os, signal, sys, types
import multiprocessing.forkserver as fs
sys.argv = ["zhuzhou-budget", "corpus", "build", "docs", "--out", "x"]
seen = []
statuses = []
real_waitpid = os.waitpid


def waitpid(pid, options):  # how the server ended, as multiprocessing reaps it
    got = real_waitpid(pid, options)
    statuses.append(got[1])
    return got


os.waitpid = waitpid


def run():
    seen.append(fs._forkserver._forkserver_pid)
    if {exits!r}:
        sys.exit(2)


stub = types.ModuleType("zhuzhou_budget.cli")
stub.run = run
sys.modules["zhuzhou_budget.cli"] = stub
from zhuzhou_budget.__main__ import main
try:
    main()
except SystemExit as exc:
    print("exit", exc.code)
(pid,) = seen
try:
    os.kill(pid, 0)
    alive = True
except ProcessLookupError:
    alive = False
print("server", pid is not None, "alive", alive, "known", fs._forkserver._forkserver_pid)
# ended by the signal, not by its own teardown (exit 0 once it has seen this process go)
print("terminated", [os.WIFSIGNALED(s) and os.WTERMSIG(s) == signal.SIGTERM for s in statuses])
"""


@pytest.mark.parametrize("exits", [False, True])
def test_the_fork_server_ends_with_the_command(exits):
    """It holds the command's standard output and error: left to itself it would outlive the
    command by its own teardown, and a reader of the command's output would wait for it. It is
    terminated, reaped and forgotten when `main` returns, or exits with the command's code."""
    out = subprocess.run([sys.executable, "-c", STOPPED.format(exits=exits)],
                         capture_output=True, text=True, timeout=120, check=True)
    lines = out.stdout.splitlines()
    assert lines == (["exit 2"] if exits else []) + ["server True alive False known None",
                                                     "terminated [True]"]


REAPED = """
import os, signal
import multiprocessing.forkserver as fs
from zhuzhou_budget.corpus import server
server.start(server.context())
pid = fs._forkserver._forkserver_pid
os.kill(pid, signal.SIGKILL)
os.waitpid(pid, 0)  # reaped by someone else first
server.stop()
print("stopped")
"""


def test_stopping_a_fork_server_reaped_already_is_quiet():
    """A command that has done its work does not fail on its way out."""
    out = subprocess.run([sys.executable, "-c", REAPED], capture_output=True, text=True,
                         timeout=120, check=True)
    assert out.stdout.split() == ["stopped"]


def test_stopping_without_a_fork_server_does_nothing():
    probe = ("import sys\nfrom zhuzhou_budget.corpus import server\nserver.stop()\n"
             "print('multiprocessing.forkserver' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         timeout=60, check=True)
    assert out.stdout.split() == ["False"]  # nor imports multiprocessing's fork server


PRELOADED = """
import importlib, shutil, sys, tempfile
from pathlib import Path
sys.path.insert(0, {tests!r})
from corpus_helpers import make_corpus
from zhuzhou_budget.corpus.server import PRELOAD
for name in PRELOAD:
    importlib.import_module(name)
from zhuzhou_budget.corpus import task
from zhuzhou_budget.sources.folders import discover_all
tmp = Path(tempfile.mkdtemp())
try:
    make_corpus.generate(tmp / "in", 1, [2024])
    (source,), _ = discover_all([tmp / "in"])
    (tmp / "stage").mkdir()
    before = set(sys.modules)
    result = task.run(source, tmp / "out", None, True, tmp / "stage")
    assert result.row.status == "ok", result.row
    print(" ".join(sorted(m for m in set(sys.modules) - before if m.startswith("zhuzhou_budget"))))
finally:
    shutil.rmtree(tmp)
"""


def test_the_fork_server_preloads_every_module_a_build_imports():
    """A worker forked from the server imports nothing of the package for its documents:
    what the build imports on first use is in PRELOAD."""
    from pathlib import Path

    tests = str(Path(__file__).resolve().parent)
    out = subprocess.run([sys.executable, "-c", PRELOADED.format(tests=tests)],
                         capture_output=True, text=True, timeout=300, check=True)
    assert out.stdout.strip() == ""


def test_a_pool_worker_freezes_what_it_inherited_and_collects_in_larger_batches():
    probe = ("import gc, os\n"
             "from zhuzhou_budget.corpus import pool\n"
             "before = gc.get_threshold()\n"
             "pool._worker_init(os.getpid())\n"
             "print(gc.get_freeze_count() > 10_000, before[1:] == gc.get_threshold()[1:],"
             " gc.get_threshold()[0])\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         timeout=120, check=True)
    assert out.stdout.split() == ["True", "True", "10000"]



BLAS = """
import os
from zhuzhou_budget.corpus import server
if __name__ == "__main__":
    ctx = server.context()
    server.start(ctx)
    with ctx.Pool(1) as workers:  # forked from the server: its environment
        print(workers.apply(os.getenv, ("OPENBLAS_NUM_THREADS", "-")),
              os.environ.get("OPENBLAS_NUM_THREADS", "-"))
"""


@pytest.mark.skipif("forkserver" not in multiprocessing.get_all_start_methods(),
                    reason="no fork server on this platform: workers are spawned")
@pytest.mark.parametrize(("given", "worker", "own"), [
    (None, "1", "-"),  # the server and its workers: one BLAS thread; this process unchanged
    ("4", "4", "4"),  # a value the user set is kept
])
def test_the_pool_workers_start_with_one_blas_thread(given, worker, own, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if given is not None:
        env["OPENBLAS_NUM_THREADS"] = given
    script = tmp_path / "probe.py"
    script.write_text(BLAS, encoding="utf-8")
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                         timeout=120, check=True, env=env)
    assert out.stdout.split() == [worker, own]


LIGHT_PARENT = """
import json, sys
sys.path.insert(0, {tests!r})
from pathlib import Path
from corpus_helpers import make_corpus
from zhuzhou_budget.cli import main
make_corpus.generate(Path({corpus!r}), 3, [2023, 2024], own_amounts=True)
code = main(["corpus", "build", {corpus!r}, "--out", {out!r}, "--jobs", "2", "--no-progress"])
print(json.dumps({{"code": code, "heavy": sorted(m for m in ("pandas", "zhuzhou_budget.disclosure",
                  "zhuzhou_budget.corpus.task", "zhuzhou_budget.checks") if m in sys.modules)}}))
"""


def test_the_batch_process_of_a_pool_never_imports_the_build(tmp_path):
    """The workers build; the batch's own process receives results and merges the panel
    without pandas or the parsers (corpus/result.py): with their ~0.45 s of CPU it would
    compete with the fork server's import of them. pyarrow imports pandas from most of its
    constructors of Python values (its pandas shim), so the merge makes its own rows
    without them (rows.strings); a change that brings pandas back fails here."""
    from pathlib import Path

    tests = str(Path(__file__).resolve().parent)
    probe = LIGHT_PARENT.format(tests=tests, corpus=str(tmp_path / "in"),
                                out=str(tmp_path / "out"))
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         timeout=300, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result == {"code": 0, "heavy": []}
    documents = (tmp_path / "out" / "documents.csv").read_text(encoding="utf-8").splitlines()
    assert len(documents) == 4  # the header and three documents
    # the rows the batch's process made itself: each final account's PI-1 and PI-2
    metrics = pq.read_table(tmp_path / "out" / "panel" / "metrics").to_pylist()
    assert len(metrics) == 3 * 9  # 7 headline figures (the workers') and the two PIs
    made = sorted((m["department_id"], m["metric"], m["basis"]) for m in metrics
                  if m["metric"] in ("pi1_pct", "pi2_pct") and m["value"] is not None)
    assert made == sorted((f"dept-{i:03d}", metric, "stated 年初预算 (部门决算)")
                          for i in range(3) for metric in ("pi1_pct", "pi2_pct"))
