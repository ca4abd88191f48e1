"""Lines of a PDF page as the reader sees them: characters, text lines and table rows, and the
reflow that joins a paragraph's wrapped lines back into one line — line steps measured between
line centres, the pitch as the median of wrap-shaped steps."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass


@dataclass
class PdfChar:
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
class PdfPage:
    number: int
    width: float
    height: float
    chars: list[PdfChar]
    # The boxes (x0, top, x1, bottom) of the vector paths that leave ink; a page without any
    # has no ruling anyone can see and gets no lattice pass. None: not known (a path inside
    # a form XObject, whose box is in the form's space), so every table found is kept.
    ink: list[tuple[float, float, float, float]] | None

    @property
    def ruled(self) -> bool:
        """Worth a lattice pass: some path is drawn in ink."""
        return self.ink is None or bool(self.ink)


@dataclass
class TextLine:
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
class TableRow:
    page: int
    top: float
    text: str  # cells joined by tabs


def reading_order(texts: list[TextLine], rows: list[TableRow],
                   sizes: dict[int, tuple[int, int]]) -> list[tuple[int, str]]:
    """Texts and table rows page by page, top to bottom; paragraphs joined across lines."""
    items: list[TextLine | TableRow] = sorted([*texts, *rows], key=lambda i: (i.page, i.top))
    geometry = _geometry(texts, sizes)
    out: list[tuple[int, str]] = []
    prev: TextLine | None = None
    for item in items:
        if isinstance(item, TableRow):
            out.append((item.page, item.text))
            prev = None
            continue
        if prev is not None and _continues(prev, item, geometry):
            page, text = out[-1]
            out[-1] = (page, join_wrapped([text, item.text]))
        else:
            out.append((item.page, item.text))
        prev = item
    return out


def _geometry(texts: list[TextLine], sizes: dict[int, tuple[int, int]]) -> dict[int, _Block]:
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


def _wraps_shape(prev: TextLine, cur: TextLine, block: _Block) -> bool:
    """Could `cur` be `prev` wrapped: same type size, `prev` flowing text that reaches the
    right edge, `cur` starting at the left edge?"""
    size = cur.size
    if abs(prev.size - cur.size) > 0.5 or abs(cur.x0 - block.left) > size * 0.5:
        return False  # other type size, or indented/centred: a new paragraph
    if not (block.left - size * 0.5 <= prev.x0 <= block.left + size * 3):
        return False  # prev is centred or right-aligned, not flowing text
    return prev.x1 >= block.right - size * 6  # short of the right edge: its paragraph ended


def _continues(prev: TextLine, cur: TextLine, geometry) -> bool:
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

def join_wrapped(parts: list[str]) -> str:
    """Join wrapped pieces: directly, except between two ASCII words (a space was the break)."""
    out = ""
    for p in parts:
        if out and out[-1].isascii() and out[-1].isalnum() and p[0].isascii() and p[0].isalnum():
            out += " "
        out += p
    return out
