"""Is everything a disclosure must contain there? (C1–C3; C4 is run with the narrative)"""

from __future__ import annotations

import re

from ..metadata import GRAND_TOTAL, NATIONAL, TABLES, TEMPLATES
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

# The rows whose absence means a table was cut off (or mangled), by kind of table.
_REQUIRED_ROWS = {
    "summary": [("income", r"^本年收入合计$"), ("income", GRAND_TOTAL),
                ("expenditure", r"^本年支出合计$"), ("expenditure", GRAND_TOTAL)],
    "economic": [("", r"^人员经费合计$"), ("", r"^公用经费合计$")],
}

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
    for tid in TEMPLATES[NATIONAL].tables:
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
    headings = [s.heading for s in d.sections.values()]
    for name, pattern in REQUIRED_SECTIONS.items():
        ledger.count(SECTIONS)
        if not any(re.search(pattern, h) for h in headings):
            ledger.report(SECTIONS, "warning", f"情况说明缺少“{name}”部分")


def missing_totals(table) -> list[str]:
    """The total rows a table with values does not print."""
    kind = table.spec.kind
    if kind == "coded":
        return [] if any(r.level == "total" for r in table.records) else ["合计行"]
    if kind == "three_public":
        levels = {r.level for r in table.records}
        return [f"{zh}行" for level, zh in (("budget", "预算数"), ("actual", "决算数"))
                if level not in levels]
    missing = []
    for side, pattern in _REQUIRED_ROWS.get(kind, []):
        if not any((not side or r.side == side) and re.search(pattern, re.sub(r"\s", "", r.item))
                   for r in table.records):
            label = "总计" if pattern == GRAND_TOTAL else pattern.strip("^$")
            missing.append(f"{'收入方' if side == 'income' else '支出方' if side else ''}{label}行")
    return missing
