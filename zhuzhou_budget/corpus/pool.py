"""Documents in a process pool whose workers stay alive: one interpreter and one import of
pandas and the package per worker, not per document.

The workers start from a fork server that has imported the package once (fast to start, and
safe: nothing is forked from a parent that runs threads). A worker never outlives the batch:
the pool is shut down and its processes killed in a `finally`; if the batch's process is killed
outright (SIGKILL: no `finally` runs), a watchdog thread in each worker sees it go (a pidfd on
Linux, polling elsewhere) and exits, and the fork server, whose liveness pipe the workers held,
follows. Workers ignore Ctrl-C: the parent decides and tears the pool down. A worker that dies (a crash in a native library)
breaks the pool; the unfinished documents then run again in a fresh pool, and one that
breaks it twice is failed.
"""

from __future__ import annotations

import ast
import gc
import os
import select
import signal
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from types import FrameType

from ..errors import DisclosureError
from ..sources.folders import Source
from . import server
from .ledger import Row
from .result import Result

MAX_BREAKS = 2


def default_jobs() -> int:
    """The cores this process may use (the affinity mask where known, else the CPU count)."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not Linux
        return max(os.cpu_count() or 1, 1)


# The cyclic collector's first threshold in a worker (Python's default: 700). A document's
# build allocates and frees ~10^6 objects, nearly all freed by reference counting; at 700 the
# collector ran ~9 times per document, ~3 ms of CPU, mostly over the modules the fork server
# imported (frozen below, so never scanned again). Garbage cycles are still collected, in
# batches of 10,000 new objects.
WORKER_GC_THRESHOLD = 10_000


def _worker_init(parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch, args=(parent,), daemon=True,
                     name="zhuzhou-budget-watchdog").start()
    import zhuzhou_budget.corpus.task  # noqa: F401  (already imported by the fork server)

    gc.freeze()  # what the worker inherited (the package, pandas) lives as long as it does
    gc.set_threshold(WORKER_GC_THRESHOLD, *gc.get_threshold()[1:])


def _watch(parent: int) -> None:
    """Exit as soon as the batch's process is gone. Its pid is watched, not getppid(): a
    worker's parent is the fork server, which lives as long as any worker does."""
    try:
        fd = os.pidfd_open(parent)  # Linux ≥ 5.3: readable once the process has exited
    except (AttributeError, OSError):
        fd = None
    if fd is not None:
        select.select([fd], [], [])
        os._exit(1)
    while True:  # elsewhere: poll
        try:
            os.kill(parent, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:
            pass
        time.sleep(0.5)


def check_main_guard() -> None:
    """Refuse, in one line, a pool started by the top-level code of a script that lacks an
    `if __name__ == "__main__":` guard: each worker imports the script again (as
    `__mp_main__`), runs that code, and would start a pool of its own — a flood of
    tracebacks. The running script's module frame is found on the stack and its line looked
    up in the script's syntax tree (never run). Interactive sessions and notebooks have no
    script file and pass."""
    import sys

    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    if main is None or not path:
        return
    name = getattr(getattr(main, "__spec__", None), "name", None) or ""
    if name == "__main__" or name.endswith(".__main__"):  # `python -m package`: the
        return  # workers do not import a package's __main__ again (multiprocessing.spawn)
    frame: FrameType | None = sys._getframe()
    while frame is not None and not (frame.f_globals is vars(main)
                                     and frame.f_code.co_name == "<module>"):
        frame = frame.f_back
    if frame is None:  # the script's top level has finished (an atexit hook…): nothing reruns
        return
    line = frame.f_lineno
    try:
        tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, SyntaxError, ValueError):
        return
    for node in tree.body:
        if isinstance(node, ast.If) and _is_main_test(node.test) and \
                node.body[0].lineno <= line <= (node.body[-1].end_lineno or line):
            return
    raise DisclosureError(f"{path}, line {line}: a corpus batch with several processes must "
                          "be started under `if __name__ == \"__main__\":` (each worker "
                          "imports the script again); add the guard, or pass jobs=1")


def _is_main_test(test: ast.expr) -> bool:
    """`__name__ == "__main__"` (either order)."""
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1
            and isinstance(test.ops[0], ast.Eq)):
        return False
    sides = [test.left, test.comparators[0]]
    return any(isinstance(s, ast.Name) and s.id == "__name__" for s in sides) and any(
        isinstance(s, ast.Constant) and s.value == "__main__" for s in sides)


def run_pool(sources: list[Source], root: Path, previous: dict[str, Row], force: bool,
             jobs: int, on_result: Callable[[Result], None],
             stage: Path | None = None) -> list[Result]:
    """Every source's result (in completion order); `on_result` is called as each arrives.
    The workers write each document's panel rows into `stage` (stage.py): what comes back is
    its row and where its rows are, never the rows."""
    check_main_guard()
    results: list[Result] = []
    pending = list(sources)
    breaks: dict[str, int] = {}
    while pending:
        broken: list[Source] = []
        for source, outcome in _one_pool(pending, root, previous, force, jobs, stage):
            if isinstance(outcome, Result):
                results.append(outcome)
                on_result(outcome)
                continue
            breaks[source.label] = breaks.get(source.label, 0) + 1
            if breaks[source.label] >= MAX_BREAKS:
                row = Row(source=source.label, department_id=source.department_id,
                          reason="its worker process died (twice)")
                results.append(Result(row))
                on_result(results[-1])
            else:
                broken.append(source)
        pending = broken
    return results


def _one_pool(sources: list[Source], root: Path, previous: dict[str, Row], force: bool,
              jobs: int, stage: Path | None) -> Iterator[tuple[Source, Result | BaseException]]:
    ctx = server.context()
    server.start(ctx)
    executor = ProcessPoolExecutor(max_workers=max(1, min(jobs, len(sources))),
                                   mp_context=ctx, initializer=_worker_init,
                                   initargs=(os.getpid(),))
    finished = False
    try:
        futures: dict[Future, Source] = {
            executor.submit(run_task, s, root, previous.get(s.label), force, stage): s
            for s in sources}
        remaining = set(futures)
        while remaining:
            done, remaining = wait(remaining, return_when=FIRST_COMPLETED)
            for fut in sorted(done, key=lambda f: futures[f].label):
                try:
                    yield futures[fut], fut.result()
                except BrokenProcessPool as exc:
                    yield futures[fut], exc
        finished = True
    finally:
        if finished:
            executor.shutdown(wait=True)
        else:  # interrupted (Ctrl-C, SIGTERM, an error in the parent): stop the pool now
            kill(executor)


def run_task(source: Source, root: Path, previous: Row | None = None, force: bool = False,
             stage: Path | None = None) -> Result:
    """task.run, as a pool worker or a dask worker calls it: the function is sent by reference,
    and the build is imported where it runs (a pool's fork server has preloaded it), never in
    the process that submits it."""
    from .task import run

    return run(source, root, previous, force, stage)


def kill(executor: ProcessPoolExecutor) -> None:
    """Stop the pool now: cancel what has not started, kill what runs, reap the workers."""
    processes = list((getattr(executor, "_processes", None) or {}).values())
    # With its readers killed, the call queue's feeder thread may block on a full pipe, and
    # the interpreter's exit would wait on it forever (concurrent.futures joins it at exit):
    # it is abandoned instead.
    call_queue = getattr(executor, "_call_queue", None)
    if call_queue is not None:
        call_queue.cancel_join_thread()
    executor.shutdown(wait=False, cancel_futures=True)
    for proc in processes:
        if proc.is_alive():
            proc.kill()
    for proc in processes:
        proc.join(timeout=5)
