"""What load keeps between documents is keyed by its inputs: a manifest's rows by the
file's bytes (a rewrite of the same size, at once, is read again), and a one-page text is
cut into the lines the general reading makes."""

from __future__ import annotations

import re

import pytest

from zhuzhou_budget.extract.lines import Line, read_lines
from zhuzhou_budget.extract.table_rows import _CLASS_OF_NAME
from zhuzhou_budget.metadata.tables import FUNCTION_CLASSES
from zhuzhou_budget.sources import manifest

ROW = "dept-a,某局,{year},部门决算,doc.txt,{sha},seed\n"
HEADER = ",".join(manifest.FIELDS) + "\n"


def test_a_manifest_rewritten_in_place_is_read_again(tmp_path):
    doc = tmp_path / "doc.txt"
    doc.write_text("x", encoding="utf-8")
    path = tmp_path / "manifest.csv"
    path.write_text(HEADER + ROW.format(year=2023, sha="a" * 64), encoding="utf-8")
    first = manifest.entry_for(doc, path)
    assert first is not None and (first.year, first.sha256) == (2023, "a" * 64)
    assert manifest.entry_for(doc, path) == first  # the saved rows
    # Same size, rewritten at once (the same mtime is likely): read again.
    path.write_text(HEADER + ROW.format(year=2024, sha="b" * 64), encoding="utf-8")
    again = manifest.entry_for(doc, path)
    assert again is not None and (again.year, again.sha256) == (2024, "b" * 64)
    path.write_text(HEADER, encoding="utf-8")
    assert manifest.entry_for(doc, path) is None


def test_saved_rows_are_each_callers_own(tmp_path):
    path = tmp_path / "manifest.csv"
    path.write_text(HEADER + ROW.format(year=2023, sha="a" * 64), encoding="utf-8")
    rows = manifest._rows_as_saved(path)
    rows[0][1]["year"] = "1999"
    assert manifest._rows_as_saved(path) == manifest._rows(path)
    assert manifest._rows(path)[0][1]["year"] == "2023"


def test_one_page_text_makes_the_lines_of_the_general_reading(tmp_path):
    body = "第一行\r\n第二行\r第三行\n\n\t合计\t1.00\n"
    one = tmp_path / "one.txt"
    one.write_bytes(body.encode("utf-8"))
    expected = [Line(1, 1, "第一行"), Line(2, 1, "第二行"), Line(3, 1, "第三行"),
                Line(4, 1, ""), Line(5, 1, "\t合计\t1.00")]
    assert read_lines(one) == expected
    # A form feed ending the last line turns the page under it (the general way): the same
    # lines, that one on page 2.
    paged = tmp_path / "paged.txt"
    paged.write_bytes(body.replace("1.00\n", "1.00\f\n").encode("utf-8"))
    assert read_lines(paged) == [*expected[:4], Line(5, 2, "\t合计\t1.00")]


def test_function_classes_by_name_as_the_search_in_order_finds():
    for name in set(FUNCTION_CLASSES.values()) | {"", "无此类"}:
        assert _CLASS_OF_NAME.get(name, "") == next(
            (c for c, n in FUNCTION_CLASSES.items() if n == name), "")


@pytest.mark.parametrize("body", ["a", "a\n", "a\n\n", "\n", "\n\n", "a\nb", "a\n\nb\n\n\n",
                                  "甲\t1.00\n乙\n", "a\r\nb\n", "a\rb\r"])
def test_lines_cut_by_newlines_alone_as_by_every_line_break(tmp_path, body):
    # A text without \r is cut by str.split; with \r by the general pattern: the same pieces.
    path = tmp_path / "t.txt"
    path.write_bytes(("x" + body).encode("utf-8"))  # never empty
    pieces = re.split(r"\r\n|\n|\r", re.sub(r"(\r\n|\n|\r)\Z", "", "x" + body))
    assert [ln.text for ln in read_lines(path)] == pieces
    assert [ln.no for ln in read_lines(path)] == list(range(1, len(pieces) + 1))


def test_merged_columns_as_found_column_by_column():
    # _merge_split_columns finds each column's filled rows in one pass over the rows: the
    # fixtures' coded tables read the same records as before (their frames are held to the
    # answer keys elsewhere); here the pass itself against the column-by-column sets.
    from zhuzhou_budget.extract import table_rows
    from zhuzhou_budget.extract.grid import Column

    columns = [Column(0, 1, pieces=[(0, "科目编码")]), Column(1, 2, pieces=[(0, "科目名称")]),
               Column(2, 3, pieces=[(0, "合计")]), Column(3, 4)]
    by_row = [{0: "201", 1: "一般公共服务支出", 3: "1.00"}, {0: "20101", 2: "2.00", 3: " "},
              {1: "合计", 2: "3.00"}]
    merged = table_rows._merge_split_columns(columns, by_row, {0, 1}, _coded_spec())
    # Column 3 (unheaded, filled only where column 2 is not) joins column 2.
    assert merged == [{0: "201", 1: "一般公共服务支出", 2: "1.00"},
                      {0: "20101", 2: "2.00", 3: " "}, {1: "合计", 2: "3.00"}]


def _coded_spec():
    from zhuzhou_budget.metadata.tables import TABLES
    return next(t for t in TABLES.values() if t.kind == "coded")
