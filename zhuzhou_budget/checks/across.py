"""Identities between the final accounts' tables, at class level and not only totals (A1–A9).

The summary tables' lines are found by their canonical ids (`metadata.tables.SUMMARY_LINES`:
income_total, opening_balance, fiscal_general…), never by a label matched here."""

from __future__ import annotations

import re
from decimal import Decimal
from itertools import repeat
from operator import is_not, methodcaller

from ..extract.table_model import Record, Table
from ..metadata.tables import FUND_LINES, SUMMARY_INCOME_SOURCES, column_zh
from ..rounding import ZERO, tolerance_of
from .engine.findings import Finding, fmt
from .engine.ledger import Ledger, Term, adds_up, term
from .engine.registry import EXACT, REGISTRY, Check, policy
from .engine.rows import by_code as _by_code
from .engine.rows import label, summary_line
from .engine.rows import total_row as _total_row

SUITE = REGISTRY.suite("across")
FAMILY = SUITE.family
_SUMMARY, _FISCAL = "income_expenditure_summary", "fiscal_appropriation_summary"
SUMMARY_INCOME = SUITE.check("A1.summary_income", EXACT,
                             "summary income lines = income table 合计 by source",
    zh="总表收入 = 收入表", needs=(_SUMMARY, "income"))
SUMMARY_EXPENDITURE = SUITE.check("A2.summary_expenditure", EXACT,
                                  "summary expenditure lines = expenditure table 类 rows and 合计",
    zh="总表支出 = 支出表", needs=(_SUMMARY, "expenditure"))
# Income and expenditure of a year differ by what the department carries over: the identity
# is the summary's balance, not income = expenditure (a department may save, or spend money
# carried in).
YEAR_BALANCE = SUITE.check(
    "A3.year_balance", EXACT,
    "支出决算表 合计 = 收入决算表 合计 + 使用非财政拨款结余 + 年初结转和结余 − 结余分配 − "
    "年末结转和结余 (the summary's balances)",
    zh="全年收支平衡", needs=("income", "expenditure", _SUMMARY))
FISCAL_VS_TABLE = SUITE.check("A4.fiscal_vs_table", EXACT,
                              "fiscal summary general_budget / government_fund / state_capital "
                              "columns = those tables by 类 and 合计",
    zh="财政拨款总表 = 分表", needs=(_FISCAL,))
FISCAL_INCOME = SUITE.check("A5.fiscal_income", EXACT,
                            "fiscal summary income lines = summary table lines and fund table "
                            "income",
    zh="财政拨款收入", needs=(_FISCAL,))
# The expenditure table covers every source of money, the fiscal tables only appropriations:
# by code and column the fiscal spending can only be part of the spending, and what is not
# fiscal must be financed by non-fiscal income, 使用非财政拨款结余 or non-fiscal balances.
FISCAL_WITHIN = SUITE.check(
    "A6.fiscal_within_expenditure", EXACT,
    "general budget + fund + state capital tables ≤ expenditure table, by code, for "
    "total/basic/project; the non-fiscal rest ≤ non-fiscal income + 使用非财政拨款结余 + "
    "non-fiscal 年初结转和结余",
    zh="财政拨款不超过支出", needs=("expenditure", "general_budget_expenditure"))
BASIC_VS_ECONOMIC = SUITE.check("A7.basic_vs_economic", EXACT,
                                "general-budget basic total = 人员经费合计 + 公用经费合计",
    zh="基本支出 = 人员 + 公用", needs=("general_budget_expenditure", "basic_expenditure"))
THREE_PUBLIC_VS_ECONOMIC = SUITE.check(
    "A8.three_public_vs_economic",
    policy("error; warning (heuristic) when 三公 is larger; rounding inside tolerance",
           "error", "warning", "rounding"),
    "三公 actuals = economic codes 30212, 30217, 30231, 31013 (basic spending only: a larger "
    "三公 figure may be project-funded)",
    zh="三公 = 经济科目", needs=("three_public", "basic_expenditure"))
FUND_ROLL_FORWARD = SUITE.check(
    "A9.fund_roll_forward", EXACT,
    "per fund (一般公共预算, 政府性基金, 国有资本经营) in the fiscal summary: 年初结转和结余 + "
    "本年收入 − 本年支出 = 年末结转和结余; the fund tables' 合计 年初/年末 = those lines; a "
    "state-capital table printed with balances: 年初 + 收入 − 支出 = 年末 by row",
    zh="分资金结转平衡", needs=(_FISCAL,))
_THREE_PUBLIC_CODES = {"overseas": "30212", "reception": "30217", "vehicle_operation": "30231",
                       "vehicle_purchase": "31013"}


@SUITE.step(SUMMARY_INCOME)
def summary_income(ledger: Ledger) -> None:
    t = ledger.d.table_info
    summary_income_vs_income(ledger, t[_SUMMARY], t["income"])


@SUITE.step(SUMMARY_EXPENDITURE)
def summary_expenditure(ledger: Ledger) -> None:
    t = ledger.d.table_info
    summary_lines_vs_classes(ledger, t[_SUMMARY], "amount", t["expenditure"], "total",
                             SUMMARY_EXPENDITURE)


@SUITE.step(YEAR_BALANCE)
def balance(ledger: Ledger) -> None:
    t = ledger.d.table_info
    year_balance(ledger, t["income"], t["expenditure"], t[_SUMMARY])


@SUITE.step(FISCAL_VS_TABLE)
def fiscal_vs_tables(ledger: Ledger) -> None:
    """A4 for each fund table the document prints."""
    t = ledger.d.table_info
    for tid, col in (("general_budget_expenditure", "general_budget"),
                     ("government_fund", "government_fund"), ("state_capital", "state_capital")):
        if tid in t:
            summary_lines_vs_classes(ledger, t[_FISCAL], col, t[tid], "total", FISCAL_VS_TABLE)


@SUITE.step(FISCAL_INCOME)
def fiscal_income_lines(ledger: Ledger) -> None:
    fiscal_income(ledger, ledger.d.table_info[_FISCAL], ledger.d.table_info)


@SUITE.step(FUND_ROLL_FORWARD)
def funds_roll_forward(ledger: Ledger) -> None:
    fund_roll_forward(ledger, ledger.d.table_info[_FISCAL], ledger.d.table_info)


@SUITE.step(FISCAL_WITHIN)
def fiscal_within(ledger: Ledger) -> None:
    fiscal_within_expenditure(ledger, ledger.d.table_info)


@SUITE.step(BASIC_VS_ECONOMIC)
def basic(ledger: Ledger) -> None:
    t = ledger.d.table_info
    basic_vs_economic(ledger, t["general_budget_expenditure"], t["basic_expenditure"])


@SUITE.step(THREE_PUBLIC_VS_ECONOMIC)
def three_public(ledger: Ledger) -> None:
    t = ledger.d.table_info
    three_public_vs_economic(ledger, t["three_public"], t["basic_expenditure"])


def summary_income_vs_income(ledger: Ledger, summary: Table, income: Table) -> None:
    """Summary income lines = the income table's 合计 row by source (A1)."""
    total = _total_row(income)
    if total is None:
        return
    by_source: dict[str, list[Record]] = {}
    for r in summary.records:
        if r.side != "income":
            continue
        name = _NUMBERING.sub("", label(r))
        source = SUMMARY_INCOME_SOURCES.get(name) or SUMMARY_INCOME_SOURCES.get(name + "收入")
        if source:
            by_source.setdefault(source, []).append(r)
    for source, recs in by_source.items():
        ledger.compare(SUMMARY_INCOME,
                       f"收入决算表 合计·{column_zh(income.id, source)} = 总表收入 " + " + ".join(r.item for r in recs),
                       [term(summary.id, r, "amount") for r in recs], term(income.id, total, source))
    year = summary_line(ledger, summary, "income", "income_total")
    if year is not None:
        ledger.compare(SUMMARY_INCOME, "收入决算表 合计 = 总表 本年收入合计",
                       [term(summary.id, year, "amount")], term(income.id, total, "total"))


def summary_lines_vs_classes(ledger: Ledger, summary: Table, column: str, table: Table,
                             table_column: str, check: Check) -> None:
    """A summary's expenditure lines = the coded table's 类 rows and 合计 (A2, A4)."""
    classes = {r.code: r for r in table.records if len(r.code) == 3}
    lines = {r.code: r for r in summary.records if r.side == "expenditure" and r.code}
    equal = 0  # the lines that add up exactly (Ledger.settled's), counted at the end
    for code in sorted(set(classes) | set(lines)):
        line, row = lines.get(code), classes.get(code)
        if line is None:
            ledger.compare(check, f"{summary.spec.zh} 缺少 {code} 类的支出行",
                           [term(table.id, classes[code], table_column)],
                           Term(summary.id, code, column, None))
            continue
        # Counted at once below (A2 and A4 settle ~100 lines a document one by one).
        if adds_up([row.values.get(table_column)] if row else [], line.values.get(column)):
            equal += 1
            continue
        parts = [term(table.id, row, table_column)] if row else []
        ledger.compare(check,
                       f"{summary.spec.zh} {line.item}（{column_zh(summary.id, column)}）= {table.spec.zh} {code} 类",
                       parts, term(summary.id, line, column))
    if equal:
        ledger.count(check, equal)
    year = summary_line(ledger, summary, "expenditure", "expenditure_total")
    total = _total_row(table)
    if year is not None and total is not None:
        ledger.compare(check, f"{summary.spec.zh} 本年支出合计（{column_zh(summary.id, column)}）= "
                       f"{table.spec.zh} 合计", [term(table.id, total, table_column)],
                       term(summary.id, year, column))


def year_balance(ledger: Ledger, income: Table, expenditure: Table, summary: Table) -> None:
    """支出 = 收入 + 使用非财政拨款结余 + 年初结转和结余 − 结余分配 − 年末结转和结余 (A3):
    the income and expenditure tables' 合计 against the balances the summary prints (a blank
    balance line is zero)."""
    ti, te = _total_row(income), _total_row(expenditure)
    if ti is None or te is None:
        return
    parts = [term(income.id, ti, "total")]
    for side, line_id, sign in (("income", "non_fiscal_balance_used", 1),
                                ("income", "opening_balance", 1),
                                ("expenditure", "balance_distribution", -1),
                                ("expenditure", "closing_balance", -1)):
        if (rec := summary_line(ledger, summary, side, line_id)) is not None:
            t = term(summary.id, rec, "amount")
            parts.append(t if sign > 0 else t.neg())
    ledger.compare(YEAR_BALANCE, "支出决算表合计 = 收入决算表合计 + 使用非财政拨款结余 + "
                   "年初结转和结余 − 结余分配 − 年末结转和结余", parts, term(expenditure.id, te, "total"))


def fiscal_income(ledger: Ledger, fiscal: Table, tables: dict[str, Table]) -> None:
    """Fiscal summary income lines = the other tables' appropriations (A5)."""
    summary = tables.get(_SUMMARY)
    for line_id in ("fiscal_general", "fiscal_fund", "fiscal_state_capital"):
        rec = summary_line(ledger, fiscal, "income", line_id)
        if rec is None:
            continue
        if summary is not None and (other := summary_line(ledger, summary, "income", line_id)):
            ledger.compare(FISCAL_INCOME, f"财政拨款总表 {rec.item} = 收支总表 "
                           f"{other.item}", [term(summary.id, other, "amount")],
                           term(fiscal.id, rec, "amount"))
    fund = tables.get("government_fund")
    rec = summary_line(ledger, fiscal, "income", "fiscal_fund")
    if fund is not None and rec is not None and (total := _total_row(fund)):
        ledger.compare(FISCAL_INCOME, "财政拨款总表 政府性基金收入 = 基金表 本年收入",
                       [term(fund.id, total, "income")], term(fiscal.id, rec, "amount"))


def fiscal_within_expenditure(ledger: Ledger, tables: dict[str, Table]) -> None:
    """Fiscal spending F ≤ spending E ≤ F + the non-fiscal sources R, by code and column (A6).

    E covers every source of money, F only appropriations; what E spends beyond F is financed by
    non-fiscal income, 使用非财政拨款结余 or non-fiscal opening balances (R, where the income
    table and both summaries print them). When R is zero, E = F exactly."""
    exp = tables["expenditure"]
    sources = [tables[t] for t in ("general_budget_expenditure", "government_fund",
                                   "state_capital") if t in tables]
    by_code = [_by_code(t) for t in sources]
    exp_codes = _by_code(exp)
    room = _non_fiscal_sources(ledger, tables)
    room_total = None if room is None else _signed(room)
    te = _total_row(exp)
    # Each code of the spending table, in code order, with its rows in the fiscal tables.
    coded = [(code, exp_codes[code], [(t.id, b[code]) for t, b in zip(sources, by_code,
                                                                      strict=True) if code in b])
             for code in sorted(exp_codes)]
    # Each code's fiscal rows' cells, read per column by a C map (not a list made in Python
    # per code and column).
    cells = [[r.values for _, r in rows] for _, _, rows in coded]
    held = 0  # the comparisons that hold (no finding: no terms or words), counted at the end
    for col in ("total", "basic", "project"):
        cell = methodcaller("get", col)
        for (code, spent, rows), fiscal in zip(coded, cells, strict=True):
            if _holds(list(map(cell, fiscal)), spent.values.get(col), room_total):
                held += 1
                continue
            parts = [term(tid, r, col) for tid, r in rows]
            _within(ledger, f"支出决算表 {code} {column_zh(exp.id, col)}", parts,
                    term(exp.id, spent, col), room)
        if te is not None:
            totals = [term(t.id, r, col) for t in sources if (r := _total_row(t))]
            _within(ledger, f"支出决算表 合计 {column_zh(exp.id, col)}", totals,
                    term(exp.id, te, col), room)
    if held:
        ledger.count(FISCAL_WITHIN, held)


def _non_fiscal_sources(ledger: Ledger, tables: dict[str, Table]) -> list[Term] | None:
    """非财政收入 + 使用非财政拨款结余 + (年初结转和结余 − 年初财政拨款结转和结余), as signed
    terms; None where a table that states them is missing (no upper bound then)."""
    income, summary = tables.get("income"), tables.get(_SUMMARY)
    fiscal = tables.get(_FISCAL)
    if income is None or summary is None or fiscal is None:
        return None
    ti = _total_row(income)
    if ti is None:
        return None
    room = [term(income.id, ti, "total"), term(income.id, ti, "fiscal_appropriation").neg()]
    for line_id, sign, table in (("non_fiscal_balance_used", 1, summary),
                                 ("opening_balance", 1, summary),
                                 ("opening_balance", -1, fiscal)):
        if (rec := summary_line(ledger, table, "income", line_id)) is not None:
            t = term(table.id, rec, "amount")
            room.append(t if sign > 0 else t.neg())
    return room


def _signed(terms: list[Term]) -> Decimal:
    return sum(((t.value or ZERO) * t.sign for t in terms), ZERO)


def _holds(fiscal: list[Decimal | None], spent: Decimal | None, room: Decimal | None) -> bool:
    """Does A6 hold of these cells, so that `_within` of their terms finds nothing: nothing
    printed, or E ≥ F and E − F ≤ R (`room`: R's signed sum, None when unbounded)? Lets the
    check skip building terms for the rows where it holds (tests/test_checks_adds_up.py
    holds the two to the same verdict)."""
    # In C (is_not, filter): a blank or a zero adds nothing to F's value.
    if spent is None and not any(map(is_not, fiscal, repeat(None))):
        return True
    f = sum(filter(None, fiscal), ZERO)
    e = ZERO if spent is None else spent
    return f - e <= 0 and (room is None or (e - f) - room <= 0)


def _within(ledger: Ledger, what: str, fiscal: list[Term], spent: Term,
            room: list[Term] | None) -> None:
    ledger.count(FISCAL_WITHIN)
    if spent.value is None and all(p.value is None for p in fiscal):
        return
    f, e = _signed(fiscal), spent.value or ZERO
    checks = [("≥ 各财政拨款表之和", f - e, fiscal + [spent], f, e)]
    if room is not None:
        r = _signed(room)
        checks.append(("− 各财政拨款表之和 ≤ 非财政资金来源（非财政收入 + 使用非财政拨款结余 + "
                       "非财政年初结转和结余）", (e - f) - r, fiscal + [spent] + room, f + r, e))
    for relation, excess, terms, limit, actual in checks:
        if excess <= 0:
            continue
        tol = tolerance_of([t.value for t in terms])
        level = "rounding" if excess <= tol else "error"
        verdict = "属尾数误差" if level == "rounding" else "不成立"
        refs = "; ".join(("−" if t.sign < 0 else "") + t.ref for t in terms)
        ledger.add(Finding(
            FISCAL_WITHIN.id, FAMILY, level,
            f"[{FISCAL_WITHIN.id}] {what} {relation}：应为 {fmt(limit)}，实际 {fmt(actual)}，"
            f"差额 {fmt(actual - limit)}，容差 {fmt(tol)}，{verdict}",
            limit, actual, actual - limit, tol, spent.table, spent.key, spent.column, "",
            spent.line, None, "", refs))


def basic_vs_economic(ledger: Ledger, gb: Table, econ: Table) -> None:
    """General-budget basic total = 人员经费合计 + 公用经费合计 (A7)."""
    total = _total_row(gb)
    parts = [r for r in econ.records if r.item in ("人员经费合计", "公用经费合计")]
    if total and parts:
        ledger.compare(BASIC_VS_ECONOMIC,
                       "一般公共预算基本支出合计 = 人员经费合计 + 公用经费合计",
                       [term(econ.id, r, "amount") for r in parts], term(gb.id, total, "basic"))


def three_public_vs_economic(ledger: Ledger, tp: Table, econ: Table) -> None:
    """三公 actuals against the economic codes that record them (A8).

    The economic table covers basic expenditure only; 三公 paid from project funds can make
    the 三公 figure larger, so only a 三公 figure below the economic code is an error."""
    actual = next((r for r in tp.records if r.level == "actual"), None)
    codes = _by_code(econ)
    if actual is None:
        return
    for col, code in _THREE_PUBLIC_CODES.items():
        if code not in codes:
            continue
        t3, te = term(tp.id, actual, col), term(econ.id, codes[code], "amount")
        if t3.value is not None and te.value is not None and t3.value > te.value:
            ledger.compare(THREE_PUBLIC_VS_ECONOMIC,
                           f"三公决算 {column_zh(tp.id, col)} 大于基本支出经济科目 {code}（差额可能由项目支出列支）",
                           [te], t3, heuristic=True)
        else:
            ledger.compare(THREE_PUBLIC_VS_ECONOMIC,
                           f"三公决算 {column_zh(tp.id, col)} = 基本支出经济科目 {code}{codes[code].item}", [te], t3)


# A summary line's numbering (一、) and its 收入 suffix, taken off its label to name its source.
_NUMBERING = re.compile(r"^[一二三四五六七八九十]+、|收入$")


def _fund_line(recs: list[Record], name: str) -> Record | None:
    """The line of a fund among `recs` ("一、一般公共预算财政拨款", with or without 一、)."""
    return next((r for r in recs if _NUMBERING.sub("", label(r)) == name), None)


def _at(recs: list[Record], rec: Record | None) -> int | None:
    return next((k for k, r in enumerate(recs) if r is rec), None) if rec is not None else None


def fund_roll_forward(ledger: Ledger, fiscal: Table, tables: dict[str, Table]) -> None:
    """A9: each fund rolls forward in the fiscal summary, and the fund tables print the same
    opening and closing balances (a state-capital table with balances rolls forward by row)."""
    income = [r for r in fiscal.records if r.side == "income"]
    year = _at(income, summary_line(ledger, fiscal, "income", "income_total"))
    head = _at(income, summary_line(ledger, fiscal, "income", "opening_balance"))
    spent = summary_line(ledger, fiscal, "expenditure", "expenditure_total")
    closing = summary_line(ledger, fiscal, "expenditure", "closing_balance")
    if year is None or head is None or spent is None or closing is None:
        return
    end = _at(income, summary_line(ledger, fiscal, "income", "grand_total"))
    end = len(income) if end is None else end
    for column, name in FUND_LINES.items():
        received = _fund_line(income[:year], name)
        opening = _fund_line(income[head + 1:end], name)
        if received is None or opening is None:
            continue
        ledger.compare(FUND_ROLL_FORWARD, f"财政拨款总表 {name}：年初结转和结余 + 本年收入 − 本年支出 = "
                       "年末结转和结余", [term(fiscal.id, opening, "amount"),
                                   term(fiscal.id, received, "amount"),
                                   term(fiscal.id, spent, column).neg()],
                       term(fiscal.id, closing, column))
        fund = tables.get(column)
        if fund is None or "closing_balance" not in fund.column_labels:
            continue
        total = _total_row(fund)
        if total is None:
            continue
        for fund_col, rec, col in (("opening_balance", opening, "amount"),
                                   ("closing_balance", closing, column)):
            ledger.compare(FUND_ROLL_FORWARD, f"{fund.spec.zh} 合计 {column_zh(fund.id, fund_col)} = "
                           f"财政拨款总表 {rec.item}（{name}）", [term(fiscal.id, rec, col)],
                           term(fund.id, total, fund_col))
    state = tables.get("state_capital")
    if state is not None and "closing_balance" in state.column_labels:
        for r in state.records:
            ledger.compare(FUND_ROLL_FORWARD, f"{state.spec.zh} {r.code or r.item} 年初 + 收入 − 支出 = 年末",
                           [term(state.id, r, "opening_balance"), term(state.id, r, "income"),
                            term(state.id, r, "total").neg()],
                           term(state.id, r, "closing_balance"))
