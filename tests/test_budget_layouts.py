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


_THREE_BLOCKS = """
公开01表
收支预算总表
部门：某单位 单位：万元
收入\t\t支出\t\t\t
项目名称\t金额\t功能分类\t\t支出用途\t
\t\t功能科目名称\t金额\t项目名称\t金额
一、财政拨款\t130.00\t一、一般公共服务支出\t100.00\t一、基本支出\t90.00
1.一般公共预算\t130.00\t二、外交支出\t\t二、项目支出\t50.00
二、其他资金\t10.00\t三、文化旅游体育与传媒支\t\t\t
\t\t出\t\t\t
\t\t二十、住房保障支出\t40.00\t\t
当年收入小计\t140.00\t当年支出小计\t\t\t140.00
收入合计\t140.00\t支出合计\t\t\t140.00
公开02表
支出预算总表
部门：某单位 单位：万元
合计\t基本支出\t项目支出
140.00\t90.00\t50.00
"""


def test_a_summary_in_three_blocks_reads_the_uses_apart_from_the_function_classes():
    scan = _scan(_THREE_BLOCKS)
    table = scan.tables["budget_income_expenditure_summary"]
    spending = {r.item: (r.values.get("amount"), r.values.get("by_use"))
                for r in table.records if r.side == "expenditure"}
    assert spending == {
        "一、一般公共服务支出": (D("100.00"), None), "一、基本支出": (None, D("90.00")),
        "二、外交支出": (None, None), "二、项目支出": (None, D("50.00")),
        "三、文化旅游体育与传媒支出": (None, None),  # its wrapped end 出 joined
        "二十、住房保障支出": (D("40.00"), None),
        # The totals are printed in the last column, under no label of their own.
        "当年支出小计": (D("140.00"), None), "支出合计": (D("140.00"), None)}
    income = {r.item: r.values["amount"] for r in table.records if r.side == "income"}
    assert income["当年收入小计"] == D("140.00") and income["二、其他资金"] == D("10.00")
    # 公开02表 printed just above the next title is that table's number, not this one's.
    assert table.number == "01"
    assert scan.tables["budget_expenditure"].number == "02"


def test_income_sources_printed_as_rows_are_the_income_tables_columns():
    scan = _scan("""
收入预算总表
部门：某单位 单位：万元
项目名称\t\t金额
收入总计\t\t13,377.11
一般公共预算资金\t小计\t13,297.11
\t公共财政拨款(补助)资金\t13,297.11
\t专项收入\t
政府性基金\t小计\t
财政专户管理资金\t小计\t
\t其他非税收入\t5.00
其他资金\t小计\t80.00
\t事业收入\t
\t经营收入\t
\t其他收入\t80.00
上年结转和结余资金\t小计\t
""")
    [rec] = scan.tables["budget_income"].records
    assert rec.level == "total"
    assert {k: v for k, v in rec.values.items() if v is not None} == {
        "total": D("13377.11"), "general_budget": D("13297.11"), "other": D("80.00")}
    # Blank sources are missing, not 0; a part with no column of its own is not read.
    assert rec.values["government_fund"] is None and rec.values["carried_over"] is None
    assert rec.values["special_account"] is None


def test_an_income_source_matching_no_column_is_named_not_guessed():
    scan = _scan("""
收入预算总表
项目名称\t\t金额
收入总计\t\t10.00
捐赠资金\t小计\t10.00
""")
    assert "budget_income" not in scan.tables
    assert "捐赠资金" in scan.problems[0].reason


def test_a_numbered_label_printed_one_column_early_is_its_columns():
    from zhuzhou_budget.extract.table_rows import _shifted_labels

    # 二十、… one tab early, in an unheaded gap before the labels' column 7.
    assert _shifted_labels({6: "二十、灾害防治及应急管理支出"}, {1, 7}) == {
        7: "二十、灾害防治及应急管理支出"}
    # Not when the labels' column holds a label of its own, nor an unnumbered text.
    assert _shifted_labels({6: "二十、甲", 7: "乙"}, {1, 7}) == {6: "二十、甲", 7: "乙"}
    assert _shifted_labels({6: "备注"}, {1, 7}) == {6: "备注"}


def test_a_three_block_summary_names_each_blocks_amount_column():
    table = _scan(_THREE_BLOCKS).tables["budget_income_expenditure_summary"]
    assert table.column_labels["expenditure.amount"] == "功能分类金额"
    assert table.column_labels["expenditure.by_use"] == "支出用途金额"
