"""Header rows → labelled columns, and data-row cells → those columns.

Tab exports carry the grid in their tab indices: a header cell followed by empty cells spans
them when lower header rows fill them (a merged cell). Layout text carries it in positions:
columns are the horizontal runs that data rows occupy, plus header cells standing over
columns that are blank in every row; merged group headings (本年支出, 预算数, …) are recognised
by their words, since their position alone cannot tell them from a centred leaf.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from .lines import Cell, Line, split_cells
from .numbers import squeeze_cjk, squeeze_cjk_line

_NUMERIC = re.compile(r"^[-(（]?[\d,.，．]+[)）]?$")
_STARS = re.compile(r"\*+")  # '**' marks the 栏次 row of some budget templates

# Headings that group several columns below them (merged header cells).
GROUP_HEADING = re.compile(r"^(收入|支出|项目|本年支出|预算数|决算数|人员经费|公用经费|"
                           r"财政拨款|本年支出决算|全年预算数)$")


@dataclass
class Column:
    x0: float
    x1: float
    pieces: list[tuple[int, str]] = field(default_factory=list)  # (header row, text)
    groups: list[str] = field(default_factory=list)  # merged headings over this column
    number: str = ""  # 栏次 number printed for the column, if any
    spans: list[tuple[float, float]] = field(default_factory=list)  # layout: where its cells lie

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def leaf(self) -> str:
        return "".join(t for _, t in sorted(self.pieces, key=lambda p: p[0]))

    @property
    def label(self) -> str:
        return "".join(self.groups) + self.leaf


def is_numbering_row(cells: list[Cell]) -> bool:
    """The 栏次 row: '栏次' and/or a run of small integers 1, 2, 3 … ('**' over the code and
    name columns marks the row in some budget templates, as 栏次 does)."""
    return _numbering_texts(tuple(c.norm for c in cells if c.norm))


# A row is tested as its table is sorted, its columns found and its rows read: each row's
# texts once. A pure function of them; bounded.
@functools.lru_cache(maxsize=8192)
def _numbering_texts(texts: tuple[str, ...]) -> bool:
    if not texts:
        return False
    marks = [t for t in texts if t == "栏次" or _STARS.fullmatch(t)]
    nums = [t for t in texts if t not in marks]
    if len(texts) != len(nums) + len(marks):
        return False
    return bool(nums) and all(t.isdigit() and len(t) <= 2 for t in nums) and (
        bool(marks) or [int(t) for t in nums] == list(range(int(nums[0]), int(nums[0]) + len(nums))))


def tab_columns(header_rows: list[list[Cell]], data_rows: list[list[Cell]],
                data_width: int = 0) -> list[Column]:
    """The columns of a tab table: as many as its widest row has cells (`data_width`: the
    width of data rows not given as cells, counted from their tabs)."""
    width = max(max((len(r) for r in header_rows + data_rows), default=0), data_width)
    columns = [Column(i, i + 1) for i in range(width)]
    rows = [r for r in header_rows if not is_numbering_row(r)]
    for r in header_rows:
        if is_numbering_row(r):
            for c in r:
                if c.norm.isdigit():
                    columns[int(c.x0)].number = c.norm
    starts_above: set[int] = set()  # columns where a cell of a higher header row starts
    for ri, row in enumerate(rows):
        lower = rows[ri + 1:]
        for c in row:
            if not c.norm:
                continue
            i = int(c.x0)
            end = i + 1
            # A merged cell spans the empty cells to its right that lower header rows fill,
            # but never past the start of a cell above it (headings nest).
            while (end < width and not _text_at(row, end) and end not in starts_above
                   and any(_text_at(r, end) for r in lower)):
                end += 1
            if end - i > 1:
                for col in columns[i:end]:
                    col.groups.append(c.norm)
            else:
                columns[i].pieces.append((ri, c.norm))
        starts_above.update(int(c.x0) for c in row if c.norm)
    return columns


def layout_columns(header_rows: list[list[Cell]], data_rows: list[list[Cell]]) -> list[Column]:
    """Columns of a layout-text table.

    Header cells stacked over one another (wrapped text, the 栏次 number) make one column; a
    header cell over two or more of those is a group heading, as are the known group words.
    Data rows are cut into segments (the horizontal runs their cells occupy); each segment
    belongs to the header column whose region — between the midpoints to its neighbours —
    holds its centre, since numbers sit right-aligned and headings centred in a column.
    """
    segments = _segments(data_rows)
    groups: list[tuple[int, Cell]] = []
    leaves: list[tuple[int, Cell, bool]] = []
    for ri, row in enumerate(header_rows):
        if is_numbering_row(row):
            leaves += [(ri, c, True) for c in row if c.norm.isdigit()]
            continue
        for c in row:
            if GROUP_HEADING.match(c.norm) and _heads_several(c, row, header_rows[ri + 1:]):
                groups.append((ri, c))
            elif c.norm:
                leaves.append((ri, c, False))
    heads: list[Column] = []
    # Narrow cells first: a wide cell then finds the columns it stands over.
    for ri, c, number in sorted(leaves, key=lambda t: (t[1].x1 - t[1].x0, t[0])):
        under = [h for h in heads if min(c.x1, h.x1) - max(c.x0, h.x0) > 0]
        if len(under) >= 2 and not number:
            groups.append((ri, c))
            continue
        head = under[0] if under else None
        if head is None:
            head = Column(c.x0, c.x1)
            heads.append(head)
        else:
            head.x0, head.x1 = min(head.x0, c.x0), max(head.x1, c.x1)
        if number:
            head.number = c.norm
        else:
            head.pieces.append((ri, c.norm))
    heads.sort(key=lambda h: h.center)
    if not heads:
        columns = [Column(x0, x1, spans=[(x0, x1)]) for x0, x1 in segments]
    else:
        columns = heads
        bounds = [(a.center + b.center) / 2 for a, b in zip(heads, heads[1:], strict=False)]
        for x0, x1 in segments:
            i = sum(1 for b in bounds if (x0 + x1) / 2 > b)
            columns[i].spans.append((x0, x1))
        for col in columns:
            col.spans.append((col.x0, col.x1))
    # A group heading as wide as two or more column headings covers those; a short one
    # ("预算数" centred over six columns) covers the columns between its neighbours that are
    # nearer to it than to the other group headings of its row.
    for ri, g in groups:
        over = [i for i, col in enumerate(columns) if min(g.x1, col.x1) - max(g.x0, col.x0) > 0]
        if len(over) >= 2:
            for col in columns[over[0]:over[-1] + 1]:
                col.groups.append(g.norm)
            continue
        left, right = _zone(g, header_rows[ri])
        peers = [c for r, c in groups if r == ri]
        for col in columns:
            if left < col.center < right and min(
                    peers, key=lambda p: abs(p.center - col.center)) is g:
                col.groups.append(g.norm)
    for col in columns:
        col.groups.sort(key=lambda t: next((r for r, g in groups if g.norm == t), 0))
    return columns


def _segments(data_rows: list[list[Cell]]) -> list[tuple[float, float]]:
    """The horizontal runs occupied by the cells of data rows: runs of text and runs of
    numbers apart, so that a long name reaching under the amount column beside it
    ("机关事业单位基本养老保险缴费支出  160.75") does not fuse the two columns."""
    out: list[tuple[float, float]] = []
    for numeric in (False, True):
        runs: list[list[float]] = []
        for x0, x1 in sorted((c.x0, c.x1) for row in data_rows for c in row
                             if _NUMERIC.match(c.norm) is not None) if numeric else sorted(
                (c.x0, c.x1) for row in data_rows for c in row
                if _NUMERIC.match(c.norm) is None):
            if runs and x0 < runs[-1][1]:
                runs[-1][1] = max(runs[-1][1], x1)
            else:
                runs.append([x0, x1])
        out += [(a, b) for a, b in runs]
    return sorted(out)


def assign(cells: list[Cell], columns: list[Column], tabbed: bool) -> dict[int, str]:
    """Column index → text of a data row; texts landing in one column are joined."""
    out: dict[int, str] = {}
    for c in cells:
        if not c.text:
            continue
        text = squeeze_cjk(c.text)
        if tabbed:
            i = int(c.x0)
        else:
            overlaps = [max((max(0.0, min(c.x1, b) - max(c.x0, a)) for a, b in k.spans),
                            default=0.0) for k in columns]
            best = max(range(len(columns)), key=lambda j: overlaps[j])
            i = best if overlaps[best] > 0 else min(
                range(len(columns)), key=lambda j: abs(columns[j].center - c.center))
        out[i] = squeeze_cjk(f"{out[i]} {text}") if i in out else text
    return out


def row_texts(line: Line, cells: list[Cell] | None, columns: list[Column], tabbed: bool
              ) -> dict[int, str]:
    """`assign(cells, columns, tabbed)` of a row whose cells are `split_cells(line)`. A row
    of a tab table that holds tabs is cut from its text at once (`tab_texts`): every row of
    every table is placed here (its cells are not needed, and the table parser passes None
    for them)."""
    if tabbed and "\t" in line.text:
        return tab_texts(line.text)
    if cells is None:
        cells = split_cells(line)
    return assign(cells, columns, tabbed)


def tab_texts(text: str) -> dict[int, str]:
    """`assign(text_cells(text), columns, True)` of a text holding tabs: tab index → the
    cell's text (stripped, its justified CJK squeezed), blank cells left out, in order. The
    line is squeezed whole: the spaces `squeeze_cjk` drops lie between two wide characters,
    inside a cell's stripped text or in its blank margins, never across a tab
    (tests/test_p26_load_rows.py holds the two ways together)."""
    return {i: piece for i, raw in enumerate(squeeze_cjk_line(text).split("\t"))
            if (piece := raw.strip())}


def _heads_several(c: Cell, row: list[Cell], lower: list[list[Cell]]) -> bool:
    """A group heading has two or more headings under it, between its neighbours' centres."""
    left, right = _zone(c, row)
    under = [k for r in lower if not is_numbering_row(r) for k in r if left < k.center < right]
    return len(under) >= 2


def _zone(c: Cell, row: list[Cell]) -> tuple[float, float]:
    """Between the neighbouring headings of its row (their near edges)."""
    left = max((k.x1 for k in row if k.center < c.center), default=float("-inf"))
    right = min((k.x0 for k in row if k.center > c.center), default=float("inf"))
    return left, right


def _text_at(row: list[Cell], i: int) -> bool:
    return i < len(row) and bool(row[i].norm)
