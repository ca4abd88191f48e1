"""Is everything a disclosure must contain there? (C1–C3; C4 is run with the narrative)"""

from __future__ import annotations

import re

from ..metadata import TABLES
from .ledger import Ledger
from .registry import REGISTRY, WARNING, policy

FAMILY = "completeness"
SUITE = REGISTRY.suite("completeness")
TABLES_PRESENT = SUITE.check("C1.tables", FAMILY, policy("error", "error"),
                             "all nine tables present (found by title)")
EMPTY_TABLE = SUITE.check("C2.empty_table", FAMILY,
                          policy("error; info when the explanation is printed", "error", "info"),
                          "an empty table carries its explanation (\"本单位没有…故本表无数据\")")
SECTIONS = SUITE.check("C3.sections", FAMILY, WARNING,
                       "三公, 机关运行经费, 政府采购, 国有资产, 预算绩效 sections present")
PARSED = SUITE.check("C5.table_parsed", FAMILY, policy("error", "error"),
                     "every table found by its title could be parsed (a table that cannot costs "
                     "only itself, and is named here with the reason)")

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
    for tid in TABLES:
        ledger.count(TABLES_PRESENT)
        if tid not in d.table_info and tid not in unparsed:
            ledger.report(TABLES_PRESENT, "error", f"缺少部门决算表：{TABLES[tid].zh}", table=tid)
    for tid in TABLES:
        ledger.count(PARSED)
        if (p := unparsed.get(tid)) is not None:
            ledger.report(PARSED, "error", f"{TABLES[tid].zh} 无法读取，本表数据缺失：{p.reason}",
                          table=tid, line=p.line)
    for tid, t in d.table_info.items():
        ledger.count(EMPTY_TABLE)
        empty = not any(v is not None for r in t.records for v in r.values.values())
        if empty and not t.explanation:
            ledger.report(EMPTY_TABLE, "error", f"{t.spec.zh} 为空表，但未说明原因（如“本单位没有…"
                          "故本表无数据”）", table=tid, line=t.title_line)
        elif empty:
            ledger.report(EMPTY_TABLE, "info", f"{t.spec.zh} 为空表，已说明：{t.explanation}",
                          table=tid, line=t.title_line, excerpt=t.explanation)
    headings = [s.heading for s in d.sections.values()]
    for name, pattern in REQUIRED_SECTIONS.items():
        ledger.count(SECTIONS)
        if not any(re.search(pattern, h) for h in headings):
            ledger.report(SECTIONS, "warning", f"情况说明缺少“{name}”部分")
