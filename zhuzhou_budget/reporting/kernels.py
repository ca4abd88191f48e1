"""One kernel per batch worker, kept alive across the notebooks the worker runs.

A kernel start (interpreter, IPython, ZeroMQ) and the set-up cell's imports (pandas,
matplotlib, the package) cost ~2 s each and were paid by every notebook; the notebooks' own
work is about as much again. Here a worker starts one kernel, imports what every set-up cell
imports, saves the kernel's state (kernel_state.snapshot), and before each notebook puts that
state back (kernel_state.restore: namespace, execution count, working folder, environment,
warnings, matplotlib, pandas options), so each notebook runs as in a fresh kernel.

papermill still parameterises and records each notebook (its metadata, the failing cell's
`papermill.exception`): the notebook runs through papermill's own client on the kept kernel
(the `zhuzhou-shared-kernel` engine below). A kernel that died, or whose state could not be
put back, is shut down and the next notebook starts a fresh one. Kernels die with the batch:
jupyter_client starts them with JPY_PARENT_PID, and ipykernel exits when that parent goes.
"""

from __future__ import annotations

import ast
import contextlib
import queue
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager
from nbclient.util import ensure_async, run_sync
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, NotebookExecutionManager, papermill_engines
from papermill.log import logger
from papermill.utils import remove_args

ENGINE = "zhuzhou-shared-kernel"
FRESH_ENGINE = "zhuzhou-fresh-kernel"
STATE = "zhuzhou_budget.reporting.kernel_state"
TIMEOUT = 120  # seconds for a kernel start, a snapshot or a restore (imports under load)


class KernelError(RuntimeError):
    """The kept kernel could not be started or prepared."""


class SharedKernel:
    """A kernel (manager and client) used by one thread, one notebook at a time."""

    def __init__(self, kernel_name: str, extra_arguments: list[str] | None = None,
                 preload: tuple[str, ...] = ()) -> None:
        self.kernel_name = kernel_name
        self.extra_arguments = list(extra_arguments or [])
        self.preload = preload
        self.km: AsyncKernelManager | None = None
        self.kc: Any = None
        self.starts = 0  # kernels started (for the benchmark and the tests)
        self.stopped = False  # set by kill(): no notebook runs on this any more
        self._starting: threading.Thread | None = None

    def start_soon(self, folder: Path) -> None:
        """Start the kernel and its imports in the background (the batch's checks and cache
        warm-up go on meanwhile); the first `prepare` waits for it. A start that fails here
        is tried again by `prepare`, which then reports the error."""
        def start() -> None:
            # Whatever stops it (the batch killed the kernel as it started: asyncio's
            # CancelledError is no Exception) is for `prepare` to find, never a traceback.
            with contextlib.suppress(BaseException):
                self._start(folder)

        self._starting = threading.Thread(target=start, name="kernel-start", daemon=True)
        self._starting.start()

    def prepare(self, folder: Path) -> None:
        """A live kernel with the saved state put back, working in `folder`."""
        if self._starting is not None:
            self._starting.join()
            self._starting = None
        if self.km is not None and not self.alive():
            self.shutdown()
        if self.km is None:
            self._start(folder)
        if self.stopped:  # killed while it started
            raise KernelError("the batch was interrupted")
        try:
            self._run(f"__import__({STATE!r}, fromlist=['restore']).restore({str(folder)!r})")
        except KernelError:
            # Whatever the last notebook did, the next one gets a fresh kernel.
            self.shutdown()
            self._start(folder)
            self._run(f"__import__({STATE!r}, fromlist=['restore']).restore({str(folder)!r})")

    def kill(self) -> None:
        """Kill the kernel process now, from any thread (the batch interrupted): the notebook
        running on it fails at once, and the owning thread cleans up."""
        self.stopped = True
        km = self.km
        process = getattr(getattr(km, "provisioner", None), "process", None)
        if process is not None:
            with contextlib.suppress(OSError):
                process.kill()

    def alive(self) -> bool:
        return self.km is not None and bool(run_sync(_value)(self.km.is_alive()))

    def shutdown(self, now: bool = False) -> None:
        """Stop the kernel (gracefully, then killed; with `now` killed at once: when the batch
        is done with it, nothing in it is needed, and its graceful exit costs ~0.3 s), never
        raising."""
        starting = self._starting
        if starting is not None and starting is not threading.current_thread():
            starting.join()  # (a start that fails shuts its kernel down from that thread)
            self._starting = None
        km, kc, self.km, self.kc = self.km, self.kc, None, None
        if kc is not None:
            kc.stop_channels()
        if km is None:
            return
        try:
            if run_sync(_value)(km.is_alive()):
                run_sync(_value)(km.shutdown_kernel(now=now))
        except Exception:
            try:
                run_sync(_value)(km.shutdown_kernel(now=True))
            except Exception:
                pass
        finally:
            run_sync(_value)(km.cleanup_resources())

    def _start(self, folder: Path, attempts: int = 3) -> None:
        # jupyter_client picks free ports, closes them and lets the kernel bind them: another
        # process can take one in between ("Address already in use"). Retry on new ports.
        for attempt in range(attempts):
            try:
                return self._start_once(folder)
            except KernelError:
                if attempt == attempts - 1:
                    raise

    def _start_once(self, folder: Path) -> None:
        if self.stopped:
            raise KernelError("the batch was interrupted")
        km = AsyncKernelManager(kernel_name=self.kernel_name)
        # As nbclient starts a kernel: no history file written in the user's home.
        args = [*self.extra_arguments, "--HistoryManager.hist_file=:memory:"]
        self.km = km  # kill() reaches the process as soon as there is one
        try:
            run_sync(_value)(km.start_kernel(extra_arguments=args, cwd=str(folder)))
            self.kc = km.client()
            self.kc.allow_stdin = False
            self.kc.start_channels()
            run_sync(_value)(self.kc.wait_for_ready(timeout=TIMEOUT))
        except BaseException as exc:  # CancelledError too: the process never outlives this
            self.shutdown()
            raise KernelError(f"the kernel {self.kernel_name!r} did not start ({exc})") from exc
        self.starts += 1
        self._run(f"__import__({STATE!r}, fromlist=['snapshot']).snapshot({list(self.preload)!r})")

    def _run(self, code: str) -> None:
        """Run `code` silently (no execution count, no history) and wait for its reply."""
        if self.kc is None:
            raise KernelError("no kernel")
        try:
            content = run_sync(_reply)(self.km, self.kc, code, TIMEOUT)
        except Exception as exc:
            raise KernelError(f"the kernel did not answer ({type(exc).__name__}: {exc})"
                              ) from exc
        if content.get("status") != "ok":
            raise KernelError(f"{content.get('ename')}: {content.get('evalue')}")


def imported_modules(notebooks: Iterable[Path]) -> tuple[str, ...]:
    """The modules the notebooks' code cells import, in order: a kept kernel imports them
    before its snapshot, so that what an import sets (matplotlib's rcParams, a registered
    font) is part of the state put back, as if each notebook had imported it afresh.
    `from a import b` names `a` and, when b is a submodule, `a.b` (tried; not one is fine)."""
    import nbformat

    names: dict[str, None] = {}
    for path in notebooks:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "code":
                continue
            try:
                tree = ast.parse(cell.source)
            except SyntaxError:  # IPython magics: their imports happen when the cell runs
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names.update(dict.fromkeys(a.name for a in node.names))
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    names[node.module] = None
                    names.update(dict.fromkeys(f"{node.module}.{a.name}" for a in node.names
                                               if a.name != "*"))
    return tuple(names)


async def _value(value: Any) -> Any:
    return await ensure_async(value)


async def _reply(km: Any, kc: Any, code: str, timeout: float) -> dict:
    msg_id = kc.execute(code, silent=True, store_history=False, allow_stdin=False)
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"no reply in {timeout} s")
        try:  # a second at a time: a kernel killed meanwhile never replies
            msg = await ensure_async(kc.get_shell_msg(timeout=min(1.0, left)))
        except queue.Empty:
            if km is not None and not await ensure_async(km.is_alive()):
                raise RuntimeError("the kernel died") from None
            continue
        if msg.get("parent_header", {}).get("msg_id") == msg_id:
            return msg["content"]


class RecordedOnce(NotebookExecutionManager):
    """papermill's record of a run (metadata, outputs), written to the output file once, when
    the run ends, not also as it starts and as each cell starts and ends.

    papermill saves the whole notebook (validated against its schema, charts as base64) twice
    per cell, in the thread that drives the kernel, so the kernel waits: ~1 s per worker per
    batch. The batch writes to a temporary file renamed into place once the run ends
    (safe_write), so no one could read the intermediate saves. papermill writes the notebook
    once the engine returns (with a failing cell's error too); when the engine raises instead
    (the kernel died), nothing would be written: `final` is then set, and the save papermill
    makes in a `finally` keeps what ran."""

    final = False

    def save(self, **kwargs) -> None:
        if self.final:
            super().save(**kwargs)


class FreshKernelEngine(NBClientEngine):
    """papermill's nbclient engine (a kernel per notebook), its record written once."""

    @classmethod
    def execute_notebook(cls, nb, kernel_name, output_path=None, progress_bar=True,
                         log_output=False, autosave_cell_every=30, **kwargs):
        # papermill's Engine.execute_notebook, with RecordedOnce as the manager.
        nb_man = RecordedOnce(nb, output_path=output_path, progress_bar=progress_bar,
                              log_output=log_output, autosave_cell_every=autosave_cell_every)
        nb_man.notebook_start()
        try:
            cls.execute_managed_notebook(nb_man, kernel_name, log_output=log_output, **kwargs)
        except BaseException:
            nb_man.final = True  # papermill writes nothing after this: notebook_complete does
            raise
        finally:
            nb_man.cleanup_pbar()
            nb_man.notebook_complete()
        return nb_man.nb


class SharedKernelEngine(FreshKernelEngine):
    """papermill's nbclient engine on a kept kernel (`shared=`, a prepared SharedKernel)."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False,
                                 stdout_file=None, stderr_file=None, start_timeout=60,
                                 execution_timeout=None, shared: SharedKernel | None = None,
                                 **kwargs):
        if shared is None or shared.km is None:
            raise KernelError("the shared-kernel engine needs a prepared kernel (shared=)")
        kwargs = remove_args(["input_path"], **kwargs)
        safe_kwargs = remove_args(["timeout", "startup_timeout"], **kwargs)
        client = PapermillNotebookClient(
            nb_man, km=shared.km, timeout=execution_timeout or kwargs.get("timeout"),
            startup_timeout=start_timeout, kernel_name=kernel_name, log=logger,
            log_output=log_output, stdout_file=stdout_file, stderr_file=stderr_file,
            **safe_kwargs)
        client.kc = shared.kc  # not owned: nbclient neither starts nor stops kernel or client
        return client.execute()


papermill_engines.register(ENGINE, SharedKernelEngine)
papermill_engines.register(FRESH_ENGINE, FreshKernelEngine)
