"""The command line's start: `import zhuzhou_budget` imports nothing heavy, and a PDF named on
the command line starts the PDF worker (and its JVM) before pandas is imported, so the two
overlap. Timings are in benchmarks/bench_pdf.py; here only the order of things."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

import zhuzhou_budget as zb


def _run(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, timeout=120, check=True)
    return out.stdout.strip()


def test_import_is_light_and_names_resolve_on_first_use():
    assert _run("import sys, zhuzhou_budget as zb; print('pandas' in sys.modules, "
                "'zhuzhou_budget.disclosure' in sys.modules)") == "False False"
    assert sorted(zb.__all__) == sorted(zb._WHERE)
    assert zb.load.__module__ == "zhuzhou_budget.disclosure"
    assert zb.open.__module__ == "zhuzhou_budget.storage.catalog"
    try:
        zb.nope  # noqa: B018
    except AttributeError as exc:
        assert "no attribute 'nope'" in str(exc)
    else:
        raise AssertionError("an unknown name must raise AttributeError")


def test_prestart_forks_the_worker_before_pandas_and_the_worker_dies_with_its_parent():
    code = ("import sys\n"
            "from zhuzhou_budget.extract import pdf\n"
            "pdf.prestart()\n"
            "w = pdf._WORKER\n"
            "print(w is not None and w.alive(), 'pandas' in sys.modules, w.proc.pid)\n")
    alive, pandas_loaded, pid = _run(code).split()
    assert (alive, pandas_loaded) == ("True", "False")
    # the parent has exited: its worker (and JVM) went with it
    import os
    import time

    for _ in range(50):
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        raise AssertionError(f"worker {pid} outlived its parent")


def test_prestart_does_nothing_where_threads_already_run():
    code = ("import threading, time\n"
            "from zhuzhou_budget.extract import pdf\n"
            "t = threading.Thread(target=time.sleep, args=(2,)); t.start()\n"
            "pdf.prestart()\n"
            "print(pdf._WORKER is None)\n")
    assert _run(code) == "True"


def test_the_jvm_starts_without_importing_tabula_py_or_pandas():
    # tabula-py imports pandas (~0.4 s) before its JVM could start: the worker starts the JVM
    # through jpype with tabula-py's jar and options, and reads tables without tabula-py.
    code = ("import sys\n"
            "from pathlib import Path\n"
            "from zhuzhou_budget.extract import pdf_extract as pe\n"
            "print(pe.JVM.start(), 'pandas' in sys.modules, 'tabula' in sys.modules)\n"
            "pdf = Path('tests/data/shanghai-putuo-czj-2024-final-accounts.pdf')\n"
            "pages = [p.number for p in pe.read_pages(pdf, 300) if p.ruled]\n"
            "found = pe.tabula_tables(pdf, pages)\n"
            "print(sum(len(t) for t in found.values()), 'tabula' in sys.modules)\n")
    assert _run(code).splitlines()[-2:] == ["True False False", "15 False"]  # lattice tables
