"""Render the 2024 text disclosure into a realistic PDF test fixture.

    python scripts/render_pdf_fixture.py [SRC] [DEST]

The PDF looks like the ones departments publish: A4, a cover and a contents page, narrative
pages in portrait with indented paragraphs and "- N -" page numbers, and each of the nine
tables on landscape pages as a ruled grid under its title, "公开NN表", "金额单位：万元" and
"部门：…" lines: merged header cells (本年支出 over 小计/基本支出/项目支出, 预算数/决算数
over six columns in 三公), header text wrapped inside narrow columns, long tables split across
pages (with the header repeated, or not), table 06 as three side-by-side blocks, the empty
国有资本 table with its sentence, and table 05's numbers printed as in the source
("22, 393. 85"). Text is set in the OFL-licensed Noto Sans SC that the `zhplot` package ships
(a subset is embedded). Every source line is rendered as one paragraph, so the text route and
the PDF route see the same lines; paragraphs wrap only between two non-space characters
(never inside a number), so joining a paragraph's PDF lines gives the source line back.

The output is deterministic (reportlab's invariant mode): the same bytes on every run.
`render()` is importable, e.g. for a variant whose tables have no rulings (`unruled=`).
"""

from __future__ import annotations

import argparse
import importlib.util
import re
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SRC = REPO / "data/raw/2024/zhuzhou-zjj-2024-final-accounts.txt"
DEFAULT_DEST = REPO / "tests/data/zhuzhou-zjj-2024.pdf"

FONT = "NotoSansSC"
BODY_SIZE = 11  # narrative text, pt
TABLE_SIZE = 7.5  # table cells, pt
MARGIN = 60  # page margins, pt
# Tables whose continuation pages repeat the header rows; the others continue without it.
REPEAT_HEADER = {"01", "02", "04", "05", "06", "07", "08", "09"}  # 03 continues bare

_NUMBERING = re.compile(r"^(栏次|\d{1,2})$")
_AMOUNT = re.compile(r"^-?[\d, ]+(\. ?\d+)?$")
_PART = re.compile(r"^第[一二三四五六七八九十]+部分")
_TABLE_NO = re.compile(r"公开\d+表")
_NO_LINE_START = set("，。、；：？！）》”’%,.;:)")


def font_path() -> Path:
    """The Noto Sans SC TrueType file shipped by zhplot (found as a file, never imported)."""
    spec = importlib.util.find_spec("zhplot")
    if spec is None or spec.origin is None:
        raise SystemExit("zhplot is not installed (make setup installs it)")
    path = Path(spec.origin).parent / "fonts" / "NotoSansSC-Regular.ttf"
    if not path.is_file():
        raise SystemExit(f"font not found: {path}")
    return path


def register_font() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(font_path())))


# ---- narrative text -------------------------------------------------------------------------

def wrap_text(text: str, width: float, size: float, indent: float = 0) -> list[str]:
    """Greedy line breaking that only breaks between two non-space tokens.

    Tokens are runs of printable ASCII, runs of spaces, or single other characters, so a
    number or a Latin word is never split and no line starts or ends with a space.
    """
    tokens = re.findall(r"[!-~]+|\s+|[^!-~\s]", text)
    lines: list[str] = []
    current: list[str] = []
    used = indent
    for tok in tokens:
        w = pdfmetrics.stringWidth(tok, FONT, size)
        if current and used + w > width:
            # Move the break back until neither side of it is a space and the next line
            # does not start with closing punctuation (，。；).
            k = len(current)
            while k > 0 and (current[k - 1].isspace() or _next(current, k, tok).isspace()
                             or _next(current, k, tok) in _NO_LINE_START):
                k -= 1
            if k == 0:
                raise ValueError(f"cannot wrap {text[:40]!r}: a token is wider than the line")
            lines.append("".join(current[:k]))
            current = current[k:]
            used = sum(pdfmetrics.stringWidth(t, FONT, size) for t in current)
        current.append(tok)
        used += w
    if current:
        lines.append("".join(current))
    return lines


def _next(current: list[str], k: int, tok: str) -> str:
    return current[k] if k < len(current) else tok


class TextLine(Flowable):
    """One printed line of text (the renderer decides the breaks, see wrap_text)."""

    def __init__(self, text: str, size: float = BODY_SIZE, align: str = "left",
                 indent: float = 0, space_before: float = 0, leading: float = 1.6) -> None:
        super().__init__()
        self.text, self.size, self.align, self.indent = text, size, align, indent
        self.spaceBefore = space_before
        self.leading = size * leading

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.avail = avail_width
        return avail_width, self.leading

    def draw(self) -> None:
        c = self.canv
        c.setFont(FONT, self.size)
        y = (self.leading - self.size) / 2 + self.size * 0.12
        if self.align == "center":
            c.drawCentredString(self.avail / 2, y, self.text)
        elif self.align == "right":
            c.drawRightString(self.avail, y, self.text)
        else:
            c.drawString(self.indent, y, self.text)


def paragraph(text: str, width: float, size: float = BODY_SIZE, indent_chars: int = 2,
              space_before: float | None = None) -> list[Flowable]:
    indent = indent_chars * size
    gap = size * 0.8 if space_before is None else space_before
    return [TextLine(t, size, indent=indent if i == 0 else 0, space_before=gap if i == 0 else 0)
            for i, t in enumerate(wrap_text(text, width, size, indent))]


# ---- tables ---------------------------------------------------------------------------------

def is_numbering_row(row: list[str]) -> bool:
    cells = [c.strip() for c in row if c.strip()]
    return bool(cells) and all(_NUMBERING.match(c) for c in cells) and any(
        c.isdigit() for c in cells)


def header_count(rows: list[list[str]]) -> int:
    """Header rows: up to the 栏次 numbering row, or else up to the first coded row."""
    for i, row in enumerate(rows):
        if is_numbering_row(row):
            return i + 1
    for i, row in enumerate(rows):
        first = next((c.strip() for c in row if c.strip()), "")
        if re.match(r"^\d{3,7}$", first):
            return i
    return 0


def header_spans(rows: list[list[str]], n_header: int) -> list[tuple[int, int, int, int]]:
    """Merged header cells as (col0, row0, col1, row1), read from the tab grid.

    A cell followed by empty cells that lower header rows fill spans them (a group heading
    over its columns); a cell with empty cells below it spans down (本年收入合计 over two
    header rows). 栏次 spans the empty cell beside it.
    """
    width = max(len(r) for r in rows)
    grid = [r + [""] * (width - len(r)) for r in rows]
    words = [i for i in range(n_header) if not is_numbering_row(grid[i])]
    covered: set[tuple[int, int]] = set()
    spans = []
    for r in range(n_header):
        row = grid[r]
        lower = [grid[i] for i in words if i > r]
        for c, text in enumerate(row):
            if not text.strip() or (r, c) in covered:
                continue
            end = c + 1
            if r in words:
                while end < width and not row[end].strip() and any(x[end].strip() for x in lower):
                    end += 1
            elif text.strip() == "栏次" and end < width and not row[end].strip():
                end += 1
            bottom = r
            while (r in words and bottom + 1 in words
                   and all(not grid[bottom + 1][k].strip() for k in range(c, end))):
                bottom += 1
            if end - c > 1 or bottom > r:
                spans.append((c, r, end - 1, bottom))
                covered |= {(rr, cc) for rr in range(r, bottom + 1) for cc in range(c, end)}
    return spans


def clean_header(text: str) -> str:
    """Drop the line-wrap spaces of the source's header cells (科目 代码, 公务用车购 置费)."""
    def repl(m: re.Match[str]) -> str:
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        return "" if (before and ord(before) > 0x2E80) or (after and ord(after) > 0x2E80) else " "
    return re.sub(r"\s+", repl, text.strip())


def column_widths(rows: list[list[str]], n_header: int, avail: float) -> list[float]:
    width = max(len(r) for r in rows)
    pad = 6
    natural = [TABLE_SIZE * 4 + pad] * width  # room for four characters of a wrapped header
    for row in rows[n_header:]:
        for c, text in enumerate(row):
            natural[c] = max(natural[c], pdfmetrics.stringWidth(text.strip(), FONT, TABLE_SIZE)
                             + pad)
    total = sum(natural)
    if total <= avail:
        return [w * avail / total for w in natural]
    # Too wide: text columns give way (their cells wrap), numbers keep their width.
    texty = [c for c in range(width) if any(
        re.search(r"[^\x00-\x7f]", r[c]) for r in rows[n_header:] if c < len(r))]
    fixed = sum(w for c, w in enumerate(natural) if c not in texty)
    scale = (avail - fixed) / sum(natural[c] for c in texty)
    return [w * scale if c in texty else w for c, w in enumerate(natural)]


def table_flowable(rows: list[list[str]], avail: float, *, repeat_header: bool,
                   ruled: bool = True) -> Table:
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    n_header = header_count(rows)
    head = ParagraphStyle("head", fontName=FONT, fontSize=TABLE_SIZE, leading=TABLE_SIZE * 1.3,
                          alignment=1, wordWrap="CJK")
    name = ParagraphStyle("name", parent=head, alignment=0)
    data: list[list[object]] = []
    for r, row in enumerate(rows):
        out: list[object] = []
        for text in row:
            text = text.strip()
            if r < n_header:
                out.append(Paragraph(escape(clean_header(text)), head) if text else "")
            elif re.search(r"[^\x00-\x7f]", text):
                out.append(Paragraph(escape(text), name))  # names may wrap in their column
            else:
                out.append(text)
        data.append(out)
    style = [
        ("FONT", (0, 0), (-1, -1), FONT, TABLE_SIZE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, n_header), (-1, -1), "RIGHT"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if ruled:
        style.append(("GRID", (0, 0), (-1, -1), 0.5, "black"))
    for c0, r0, c1, r1 in header_spans(rows, n_header):
        style.append(("SPAN", (c0, r0), (c1, r1)))
    for r in range(n_header, len(rows)):
        # Codes sit left like in the published tables; a 合计 label spans the name column.
        for c, text in enumerate(rows[r]):
            if re.fullmatch(r"\d{3,7}", text.strip()):
                style.append(("ALIGN", (c, r), (c, r), "LEFT"))
        if rows[r][0].strip() in ("合计", "总计") and width > 1 and not rows[r][1].strip():
            style.append(("SPAN", (0, r), (1, r)))
            style.append(("ALIGN", (0, r), (0, r), "CENTER"))
    return Table(data, colWidths=column_widths(rows, n_header, avail),
                 repeatRows=n_header if repeat_header else 0, style=TableStyle(style))


# ---- document -------------------------------------------------------------------------------

def blocks(lines: list[str]) -> Iterable[tuple[str, object]]:
    """('text', line) for each non-empty line, ('table', rows) for each run of tab lines."""
    rows: list[list[str]] = []
    for line in lines + [""]:
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        if rows:
            yield "table", rows
            rows = []
        if line.strip():
            yield "text", line


def _footer(canvas, doc) -> None:
    canvas.saveState()
    canvas.setFont(FONT, 9)
    width, _ = canvas._pagesize
    canvas.drawCentredString(width / 2, 28, f"- {doc.page} -")
    canvas.restoreState()


def render(src_text: str, dest: Path, *, unruled: Iterable[str] = ()) -> None:
    """Write the PDF for `src_text`; tables numbered in `unruled` ("07") get no grid lines."""
    register_font()
    unruled = set(unruled)
    portrait_w, portrait_h = A4
    land_w, land_h = landscape(A4)
    doc = BaseDocTemplate(str(dest), pagesize=A4, invariant=1, title="株洲市住房和城乡建设局"
                          "2024年度部门决算公开", author="株洲市住房和城乡建设局",
                          creator="scripts/render_pdf_fixture.py")
    doc.addPageTemplates([
        PageTemplate("portrait", [Frame(MARGIN, MARGIN, portrait_w - 2 * MARGIN,
                                        portrait_h - 2 * MARGIN, 0, 0, 0, 0)],
                     onPage=_footer, pagesize=A4),
        PageTemplate("landscape", [Frame(MARGIN * 0.7, MARGIN, land_w - 1.4 * MARGIN,
                                         land_h - 1.6 * MARGIN, 0, 0, 0, 0)],
                     onPage=_footer, pagesize=landscape(A4)),
    ])
    text_w = portrait_w - 2 * MARGIN
    table_w = land_w - 1.4 * MARGIN
    lines = src_text.splitlines()
    # The last occurrence of each part marker starts the body; earlier ones are the contents.
    last_part = {m.group(): i for i, ln in enumerate(lines) if (m := _PART.match(ln.strip()))}
    body_parts = set(last_part.values())
    toc_start = next(i for i, ln in enumerate(lines) if ln.replace(" ", "") == "目录")
    table_starts = {i for i, ln in enumerate(lines) if i > min(body_parts) and _is_title(lines, i)}

    story: list[Flowable] = []
    # Cover: the title lines, centred and large, without their markdown stars.
    story.append(TextLine("", 20, leading=10))
    for ln in lines[:toc_start]:
        if ln.strip():
            story.append(TextLine(ln.strip().strip("*"), 24, align="center", leading=2.2))
    story += [PageBreak(), TextLine(lines[toc_start].strip(), 16, align="center", leading=2.5)]
    orientation = "portrait"
    table_no = ""
    for i, ln in enumerate(lines[toc_start + 1:], start=toc_start + 1):
        if i < min(body_parts):  # contents entries, without their markdown bullets
            if ln.strip():
                story.append(TextLine(ln.strip().lstrip("- "), BODY_SIZE,
                                      indent=0 if _PART.match(ln) else 2 * BODY_SIZE))
            continue
        if i in body_parts or i in table_starts:
            want = "landscape" if i in table_starts else "portrait"
            story += [NextPageTemplate(want), PageBreak()]
            orientation = want
        if "\t" in ln:
            if "\t" not in lines[i - 1]:  # the first row of a table: the whole grid
                rows = next(b for kind, b in blocks(lines[i:]) if kind == "table")
                story.append(TextLine("", 4, leading=1))
                story.append(table_flowable(rows, table_w,
                                            repeat_header=table_no in REPEAT_HEADER,
                                            ruled=table_no not in unruled))
            continue
        if not ln.strip():
            continue
        width = table_w if orientation == "landscape" else text_w
        s = ln.strip()
        previous = max((k for k in range(toc_start, i) if lines[k].strip()), default=-1)
        if i in table_starts or i in body_parts or (previous in body_parts and len(s) < 30):
            story.append(TextLine(s, 15 if i in table_starts else 16, align="center",
                                  leading=2.2))
        elif _TABLE_NO.fullmatch(s) or s.startswith("金额单位"):
            table_no = m.group()[2:4] if (m := _TABLE_NO.search(s)) else table_no
            story.append(TextLine(s, 9, align="right", leading=1.5))
        elif s.startswith("部门："):
            table_no = m.group()[2:4] if (m := _TABLE_NO.search(s)) else table_no
            story.append(TextLine(s, 9, leading=1.5))
        elif orientation == "landscape":  # notes under a table: unindented, small
            story += paragraph(s, width, 9, indent_chars=0, space_before=4)
        else:
            story += paragraph(s, width)
    doc.build(story)


def _is_title(lines: list[str], i: int) -> bool:
    """A table title: a line ending in 表 whose next non-empty line is 部门/公开/金额单位."""
    s = lines[i].strip()
    if "\t" in s or not s.endswith("表") or re.match(r"(部门|公开|金额单位)", s):
        return False
    nxt = next((x.strip() for x in lines[i + 1:] if x.strip()), "")
    return bool(re.match(r"(部门[：:]|公开\d+表|金额单位)", nxt))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("src", nargs="?", type=Path, default=DEFAULT_SRC)
    parser.add_argument("dest", nargs="?", type=Path, default=DEFAULT_DEST)
    args = parser.parse_args()
    render(args.src.read_text(encoding="utf-8"), args.dest)
    print(f"{args.dest}: {args.dest.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
