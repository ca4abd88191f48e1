"""The fast paths of the load stage against the general ways they replace: a cell's amount
read straight from the parse cache (`table_rows._value`) against `to_wan` of
`parse_amount_unit`; a document's pages found by one C-level pass (`line_pages`) against the
line-by-line test; the rows' cells copied from one mapping; an economic table's totals
found by their 计 before their spaces are squeezed."""

from __future__ import annotations

import decimal
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import readable_documents
from hypothesis import given
from hypothesis import strategies as st

from zhuzhou_budget.disclosure import line_pages
from zhuzhou_budget.errors import ValueParseError
from zhuzhou_budget.extract.lines import Line
from zhuzhou_budget.extract.numbers import parse_amount_unit, to_wan
from zhuzhou_budget.extract.table_model import Table
from zhuzhou_budget.extract.table_rows import _value
from zhuzhou_budget.metadata.tables import TABLES

DATA = Path(__file__).parent / "data"


def _value_as_written(table: Table, text: str | None) -> Decimal | None:
    """`_value` as it was first written: the parse, then the conversion to 万元."""
    value, unit = parse_amount_unit(text)
    return to_wan(value, unit or table.unit) if value is not None else None


def _table(unit: str) -> Table:
    return Table("income", TABLES["income"], "收入决算表", 1, 2, unit=unit)


CELLS = ["1,234.50", "(12.30)", "（7）", "-5.00", "0.00", "", "-", "—", None, "12 元", "3.5千元",
         "２２，３９３．８５", "22, 393. 85", "453.05元", "1亿元", "(0.10)万元", "(0.10万元)", "12,3a", "  8  ", "007.10"]


@pytest.mark.parametrize("unit", ["万元", "元", "千元", "亿元"])
@pytest.mark.parametrize("text", CELLS)
def test_a_cell_reads_the_amount_the_parse_and_conversion_give(text, unit):
    table = _table(unit)
    try:
        slow = _value_as_written(table, text)
    except ValueError:  # not a number ((0.10)万元: a unit inside the brackets): both refuse
        with pytest.raises(ValueParseError):
            _value(table, text, "f.txt", "row", "col", 3)
        return
    fast = _value(table, text, "f.txt", "row", "col", 3)
    assert fast == slow and type(fast) is type(slow)
    if fast is not None:
        assert fast.as_tuple() == slow.as_tuple()  # the same digits and exponent


@given(st.one_of(st.none(), st.text(alphabet="0123456789,.()（）-元千万亿 ", max_size=14)),
       st.sampled_from(["万元", "元", "千元", "亿元"]))
def test_any_cell_reads_or_fails_as_the_general_way_does(text, unit):
    table = _table(unit)
    try:
        slow = _value_as_written(table, text)
    except ValueError:
        with pytest.raises(ValueParseError) as raised:
            _value(table, text, "f.txt", "row 1", "amount", 9)
        assert raised.value.line == 9 and "f.txt" in str(raised.value)
        return
    fast = _value(table, text, "f.txt", "row", "col", 3)
    assert fast == slow and (fast is None or fast.as_tuple() == slow.as_tuple())


def test_a_negative_amount_rounds_in_the_callers_context():
    table = _table("万元")
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        assert _value(table, "(12345.67)", "f", "r", "c", 1) == Decimal("-1.23E+4")
        assert _value(table, "(12345.67)", "f", "r", "c", 1) == _value_as_written(
            table, "(12345.67)")
    assert _value(table, "(12345.67)", "f", "r", "c", 1) == Decimal("-12345.67")


def test_a_cell_that_is_no_number_names_where_it_is():
    with pytest.raises(ValueParseError) as raised:
        _value(_table("万元"), "12,3a", "doc.txt", "201 一般公共服务支出", "total", 42)
    err = raised.value
    assert (err.file, err.table, err.row, err.column, err.line) == (
        "doc.txt", "income", "201 一般公共服务支出", "total", 42)


def _pages_line_by_line(lines: list[Line]) -> dict[int, int]:
    if all(ln.page == 1 for ln in lines):
        return {}
    return {ln.no: ln.page for ln in lines}


@pytest.mark.parametrize("pages", [[], [1], [1, 1, 1], [1, 2], [2, 2], [1, 1, 3], [0, 1]])
def test_line_pages_are_the_pages_read_line_by_line(pages):
    lines = [Line(k, p, "x") for k, p in enumerate(pages, start=1)]
    assert line_pages(lines) == _pages_line_by_line(lines)


def test_each_row_holds_its_own_cells_and_the_economic_totals_are_read():
    read = 0
    for path, d in readable_documents():
        read += 1
        for t in d.table_info.values():
            cells = [r.cells for r in t.records]
            assert len({id(c) for c in cells}) == len(cells)  # copies, never one shared dict
            for r in t.records:
                assert set(r.cells) <= set(r.values)
            if t.spec.kind == "economic" and t.has_values:
                totals = [r.item for r in t.records if r.level == "total"]
                assert totals == ["人员经费合计", "公用经费合计"], path.name
    assert read >= 12
