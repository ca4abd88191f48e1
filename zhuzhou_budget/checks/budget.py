"""Identities across the tables of a budget (部门预算): the totals the summary, the income and
the expenditure tables print agree; the fiscal summary splits into its fund types and agrees
with the general-budget table; basic expenditure agrees between the economic and the function
tables (B1–B3). The identities inside one budget table (类 = Σ款 = Σ项, 合计 = 基本 + 项目,
人员经费 + 公用经费, 三公 parts) are W1, W2 and W4, declared in within.py for both kinds of
document. Nothing here runs on final accounts: their tables have other ids. The summaries'
lines are found by their canonical ids (`metadata.tables.SUMMARY_LINES`)."""

from __future__ import annotations

from ..extract.table_model import Table
from .engine.ledger import Ledger, term
from .engine.registry import EXACT, REGISTRY
from .engine.rows import line, total_row

SUITE = REGISTRY.suite("budget", family="across")
_SUMMARY, _FISCAL = "budget_income_expenditure_summary", "budget_fiscal_summary"
TOTALS = SUITE.check("B1.budget_totals", EXACT,
                     "budget: 收支总表 income total = 收入总表 合计 (总计 where the income table "
                     "has 上年结转); 收支总表 本年支出合计 = 支出总表 合计",
                     zh="预算总表与收支表一致", needs=(_SUMMARY,))
FISCAL = SUITE.check("B2.budget_fiscal", EXACT,
                     "budget: 财政拨款收支总表 each expenditure line's 合计 = 一般公共预算 + "
                     "政府性基金 + 国有资本经营; its 一般公共预算 income = 一般公共预算支出表 合计",
                     zh="财政拨款预算分资金一致", needs=(_FISCAL,))
BASIC = SUITE.check("B3.budget_basic", EXACT,
                    "budget: 一般公共预算基本支出表 合计 = 一般公共预算支出表 合计的基本支出",
                    zh="基本支出预算一致",
                    needs=("budget_basic_expenditure", "budget_general_expenditure"))


@SUITE.step(TOTALS, needs=("budget_income",))
def income_totals(ledger: Ledger) -> None:
    """B1: the summary's income total = the income table's 合计."""
    income = ledger.d.table_info["budget_income"]
    row = total_row(income)
    if row is None:
        return
    # The income table's 合计 is the grand total where it prints a 上年结转 column, else
    # the year's income (column_ids lists the template's columns, printed or not).
    line_id = "grand_total" if "carried_over" in income.column_labels else "income_total"
    _summary_vs_total(ledger, "income", line_id, "budget_income", row, "收入总表")


@SUITE.step(TOTALS, needs=("budget_expenditure",))
def expenditure_totals(ledger: Ledger) -> None:
    """B1: the summary's 本年支出合计 = the expenditure table's 合计."""
    row = total_row(ledger.d.table_info["budget_expenditure"])
    if row is not None:
        _summary_vs_total(ledger, "expenditure", "expenditure_total", "budget_expenditure",
                          row, "支出总表")


def _summary_vs_total(ledger: Ledger, side: str, line_id: str, table: str, row,
                      name: str) -> None:
    """B1: a line of the 收支总表 = the 合计 of the income or expenditure table."""
    summary = ledger.d.table_info[_SUMMARY]
    rec = line(summary, side, line_id)
    if rec is not None:
        ledger.compare(TOTALS, f"收支总表 {rec.item.strip()} = {name} 合计",
                       [term(summary.id, rec, "amount")], term(table, row, "total"))


@SUITE.step(FISCAL)
def fiscal(ledger: Ledger) -> None:
    """B2: the fiscal summary's lines by fund, and its general-budget income against the
    general-budget table."""
    tables = ledger.d.table_info
    fiscal = tables[_FISCAL]
    fiscal_lines(ledger, fiscal)
    general = total_row(tables.get("budget_general_expenditure"))
    rec = line(fiscal, "income", "fiscal_general")
    if general is not None and rec is not None:
        ledger.compare(FISCAL, f"财政拨款收支总表 {rec.item.strip()} = 一般公共预算支出表 合计",
                       [term(fiscal.id, rec, "amount")],
                       term("budget_general_expenditure", general, "total"))


@SUITE.step(BASIC)
def basic(ledger: Ledger) -> None:
    """B3: the economic table's basic total = the general-budget table's basic column."""
    tables = ledger.d.table_info
    basic = total_row(tables["budget_basic_expenditure"])
    general_table = tables["budget_general_expenditure"]
    general = total_row(general_table)
    if (basic is not None and general is not None
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


__all__ = ["SUITE"]
