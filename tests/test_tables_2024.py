"""Every cell of the nine 2024 tables against a hand-made transcription (tests/data)."""

from __future__ import annotations

import csv
from decimal import Decimal

import pytest
from conftest import EXPECTED_CELLS

from zhuzhou_budget.extract.numbers import format_amount
from zhuzhou_budget.metadata.templates import TEMPLATES

TABLES = TEMPLATES["national-2020"].tables  # the nine tables of the national template

SUMMARY = {"income_expenditure_summary", "fiscal_appropriation_summary"}


def _expected():
    with EXPECTED_CELLS.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _key(fact) -> tuple[str, str, str]:
    if fact.table in SUMMARY:
        row = str(fact.line)
    elif fact.table == "three_public":
        row = fact.level
    else:
        row = fact.code or fact.item
    return fact.table, row, fact.column


def _cells(d):
    return {_key(f): (f.item, format_amount(f.amount)) for f in d.facts.itertuples()}


@pytest.mark.parametrize("shape", ["d2024", "d2024_layout"])
def test_every_cell_matches_the_transcription(shape, request):
    d = request.getfixturevalue(shape)
    got = _cells(d)
    expected = _expected()
    assert len(expected) == 1008
    wrong = []
    for e in expected:
        key = (e["table"], e["row_key"], e["column"])
        item, value = got.get(key, (None, None))
        # 三公 rows have no printed label; the parser names them 预算数/决算数 from the header.
        if value != e["value"] or (e["table"] != "three_public" and item != e["item"]):
            wrong.append((key, (item, value), (e["item"], e["value"])))
    assert wrong == []
    assert len(got) == len(expected)  # nothing extra either


def test_all_nine_tables_found(d2024):
    assert set(d2024.tables) == set(TABLES)
    assert d2024.missing_tables == []
    shapes = {tid: len(f) for tid, f in d2024.tables.items()}
    assert shapes == {
        "income_expenditure_summary": 60, "income": 42, "expenditure": 42,
        "fiscal_appropriation_summary": 64, "general_budget_expenditure": 40,
        "basic_expenditure": 83, "government_fund": 4, "state_capital": 0 + 1,
        "three_public": 2,
    }


def test_blank_versus_zero(d2024):
    income = d2024.tables["income"].set_index("code")
    assert income.loc["2080501", "superior_subsidy"] is None  # printed blank
    assert income.loc["2080502", "superior_subsidy"] == Decimal("0.00")  # printed 0.00
    summary = d2024.tables["income_expenditure_summary"]
    line3 = summary[(summary.side == "income") & (summary.line == 3)].iloc[0]
    assert line3["amount"] is None  # 国有资本经营预算财政拨款收入: blank, not 0
    line4 = summary[(summary.side == "income") & (summary.line == 4)].iloc[0]
    assert line4["amount"] == Decimal("0.00")
    expenditure = d2024.tables["expenditure"].set_index("code")
    assert expenditure.loc["211", "basic"] is None
    assert expenditure.loc["211", "project"] == Decimal("5.04")


def test_spaced_numbers_of_table_05(d2024):
    gb = d2024.tables["general_budget_expenditure"]
    total = gb[gb.level == "total"].iloc[0]
    assert (total["total"], total["basic"], total["project"]) == (
        Decimal("22393.85"), Decimal("10934.24"), Decimal("11459.60"))
    assert total["project"].as_tuple().exponent == -2  # "11, 459. 60" keeps two decimals
    assert gb.attrs["title"] == "一般公共预算财政拨款支出决算表"
    assert gb.attrs["number"] == "05"


def test_amounts_are_decimals_with_unit(d2024):
    amounts = d2024.facts["amount"].dropna()
    assert all(isinstance(a, Decimal) for a in amounts)
    # the values too: 543 printed amounts of 1,008 cells (blanks stay None), summing exactly
    assert (len(amounts), len(d2024.facts)) == (543, 1008)
    assert sum(amounts) == Decimal("906688.36")
    assert set(d2024.facts["unit"]) == {"万元"}
    assert d2024.meta.unit == "万元"


def test_economic_table_blocks(d2024):
    econ = d2024.tables["basic_expenditure"].set_index("item")
    assert econ.loc["人员经费合计", "amount"] == Decimal("8928.14")
    assert econ.loc["公用经费合计", "amount"] == Decimal("2006.11")  # value one column off
    by_code = d2024.tables["basic_expenditure"].set_index("code")
    assert by_code.loc["30212", "amount"] == Decimal("6.98")
    assert by_code.loc["31013", "category"] == "公用经费"
    assert by_code.loc["30305", "category"] == "人员经费"
    assert by_code.loc["310", "level"] == "类"


def test_empty_state_capital_table_keeps_its_explanation(d2024):
    sc = d2024.tables["state_capital"]
    assert sc.attrs["explanation"] == "本单位没有使用国有资本经营预算安排的支出，故本表无数据。"
    assert sc[["total", "basic", "project"]].isna().all().all()
    facts = d2024.facts[d2024.facts.table == "state_capital"]
    assert facts["amount"].isna().all()


def test_three_public_numbered_09_is_found_by_title(d2024):
    tp = d2024.tables["three_public"]
    assert tp.attrs["number"] == "09"
    actual = tp.set_index("level").loc["actual"]
    assert actual["total"] == Decimal("64.45")
    assert actual["vehicle_purchase"] == Decimal("17.98")


def test_headers_kept_as_metadata(d2024):
    income = d2024.tables["income"]
    assert income.attrs["column_labels"]["fiscal_appropriation"] == "财政拨款收入"
    assert income.attrs["headers"][0].startswith("项目\t\t本年收入合计")
    summary = d2024.tables["fiscal_appropriation_summary"]
    assert summary.attrs["column_labels"]["expenditure.general_budget"].endswith(
        "一般公共预算财政拨款")


def test_summary_lines_carry_function_codes(d2024):
    summary = d2024.tables["income_expenditure_summary"]
    exp = summary[summary.side == "expenditure"].set_index("line")
    assert exp.loc[38, "code"] == "208"
    assert exp.loc[49, "code"] == "221"
    assert exp.loc[49, "amount"] == Decimal("7169.87")


def test_both_text_shapes_give_identical_facts(d2024, d2024_layout):
    cols = ["table", "code", "item", "column", "amount", "unit", "level", "side", "line", "row"]
    a = d2024.facts[cols].astype(str).reset_index(drop=True)
    b = d2024_layout.facts[cols].astype(str).reset_index(drop=True)
    assert a.equals(b)
    assert list(d2024.sections) == list(d2024_layout.sections)
    # The layout fixture's stray header word and repeated header were skipped, not parsed.
    # (the stray "项目支出" on line 343; the income table's header repeated after a page break)
    assert d2024_layout.table_info["general_budget_expenditure"].skipped_lines == [343]
    assert d2024_layout.table_info["income"].skipped_lines == [193, 194, 195, 196]


def test_layout_fixture_is_reproducible(tmp_path):
    import subprocess
    import sys

    from conftest import LAYOUT_2024, RAW_2024, ROOT
    out = tmp_path / "layout.txt"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_whitespace_fixture.py"),
                    str(RAW_2024), str(out)], check=True, capture_output=True)
    assert out.read_bytes() == LAYOUT_2024.read_bytes()
    assert "\f" in out.read_text(encoding="utf-8")
