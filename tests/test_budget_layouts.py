"""Budget table layouts read by general rules, each on a small tab-text fixture of its own:
a table of one row of amounts under its headings (its total), a code printed in 类 | 款 | 项
parts with its leading parts blank, amounts wrapped onto a line of their own, and amounts
printed in an unheaded column beside their own."""

from __future__ import annotations

from decimal import Decimal

from zhuzhou_budget.extract.lines import Line
from zhuzhou_budget.extract.tables import find_tables

D = Decimal


def _scan(text: str):
    lines = [Line(n, 1, t) for n, t in enumerate(text.strip("\n").split("\n"), start=1)]
    return find_tables(lines, "fixture.txt", document="budget")


def _rows(table):
    return [(r.code, r.item, r.level, dict(r.values)) for r in table.records]


def test_a_single_row_of_amounts_under_the_headings_is_the_total_row():
    scan = _scan("""
某大学收入预算表
单位：万元
本年收入合计\t财政拨款收入\t上级补助收入\t事业收入\t\t其他收入
\t\t\t金额\t其中：教育收费\t
445,059.97\t244,675.66\t\t141,934.81\t86,701.51\t58,449.50
""")
    table = scan.tables["budget_income"]
    assert not scan.problems
    [rec] = table.records
    assert (rec.code, rec.level) == ("", "total")
    assert rec.values["total"] == D("445059.97")
    assert rec.values["general_budget"] == D("244675.66")
    assert rec.values["superior_subsidy"] is None  # blank, not 0
    assert rec.values["business"] == D("141934.81")
    assert rec.values["business_tuition"] == D("86701.51")
    assert rec.values["other"] == D("58449.50")
    assert table.column_labels["total"] == "本年收入合计"


def test_a_second_unlabelled_row_of_amounts_is_not_a_row():
    # Only the body's first row may go without a label: a later one is no row of the table.
    scan = _scan("""
某大学收入预算表
单位：万元
本年收入合计\t财政拨款收入\t其他收入
300.00\t200.00\t100.00
50.00\t50.00\t
""")
    table = scan.tables["budget_income"]
    assert [r.values["total"] for r in table.records] == [D("300.00")]
    assert table.skipped_lines == [5]


_PARTS = """
2026年部门支出总体情况表
单位：万元
科目编码\t\t\t功能科目\t总计\t基本支出\t项目支出
类\t款\t项\t\t\t\t
\t\t\t合计\t1,935.36\t1,517.95\t417.41
201\t\t\t一般公共服务支出\t1,935.36\t1,517.95\t417.41
\t40\t\t信访事务\t1,935.36\t1,517.95\t417.41
\t\t01\t行政运行\t1,517.95\t1,517.95\t
201\t40\t04\t信访业务\t417.41\t\t417.41
208\t\t\t社会保障和就业支出\t10.00\t10.00\t
\t05\t\t行政事业单位养老支出\t10.00\t10.00\t
"""


def test_a_code_printed_in_parts_takes_its_blank_leading_parts_from_the_row_above():
    table = _scan(_PARTS).tables["budget_expenditure"]
    assert [(c, i, lv) for c, i, lv, _ in _rows(table)] == [
        ("", "合计", "total"), ("201", "一般公共服务支出", "类"), ("20140", "信访事务", "款"),
        ("2014001", "行政运行", "项"), ("2014004", "信访业务", "项"),
        ("208", "社会保障和就业支出", "类"), ("20805", "行政事业单位养老支出", "款")]
    kuan = table.records[2]
    assert (kuan.values["total"], kuan.values["basic"], kuan.values["project"]) == (
        D("1935.36"), D("1517.95"), D("417.41"))
    assert kuan.printed_code == "201 40"


_WRAPPED = """
财政拨款基本支出预算表（经济科目）
单位：万元
科目编码\t\t科目名称\t\t金额\t\t
\t合计\t\t\t\t21,968.00\t
301\t\t工资福利支出\t\t\t\t
\t\t\t\t\t16,324.07\t
30101\t\t基本工资\t\t2,827.41\t\t
30102\t\t津贴补贴\t\t13,496.66\t\t
302\t\t商品和服务支出\t\t\t5,643.93\t
30201\t\t办公费\t\t5,643.93\t\t
"""


def test_amounts_wrapped_onto_a_line_of_their_own_belong_to_the_row_above():
    table = _scan(_WRAPPED).tables["budget_fiscal_basic_expenditure"]
    assert [(c, r["total"]) for c, _, _, r in _rows(table)] == [
        ("", D("21968.00")), ("301", D("16324.07")), ("30101", D("2827.41")),
        ("30102", D("13496.66")), ("302", D("5643.93")), ("30201", D("5643.93"))]
    assert table.records[1].source_line == 5  # the row's own line


def test_an_unheaded_column_never_filled_beside_its_headed_neighbour_is_that_column():
    # 合计 and the 类 rows print their amounts one column right of the 款 rows' (the cells
    # are cut apart by the extraction): the 金额 column, not a column of its own.
    table = _scan(_WRAPPED).tables["budget_fiscal_basic_expenditure"]
    assert table.column_labels == {"total": "金额"}
    assert {r.cells["total"] for r in table.records} == {4}


def test_a_column_that_shares_rows_with_its_neighbour_is_not_merged():
    # The unheaded column holds amounts in rows where 金额 has one too: two columns, one
    # unknown, and the table is not read (never a wrong number).
    scan = _scan(_WRAPPED.replace("30101\t\t基本工资\t\t2,827.41\t\t",
                                  "30101\t\t基本工资\t\t2,827.41\t9.99\t"))
    assert "budget_fiscal_basic_expenditure" not in scan.tables
    [problem] = scan.problems
    assert "matches no known column" in problem.reason


def test_headings_without_a_code_column_over_a_row_of_amounts_set_beside_them():
    # Jiangsu's 支出预算总表: 合计 | 基本支出 | … is the first header row (not a 合计 row), and
    # its one row of amounts stands one column left of each heading.
    scan = _scan("""
支出预算总表
部门名称：某单位 单位：万元
\t合计\t\t\t基本支出\t\t\t项目支出\t\t\t单位预留机动经费\t\t\t结转下年资金\t
37,188.34\t\t\t21,968.00\t\t\t10,208.94\t\t\t5,011.40\t\t\t\t\t
""")
    [rec] = scan.tables["budget_expenditure"].records
    assert rec.level == "total"
    assert (rec.values["total"], rec.values["basic"], rec.values["project"],
            rec.values["reserve"], rec.values["carry_forward"]) == (
        D("37188.34"), D("21968.00"), D("10208.94"), D("5011.40"), None)
