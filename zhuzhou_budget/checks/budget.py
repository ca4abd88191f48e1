"""Identities across the tables of a budget (部门预算): the totals the summary, the income and
the expenditure tables print agree; the fiscal summary splits into its fund types and agrees
with the general-budget table; basic expenditure agrees between the economic and the function
tables (B1–B3). The identities inside one budget table (类 = Σ款 = Σ项, 合计 = 基本 + 项目,
人员经费 + 公用经费, 三公 parts) are W1, W2 and W4, declared in within.py for both kinds of
document. Nothing here runs on final accounts: their tables have other ids."""

from __future__ import annotations

import re

from ..extract.table_model import Record, Table
from .ledger import Ledger, term
from .registry import EXACT, REGISTRY

FAMILY = "across"
SUITE = REGISTRY.suite("budget")
TOTALS = SUITE.check("B1.budget_totals", FAMILY, EXACT,
                     "budget: 收支总表 income total = 收入总表 合计 (总计 where the income table "
                     "has 上年结转); 收支总表 本年支出合计 = 支出总表 合计")
FISCAL = SUITE.check("B2.budget_fiscal", FAMILY, EXACT,
                     "budget: 财政拨款收支总表 each expenditure line's 合计 = 一般公共预算 + "
                     "政府性基金 + 国有资本经营; its 一般公共预算 income = 一般公共预算支出表 合计")
BASIC = SUITE.check("B3.budget_basic", FAMILY, EXACT,
                    "budget: 一般公共预算基本支出表 合计 = 一般公共预算支出表 合计的基本支出")

# The labels of the summary lines the checks read (the templates word them differently).
_YEAR_INCOME = r"^(本年收入合计|当年收入小计|本年收入小计)$"
_YEAR_SPENDING = r"^(本年支出合计|当年支出小计|本年支出小计)$"
_GRAND = r"^(收入|支出)?(总计|合计)$"
_GENERAL_INCOME = r"一般公共预算"


def _line(table: Table, side: str, pattern: str) -> Record | None:
    return next((r for r in table.records if r.side == side
                 and re.search(pattern, re.sub(r"\s+", "", r.item))), None)


def _total(table: Table | None) -> Record | None:
    if table is None:
        return None
    return next((r for r in table.records if r.level == "total"), None)


@SUITE.runner
def run(ledger: Ledger) -> None:
    tables = ledger.d.table_info
    summary = tables.get("budget_income_expenditure_summary")
    income, spending = tables.get("budget_income"), tables.get("budget_expenditure")
    if summary is not None and (row := _total(income)) is not None:
        # The income table's 合计 is the grand total where it prints a 上年结转 column, else
        # the year's income (column_ids lists the template's columns, printed or not).
        pattern = _GRAND if "carried_over" in income.column_labels else _YEAR_INCOME  # type: ignore[union-attr]
        line = _line(summary, "income", pattern)
        if line is not None:
            ledger.compare(TOTALS, f"收支总表 {line.item.strip()} = 收入总表 合计",
                           [term(summary.id, line, "amount")], term("budget_income", row, "total"))
    if summary is not None and (row := _total(spending)) is not None:
        line = _line(summary, "expenditure", _YEAR_SPENDING)
        if line is not None:
            ledger.compare(TOTALS, f"收支总表 {line.item.strip()} = 支出总表 合计",
                           [term(summary.id, line, "amount")],
                           term("budget_expenditure", row, "total"))
    fiscal = tables.get("budget_fiscal_summary")
    if fiscal is not None:
        fiscal_lines(ledger, fiscal)
        general = _total(tables.get("budget_general_expenditure"))
        line = _line(fiscal, "income", _GENERAL_INCOME)
        if general is not None and line is not None:
            ledger.compare(FISCAL, f"财政拨款收支总表 {line.item.strip()} = 一般公共预算支出表 合计",
                           [term(fiscal.id, line, "amount")],
                           term("budget_general_expenditure", general, "total"))
    basic = _total(tables.get("budget_basic_expenditure"))
    general = _total(tables.get("budget_general_expenditure"))
    general_table = tables.get("budget_general_expenditure")
    if (basic is not None and general is not None and general_table is not None
            and "basic" in general_table.column_ids):  # Jiangsu prints the amount alone
        ledger.compare(BASIC, "一般公共预算基本支出表 合计 = 一般公共预算支出表 合计（基本支出）",
                       [term("budget_general_expenditure", general, "basic")],
                       term("budget_basic_expenditure", basic, "total"))


def fiscal_lines(ledger: Ledger, table: Table) -> None:
    """B2: each expenditure line's 合计 = its general-budget, fund and state-capital columns
    (where the table prints them)."""
    parts = [c for c in ("general_budget", "government_fund", "state_capital")
             if c in table.column_labels or f"expenditure.{c}" in table.column_labels]
    if not parts:
        return
    for r in table.records:
        if r.side != "expenditure" or "total" not in r.values:
            continue
        ledger.compare(FISCAL, f"财政拨款收支总表 {r.item.strip()} 合计 = 一般公共预算 + 政府性基金 + "
                       "国有资本经营", [term(table.id, r, c) for c in parts],
                       term(table.id, r, "total"))
