"""Documents of the national template (部门决算公开, 2024): the real PDFs of tests/data, their
text shapes, and one small fixture per rule of the template that the Zhuzhou text lacks.

The rules (extract/tables.py, extract/grid.py): summary tables without 行次 (sides split at
the second 项目 column or the 支出 heading, rows known by label, `line` in print order,
continued on the next page); a row that is both the lowest header row and the 合计 row
(cells classified, not rows); codes printed over 类/款/项 columns and economic codes as
类 | 款; fund and state-capital tables in the 收入支出 shape; titles broken over two lines or
interrupted; justified cell text; a missing table named; a table's error naming the table.
"""

from __future__ import annotations

import csv
import hashlib
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import ROOT

import zhuzhou_budget as zb
from zhuzhou_budget.errors import DisclosureError, ValueParseError
from zhuzhou_budget.extract.lines import Line, display_width
from zhuzhou_budget.extract.table_model import TableError
from zhuzhou_budget.extract.titles import find_titles
from zhuzhou_budget.metadata.templates import TEMPLATES

# The nine tables of the current national template.
TABLES = TEMPLATES["national-2020"].tables

DATA = ROOT / "tests" / "data"
PUTUO_PDF = DATA / "shanghai-putuo-czj-2024-final-accounts.pdf"
TEMPLATE_PDF = DATA / "national-template-2024-final-accounts.pdf"
PUTUO_TEXT = {"layout": DATA / "shanghai-putuo-czj-2024-layout.txt",
              "tab": DATA / "shanghai-putuo-czj-2024-tab.txt"}
TEMPLATE_TEXT = {"layout": DATA / "national-template-2024-layout.txt",
                 "tab": DATA / "national-template-2024-tab.txt"}
EXPECTED = DATA / "expected_cells_putuo_2024.csv"
SHA256 = {
    TEMPLATE_PDF.name: "deb3a453319935a1cf47f3dc6305e14041fb37f30637a57da5ab48fc8f2c8b4f",
    PUTUO_PDF.name: "d45e923176f9fe4b6533829d3a2fe67f8cbcd55d07099dabf73aca62701f8eb5",
}
FACT_COLS = ["table", "code", "item", "column", "amount", "level", "side", "line"]

sys.path.insert(0, str(ROOT / "scripts"))


# ---- the real documents -----------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(SHA256))
def test_real_pdfs_are_byte_copies(name):
    assert hashlib.sha256((DATA / name).read_bytes()).hexdigest() == SHA256[name]


def test_text_fixtures_are_what_the_script_writes(tmp_path):
    pytest.importorskip("pdfplumber")
    import make_national_text_fixtures as script

    for pdf, shapes in ((PUTUO_PDF, PUTUO_TEXT), (TEMPLATE_PDF, TEMPLATE_TEXT)):
        layout, tab = script.write(pdf, tmp_path)
        assert layout.read_bytes() == shapes["layout"].read_bytes(), pdf.name
        assert tab.read_bytes() == shapes["tab"].read_bytes(), pdf.name


def _expected() -> list[dict]:
    with open(EXPECTED, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _cell(d: zb.Disclosure, table: str, key: str, column: str):
    f = d.tables[table]
    if "|" in key:  # summary line: side|label, #n for the n-th line of that label
        side, label = key.split("|")
        label, _, nth = label.partition("#")
        rows = f[(f["side"] == side) & (f["item"] == label)]
        return rows.iloc[int(nth or 1) - 1][column]
    if table == "three_public":
        rows = f[f["level"] == key]
    elif key[0].isdigit():
        rows = f[f["code"] == key]
    else:
        rows = f[(f["code"] == "") & (f["item"] == key)]
    assert len(rows) == 1, (table, key, len(rows))
    return rows.iloc[0][column]


def _assert_expected(d: zb.Disclosure) -> int:
    rows = _expected()
    for r in rows:
        got = _cell(d, r["table"], r["key"], r["column"])
        want = Decimal(r["amount"].replace(",", "")) if r["amount"] else None
        assert (got is None) == (want is None), r
        if want is not None:
            assert isinstance(got, Decimal) and str(got) == str(want), (r, got)
    return len(rows)


@pytest.fixture(scope="module")
def putuo_text() -> dict[str, zb.Disclosure]:
    return {shape: zb.load(path) for shape, path in PUTUO_TEXT.items()}


@pytest.mark.parametrize("shape", ["layout", "tab"])
def test_putuo_text_gives_every_transcribed_cell(putuo_text, shape):
    d = putuo_text[shape]
    assert d.missing_tables == []
    assert _assert_expected(d) == 116


def test_putuo_summary_balances_as_printed(putuo_text):
    f = putuo_text["layout"].tables["income_expenditure_summary"]
    lines = {(r.side, r.item): (r.line, r.amount) for r in f.itertuples()}
    assert lines["income", "本年收入合计"] == (9, Decimal("2946.25"))
    assert lines["income", "年初结转和结余"] == (11, Decimal("49.14"))
    assert lines["income", "总计"] == (12, Decimal("2995.39"))
    assert lines["expenditure", "本年支出合计"] == (27, Decimal("2940.05"))
    assert lines["expenditure", "年末结转和结余"] == (29, Decimal("55.34"))
    assert lines["expenditure", "总计"] == (30, Decimal("2995.39"))
    # The continuation on the next page belongs to the same table.
    assert putuo_text["layout"].line_pages[f.set_index("item").loc["结余分配", "source_line"]] == 7


def test_putuo_text_shapes_agree(putuo_text):
    a, b = (putuo_text[s].facts[FACT_COLS].astype(str).reset_index(drop=True)
            for s in ("layout", "tab"))
    assert a.equals(b)
    assert len(a) == 577


@pytest.mark.parametrize("shape", ["layout", "tab"])
def test_blank_template_text_is_nine_empty_tables(shape):
    _assert_blank_template(zb.load(TEMPLATE_TEXT[shape]))


def _assert_blank_template(d: zb.Disclosure) -> None:
    assert sorted(d.tables) == sorted(TABLES) and d.missing_tables == []
    # Every table read whole: the blank form is complete; its empty tables, which do not say
    # why they are empty, are the document's C2 findings, not gaps in what was read.
    assert d.complete and d.gaps == []
    c2 = zb.reconcile(d).query("check == 'C2.empty_table'")
    # The two fund tables print the template's 本单位没有…故本表无数据 sentence: info.
    assert sorted(c2.loc[c2["severity"] == "info", "table"]) == ["government_fund",
                                                                 "state_capital"]
    assert (c2["severity"] == "error").sum() == 7
    assert d.facts["amount"].isna().all() and len(d.facts) > 0
    for tid, frame in d.tables.items():
        assert frame.attrs["headers"], tid  # headers found
        if tid != "three_public":  # 三公 has no row at all in the template
            assert frame.attrs["column_labels"], tid
    fund = d.tables["state_capital"].attrs["column_labels"]
    assert fund["total"] == "本年支出合计" and fund["opening_balance"] == "年初结转和结余"


@pytest.mark.slow
def test_putuo_pdf_gives_every_transcribed_cell_and_the_text_facts(putuo_text):
    d = zb.load(PUTUO_PDF)
    assert sorted(d.tables) == sorted(TABLES) and d.missing_tables == []
    assert _assert_expected(d) == 116
    pdf_facts = d.facts[FACT_COLS].astype(str).reset_index(drop=True)
    for shape, text in putuo_text.items():
        assert pdf_facts.equals(text.facts[FACT_COLS].astype(str).reset_index(drop=True)), shape
    rec = next(r for r in d.table_info["income"].records if r.code == "2010601")
    assert rec.printed_code == "201 06 01"


@pytest.mark.slow
def test_blank_template_pdf_is_nine_empty_tables():
    _assert_blank_template(zb.load(TEMPLATE_PDF))


# ---- one small fixture per rule -----------------------------------------------------------------

def _write(tmp_path: Path, text: str, name: str = "doc.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _layout(rows: list[list[str]], starts: list[int]) -> str:
    """Cells at fixed display columns, as pdftotext -layout prints a table."""
    out = []
    for row in rows:
        line = ""
        for text, col in zip(row, starts, strict=False):
            if text:
                line += " " * max(col - display_width(line), 2 if line else 0) + text
        out.append(line)
    return "\n".join(out)


SUMMARY_ROWS = [
    ["收入", "", "支出", ""],
    ["项目", "决算数", "项目", "决算数"],
    ["一、一般公共预算财政拨款收入", "1,000.00", "一、一般公共服务支出", "900.00"],
    ["二、其他收入", "5.00", "二、住房保障支出", "100.00"],
    ["本年收入合计", "1,005.00", "本年支出合计", "1,000.00"],
    ["\f使用非财政拨款结余（含专用结余）", "", "结余分配", ""],  # next page, no header
    ["年初结转和结余", "10.00", "年末结转和结余", "15.00"],
    ["总计", "1,015.00", "总计", "1,015.00"],
]


def _summary_doc(shape: str) -> str:
    body = ("\n".join("\t".join(r) for r in SUMMARY_ROWS) if shape == "tab"
            else _layout(SUMMARY_ROWS, [0, 36, 48, 80]))
    return f"部门决算\n收入支出决算总表\n单位：万元\n{body}\n"


@pytest.mark.parametrize("shape", ["tab", "layout"])
def test_summary_without_line_numbers(tmp_path, shape):
    d = zb.load(_write(tmp_path, _summary_doc(shape)))
    t = d.table_info["income_expenditure_summary"]
    assert t.line_numbers is False
    got = [(r.side, r.line, r.item, r.code, r.values["amount"]) for r in t.records]
    assert got == [
        ("income", 1, "一、一般公共预算财政拨款收入", "", Decimal("1000.00")),
        ("income", 2, "二、其他收入", "", Decimal("5.00")),
        ("income", 3, "本年收入合计", "", Decimal("1005.00")),
        ("income", 4, "使用非财政拨款结余（含专用结余）", "", None),
        ("income", 5, "年初结转和结余", "", Decimal("10.00")),
        ("income", 6, "总计", "", Decimal("1015.00")),
        ("expenditure", 1, "一、一般公共服务支出", "201", Decimal("900.00")),
        ("expenditure", 2, "二、住房保障支出", "221", Decimal("100.00")),
        ("expenditure", 3, "本年支出合计", "", Decimal("1000.00")),
        ("expenditure", 4, "结余分配", "", None),
        ("expenditure", 5, "年末结转和结余", "", Decimal("15.00")),
        ("expenditure", 6, "总计", "", Decimal("1015.00")),
    ]
    assert [r.row for r in t.records] == list(range(1, 13))
    assert d.missing_tables == [tid for tid in TABLES if tid != "income_expenditure_summary"]


def test_summary_sides_split_at_the_expenditure_heading(tmp_path):
    # One 项目 column only: the 支出 heading over the right half tells the sides apart.
    text = ("部门决算\n收入支出决算总表\n单位：万元\n收入\t\t支出\t\n项目\t金额\t科目\t金额\n"
            "一、其他收入\t5.00\t一、一般公共服务支出\t5.00\n总计\t5.00\t总计\t5.00\n")
    t = zb.load(_write(tmp_path, text)).table_info["income_expenditure_summary"]
    assert [(r.side, r.line, r.values["amount"]) for r in t.records] == [
        ("income", 1, Decimal("5.00")), ("income", 2, Decimal("5.00")),
        ("expenditure", 1, Decimal("5.00")), ("expenditure", 2, Decimal("5.00"))]


INCOME_ROWS = [
    ["项目", "", "", "", "本年收入合计", "财政拨款收入", "其他收入"],
    ["支出功能分类科目编码", "", "", "科目名称", "", "", ""],
    ["类", "款", "项", "合 计", "1,005.00", "1,000.00", "5.00"],  # header and 合计 in one row
    ["201", "", "", "一般公共服务支出", "905.00", "900.00", "5.00"],
    ["201", "06", "", "财政事务", "905.00", "900.00", "5.00"],
    ["201", "06", "01", "行政运行", "905.00", "900.00", "5.00"],
    ["221", "", "", "住房保障支出", "100.00", "100.00", ""],
]


@pytest.mark.parametrize("shape", ["tab", "layout"])
def test_header_and_total_in_one_row_and_codes_over_three_columns(tmp_path, shape):
    body = ("\n".join("\t".join(r) for r in INCOME_ROWS) if shape == "tab"
            else _layout(INCOME_ROWS, [0, 6, 12, 18, 44, 58, 72]))
    d = zb.load(_write(tmp_path, f"部门决算\n收入决算表\n单位：万元\n{body}\n"))
    t = d.table_info["income"]
    got = [(r.code, r.printed_code, r.item, r.level, r.values["total"], r.values["other"])
           for r in t.records]
    assert got == [
        ("", "", "合计", "total", Decimal("1005.00"), Decimal("5.00")),
        ("201", "201", "一般公共服务支出", "类", Decimal("905.00"), Decimal("5.00")),
        ("20106", "201 06", "财政事务", "款", Decimal("905.00"), Decimal("5.00")),
        ("2010601", "201 06 01", "行政运行", "项", Decimal("905.00"), Decimal("5.00")),
        ("221", "221", "住房保障支出", "类", Decimal("100.00"), None),
    ]
    assert t.column_labels["total"] == "本年收入合计"


def test_codes_in_unnamed_columns_under_the_code_heading(tmp_path):
    text = ("部门决算\n支出决算表\n单位：万元\n"
            "科目编码\t\t\t科目名称\t本年支出合计\t基本支出\t项目支出\n"
            "合计\t\t\t\t100.00\t60.00\t40.00\n"
            "201\t\t\t一般公共服务支出\t100.00\t60.00\t40.00\n"
            "201\t06\t01\t行政运行\t100.00\t60.00\t40.00\n")
    t = zb.load(_write(tmp_path, text)).table_info["expenditure"]
    assert [(r.code, r.level) for r in t.records] == [("", "total"), ("201", "类"),
                                                      ("2010601", "项")]


def test_code_printed_with_spaces_in_one_cell(tmp_path):
    text = ("部门决算\n一般公共预算财政拨款支出决算表\n单位：万元\n"
            "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
            "201\t一般公共服务支出\t10.00\t10.00\t\n"
            "201 06\t财政事务\t10.00\t10.00\t\n"
            "201 06 01\t行政运行\t10.00\t10.00\t\n合计\t\t10.00\t10.00\t\n")
    t = zb.load(_write(tmp_path, text)).table_info["general_budget_expenditure"]
    assert [(r.code, r.printed_code, r.level) for r in t.records] == [
        ("201", "201", "类"), ("20106", "201 06", "款"), ("2010601", "201 06 01", "项"),
        ("", "", "total")]


FUND_HEADER = ("项目\t\t年初结转和结余\t本年收入\t本年支出\t\t\t年末结转和结余\n"
               "功能分类科目编码\t科目名称\t\t\t\t\t\t\n"
               "合计\t\t\t\t合计\t基本支出\t项目支出\t\n")  # 合计 row with the sub-headings


@pytest.mark.parametrize("title", ["政府性基金预算财政拨款收入支出决算表",
                                   "国有资本经营预算财政拨款收入支出决算表"])
def test_fund_tables_in_the_income_expenditure_shape(tmp_path, title):
    text = (f"部门决算\n{title}\n单位：万元\n{FUND_HEADER}"
            "212\t城乡社区支出\t1.00\t2.00\t2.50\t\t2.50\t0.50\n")
    tid = "government_fund" if "基金" in title else "state_capital"
    d = zb.load(_write(tmp_path, text))
    frame = d.tables[tid]
    assert list(frame.columns) == ["row", "code", "item", "level", "opening_balance", "income",
                                   "total", "basic", "project", "closing_balance", "source_line"]
    total, row = d.table_info[tid].records
    assert total.item == "合计" and set(total.values.values()) == {None}
    assert row.values == {"opening_balance": Decimal("1.00"), "income": Decimal("2.00"),
                          "total": Decimal("2.50"), "basic": None, "project": Decimal("2.50"),
                          "closing_balance": Decimal("0.50")}
    assert frame.attrs["column_labels"]["total"] == "本年支出合计"


def test_economic_codes_as_class_and_item_columns(tmp_path):
    text = ("部门决算\n一般公共预算财政拨款基本支出决算表\n单位：万元\n"
            "经济分类\t\t科目名称\t决算数\t经济分类\t\t科目名称\t决算数\n"
            "科目编码\t\t\t\t科目编码\t\t\t\n"
            "类\t款\t\t\t类\t款\t\t\n"
            "301\t\t工资福利支出\t100.00\t302\t\t商品和服务支出\t20.00\n"
            "301\t01\t基本工资\t1,100.00\t302\t12\t因 公 出 国 （ 境 ） 费用\t20.00\n"
            "人员经费合计\t\t\t1,100.00\t公用经费合计\t\t\t20.00\n")
    t = zb.load(_write(tmp_path, text)).table_info["basic_expenditure"]
    got = [(r.code, r.printed_code, r.item, r.values["amount"]) for r in t.records]
    assert got == [
        ("301", "301", "工资福利支出", Decimal("100.00")),
        ("30101", "301 01", "基本工资", Decimal("1100.00")),
        ("302", "302", "商品和服务支出", Decimal("20.00")),
        ("30212", "302 12", "因公出国（境）费用", Decimal("20.00")),  # justified text
        ("", "", "人员经费合计", Decimal("1100.00")),
        ("", "", "公用经费合计", Decimal("20.00")),
    ]


def _lines(*texts: str) -> list[Line]:
    return [Line(i, 1, t) for i, t in enumerate(texts, start=1)]


def test_titles_broken_over_lines_or_interrupted():
    lines = _lines("一般公共预算财政拨款基本支出决算", "表", "单位：万元",
                   "国有资本经营预算财政拨款收入", "公开09表", "支出决算表",
                   "上海市XX局2024年度", "财政拨款“三公”经费支出决算表",
                   "二、收入决算情况说明", "本年收入合计2946.25万元。")
    assert [(i, tid, cont) for i, tid, cont in find_titles(lines)] == [
        (0, "basic_expenditure", {2}),
        (3, "state_capital", {6}),
        (7, "three_public", set()),  # a title line of its own, the line above not joined
    ]


def test_broken_title_loads_with_its_table(tmp_path):
    text = ("部门决算\n一般公共预算财政拨款支出决\n公开05表\n算表\n单位：万元\n"
            "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
            "201\t一般公共服务支出\t10.00\t10.00\t\n合计\t\t10.00\t10.00\t\n")
    d = zb.load(_write(tmp_path, text))
    t = d.table_info["general_budget_expenditure"]
    assert t.title == "一般公共预算财政拨款支出决算表" and t.number == "05"
    assert [r.code for r in t.records] == ["201", ""]
    assert t.headers == ["科目编码\t科目名称\t合计\t基本支出\t项目支出"]


def test_a_table_error_names_the_table_and_line(tmp_path):
    text = ("部门决算\n收入决算表\n单位：万元\n科目编码\t科目名称\t本年收入合计\t神秘收入\n"
            "201\t一般公共服务支出\t10.00\t10.00\n")
    with pytest.raises(TableError) as exc:
        zb.load(_write(tmp_path, text), strict=True)
    assert exc.value.table == "income" and exc.value.line == 2
    assert "收入决算表 (line 2)" in str(exc.value) and "神秘收入" in str(exc.value)
    assert isinstance(exc.value, DisclosureError)
    with pytest.raises(DisclosureError, match="no table could be read: .*神秘收入"):
        zb.load(_write(tmp_path, text, "lenient.txt"))  # its only table: nothing usable
    bad = _summary_doc("tab").replace("5.00\t二、住房", "5.0.0\t二、住房")
    with pytest.raises(ValueParseError) as exc2:
        zb.load(_write(tmp_path, bad, "bad.txt"), strict=True)
    assert "income_expenditure_summary" in str(exc2.value) and "line 7" in str(exc2.value)


@pytest.mark.slow
def test_the_filled_pdf_narrative_reads_completely():
    """Every 项 item with its 年初预算 and 决算, no figure left unattributed, and the only
    errors are the document's own two defects: 财政拨款收入支出总计 stated as 0.3 万元 (the
    table prints 2,961.68) and 一般公共服务支出 stated as 71.73 % of 2,940.05 (2,106.66 is
    71.65 %; the four shares add up to 100.07 %)."""
    d = zb.load(DATA / "shanghai-putuo-czj-2024-final-accounts.pdf")
    be = d.budget_execution
    assert len(be) == 11 and be["code"].str.len().eq(7).all()
    assert [str(v) for v in be["budget_initial"]] == [
        "1560.05", "10.00", "135.90", "450.52", "85.55", "161.62", "80.81", "0.94", "62.29",
        "187.75", "258.50"]
    assert list(be["direction"]).count("持平") == 3
    facts = d.narrative_facts
    assert not (facts.subject == "unattributed").any()
    f = zb.reconcile(d)
    errors = f[f.severity == "error"]
    assert sorted(errors.check) == ["N1.narrative_vs_table", "N2.share"]
    n1 = errors[errors.check == "N1.narrative_vs_table"].iloc[0]
    assert (str(n1.actual), str(n1.expected)) == ("0.3", "2961.68") and n1.page == 21
    assert not (f.severity == "warning").any()
