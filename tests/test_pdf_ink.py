"""Rulings must be inked. Word processors draw white boxes behind runs of text (a shading or a
frame with no colour); nobody sees them, but tabula's lattice takes their edges for rulings and
reads each box as a one-cell table, so a paragraph came back cut into "cells" at the box edges
(`1935.\t36`) and out of reading order. The PDFs here are drawn with reportlab: a letter-spaced,
justified paragraph with a white box behind each run, one box ending inside a number; with
(a) nothing else on the page, (b) a visible header rule above it and a real ruled table below.
The paragraph must read as one line, in order, its numbers whole; the real table as before.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from zhuzhou_budget.extract.pdf import pdf_lines
from zhuzhou_budget.extract.pdf_extract import drawn

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from render_pdf_fixture import FONT, register_font  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfbase.pdfmetrics import stringWidth  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

SIZE = 12.0
LEFT, RIGHT = 72.0, 523.0  # the text block
PITCH = 24.0
# One paragraph, wrapped by hand: the first line indented two characters; each line split
# into runs, each run drawn over a white box of its own. "1935." and "36" are in two runs.
LINES = [
    ["2026年本单位收入预算1935.", "36万元，其中，一般公"],
    ["共预算拨款", "1935.36万元，", "财政专户管理事业收入0.00", "万元，其"],
    ["他收入0.00万元。收入较去年增加54.13万元，上升2.88%。"],
]
PARAGRAPH = ("2026年本单位收入预算1935.36万元，其中，一般公共预算拨款1935.36万元，"
             "财政专户管理事业收入0.00万元，其他收入0.00万元。收入较去年增加54.13万元，"
             "上升2.88%。")


def _draw_paragraph(c: Canvas, top: float) -> float:
    """The paragraph from `top` down (page coordinates from the top); its last baseline."""
    height = A4[1]
    y = top
    for k, runs in enumerate(LINES):
        x0 = LEFT + (2 * SIZE if k == 0 else 0)
        text = "".join(runs)
        natural = stringWidth(text, FONT, SIZE)
        # Justified: the full lines spread their characters to the right edge (wide
        # inter-character gaps, as in the real documents); the last line is set tight.
        space = (RIGHT - x0 - natural) / (len(text) - 1) if k < len(LINES) - 1 else 0.5
        x = x0
        for run in runs:
            width = stringWidth(run, FONT, SIZE) + space * len(run)
            c.setFillColorRGB(1, 1, 1)
            c.rect(x, height - y - SIZE * 1.3, width, SIZE * 1.6, stroke=0, fill=1)
            c.setFillColorRGB(0, 0, 0)
            t = c.beginText(x, height - y - SIZE)
            t.setFont(FONT, SIZE)
            t.setCharSpace(space)
            t.textOut(run)
            c.drawText(t)
            x += width
        y += PITCH
    return y


def _pdf(path: Path, *, with_table: bool) -> Path:
    register_font()
    c = Canvas(str(path), pagesize=A4, invariant=1)
    height = A4[1]
    c.setFont(FONT, 16)
    c.drawString(LEFT, height - 80, "三、部门收支总体情况")
    if with_table:
        c.setStrokeColorRGB(0, 0, 0)
        c.line(LEFT, height - 60, RIGHT, height - 60)  # a header rule: the page has ink
    bottom = _draw_paragraph(c, 100)
    if with_table:
        rows = [["项目", "预算数"], ["收入总计", "1935.36"], ["支出总计", "1935.36"]]
        top = bottom + 40
        for r, row in enumerate(rows):
            for k, text in enumerate(row):
                c.drawString(LEFT + 4 + k * 200, height - top - 18 * r - 13, text)
        for r in range(len(rows) + 1):
            c.line(LEFT, height - top - 18 * r, LEFT + 400, height - top - 18 * r)
        for x in (LEFT, LEFT + 200, LEFT + 400):
            c.line(x, height - top, x, height - top - 18 * len(rows))
    c.showPage()
    c.save()
    return path


@pytest.mark.slow
@pytest.mark.parametrize("with_table", [False, True], ids=["text-only", "with-ink"])
def test_white_boxes_behind_text_are_no_table(tmp_path, with_table):
    lines = [ln.text for ln in pdf_lines(_pdf(tmp_path / "p.pdf", with_table=with_table))]
    assert lines[0] == "三、部门收支总体情况"
    # One line, in reading order, numbers whole, no cell breaks (tabs), and no space where
    # pdfium infers one from a gap between two runs that is only the letter spacing.
    assert lines[1] == PARAGRAPH
    if with_table:
        assert lines[2:] == ["项目\t预算数", "收入总计\t1935.36", "支出总计\t1935.36"]
    else:
        assert lines[2:] == []


def test_a_table_edge_is_drawn_when_ink_runs_along_it():
    table = (100.0, 200.0, 500.0, 300.0)
    # A ruling drawn cell by cell along the top edge (four pieces, most of the width).
    pieces = [(100.0, 199.6, 200.0, 200.4), (200.0, 199.6, 300.0, 200.4),
              (300.0, 199.6, 400.0, 200.4), (400.0, 199.6, 480.0, 200.4)]
    assert drawn(table, pieces)
    assert drawn(table, [(99.0, 199.0, 501.0, 301.0)])  # a grid drawn as one path
    assert drawn(table, [(80.0, 299.5, 520.0, 300.5)])  # the bottom rule alone
    assert drawn(table, None)  # no record of the ink: kept
    assert not drawn(table, [])  # nothing drawn: white boxes only
    assert not drawn(table, pieces[:1])  # a quarter of the edge is no ruling
    assert not drawn(table, [(0.0, 0.0, 595.0, 842.0)])  # a page frame is not its edge
    assert not drawn(table, [(100.0, 60.0, 500.0, 61.0)])  # a header rule above the text
