"""The process pool's fork server: the process its workers are forked from, which imports
the package once (its preload) so that each worker starts with it imported.

Kept apart from pool.py and light to import (the standard library only), so that the command
line can start the server first thing for `corpus build` (`prestart`): it then imports pandas
and the package on a second core while the command imports its own, instead of after."""

from __future__ import annotations

import multiprocessing
import threading

# What a worker imports to build a document: the task, and the stages the build imports on
# first use (the checks and the inventory: `zb.load` stays light without them). A module left
# out is imported again by every worker on its first document (tests/test_corpus_prestart.py).
PRELOAD = ["zhuzhou_budget.corpus.task", "zhuzhou_budget.checks",
           "zhuzhou_budget.checks.performance", "zhuzhou_budget.analysis.inventory"]


def context() -> multiprocessing.context.BaseContext:
    """The pool's start method: the fork server where the platform has one, else spawn."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)
        return ctx
    return multiprocessing.get_context("spawn")


def prestart() -> None:
    """Start the fork server now, from a process that has imported nothing heavy and runs no
    thread yet; the pool later finds it running. Nothing happens where there is no fork
    server, or where threads already run (the pool then starts it as usual)."""
    if threading.active_count() > 1:
        return
    if context().get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()
