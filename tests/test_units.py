"""Units travel with the data: 元, 千元, 万元 and 亿元 are converted explicitly to 万元; a unit
written in a cell is that cell's; an unknown unit is an error, never read as 万元."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from conftest import RAW_2024

import zhuzhou_budget as zb
from zhuzhou_budget.errors import DisclosureError
from zhuzhou_budget.extract.numbers import parse_amount_unit, to_wan


@pytest.mark.parametrize("text,value,unit", [
    ("453.05元", D("453.05"), "元"), ("1,234.5 千元", D("1234.5"), "千元"),
    ("2.5亿元", D("2.5"), "亿元"), ("22, 393. 85", D("22393.85"), ""), ("—", None, ""),
])
def test_a_cell_keeps_its_unit(text, value, unit):
    assert parse_amount_unit(text) == (value, unit)


@pytest.mark.parametrize("unit,wan", [("元", D("0.045305")), ("千元", D("45.305")),
                                      ("万元", D("453.05")), ("亿元", D("4530500"))])
def test_units_convert_explicitly(unit, wan):
    assert to_wan(D("453.05"), unit) == wan


def _variant(tmp_path, old: str, new: str, count: int = 1):
    text = RAW_2024.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "doc.txt"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


def test_a_table_in_thousands_of_yuan_is_converted(tmp_path):
    text = RAW_2024.read_text(encoding="utf-8")
    unit_line = next(ln for ln in text.splitlines() if "单位" in ln and "万元" in ln)
    d = zb.load(_variant(tmp_path, unit_line, unit_line.replace("万元", "千元")))
    first = d.tables["income_expenditure_summary"]
    assert first.attrs["source_unit"] == "千元"
    total = first[first["item"] == "本年收入合计"]["amount"].iloc[0]
    assert total == D("2239.643")  # 22,396.43 千元 = 2,239.643 万元


def test_an_unknown_unit_costs_its_table_and_is_named(tmp_path):
    text = RAW_2024.read_text(encoding="utf-8")
    unit_line = next(ln for ln in text.splitlines() if "单位" in ln and "万元" in ln)
    path = _variant(tmp_path, unit_line, unit_line.replace("万元", "美元"))
    d = zb.load(path)
    (problem,) = d.problems
    assert problem.table == "income_expenditure_summary" and "'美元'" in problem.reason
    with pytest.raises(DisclosureError, match="unknown money unit '美元'"):
        zb.load(path, strict=True)


def test_a_cell_in_yuan_inside_a_table_in_wan(tmp_path):
    d = zb.load(_variant(tmp_path, "2080505\t机关事业单位基本养老保险缴费支出\t941.21\t941.21",
                         "2080505\t机关事业单位基本养老保险缴费支出\t941.21\t9412100元"))
    income = d.tables["income"]
    row = income[income["code"] == "2080505"].iloc[0]
    assert row["fiscal_appropriation"] == D("941.2100")  # 9,412,100 元 = 941.21 万元
