"""The process pool's fork server: the process its workers are forked from, which imports
the package once (its preload) so that each worker starts with it imported.

Kept apart from pool.py and light to import (the standard library only), so that the command
line can start the server first thing for `corpus build` (`prestart`): it then imports pandas
and the package on a second core while the command imports its own, instead of after."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# What a worker imports to build a document: the task, and the stages the build imports on
# first use (the checks and the inventory: `zb.load` stays light without them; the headline
# figures: the batch's own process reads rows.py without them). A module left out is imported
# again by every worker on its first document (tests/test_corpus_prestart.py).
PRELOAD = ["zhuzhou_budget.corpus.task", "zhuzhou_budget.checks",
           "zhuzhou_budget.checks.performance", "zhuzhou_budget.analysis.inventory",
           "zhuzhou_budget.analysis.headline"]


def context() -> multiprocessing.context.BaseContext:
    """The pool's start method: the fork server where the platform has one, else spawn."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)
        return ctx
    return multiprocessing.get_context("spawn")


# numpy's OpenBLAS starts a thread per core in every process that imports it, each spinning
# ~0.1 s before it sleeps: the server's spin on the cores that its own import and the batch's
# process, importing at the same time, need (perf: ~1 % of a 100-document build's CPU). A
# worker builds one document at a time in Python and never multiplies matrices, so the
# server and its workers start with one BLAS thread (and `corpus build` on the command line
# sets it for the batch's own process: __main__.py); a value the user set is kept.
BLAS_THREADS = "OPENBLAS_NUM_THREADS"


@contextmanager
def _one_blas_thread() -> Iterator[None]:
    """The environment the server starts with (it and its workers inherit it); this
    process's own is put back after."""
    added = BLAS_THREADS not in os.environ
    if added:
        os.environ[BLAS_THREADS] = "1"
    try:
        yield
    finally:
        if added:
            os.environ.pop(BLAS_THREADS, None)


def start(ctx: multiprocessing.context.BaseContext) -> None:
    """Start `ctx`'s fork server now if it has one and it is not running (else the pool's
    first worker would start it, with this process's environment as it is)."""
    if ctx.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        with _one_blas_thread():
            forkserver.ensure_running()


def prestart() -> None:
    """Start the fork server now, from a process that has imported nothing heavy and runs no
    thread yet; the pool later finds it running. Nothing happens where there is no fork
    server, or where threads already run (the pool then starts it as usual)."""
    if threading.active_count() > 1:
        return
    start(context())


def stop() -> None:
    """End the fork server this process started, now, and forget it (a later pool starts
    another). For the command line as it ends: the server holds the command's standard output
    and error (inherited), so whoever reads them — a pipe, `subprocess.run(…,
    capture_output=True)` — waits until the server is gone, and left to itself it goes ~0.1 s
    after the command: it notices the command's exit, then finalizes an interpreter that has
    imported pandas and the package (measured: output closed 99–133 ms after the command's
    exit, 2–7 ms with this). SIGTERM ends it at once (it handles only SIGCHLD and SIGINT), and
    it holds nothing to save: its workers are gone by then (the pool waits for them, or kills
    them), and its socket is this process's to remove. A library caller keeps its server for
    its next batch. Nothing happens where no server was started."""
    module = sys.modules.get("multiprocessing.forkserver")
    server = getattr(module, "_forkserver", None)
    # multiprocessing's own record of the server it started (CPython 3.8–3.13 alike)
    pid = getattr(server, "_forkserver_pid", None)
    if server is None or pid is None:
        return
    try:
        os.kill(pid, signal.SIGTERM)
        server._stop()  # reaps it, closes its pipe, removes its socket (what its tests use)
    except OSError:
        # gone and reaped already (a wait for any child elsewhere): nothing left to end, and
        # a command that has done its work does not fail on its way out
        pass
