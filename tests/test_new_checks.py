"""The checks issue 18 adds after the strongest public checker (C9 units, C10 order and
numbers, L10 doubled text, W8 negatives, more C7 leftovers): the shapes their registry cases
(tests/reconcile_cases.py) do not cover."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest
from conftest import RAW_2024

import zhuzhou_budget as zb
from zhuzhou_budget.checks.completeness import best_order, table_order
from zhuzhou_budget.checks.engine.ledger import Ledger
from zhuzhou_budget.metadata.tables import TABLES
from zhuzhou_budget.metadata.templates import TEMPLATES

TEMPLATE_ORDERS = TEMPLATES["national-2020"].orders  # the template's known print orders
NATIONAL = list(TEMPLATE_ORDERS[1])  # the Hunan order (三公 ninth)


def _ledger(printed: list[str], numbers: dict[str, str] | None = None) -> Ledger:
    numbers = numbers or {}
    tables = {tid: SimpleNamespace(title_line=10 * k + 1, number=numbers.get(tid, ""),
                                   spec=TABLES[tid], title=TABLES[tid].zh)
              for k, tid in enumerate(printed)}
    return Ledger(SimpleNamespace(table_info=tables, line_pages={}))  # type: ignore[arg-type]


def _order(printed: list[str], expected=None, numbers=None):
    ledger = _ledger(printed, numbers)
    table_order(ledger, expected if expected is not None else best_order(ledger,
                                                                          TEMPLATE_ORDERS))
    return [(f.severity, f.table, f.message) for f in ledger.findings]


def test_tables_in_the_template_order_are_silent():
    assert _order(NATIONAL, NATIONAL) == []
    # the national 2024 template as printed (三公 seventh) fits its own known order
    shanghai = [t for t in NATIONAL if t != "three_public"]
    shanghai.insert(6, "three_public")
    assert _order(shanghai) == []


def test_absent_tables_never_put_the_others_out_of_order():
    nineteen = [t for t in NATIONAL if t != "state_capital"]  # the 2019 template: eight tables
    assert _order(nineteen, NATIONAL) == []
    university = ["income_expenditure_summary", "income", "expenditure",
                  "fiscal_appropriation_summary"]
    assert _order(university, NATIONAL) == []


def test_a_table_printed_out_of_order_is_a_note_naming_it():
    printed = ["income_expenditure_summary", "income", "government_fund", "expenditure",
               "fiscal_appropriation_summary", "general_budget_expenditure",
               "basic_expenditure", "state_capital", "three_public"]
    (finding,) = _order(printed, NATIONAL)
    assert finding[:2] == ("info", "government_fund")
    assert "位置与模板顺序不符（模板中为第 7 张表）" in finding[2]


def test_a_number_that_is_not_the_tables_place_is_a_warning():
    numbers = {tid: f"{k + 1:02d}" for k, tid in enumerate(NATIONAL)}
    assert _order(NATIONAL, NATIONAL, numbers) == []
    numbers["three_public"] = "07"
    (finding,) = _order(NATIONAL, NATIONAL, numbers)
    assert finding == ("warning", "three_public",
                       "[C10.table_order] 财政拨款“三公”经费支出决算表 编号为公开07表，按模板应为公开09表")


def _reconcile(*edits: tuple[str, str, int], tmp_path):
    text = RAW_2024.read_text(encoding="utf-8")
    for old, new, n in edits:
        assert text.count(old) == n, old
        text = text.replace(old, new)
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    return zb.reconcile(zb.load(path))


def test_unit_missing_where_the_other_tables_disagree_is_an_error(tmp_path):
    f = _reconcile(("公开09表\n金额单位：万元\n", "公开09表\n", 1),
                   ("公开08表\n金额单位：万元\n", "公开08表\n金额单位：元\n", 1), tmp_path=tmp_path)
    units = f[f.check == "C9.table_unit"]
    assert list(units.severity) == ["error"] and list(units.table) == ["three_public"]
    assert "无法从其他各表推定（万元、元）" in units.message.iloc[0]


def test_every_table_declaring_its_unit_is_silent(d2024):
    f = zb.reconcile(d2024)
    assert f[f.check.isin(["C9.table_unit", "C10.table_order", "W8.negative",
                           "L10.doubled"])].empty
    assert all(t.unit_declared for t in d2024.table_info.values())


@pytest.mark.parametrize(("line", "found"), [
    ("收入合计 2.58 万元。。", ["。。"]),
    ("收入合计 2.58 万元，，其中", ["，，"]),
    ("本部门决算决算情况", ["决算决算"]),
    ("人人参与，天天坚持……", []),  # a character twice is a word; …… is not 。。
    ("详见附表。。。", []),  # three or more: an ellipsis left over, C7's
])
def test_doubled_punctuation_and_words(line, found):
    from zhuzhou_budget.checks.logic.form import _DOUBLED
    assert [m.group() for m in _DOUBLED.finditer(line)] == found


@pytest.mark.parametrize("leftover", ["增加持平", "待填写", "请填写", "（略）", "此处填写",
                                      "待补充"])
def test_more_template_leftovers(leftover):
    from zhuzhou_budget.checks.completeness import _LEFTOVERS
    assert _LEFTOVERS.search(f"与上年相比{leftover}。") is not None


# One line per alternative of _LEFTOVERS (and a few spellings of each).
_LEFTOVER_LINES = ["主要是XX调研督导", "ＸＸＸ局", "车辆××辆", "车辆✕✕辆", "车辆**辆", "202X年度",
                   "20Ｘ年", "（单位名称）", "(项目名称)", "增加（减少）", "下降(增长)", "大于（小于）",
                   "（如持平作持平表述）", "(不涉及的不列)", "增长持平", "待填写", "请补填", "此处填列",
                   "需补充", "（略）", "(略)", "按上述格式", "作下述说明", "根据实际情况填写", "详见。。。"]


@pytest.mark.parametrize("line", _LEFTOVER_LINES)
def test_placeholder_gate_lets_every_leftover_through(line):
    """C7 scans only the lines its cheap gate lets through: a line _LEFTOVERS matches must
    pass the gate, whichever alternative matches it."""
    from zhuzhou_budget.checks.completeness import _LEFTOVERS, _MAY_LEFT_OVER
    text = f"与上年相比{line}。"
    assert _LEFTOVERS.search(text) is not None
    assert _MAY_LEFT_OVER.search(text) is not None


@pytest.mark.parametrize("line", ["收入合计 2.58 万元，比上年增长 3.5%。", "（一）收入支出决算总体情况",
                                  "（二）本年支出比上年减少 1.2 万元"])
def test_placeholder_gate_passes_over_ordinary_lines(line):
    """The gate is worth having: an ordinary narrative line is not scanned at all."""
    from zhuzhou_budget.checks.completeness import _MAY_LEFT_OVER
    assert _MAY_LEFT_OVER.search(line) is None


def test_negative_amount_is_a_warning_with_its_cell(tmp_path):
    f = _reconcile(("30231\t公务用车运行维护费\t32.65", "30231\t公务用车运行维护费\t-32.65", 1),
                   tmp_path=tmp_path)
    (row,) = f[f.check == "W8.negative"].itertuples()
    assert (row.severity, row.table, row.code, row.column, row.actual) == (
        "warning", "basic_expenditure", "30231", "amount", Decimal("-32.65"))
    assert row.line == 384 and row.terms == "basic_expenditure/30231/amount=-32.65"
