"""Tables continued over pages in the PDF route, on small ruled PDFs drawn here with reportlab:
(a) the title, header rows and 合计 printed again on the next page; (c) the rows simply go on
at the top of the next page, under no title, on a grid of their own (the code in one cell
there, over 类 | 款 | 项 cells on the first page, as a university's table prints it). Each
must read as one table with every cell on its own column.
"""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import pytest

import zhuzhou_budget as zb

pytestmark = pytest.mark.slow

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from render_pdf_fixture import FONT, register_font  # noqa: E402
from reportlab.lib.pagesizes import A4, landscape  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle  # noqa: E402

D = Decimal
TITLE = "财政拨款支出决算表"
META = "部门：测试大学　　　　单位：万元"
# First page: the code over 类 | 款 | 项 cells, then 科目名称 and three amounts.
HEAD_1 = [["科目编码", "", "", "科目名称", "合计", "基本支出", "项目支出"],
          ["类", "款", "项", "", "", "", ""]]
TOTAL_1 = ["合计", "", "", "", "300.00", "200.00", "100.00"]
ROWS_1 = [["205", "", "", "教育支出", "180.00", "120.00", "60.00"],
          ["20502", "", "", "普通教育", "180.00", "120.00", "60.00"],
          ["2050205", "", "", "高等教育", "180.00", "120.00", "60.00"]]
ROWS_2 = [["208", "社会保障和就业支出", "120.00", "80.00", "40.00"],
          ["20805", "行政事业单位养老支出", "120.00", "80.00", "40.00"],
          ["2080505", "机关事业单位基本养老保险缴费支出", "120.00", "", "40.00"]]
WIDTHS_1 = [40, 30, 30, 200, 90, 90, 90]


def _style(size: float = 9) -> ParagraphStyle:
    return ParagraphStyle("t", fontName=FONT, fontSize=size, leading=size * 1.4)


def _grid(rows, widths) -> Table:
    t = Table(rows, colWidths=widths)
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"),
                           ("FONTNAME", (0, 0), (-1, -1), FONT),
                           ("FONTSIZE", (0, 0), (-1, -1), 8)]))
    return t


def _pdf(path: Path, second_page: list) -> Path:
    register_font()
    doc = SimpleDocTemplate(str(path), pagesize=landscape(A4), invariant=1)
    first = [Paragraph(TITLE, _style(14)), Paragraph(META, _style()),
             _grid(HEAD_1 + [TOTAL_1] + ROWS_1, WIDTHS_1)]
    doc.build([*first, PageBreak(), *second_page])
    return path


def _check(d: zb.Disclosure) -> None:
    t = d.tables["fiscal_appropriation_expenditure"]
    assert list(t["code"]) == ["", "205", "20502", "2050205", "208", "20805", "2080505"]
    assert list(t["level"]).count("total") == 1
    row = t[t["code"] == "2080505"].iloc[0]
    assert row["item"] == "机关事业单位基本养老保险缴费支出"
    assert (row["total"], row["basic"], row["project"]) == (D("120.00"), None, D("40.00"))
    assert t[t["code"] == "208"].iloc[0]["basic"] == D("80.00")
    assert d.problems == []


def test_rows_going_on_under_no_title_on_a_grid_of_their_own(tmp_path):
    widths_2 = [100, 200, 90, 90, 90]  # the code cell as wide as 类 + 款 + 项
    d = zb.load(_pdf(tmp_path / "c.pdf", [_grid(ROWS_2, widths_2)]))
    _check(d)


def test_title_header_and_total_printed_again(tmp_path):
    again = [Paragraph(TITLE, _style(14)), Paragraph(META, _style()),
             _grid(HEAD_1 + [TOTAL_1] + [[r[0], "", "", *r[1:]] for r in ROWS_2], WIDTHS_1)]
    d = zb.load(_pdf(tmp_path / "a.pdf", again))
    _check(d)
    assert [r.agrees for r in d.table_info["fiscal_appropriation_expenditure"].repeated_rows] \
        == [True]


def _raw(box, rows=2, cols=2):
    x0, top, x1, bottom = box
    w, h = (x1 - x0) / cols, (bottom - top) / rows
    return {"left": x0, "top": top, "right": x1, "bottom": bottom,
            "data": [[{"left": x0 + c * w, "top": top + r * h, "width": w, "height": h}
                      for c in range(cols)] for r in range(rows)]}


def test_a_table_returned_twice_or_framed_is_read_once(monkeypatch, tmp_path):
    # Real PDFs draw each ruling twice (tabula returns the table twice), or rule a frame around
    # a table (a second table holding the first): either would read every row twice.
    from zhuzhou_budget.extract import pdf_extract

    table, frame = (100.0, 100.0, 500.0, 300.0), (50.0, 40.0, 560.0, 330.0)
    monkeypatch.setattr(pdf_extract, "_lattice_pages", lambda path, pages: {
        1: [_raw(table), _raw((100.5, 100.2, 500.4, 299.8)), _raw(frame, 3, 1)],
        2: [_raw(table)]})
    monkeypatch.setattr(pdf_extract, "java_command", lambda: "/usr/bin/java")
    out = pdf_extract.tabula_tables(tmp_path / "x.pdf", [1, 2])
    assert [t.box for t in out[1]] == [table] and [t.box for t in out[2]] == [table]
