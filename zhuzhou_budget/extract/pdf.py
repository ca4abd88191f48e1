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
import bisect
import contextlib
import ctypes
import multiprocessing
import os
import re
import shutil
import signal
import statistics
import sys
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import DisclosureError
from .lines import Line, display_width

MAX_PAGES_ENV = "ZHUZHOU_BUDGET_PDF_MAX_PAGES"
TIMEOUT_ENV = "ZHUZHOU_BUDGET_PDF_TIMEOUT"
DEFAULT_MAX_PAGES = 300
DEFAULT_TIMEOUT = 120.0  # seconds per document
MAX_TIMEOUT_SECONDS = 86400.0  # a day: beyond it a limit is no limit (and 1e308 overflows)
MAX_PAGES_CEILING = 100_000
JAVA_INSTALL = ("install one: `sudo apt-get install default-jre-headless` (Debian/Ubuntu), "
                "`conda install -c conda-forge openjdk`, or `make setup`")

_PAGE_NUMBER = re.compile(r"^[-—\s]*(第\s*)?\d{1,4}(\s*页)?(\s*/\s*共?\s*\d+\s*页?)?[-—\s]*$")
_MARGIN_BAND = 0.08  # page numbers are looked for in the top and bottom 8 % of a page


class PdfError(DisclosureError):
    """A PDF that cannot be turned into lines."""


class NoJavaError(PdfError):
    """tabula-py runs on the JVM and no Java runtime was found."""


class ScannedPdfError(PdfError):
    """Pages are images without a text layer."""


class EncryptedPdfError(PdfError):
    """The PDF needs a password."""


class CorruptPdfError(PdfError):
    """Truncated, damaged or not really a PDF."""


class PdfTooLargeError(PdfError):
    """More pages than the configured limit."""


class PdfTimeoutError(PdfError):
    """Extraction took longer than the configured limit."""


_ERRORS = {cls.__name__: cls for cls in (PdfError, NoJavaError, ScannedPdfError,
                                         EncryptedPdfError, CorruptPdfError, PdfTooLargeError,
                                         PdfTimeoutError)}


def is_pdf(path: Path) -> bool:
    """PDF by its bytes, not its name: `%PDF-` at the start, or within the first KiB (as
    readers accept) of a file that is not text. A text that quotes `%PDF-` is text."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(1024)
    except OSError:
        return False
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"%PDF-"):
        return True
    return b"%PDF-" in head and not _decodes_as_text(head)


def _decodes_as_text(head: bytes) -> bool:
    """Does a file's first KiB read as text (UTF-8 or GB18030, no control bytes but layout)?
    The cut at 1 KiB may split a character: up to three trailing bytes are forgiven."""
    for encoding in ("utf-8", "gb18030"):
        for cut in range(4):
            try:
                text = head[: len(head) - cut].decode(encoding)
            except UnicodeDecodeError:
                continue
            return not any(ord(ch) < 32 and ch not in "\t\n\r\f" for ch in text)
    return False


def java_command() -> str | None:
    """The `java` that tabula-py would use: $JAVA_HOME/bin/java, else `java` on PATH."""
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


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
        raise _ERRORS.get(reply[1], PdfError)(reply[2])
    return [Line(no, page, text) for no, (page, text) in enumerate(reply[1], start=1)]


# ---- the worker process ---------------------------------------------------------------------

_LOCK = threading.Lock()
_WORKER: _Worker | None = None


class _Worker:
    """A child process that extracts one document at a time and keeps its JVM warm."""

    def __init__(self) -> None:
        method = _start_method()
        if method == "fork":
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
                     f"{path}: cannot read the PDF ({type(exc).__name__}: {_short(exc)})")
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


def _short(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or "no detail"


# ---- extraction (runs in the worker; callable directly too) ---------------------------------

@dataclass
class _Char:
    text: str
    x0: float
    top: float  # distances from the top of the page, like tabula's
    x1: float
    bottom: float
    size: float
    generated: bool  # a space or line break pdfium inferred from the layout

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class _Page:
    number: int
    width: float
    height: float
    chars: list[_Char]
    ruled: bool  # has vector paths: worth a lattice pass


@dataclass
class _Text:
    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    text: str
    # The line's position for measuring line steps: the median of its characters' vertical
    # centres (a digit's loose box is twice a CJK character's and moves `top`, not this).
    mid: float = 0.0


@dataclass
class _Row:
    page: int
    top: float
    text: str  # cells joined by tabs


def extract(path: Path, max_pages: int = DEFAULT_MAX_PAGES) -> list[tuple[int, str]]:
    """(page, text) for every line, in reading order."""
    pages = _read_pages(path, max_pages)
    without_text = [p.number for p in pages if not any(not c.generated for c in p.chars)]
    if len(without_text) * 2 >= len(pages):
        raise ScannedPdfError(f"{path}: no text layer on {len(without_text)} of {len(pages)} "
                              "pages — scanned document? OCR is not supported")
    tables = _tabula(path, [p.number for p in pages if p.ruled])
    rows: list[_Row] = []
    texts: list[_Text] = []
    carry = False  # the last page ended inside an unruled table
    for page in pages:
        found = tables.get(page.number, [])
        page_texts = _text_lines(page, [t.box for t in found])
        spans = []
        if carry and not found and (band := _continued_span(page_texts)):
            spans.append(band)  # an unruled table continued from the page before
        carry = False
        while span := _unruled_span(page_texts, [t.box for t in found], spans):
            spans.append(span[:2])
            carry = span[2]
        for top, bottom in spans:
            # No rulings: print the rows as layout text from the characters' positions; the
            # table parser reads that shape (columns from positions) as it reads pdftotext.
            page_texts = [t for t in page_texts if not top <= (t.top + t.bottom) / 2 <= bottom]
            rows += [_Row(page.number, y, text) for y, text in _layout_rows(page, top, bottom)]
        texts += page_texts
        for table in found:
            rows += [_Row(page.number, top, text) for top, text in _fill(table, page.chars)]
    sizes = {p.number: (round(p.width), round(p.height)) for p in pages}
    return _reading_order(texts, rows, sizes)


def _read_pages(path: Path, max_pages: int) -> list[_Page]:
    """Characters with their boxes and sizes, page by page (pypdfium2: fast, and faithful to
    the text layer: full-width punctuation stays full-width)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    _check_end_marker(path)
    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise EncryptedPdfError(f"{path}: encrypted PDF: it needs a password, which is not "
                                    "supported; save an unprotected copy") from None
        raise CorruptPdfError(f"{path}: not a readable PDF ({_short(exc)})") from None
    try:
        if len(doc) == 0:
            raise CorruptPdfError(f"{path}: the PDF has no pages")
        if len(doc) > max_pages:
            raise PdfTooLargeError(f"{path}: {len(doc)} pages, more than the limit of "
                                   f"{max_pages} (load(max_pages=…) or {MAX_PAGES_ENV})")
        pages = []
        box = pdfium_c.FS_RECTF()
        for i in range(len(doc)):
            page = doc[i]
            width, height = page.get_size()
            textpage = page.get_textpage()
            chars = []
            for k in range(textpage.count_chars()):
                code = pdfium_c.FPDFText_GetUnicode(textpage, k)
                if not code:
                    continue
                # The loose box spans advance × font height: level and gap-free along a line,
                # where glyph boxes (一 is a thin stroke, 、 sits low) are not.
                pdfium_c.FPDFText_GetLooseCharBox(textpage, k, box)
                chars.append(_Char(chr(code), box.left, height - box.top, box.right,
                                   height - box.bottom,
                                   type_size(pdfium_c.FPDFText_GetFontSize(textpage, k),
                                             box.top - box.bottom),
                                   bool(pdfium_c.FPDFText_IsGenerated(textpage, k))))
            ruled = next(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2),
                         None) is not None
            pages.append(_Page(i + 1, width, height, chars, ruled))
            textpage.close()
            page.close()
        return pages
    finally:
        doc.close()


def type_size(reported: float, box_height: float) -> float:
    """The type size of a character: the size the PDF reports unless the character's box
    contradicts it, else the box height. Some real PDFs report absurd sizes (300 for a 15 pt
    character) while the boxes are right; a loose box is 0.85–2 × the type size (a digit's
    box may be twice a CJK character's), so only a factor beyond 2.5 counts as absurd."""
    if box_height <= 0 or box_height / 2.5 <= reported <= box_height * 2.5:
        return reported
    return box_height


def _check_end_marker(path: Path) -> None:
    # A download cut short has no %%EOF; a lenient reader would still read its first pages
    # and the result would look complete.
    with open(path, "rb") as fh:
        fh.seek(0, os.SEEK_END)
        fh.seek(max(0, fh.tell() - 2048))
        if b"%%EOF" not in fh.read():
            raise CorruptPdfError(f"{path}: truncated or damaged PDF (no %%EOF end marker)")


def _tabula(path: Path, pages: list[int]) -> dict[int, list[_Table]]:
    """Ruled tables per page, as cell boxes (lattice mode). One tabula call per page: its JSON
    does not say which page a table is on. jpype keeps the JVM of the first call for all
    later ones."""
    if not pages:
        return {}
    if java_command() is None:
        raise NoJavaError(f"tabula-py needs a Java runtime: no `java` on PATH and no JAVA_HOME; "
                          f"{JAVA_INSTALL}")
    import tabula

    out: dict[int, list[_Table]] = {}
    for page in pages:
        found = tabula.read_pdf(str(path), pages=page, lattice=True, output_format="json",
                                silent=True)
        for raw in found:
            if not isinstance(raw, dict):  # json output: one dict per table
                continue
            table = _grid(raw)
            if table.rows:
                out.setdefault(page, []).append(table)
    return out


Box = tuple[float, float, float, float]  # x0, top, x1, bottom


@dataclass
class _Table:
    box: Box
    rows: list[list[Box | None]]  # the grid: a cell's box where text may be, None elsewhere


def _grid(raw: dict) -> _Table:
    """Lattice cells → a full grid. tabula lists a merged cell once and moves its
    placeholders to the row's end, so cells are placed by their position, not their index;
    a merged cell sits at its top-left position, the positions it covers stay empty."""
    box = (raw["left"], raw["top"], raw["right"], raw["bottom"])
    cells = [c for row in raw["data"] for c in row if c["width"] > 0 and c["height"] > 0]
    if not cells:
        return _Table(box, [])
    cols = _merge_close(sorted({v for c in cells for v in (c["left"], c["left"] + c["width"])}))
    tops = _merge_close(sorted({c["top"] for c in cells}))
    rows: list[list[Box | None]] = [[None] * (len(cols) - 1) for _ in tops]
    for c in cells:
        k = _nearest(cols, c["left"])
        if k < len(cols) - 1:
            rows[_nearest(tops, c["top"])][k] = (c["left"], c["top"], c["left"] + c["width"],
                                                 c["top"] + c["height"])
    return _Table(box, rows)


def _merge_close(values: list[float], tol: float = 1.5) -> list[float]:
    out: list[float] = []
    for v in values:
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _nearest(edges: list[float], v: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - v))


def _fill(table: _Table, chars: list[_Char]) -> list[tuple[float, str]]:
    """Each row as (top, tab-separated text). The text is read from the page's characters
    inside each cell box, not from tabula, which folds full-width punctuation to ASCII
    (（境） → (境)) and would make the PDF route disagree with the text route."""
    x0, top, x1, bottom = table.box
    inside = sorted((c.cy, i, c) for i, c in enumerate(chars) if c.text not in "\r\n"
                    and x0 - 1 <= c.cx <= x1 + 1 and top - 1 <= c.cy <= bottom + 1)
    centres = [cy for cy, _, _ in inside]
    out = []
    for row in table.rows:
        boxes = [c for c in row if c]
        lo = bisect.bisect_left(centres, min(b[1] for b in boxes))
        hi = bisect.bisect_right(centres, max(b[3] for b in boxes))
        band = [c for _, _, c in sorted(inside[lo:hi], key=lambda t: t[1])]  # content order
        texts = []
        for cell in row:
            if cell is None:
                texts.append("")
                continue
            mine = [c for c in band if cell[0] <= c.cx <= cell[2] and cell[1] <= c.cy <= cell[3]]
            texts.append(_join([t.text for t in _lines(mine)]))
        if any(texts):
            out.append((min(c[1] for c in row if c), "\t".join(texts)))
    return out


def _lines(chars: list[_Char]) -> list[_Text]:
    """Characters in content order → lines: a new line at a line break pdfium inferred or
    where the text drops below the current line."""
    out: list[_Text] = []
    current: list[_Char] = []

    def close() -> None:
        solid = [c for c in current if not c.text.isspace()]
        text = "".join(c.text for c in current).strip()
        if solid and text:
            out.append(_Text(0, min(c.top for c in solid), max(c.bottom for c in solid),
                             min(c.x0 for c in solid), max(c.x1 for c in solid),
                             statistics.median(c.size for c in solid), text,
                             statistics.median((c.top + c.bottom) / 2 for c in solid)))
        current.clear()

    for c in chars:
        if c.text in "\r\n":
            close()
            continue
        solid = [k for k in current if not k.text.isspace()]
        if solid and not c.text.isspace() and c.cy > max(k.bottom for k in solid[-3:]):
            close()
        current.append(c)
    close()
    return out


def _join(parts: list[str]) -> str:
    """Join wrapped pieces: directly, except between two ASCII words (a space was the break)."""
    out = ""
    for p in parts:
        if out and out[-1].isascii() and out[-1].isalnum() and p[0].isascii() and p[0].isalnum():
            out += " "
        out += p
    return out


def _text_lines(page: _Page, boxes: list[Box]) -> list[_Text]:
    """Text lines outside the tables, without page numbers in the top/bottom margins."""
    outside = [c for c in page.chars if c.text in "\r\n" or not any(
        x0 - 1 <= c.cx <= x1 + 1 and y0 - 1 <= c.cy <= y1 + 1 for x0, y0, x1, y1 in boxes)]
    lines = []
    for ln in _lines(outside):
        in_margin = (ln.top > page.height * (1 - _MARGIN_BAND)
                     or ln.bottom < page.height * _MARGIN_BAND)
        if in_margin and _PAGE_NUMBER.match(ln.text):
            continue
        ln.page = page.number
        lines.append(ln)
    return sorted(lines, key=lambda t: t.top)


def _unruled_span(texts: list[_Text], boxes: list[Box],
                  taken: list[tuple[float, float]]) -> tuple[float, float, bool] | None:
    """(top, bottom, runs to the page end) of a table printed without rulings, or None: under
    a table title and its 部门/公开NN表/金额单位 lines, with no ruled table below it on the
    page and rows of amounts (or, empty, the headings of a table) instead; it ends before a
    note (注), the next title or with the page. (A contents entry has no meta lines under it;
    a title at the foot of a page has its table on the next one.)"""
    from .tables import match_title

    for k, t in enumerate(texts):
        if (not match_title(t.text) or any(y0 >= t.bottom - 1 for _, y0, _, _ in boxes)
                or any(top <= t.bottom <= bottom + 1 for top, bottom in taken)
                or any(top >= t.bottom for top, _ in taken)):
            continue
        rest = texts[k + 1:]
        meta = 0
        while meta < len(rest) and _META_LINE.search(rest[meta].text):
            meta += 1
        if meta == 0:
            continue
        body, open_end = _body(rest[meta:])
        if any(len(_AMOUNT_TOKEN.findall(line.text)) >= 2 or _TABLE_HEADING.search(line.text)
               for line in body):
            return rest[meta - 1].bottom + 0.1, body[-1].bottom, open_end
    return None


def _continued_span(texts: list[_Text]) -> tuple[float, float] | None:
    """The rows at the top of a page that continue an unruled table from the page before."""
    body, _ = _body(texts)
    # Its rows come first, under the repeated headings if the page repeats them.
    if body and any(_AMOUNT_TOKEN.search(line.text) for line in body[:12]):
        return body[0].top - 0.1, body[-1].bottom
    return None


def _body(texts: list[_Text]) -> tuple[list[_Text], bool]:
    """Lines up to a note (注) or the next table title; and whether they run to the end."""
    from .tables import match_title

    for i, line in enumerate(texts):
        if match_title(line.text) or re.match(r"^注\s*[:：0-9]", line.text):
            return texts[:i], False
    return texts, True


def _layout_rows(page: _Page, top: float, bottom: float) -> list[tuple[float, str]]:
    """Characters between `top` and `bottom` as lines of layout text: each glyph at the
    column its x position gives, a CJK glyph two columns wide, as pdftotext -layout prints."""
    chars = sorted((c for c in page.chars if not c.generated and not c.text.isspace()
                    and top <= c.cy <= bottom), key=lambda c: (c.cy, c.x0))
    if not chars:
        return []
    wide = [c.x1 - c.x0 for c in chars if unicodedata.east_asian_width(c.text) in ("W", "F")]
    unit = (statistics.median(wide) / 2) if wide else statistics.median(
        c.x1 - c.x0 for c in chars)
    rows: list[list[_Char]] = []
    for c in chars:  # a row: glyphs whose centres lie within half a glyph height
        if rows and abs(c.cy - statistics.median(k.cy for k in rows[-1])) <= c.size * 0.5:
            rows[-1].append(c)
        else:
            rows.append([c])
    out = []
    for row in rows:
        line, prev = "", None
        for c in sorted(row, key=lambda c: c.x0):
            gap = c.x0 - prev.x1 if prev else None
            if gap is not None and gap < unit * 0.6:  # the same word: glyph widths vary
                line += c.text
            else:
                # A word gap is one space; a gap of a glyph or more separates cells (two+).
                least = display_width(line) + (0 if prev is None else 1 if gap < unit * 1.5
                                               else 2)
                col = max(round(c.x0 / unit), least)
                line += " " * (col - display_width(line)) + c.text
            prev = c
        out.append((min(c.top for c in row), line.rstrip()))
    return out


_TABLE_HEADING = re.compile(r"栏次|科目代码|科目名称")
_META_LINE = re.compile(r"部门\s*[:：]|公开\s*\d+\s*表|单位\s*[:：]")
_AMOUNT_TOKEN = re.compile(r"(?<![\d.])\d(?:[\d,]|, )*\. ?\d{2}(?![\d.])")  # "22, 393. 85" too


def _reading_order(texts: list[_Text], rows: list[_Row],
                   sizes: dict[int, tuple[int, int]]) -> list[tuple[int, str]]:
    """Texts and table rows page by page, top to bottom; paragraphs joined across lines."""
    items: list[_Text | _Row] = sorted([*texts, *rows], key=lambda i: (i.page, i.top))
    geometry = _geometry(texts, sizes)
    out: list[tuple[int, str]] = []
    prev: _Text | None = None
    for item in items:
        if isinstance(item, _Row):
            out.append((item.page, item.text))
            prev = None
            continue
        if prev is not None and _continues(prev, item, geometry):
            page, text = out[-1]
            out[-1] = (page, _join([text, item.text]))
        else:
            out.append((item.page, item.text))
        prev = item
    return out


def _geometry(texts: list[_Text], sizes: dict[int, tuple[int, int]]) -> dict[int, _Block]:
    """Per page: the text block's left and right edges and the line pitch of each type size,
    measured over all pages of the same size (portrait and landscape pages differ)."""
    out: dict[int, _Block] = {}
    for size_class in set(sizes.values()):
        pages = {p for p, s in sizes.items() if s == size_class}
        group = [t for t in texts if t.page in pages]
        if not group:
            continue
        left = Counter(round(t.x0) for t in group).most_common(1)[0][0]
        body = statistics.median(t.size for t in group)
        right = max((t.x1 for t in group if abs(t.x0 - left) <= 3 * body), default=0.0)
        block = _Block(left, right, {})
        steps: dict[int, list[float]] = {}
        for a, b in zip(group, group[1:], strict=False):
            # Only steps that could be a wrap count: a full line, then a line at the left
            # edge in the same type size. Wraps outnumber paragraph breaks among them, so
            # their median is the line pitch (the smallest step may be two lines set closer,
            # as a heading over its first line; paragraph spacing makes the larger ones).
            step = b.mid - a.mid
            if a.page == b.page and _wraps_shape(a, b, block) and 0 < step < 3 * a.size:
                steps.setdefault(round(a.size), []).append(step)
        block.pitch = {size: statistics.median(s) for size, s in steps.items()}
        out.update({p: block for p in pages})
    return out


@dataclass
class _Block:
    left: float
    right: float
    pitch: dict[int, float]  # median line-to-line step by rounded type size


def _wraps_shape(prev: _Text, cur: _Text, block: _Block) -> bool:
    """Could `cur` be `prev` wrapped: same type size, `prev` flowing text that reaches the
    right edge, `cur` starting at the left edge?"""
    size = cur.size
    if abs(prev.size - cur.size) > 0.5 or abs(cur.x0 - block.left) > size * 0.5:
        return False  # other type size, or indented/centred: a new paragraph
    if not (block.left - size * 0.5 <= prev.x0 <= block.left + size * 3):
        return False  # prev is centred or right-aligned, not flowing text
    return prev.x1 >= block.right - size * 6  # short of the right edge: its paragraph ended


def _continues(prev: _Text, cur: _Text, geometry) -> bool:
    """Is `cur` the wrapped continuation of `prev`'s paragraph?"""
    block = geometry[cur.page]
    size = cur.size
    if not _wraps_shape(prev, cur, block):
        return False
    if cur.page == prev.page:
        pitch = block.pitch.get(round(size), size * 1.5)
        # A step beyond the pitch by a fifth of the type size is paragraph spacing.
        return cur.mid - prev.mid <= pitch + size * 0.2
    return cur.page == prev.page + 1
