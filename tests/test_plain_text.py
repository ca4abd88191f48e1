"""Single-space text (a PDF viewer's copy, pdfplumber extract_text): each rule of
extract/plain_text.py on a hand-made fixture of its own."""

from __future__ import annotations

from decimal import Decimal

import zhuzhou_budget as zb

EXP_HEAD = """支出决算表
单位：万元
项目
本年支出合计 基本支出 项目支出
科目编码 科目名称
"""


def _load(tmp_path, text: str):
    path = tmp_path / "plain.txt"
    path.write_text(text, encoding="utf-8")
    return zb.load(path)


def _cell(d, table: str, code: str, column: str):
    t = d.tables[table]
    row = t[(t["code"] == code)] if code else t[t["item"] == "合计"]
    return row.iloc[0][column]


def test_wrapped_label_centred_around_its_row(tmp_path):
    d = _load(tmp_path, EXP_HEAD + """合计 53.45 53.45 0.00
208 社会保障和就业支出 53.45 53.45 0.00
机关事业单位基本养
2080505 53.45 53.45 0.00
老保险缴费支出
""")
    t = d.tables["expenditure"]
    assert t[t["code"] == "2080505"].iloc[0]["item"] == "机关事业单位基本养老保险缴费支出"
    assert _cell(d, "expenditure", "2080505", "basic") == Decimal("53.45")


def test_label_above_every_row_and_code_in_parts(tmp_path):
    d = _load(tmp_path, EXP_HEAD + """类 款 项
合计 12.00 2.00 10.00
一般公共服务支出
201 12.00 2.00 10.00
财政事务
201 06 12.00 2.00 10.00
行政运行
201 06 01 2.00 2.00
一般行政管理事务
201 06 02 10.00 10.00
""")
    t = d.tables["expenditure"]
    assert list(t["code"]) == ["", "201", "20106", "2010601", "2010602"]
    assert t[t["code"] == "2010602"].iloc[0]["item"] == "一般行政管理事务"


def test_fewer_amounts_than_columns_placed_by_the_sums(tmp_path):
    # 2010602 prints 10.00 twice: its 10.00 is 项目支出, since the 款's 基本支出 (2.00) is
    # all 2010601's; the blank 基本支出 stays blank (None), never 0.
    d = _load(tmp_path, EXP_HEAD + """合计 12.00 2.00 10.00
201 一般公共服务支出 12.00 2.00 10.00
20106 财政事务 12.00 2.00 10.00
2010601 行政运行 2.00 2.00
2010602 一般行政管理事务 10.00 10.00
""")
    assert _cell(d, "expenditure", "2010602", "project") == Decimal("10.00")
    assert _cell(d, "expenditure", "2010602", "basic") is None
    assert _cell(d, "expenditure", "2010601", "basic") == Decimal("2.00")
    assert _cell(d, "expenditure", "2010601", "project") is None


def test_ambiguous_placement_is_a_problem_not_a_guess(tmp_path):
    # One row only: 10.00 could be 基本支出 or 项目支出; nothing in the table says which.
    d = _load(tmp_path, EXP_HEAD + """合计 10.00 10.00
2010602 一般行政管理事务 10.00 10.00
""" + "\n收入决算表\n单位：万元\n本年收入合计 财政拨款收入\n科目编码 科目名称\n合计 1.00 1.00\n")
    assert "expenditure" not in d.tables
    assert any("none guessed" in p.reason for p in d.problems)


def test_thousands_separators(tmp_path):
    d = _load(tmp_path, EXP_HEAD + """合计 1,234.56 1,000.00 234.56
201 一般公共服务支出 1,234.56 1,000.00 234.56
""")
    assert _cell(d, "expenditure", "201", "total") == Decimal("1234.56")


def test_lanci_row_is_not_data(tmp_path):
    d = _load(tmp_path, EXP_HEAD + """栏次 1 2 3
合计 3.00 1.00 2.00
201 一般公共服务支出 3.00 1.00 2.00
""")
    assert list(d.tables["expenditure"]["code"]) == ["", "201"]


def test_summary_with_hangci_and_one_side_blank(tmp_path):
    d = _load(tmp_path, """收入支出决算总表
单位：万元
收入 支出
项 目 行次 决算数 项 目 行次 决算数
栏 次 1 栏 次 2
一、一般公共预算财政拨款收入 1 5.00 一、一般公共服务支出 3 0.00
2 九、卫生健康支出 4 5.00
本年收入合计 5 5.00 本年支出合计 6 5.00
""")
    t = d.tables["income_expenditure_summary"]
    exp = t[t["side"] == "expenditure"].set_index("line")
    inc = t[t["side"] == "income"].set_index("line")
    assert exp.loc[4, "item"] == "九、卫生健康支出"
    assert exp.loc[4, "amount"] == Decimal("5.00")
    assert inc.loc[2, "amount"] is None
    assert inc.loc[1, "amount"] == Decimal("5.00")


def test_summary_amounts_on_the_line_below_their_labels(tmp_path):
    d = _load(tmp_path, """收入支出决算总表
单位：万元
收入 支出
项目 决算数 项目 决算数
一、一般公共预算财政拨款收入 一、一般公共服务支出
2,940.05 2,106.66
二、政府性基金预算财政拨款收入 二、外交支出
二十二、灾害防治及应急管理支
出
""")
    t = d.tables["income_expenditure_summary"]
    items = dict(zip(t["item"], t["amount"], strict=True))
    assert items["一、一般公共预算财政拨款收入"] == Decimal("2940.05")
    assert items["一、一般公共服务支出"] == Decimal("2106.66")
    assert items["二、外交支出"] is None
    assert "二十二、灾害防治及应急管理支出" in items


def test_tab_and_layout_text_untouched():
    from pathlib import Path

    from zhuzhou_budget.extract import plain_text
    from zhuzhou_budget.extract.lines import read_lines

    for name in ("zhuzhou-zjj-2024-layout.txt", "shanghai-putuo-czj-2024-tab.txt",
                 "shanghai-putuo-czj-2024-layout.txt", "national-template-2024-layout.txt"):
        lines = read_lines(Path(__file__).parent / "data" / name)
        assert plain_text.rebuild(lines, name)[0] == lines


INCOME_HEAD = """收入决算表
单位：万元
项目
本年收入合计 财政拨款收入 上级补助收入 事业收入 经营收入 附属单位上缴收入 其他收入
科目编码 科目名称
"""


def test_a_header_word_naming_one_column_is_not_the_prefix_of_another(tmp_path):
    # 事业收入 is the business column; it must not also bring in 事业收入：其中教育收费, a
    # column only the university template prints (and only under its own 其中 word).
    d = _load(tmp_path, INCOME_HEAD + """合计 7.00 7.00 0.00 0.00 0.00 0.00 0.00
205 教育支出 7.00 7.00 0.00 0.00 0.00 0.00 0.00
""")
    t = d.tables["income"]
    assert "business_tuition" not in t.columns or t["business_tuition"].isna().all()
    assert _cell(d, "income", "205", "business") == Decimal("0.00")
    assert _cell(d, "income", "205", "other") == Decimal("0.00")


def test_a_qizhong_column_follows_its_whole_and_is_no_larger(tmp_path):
    # 其中：教育 / 收费 wraps; it is printed after 事业收入's 金额 and is a part of it (not an
    # addend of the row total): 10.00 = 5.00 + 1.00 + 3.00 + 0.00 + 0.00 + 1.00, the 2.00
    # after 事业收入 (3.00) its tuition part; 205, the only 类, prints the 合计's amounts with
    # its blanks left out, and takes the 合计's columns.
    d = _load(tmp_path, """收入决算表
单位：万元
事业收入
本年收入合 财政拨款收 上级补助
科目编码 科目名称 其中：教育 经营收入 附属单位上缴收入 其他收入
计 入 收入 金额
收费
合计 10.00 5.00 1.00 3.00 2.00 0.00 0.00 1.00
205 教育支出 10.00 5.00 1.00 3.00 2.00 1.00
""")
    assert _cell(d, "income", "", "business") == Decimal("3.00")
    assert _cell(d, "income", "", "business_tuition") == Decimal("2.00")
    assert _cell(d, "income", "205", "business") == Decimal("3.00")
    assert _cell(d, "income", "205", "business_tuition") == Decimal("2.00")
    assert _cell(d, "income", "205", "other") == Decimal("1.00")
    assert _cell(d, "income", "205", "operating") is None


def test_total_row_printed_on_the_header_line(tmp_path):
    # "合计 合计 基本支出 项目支出": the table's 合计 row (all blank) beside the header row
    # whose first cell heads the total column.
    d = _load(tmp_path, """政府性基金预算财政拨款收入支出决算表
单位：万元
项目
年初结转和 年末结转和
本年收入 本年支出
功能分类
结余 结余
科目名称
科目编码
合计 合计 基本支出 项目支出
注：本表反映部门本年度政府性基金预算财政拨款收入支出及结转和结余情况。
""")
    t = d.tables["government_fund"]
    assert list(t["item"]) == ["合计"]
    row = t.iloc[0]
    assert all(row[c] is None for c in ("opening_balance", "income", "total", "basic",
                                        "project", "closing_balance"))


def test_summary_row_of_hangci_only_with_its_label_wrapped_around_it(tmp_path):
    # "21 47 0.00": the income side's 行次 21 (blank), the expenditure side's 行次 47 and its
    # amount; the expenditure label printed above and below the row.
    d = _load(tmp_path, """收入支出决算总表
单位：万元
收入 支出
项 目 行次 决算数 项 目 行次 决算数
栏 次 1 栏 次 2
一、一般公共预算财政拨款收入 1 5.00 一、一般公共服务支出 26 5.00
二十一、灾害防治及应急管理支
21 47 0.00
出
本年收入合计 23 5.00 本年支出合计 49 5.00
""")
    t = d.tables["income_expenditure_summary"]
    exp = t[t["side"] == "expenditure"].set_index("line")
    assert exp.loc[47, "item"] == "二十一、灾害防治及应急管理支出"
    assert exp.loc[47, "amount"] == Decimal("0.00")
    assert t[(t["side"] == "income") & (t["line"] == 21)].iloc[0]["amount"] is None


def test_summary_continuation_page_starting_with_a_line_of_its_own(tmp_path):
    # The page's first row has a label that starts no template line (no 一、, 本年…): its
    # 行次 and amount make it a row, not a header row.
    d = _load(tmp_path, """财政拨款收入支出决算总表
单位：万元
收入 支出
项 目 行次 金额 项 目 行次 合计 一般公共预算财政拨款 政府性基金预算财政拨款
栏 次 1 栏 次 2
一、一般公共预算财政拨款 1 5.00 一、一般公共服务支出 3 5.00 5.00 0.00
本年收入合计 2 5.00 本年支出合计 4 5.00 5.00 0.00
财政拨款收入支出决算总表
单位：万元
收入 支出
项 目 行次 金额 项 目 行次 合计 一般公共预算财政拨款 政府性基金预算财政拨款
栏 次 1 栏 次 2
政府性基金预算财政拨款 26 0.00 53
总计 27 5.00 总计 54 5.00 5.00 0.00
""")
    t = d.tables["fiscal_appropriation_summary"]
    inc = t[t["side"] == "income"].set_index("line")
    assert inc.loc[26, "item"] == "政府性基金预算财政拨款"
    assert inc.loc[26, "amount"] == Decimal("0.00")
    assert inc.loc[27, "amount"] == Decimal("5.00")


SUMMARY_INCOME = """收入支出决算总表
单位：万元
收入 支出
项目 决算数 项目 决算数
一、财政拨款收入 9.00 一、一般公共服务支出 10.00
二、上级补助收入 二、外交支出
三、事业收入
四、经营收入
五、附属单位上缴收入
六、其他收入 1.00
本年收入合计 10.00 本年支出合计 10.00
"""


def test_income_total_row_placed_by_the_summary_income_lines(tmp_path):
    # 合计 10.00 9.00 1.00: by the row sum alone 9.00 and 1.00 could be any two sources; the
    # summary's income lines say 财政拨款 9.00 and 其他收入 1.00, the rest blank; the blank
    # columns of the 合计 are blank in every row under it.
    d = _load(tmp_path, SUMMARY_INCOME + INCOME_HEAD + """合计 10.00 9.00 1.00
201 一般公共服务支出 10.00 9.00 1.00
20106 财政事务 10.00 9.00 1.00
2010601 行政运行 6.00 5.00 1.00
2010602 一般行政管理事务 4.00 4.00
""")
    assert _cell(d, "income", "", "other") == Decimal("1.00")
    assert _cell(d, "income", "", "superior_subsidy") is None
    assert _cell(d, "income", "2010601", "other") == Decimal("1.00")
    assert _cell(d, "income", "2010602", "fiscal_appropriation") == Decimal("4.00")
    assert _cell(d, "income", "2010602", "other") is None


def test_without_the_summary_the_same_income_table_is_a_problem(tmp_path):
    d = _load(tmp_path, INCOME_HEAD + """合计 10.00 9.00 1.00
201 一般公共服务支出 10.00 9.00 1.00
""" + EXP_HEAD + "合计 1.00 1.00 0.00\n201 一般公共服务支出 1.00 1.00 0.00\n")
    assert "income" not in d.tables
    assert any("none guessed" in p.reason for p in d.problems)


def test_amounts_on_two_lines_keep_each_lines_order(tmp_path):
    # pdfplumber prints 1,503.52 on the label's line and 1,511.89 8.37 on the code's line:
    # the row is 1,511.89 | 1,503.52 | 8.37 (total first); the 款's 基本支出 1,503.52 and the
    # sibling's 项目支出 2.00 settle which part is which.
    d = _load(tmp_path, EXP_HEAD + """合计 1,513.89 1,503.52 10.37
201 一般公共服务支出 1,513.89 1,503.52 10.37
20106 财政事务 1,513.89 1,503.52 10.37
行政运行 1,503.52
2010601 1,511.89 8.37
2010602 一般行政管理事务 2.00 2.00
""")
    assert _cell(d, "expenditure", "2010601", "basic") == Decimal("1503.52")
    assert _cell(d, "expenditure", "2010601", "project") == Decimal("8.37")
    assert _cell(d, "expenditure", "2010602", "project") == Decimal("2.00")


GBE = """一般公共预算财政拨款支出决算表
单位：万元
项目
小计 基本支出 项目支出
科目编码 科目名称
合计 3.00 2.00 1.00
201 一般公共服务支出 3.00 2.00 1.00
"""


def test_expenditure_columns_printed_where_the_fiscal_table_spends(tmp_path):
    # The expenditure table's 合计 3.00 2.00 1.00 could be 基本 | 项目, 基本 | 上缴上级, …;
    # the general-budget table (a part of it, column by column) spends in 基本支出 and 项目支出,
    # so those are printed in the expenditure table.
    exp = """支出决算表
单位：万元
项目
本年支出合计 基本支出 项目支出 上缴上级支出 经营支出 对附属单位补助支出
科目编码 科目名称
合计 3.00 2.00 1.00
201 一般公共服务支出 3.00 2.00 1.00
"""
    d = _load(tmp_path, exp + GBE)
    assert _cell(d, "expenditure", "201", "project") == Decimal("1.00")
    assert _cell(d, "expenditure", "201", "remit_superior") is None
    alone = _load(tmp_path, exp + SUMMARY_INCOME)
    assert "expenditure" not in alone.tables


def test_form_feed_inside_a_line_starts_the_next_pages_line(tmp_path):
    from zhuzhou_budget.extract.lines import read_lines

    path = tmp_path / "joined.txt"
    path.write_text("末行。\f收入决算表\n单位：万元\n\f支出决算表\n尾\f\n", encoding="utf-8")
    assert [(ln.no, ln.page, ln.text) for ln in read_lines(path)] == [
        (1, 1, "末行。"), (2, 2, "收入决算表"), (3, 2, "单位：万元"),
        (4, 3, "支出决算表"), (5, 4, "尾")]


def test_pages_joined_by_a_bare_form_feed_load_like_pages_on_lines(tmp_path):
    # "\f".join(page texts): each page's first line (a table's title among them) glued to the
    # previous page's last line; the same facts as the pages on lines of their own.
    from pathlib import Path

    name = Path(__file__).parent / "data" / "plain" / "national-template-2024.txt"
    text = name.read_text(encoding="utf-8")
    assert text.count("\n\f") > 5
    joined = _load(tmp_path, text.replace("\n\f", "\f"))
    assert not joined.problems
    assert joined.facts.equals(zb.load(name).facts)


THREE_PUBLIC_HEAD = """财政拨款“三公”经费支出决算表
单位：万元
公务用车购置及运行费
合计 因公出国（境）费
小计 公务用车运行费
公务接待费
公务用车购置费
预算数 决算数 预算数 决算数 预算数 决算数 预算数 决算数 预算数 决算数 预算数 决算数
"""


def test_three_public_blanks_placed_by_its_sums(tmp_path):
    # 10 amounts for 12 columns: only 公务接待费's two blanks keep 合计 = 出国 + 公务用车 +
    # 接待 and 公务用车 = 购置 + 运行 in both halves.
    d = _load(tmp_path, THREE_PUBLIC_HEAD
              + "3.00 2.90 1.00 0.90 2.00 2.00 0.50 0.50 1.50 1.50\n")
    t = d.tables["three_public"].set_index("item")
    assert t.loc["决算数", "vehicle_operation"] == Decimal("1.50")
    assert t.loc["预算数", "overseas"] == Decimal("1.00")
    assert t.loc["决算数", "reception"] is None


def test_three_public_left_open_by_its_sums_is_a_problem(tmp_path):
    # 0.95 0.95: the budget's (or the actual's) 合计 and 出国 or 接待: four placements.
    d = _load(tmp_path, THREE_PUBLIC_HEAD + "0.95 0.95\n" + EXP_HEAD
              + "合计 1.00 1.00 0.00\n201 一般公共服务支出 1.00 1.00 0.00\n")
    assert "three_public" not in d.tables
    assert any("4 placements" in p.reason for p in d.problems)
