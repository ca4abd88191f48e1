"""Identities between tables, at class level and not only totals (A1–A8)."""

from __future__ import annotations

import re
from decimal import Decimal

from ..extract.table_model import Record, Table
from ..metadata.tables import OPENING_BALANCE, SUMMARY_INCOME_SOURCES, column_zh
from ..rounding import ZERO, tolerance_of
from .findings import Finding, fmt
from .ledger import Ledger, Term, term
from .registry import EXACT, REGISTRY, Check, policy

FAMILY = "across"
SUITE = REGISTRY.suite("across")
SUMMARY_INCOME = SUITE.check("A1.summary_income", FAMILY, EXACT,
                             "summary income lines = income table 合计 by source")
SUMMARY_EXPENDITURE = SUITE.check("A2.summary_expenditure", FAMILY, EXACT,
                                  "summary expenditure lines = expenditure table 类 rows and 合计")
# Income and expenditure of a year differ by what the department carries over: the identity
# is the summary's balance, not income = expenditure (a department may save, or spend money
# carried in).
YEAR_BALANCE = SUITE.check(
    "A3.year_balance", FAMILY, EXACT,
    "支出决算表 合计 = 收入决算表 合计 + 使用非财政拨款结余 + 年初结转和结余 − 结余分配 − "
    "年末结转和结余 (the summary's balances)")
FISCAL_VS_TABLE = SUITE.check("A4.fiscal_vs_table", FAMILY, EXACT,
                              "fiscal summary general_budget / government_fund / state_capital "
                              "columns = those tables by 类 and 合计")
FISCAL_INCOME = SUITE.check("A5.fiscal_income", FAMILY, EXACT,
                            "fiscal summary income lines = summary table lines and fund table "
                            "income")
# The expenditure table covers every source of money, the fiscal tables only appropriations:
# by code and column the fiscal spending can only be part of the spending, and what is not
# fiscal must be financed by non-fiscal income, 使用非财政拨款结余 or non-fiscal balances.
FISCAL_WITHIN = SUITE.check(
    "A6.fiscal_within_expenditure", FAMILY, EXACT,
    "general budget + fund + state capital tables ≤ expenditure table, by code, for "
    "total/basic/project; the non-fiscal rest ≤ non-fiscal income + 使用非财政拨款结余 + "
    "non-fiscal 年初结转和结余")
BASIC_VS_ECONOMIC = SUITE.check("A7.basic_vs_economic", FAMILY, EXACT,
                                "general-budget basic total = 人员经费合计 + 公用经费合计")
THREE_PUBLIC_VS_ECONOMIC = SUITE.check(
    "A8.three_public_vs_economic", FAMILY,
    policy("error; warning (heuristic) when 三公 is larger; rounding inside tolerance",
           "error", "warning", "rounding"),
    "三公 actuals = economic codes 30212, 30217, 30231, 31013 (basic spending only: a larger "
    "三公 figure may be project-funded)")
FUND_ROLL_FORWARD = SUITE.check(
    "A9.fund_roll_forward", FAMILY, EXACT,
    "per fund (一般公共预算, 政府性基金, 国有资本经营) in the fiscal summary: 年初结转和结余 + "
    "本年收入 − 本年支出 = 年末结转和结余; the fund tables' 合计 年初/年末 = those lines; a "
    "state-capital table printed with balances: 年初 + 收入 − 支出 = 年末 by row")
_FUNDS = (("general_budget", "一般公共预算财政拨款"), ("government_fund", "政府性基金预算财政拨款"),
          ("state_capital", "国有资本经营预算财政拨款"))
_THREE_PUBLIC_CODES = {"overseas": "30212", "reception": "30217", "vehicle_operation": "30231",
                       "vehicle_purchase": "31013"}


@SUITE.runner
def run(ledger: Ledger) -> None:
    t = ledger.d.table_info
    if "income_expenditure_summary" in t and "income" in t:
        summary_income_vs_income(ledger, t["income_expenditure_summary"], t["income"])
    if "income_expenditure_summary" in t and "expenditure" in t:
        summary_lines_vs_classes(ledger, t["income_expenditure_summary"], "amount",
                                 t["expenditure"], "total", SUMMARY_EXPENDITURE)
    if "income" in t and "expenditure" in t and "income_expenditure_summary" in t:
        year_balance(ledger, t["income"], t["expenditure"], t["income_expenditure_summary"])
    fiscal = t.get("fiscal_appropriation_summary")
    if fiscal is not None:
        for tid, col in (("general_budget_expenditure", "general_budget"),
                         ("government_fund", "government_fund"), ("state_capital", "state_capital")):
            if tid in t:
                summary_lines_vs_classes(ledger, fiscal, col, t[tid], "total", FISCAL_VS_TABLE)
        fiscal_income(ledger, fiscal, t)
        fund_roll_forward(ledger, fiscal, t)
    if "expenditure" in t and "general_budget_expenditure" in t:
        fiscal_within_expenditure(ledger, t)
    if "general_budget_expenditure" in t and "basic_expenditure" in t:
        basic_vs_economic(ledger, t["general_budget_expenditure"], t["basic_expenditure"])
    if "three_public" in t and "basic_expenditure" in t:
        three_public_vs_economic(ledger, t["three_public"], t["basic_expenditure"])


def _by_code(table: Table) -> dict[str, Record]:
    return {r.code: r for r in table.records if r.code}


def _total_row(table: Table) -> Record | None:
    return next((r for r in table.records if r.level == "total"), None)


def _line(table: Table, side: str, pattern: str) -> Record | None:
    return next((r for r in table.records if r.side == side
                 and re.search(pattern, re.sub(r"\s", "", r.item))), None)


def summary_income_vs_income(ledger: Ledger, summary: Table, income: Table) -> None:
    """Summary income lines = the income table's 合计 row by source (A1)."""
    total = _total_row(income)
    if total is None:
        return
    by_source: dict[str, list[Record]] = {}
    for r in summary.records:
        if r.side != "income":
            continue
        label = re.sub(r"^[一二三四五六七八九十]+、|收入$", "", re.sub(r"\s", "", r.item))
        source = SUMMARY_INCOME_SOURCES.get(label) or SUMMARY_INCOME_SOURCES.get(label + "收入")
        if source:
            by_source.setdefault(source, []).append(r)
    for source, recs in by_source.items():
        ledger.compare(SUMMARY_INCOME,
                       f"收入决算表 合计·{column_zh(income.id, source)} = 总表收入 " + " + ".join(r.item for r in recs),
                       [term(summary.id, r, "amount") for r in recs], term(income.id, total, source))
    year = _line(summary, "income", r"^本年收入合计$")
    if year is not None:
        ledger.compare(SUMMARY_INCOME, "收入决算表 合计 = 总表 本年收入合计",
                       [term(summary.id, year, "amount")], term(income.id, total, "total"))


def summary_lines_vs_classes(ledger: Ledger, summary: Table, column: str, table: Table,
                             table_column: str, check: Check) -> None:
    """A summary's expenditure lines = the coded table's 类 rows and 合计 (A2, A4)."""
    classes = {r.code: r for r in table.records if len(r.code) == 3}
    lines = {r.code: r for r in summary.records if r.side == "expenditure" and r.code}
    for code in sorted(set(classes) | set(lines)):
        line, row = lines.get(code), classes.get(code)
        if line is None:
            ledger.compare(check, f"{summary.spec.zh} 缺少 {code} 类的支出行",
                           [term(table.id, classes[code], table_column)],
                           Term(summary.id, code, column, None))
            continue
        parts = [term(table.id, row, table_column)] if row else []
        ledger.compare(check,
                       f"{summary.spec.zh} {line.item}（{column_zh(summary.id, column)}）= {table.spec.zh} {code} 类",
                       parts, term(summary.id, line, column))
    year = _line(summary, "expenditure", r"^本年支出合计$")
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
    for side, pattern, sign in (("income", r"使用非财政拨款结余", 1),
                                ("income", OPENING_BALANCE, 1),
                                ("expenditure", r"结余分配$", -1),
                                ("expenditure", r"年末结转和结余$", -1)):
        if (line := _line(summary, side, pattern)) is not None:
            t = term(summary.id, line, "amount")
            parts.append(t if sign > 0 else t.neg())
    ledger.compare(YEAR_BALANCE, "支出决算表合计 = 收入决算表合计 + 使用非财政拨款结余 + "
                   "年初结转和结余 − 结余分配 − 年末结转和结余", parts, term(expenditure.id, te, "total"))


def fiscal_income(ledger: Ledger, fiscal: Table, tables: dict[str, Table]) -> None:
    """Fiscal summary income lines = the other tables' appropriations (A5)."""
    summary = tables.get("income_expenditure_summary")
    pairs = [(r"^一、?一般公共预算财政拨款", r"一般公共预算财政拨款收入$"),
             (r"^二、?政府性基金预算财政拨款", r"政府性基金预算财政拨款收入$"),
             (r"^三、?国有资本经营预算财政拨款", r"国有资本经营预算财政拨款收入$")]
    for fiscal_pattern, summary_pattern in pairs:
        line = _line(fiscal, "income", fiscal_pattern + "$")
        if line is None:
            continue
        if summary is not None and (other := _line(summary, "income", summary_pattern)):
            ledger.compare(FISCAL_INCOME, f"财政拨款总表 {line.item} = 收支总表 "
                           f"{other.item}", [term(summary.id, other, "amount")],
                           term(fiscal.id, line, "amount"))
    fund = tables.get("government_fund")
    line = _line(fiscal, "income", r"^二、?政府性基金预算财政拨款$")
    if fund is not None and line is not None and (total := _total_row(fund)):
        ledger.compare(FISCAL_INCOME, "财政拨款总表 政府性基金收入 = 基金表 本年收入",
                       [term(fund.id, total, "income")], term(fiscal.id, line, "amount"))


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
    room = _non_fiscal_sources(tables)
    te = _total_row(exp)
    for col in ("total", "basic", "project"):
        for code in sorted({c for b in by_code for c in b} | set(exp_codes)):
            if code in exp_codes:
                parts = [term(t.id, b[code], col) for t, b in zip(sources, by_code, strict=True)
                         if code in b]
                _within(ledger, f"支出决算表 {code} {column_zh(exp.id, col)}", parts,
                        term(exp.id, exp_codes[code], col), room)
        if te is not None:
            totals = [term(t.id, r, col) for t in sources if (r := _total_row(t))]
            _within(ledger, f"支出决算表 合计 {column_zh(exp.id, col)}", totals,
                    term(exp.id, te, col), room)


def _non_fiscal_sources(tables: dict[str, Table]) -> list[Term] | None:
    """非财政收入 + 使用非财政拨款结余 + (年初结转和结余 − 年初财政拨款结转和结余), as signed
    terms; None where a table that states them is missing (no upper bound then)."""
    income, summary = tables.get("income"), tables.get("income_expenditure_summary")
    fiscal = tables.get("fiscal_appropriation_summary")
    if income is None or summary is None or fiscal is None:
        return None
    ti = _total_row(income)
    if ti is None:
        return None
    room = [term(income.id, ti, "total"), term(income.id, ti, "fiscal_appropriation").neg()]
    for pattern, sign, table in ((r"使用非财政拨款结余", 1, summary),
                                 (r"^年初结转和结余$", 1, summary),
                                 (r"^年初财政拨款结转和结余$", -1, fiscal)):
        if (line := _line(table, "income", pattern)) is not None:
            t = term(table.id, line, "amount")
            room.append(t if sign > 0 else t.neg())
    return room


def _signed(terms: list[Term]) -> Decimal:
    return sum(((t.value or ZERO) * t.sign for t in terms), ZERO)


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


def _fund_line(recs: list[Record], name: str) -> Record | None:
    """The line of a fund among `recs` ("一、一般公共预算财政拨款", with or without 一、)."""
    return next((r for r in recs if re.sub(r"^[一二三四五六七八九十]+、|收入$", "",
                                            re.sub(r"\s", "", r.item)) == name), None)


def fund_roll_forward(ledger: Ledger, fiscal: Table, tables: dict[str, Table]) -> None:
    """A9: each fund rolls forward in the fiscal summary, and the fund tables print the same
    opening and closing balances (a state-capital table with balances rolls forward by row)."""
    income = [r for r in fiscal.records if r.side == "income"]
    marks = {re.sub(r"\s", "", r.item): k for k, r in enumerate(income)}
    year, head = marks.get("本年收入合计"), marks.get("年初财政拨款结转和结余")
    spent = _line(fiscal, "expenditure", r"^本年支出合计$")
    closing = _line(fiscal, "expenditure", r"^年末财政拨款结转和结余$")
    if year is None or head is None or spent is None or closing is None:
        return
    end = marks.get("总计", len(income))
    for column, name in _FUNDS:
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
        for fund_col, line, col in (("opening_balance", opening, "amount"),
                                    ("closing_balance", closing, column)):
            ledger.compare(FUND_ROLL_FORWARD, f"{fund.spec.zh} 合计 {column_zh(fund.id, fund_col)} = "
                           f"财政拨款总表 {line.item}（{name}）", [term(fiscal.id, line, col)],
                           term(fund.id, total, fund_col))
    state = tables.get("state_capital")
    if state is not None and "closing_balance" in state.column_labels:
        for r in state.records:
            ledger.compare(FUND_ROLL_FORWARD, f"{state.spec.zh} {r.code or r.item} 年初 + 收入 − 支出 = 年末",
                           [term(state.id, r, "opening_balance"), term(state.id, r, "income"),
                            term(state.id, r, "total").neg()],
                           term(state.id, r, "closing_balance"))
