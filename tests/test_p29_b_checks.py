"""Round 9 of the checks' fewer instructions (helper b): each fast path held to the code it
replaces, kept below verbatim as the oracle (the `_former` functions; only their names and the
former helpers they call are renamed). W8's cells read in C; the summary lines found over
each side's labels read once; W6's 行次 read once; W1's and the row sums' cells read by C
maps and `printed_columns` once per table; A2/A4 and C1, C2, C4, C5, C8, C9 and N1 counted at
once; A6's `_holds` in C; the findings' and tables_read's columns read by C maps; the
project lists grouped by rows; the facts' `where` and
`first` filtered in C; L7's narrative years flattened. Each runs on every text document the
tests hold and on the edge cases the documents lack (negative amounts, a summary row without
行次, derived facts, lists without projects)."""

from __future__ import annotations

import dataclasses
import functools
import types
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pandas as pd
import pytest
from conftest import readable_documents
from hypothesis import given, settings
from hypothesis import strategies as st

from zhuzhou_budget.analysis import inventory
from zhuzhou_budget.checks import across, completeness, narrative, within
from zhuzhou_budget.checks.across import FISCAL_WITHIN, _non_fiscal_sources, _signed, _within
from zhuzhou_budget.checks.completeness import (
    EMPTY_TABLE,
    ITEMS_EXPLAINED,
    PARSED,
    TABLES_PRESENT,
    TOTALS,
    UNIT,
)
from zhuzhou_budget.checks.engine import findings as findings_module
from zhuzhou_budget.checks.engine import rows as rows_module
from zhuzhou_budget.checks.engine.facts import Fact, Facts, general_budget_items
from zhuzhou_budget.checks.engine.findings import COLUMNS, Finding, fmt
from zhuzhou_budget.checks.engine.ledger import Ledger, Term, adds_up, row_key, term
from zhuzhou_budget.checks.engine.registry import Check
from zhuzhou_budget.checks.engine.rows import by_code as _by_code
from zhuzhou_budget.checks.engine.rows import line
from zhuzhou_budget.checks.engine.rows import total_row as _total_row
from zhuzhou_budget.checks.engine.stated import stated_amounts
from zhuzhou_budget.checks.engine.sums import ColumnSum, _sign, printed_columns
from zhuzhou_budget.checks.engine.sums import _signed as _signed_term
from zhuzhou_budget.checks.logic import form
from zhuzhou_budget.checks.logic.form import (
    _NARRATIVE_YEARS,
    YEAR,
    _title_years,
    _year_finding,
    printed,
)
from zhuzhou_budget.checks.narrative import NARRATIVE_VS_TABLE
from zhuzhou_budget.checks.performance import _MEASURES, _by_list, _values
from zhuzhou_budget.checks.within import (
    _BALANCE_BY_FUND,
    _BALANCE_LINES,
    _FUNDS,
    _PART_OF_ABOVE,
    HIERARCHY,
    NEGATIVE,
    SUMMARY,
    SUMS,
    _side,
)
from zhuzhou_budget.extract.sentences import fold
from zhuzhou_budget.extract.table_model import Record, Table, missing_totals
from zhuzhou_budget.metadata.fields import columns
from zhuzhou_budget.metadata.tables import SUMMARY_LINES, TABLES, column_zh
from zhuzhou_budget.metadata.templates import reference_template
from zhuzhou_budget.rounding import ZERO
from zhuzhou_budget.transform.frames import inferred_frame

DOCUMENTS = list(readable_documents())
IDS = [p.name for p, _ in DOCUMENTS]
_FINDINGS_INT = ("line", "page")
_INVENTORY_INT = ("first_line", "rows")


# -- the former code (c34a019), verbatim ----------------------------------------------------

def _negative_amounts_former(ledger: Ledger, table: Table) -> None:
    """W8: an amount printed below zero, cell by cell (a warning: a reversal can be real, but
    the template's amounts are spending and money received). One comparison per amount,
    counted once per table."""
    amounts = 0
    for rec in table.records:
        for col, value in rec.values.items():
            if value is None:
                continue
            amounts += 1
            if value < 0:
                t = term(table.id, rec, col)
                ledger.report(NEGATIVE, "warning",
                              f"{table.spec.zh} {t.key} {rec.item.strip()}（{column_zh(table.id, col)}）"
                              f"为负数 {fmt(value)}", actual=value, table=table.id, code=t.key,
                              column=col, line=rec.source_line, terms=t.ref)
    ledger.count(NEGATIVE, amounts)


def _hierarchy_former(ledger: Ledger, table: Table) -> None:
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
        col_zh = column_zh(tid, col)
        for parent in totals:
            if not classes:
                continue
            if adds_up([v.get(col) for v in class_values], parent.values.get(col)):
                equal += 1
                continue
            ledger.compare(HIERARCHY, f"{zh} 合计 = Σ类（{col_zh}）",
                           [term(tid, k, col) for k in classes], term(tid, parent, col))
        for parent, values, kid_values in by_parent:
            if adds_up([v.get(col) for v in kid_values], values.get(col)):
                equal += 1
                continue
            kids = children[parent.code]
            level = "款" if len(parent.code) == 3 else "项"
            ledger.compare(HIERARCHY, f"{zh} {parent.code}{parent.item} = Σ{level}（{col_zh}）",
                           [term(tid, k, col) for k in kids], term(tid, parent, col))
    if equal:
        ledger.count(HIERARCHY, equal)


def _summary_balances_former(ledger: Ledger, table: Table) -> None:
    """Both sides of a summary table add up and balance (W6)."""
    columns = [c.id for c in table.spec.expenditure_columns]
    for side in ("income", "expenditure"):
        recs = [r for r in table.records if r.side == side]
        cols = ["amount"] if side == "income" else columns
        year_total = _summary_line_former(ledger, table, side, f"{side}_total")
        grand = _summary_line_former(ledger, table, side, "grand_total")
        if year_total is None:
            continue
        body = [r for r in recs if _at_former(r) < _at_former(year_total) and r.item
                and not _PART_OF_ABOVE.match(r.item)]
        after = [r for r in recs if _at_former(year_total) < _at_former(r) < (_at_former(grand) if grand else 10**6)]
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
                if _at_former(r) <= _at_former(head):
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
    income, spending = (_summary_line_former(ledger, table, s, "grand_total")
                        for s in ("income", "expenditure"))
    if income is not None and spending is not None:
        col = "total" if "general_budget" in columns else "amount"
        ledger.compare(SUMMARY, f"{table.spec.zh} 收入总计 = 支出总计",
                       [term(table.id, income, "amount")], term(table.id, spending, col))


def _at_former(r: Record) -> int:
    """A summary row's 行次 (the parser numbers every row of a summary side)."""
    if r.line is None:
        raise ValueError(f"summary row without 行次 at source line {r.source_line}")
    return r.line


def _summary_line_former(ledger: Ledger, table: Table, side: str, line_id: str) -> Record | None:
    """`line` of the table's records, found once per reconcile: the checks of several
    families look up the same summary lines (总计, 本年收入合计 …), each lookup a pattern
    search per row up to the line. The table is the one the key was found in (not only a
    table of the same id)."""
    found: dict[tuple[str, str, str], tuple[Table, Record | None]] = ledger.shared(
        "summary lines", lambda lg: {})
    key = (table.id, side, line_id)
    seen = found.get(key)
    if seen is None or seen[0] is not table:
        seen = found[key] = (table, line(table, side, line_id))
    return seen[1]


def _ColumnSum_run_former(self, ledger: Ledger, table: Table) -> None:
    signed = [(p.lstrip("-"), -1 if p.startswith("-") else 1) for p in self.parts]
    printed = table.printed_columns
    if self.total not in printed:  # a column this table does not print
        return
    signed = [(c, sign) for c, sign in signed if c in printed]
    if not signed:  # none of the parts printed: nothing to compare the total with
        return
    equation = self.equation or (
        f"{column_zh(table.id, self.total)} = "
        + " + ".join(column_zh(table.id, c) for c, _ in signed))
    columns = [c for c, _ in signed]
    added = all(sign > 0 for _, sign in signed)  # no part subtracted: values as printed
    equal = 0  # the rows that add up exactly (Ledger.settled's), counted at the end
    for r in table.records:
        values = r.values
        if adds_up([values.get(c) for c in columns] if added
                   else [_sign(values.get(c), sign) for c, sign in signed],
                   values.get(self.total)):
            equal += 1
            continue
        what = self.title.format(table=table.spec.zh, row=r.code or r.item,
                                 level="预算数" if r.level == "budget" else "决算数",
                                 equation=equation)
        ledger.compare(self.check, what, [_signed_term(term(table.id, r, c), sign)
                                          for c, sign in signed],
                       term(table.id, r, self.total))
    if equal:
        ledger.count(self.check, equal)


def _summary_lines_vs_classes_former(ledger: Ledger, summary: Table, column: str, table: Table,
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
        if ledger.settled(check, [row.values.get(table_column)] if row else [],
                          line.values.get(column)):
            continue
        parts = [term(table.id, row, table_column)] if row else []
        ledger.compare(check,
                       f"{summary.spec.zh} {line.item}（{column_zh(summary.id, column)}）= {table.spec.zh} {code} 类",
                       parts, term(summary.id, line, column))
    year = _summary_line_former(ledger, summary, "expenditure", "expenditure_total")
    total = _total_row(table)
    if year is not None and total is not None:
        ledger.compare(check, f"{summary.spec.zh} 本年支出合计（{column_zh(summary.id, column)}）= "
                       f"{table.spec.zh} 合计", [term(table.id, total, table_column)],
                       term(summary.id, year, column))


def _fiscal_within_expenditure_former(ledger: Ledger, tables: dict[str, Table]) -> None:
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
    held = 0  # the comparisons that hold (no finding: no terms or words), counted at the end
    for col in ("total", "basic", "project"):
        for code, spent, rows in coded:
            if _holds_former([r.values.get(col) for _, r in rows], spent.values.get(col), room_total):
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


def _holds_former(fiscal: list[Decimal | None], spent: Decimal | None, room: Decimal | None) -> bool:
    """Does A6 hold of these cells, so that `_within` of their terms finds nothing: nothing
    printed, or E ≥ F and E − F ≤ R (`room`: R's signed sum, None when unbounded)? Lets the
    check skip building terms for the rows where it holds (tests/test_checks_adds_up.py
    holds the two to the same verdict)."""
    if spent is None and all(v is None for v in fiscal):
        return True
    f = sum((v for v in fiscal if v is not None), ZERO)
    e = ZERO if spent is None else spent
    return f - e <= 0 and (room is None or (e - f) - room <= 0)


def _columns_frame_former(findings: list[Finding]) -> pd.DataFrame:
    """The same frame as `_records_frame`, built column by column: one array per column typed
    as pandas would type it, the integer columns Int64 at once (`transform.frames.
    inferred_frame`; from_records of dicts, then astype per column, cost five times as much
    for the few dozen findings of a document)."""
    return inferred_frame([[getattr(f, name) for f in findings] for name in COLUMNS],
                          tuple(COLUMNS), len(findings), nullable=_FINDINGS_INT)


def _frame_former(rows: list[dict]) -> pd.DataFrame:
    """The same frame built column by column, the integer columns made Int64 at once
    (`transform.frames.inferred_frame`: from_records of dicts, then astype per column, cost
    four times as much for a dozen rows)."""
    names = tuple(columns("tables_read"))
    return inferred_frame([[row[name] for row in rows] for name in names], names, len(rows),
                          nullable=_INVENTORY_INT)


def _amounts_vs_tables_former(ledger: Ledger) -> None:
    """N1: a stated amount equals the table cell it is about (unit slips: L1 reports them)."""
    for s in stated_amounts(ledger):
        ledger.count(NARRATIVE_VS_TABLE)
        fact, rec, table, column, cell, value = s.fact, s.rec, s.table, s.column, s.cell, s.value
        if s.slip or s.level is None:
            continue
        if cell is None:
            ledger.report(NARRATIVE_VS_TABLE, "error",
                          f"说明中 {fact.subject} {fmt(fact.value)}{fact.unit} 在 {table} 中为空",
                          fact, actual=value, table=table, code=row_key(table, rec), column=column)
            continue
        difference, tol = s.difference, s.tolerance
        ledger.report(NARRATIVE_VS_TABLE, s.level,
                      f"说明称 {fact.subject} {fmt(fact.value)}{fact.unit or '万元'}，"
                      f"表中 {table}/{row_key(table, rec)}/{column} 为 {fmt(cell)}，差额 "
                      f"{fmt(difference)}，容差 {fmt(tol)}"
                      + ("，属尾数误差" if s.level == "rounding" else ""),
                      fact, expected=cell, actual=value, difference=difference, tolerance=tol,
                      table=table, code=row_key(table, rec), column=column,
                      terms=f"{table}/{row_key(table, rec)}/{column}={fmt(cell)}")


def _items_explained_former(ledger: Ledger) -> None:
    """C4: every 项 of the general-budget table with spending is one of the budget-execution
    items the narrative explains."""
    gb = general_budget_items(ledger)
    table = ledger.d.table_info["general_budget_expenditure"]
    if not gb:
        return
    explained = {r.code for r in gb}
    for rec in table.records:
        if len(rec.code) == 7 and (rec.values.get("total") or ZERO) != 0:
            ledger.count(ITEMS_EXPLAINED)
            if rec.code not in explained:
                ledger.report(ITEMS_EXPLAINED, "warning",
                              f"一般公共预算财政拨款支出 {rec.code}{rec.item} "
                              f"{fmt(rec.values['total'])} 万元未在说明中逐项说明",
                              table=table.id, code=rec.code, line=rec.source_line)


def _tables_present_former(ledger: Ledger) -> None:
    """C1: every table of the document's template, found by its title (or found and not
    readable: C5's)."""
    d = ledger.d
    unparsed = {p.table for p in d.problems}
    template = d.template
    for tid in template.tables:
        ledger.count(TABLES_PRESENT)
        if tid not in d.table_info and tid not in unparsed:
            ledger.report(TABLES_PRESENT, "error", f"缺少部门决算表：{TABLES[tid].zh}（{template.zh}）",
                          table=tid)
    # The tables of the current national template that this document's template lacks: said
    # once, as info, so a reader of a 2019 or a university document knows why they are absent.
    for tid in reference_template(d.document).tables:
        if tid not in template.tables and tid not in d.table_info:
            ledger.count(TABLES_PRESENT)
            ledger.report(TABLES_PRESENT, "info", f"{template.zh}无此表：{TABLES[tid].zh}（不属缺表）",
                          table=tid)


def _tables_parsed_former(ledger: Ledger) -> None:
    """C5: a table found by its title that could not be read, with the reason."""
    d = ledger.d
    unparsed = {p.table: p for p in d.problems}
    template = d.template
    for tid in [*template.tables, *(t for t in TABLES if t in unparsed
                                    and t not in template.tables)]:
        ledger.count(PARSED)
        if (p := unparsed.get(tid)) is not None:
            ledger.report(PARSED, "error", f"{TABLES[tid].zh} 无法读取，本表数据缺失：{p.reason}",
                          table=tid, line=p.line)


def _empty_tables_former(ledger: Ledger) -> None:
    """C2: an empty table says why (本单位没有…故本表无数据)."""
    for tid, t in ledger.d.table_info.items():
        ledger.count(EMPTY_TABLE)
        empty = not t.has_values
        if empty and not t.explanation:
            ledger.report(EMPTY_TABLE, "error", f"{t.spec.zh} 为空表，但未说明原因（如“本单位没有…"
                          "故本表无数据”）", table=tid, line=t.title_line)
        elif empty:
            ledger.report(EMPTY_TABLE, "info", f"{t.spec.zh} 为空表，已说明：{t.explanation}",
                          table=tid, line=t.title_line, excerpt=t.explanation)


def _table_totals_former(ledger: Ledger) -> None:
    """C8: a table with values prints its totals (one cut off shows here)."""
    for tid, t in ledger.d.table_info.items():
        ledger.count(TOTALS)
        if t.has_values:
            for what in missing_totals(t):
                ledger.report(TOTALS, "error", f"{t.spec.zh} 缺少{what}（表可能被截断）",
                              table=tid, line=t.end_line)


def _table_unit_former(ledger: Ledger) -> None:
    """C9: a table with values and no 单位 line is read in the unit the other tables declare
    (a warning naming it); where they declare different units, or none does, the unit is
    unknown (an error): never a silent 万元."""
    tables = ledger.d.table_info
    declared = sorted({t.unit for t in tables.values() if t.unit_declared})
    for tid, t in tables.items():
        if not t.has_values:
            continue
        ledger.count(UNIT)
        if t.unit_declared:
            continue
        if len(declared) == 1:
            ledger.report(UNIT, "warning", f"{t.spec.zh} 未标明金额单位，按其他各表所标"
                          f"“{declared[0]}”读取", table=tid, line=t.title_line,
                          excerpt=t.title)
        else:
            known = "、".join(declared) if declared else "无一表标明单位"
            ledger.report(UNIT, "error", f"{t.spec.zh} 未标明金额单位，无法从其他各表推定（{known}），"
                          f"按“{t.unit}”读取的数值可能有误", table=tid, line=t.title_line,
                          excerpt=t.title)


def _by_list_former(projects: pd.DataFrame, fields: tuple[str, ...] = ("name", *_MEASURES)
             ) -> dict[Any, dict[str, list[Any]]]:
    """Each list's projects, read once as plain lists of `fields` (names, amounts) in print
    order: a pandas selection per list and column cost more than the comparisons themselves.
    A project without a list belongs to none (as `groupby` and `==` leave it out)."""
    out: dict[Any, dict[str, list[Any]]] = {}
    if not len(projects):
        return out
    columns = [_values(projects, f) for f in fields]
    for key, *values in zip(_values(projects, "list"), *columns, strict=True):
        if key is None or (type(key) is not str and pd.isna(key)):  # a text is never NA
            continue
        group = out.setdefault(key, {f: [] for f in fields})
        for f, v in zip(fields, values, strict=True):
            group[f].append(v)
    return out


def _Facts_where_former(self, measures: tuple[str, ...], derived: bool | None = False) -> list[Fact]:
    """Every fact of these measures (stated only, derived only, or both when None), in
    the facts' order."""
    positions = [p for m in dict.fromkeys(measures) for p in self._by_measure.get(m, ())]
    if len(measures) > 1:
        positions.sort()
    rows = self.rows
    return [rows[p] for p in positions
            if derived is None or bool(rows[p].derived) == derived]


def _Facts_first_former(self, subject: str, measures: tuple[str, ...], near: Fact = None,
          derived: bool | None = False) -> Fact | None:
    """The fact for a subject and measure: in the same sentence as `near` if there is one."""
    key = (subject, measures, derived)
    if key not in self._first:
        sub = [r for r in self.by_subject.get(subject, ()) if r.measure in measures
               and (derived is None or bool(r.derived) == derived)]
        by_sentence: dict[tuple, Fact] = {}
        for r in sub:
            by_sentence.setdefault((r.section, r.text), r)
        self._first[key] = (sub[0] if sub else None, by_sentence)
    first, by_sentence = self._first[key]
    if near is not None:
        return by_sentence.get((near.section, near.text), first)
    return first


def _year_former(ledger: Ledger) -> None:
    """L7: titles and headings carry the title's year (a prior year only where compared);
    the narrative's 年度 figures are of the year, its comparisons with the year before."""
    expected = ledger.d.meta.year
    if expected is None:
        return
    for kind, quote in printed(ledger):
        if kind == "title":
            for printed_year, compared in _title_years(quote.text):
                ledger.count(YEAR)
                if printed_year == str(expected) or (compared
                                                     and printed_year == str(expected - 1)):
                    continue
                _year_finding(ledger, "error", quote, expected, printed_year,
                              f"标题中的年份“{printed_year}年”与封面年度 {expected} 不一致")
        elif kind == "narrative":
            for (_, shift, what), years in zip(_NARRATIVE_YEARS,
                                               _narrative_years_former(quote.text), strict=True):
                want = expected + shift
                for printed_year in years:
                    ledger.count(YEAR)
                    if printed_year != str(want):
                        _year_finding(ledger, "warning", quote, want, printed_year,
                                      f"{what}写作“{printed_year}年”，应为 {want} 年")


def _narrative_years_former(text: str) -> tuple[tuple[str, ...], ...]:
    """A narrative line's years by the patterns of _NARRATIVE_YEARS (in their order)."""
    text = fold(text)
    return tuple(tuple(m.group(1) for m in pattern.finditer(text))
                 for pattern, _, _ in _NARRATIVE_YEARS)


# -- running a check's code on a ledger of its own ---------------------------------------------

def _state(ledger: Ledger) -> tuple[list[tuple], dict[str, int]]:
    """What a run leaves: its findings, field by field in order, and the comparisons."""
    return [dataclasses.astuple(f) for f in ledger.findings], dict(ledger.comparisons)


def _run(d, suite, step: Callable[..., Any], *args: Any) -> tuple[list[tuple], dict[str, int]]:
    """`step(ledger, *args)` on a new ledger of `d`, as `suite` runs it."""
    ledger = Ledger(d)
    ledger.suite = suite
    step(ledger, *args)
    return _state(ledger)


def _same(d, suite, new: Callable[..., Any], former: Callable[..., Any], *args: Any) -> None:
    assert _run(d, suite, new, *args) == _run(d, suite, former, *args)


def _tables(d, ids=None) -> list[Table]:
    return [t for tid, t in d.table_info.items() if ids is None or tid in ids]


# -- W8, W1, W2/W4/W5 sums, W6 --------------------------------------------------------------

@pytest.mark.parametrize(("path", "d"), DOCUMENTS, ids=IDS)
def test_within_table_checks_are_the_former(path, d):
    for table in _tables(d):
        _same(d, within.SUITE, within.negative_amounts, _negative_amounts_former, table)
    for table in _tables(d, within.CODED_TABLES):
        _same(d, within.SUITE, within.hierarchy, _hierarchy_former, table)
    for table in _tables(d, ("income_expenditure_summary", "fiscal_appropriation_summary")):
        _same(d, within.SUITE, within.summary_balances, _summary_balances_former, table)
    for identity in SUMS:
        if isinstance(identity, ColumnSum) and (t := d.table_info.get(identity.table)):
            _same(d, within.SUITE, identity.run,
                  functools.partial(_ColumnSum_run_former, identity), t)
            assert printed_columns(Ledger(d), t) == t.printed_columns


def test_the_documents_exercise_the_within_checks():
    # Not vacuous: the documents have coded and summary tables, rows that do not add up,
    # and the identities' tables.
    summaries = [t for _, d in DOCUMENTS for t in _tables(d, ("income_expenditure_summary",))]
    assert len(summaries) >= 5
    found = [_run(d, within.SUITE, within.hierarchy, t)[0] for _, d in DOCUMENTS
             for t in _tables(d, within.CODED_TABLES)]
    assert sum(map(len, found)) >= 3


def _record(row: int, values: dict, **fields: Any) -> Record:
    return Record(row=row, source_line=100 + row, values=values, **fields)


def _table(tid: str, records: list[Record]) -> Table:
    return Table(tid, TABLES[tid], TABLES[tid].zh, 1, 99, records=records)


_D = Decimal
NEGATIVE_TABLES = [
    _table("income", [_record(0, {"total": _D("-1.50"), "fiscal_appropriation": None},
                              code="201", item="一般公共服务", level="class"),
                      _record(1, {"total": _D("0"), "fiscal_appropriation": _D("-0")},
                              code="20101", item="人大事务", level="kuan"),
                      _record(2, {"total": None, "fiscal_appropriation": _D("-0.01")},
                              level="total", item="合计")]),
    _table("income", [_record(0, {"total": _D("0"), "other": None}, level="total")]),
    _table("income", [_record(0, {}, level="total"), _record(1, {"total": None})]),
    _table("income", []),
    _table("three_public", [_record(0, {"total": _D("3"), "overseas": _D("-3")},
                                    level="actual", item="决算数")]),
]


@pytest.mark.parametrize("table", NEGATIVE_TABLES)
def test_negative_amounts_of_made_tables(table, d2024):
    _same(d2024, within.SUITE, within.negative_amounts, _negative_amounts_former, table)


def test_made_tables_have_negatives(d2024):
    assert len(_run(d2024, within.SUITE, within.negative_amounts, NEGATIVE_TABLES[0])[0]) == 2


def _summary_without_line(d2024, at: int) -> Table:
    """The seed's summary table with the 行次 of its `at`-th income row taken away."""
    table = d2024.table_info["income_expenditure_summary"]
    records = [dataclasses.replace(r) for r in table.records]
    income = [r for r in records if r.side == "income"]
    income[at].line = None
    return dataclasses.replace(table, records=records)


@pytest.mark.parametrize("at", [0, 1, 3, -1])
def test_a_summary_row_without_its_line_is_refused_as_before(at, d2024):
    table = _summary_without_line(d2024, at)
    messages = []
    for step in (within.summary_balances, _summary_balances_former):
        with pytest.raises(ValueError, match="summary row without 行次") as raised:
            _run(d2024, within.SUITE, step, table)
        messages.append(str(raised.value))
    assert messages[0] == messages[1]


def test_a_summary_without_the_year_total_line_refused_as_before(d2024):
    # The year's total itself without its 行次: the former read it right after the first row.
    table = d2024.table_info["income_expenditure_summary"]
    year_total = rows_module.summary_line(Ledger(d2024), table, "income", "income_total")
    at = [r for r in table.records if r.side == "income"].index(year_total)
    assert at > 1
    made = _summary_without_line(d2024, at)
    messages = []
    for step in (within.summary_balances, _summary_balances_former):
        with pytest.raises(ValueError) as raised:
            _run(d2024, within.SUITE, step, made)
        messages.append(str(raised.value))
    assert messages[0] == messages[1]


# -- the summary lines ------------------------------------------------------------------------

@pytest.mark.parametrize(("path", "d"), DOCUMENTS, ids=IDS)
def test_summary_lines_are_the_former_lookups(path, d):
    asked = 0
    for tid, lines in SUMMARY_LINES.items():
        if (table := d.table_info.get(tid)) is None:
            continue
        new, former = Ledger(d), Ledger(d)
        for side, line_id in lines:
            asked += 1
            assert rows_module.summary_line(new, table, side, line_id) is _summary_line_former(
                former, table, side, line_id)
            assert rows_module.summary_line(new, table, side, line_id) is line(
                table, side, line_id)
    assert asked or not any(tid in d.table_info for tid in SUMMARY_LINES)


def test_a_summary_line_of_another_table_of_the_same_id(d2024):
    # Found again for another table of the same id (the cache keeps the table it read).
    table = d2024.table_info["income_expenditure_summary"]
    other = dataclasses.replace(table, records=[r for r in table.records if r.side != "income"])
    ledger = Ledger(d2024)
    assert rows_module.summary_line(ledger, table, "income", "grand_total") is not None
    assert rows_module.summary_line(ledger, other, "income", "grand_total") is None


# -- across -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("path", "d"), DOCUMENTS, ids=IDS)
def test_across_checks_are_the_former(path, d):
    t = d.table_info
    for summary, col, tid, check in (
            ("income_expenditure_summary", "amount", "expenditure", across.SUMMARY_EXPENDITURE),
            ("fiscal_appropriation_summary", "general_budget", "general_budget_expenditure",
             across.FISCAL_VS_TABLE),
            ("fiscal_appropriation_summary", "government_fund", "government_fund",
             across.FISCAL_VS_TABLE),
            ("fiscal_appropriation_summary", "state_capital", "state_capital",
             across.FISCAL_VS_TABLE)):
        if summary in t and tid in t:
            _same(d, across.SUITE, across.summary_lines_vs_classes,
                  _summary_lines_vs_classes_former, t[summary], col, t[tid], "total", check)
    if "expenditure" in t and "general_budget_expenditure" in t:
        _same(d, across.SUITE, across.fiscal_within_expenditure,
              _fiscal_within_expenditure_former, t)


_cell = st.one_of(st.none(), st.decimals(allow_nan=False, allow_infinity=False, places=2,
                                         min_value=-1000, max_value=1000))


@settings(max_examples=300, deadline=None)
@given(st.lists(_cell, max_size=4), _cell, _cell)
def test_holds_is_the_former(fiscal, spent, room):
    assert across._holds(fiscal, spent, room) == _holds_former(fiscal, spent, room)


# -- completeness, N1 ---------------------------------------------------------------------------

@pytest.mark.parametrize(("path", "d"), DOCUMENTS, ids=IDS)
def test_counted_at_once_as_before(path, d):
    for new, former in ((completeness.tables_present, _tables_present_former),
                        (completeness.tables_parsed, _tables_parsed_former),
                        (completeness.empty_tables, _empty_tables_former),
                        (completeness.table_totals, _table_totals_former),
                        (completeness.table_unit, _table_unit_former)):
        _same(d, completeness.SUITE, new, former)
    if not d.narrative_facts.empty:
        _same(d, narrative.SUITE, narrative.amounts_vs_tables, _amounts_vs_tables_former)
        if not d.budget_execution.empty and "general_budget_expenditure" in d.table_info:
            _same(d, completeness.SUITE, completeness.items_explained, _items_explained_former)
    if d.meta.year is not None:
        _same(d, form.SUITE, form.year, _year_former)


def test_the_documents_exercise_the_counts():
    # Not vacuous: empty tables (C2), tables without a unit (C9), unread tables (C5), stated
    # amounts (N1) and narrative years (L7) are among them.
    counted: dict[str, int] = {}
    for _, d in DOCUMENTS:
        for suite, step in ((completeness.SUITE, completeness.empty_tables),
                            (completeness.SUITE, completeness.table_unit),
                            (completeness.SUITE, completeness.tables_parsed),
                            (form.SUITE, form.year)):
            for f in _run(d, suite, step)[0]:
                counted[f[0]] = counted.get(f[0], 0) + 1
    assert {"C2.empty_table", "C5.table_parsed", "L7.year"} <= set(counted)


def _unit_tables(units: list[tuple[str, bool, bool]]) -> dict[str, Table]:
    """Tables of (unit, declared, with values), as C2, C8 and C9 read them."""
    out = {}
    for tid, (unit, declared, with_values) in zip(["income", "expenditure", "three_public",
                                                   "government_fund"], units, strict=False):
        table = _table(tid, [_record(0, {"total": _D("1") if with_values else None},
                                     level="total", item="合计")])
        table.unit, table.unit_declared = unit, declared
        out[tid] = table
    return out


@pytest.mark.parametrize("units", [
    [("万元", True, True), ("万元", False, True)],
    [("万元", True, True), ("元", True, True), ("万元", False, True), ("元", False, False)],
    [("万元", False, True), ("万元", False, False)],
    [("万元", False, False)],
    [],
])
def test_table_checks_of_made_tables_as_before(units):
    d = types.SimpleNamespace(table_info=_unit_tables(units), line_pages={})
    for new, former in ((completeness.empty_tables, _empty_tables_former),
                        (completeness.table_totals, _table_totals_former),
                        (completeness.table_unit, _table_unit_former)):
        _same(d, completeness.SUITE, new, former)
    if units[:2] == [("万元", True, True), ("万元", False, True)]:
        assert _run(d, completeness.SUITE, completeness.table_unit, )[0]  # a C9 finding


@pytest.mark.parametrize("text", [
    "", "本部门2024年度收支", "与2023年相比，2024年度决算", "截至2024年12月31日，与 2022 年度比",
    "局2024年度；委2025年度。中心 2023 年度", "２０２４年度", "截止2024 年 12 月 31 日"])
def test_narrative_years_are_the_former_flattened(text):
    former = _narrative_years_former(text)
    assert form._narrative_years(text) == tuple(
        (shift, what, year) for (_, shift, what), years in zip(_NARRATIVE_YEARS, former,
                                                                strict=True)
        for year in years)


# -- the frames ------------------------------------------------------------------------------

def _frames_equal(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    assert list(a.dtypes) == list(b.dtypes)


@pytest.mark.parametrize(("path", "d"), DOCUMENTS, ids=IDS)
def test_findings_and_tables_read_frames_are_the_former(path, d):
    ledger = Ledger(d)
    from zhuzhou_budget.checks.engine.registry import REGISTRY

    REGISTRY.run(ledger)
    for found in (ledger.findings, ledger.findings[:1], []):
        if found:
            _frames_equal(findings_module._columns_frame(found), _columns_frame_former(found))
    rows = inventory._rows(d)
    _frames_equal(inventory._frame(rows), _frame_former(rows))


# -- the project lists ---------------------------------------------------------------------------

@pytest.mark.parametrize(("path", "d"), DOCUMENTS, ids=IDS)
def test_by_list_is_the_former_on_documents(path, d):
    projects = d.performance.projects
    for fields in (("name", *_MEASURES), tuple(_MEASURES)):
        got, expected = _by_list(projects, fields), _by_list_former(projects, fields)
        assert got == expected and list(got) == list(expected)
        assert [list(g) for g in got.values()] == [list(g) for g in expected.values()]


def test_the_documents_list_projects():
    assert sum(len(_by_list(d.performance.projects)) for _, d in DOCUMENTS) >= 2


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", None, float("nan")]),
                          st.text(max_size=2), _cell), max_size=10))
def test_by_list_of_any_projects_is_the_former(rows):
    frame = pd.DataFrame({"list": pd.Series([r[0] for r in rows], dtype=object),
                          "name": pd.Series([r[1] for r in rows], dtype=object),
                          "budget_initial": pd.Series([r[2] for r in rows], dtype=object),
                          "actual": pd.Series([r[2] for r in rows], dtype=object),
                          "adjustment": pd.Series([None] * len(rows), dtype=object)})
    got, expected = _by_list(frame), _by_list_former(frame)
    assert got == expected and list(got) == list(expected)


# -- the facts' lookups ------------------------------------------------------------------------

_MEASURE_SETS = [("amount",), ("actual", "amount"), ("amount", "actual", "budget"), ("share",),
                 ("change", "change_vs_budget"), ("growth_rate", "rate_vs_budget"),
                 ("count",), ("prior_year_implied",), ("budget_initial",), ("amount", "amount"),
                 ()]


@pytest.mark.parametrize(("path", "d"), DOCUMENTS, ids=IDS)
def test_facts_lookups_are_the_former(path, d):
    # Two indexes of the same frame: the former lookups keep their answers in the old shape.
    new, former = Facts(d.narrative_facts), Facts(d.narrative_facts)

    def at(facts: Facts, rows: list) -> list[int | None]:
        """Where the rows are among the index's rows (by identity)."""
        place = {id(r): k for k, r in enumerate(facts.rows)}
        return [None if r is None else place[id(r)] for r in rows]

    measures = [*_MEASURE_SETS, *((m,) for m in dict.fromkeys(r.measure for r in new.rows))]
    for ms in measures:
        for derived in (False, True, None):
            assert at(new, new.where(ms, derived)) == at(
                former, _Facts_where_former(former, ms, derived))
    subjects = [*new.by_subject, "no.such.subject"]
    nears = list(zip([None, *new.rows[::7]], [None, *former.rows[::7]], strict=True))
    for subject in subjects:
        for ms in measures[:9]:
            for derived in (False, None, True):
                for near, near_former in nears:
                    assert at(new, [new.first(subject, ms, near, derived)]) == at(
                        former, [_Facts_first_former(former, subject, ms, near_former,
                                                     derived)])


def test_the_documents_state_derived_facts():
    assert any(Facts(d.narrative_facts).where(("prior_year_implied",), True)
               for _, d in DOCUMENTS)
