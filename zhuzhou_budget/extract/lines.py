"""Read a disclosure's text and cut its lines into positioned cells.

Two shapes reach us: (a) tab-separated exports, where a cell's position is its tab index, and
(b) layout text from pdftotext/pdfplumber, where cells are runs separated by two or more spaces
and a cell's position is its display column (CJK characters are two columns wide).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..errors import DisclosureError
from .numbers import normalize


@dataclass(frozen=True)
class Line:
    no: int  # 1-based line number in the source file
    page: int  # 1-based page (form feeds); 1 for files without pages
    text: str  # the line as written, form feed removed

    @property
    def tabbed(self) -> bool:
        return "\t" in self.text


@dataclass(frozen=True)
class Cell:
    text: str
    x0: float
    x1: float

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2

    @cached_property
    def norm(self) -> str:
        """Text for matching: NFKC, no whitespace."""
        return squeeze_spaces(normalize(self.text))


def read_lines(path: Path) -> list[Line]:
    """Decode a text file (UTF-8, UTF-8 with BOM, or GB18030) into numbered lines."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DisclosureError(f"{path}: cannot read file ({exc.strerror or exc})") from None
    return lines_of(data, path)


def lines_of(data: bytes, path: Path) -> list[Line]:
    """The lines of the text file `path` whose bytes are `data` (`read_lines` without the
    read: load() has the bytes, read once for the lines and the digest)."""
    if not data.strip():
        raise DisclosureError(f"{path}: file is empty")
    # UTF-16 with its BOM is what Windows editors save as "Unicode": text, not binary.
    utf16 = data[:2] in (b"\xff\xfe", b"\xfe\xff") and data[:4] != b"\xff\xfe\x00\x00"
    if b"\x00" in data[:4096] and not utf16:
        raise DisclosureError(f"{path}: binary file, not a text disclosure (PDF input needs "
                              "the PDF route)")
    for encoding in ("utf-16",) if utf16 else ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # gb18030 decodes nearly anything; a UTF-16 file may be cut mid-character
        raise DisclosureError(f"{path}: not UTF-8, UTF-16 or GB18030 text")
    # Not str.splitlines(): it also breaks at form feeds, and the page count would be lost.
    if "\r" in text:
        raws = re.split(r"\r\n|\n|\r", re.sub(r"(\r\n|\n|\r)\Z", "", text))
    else:  # newlines only: the same pieces by str.split, the last newline dropped first
        raws = (text[:-1] if text.endswith("\n") else text).split("\n")
    if "\f" not in text:  # one page: each piece a line as it is (no \r is left in one)
        return [_new_line(no, 1, raw) for no, raw in enumerate(raws, start=1)]
    lines: list[Line] = []
    page = 1
    for raw in raws:
        if "\f" in raw:
            # "\f".join(page texts) without a newline glues a page's first line to the
            # previous page's last: a form feed between text on both sides starts a new line
            # on the next page (and counts as a line break in the numbering). A form feed at
            # the start or end of a line (pdftotext) only turns the page.
            pieces = raw.split("\f")
            head = pieces[0]
            for piece in pieces[1:]:
                if head.strip() and piece.strip():
                    lines.append(Line(len(lines) + 1, page, head.rstrip("\r")))
                    head = ""
                page += 1
                head += piece
            raw = head
        lines.append(_new_line(len(lines) + 1, page, raw.rstrip("\r")))
    return lines


def _new_line(no: int, page: int, text: str) -> Line:
    """Line(no, page, text), made without the frozen dataclass's __init__ (which sets each
    field through object.__setattr__): a document's every line is made here. The same
    object: its fields in its __dict__ (tests/test_extract_prefilters.py)."""
    line = _NEW(Line)
    fields = line.__dict__
    fields["no"], fields["page"], fields["text"] = no, page, text
    return line


_NEW = object.__new__


def _new_cell(text: str, x0: float, x1: float) -> Cell:
    """Cell(text, x0, x1), made as `_new_line` makes a line: every cell of a tab table's
    lines is made here (the same object: tests/test_p26_load_rows.py)."""
    cell = _NEW(Cell)
    fields = cell.__dict__
    fields["text"], fields["x0"], fields["x1"] = text, x0, x1
    return cell


@functools.lru_cache(maxsize=4096)
def squeeze_spaces(text: str) -> str:
    """The text without its whitespace (a printed label as the patterns and the checks read
    it; cached: a document's labels are read again and again, each a regex substitution)."""
    return _SPACES.sub("", text)


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


# A number as printed, with the stray spaces some exports put after "," and ".".
NUMBER_RE = r"[-(（]?\d{1,3}(?:[,，] ?\d{3})+(?:[.．] ?\d+)?[)）]?|[-(（]?\d+(?:[.．] ?\d+)?[)）]?"
_SPACES = re.compile(r"\s+")
_PIECE = re.compile(rf"(?:(?<=\s)|^)(?:{NUMBER_RE})(?=\s|$)")


def split_cells(line: Line) -> list[Cell]:
    """Cells of a line with their horizontal extents.

    Tabs: cell i spans [i, i+1), empty cells kept (their index is their column).
    Layout text: runs separated by 2+ spaces, further split where a number stands apart from
    its neighbours by single spaces ("208 社会保障和就业支出", "1,915.52 1,915.52").
    Empty cells are dropped: a blank is visible only as a gap.
    """
    return text_cells(line.text)


def text_cells(text: str) -> list[Cell]:
    """The cells of a line's text (`split_cells` of a line holding it)."""
    return list(_cells_of(text))


# A table's line is cut into cells several times as it is sorted and parsed (and a corpus's
# documents print the same headings): cut once per text. Cells are immutable, and each
# caller gets its own list; the cache is bounded.
@functools.lru_cache(maxsize=16384)
def _cells_of(text: str) -> tuple[Cell, ...]:
    if "\t" in text:
        return tuple(_new_cell(t.strip(), i, i + 1) for i, t in enumerate(text.split("\t")))
    cells: list[Cell] = []
    done, width = 0, 0  # the display width of text[:done], carried forward: linear
    for m in re.finditer(r"\S+(?: \S+)*", text):
        chunk, start = m.group(), m.start()
        for piece, offset in _split_numbers(chunk):
            width += display_width(text[done:start + offset])
            done = start + offset
            cells.append(Cell(piece, width, width + display_width(piece)))
    return tuple(cells)


def with_cells(line: Line, cells: list[Cell]) -> Line:
    """The line reduced to `cells` (a subset of its own cells), each where it was printed:
    tab cells keep their index, layout cells their display column, so the result splits
    into the same columns. Used to cut one printed row into its header and data cells."""
    if line.tabbed:
        texts = [""] * (1 + max((int(c.x0) for c in split_cells(line)), default=0))
        for c in cells:
            texts[int(c.x0)] = c.text
        return Line(line.no, line.page, "\t".join(texts))
    parts: list[str] = []
    width = 0
    for c in sorted(cells, key=lambda c: c.x0):
        gap = " " * max(int(c.x0) - width, 1 if parts else 0)
        parts.append(gap + c.text)
        width += len(gap) + display_width(c.text)
    return Line(line.no, line.page, "".join(parts))


def _split_numbers(chunk: str) -> list[tuple[str, int]]:
    pieces: list[tuple[str, int]] = []
    pos = 0
    for m in _PIECE.finditer(chunk):
        if m.start() > pos:
            _add_text(pieces, chunk, pos, m.start())
        pieces.append((m.group(), m.start()))
        pos = m.end()
    if pos < len(chunk):
        _add_text(pieces, chunk, pos, len(chunk))
    return pieces


def _add_text(pieces: list[tuple[str, int]], chunk: str, start: int, end: int) -> None:
    text = chunk[start:end]
    stripped = text.strip()
    if stripped:
        pieces.append((stripped, start + (len(text) - len(text.lstrip()))))
