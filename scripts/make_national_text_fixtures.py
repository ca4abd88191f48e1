"""Derive the two text shapes of a national-template disclosure from its PDF, with pdfplumber.

Writes, for tests/data/shanghai-putuo-czj-2024-final-accounts.pdf:
- ``…-layout.txt``: layout text as ``pdftotext -layout`` prints a PDF whose table rows sit on
  one baseline: every character at the column its x position gives (a CJK glyph two columns
  wide), cells apart by two or more spaces, header cells wrapped over several lines where the
  PDF wraps them, justified cell text single-spaced ("因 公 出 国 （ 境 ） 费用"), codes over
  类/款/项 columns ("201   06   01"), pages separated by form feeds;
- ``…-tab.txt``: the tab-separated export of the same tables (one line per ruled row, a
  merged cell followed by empty cells), narrative lines as printed.

Independent of the package's own PDF route (pdfplumber's table finder and characters, not
tabula and pypdfium2), so the test that both text shapes give the PDF route's facts compares
two separate readings of the document.

Raw ``pdftotext -layout`` output of this document is *not* this shape: cells of one ruled row
are printed at different heights (amounts top-aligned, labels centred), so one row comes out
as two or three lines; only the PDF route (rulings) reads that.

Usage::

    python scripts/make_national_text_fixtures.py [PDF] [--out-dir DIR]
"""

from __future__ import annotations

import argparse
import re
import statistics
import unicodedata
from pathlib import Path

import pdfplumber

REPO = Path(__file__).resolve().parent.parent
DEFAULT_PDF = REPO / "tests/data/shanghai-putuo-czj-2024-final-accounts.pdf"

# A row that starts the body of a table: an amount, a classification code, a numbered line.
_BODY = re.compile(r"^(-?\d{1,3}(,\d{3})*\.\d+|\d{3}|[一二三四五六七八九十]+、)")


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _width(text: str) -> int:
    return sum(2 if _wide(ch) else 1 for ch in text)


def _text_lines(chars: list[dict]) -> list[tuple[float, float, str]]:
    """Characters → (top, x0, text) lines: glyphs whose vertical centres lie within 40 % of
    the glyph height of the line's first glyph form a line (Latin digits and CJK of other
    fonts sit a little higher or lower); a gap wider than a third of a glyph is one space
    (justified text stays single-spaced)."""

    def cy(c: dict) -> float:
        return (c["top"] + c["bottom"]) / 2

    glyphs = sorted((c for c in chars if c["text"].strip()), key=lambda c: (cy(c), c["x0"]))
    rows: list[list[dict]] = []
    for c in glyphs:
        if rows and abs(cy(c) - cy(rows[-1][0])) <= 0.4 * (c["bottom"] - c["top"]):
            rows[-1].append(c)
        else:
            rows.append([c])
    out = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        text, prev = "", None
        for c in row:
            if prev is not None and c["x0"] - prev["x1"] > (prev["x1"] - prev["x0"]) / 3:
                text += " "
            text += c["text"]
            prev = c
        out.append((min(c["top"] for c in row), row[0]["x0"], text))
    return out


def _join(parts: list[str]) -> str:
    out = ""
    for p in parts:
        if out and out[-1].isascii() and out[-1].isalnum() and p[:1].isascii() and p[:1].isalnum():
            out += " "
        out += p
    return out


def _place(items: list[tuple[float, str]], unit: float) -> str:
    """Texts at their x positions on one line; at least two spaces between cells."""
    line = ""
    for x, text in sorted(items):
        col = round(x / unit)
        least = _width(line) + (2 if line else 0)
        line += " " * (max(col, least) - _width(line)) + text
    return line.rstrip()


def _inside(c: dict, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    cx, cy = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
    return x0 <= cx <= x1 and top <= cy <= bottom


def page_lines(page) -> tuple[list[str], list[str]]:
    """(layout lines, tab lines) of one page, top to bottom."""
    chars = page.chars
    wide = [c["x1"] - c["x0"] for c in chars if c["text"] and _wide(c["text"][0])]
    unit = statistics.median(wide) / 2 if wide else 3.0
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    items: list[tuple[float, list[str], list[str]]] = []  # (top, layout lines, tab lines)
    outside = [c for c in chars if not any(_inside(c, b) for b in boxes)]
    for top, _x0, text in _text_lines(outside):
        items.append((top, [text], [text]))
    for table in tables:
        body = False
        for row in table.rows:
            cells = []
            for box in row.cells:
                if box is None:
                    cells.append(None)
                    continue
                mine = [c for c in chars if _inside(c, box)]
                cells.append(_text_lines(mine))
            texts = [_join([t for _, _, t in c]) if c else "" for c in cells]
            if not any(texts):
                continue
            body = body or any(_BODY.match(t) or t in ("合计", "总计") for t in texts if t)
            tab = "\t".join(texts)
            top = min(box[1] for box in row.cells if box)
            if body:  # one physical line: wrapped cell text joined back
                layout = [_place([(c[0][1], texts[i]) for i, c in enumerate(cells) if c],
                                 unit)]
            else:  # header rows: each wrapped line of a cell on its own physical line
                depth = max(len(c) for c in cells if c)
                layout = [_place([(c[k][1], c[k][2]) for c in cells if c and len(c) > k], unit)
                          for k in range(depth)]
            items.append((top, layout, [tab]))
    items.sort(key=lambda t: t[0])
    return [ln for _, lay, _ in items for ln in lay], [ln for _, _, tab in items for ln in tab]


def write(pdf_path: Path, out_dir: Path) -> tuple[Path, Path]:
    stem = pdf_path.name.removesuffix("-final-accounts.pdf")
    layout_pages, tab_pages = [], []
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            layout, tab = page_lines(page)
            layout_pages.append("\n".join(layout))
            tab_pages.append("\n".join(tab))
    layout_path = out_dir / f"{stem}-layout.txt"
    tab_path = out_dir / f"{stem}-tab.txt"
    layout_path.write_text("\n\f".join(layout_pages) + "\n", encoding="utf-8")
    tab_path.write_text("\n\f".join(tab_pages) + "\n", encoding="utf-8")
    return layout_path, tab_path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pdf", nargs="?", type=Path, default=DEFAULT_PDF)
    ap.add_argument("--out-dir", type=Path, default=REPO / "tests/data")
    args = ap.parse_args()
    for path in write(args.pdf, args.out_dir):
        print(path)


if __name__ == "__main__":
    main()
