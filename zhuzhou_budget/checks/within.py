"""Identities inside one table: hierarchy, row identities, economic classes, summary balances."""

from __future__ import annotations

import re

from ..extract.tables import Record, Table
from ..metadata import PERSONNEL_CLASSES, column_zh
from .ledger import Ledger, Term, term

FAMILY = "within"
_KIND_COLUMNS = {
    "income": ("total", ["fiscal_appropriation", "superior_subsidy", "business", "operating",
                         "subsidiary_remittance", "other"]),
    "expenditure": ("total", ["basic", "project", "remit_superior", "operating",
                              "subsidy_subsidiary"]),
    "general_budget_expenditure": ("total", ["basic", "project"]),
    "state_capital": ("total", ["basic", "project"]),
    "government_fund": ("total", ["basic", "project"]),
}


def run(ledger: Ledger) -> None:
    tables = ledger.d.table_info
    for tid in ("income", "expenditure", "general_budget_expenditure", "government_fund",
                "state_capital"):
        if tid in tables:
            hierarchy(ledger, tables[tid])
            row_identity(ledger, tables[tid])
    if "government_fund" in tables:
        fund_balance(ledger, tables["government_fund"])
    if "three_public" in tables:
        three_public(ledger, tables["three_public"])
    if "basic_expenditure" in tables:
        economic(ledger, tables["basic_expenditure"])
    for tid in ("income_expenditure_summary", "fiscal_appropriation_summary"):
        if tid in tables:
            summary_balances(ledger, tables[tid])


def hierarchy(ledger: Ledger, table: Table) -> None:
    """合计 = Σ类, 类 = Σ款, 款 = Σ项 in every amount column (W1)."""
    recs = table.records
    coded = [r for r in recs if r.code]
    totals = [r for r in recs if r.level == "total"]
    for col in table.spec.column_ids:
        for parent in totals:
            kids = [r for r in coded if len(r.code) == 3]
            if kids:
                ledger.compare("W1.hierarchy", FAMILY, f"{table.spec.zh} 合计 = Σ类（{column_zh(table.id, col)}）",
                               [term(table.id, k, col) for k in kids], term(table.id, parent, col))
        for parent in coded:
            n = len(parent.code)
            kids = [r for r in coded if len(r.code) == n + 2 and r.code.startswith(parent.code)]
            if kids:
                level = "款" if n == 3 else "项"
                ledger.compare("W1.hierarchy", FAMILY,
                               f"{table.spec.zh} {parent.code}{parent.item} = Σ{level}（{column_zh(table.id, col)}）",
                               [term(table.id, k, col) for k in kids],
                               term(table.id, parent, col))


def row_identity(ledger: Ledger, table: Table) -> None:
    """Each row's total = the sum of its parts (W2)."""
    total_col, parts = _KIND_COLUMNS[table.id]
    parts = [p for p in parts if p in table.spec.column_ids]
    for r in table.records:
        ledger.compare("W2.row", FAMILY,
                       f"{table.spec.zh} {r.code or r.item} {column_zh(table.id, total_col)} = "
                       + " + ".join(column_zh(table.id, p) for p in parts),
                       [term(table.id, r, p) for p in parts], term(table.id, r, total_col))


def fund_balance(ledger: Ledger, table: Table) -> None:
    """年初结转和结余 + 本年收入 − 本年支出 = 年末结转和结余 (W3)."""
    for r in table.records:
        ledger.compare("W3.fund_balance", FAMILY,
                       f"{table.spec.zh} {r.code or r.item} 年初 + 收入 − 支出 = 年末",
                       [term(table.id, r, "opening_balance"), term(table.id, r, "income"),
                        term(table.id, r, "total").neg()], term(table.id, r, "closing_balance"))


def three_public(ledger: Ledger, table: Table) -> None:
    """合计 = 出国 + 公务用车 + 接待; 公务用车 = 购置 + 运行 (W4), for budget and actual."""
    for r in table.records:
        label = "预算数" if r.level == "budget" else "决算数"
        ledger.compare("W4.three_public", FAMILY, f"三公{label} 合计 = 出国 + 公务用车 + 接待",
                       [term(table.id, r, c) for c in ("overseas", "vehicles", "reception")],
                       term(table.id, r, "total"))
        ledger.compare("W4.three_public", FAMILY, f"三公{label} 公务用车 = 购置 + 运行维护",
                       [term(table.id, r, c) for c in ("vehicle_purchase", "vehicle_operation")],
                       term(table.id, r, "vehicles"))


def economic(ledger: Ledger, table: Table) -> None:
    """类 = Σ款; 人员经费合计 = 301 + 303; 公用经费合计 = the other classes (W5)."""
    recs = [r for r in table.records if r.code]
    classes = [r for r in recs if len(r.code) == 3]
    for c in classes:
        kids = [r for r in recs if len(r.code) == 5 and r.code.startswith(c.code)]
        if kids:
            ledger.compare("W5.economic", FAMILY, f"经济分类 {c.code}{c.item} = Σ款",
                           [term(table.id, k, "amount") for k in kids],
                           term(table.id, c, "amount"))
    totals = {r.item: r for r in table.records if r.level == "total"}
    for label, personnel in (("人员经费合计", True), ("公用经费合计", False)):
        if label not in totals:
            continue
        parts = [c for c in classes if (c.code in PERSONNEL_CLASSES) == personnel]
        ledger.compare("W5.economic", FAMILY,
                       f"{label} = " + " + ".join(c.code for c in parts),
                       [term(table.id, c, "amount") for c in parts],
                       term(table.id, totals[label], "amount"))


def summary_balances(ledger: Ledger, table: Table) -> None:
    """Both sides of a summary table add up and balance (W6)."""
    columns = [c.id for c in table.spec.expenditure_columns]
    for side in ("income", "expenditure"):
        recs = [r for r in table.records if r.side == side]
        cols = ["amount"] if side == "income" else columns
        year_total = _find(recs, r"^本年(收入|支出)合计$")
        grand = _find(recs, r"^总计$")
        if year_total is None:
            continue
        body = [r for r in recs if r.line < year_total.line and r.item]
        after = [r for r in recs if year_total.line < r.line < (grand.line if grand else 10**6)]
        # 年初(财政拨款)结转和结余 may list its fund types on the lines below it.
        carried = [r for r in after if re.search(r"结转和结余|结余分配|使用非财政拨款结余", r.item)]
        for col in cols:
            ledger.compare("W6.summary", FAMILY,
                           f"{table.spec.zh} {year_total.item} = Σ各项（{column_zh(table.id, col)}）",
                           [term(table.id, r, col) for r in body], term(table.id, year_total, col))
            if grand is not None:
                ledger.compare("W6.summary", FAMILY,
                               f"{table.spec.zh} {grand.item}（{_side(side)}）= {year_total.item} "
                               f"+ {' + '.join(r.item for r in carried)}（{column_zh(table.id, col)}）",
                               [term(table.id, r, col) for r in [year_total, *carried]],
                               term(table.id, grand, col))
        for head in carried:
            subs = []
            for r in after:
                if r.line <= head.line:
                    continue
                if r.item and not re.search(r"财政拨款$", r.item):
                    break
                if r.item:
                    subs.append(r)
            if subs:
                for col in cols:
                    ledger.compare("W6.summary", FAMILY, f"{table.spec.zh} {head.item} = Σ其中各项",
                                   [term(table.id, r, col) for r in subs],
                                   term(table.id, head, col))
        if side == "expenditure" and "general_budget" in cols:
            for r in recs:
                ledger.compare("W6.summary", FAMILY,
                               f"{table.spec.zh} {r.item or '行次' + str(r.line)} 合计 = "
                               "一般公共预算 + 政府性基金 + 国有资本经营",
                               [term(table.id, r, c) for c in
                                ("general_budget", "government_fund", "state_capital")],
                               term(table.id, r, "total"))
    grands = [_find([r for r in table.records if r.side == s], r"^总计$")
              for s in ("income", "expenditure")]
    if all(grands):
        col = "total" if "general_budget" in columns else "amount"
        ledger.compare("W6.summary", FAMILY, f"{table.spec.zh} 收入总计 = 支出总计",
                       [term(table.id, grands[0], "amount")], term(table.id, grands[1], col))


def _find(recs: list[Record], pattern: str) -> Record | None:
    return next((r for r in recs if re.search(pattern, re.sub(r"\s", "", r.item))), None)


def _side(side: str) -> str:
    return "收入方" if side == "income" else "支出方"


__all__ = ["run", "Term"]
