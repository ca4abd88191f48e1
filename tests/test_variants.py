"""Templates differ between departments and provinces: the parser must not depend on one file.

Each variant is derived from the real 2024 text by a transformation a different template
would make; the facts must come out the same.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

import zhuzhou_budget as zb
from zhuzhou_budget.errors import DisclosureError, ValueParseError

VALUE_COLS = ["table", "code", "item", "column", "amount", "level", "side", "line"]


def _write(tmp_path: Path, text: str, name: str = "variant.txt", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _same_facts(a: zb.Disclosure, b: zb.Disclosure) -> bool:
    x = a.facts[VALUE_COLS].astype(str).reset_index(drop=True)
    y = b.facts[VALUE_COLS].astype(str).reset_index(drop=True)
    return x.equals(y)


def test_department_prefixed_titles_and_other_numbering(tmp_path, raw_text, d2024):
    text = raw_text
    for title in ("收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表",
                  "一般公共预算财政拨款支出决算表", "一般公共预算财政拨款基本支出决算明细表",
                  "政府性基金预算财政拨款收入支出决算表", "国有资本经营预算财政拨款支出决算表",
                  "财政拨款“三公”经费支出决算表"):
        text = re.sub(rf"(?m)^{title}$", f"株洲市住房和城乡建设局2024年度{title}", text)
    # National numbering: 三公 is table 07, the fund table 08, state capital 09.
    text = text.replace("公开07表", "公开X8表").replace("公开09表", "公开07表")
    text = text.replace("公开08表", "公开09表").replace("公开X8表", "公开08表")
    d = zb.load(_write(tmp_path, text))
    assert _same_facts(d, d2024)
    assert d.tables["three_public"].attrs["number"] == "07"


def test_national_titles_and_table_order(tmp_path, raw_text, d2024):
    # 一般公共预算财政拨款“三公”经费支出决算表, 基本支出决算表 without 明细, 收入 in the state
    # capital title, and the 三公 table moved before the fund table.
    text = raw_text.replace("财政拨款“三公”经费支出决算表\n\n公开09表",
                            "一般公共预算财政拨款“三公”经费支出决算表\n\n公开09表")
    text = text.replace("一般公共预算财政拨款基本支出决算明细表\n\n部门",
                        "一般公共预算财政拨款基本支出决算表\n\n部门")
    text = text.replace("国有资本经营预算财政拨款支出决算表\n\n公开08表",
                        "国有资本经营预算财政拨款收入支出决算表\n\n公开08表")
    start = text.index("一般公共预算财政拨款“三公”经费支出决算表\n\n公开09表")
    end = text.index("第三部分\n\n2024年度部门决算情况说明")
    three_public = text[start:end]
    fund = text.index("政府性基金预算财政拨款收入支出决算表\n\n公开07表")
    text = text[:fund] + three_public + text[fund:start] + text[end:]
    d = zb.load(_write(tmp_path, text))
    assert _same_facts(d, d2024)  # facts are ordered by canonical table, not by position


def test_juesuanshu_header_row(tmp_path, raw_text, d2024):
    # Some templates head the amount columns with a merged 决算数 row.
    text = raw_text.replace("项目\t\t本年支出\t\t\n科目代码\t科目名称\t小计\t基本支出\t项目支出",
                            "项目\t\t决算数\t\t\n科目代码\t科目名称\t合计\t基本支出\t项目支出")
    d = zb.load(_write(tmp_path, text))
    assert d.tables["general_budget_expenditure"].attrs["column_labels"]["total"] == "决算数合计"
    assert _same_facts(d, d2024)


def test_every_function_class_listed_with_zero(tmp_path, raw_text):
    text = re.sub(r"(?m)^(\t\d+\t\t[一二三四五六七八九十]+、[^\t]+支出\t\d+\t)$", r"\g<1>0.00",
                  raw_text)
    text = re.sub(r"(?m)^([一二三四五六七]、[^\t]+\t\d+\t[^\t]*\t[一二三四五六七]、[^\t]+\t\d+\t)$",
                  r"\g<1>0.00", text)
    d = zb.load(_write(tmp_path, text))
    exp = d.tables["income_expenditure_summary"]
    exp = exp[exp.side == "expenditure"].set_index("line")
    assert exp.loc[31, "amount"] == Decimal("0.00")  # 一般公共服务支出 now printed 0.00
    assert exp.loc[42, "amount"] == Decimal("0.00")
    assert exp.loc[38, "amount"] == Decimal("1915.52")


def test_table_in_yuan_is_converted_to_wanyuan(tmp_path, raw_text, d2024):
    # Table 03 declared in 元 with every amount multiplied by 10,000.
    start = raw_text.index("支出决算表\n\n公开03表")
    end = raw_text.index("财政拨款收入支出决算总表\n\n公开04表")
    part = raw_text[start:end].replace("金额单位：万元", "金额单位：元")

    def yuan(m: re.Match) -> str:
        return f"{Decimal(m.group().replace(',', '')) * 10000:,.2f}"

    part = re.sub(r"(?<=\t)[\d,]+\.\d{2}", yuan, part)
    d = zb.load(_write(tmp_path, raw_text[:start] + part + raw_text[end:]))
    exp = d.tables["expenditure"]
    assert exp.attrs["source_unit"] == "元"
    total = exp[exp.level == "total"].iloc[0]
    assert total["total"] == Decimal("22396.43")
    assert _same_facts(d, d2024) is False  # decimals differ (…4300.00 元 → 22396.43 万元 exact)
    a = d.facts[d.facts.table == "expenditure"]["amount"].dropna().tolist()
    b = d2024.facts[d2024.facts.table == "expenditure"]["amount"].dropna().tolist()
    assert a == b  # numerically equal


def test_full_width_digits_and_gb18030(tmp_path, raw_text, d2024):
    fw = str.maketrans("0123456789,.", "０１２３４５６７８９，．")
    start = raw_text.index("收入决算表\n\n公开02表")
    end = raw_text.index("支出决算表\n\n公开03表")
    body = raw_text[start:end]
    lines = [ln if "\t" not in ln else "\t".join(c.translate(fw) if re.fullmatch(
        r"[\d,.]+", c) and "." in c else c for c in ln.split("\t")) for ln in body.split("\n")]
    text = raw_text[:start] + "\n".join(lines) + raw_text[end:]
    d = zb.load(_write(tmp_path, text, encoding="gb18030"))
    assert _same_facts(d, d2024)


def test_unparseable_value_names_file_table_row_and_column(tmp_path, raw_text):
    text = raw_text.replace("2080505\t机关事业单位基本养老保险缴费支出\t941.21\t941.21",
                            "2080505\t机关事业单位基本养老保险缴费支出\t941.21\t94l.21", 1)
    path = _write(tmp_path, text, name="bad.txt")
    with pytest.raises(ValueParseError) as err:
        zb.load(path, strict=True)
    msg = str(err.value)
    assert "'94l.21'" in msg and "bad.txt" in msg and "table income" in msg
    assert "row 2080505" in msg and "column fiscal_appropriation" in msg and "\n" not in msg
    d = zb.load(path)  # without strict: the income table is lost, with the same reason
    assert [(p.table, p.reason) for p in d.problems] == [("income", msg)]
    assert "income" not in d.tables and len(d.tables) == 8


@pytest.mark.parametrize("content, words", [
    (b"", "empty"),
    (b"\x00\x01PDF-1.7 binary", "binary"),
    ("株洲市住房和城乡建设局\n一些文字，没有表格。\n".encode(), "no final-accounts table"),
])
def test_unusable_input_is_one_clear_error(tmp_path, content, words):
    path = tmp_path / "x.txt"
    path.write_bytes(content)
    with pytest.raises(DisclosureError) as err:
        zb.load(path)
    assert words in str(err.value) and "\n" not in str(err.value)
