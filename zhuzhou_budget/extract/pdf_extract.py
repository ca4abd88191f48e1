"""PDF → (page, text) lines: the text layer (pypdfium2), ruled tables (tabula lattice), tables
drawn without rulings printed as layout text, page numbers dropped, paragraphs reflowed. Runs
in the worker process of pdf.py; callable directly too."""

from __future__ import annotations

import bisect
import contextlib
import os
import re
import statistics
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .lines import display_width
from .pdf_base import (
    DEFAULT_MAX_PAGES,
    JAVA_INSTALL,
    MARGIN_BAND,
    MAX_PAGES_ENV,
    PAGE_NUMBER,
    CorruptPdfError,
    EncryptedPdfError,
    NoJavaError,
    PdfTooLargeError,
    ScannedPdfError,
    java_command,
    short_reason,
)
from .pdf_layout import PdfChar, PdfPage, TableRow, TextLine, join_wrapped, reading_order
from .titles import match_title


def extract(path: Path, max_pages: int = DEFAULT_MAX_PAGES) -> list[tuple[int, str]]:
    """(page, text) for every line, in reading order."""
    # The JVM starts (once per process, ~1–2 s cold) while pdfium reads the pages.
    if java_command() is not None and not JVM.started:
        threading.Thread(target=JVM.warm, name="zhuzhou-budget-jvm", daemon=True).start()
    pages = read_pages(path, max_pages)
    without_text = [p.number for p in pages if not any(not c.generated for c in p.chars)]
    if len(without_text) * 2 >= len(pages):
        raise ScannedPdfError(f"{path}: no text layer on {len(without_text)} of {len(pages)} "
                              "pages — scanned document? OCR is not supported")
    tables = tabula_tables(path, [p.number for p in pages if p.ruled])
    rows: list[TableRow] = []
    texts: list[TextLine] = []
    carry = False  # the last page ended inside an unruled table
    ended_in: _Table | None = None  # the ruled table the last page ended with
    for page in pages:
        found = [t for t in tables.get(page.number, []) if drawn(t.box, page.ink)]
        page_texts = _text_lines(page, [t.box for t in found])
        # A ruled table at the top of a page, under no text, continues the table the page
        # before ended with: its cells go onto that table's columns, whatever grid its own
        # rulings draw (a code printed in 类|款|项 on the first page and in one cell after).
        onto = {}
        words = [t for t in page_texts if not PAGE_NUMBER.match(t.text)]
        if ended_in is not None and found:
            first = min(found, key=lambda t: t.box[1])
            if not any(t.bottom <= first.box[1] + 1 for t in words):
                onto[id(first)] = ended_in.edges
        last = max(found, key=lambda t: t.box[3], default=None)
        ended_in = last if last is not None and not any(
            t.top >= last.box[3] - 1 for t in words) else None
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
            rows += [TableRow(page.number, y, text) for y, text in _layout_rows(page, top, bottom)]
        texts += page_texts
        for table in found:
            rows += [TableRow(page.number, top, text)
                     for top, text in _fill(table, page.chars, onto.get(id(table)))]
    sizes = {p.number: (round(p.width), round(p.height)) for p in pages}
    return reading_order(texts, rows, sizes)


def read_pages(path: Path, max_pages: int) -> list[PdfPage]:
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
        raise CorruptPdfError(f"{path}: not a readable PDF ({short_reason(exc)})") from None
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
                chars.append(PdfChar(chr(code), box.left, height - box.top, box.right,
                                   height - box.bottom,
                                   type_size(pdfium_c.FPDFText_GetFontSize(textpage, k),
                                             box.top - box.bottom),
                                   bool(pdfium_c.FPDFText_IsGenerated(textpage, k))))
            ink: list[Box] | None = []
            for o in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2):
                if not inked(o.raw) or ink is None:
                    continue
                if o.level > 0:
                    ink = None  # inside a form: its box is not in page space
                    continue
                left, low, right, high = o.get_bounds()
                ink.append((left, height - high, right, height - low))
            pages.append(PdfPage(i + 1, width, height, chars, ink))
            textpage.close()
            page.close()
        return pages
    finally:
        doc.close()


def inked(path_object: object) -> bool:
    """Does a path object leave ink on the page: stroked, or filled, in a colour that is not
    the paper's white? Word processors draw white boxes behind runs of text (a shading or
    frame with no colour); they are invisible, yet tabula's lattice takes their edges for
    rulings and cuts the text into one-row "tables" of cells, splitting `1935.36` at a box
    edge. A page is worth a lattice pass only if some ruling can be seen."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(path_object, fill, stroke):
        return True  # unknown: keep the page's lattice pass, as before
    rgba = [ctypes.c_uint() for _ in range(4)]
    for drawn, colour in ((stroke.value, pdfium_c.FPDFPageObj_GetStrokeColor),
                          (fill.value, pdfium_c.FPDFPageObj_GetFillColor)):
        if not drawn:
            continue
        if not colour(path_object, *rgba):
            return True
        r, g, b, a = (v.value for v in rgba)
        if a > 0 and min(r, g, b) < _PAPER:
            return True
    return False


_PAPER = 250  # a colour whose channels are all at least this is the white of the paper


def drawn(box: Box, ink: list[Box] | None, tol: float = 2.0) -> bool:
    """Is a lattice table's top or bottom edge drawn in ink? tabula takes the edges of every
    path for rulings, white boxes behind the text too; on a page that also has ink (a
    header rule, a page frame, a real table) those boxes still come back as one-row
    "tables" cutting a paragraph into cells. An edge is drawn when inked paths run along
    it over at least half its width, pieced together (a ruling is often drawn cell by
    cell): thin paths (lines, or bars filled as lines) lying on it, and boxes (a frame, a
    cell, a grid drawn as one path) whose top or bottom edge it is. With no record of the
    ink (None) every table counts as drawn."""
    if ink is None:
        return True
    x0, top, x1, bottom = box
    for y in (top, bottom):
        spans = sorted((max(x0, ix0), min(x1, ix1)) for ix0, itop, ix1, ibottom in ink
                       if ix1 > x0 and ix0 < x1
                       and (abs(itop - y) <= tol or abs(ibottom - y) <= tol
                            or (ibottom - itop <= tol and itop - tol <= y <= ibottom + tol)))
        covered, reach = 0.0, x0
        for a, b in spans:
            if b > reach:
                covered += b - max(a, reach)
                reach = b
        if covered >= (x1 - x0) / 2:
            return True
    return False


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


def tabula_tables(path: Path, pages: list[int]) -> dict[int, list[_Table]]:
    """Ruled tables per page, as cell boxes (tabula's lattice mode). The document is opened
    once and its pages read in one pass (`_lattice_pages`); without jpype, tabula-py's own
    call is made page by page, since its JSON does not say which page a table is on."""
    if not pages:
        return {}
    if java_command() is None:
        raise NoJavaError(f"tabula-py needs a Java runtime: no `java` on PATH and no JAVA_HOME; "
                          f"{JAVA_INSTALL}")
    found = _lattice_pages(path, pages)
    if found is None:  # no jpype here: tabula-py's call per page (a Java subprocess each)
        import tabula

        found = {}
        for page in pages:
            read = tabula.read_pdf(str(path), pages=page, lattice=True,
                                   output_format="json", silent=True)
            found[page] = [raw for raw in read  # type: ignore[misc]  # json: dicts
                           if isinstance(raw, dict)]
    out: dict[int, list[_Table]] = {}
    for page in pages:
        tables = [t for t in (_grid(raw) for raw in found.get(page, [])) if t.rows]
        # A frame ruled around a table (its title and unit lines inside) comes back as a
        # second table holding the first: every row would be read twice. The inner one is
        # the table; the frame's other text is read as the page's text.
        tables = [t for t in tables if not any(u is not t and _holds(t.box, u.box)
                                               for u in tables)]
        # Some PDFs draw each ruling twice: the same table comes back twice. Read it once.
        tables = [t for k, t in enumerate(tables)
                  if not any(_same_box(u.box, t.box) for u in tables[:k])]
        if tables:
            out[page] = tables
    return out


def _same_box(a: Box, b: Box, tol: float = 2.0) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a, b, strict=True))


def _holds(outer: Box, inner: Box, tol: float = 2.0) -> bool:
    """Does `outer` enclose `inner` (and is larger)?"""
    return (outer[0] - tol <= inner[0] and outer[1] - tol <= inner[1]
            and inner[2] <= outer[2] + tol and inner[3] <= outer[3] + tol
            and not _same_box(outer, inner, tol))


def _lattice_pages(path: Path, pages: list[int]) -> dict[int, list[dict]] | None:
    """What `tabula.read_pdf(lattice=True, output_format="json")` gives for each page, in one
    pass over the document: tabula-java's lattice mode is its SpreadsheetExtractionAlgorithm
    on each page, which this runs on the pages of one ObjectExtractor (3–4 × faster than a
    read_pdf call per page, which re-opens and re-parses the document each time). The tables
    come back in tabula's JSON shape, with their page. None where jpype is not available."""
    if not JVM.start():
        return None
    from java.io import File  # jpype's import hook
    from java.lang import Integer
    from java.util import ArrayList
    from org.apache.pdfbox.pdmodel import PDDocument
    from technology.tabula import ObjectExtractor
    from technology.tabula.extractors import (
        SpreadsheetExtractionAlgorithm,
    )

    wanted = ArrayList()
    for page in pages:
        wanted.add(Integer(page))
    doc = PDDocument.load(File(str(path)))
    try:
        lattice = SpreadsheetExtractionAlgorithm()
        out: dict[int, list[dict]] = {}
        pages_of = ObjectExtractor(doc).extract(wanted)
        while pages_of.hasNext():
            page = pages_of.next()
            out[int(page.getPageNumber())] = [{
                "left": float(t.getLeft()), "top": float(t.getTop()),
                "right": float(t.getRight()), "bottom": float(t.getBottom()),
                "data": [[{"left": float(c.getLeft()), "top": float(c.getTop()),
                           "width": float(c.getWidth()), "height": float(c.getHeight())}
                          for c in row] for row in t.getRows()],
            } for t in lattice.extract(page)]
        return out
    finally:
        doc.close()


# tabula's JVM reads one document at a time, page after page, and is short-lived: the client
# compiler only (-XX:TieredStopAtLevel=1) starts it in ~1 s instead of ~2.8 s and reads the
# Shanghai PDF's tables several times faster; the serial collector in a bounded heap keeps a
# 150-page document under 500 MB (the default G1 heap grew to 670 MB) and is quicker on two
# cores. Measured in benchmarks/README.md (2026-12-06).
JAVA_OPTIONS = ["-Dfile.encoding=UTF8", "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1"]


class _Jvm:
    """tabula's JVM in this process, started once (from any thread; callers wait for it)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.started = False
        self.in_process = False

    def warm(self) -> None:
        """Start it in the background; a failure is reported by the call that needs it."""
        with contextlib.suppress(Exception):
            self.start()

    def start(self) -> bool:
        """Start it if need be; True when jpype runs tabula-java in this process."""
        with self._lock:
            if not self.started:
                self.in_process = _start_jpype()
                if not self.in_process:  # tabula-py's own VM (it falls back to a subprocess)
                    import tabula.io
                    from tabula.backend import TabulaVm

                    if tabula.io._tabula_vm is None:
                        tabula.io._tabula_vm = TabulaVm(java_options=JAVA_OPTIONS, silent=True)
                self.started = True
            return self.in_process


def _tabula_jar() -> str | None:
    """tabula-py's bundled tabula-java jar (or $TABULA_JAR, as tabula-py reads it), found
    without importing tabula-py (which imports pandas: ~0.4 s before the JVM could start)."""
    if os.environ.get("TABULA_JAR"):
        return os.environ["TABULA_JAR"]
    import glob
    import importlib.util

    spec = importlib.util.find_spec("tabula")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        jars = sorted(glob.glob(os.path.join(folder, "tabula-*-jar-with-dependencies.jar")))
        if jars:
            return jars[-1]
    return None


def _start_jpype() -> bool:
    """Start the JVM with tabula-java on its class path through jpype directly, as tabula-py's
    TabulaVm does (same options, its `silent` logging switches); False without jpype or the
    jar (tabula-py then decides)."""
    try:
        import jpype
        import jpype.imports  # noqa: F401  (the `from technology.tabula import …` hook)
    except ImportError:
        return False
    if not jpype.isJVMStarted():
        jar = _tabula_jar()
        if jar is None:
            return False
        jpype.addClassPath(jar)
        jpype.startJVM(*JAVA_OPTIONS, "-Dorg.slf4j.simpleLogger.defaultLogLevel=off",
                       "-Dorg.apache.commons.logging.Log=org.apache.commons.logging.impl.NoOpLog",
                       convertStrings=False)
    try:
        import technology.tabula  # noqa: F401
    except ImportError:
        return False
    return True


JVM = _Jvm()

Box = tuple[float, float, float, float]  # x0, top, x1, bottom


@dataclass
class _Table:
    box: Box
    rows: list[list[Box | None]]  # the grid: a cell's box where text may be, None elsewhere
    edges: list[float] = field(default_factory=list)  # the grid's column edges, left to right


def _grid(raw: dict) -> _Table:
    """Lattice cells → a full grid. tabula lists a merged cell once and moves its
    placeholders to the row's end, so cells are placed by their position, not their index;
    a merged cell sits at its top-left position, the positions it covers stay empty."""
    box = (raw["left"], raw["top"], raw["right"], raw["bottom"])
    cells = [c for row in raw["data"] for c in row if c["width"] > 0 and c["height"] > 0]
    # A cell that encloses other cells is a frame ruled around the table (the page border
    # with the title and 单位 lines inside), not a cell: its text would be read as one row
    # holding the whole page. The table is the cells inside; the frame's text is page text.
    boxes = [(c["left"], c["top"], c["left"] + c["width"], c["top"] + c["height"])
             for c in cells]
    frames = {k for k, b in enumerate(boxes)
              if sum(_holds(b, o) for j, o in enumerate(boxes) if j != k) >= 2}
    if frames and len(frames) < len(cells):
        cells = [c for k, c in enumerate(cells) if k not in frames]
        kept = [b for k, b in enumerate(boxes) if k not in frames]
        box = (min(b[0] for b in kept), min(b[1] for b in kept), max(b[2] for b in kept),
               max(b[3] for b in kept))
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
    return _Table(box, rows, cols)


def _merge_close(values: list[float], tol: float = 1.5) -> list[float]:
    out: list[float] = []
    for v in values:
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _nearest(edges: list[float], v: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - v))


def _fill(table: _Table, chars: list[PdfChar], onto: list[float] | None = None
          ) -> list[tuple[float, str]]:
    """Each row as (top, tab-separated text). The text is read from the page's characters
    inside each cell box, not from tabula, which folds full-width punctuation to ASCII
    (（境） → (境)) and would make the PDF route disagree with the text route. With `onto`
    (the column edges of the table this one continues) cells are placed on those columns."""
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
            texts.append(join_wrapped([t.text for t in _lines(mine)]))
        if onto and (placed := _onto_columns(row, texts, onto)) is not None:
            texts = placed
        if any(texts):
            out.append((min(c[1] for c in row if c), "\t".join(texts)))
    return out


def _onto_columns(row: list[Box | None], texts: list[str], edges: list[float]
                  ) -> list[str] | None:
    """A continuation row's texts on the columns of the table it continues (by x-position):
    a cell goes to the column it covers; a cell covering several (one code cell over 类|款|项)
    to the first of them for text, the last for a number (numbers sit right-aligned). None
    when two cells would land in one column: the grids do not correspond."""
    spans = list(zip(edges, edges[1:], strict=False))
    out = [""] * len(spans)
    taken: set[int] = set()
    for box, text in zip(row, texts, strict=True):
        if box is None or not text:
            continue
        covered = [j for j, (a, b) in enumerate(spans)
                   if min(box[2], b) - max(box[0], a) >= (b - a) / 2]
        if covered:
            j = covered[-1] if _AMOUNT_TOKEN.fullmatch(text.replace(",", "")) else covered[0]
        else:
            centre = (box[0] + box[2]) / 2
            j = min(range(len(spans)), key=lambda k: abs((spans[k][0] + spans[k][1]) / 2 - centre))
        if j in taken:
            return None
        taken.add(j)
        out[j] = text
    return out


def _lines(chars: list[PdfChar]) -> list[TextLine]:
    """Characters in content order → lines: a new line at a line break pdfium inferred or
    where the text drops below the current line."""
    out: list[TextLine] = []
    current: list[PdfChar] = []

    def close() -> None:
        solid = [c for c in current if not c.text.isspace()]
        text = _seen_text(current).strip()
        if solid and text:
            out.append(TextLine(0, min(c.top for c in solid), max(c.bottom for c in solid),
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




def _seen_text(chars: list[PdfChar]) -> str:
    """A line's text without the spaces pdfium inferred where a reader sees none: a gap no
    wider than the line's letter spacing. pdfium infers a space from a gap between two text
    objects; in letter-spaced, justified text every gap is wide, and a run that ends inside
    a number (a box, a font change) read `1935. 36`. The typical gap is the median between
    neighbouring glyphs of the line (their loose boxes span the advance), and a space counts
    when its gap exceeds it by a tenth of a glyph's advance: the quarter-em set between
    Chinese and a number (`纳入 2026 年`) stays."""
    solid = [k for k, c in enumerate(chars) if not c.text.isspace()]
    is_solid = set(solid)
    gaps = [chars[b].x0 - chars[a].x1 for a, b in zip(solid, solid[1:], strict=False)
            if b == a + 1]
    if not gaps:
        return "".join(c.text for c in chars)
    typical = statistics.median(gaps)
    slack = 0.1 * statistics.median(chars[k].x1 - chars[k].x0 for k in solid)
    out = []
    for k, c in enumerate(chars):
        if c.generated and c.text == " ":
            before = next((chars[j] for j in reversed(range(k)) if j in is_solid), None)
            after = next((chars[j] for j in range(k + 1, len(chars)) if j in is_solid), None)
            if before is not None and after is not None and \
                    after.x0 - before.x1 <= typical + slack:
                continue
        out.append(c.text)
    return "".join(out)


def _text_lines(page: PdfPage, boxes: list[Box]) -> list[TextLine]:
    """Text lines outside the tables, without page numbers in the top/bottom margins."""
    outside = [c for c in page.chars if c.text in "\r\n" or not any(
        x0 - 1 <= c.cx <= x1 + 1 and y0 - 1 <= c.cy <= y1 + 1 for x0, y0, x1, y1 in boxes)]
    lines = []
    for ln in _lines(outside):
        in_margin = (ln.top > page.height * (1 - MARGIN_BAND)
                     or ln.bottom < page.height * MARGIN_BAND)
        if in_margin and PAGE_NUMBER.match(ln.text):
            continue
        ln.page = page.number
        lines.append(ln)
    return sorted(lines, key=lambda t: t.top)


def _unruled_span(texts: list[TextLine], boxes: list[Box],
                  taken: list[tuple[float, float]]) -> tuple[float, float, bool] | None:
    """(top, bottom, runs to the page end) of a table printed without rulings, or None: under
    a table title and its 部门/公开NN表/金额单位 lines, with no ruled table below it on the
    page and rows of amounts (or, empty, the headings of a table) instead; it ends before a
    note (注), the next title or with the page. (A contents entry has no meta lines under it;
    a title at the foot of a page has its table on the next one.)"""
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


def _continued_span(texts: list[TextLine]) -> tuple[float, float] | None:
    """The rows at the top of a page that continue an unruled table from the page before."""
    body, _ = _body(texts)
    # Its rows come first, under the repeated headings if the page repeats them.
    if body and any(_AMOUNT_TOKEN.search(line.text) for line in body[:12]):
        return body[0].top - 0.1, body[-1].bottom
    return None


def _body(texts: list[TextLine]) -> tuple[list[TextLine], bool]:
    """Lines up to a note (注) or the next table title; and whether they run to the end."""
    for i, line in enumerate(texts):
        if match_title(line.text) or re.match(r"^注\s*[:：0-9]", line.text):
            return texts[:i], False
    return texts, True


def _layout_rows(page: PdfPage, top: float, bottom: float) -> list[tuple[float, str]]:
    """Characters between `top` and `bottom` as lines of layout text: each glyph at the
    column its x position gives, a CJK glyph two columns wide, as pdftotext -layout prints."""
    chars = sorted((c for c in page.chars if not c.generated and not c.text.isspace()
                    and top <= c.cy <= bottom), key=lambda c: (c.cy, c.x0))
    if not chars:
        return []
    wide = [c.x1 - c.x0 for c in chars if unicodedata.east_asian_width(c.text) in ("W", "F")]
    unit = (statistics.median(wide) / 2) if wide else statistics.median(
        c.x1 - c.x0 for c in chars)
    rows: list[list[PdfChar]] = []
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
