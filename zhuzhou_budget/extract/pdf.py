"""PDF → the same `Line`s the text route parses, so tables and sections need no second parser.

Tables: tabula-py in lattice mode finds each ruled table and its cells (from the rulings);
each table row becomes one tab-separated line with its cells placed on the grid by their
positions, so a merged header cell is a cell followed by empty cells, as in the tab export.
The text of a cell is read from the PDF's own characters inside the cell's box (tabula folds
full-width punctuation to ASCII), and text wrapped inside a cell is joined back. A table
continued on the next page is just more rows after the page's other lines: `find_tables`
stitches it and skips a repeated header, as for text. A titled table drawn without rulings
(and its continuation on the next page) is printed as layout text from the characters'
positions instead — the shape pdftotext -layout gives — which the table parser reads by
position. tabula's own stream mode was tried for this and dropped: on these tables it put
header cells over the wrong columns and lost values; the layout route gets every cell.

Narrative: the text layer (pypdfium2) outside the tables, page numbers dropped, wrapped lines
joined back into paragraphs (a paragraph starts after extra spacing, with an indent, or after
a line that stops short of the right edge), so each paragraph is one line as in the text
export and narrative facts can be read the same way.

`Line.no` is a running number over the lines generated (1, 2, …), `Line.page` the PDF page.

The work runs in a child process that lives as long as this one: its JVM starts once and is
reused for later documents, and a document that takes longer than the timeout is stopped by
ending that process. Limits: `max_pages` and `timeout` arguments, else the environment
variables ZHUZHOU_BUDGET_PDF_MAX_PAGES and ZHUZHOU_BUDGET_PDF_TIMEOUT (seconds).
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from ..errors import DisclosureError
from .lines import Line
from .pdf_base import (  # noqa: F401 (the PDF route's public names, kept where they were)
    DEFAULT_MAX_PAGES,
    DEFAULT_TIMEOUT,
    ERRORS_BY_NAME,
    JAVA_INSTALL,
    MAX_PAGES_CEILING,
    MAX_PAGES_ENV,
    MAX_TIMEOUT_SECONDS,
    PDF_HEAD,
    TIMEOUT_ENV,
    CorruptPdfError,
    EncryptedPdfError,
    NoJavaError,
    PdfError,
    PdfTimeoutError,
    PdfTooLargeError,
    ScannedPdfError,
    is_pdf,
    is_pdf_head,
    java_command,
    short_reason,
)
from .pdf_extract import JVM, extract, type_size  # noqa: F401


def limits(max_pages: int | None = None, timeout: float | None = None) -> tuple[int, float]:
    """Arguments first, then the environment, then the defaults."""
    try:
        pages = max_pages or int(os.environ.get(MAX_PAGES_ENV) or DEFAULT_MAX_PAGES)
        seconds = timeout or float(os.environ.get(TIMEOUT_ENV) or DEFAULT_TIMEOUT)
    except ValueError as exc:
        raise PdfError(f"bad {MAX_PAGES_ENV}/{TIMEOUT_ENV} value ({exc})") from None
    if not 1 <= pages <= MAX_PAGES_CEILING:
        raise PdfError(f"the PDF page limit must be 1–{MAX_PAGES_CEILING} ({MAX_PAGES_ENV})")
    if not (0 < seconds <= MAX_TIMEOUT_SECONDS):  # also refuses nan and inf
        raise PdfError(f"the PDF timeout must be a number of seconds in (0, "
                       f"{MAX_TIMEOUT_SECONDS:g}] ({TIMEOUT_ENV}={seconds!r})")
    return pages, seconds


def pdf_lines(path: str | Path, *, max_pages: int | None = None,
              timeout: float | None = None) -> list[Line]:
    """Lines of a PDF disclosure: table rows tab-separated, paragraphs one line each."""
    path = Path(path)
    pages, seconds = limits(max_pages, timeout)
    with _LOCK:
        global _WORKER
        if _WORKER is None or not _WORKER.alive():
            _WORKER = _Worker()
        worker = _WORKER
        try:
            reply = worker.run(str(path), pages, seconds)
        except BaseException as exc:
            # Stopped, died or interrupted: a busy worker would answer the next call with
            # this document's reply, so it goes.
            worker.close()
            _WORKER = None
            if isinstance(exc, TimeoutError):
                raise PdfTimeoutError(f"{path}: PDF extraction stopped after {seconds:g} s "
                                      f"(limit: load(timeout=…) or {TIMEOUT_ENV})") from None
            if isinstance(exc, (EOFError, OSError)):
                raise CorruptPdfError(f"{path}: the PDF extraction process died "
                                      f"({exc or 'no reply'}); damaged or hostile file?") from None
            raise
    if reply[0] == "error":
        raise ERRORS_BY_NAME.get(reply[1], PdfError)(reply[2])
    return [Line(no, page, text) for no, (page, text) in enumerate(reply[1], start=1)]


# ---- the worker process ---------------------------------------------------------------------

_LOCK = threading.Lock()
_WORKER: _Worker | None = None


def prestart() -> None:
    """Start the worker (and, in it, the JVM) now, from a process that has imported nothing
    yet: the command line calls it first thing when a PDF is named, so the JVM starts while
    this process imports pandas and the package. Nothing happens without Java (the first
    load reports it), nor where threads already run (the worker is then started as usual)."""
    global _WORKER
    if java_command() is None or threading.active_count() > 1:
        return
    with _LOCK:
        if _WORKER is None or not _WORKER.alive():
            _WORKER = _Worker(preimport=False)


class _Worker:
    """A child process that extracts one document at a time and keeps its JVM warm."""

    def __init__(self, preimport: bool = True) -> None:
        method = _start_method()
        if method == "fork" and preimport:
            # Imported before the fork, so the child never imports while holding a lock
            # copied from another thread of this process.
            import pypdfium2  # noqa: F401
            import tabula  # noqa: F401
        ctx: Any = multiprocessing.get_context(method)  # typeshed's BaseContext lacks Process
        self.conn, child = ctx.Pipe()
        # The child gets the parent's end too where it forks: it closes it first thing, so
        # that the parent's death reaches it as end of file.
        self.proc = ctx.Process(target=_serve, args=(child, self.conn, os.getpid()),
                                daemon=True, name="zhuzhou-budget-pdf")
        self.proc.start()
        child.close()
        # At exit multiprocessing would stop a daemon child with SIGTERM, which the JVM hands
        # to jpype's handler, which calls into a Python that is going away: a segfault and an
        # hs_err_pid*.log in the working folder. This runs first (atexit is last in, first
        # out) and kills the worker outright.
        atexit.register(self.close)

    def alive(self) -> bool:
        return self.proc.is_alive()

    def run(self, path: str, max_pages: int, timeout: float) -> tuple:
        self.conn.send((path, max_pages))
        if not self.conn.poll(timeout):
            raise TimeoutError
        return self.conn.recv()

    def close(self) -> None:
        atexit.unregister(self.close)
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()


def _start_method() -> str:
    # fork is quick (the modules are already imported) but must not copy a started JVM.
    if sys.platform != "linux":
        return "spawn"
    jpype = sys.modules.get("jpype")
    return "spawn" if jpype is not None and jpype.isJVMStarted() else "fork"


def _serve(conn, parent_end=None, parent_pid: int = 0) -> None:
    """The worker's loop. It dies with its parent (and its JVM with it): on Linux the kernel
    kills it when the parent goes (PR_SET_PDEATHSIG), and everywhere the parent's end of the
    pipe closing ends it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    # A forked child inherits the command line's SIGTERM/SIGHUP handlers (they unwind the
    # parent); here a SIGTERM simply ends the worker, with no traceback on stderr.
    for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if sig is not None:
            signal.signal(sig, signal.SIG_DFL)
    # Its own process group: a signal sent to the parent's group (a Jupyter kernel is stopped
    # with SIGTERM to its whole group) would reach the JVM, whose handler calls into jpype and
    # crashes (hs_err_pid*.log). The worker ends with its parent instead (below).
    with contextlib.suppress(OSError, AttributeError):
        os.setsid()
    if parent_end is not None:
        with contextlib.suppress(OSError):
            parent_end.close()
    _die_with_parent(parent_pid)
    # The JVM starts now, in the background, before the first document arrives.
    if java_command() is not None:
        threading.Thread(target=JVM.warm, name="zhuzhou-budget-jvm", daemon=True).start()
    while True:
        try:
            path, max_pages = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        try:
            reply: tuple = ("ok", extract(Path(path), max_pages))
        except DisclosureError as exc:
            reply = ("error", type(exc).__name__, str(exc))
        except Exception as exc:  # PDFium and PDFBox fail in many ways on damaged files
            reply = ("error", "CorruptPdfError",
                     f"{path}: cannot read the PDF ({type(exc).__name__}: {short_reason(exc)})")
        conn.send(reply)


def _die_with_parent(parent_pid: int) -> None:
    if sys.platform != "linux":
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if parent_pid and os.getppid() != parent_pid:  # the parent died before prctl took hold
        os._exit(0)
