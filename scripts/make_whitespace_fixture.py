"""Derive a whitespace-aligned ("shape b") fixture from the tab-separated export ("shape a").

Shape b imitates what ``pdftotext -layout`` prints for the same PDF: table cells are
separated by runs of spaces and aligned by display width (CJK counts 2), long header
cells wrap over several physical lines, and the text is cut into pages with form feeds
and a centred page-number footer.  Narrative lines are copied unchanged.

Usage::

    python scripts/make_whitespace_fixture.py [SRC] [DEST] [--check]

``--check`` re-reads DEST and verifies it against SRC (narrative lines unchanged and in
order, the numeric tokens of every table unchanged and in order, page structure, the
required page breaks) and exits with status 1 on any failure.

Standard library only; the output is deterministic (same bytes on every run).
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SRC = REPO / "data/raw/2024/zhuzhou-zjj-2024-final-accounts.txt"
DEFAULT_DEST = REPO / "tests/data/zhuzhou-zjj-2024-layout.txt"

PAGE_BODY = 45  # body lines per page before the footer ("roughly every 45 lines")
PAGE_MAX = 52  # a page may run this long to keep a table on one page with its title
FOOTER_WIDTH = 66  # footer centred over a portrait text width: 30 spaces + "- 7 -"
GAP = 2  # minimum spaces between columns: the hardest case a layout parser must split
WRAP = 12  # header cells wider than 6 CJK characters wrap at this display width
MIN_ROWS_AROUND_BREAK = 2  # never leave a lone data row on either side of a table break

# Amounts as printed: "22,396.43", and table 05's spaced form "22, 393. 85".
AMOUNT_RE = re.compile(r"-?\d{1,3}(?:, ?\d{3})*\. ?\d+|-?\d+\. ?\d+")
# Classification codes: 类 3 digits, 款 5, 项 7 (economic codes 3 or 5).
CODE_RE = re.compile(r"\d{3}(?:\d{2}){0,2}")
# Any numeric token, spaced forms included; used by the self-check on both shapes.
NUM_TOKEN_RE = re.compile(r"\d+(?:, ?\d{3})*(?:\. ?\d+)?")
FOOTER_RE = re.compile(r" +- (\d+) -")


def is_wide(ch: str) -> bool:
    """CJK and full-width characters take two columns in a monospaced layout."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


def width(text: str) -> int:
    """Display width of ``text``."""
    return sum(2 if is_wide(ch) else 1 for ch in text)


def is_number_cell(cell: str) -> bool:
    """Amounts and short line numbers (行次) are right-aligned like in the PDF.

    Codes (3+ bare digits) are not: the PDF prints the 科目代码 column left-aligned so that
    208 / 20805 / 2080501 line up on the left.
    """
    return bool(AMOUNT_RE.fullmatch(cell) or re.fullmatch(r"\d{1,2}", cell))


def clean_header(cell: str) -> str:
    """Drop spaces next to CJK characters: they are line-wrap artefacts of the PDF
    (``科目 代码``, ``公务用车购 置费``, ``因公出国 (境)费``, letter-spaced ``收 入``)."""

    def repl(m: re.Match[str]) -> str:
        before = cell[m.start() - 1] if m.start() > 0 else ""
        after = cell[m.end()] if m.end() < len(cell) else ""
        return "" if (before and is_wide(before)) or (after and is_wide(after)) else m.group()

    return re.sub(r"\s+", repl, cell.strip())


def wrap(text: str, limit: int = WRAP) -> list[str]:
    """Wrap a long heading over as few lines as ``limit`` allows, with balanced lengths.

    A PDF table cell breaks CJK text between any two characters; its column is sized to
    the heading, so the lines come out of similar length (年初结转 / 和结余, not
    年初结转和结 / 余).
    """
    total = width(text)
    if total <= limit:
        return [text]
    n = -(-total // limit)  # fewest lines that can hold the text
    target = -(-total // n)
    while True:
        lines = greedy(text, target)
        if len(lines) <= n:
            return lines
        target += 1


def greedy(text: str, limit: int) -> list[str]:
    lines: list[str] = []
    cur = ""
    for ch in text:
        if cur and width(cur + ch) > limit:
            lines.append(cur)
            cur = ""
        cur += ch
    lines.append(cur)
    return lines


@dataclass
class HeaderCell:
    first: int  # first column of the (possibly merged) cell
    last: int  # last column, inclusive
    lines: list[str]  # wrapped text, one entry per physical line


@dataclass
class Table:
    src_lines: list[str]
    title: str
    leadin: int  # number of narrative lines from the title down to the table
    rows: list[list[str]] = field(default_factory=list)
    n_header: int = 0
    header: list[list[HeaderCell]] = field(default_factory=list)
    widths: list[int] = field(default_factory=list)

    @property
    def ncols(self) -> int:
        return len(self.widths)


def is_data_row(cells: list[str]) -> bool:
    """The first data row ends the header: it holds an amount or a code, or it is a bare
    合计 row (empty table).  合计 among other headings is a column heading (三公 table)."""
    filled = [c for c in cells if c]
    return (
        bool(CODE_RE.fullmatch(cells[0]))
        or any(AMOUNT_RE.fullmatch(c) for c in cells)
        or filled == ["合计"]
    )


def header_cells(rows: list[list[str]]) -> list[list[HeaderCell]]:
    """Turn header rows into merged cells.

    A cell followed by empty cells spans them (``项目⇥⇥本年支出⇥⇥``) unless the empty cell
    sits under a filled cell of the row above: then it is the lower half of a vertically
    merged heading (``科目代码⇥科目名称⇥⇥⇥`` under ``…⇥本年收入合计⇥财政拨款收入…``).  The
    栏次 label always spans up to the first column number.
    """
    out: list[list[HeaderCell]] = []
    for r, row in enumerate(rows):
        cells: list[HeaderCell] = []
        c = 0
        while c < len(row):
            text = clean_header(row[c])
            if not text:
                c += 1
                continue
            last = c
            while (
                last + 1 < len(row)
                and not row[last + 1]
                and (r == 0 or not rows[r - 1][last + 1] or text == "栏次")
            ):
                last += 1
            cells.append(HeaderCell(c, last, wrap(text)))
            c = last + 1
        out.append(cells)
    return out


def col_start(widths: list[int], col: int) -> int:
    return sum(widths[:col]) + GAP * col


def span_width(widths: list[int], first: int, last: int) -> int:
    return sum(widths[first : last + 1]) + GAP * (last - first)


def build_table(src_lines: list[str], title: str, leadin: int) -> Table:
    t = Table(src_lines, title, leadin)
    rows = [line.split("\t") for line in src_lines]
    ncols = max(len(r) for r in rows)
    t.rows = [r + [""] * (ncols - len(r)) for r in rows]
    t.n_header = next((i for i, r in enumerate(t.rows) if is_data_row(r)), len(t.rows))
    t.header = header_cells(t.rows[: t.n_header])

    # Data cells never wrap, so they set the floor of every column.
    widths = [0] * ncols
    for row in t.rows[t.n_header :]:
        for c, cell in enumerate(row):
            widths[c] = max(widths[c], width(cell))
    # Single-column headings (already wrapped at WRAP) may widen a column up to WRAP.
    for cells in t.header:
        for hc in cells:
            if hc.first == hc.last:
                widths[hc.first] = max(widths[hc.first], max(width(s) for s in hc.lines))
    # A merged heading wider than its span widens the last column of the span.
    for cells in t.header:
        for hc in cells:
            need = max(width(s) for s in hc.lines)
            have = span_width(widths, hc.first, hc.last)
            if need > have:
                widths[hc.last] += need - have
    t.widths = widths
    return t


def place(segments: list[tuple[int, str]]) -> str:
    """Join (display column, text) segments into one line, padding with spaces."""
    line = ""
    pos = 0
    for x, text in sorted(segments, key=lambda s: s[0]):
        if x < pos:
            raise ValueError(f"overlapping cells at column {x}: {text!r}")
        line += " " * (x - pos) + text
        pos = x + width(text)
    return line.rstrip()


def centred(widths: list[int], first: int, last: int, text: str) -> tuple[int, str]:
    x = col_start(widths, first) + (span_width(widths, first, last) - width(text)) // 2
    return x, text


def render_header(t: Table) -> list[str]:
    """Header rows, each over as many physical lines as its most wrapped cell (top-aligned)."""
    out: list[str] = []
    for cells in t.header:
        height = max((len(hc.lines) for hc in cells), default=1)
        for k in range(height):
            segs = [
                centred(t.widths, hc.first, hc.last, hc.lines[k])
                for hc in cells
                if k < len(hc.lines)
            ]
            out.append(place(segs))
    return out


def render_data_row(t: Table, row: list[str]) -> str:
    segs: list[tuple[int, str]] = []
    for c, cell in enumerate(row):
        if not cell:
            continue  # a blank cell is just spaces
        x = col_start(t.widths, c)
        if is_number_cell(cell):
            x += t.widths[c] - width(cell)
        segs.append((x, cell))
    return place(segs)


def stray_line(t: Table, text: str) -> str:
    """A lone fragment of a header cell at its column, as a partially repeated header prints."""
    for cells in t.header:
        for hc in cells:
            if "".join(hc.lines) == text:
                return place([centred(t.widths, hc.first, hc.last, text)])
    raise ValueError(f"no header cell {text!r} in {t.title}")


# ---------------------------------------------------------------------------
# Document structure and pagination
# ---------------------------------------------------------------------------

REPEAT_HEADER = "repeat"  # split across pages, header printed again (income table)
NO_HEADER = "bare"  # split across pages, continuation without header
KEEP = "keep"  # keep on one page where possible


def find_title(lines: list[str], start: int) -> tuple[str, int]:
    """Nearest narrative line above the table ending in 表 (not 公开NN表 nor 部门：…)."""
    for i in range(start - 1, max(start - 12, -1), -1):
        s = lines[i].strip()
        if "\t" in lines[i]:
            break
        if s.endswith("表") and "公开" not in s and not s.startswith("部门"):
            return s, start - i
    raise ValueError(f"no title above table at line {start + 1}")


def policy(title: str) -> str:
    # Identify tables by title, never by number (the numbering varies between templates).
    if title == "收入决算表":
        return REPEAT_HEADER
    if title == "支出决算表" or "基本支出决算" in title:
        return NO_HEADER
    return KEEP


STRAY_TABLE = "一般公共预算财政拨款支出决算表"
STRAY_TEXT = "项目支出"


def parse(src: str) -> list[str | Table]:
    """Narrative lines as str, each run of tab-separated lines as a Table."""
    lines = src.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    items: list[str | Table] = []
    i = 0
    while i < len(lines):
        if "\t" not in lines[i]:
            items.append(lines[i])
            i += 1
            continue
        j = i
        while j < len(lines) and "\t" in lines[j]:
            j += 1
        title, leadin = find_title(lines, i)
        items.append(build_table(lines[i:j], title, leadin))
        i = j
    return items


def table_blocks(t: Table) -> tuple[list[str], list[list[str]]]:
    """Header lines and the data rows as unbreakable groups (the stray line rides with a row)."""
    data = [[render_data_row(t, r)] for r in t.rows[t.n_header :]]
    if t.title == STRAY_TABLE and len(data) > 2:
        # Mid-table, away from any page break, so the parser cannot lean on the \f.
        data[len(data) // 2 - 1].append(stray_line(t, STRAY_TEXT))
    return render_header(t), data


def paginate(items: list[str | Table]) -> list[list[str]]:
    pages: list[list[str]] = []
    cur: list[str] = []
    limit = PAGE_BODY  # may grow up to PAGE_MAX for one page to keep a title with its table

    def new_page(grow_to: int = PAGE_BODY) -> None:
        nonlocal cur, limit
        if cur:
            pages.append(cur)
        cur = []
        limit = max(PAGE_BODY, grow_to)

    def room() -> int:
        return limit - len(cur)

    # Where a table's lead-in (title, 部门, 公开表, 金额单位 lines) starts, decide whether to
    # open a new page so that the title stays with its table.
    leadin_at: dict[int, Table] = {}
    for idx, it in enumerate(items):
        if isinstance(it, Table):
            leadin_at[idx - it.leadin] = it

    for idx, it in enumerate(items):
        if idx in leadin_at:
            t = leadin_at[idx]
            head, data = table_blocks(t)
            rows = data if policy(t.title) == KEEP else data[:MIN_ROWS_AROUND_BREAK]
            need = t.leadin + len(head) + sum(len(g) for g in rows)
            if need > room():
                if not any(line.strip() for line in cur) and len(cur) + need <= PAGE_MAX:
                    limit = len(cur) + need  # only blank lines so far: no empty page
                elif need <= PAGE_MAX:
                    new_page(grow_to=need)
        if isinstance(it, str):
            if room() <= 0:
                new_page()
            cur.append(it)
            continue

        t = it
        pol = policy(t.title)
        head, data = table_blocks(t)
        total = len(head) + sum(len(g) for g in data)
        if pol == KEEP and total > room():
            if total <= PAGE_MAX:
                new_page(grow_to=total)
            else:
                pol = NO_HEADER  # too long for any page: split like pdftotext would
        if pol == KEEP:
            cur.extend(head)
            for g in data:
                cur.extend(g)
            continue

        # Split tables: the break must fall inside the table.  Let the page fill up; if the
        # whole table would fit, force the break halfway through the data rows.
        if room() < len(head) + sum(len(g) for g in data[:MIN_ROWS_AROUND_BREAK]):
            new_page()
        forced = len(data) // 2 if total <= room() else None
        cur.extend(head)
        for n, g in enumerate(data):
            rest = len(data) - n
            full = len(g) > room()
            if (
                (n == forced or full)
                and n >= MIN_ROWS_AROUND_BREAK
                and rest >= MIN_ROWS_AROUND_BREAK
            ):
                new_page()
                forced = None
                if pol == REPEAT_HEADER:
                    cur.extend(head)
            cur.extend(g)
    new_page()
    return pages


def footer(n: int) -> str:
    s = f"- {n} -"
    return " " * ((FOOTER_WIDTH - len(s)) // 2) + s


def render(src: str) -> str:
    pages = paginate(parse(src))
    out: list[str] = []
    for n, body in enumerate(pages, start=1):
        lines = body + [footer(n)]
        if n > 1:
            lines[0] = "\f" + lines[0]  # pdftotext separates pages with a form feed
        out.extend(lines)
    return "\n".join(line.rstrip(" ") for line in out) + "\n"


# ---------------------------------------------------------------------------
# Self-check: reads DEST back and compares it with SRC without using the renderer.
# ---------------------------------------------------------------------------


def check(src: str, dest_bytes: bytes) -> list[str]:
    errors: list[str] = []
    if dest_bytes.startswith(b"\xef\xbb\xbf"):
        errors.append("output starts with a BOM")
    if b"\r" in dest_bytes:
        errors.append("output contains CR")
    text = dest_bytes.decode("utf-8")
    if not text.endswith("\n"):
        errors.append("output does not end with a newline")
    raw = text.rstrip("\n").split("\n")

    # Pages: \f only at line starts, each page ends with its centred number.
    body: list[tuple[str, bool]] = []  # (line, starts a page)
    page_no = 1
    page_len = 0
    page_lens: list[int] = []
    for k, line in enumerate(raw):
        starts = line.startswith("\f")
        line = line.removeprefix("\f")
        if "\f" in line:
            errors.append(f"output line {k + 1}: form feed not at line start")
        if line != line.rstrip():
            errors.append(f"output line {k + 1}: trailing whitespace")
        if starts != (k > 0 and FOOTER_RE.fullmatch(raw[k - 1] or "") is not None):
            errors.append(f"output line {k + 1}: form feed not right after a footer")
        m = FOOTER_RE.fullmatch(line)
        if m:
            if int(m.group(1)) != page_no:
                errors.append(f"output line {k + 1}: footer {m.group(1)}, expected {page_no}")
            page_lens.append(page_len)
            page_no += 1
            page_len = 0
            continue
        body.append((line, starts or (k == 0)))
        page_len += 1
    if page_len:
        errors.append("last page has no footer")

    # Walk the source: narrative lines must reappear verbatim, tables become regions.
    src_lines = src.rstrip("\n").split("\n")
    j = 0
    i = 0
    report: list[str] = []
    while i < len(src_lines):
        if "\t" not in src_lines[i]:
            if j >= len(body) or body[j][0] != src_lines[i]:
                got = body[j][0] if j < len(body) else "<eof>"
                errors.append(f"source line {i + 1} not copied: {src_lines[i]!r} vs {got!r}")
                return errors
            i += 1
            j += 1
            continue
        s = i
        while i < len(src_lines) and "\t" in src_lines[i]:
            i += 1
        after = src_lines[i] if i < len(src_lines) else None
        e = j
        while e < len(body) and body[e][0] != after:
            e += 1
        region = body[j:e]
        j = e
        errors.extend(check_region(src_lines, s, i, region, report))
    if j != len(body):
        errors.append(f"{len(body) - j} extra output lines at the end")
    print(f"pages: {len(page_lens)}, body lines per page: {page_lens}")
    print("\n".join(report))
    return errors


def check_region(
    src_lines: list[str], s: int, e: int, region: list[tuple[str, bool]], report: list[str]
) -> list[str]:
    errors: list[str] = []
    title = next(
        (
            x.strip()
            for x in reversed(src_lines[max(0, s - 12) : s])
            if x.strip().endswith("表") and "公开" not in x and not x.startswith("部门")
        ),
        f"table at line {s + 1}",
    )
    lines = [ln for ln, _ in region]
    # Drop a header repeated after a page break: the longest prefix equal to the region's
    # own first lines (this also removes the repeated 栏次 numbers).
    kept: list[str] = []
    repeats = 0
    breaks = 0
    k = 0
    while k < len(region):
        if region[k][1] and k > 0:
            breaks += 1
            n = 0
            while k + n < len(lines) and n < k and lines[k + n] == lines[n]:
                n += 1
            if n:
                repeats += 1
                k += n
                continue
        kept.append(lines[k])
        k += 1
    src_tokens = [t for ln in src_lines[s:e] for t in NUM_TOKEN_RE.findall(ln)]
    out_tokens = [t for ln in kept for t in NUM_TOKEN_RE.findall(ln)]
    if src_tokens != out_tokens:
        errors.append(f"{title}: numeric tokens differ ({len(src_tokens)} vs {len(out_tokens)})")
        for a, b in zip(src_tokens, out_tokens, strict=False):
            if a != b:
                errors.append(f"  first difference: {a!r} vs {b!r}")
                break
    # Alignment: amounts of one column share a right edge, so the number of distinct right
    # edges cannot exceed the number of columns.
    ncols = max(ln.count("\t") + 1 for ln in src_lines[s:e])
    edges = {
        width(ln[: m.end()]) for ln in kept for m in AMOUNT_RE.finditer(ln) if "." in m.group()
    }
    if len(edges) > ncols:
        errors.append(f"{title}: amounts end at {len(edges)} columns > {ncols} table columns")
    no_digit = [ln.strip() for ln in kept if ln.strip() and not re.search(r"\d", ln)]
    report.append(
        f"{title}: {e - s} source lines -> {len(region)} output lines, "
        f"{breaks} page break(s), {repeats} repeated header(s), "
        f"{len(src_tokens)} numeric tokens, amount right edges {sorted(edges)}"
    )
    # The required page breaks (the brief's fixture spec).
    want = {
        "收入决算表": (1, 1),
        "支出决算表": (1, 0),
        "一般公共预算财政拨款基本支出决算明细表": (1, 0),
    }
    if title in want:
        wb, wr = want[title]
        if breaks < wb or (repeats >= 1) != (wr == 1):
            errors.append(f"{title}: expected a page break with{'' if wr else 'out'} header")
    if title == STRAY_TABLE and STRAY_TEXT not in no_digit:
        errors.append(f"{title}: stray header line missing")
    return errors


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("src", nargs="?", type=Path, default=DEFAULT_SRC)
    ap.add_argument("dest", nargs="?", type=Path, default=DEFAULT_DEST)
    ap.add_argument("--check", action="store_true", help="verify DEST against SRC after writing")
    args = ap.parse_args(argv)

    src = args.src.read_text(encoding="utf-8")
    out = render(src)
    args.dest.parent.mkdir(parents=True, exist_ok=True)
    args.dest.write_bytes(out.encode("utf-8"))  # bytes: no BOM, no newline translation
    print(f"wrote {args.dest} ({len(out.splitlines())} lines)")
    if not args.check:
        return 0
    errors = check(src, args.dest.read_bytes())
    if render(src) != out:
        errors.append("render is not deterministic")
    for err in errors:
        print("ERROR:", err, file=sys.stderr)
    print("check:", "FAILED" if errors else "ok")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
