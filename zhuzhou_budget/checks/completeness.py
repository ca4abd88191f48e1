"""Is everything a disclosure must contain there? (C1–C3; C4 is run with the narrative)"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from ..extract.table_model import missing_totals
from ..metadata.tables import TABLES
from ..metadata.templates import reference_template
from .ledger import Ledger
from .registry import REGISTRY, WARNING, policy

FAMILY = "completeness"
SUITE = REGISTRY.suite("completeness")
TABLES_PRESENT = SUITE.check("C1.tables", FAMILY,
                             policy("error; info for a table the document's template does not "
                                    "have", "error", "info"),
                             "every table of the document's template present (found by title; "
                             "template recognised from the titles and year)")
EMPTY_TABLE = SUITE.check("C2.empty_table", FAMILY,
                          policy("error; info when the explanation is printed", "error", "info"),
                          "an empty table carries its explanation (\"本单位没有…故本表无数据\")")
SECTIONS = SUITE.check("C3.sections", FAMILY, WARNING,
                       "三公, 机关运行经费, 政府采购, 国有资产, 预算绩效 sections present")
PARSED = SUITE.check("C5.table_parsed", FAMILY, policy("error", "error"),
                     "every table found by its title could be parsed (a table that cannot costs "
                     "only itself, and is named here with the reason)")
TOTALS = SUITE.check("C8.table_totals", FAMILY, policy("error", "error"),
                     "a table with values prints its totals: 合计 (coded tables), 人员经费合计 and "
                     "公用经费合计 (economic), 本年合计 and 总计 on both sides (summaries), 预算数 "
                     "and 决算数 rows (三公) — a table cut off shows here")
UNIT = SUITE.check("C9.table_unit", FAMILY,
                   policy("warning (unit assumed from the other tables); error when they "
                          "disagree or none declares one", "warning", "error"),
                   "every table with values declares its unit (单位：万元): one that does not is "
                   "read in the unit of the other tables, and says so")
ORDER = SUITE.check("C10.table_order", FAMILY,
                    policy("info (printed out of the template's order); warning (a 公开NN表 "
                           "number that is not the table's place)", "info", "warning"),
                    "the tables follow the template's order and their 公开NN表 numbers are their "
                    "places in it (absent tables leave the others in order)")

# The known orders of the tables, by template (the national 2024 template prints 三公 seventh;
# the order of `metadata.TABLES`, Hunan's, ninth). A document is judged against the order it
# fits best, so a table is never out of order merely because the document follows another.

# Narrative sections the template requires, by the words of their headings.
REQUIRED_SECTIONS = {
    "机关运行经费": r"机关运行经费",
    "政府采购": r"政府采购",
    "国有资产占用": r"国有资产",
    "预算绩效": r"绩效",
    "三公经费": r"三公",
}


@SUITE.runner
def run(ledger: Ledger) -> None:
    d = ledger.d
    unparsed = {p.table: p for p in d.problems}
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
    for tid in [*template.tables, *(t for t in TABLES if t in unparsed
                                    and t not in template.tables)]:
        ledger.count(PARSED)
        if (p := unparsed.get(tid)) is not None:
            ledger.report(PARSED, "error", f"{TABLES[tid].zh} 无法读取，本表数据缺失：{p.reason}",
                          table=tid, line=p.line)
    for tid, t in d.table_info.items():
        ledger.count(EMPTY_TABLE)
        empty = not t.has_values
        if empty and not t.explanation:
            ledger.report(EMPTY_TABLE, "error", f"{t.spec.zh} 为空表，但未说明原因（如“本单位没有…"
                          "故本表无数据”）", table=tid, line=t.title_line)
        elif empty:
            ledger.report(EMPTY_TABLE, "info", f"{t.spec.zh} 为空表，已说明：{t.explanation}",
                          table=tid, line=t.title_line, excerpt=t.explanation)
    for tid, t in d.table_info.items():
        ledger.count(TOTALS)
        if t.has_values:
            for what in missing_totals(t):
                ledger.report(TOTALS, "error", f"{t.spec.zh} 缺少{what}（表可能被截断）",
                              table=tid, line=t.end_line)
    table_unit(ledger)
    table_order(ledger, best_order(ledger, d.template.orders))
    headings = [s.heading for s in d.sections.values()]
    # The sections the final-accounts template requires; a budget's 说明 has other headings.
    for name, pattern in REQUIRED_SECTIONS.items() if d.document == "final" else ():
        ledger.count(SECTIONS)
        if not any(re.search(pattern, h) for h in headings):
            ledger.report(SECTIONS, "warning", f"情况说明缺少“{name}”部分")




# -- C9: every table declares its unit ----------------------------------------------------------

def table_unit(ledger: Ledger) -> None:
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


# -- C10: the tables' order and numbers -------------------------------------------------------

def _printed_order(ledger: Ledger) -> list[str]:
    tables = ledger.d.table_info
    return sorted(tables, key=lambda tid: tables[tid].title_line)


def _displaced(printed: list[str], expected: Sequence[str]) -> list[str]:
    """The tables printed out of `expected`'s order: those outside a longest run of printed
    tables that keeps it (tables `expected` does not know, and absent ones, are ignored)."""
    place = {tid: k for k, tid in enumerate(expected)}
    known = [tid for tid in printed if tid in place]
    best: list[list[str]] = []  # best[k]: a longest kept run ending with known[k]
    for k, tid in enumerate(known):
        runs = [best[j] for j in range(k) if place[known[j]] < place[tid]]
        longest: list[str] = max(runs, key=len) if runs else []
        best.append(longest + [tid])
    kept: list[str] = max(best, key=len) if best else []
    return [tid for tid in known if tid not in kept]


def best_order(ledger: Ledger, orders: Sequence[Sequence[str]]) -> Sequence[str]:
    """The template order the document's tables fit best (the first of equals)."""
    printed = _printed_order(ledger)
    return min(orders, key=lambda order: len(_displaced(printed, order)))


def table_order(ledger: Ledger, expected: Sequence[str]) -> None:
    """C10: against `expected` (the template's table ids in order): a table printed out of
    that order (info), and a 公开NN表 number that is not the table's place in it (warning)."""
    tables = ledger.d.table_info
    printed = _printed_order(ledger)
    ledger.count(ORDER, len(printed))
    place = {tid: k + 1 for k, tid in enumerate(expected)}
    for tid in _displaced(printed, expected):
        t = tables[tid]
        ledger.report(ORDER, "info", f"{t.spec.zh} 的位置与模板顺序不符（模板中为第 {place[tid]} 张表）",
                      table=tid, line=t.title_line, excerpt=t.title)
    for tid in printed:
        t = tables[tid]
        if t.number and t.number.isdigit() and tid in place:
            ledger.count(ORDER)
            if int(t.number) != place[tid]:
                ledger.report(ORDER, "warning",
                              f"{t.spec.zh} 编号为公开{t.number}表，按模板应为公开{place[tid]:02d}表",
                              table=tid, line=t.title_line, excerpt=t.title,
                              expected=Decimal(place[tid]), actual=Decimal(int(t.number)))
