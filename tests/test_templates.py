"""Template variants by year, level and province, declared as data (metadata.TEMPLATES and the
tables' title aliases), each rule on a fixture of its own derived from the Zhuzhou 2024 text:
the template is recognised from the titles and the year and recorded; a table the template
does not have is info, never missing; the university's titles and 其中 columns; 三公 with
会议费 and 培训费; a summary whose sides no heading tells apart.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

import zhuzhou_budget as zb
from zhuzhou_budget.metadata.templates import TEMPLATES, recognise_template
from zhuzhou_budget.storage.build import write_outputs

VALUE_COLS = ["table", "code", "item", "column", "amount", "level", "side", "line"]
STATE_CAPITAL = "国有资本经营预算财政拨款支出决算表"


def _write(tmp_path: Path, text: str, name: str = "variant.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _facts(d: zb.Disclosure):
    return d.facts[VALUE_COLS].astype(str).reset_index(drop=True)


def _without_state_capital(raw_text: str) -> str:
    start = raw_text.index(f"\n{STATE_CAPITAL}\n\n公开") + 1
    end = raw_text.index("财政拨款“三公”经费支出决算表\n\n公开", start)
    text = raw_text[:start] + raw_text[end:]
    return text.replace(f"- 八、{STATE_CAPITAL}\n", "")


def test_templates_are_declared_in_print_order():
    assert len(TEMPLATES["national-2020"].tables) == 9
    assert TEMPLATES["national-2019"].tables == tuple(
        t for t in TEMPLATES["national-2020"].tables if t != "state_capital")
    assert TEMPLATES["university"].tables == (
        "income_expenditure_summary", "income", "expenditure",
        "fiscal_appropriation_expenditure")


@pytest.mark.parametrize("titles,seen,year,expected", [
    (["收入决算表"], {"income"}, 2019, "national-2019"),
    (["收入决算表"], {"income"}, 2024, "national-2020"),
    (["收入决算表"], {"income"}, None, "national-2020"),
    (["高等学校收入决算表", "一般公共预算财政拨款支出决算表"],
     {"income", "general_budget_expenditure"}, 2023, "national-2020"),
    # A 2019 document that prints the state-capital table follows the nine-table template.
    (["收入决算表", STATE_CAPITAL], {"income", "state_capital"}, 2019, "national-2020"),
    (["表 2：高等学校收入决算表"], {"income"}, 2023, "university"),
    (["财政拨款支出决算表"], {"fiscal_appropriation_expenditure", "income"}, 2023, "university"),
])
def test_template_recognised_from_titles_and_year(titles, seen, year, expected):
    assert recognise_template(titles, seen, year).id == expected


def test_a_2019_document_without_the_state_capital_table_is_complete(tmp_path, raw_text,
                                                                    d2024):
    text = _without_state_capital(raw_text).replace("2024年度", "2019年度")
    d = zb.load(_write(tmp_path, text))
    assert d.meta.year == 2019 and d.meta.template == "national-2019"
    assert d.complete and d.missing_tables == [] and d.not_in_template == ["state_capital"]
    findings = zb.reconcile(d)
    c1 = findings[findings["check"] == "C1.tables"]
    assert list(c1["severity"]) == ["info"] and list(c1["table"]) == ["state_capital"]
    package = json.loads((tmp_path / "out" / "datapackage.json").read_text()) if write_outputs(
        d, tmp_path / "out") else {}
    assert package["template"]["id"] == "national-2019" and package["complete"] is True
    assert package["not_in_template"] == ["state_capital"]


def test_a_2024_document_without_it_misses_it(tmp_path, raw_text):
    d = zb.load(_write(tmp_path, _without_state_capital(raw_text)))
    assert d.meta.template == "national-2020"
    assert d.missing_tables == ["state_capital"] and not d.complete
    c1 = zb.reconcile(d).query("check == 'C1.tables'")
    assert list(c1["severity"]) == ["error"]


def test_university_titles_and_their_columns(tmp_path, raw_text, d2024):
    # The university template's titles, and 事业收入 split into 金额 | 其中：教育收费.
    text = raw_text
    for old, new in (("\n收入支出决算总表\n", "\n高等学校收支决算总表\n"),
                     ("\n收入决算表\n", "\n高等学校收入决算表\n"),
                     ("\n支出决算表\n", "\n高等学校支出决算表\n")):
        assert text.count(old) == 1
        text = text.replace(old, new)
    d = zb.load(_write(tmp_path, text))
    assert _facts(d).equals(_facts(d2024))
    # It prints the national tables too: the template that has every table it prints.
    assert d.meta.template == "national-2020" and d.complete
    # With only the university's tables (here: the first three), the university template.
    cut = text.index("\n财政拨款收入支出决算总表\n") + 1
    text = text[:cut] + text[text.index("第三部分\n\n2024年度部门决算情况说明"):]
    text = re.sub(r"(?m)^- [四五六七八九]、.*表\n", "", text)  # and its contents entries
    d = zb.load(_write(tmp_path, text))
    assert d.meta.template == "university"
    assert d.missing_tables == ["fiscal_appropriation_expenditure"]
    assert set(d.not_in_template) == {"fiscal_appropriation_summary", "state_capital",
                                      "general_budget_expenditure", "basic_expenditure",
                                      "three_public", "government_fund"}


def test_tuition_is_a_part_of_business_income_not_a_source(tmp_path, raw_text):
    # 事业收入 over two columns: 金额 | 其中：教育收费 (the university template).
    header = ("项目\t\t本年收入合计\t财政拨款收入\t上级补助收入\t事业收入\t经营收入\t附属单位上缴收入"
              "\t其他收入\n科目代码\t科目名称\t\t\t\t\t\t\t\n栏次\t\t1\t2\t3\t4\t5\t6\t7\n")
    assert raw_text.count(header) == 1
    start = raw_text.index(header) + len(header)
    end = raw_text.index("\n\n", start)
    rows = []
    for ln in raw_text[start:end].split("\n"):
        cells = ln.split("\t")
        cells.insert(6, "1.00" if cells[0] == "合计" else "")  # a blank 教育收费 but on 合计
        rows.append("\t".join(cells))
    new_header = ("项目\t\t本年收入合计\t财政拨款收入\t上级补助收入\t事业收入\t\t经营收入"
                  "\t附属单位上缴收入\t其他收入\n科目代码\t科目名称\t\t\t\t金额\t其中：教育收费\t\t\t\n"
                  "栏次\t\t1\t2\t3\t4\t5\t6\t7\t8\n")
    text = raw_text[:raw_text.index(header)] + new_header + "\n".join(rows) + raw_text[end:]
    d = zb.load(_write(tmp_path, text))
    income = d.tables["income"]
    assert income.loc[income["level"] == "total", "business_tuition"].item() == Decimal("1.00")
    assert income.loc[income["level"] == "total", "business"].item() == Decimal("0.00")
    from zhuzhou_budget.analysis.structure import income_by_source
    assert "business_tuition" not in set(income_by_source(d)["source"])


def test_optional_columns_only_where_printed(d2024):
    assert "business_tuition" not in d2024.tables["income"].columns
    assert "meetings" not in d2024.tables["three_public"].columns


def test_three_public_with_meetings_and_training(tmp_path, raw_text, d2024):
    title = "财政拨款“三公”经费支出决算表\n\n公开"
    assert raw_text.count(title) == 1
    text = raw_text.replace(title, "财政拨款“三公”经费及会议费、培训费支出决算表\n\n公开")
    d = zb.load(_write(tmp_path, text))
    assert "three_public" in d.tables and d.complete
    assert _facts(d).equals(_facts(d2024))


def test_summary_sides_from_the_rows_when_no_heading_tells(tmp_path, raw_text, d2024):
    # No 收入/支出 heading, no 项目 and no 行次 heading: the sides and the 行次 come from the
    # rows (a column of rising small numbers on each side; spending labels on the right).
    header = "收入\t\t\t支出\t\t\n项目\t行次\t金额\t项目\t行次\t金额\n"
    assert raw_text.count(header) == 1
    d = zb.load(_write(tmp_path, raw_text.replace(header, "\t\t金额\t\t\t金额\n")))
    assert d.problems == []
    assert _facts(d).equals(_facts(d2024))


def _three_public_with_meetings_and_training(raw_text: str, actual_total: str) -> str:
    start = raw_text.index("预算数\t\t\t\t\t\t决算数")
    end = raw_text.index("\n\n", start)
    half = 9  # 合计 | 三公小计 | 出国 | 车小计 | 车购置 | 车运行 | 接待 | 会议费 | 培训费
    rows = [
        ["预算数"] + [""] * (half - 1) + ["决算数"] + [""] * (half - 1),
        (["合计", "“三公”经费", "", "", "", "", "", "会议费", "培训费"]) * 2,
        (["", "小计", "因公出国（境）费", "公务用车购置及运行维护费", "", "", "公务接待费", "", ""]) * 2,
        (["", "", "", "小计", "公务用车购置费", "公务用车运行维护费", "", "", ""]) * 2,
        [str(i) for i in range(1, 2 * half + 1)],
        ["93.49", "88.49", "15.00", "58.13", "17.98", "40.15", "15.36", "2.00", "3.00",
         actual_total, "64.45", "6.98", "50.63", "17.98", "32.65", "6.85", "1.00", "0.50"],
    ]
    title = "财政拨款“三公”经费支出决算表\n"
    text = raw_text[:start] + "\n".join("\t".join(r) for r in rows) + raw_text[end:]
    return text.replace(title, "财政拨款“三公”经费及会议费、培训费支出决算表\n", 1)


def test_three_public_subtotal_and_a_total_of_all_five(tmp_path, raw_text, d2024):
    d = zb.load(_write(tmp_path, _three_public_with_meetings_and_training(raw_text, "65.95")))
    t = d.tables["three_public"].set_index("level")
    assert t.loc["budget", "total"] == Decimal("88.49")  # the 三公 subtotal
    assert t.loc["budget", "grand_total"] == Decimal("93.49")
    assert t.loc["actual", "meetings"] == Decimal("1.00")
    assert t.loc["actual", "training"] == Decimal("0.50")
    assert t.loc["actual", "vehicles"] == Decimal("50.63")
    base = d2024.tables["three_public"].set_index("level")
    for col in ("total", "overseas", "vehicles", "vehicle_purchase", "vehicle_operation",
                "reception"):
        assert t.loc["actual", col] == base.loc["actual", col], col
    w4 = zb.reconcile(d).query("check == 'W4.three_public'")
    # Every identity holds (合计 = 三公 + 会议费 + 培训费 among them) but the source's own
    # rounding (6.98 + 50.63 + 6.85 = 64.46 against 64.45), as in the Zhuzhou original.
    assert list(w4["severity"]) == ["rounding"] and "合计 = 出国" in w4.iloc[0]["message"]


def test_a_total_of_all_five_that_does_not_add_up_is_an_error(tmp_path, raw_text):
    d = zb.load(_write(tmp_path, _three_public_with_meetings_and_training(raw_text, "66.95")))
    w4 = zb.reconcile(d).query("check == 'W4.three_public' and severity == 'error'")
    assert len(w4) == 1 and "会议费" in w4.iloc[0]["message"]
    assert w4.iloc[0]["expected"] == Decimal("65.95") and w4.iloc[0]["actual"] == Decimal("66.95")
