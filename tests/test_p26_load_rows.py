"""The fast paths of the load stage (sixth round) against the general ways they replace: a
row's amounts read in one pass (`_row_values`) against `_value` of each cell; a printed
code split once (`_printed_code`) against `_split_code(_joined_code(...))`; a text read
through one open file, its digest from the bytes read (`_text_bytes`, `lines_of`,
`verify(entry, digest)`) against `is_pdf`, `read_lines` and `sha256_of` of the file; a tab
row placed from its text at once (`tab_texts`) against its cells placed one by one."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from conftest import TEXT_DOCUMENTS
from hypothesis import given
from hypothesis import strategies as st

import zhuzhou_budget as zb
from zhuzhou_budget.disclosure import _text_bytes
from zhuzhou_budget.errors import DisclosureError, ManifestError, ValueParseError
from zhuzhou_budget.extract.grid import assign, row_texts, tab_texts
from zhuzhou_budget.extract.lines import Line, lines_of, read_lines, split_cells, text_cells
from zhuzhou_budget.extract.pdf import PDF_HEAD, is_pdf, is_pdf_head
from zhuzhou_budget.extract.table_model import Table
from zhuzhou_budget.extract.table_rows import (
    _joined_code,
    _printed_code,
    _row_values,
    _split_code,
    _value,
)
from zhuzhou_budget.metadata.tables import TABLES
from zhuzhou_budget.sources import manifest

ROOT = Path(__file__).resolve().parents[1]
CELLS = ["1,234.50", "(12.30)", "（7）", "-5.00", "0.00", "", "-", "—", "12 元", "3.5千元",
         "２２，３９３．８５", "22, 393. 85", "453.05元", "1亿元", "(0.10)", "  8  ", "007.10",
         "-0.00", "(0.00)", "12万元"]


def _values_cell_by_cell(table: Table, texts: dict[int, str], columns, row: str,
                         line: int) -> dict[str, Decimal | None]:
    """What the rows read before: `_value` of each cell, in the columns' order."""
    return {cid: _value(table, texts.get(i), "f.txt", row, cid, line) for i, cid in columns}


def _same(fast: dict, slow: dict) -> None:
    assert list(fast) == list(slow)
    for cid, value in slow.items():
        assert type(fast[cid]) is type(value)
        if value is not None:
            assert fast[cid].as_tuple() == value.as_tuple()  # digits and exponent alike


@pytest.mark.parametrize("unit", ["万元", "元", "千元", "亿元"])
def test_a_rows_values_are_each_cells_value(unit):
    table = Table("income", TABLES["income"], "收入决算表", 1, 2, unit=unit)
    texts = dict(enumerate(CELLS))
    columns = tuple((i, f"c{i}") for i in range(len(CELLS) + 2))  # two columns blank
    _same(_row_values(table, texts, columns, "f.txt", "201", 7),
          _values_cell_by_cell(table, texts, columns, "201", 7))


@given(st.lists(st.one_of(st.none(), st.sampled_from(CELLS),
                          st.text(alphabet="0123456789,.()（）-元千万亿 ", max_size=10)),
                max_size=6),
       st.sampled_from(["万元", "元", "千元"]))
def test_any_row_reads_or_fails_as_cell_by_cell(cells, unit):
    table = Table("income", TABLES["income"], "收入决算表", 1, 2, unit=unit)
    texts = {i: t for i, t in enumerate(cells) if t is not None}
    columns = tuple((i, f"c{i}") for i in range(len(cells)))
    try:
        slow = _values_cell_by_cell(table, texts, columns, "row 3", 9)
    except ValueParseError as exc:
        with pytest.raises(ValueParseError) as raised:
            _row_values(table, texts, columns, "f.txt", "row 3", 9)
        got = raised.value
        assert (got.file, got.table, got.row, got.column, got.line) == (
            exc.file, exc.table, exc.row, exc.column, exc.line)
        return
    _same(_row_values(table, texts, columns, "f.txt", "row 3", 9), slow)


PRINTED = ["", "201", "201 06 01", "2010601", "[201]一般公共服务支出", "【30101】基本工资",
           "208 社会保障和就业支出", "2080505机关事业单位基本养老保险缴费支出", "合计", "总计",
           "738.86", "２０１ ０６", "201 6 01", "30101 基本工资 ", "类 款 项", "201 一般 公共"]


@pytest.mark.parametrize("item", ["", "行政运行", " 其他 "])
@pytest.mark.parametrize("printed", PRINTED)
def test_a_printed_code_splits_as_joined_then_split(printed, item):
    code, named = _printed_code(printed)
    fast = (code, item if named is None else (named + " " + item).strip())
    assert fast == _split_code(_joined_code(printed), item)


@given(st.text(alphabet="0123456789 []【】一般公共服务支出合计.", max_size=16),
       st.sampled_from(["", "名称"]))
def test_any_printed_code_splits_as_joined_then_split(printed, item):
    code, named = _printed_code(printed)
    assert (code, item if named is None else (named + " " + item).strip()) == _split_code(
        _joined_code(printed), item)


HEADS = [b"", b"%PDF-1.7\n", b"\xef\xbb\xbf%PDF-1.4", b"  \r\n%PDF-", b"text %PDF- quoted\n",
         b"\x00\x01%PDF-1.3 binary", "正文 %PDF-".encode(), b"x" * 2000 + b"%PDF-"]


@pytest.mark.parametrize("head", HEADS)
def test_one_read_tells_a_pdf_and_keeps_a_texts_bytes(tmp_path, head):
    path = tmp_path / "doc"
    path.write_bytes(head)
    assert is_pdf_head(head[:PDF_HEAD]) is is_pdf(path)
    assert _text_bytes(path) == (None if is_pdf(path) else path.read_bytes())


def test_an_unreadable_source_is_refused_in_one_line(tmp_path):
    with pytest.raises(DisclosureError, match="cannot read file"):
        _text_bytes(tmp_path / "missing.txt")


@pytest.mark.parametrize("path", TEXT_DOCUMENTS, ids=lambda p: p.name)
def test_the_lines_of_the_bytes_read_are_the_files_lines(path):
    try:
        expected = read_lines(path)
    except DisclosureError as exc:
        with pytest.raises(DisclosureError) as raised:
            lines_of(path.read_bytes(), path)
        assert str(raised.value) == str(exc)
        return
    assert lines_of(path.read_bytes(), path) == expected


def test_a_digest_given_is_checked_as_the_files(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"abc")
    right = manifest.sha256_of(path)
    entry = manifest.Entry("a", "", 2024, "", "a.txt", right, "", tmp_path)
    manifest.verify(entry)
    manifest.verify(entry, right)
    wrong = manifest.Entry("a", "", 2024, "", "a.txt", "0" * 64, "", tmp_path)
    with pytest.raises(ManifestError) as by_file:
        manifest.verify(wrong)
    with pytest.raises(ManifestError) as by_digest:
        manifest.verify(wrong, right)
    assert str(by_digest.value) == str(by_file.value)


def test_the_digest_of_a_load_is_the_files():
    listed = sorted((ROOT / "data" / "raw").glob("*/*.txt"))  # in the manifest: verified
    for path in [*listed, *sorted((ROOT / "tests" / "data").glob("*.txt"))[:3]]:
        try:
            d = zb.load(path)
        except DisclosureError:
            continue
        assert d.meta.sha256 == manifest.sha256_of(path)
    assert listed


def test_an_edited_listed_file_is_refused_before_it_is_read(tmp_path):
    source = sorted((ROOT / "data" / "raw").glob("*/*.txt"))[0]
    copy = tmp_path / "doc.txt"
    copy.write_bytes(source.read_bytes() + b"\n")
    sheet = tmp_path / "manifest.csv"
    sheet.write_text("department_id,department,year,kind,file,sha256,provenance\n"
                     f"d,部门,2024,部门决算,doc.txt,{manifest.sha256_of(source)},x\n",
                     encoding="utf-8")
    with pytest.raises(ManifestError, match="does not match the manifest"):
        zb.load(copy, manifest=sheet)


TAB_TEXTS = ["201\t一般公共服务支出\t1,234.00\t\t5.00", "\t合 计\t 1.00 ", "合\u3000计\t\u3000\u3000中 文 \t",
             "中 \t 文", "类\t款\t项\t科目名称", "\t\t", "a b\tc  d\t中 a 文", "中 \u3000a\t\u3000 中",
             "\t（ 一 ）\t其 他\t", "x\t", "\t"]


def _assigned(text: str) -> dict[int, str]:
    """How a tab row was placed before: its cells cut, each squeezed, put at its index."""
    return assign(text_cells(text), [], True)


@pytest.mark.parametrize("text", TAB_TEXTS)
def test_a_tab_row_is_placed_as_its_cells_are(text):
    assert tab_texts(text) == _assigned(text)
    assert list(tab_texts(text)) == list(_assigned(text))  # in the same order


@given(st.text(alphabet="\t 　中文合计a1.,（）", max_size=24))
def test_any_tab_row_is_placed_as_its_cells_are(body):
    text = body + "\t"  # a row holding tabs
    assert list(tab_texts(text).items()) == list(_assigned(text).items())


def test_a_row_without_tabs_is_placed_by_its_cells():
    line = Line(1, 1, "201  一般公共服务支出    1,234.00")
    cells = split_cells(line)
    assert row_texts(line, cells, [], True) == assign(cells, [], True)


@pytest.mark.parametrize("args", [("合 计", 0, 1), ("", 3, 4), ("２０１", 1, 2)])
def test_a_cell_made_fast_is_the_dataclasss_cell(args):
    from zhuzhou_budget.extract.lines import Cell, _new_cell
    fast, slow = _new_cell(*args), Cell(*args)
    assert fast == slow and hash(fast) == hash(slow) and vars(fast) == vars(slow)
    assert fast.norm == slow.norm and fast.center == slow.center
    with pytest.raises(AttributeError):  # still frozen
        fast.text = "x"  # type: ignore[misc]
