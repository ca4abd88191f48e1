"""Identities inside one table: hierarchy, row identities, economic classes, summary balances
(W1–W6). The plain sums are data (SUMS); the rest is code."""

from __future__ import annotations

import re
from decimal import Decimal
from itertools import chain, repeat
from operator import attrgetter, is_not, methodcaller

from ..extract.table_model import Record, Table
from ..metadata.tables import (
    BALANCE_BY_FUND,
    BALANCE_LINES,
    PART_OF_ABOVE,
    PERSONNEL_CLASSES,
    ROW_IDENTITIES,
    column_zh,
)
from ..rounding import ZERO
from .engine.findings import fmt
from .engine.ledger import Ledger, adds_up, term
from .engine.registry import EXACT, REGISTRY, WARNING, Check
from .engine.rows import summary_line
from .engine.sums import ClassSum, ColumnSum, run_sums

SUITE = REGISTRY.suite("within")
HIERARCHY = SUITE.check("W1.hierarchy", EXACT,
                        "合计 = Σ类, 类 = Σ款, 款 = Σ项, in every amount column of the coded tables", zh="类 = Σ款 = Σ项")
ROW = SUITE.check("W2.row", EXACT,
                  "income total = Σ sources; expenditure total = Σ kinds; general-budget, fund "
                  "and state-capital total = basic + project", zh="行内合计")
FUND_BALANCE = SUITE.check("W3.fund_balance", EXACT,
                           "fund: opening + income − spending = closing", zh="基金结转平衡", needs=("government_fund",))
THREE_PUBLIC = SUITE.check("W4.three_public", EXACT,
                           "三公 total = overseas + vehicles + reception; vehicles = purchase + "
                           "operation; where printed, 合计 = 三公 + 会议费 + 培训费 (budget and "
                           "actual)", zh="三公分项之和")
ECONOMIC = SUITE.check("W5.economic", EXACT,
                       "economic 类 = Σ款; 人员经费合计 = 301 + 303; 公用经费合计 = the other "
                       "classes", zh="经济分类之和", needs=("basic_expenditure",))
SUMMARY = SUITE.check("W6.summary", EXACT,
                      "both summary tables: 本年合计 = Σ lines, 总计 = 本年合计 + balances, income "
                      "总计 = expenditure 总计, 年初结转 = Σ its fund lines, each fiscal row's "
                      "total = its three fund columns", zh="总表平衡")
THREE_PUBLIC_BUDGET = SUITE.check(
    "W7.three_public_budget", WARNING,
    "三公 决算 above its 预算, by item (a signal: the budget may have been raised during the "
    "year, or the item paid from carried-over money)", zh="三公决算超预算", needs=("three_public",))
NEGATIVE = SUITE.check("W8.negative", WARNING,
                       "no negative amount in a table (a sign slip or a reversal to explain), "
                       "each with its cell", zh="表中负数")

CODED_TABLES = ("income", "expenditure", "general_budget_expenditure", "government_fund",
                "state_capital", "fiscal_appropriation_expenditure",
                # a budget's tables by function or economic code
                "budget_income", "budget_expenditure", "budget_fiscal_expenditure",
                "budget_fiscal_basic_expenditure", "budget_general_expenditure",
                "budget_basic_expenditure", "budget_project_economic",
                "budget_government_fund", "budget_state_capital", "budget_admin_costs")
# The plain "total = Σ parts" identities of one table (sums.py runs them).
SUMS: tuple[ColumnSum | ClassSum, ...] = (
    *(ColumnSum(ROW, tid, total, parts) for tid, (total, parts) in ROW_IDENTITIES.items()),
    ColumnSum(FUND_BALANCE, "government_fund", "closing_balance",
              ("opening_balance", "income", "-total"), equation="年初 + 收入 − 支出 = 年末"),
    ColumnSum(THREE_PUBLIC, "three_public", "total", ("overseas", "vehicles", "reception"),
              equation="合计 = 出国 + 公务用车 + 接待", title="三公{level} {equation}"),
    ColumnSum(THREE_PUBLIC, "three_public", "grand_total", ("total", "meetings", "training"),
              equation="合计 = 三公 + 会议费 + 培训费", title="三公{level} {equation}"),
    ColumnSum(THREE_PUBLIC, "three_public", "vehicles", ("vehicle_purchase", "vehicle_operation"),
              equation="公务用车 = 购置 + 运行维护", title="三公{level} {equation}"),
    # A budget's tables: the same row identities under the budget's column names.
    ColumnSum(ROW, "budget_income", "total", (
        "general_budget", "government_fund", "state_capital", "special_account",
        "special_account_tuition", "special_account_other", "business", "operating",
        "superior_subsidy", "subsidiary_remittance", "other", "carried_over")),
    ColumnSum(ROW, "budget_expenditure", "total", ("basic", "project", "reserve", "operating",
                                                   "subsidy_subsidiary", "remit_superior")),
    *(ColumnSum(ROW, tid, "total", ("basic", "project")) for tid in (
        "budget_fiscal_expenditure", "budget_general_expenditure", "budget_government_fund",
        "budget_state_capital")),
    *(ColumnSum(ROW, tid, "total", ("personnel", "public"), equation="合计 = 人员经费 + 公用经费")
      for tid in ("budget_basic_expenditure", "budget_fiscal_basic_expenditure")),
    ColumnSum(THREE_PUBLIC, "budget_three_public", "total", ("overseas", "vehicles", "reception"),
              equation="合计 = 出国 + 公务用车 + 接待", title="三公{level} {equation}"),
    ColumnSum(THREE_PUBLIC, "budget_three_public", "grand_total", ("total", "meetings",
                                                                   "training"),
              equation="合计 = 三公 + 会议费 + 培训费", title="三公{level} {equation}"),
    ColumnSum(THREE_PUBLIC, "budget_three_public", "vehicles", ("vehicle_purchase",
                                                                "vehicle_operation"),
              equation="公务用车 = 购置 + 运行维护", title="三公{level} {equation}"),
    ClassSum(ECONOMIC, "basic_expenditure", "amount", "人员经费合计", PERSONNEL_CLASSES),
    ClassSum(ECONOMIC, "basic_expenditure", "amount", "公用经费合计", PERSONNEL_CLASSES,
             other_classes=True),
)


@SUITE.step(HIERARCHY)
def hierarchies(ledger: Ledger) -> None:
    """W1 in every coded table the document prints."""
    tables = ledger.d.table_info
    for tid in CODED_TABLES:
        if (table := tables.get(tid)) is not None:
            hierarchy(ledger, table)


def _sums_of(check: Check) -> None:
    """A step comparing the declared sums of `check` (each in its table, where printed)."""
    @SUITE.step(check)
    def sums(ledger: Ledger) -> None:
        run_sums(ledger, [s for s in SUMS if s.check is check])


for _check in (ROW, FUND_BALANCE, THREE_PUBLIC, ECONOMIC):
    _sums_of(_check)


@SUITE.step(ECONOMIC)
def economic(ledger: Ledger) -> None:
    economic_classes(ledger, ledger.d.table_info["basic_expenditure"])


@SUITE.step(SUMMARY)
def summaries(ledger: Ledger) -> None:
    """W6 in both summary tables, where printed."""
    for tid in ("income_expenditure_summary", "fiscal_appropriation_summary"):
        if (table := ledger.d.table_info.get(tid)) is not None:
            summary_balances(ledger, table)


@SUITE.step(THREE_PUBLIC_BUDGET)
def three_public_over_budget(ledger: Ledger) -> None:
    three_public_budget(ledger, ledger.d.table_info["three_public"])


@SUITE.step(NEGATIVE)
def negatives(ledger: Ledger) -> None:
    for table in ledger.d.table_info.values():
        negative_amounts(ledger, table)


_VALUES = attrgetter("values")  # a record's cells by column


def negative_amounts(ledger: Ledger, table: Table) -> None:
    """W8: an amount printed below zero, cell by cell (a warning: a reversal can be real, but
    the template's amounts are spending and money received). One comparison per amount,
    counted once per table."""
    # The table's cells gathered, counted and their least nonzero amount found in C (chain,
    # is_not, filter, min): the row-by-row reading below runs only for a table with a
    # negative amount (W8 read every cell of every table in Python, ~4,000 line steps a
    # document). Not list.count(None): a Decimal compared with None asks the numbers ABCs
    # whether None is a number (a Python-level isinstance per cell).
    cells = list(chain.from_iterable(map(dict.values, map(_VALUES, table.records))))
    amounts = sum(map(is_not, cells, repeat(None)))
    if min(filter(None, cells), default=ZERO) < 0:
        for rec in table.records:
            for col, value in rec.values.items():
                if value is not None and value < 0:
                    t = term(table.id, rec, col)
                    ledger.report(NEGATIVE, "warning",
                                  f"{table.spec.zh} {t.key} {rec.item.strip()}（"
                                  f"{column_zh(table.id, col)}）为负数 {fmt(value)}",
                                  actual=value, table=table.id, code=t.key, column=col,
                                  line=rec.source_line, terms=t.ref)
    ledger.count(NEGATIVE, amounts)


def three_public_budget(ledger: Ledger, table: Table) -> None:
    """W7: a 三公 item spent beyond its budget (or spent with no budget printed): a warning,
    since the 预算数 column may be the original budget and money may be carried over."""
    rows = {r.level: r for r in table.records}
    budget, actual = rows.get("budget"), rows.get("actual")
    if budget is None or actual is None:
        return
    for col in table.column_ids:
        b, a = term(table.id, budget, col), term(table.id, actual, col)
        ledger.count(THREE_PUBLIC_BUDGET)
        if a.value is None or a.value == 0 or (b.value is not None and a.value <= b.value):
            continue
        base = b.value if b.value is not None else Decimal(0)
        ledger.report(THREE_PUBLIC_BUDGET, "warning",
                      f"三公 {column_zh(table.id, col)} 决算数 {fmt(a.value)} 超过预算数 "
                      f"{fmt(b.value)}（超出 {fmt(a.value - base)}；预算可能年中调整，或以结转资金"
                      "列支，请核实）", expected=b.value, actual=a.value,
                      difference=a.value - base, table=table.id, code="actual", column=col,
                      line=a.line, terms=f"{a.ref}; {b.ref}")


def hierarchy(ledger: Ledger, table: Table) -> None:
    """合计 = Σ类, 类 = Σ款, 款 = Σ项 in every amount column (W1)."""
    recs = table.records
    coded = [r for r in recs if r.code]
    totals = [r for r in recs if r.level == "total"]
    # A row's children are the coded rows two digits longer that start with its code, i.e.
    # those whose code less its last two digits is the row's: indexed once per table, in
    # print order (a scan of every row per parent and column was W1's whole cost).
    children: dict[str, list[Record]] = {}
    for r in coded:
        children.setdefault(r.code[:-2], []).append(r)
    classes = [r for r in coded if len(r.code) == 3]
    # The parents with children, each with its children's values (read once per column).
    families = [(parent, kids) for parent in coded if (kids := children.get(parent.code))]
    tid, zh = table.id, table.spec.zh
    # Each row's values, and each parent's children's, read once (not per column).
    by_parent = [(parent, parent.values, [k.values for k in kids]) for parent, kids in families]
    class_values = [k.values for k in classes]
    equal = 0  # the comparisons that add up exactly (Ledger.settled's), counted at the end
    for col in table.column_ids:
        # The children's cells of the column read by a C map (`get` of each row's values), not
        # a list made in Python per parent and column (~1,200 steps a document).
        cell = methodcaller("get", col)
        for parent in totals:
            if not classes:
                continue
            if adds_up(map(cell, class_values), parent.values.get(col)):
                equal += 1
                continue
            ledger.compare(HIERARCHY, f"{zh} 合计 = Σ类（{column_zh(tid, col)}）",
                           [term(tid, k, col) for k in classes], term(tid, parent, col))
        for parent, values, kid_values in by_parent:
            if adds_up(map(cell, kid_values), values.get(col)):
                equal += 1
                continue
            kids = children[parent.code]
            level = "款" if len(parent.code) == 3 else "项"
            ledger.compare(HIERARCHY, f"{zh} {parent.code}{parent.item} = Σ{level}"
                           f"（{column_zh(tid, col)}）",
                           [term(tid, k, col) for k in kids], term(tid, parent, col))
    if equal:
        ledger.count(HIERARCHY, equal)


def economic_classes(ledger: Ledger, table: Table) -> None:
    """Economic 类 = Σ款 (W5; the 人员经费 and 公用经费 totals are in SUMS)."""
    recs = [r for r in table.records if r.code]
    # Each 类's 款 (five-digit codes starting with its three), indexed once in print order.
    kuan: dict[str, list[Record]] = {}
    for r in recs:
        if len(r.code) == 5:
            kuan.setdefault(r.code[:3], []).append(r)
    for c in (r for r in recs if len(r.code) == 3):
        if kids := kuan.get(c.code):
            if ledger.settled(ECONOMIC, [k.values.get("amount") for k in kids],
                              c.values.get("amount")):
                continue
            ledger.compare(ECONOMIC, f"经济分类 {c.code}{c.item} = Σ款",
                           [term(table.id, k, "amount") for k in kids],
                           term(table.id, c, "amount"))


def summary_balances(ledger: Ledger, table: Table) -> None:
    """Both sides of a summary table add up and balance (W6)."""
    columns = [c.id for c in table.spec.expenditure_columns]
    for side in ("income", "expenditure"):
        recs = [r for r in table.records if r.side == side]
        cols = ["amount"] if side == "income" else columns
        year_total = summary_line(ledger, table, side, f"{side}_total")
        grand = summary_line(ledger, table, side, "grand_total")
        if year_total is None:
            continue
        lines = _lines(recs, year_total)
        top, end = _at(year_total), (_at(grand) if grand is not None else 10**6)
        body = [r for r, at in zip(recs, lines, strict=True) if at < top and r.item
                and not _PART_OF_ABOVE.match(r.item)]
        after = [r for r, at in zip(recs, lines, strict=True) if top < at < end]
        # 年初(财政拨款)结转和结余 may list its fund types on the lines below it.
        carried = [r for r in after if _BALANCE_LINES.search(r.item)]
        for col in cols:
            if not ledger.settled(SUMMARY, [r.values.get(col) for r in body],
                                  year_total.values.get(col)):
                ledger.compare(SUMMARY, f"{table.spec.zh} {year_total.item} = Σ各项"
                               f"（{column_zh(table.id, col)}）",
                               [term(table.id, r, col) for r in body],
                               term(table.id, year_total, col))
            if grand is not None:
                ledger.compare(SUMMARY,
                               f"{table.spec.zh} {grand.item}（{_side(side)}）= {year_total.item} "
                               f"+ {' + '.join(r.item for r in carried)}（{column_zh(table.id, col)}）",
                               [term(table.id, r, col) for r in [year_total, *carried]],
                               term(table.id, grand, col))
        for head in carried:
            subs = []
            for r in after:
                if _at(r) <= _at(head):
                    continue
                if r.item and not _BALANCE_BY_FUND.search(r.item):
                    break
                if r.item:
                    subs.append(r)
            if subs:
                for col in cols:
                    ledger.compare(SUMMARY, f"{table.spec.zh} {head.item} = Σ其中各项",
                                   [term(table.id, r, col) for r in subs],
                                   term(table.id, head, col))
        if side == "expenditure" and "general_budget" in cols:
            for r in recs:
                if ledger.settled(SUMMARY, [r.values.get(c) for c in _FUNDS],
                                  r.values.get("total")):
                    continue
                ledger.compare(SUMMARY,
                               f"{table.spec.zh} {r.item or '行次' + str(r.line)} 合计 = "
                               "一般公共预算 + 政府性基金 + 国有资本经营",
                               [term(table.id, r, c) for c in _FUNDS],
                               term(table.id, r, "total"))
    income, spending = (summary_line(ledger, table, s, "grand_total")
                        for s in ("income", "expenditure"))
    if income is not None and spending is not None:
        col = "total" if "general_budget" in columns else "amount"
        ledger.compare(SUMMARY, f"{table.spec.zh} 收入总计 = 支出总计",
                       [term(table.id, income, "amount")], term(table.id, spending, col))


_FUNDS = ("general_budget", "government_fund", "state_capital")  # a fiscal row's columns
# The summary lines' patterns compiled once (re's own cache is looked up per row otherwise).
_PART_OF_ABOVE, _BALANCE_LINES, _BALANCE_BY_FUND = (
    re.compile(p) for p in (PART_OF_ABOVE, BALANCE_LINES, BALANCE_BY_FUND))


def _lines(recs: list[Record], year_total: Record) -> list[int]:
    """The 行次 of a summary side's rows (`_at` of each), read once: a row without one is
    refused as `summary_balances` first read them (the first row, then the year's total, then
    the rows in order), each of them once per comparison (~1,100 calls a document)."""
    lines = [r.line for r in recs]
    if None in lines:
        for r in (recs[0], year_total, *recs):
            _at(r)
    return lines  # type: ignore[return-value]  # every one an int: checked above


def _at(r: Record) -> int:
    """A summary row's 行次 (the parser numbers every row of a summary side)."""
    if r.line is None:
        raise ValueError(f"summary row without 行次 at source line {r.source_line}")
    return r.line


def _side(side: str) -> str:
    return "收入方" if side == "income" else "支出方"


__all__ = ["CODED_TABLES", "SUITE", "SUMS"]
