"""Identities between tables, at class level and not only totals (A1–A8)."""

from __future__ import annotations

import re

from ..extract.tables import Record, Table
from ..metadata import SUMMARY_INCOME_SOURCES, column_zh
from ..rounding import ZERO
from .ledger import Ledger, Term, term
from .registry import EXACT, REGISTRY, Check, policy

FAMILY = "across"
SUITE = REGISTRY.suite("across")
# Exact unless the document says money came from elsewhere; then a shortfall is a warning.
_UNLESS = "error, or warning (heuristic) when {}; rounding inside tolerance"
SUMMARY_INCOME = SUITE.check("A1.summary_income", FAMILY, EXACT,
                             "summary income lines = income table 合计 by source")
SUMMARY_EXPENDITURE = SUITE.check("A2.summary_expenditure", FAMILY, EXACT,
                                  "summary expenditure lines = expenditure table 类 rows and 合计")
INCOME_VS_EXPENDITURE = SUITE.check(
    "A3.income_vs_expenditure", FAMILY,
    policy(_UNLESS.format("balances are carried"), "error", "warning", "rounding"),
    "income table = expenditure table by code and in total")
FISCAL_VS_TABLE = SUITE.check("A4.fiscal_vs_table", FAMILY, EXACT,
                              "fiscal summary general_budget / government_fund / state_capital "
                              "columns = those tables by 类 and 合计")
FISCAL_INCOME = SUITE.check("A5.fiscal_income", FAMILY, EXACT,
                            "fiscal summary income lines = summary table lines and fund table "
                            "income")
APPROPRIATIONS = SUITE.check(
    "A6.appropriations_vs_expenditure", FAMILY,
    policy(_UNLESS.format("there is non-fiscal income"), "error", "warning", "rounding"),
    "expenditure table = general budget + fund + state capital tables, by code, for "
    "total/basic/project")
BASIC_VS_ECONOMIC = SUITE.check("A7.basic_vs_economic", FAMILY, EXACT,
                                "general-budget basic total = 人员经费合计 + 公用经费合计")
THREE_PUBLIC_VS_ECONOMIC = SUITE.check(
    "A8.three_public_vs_economic", FAMILY,
    policy("error; warning (heuristic) when 三公 is larger; rounding inside tolerance",
           "error", "warning", "rounding"),
    "三公 actuals = economic codes 30212, 30217, 30231, 31013 (basic spending only: a larger "
    "三公 figure may be project-funded)")
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
    if "income" in t and "expenditure" in t:
        income_vs_expenditure(ledger, t["income"], t["expenditure"])
    fiscal = t.get("fiscal_appropriation_summary")
    if fiscal is not None:
        for tid, col in (("general_budget_expenditure", "general_budget"),
                         ("government_fund", "government_fund"), ("state_capital", "state_capital")):
            if tid in t:
                summary_lines_vs_classes(ledger, fiscal, col, t[tid], "total", FISCAL_VS_TABLE)
        fiscal_income(ledger, fiscal, t)
    if "expenditure" in t and "general_budget_expenditure" in t:
        fund_tables_vs_expenditure(ledger, t)
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


def income_vs_expenditure(ledger: Ledger, income: Table, expenditure: Table) -> None:
    """Income and expenditure by function code (A3). Equal when nothing is carried over;
    with balances carried in or out they may differ, so the check is then heuristic."""
    carried = _carried_balances(ledger)
    inc, exp = _by_code(income), _by_code(expenditure)
    for code in sorted(set(inc) | set(exp)):
        parts = [term(income.id, inc[code], "total")] if code in inc else []
        actual = term(expenditure.id, exp[code], "total") if code in exp else Term(
            expenditure.id, code, "total", None)
        ledger.compare(INCOME_VS_EXPENDITURE,
                       f"收入决算表与支出决算表 {code} 本年合计", parts, actual, heuristic=carried)
    ti, te = _total_row(income), _total_row(expenditure)
    if ti and te:
        ledger.compare(INCOME_VS_EXPENDITURE, "收入决算表合计 = 支出决算表合计",
                       [term(income.id, ti, "total")], term(expenditure.id, te, "total"),
                       heuristic=carried)


def _carried_balances(ledger: Ledger) -> bool:
    summary = ledger.d.table_info.get("income_expenditure_summary")
    if summary is None:
        return True
    for r in summary.records:
        if re.search(r"结转和结余|结余分配|使用非财政拨款结余", r.item):
            if (r.values.get("amount") or ZERO) != 0:
                return True
    return False


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


def fund_tables_vs_expenditure(ledger: Ledger, tables: dict[str, Table]) -> None:
    """Expenditure table = general budget + fund + state capital tables, by code (A6).

    Exact when all spending is financed by appropriations (no other income); otherwise the
    appropriation tables may only fall short of the expenditure table (heuristic)."""
    exp = tables["expenditure"]
    sources = [tables[t] for t in ("general_budget_expenditure", "government_fund",
                                   "state_capital") if t in tables]
    income = tables.get("income")
    other_income = False
    if income is not None and (ti := _total_row(income)):
        other_income = any((ti.values.get(c) or ZERO) != 0 for c in (
            "superior_subsidy", "business", "operating", "subsidiary_remittance", "other"))
    by_code = [_by_code(t) for t in sources]
    codes = sorted({c for b in by_code for c in b} | set(_by_code(exp)))
    exp_codes = _by_code(exp)
    for col in ("total", "basic", "project"):
        for code in codes:
            parts = [term(t.id, b[code], col) for t, b in zip(sources, by_code, strict=True)
                     if code in b]
            actual = term(exp.id, exp_codes[code], col) if code in exp_codes else Term(
                exp.id, code, col, None)
            ledger.compare(APPROPRIATIONS,
                           f"支出决算表 {code} {column_zh(exp.id, col)} = 一般公共预算 + 政府性基金 + 国有资本经营",
                           parts, actual, heuristic=other_income)
        totals = [(t, _total_row(t)) for t in sources]
        te = _total_row(exp)
        if te:
            ledger.compare(APPROPRIATIONS,
                           f"支出决算表 合计 {column_zh(exp.id, col)} = 各财政拨款表合计",
                           [term(t.id, r, col) for t, r in totals if r], term(exp.id, te, col),
                           heuristic=other_income)


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
