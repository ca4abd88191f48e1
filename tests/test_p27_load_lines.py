"""load's passes over a document's lines, made cheaper, against the ways they replace (kept
here as the oracles): the lines near a title word, the section splitter's part markers and
headings (tested only where they can be: a marker's first character, a heading's length),
the squeeze of a tab row, and a tab table's rows read without their cells made first."""

from __future__ import annotations

import pytest
from conftest import TEXT_DOCUMENTS
from hypothesis import given, settings
from hypothesis import strategies as st

from zhuzhou_budget.errors import DisclosureError
from zhuzhou_budget.extract import tables
from zhuzhou_budget.extract.grid import layout_columns, tab_columns
from zhuzhou_budget.extract.lines import Line, read_lines, split_cells
from zhuzhou_budget.extract.numbers import _JUSTIFIED, squeeze_cjk_line
from zhuzhou_budget.extract.sections import (
    _HEADING_MARKS,
    _MAX_HEADING,
    _part_marker,
    heading_level,
)
from zhuzhou_budget.extract.titles import TITLE_WORD, _near_title_word

# Texts of the characters the tests look at: marks, spaces of both widths, numerals, 第 部分
# 表, heading words, punctuation, digits and a tab.
_TEXT = st.text(alphabet=list("第一二三十部分表说明情况（）()、。，：-*# \u3000\t1a合计"),
                max_size=60)


def _former_near(lines: list[Line]) -> list[int]:
    worded = [i for i, ln in enumerate(lines) if TITLE_WORD in ln.text]
    return sorted({j for w in worded for j in range(max(0, w - 3), w + 1)})


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["", "表", "收入决算表", "说明", "a表b", "合计"]), max_size=30))
def test_lines_near_a_title_word_are_those_the_set_of_ranges_gave(texts):
    lines = [Line(k, 1, t) for k, t in enumerate(texts, start=1)]
    assert _near_title_word(lines) == _former_near(lines)


@settings(max_examples=500, deadline=None)
@given(_TEXT)
def test_a_heading_is_known_by_its_length_as_heading_level_knows_it(text):
    text = text.strip()  # split_sections passes the stripped line
    quick = (None if len(text.lstrip(_HEADING_MARKS).strip()) > _MAX_HEADING
             else heading_level(text))
    assert quick == heading_level(text)


@pytest.mark.parametrize("text", ["一、" + "说" * 50, "  -* 一、部门职责  ", "#" * 50 + "一、说明",
                                  "一、" + "x" * 43, "一、" + "x" * 44])
def test_headings_at_the_length_bound(text):
    quick = (None if len(text.strip().lstrip(_HEADING_MARKS).strip()) > _MAX_HEADING
             else heading_level(text.strip()))
    assert quick == heading_level(text.strip())


@settings(max_examples=500, deadline=None)
@given(_TEXT)
def test_no_part_marker_without_its_first_character(text):
    if "第" not in text:
        assert _part_marker(text) is None


@settings(max_examples=500, deadline=None)
@given(_TEXT)
def test_a_row_is_squeezed_as_the_pattern_squeezes_it(text):
    assert squeeze_cjk_line(text) == _JUSTIFIED.sub("", text)


def _former_parse_region(tid, region, source, continuation=frozenset(), repeated=frozenset()):
    """tables._parse_region as it was: every data row's cells made, tab rows included."""
    body = tables._sort_lines(tid, region, continuation, repeated)
    table, header, data = body.table, body.header, body.data
    if tables._sources_as_rows(body):
        table.headers = [header[0].text]
        rows = sorted(header[1:] + data, key=lambda ln: ln.no)
        tables.sources_as_rows(table, [(ln, split_cells(ln)) for ln in rows], source)
        return table
    if tables._holds_no_table(body):
        return None
    table.headers = [ln.text for ln in header]
    tabbed = sum(ln.tabbed for ln in header + data) * 2 >= len(header + data)
    hcells = [split_cells(ln) for ln in header]
    dcells = [split_cells(ln) for ln in data]
    columns = tab_columns(hcells, dcells) if tabbed else layout_columns(hcells, dcells)
    parser = {"coded": tables.coded_rows, "summary": tables.summary_rows,
              "economic": tables.economic_rows,
              "three_public": tables.three_public_rows}[table.spec.kind]
    parser(table, columns, list(zip(data, dcells, strict=True)), tabbed, source)
    tables._read_repeats_once(table)
    return table


def test_every_documents_tables_are_read_as_with_every_rows_cells_made(monkeypatch):
    scans = {}
    for path in TEXT_DOCUMENTS:
        lines = read_lines(path)
        try:
            scans[path] = (lines, tables.find_tables(lines, path.name))
        except DisclosureError:
            continue
    monkeypatch.setattr(tables, "_parse_region", _former_parse_region)
    tabbed = 0
    for path, (lines, scan) in scans.items():
        former = tables.find_tables(lines, path.name)
        assert scan.tables == former.tables, path
        assert scan.problems == former.problems and scan.used == former.used
        tabbed += any("\t" in ln.text for ln in lines)
    assert tabbed >= 3 and len(scans) >= 12


def test_a_tab_tables_width_counts_its_rows_given_by_their_tabs():
    header = [split_cells(Line(1, 1, "项目\t金额"))]
    rows = [split_cells(Line(2, 1, "a\t1\t2\t"))]
    assert len(tab_columns(header, rows)) == len(tab_columns(header, [], 4)) == 4
    assert len(tab_columns(header, [], 0)) == 2


def test_a_column_no_rule_names_fails_only_where_a_row_holds_a_value_in_it():
    from zhuzhou_budget.extract.grid import Column
    from zhuzhou_budget.extract.table_model import Table, TableError
    from zhuzhou_budget.extract.table_rows import _map_columns
    from zhuzhou_budget.metadata.tables import TABLES

    spec = TABLES["income"]
    columns = [Column(0, 1, pieces=[(0, "合计")]), Column(1, 2, pieces=[(0, "未知之列")])]

    def mapped(by_row):
        table = Table("income", spec, "收入决算表", 1, 9)
        return _map_columns(table, columns, spec.columns, set(), "x.txt", by_row)

    assert mapped([{0: "1.00"}, {}]) == {0: "total"}  # no row holds a value under it
    with pytest.raises(TableError, match="未知之列"):
        mapped([{0: "1.00"}, {0: "2.00", 1: "3.00"}])
