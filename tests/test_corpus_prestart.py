"""`corpus build` on the command line starts the pool's fork server first thing, before the
command imports pandas, so the server's import of the package overlaps the command's own
(corpus/server.py); `--jobs 1` starts none."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import sys, types
import multiprocessing.forkserver as fs
sys.argv = ["zhuzhou-budget", *{args!r}]
stub = types.ModuleType("zhuzhou_budget.cli")
stub.run = lambda: print(fs._forkserver._forkserver_pid is not None, "pandas" in sys.modules)
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
    out = subprocess.run([sys.executable, "-c", PROBE.format(args=args)], capture_output=True,
                         text=True, timeout=120, check=True)
    assert out.stdout.split() == [str(started), "False"]
