"""Is everything a disclosure must contain there? (C1–C3)"""

from __future__ import annotations

import re

from ..metadata import TABLES
from .findings import Finding
from .ledger import Ledger

FAMILY = "completeness"
# Narrative sections the template requires, by the words of their headings.
REQUIRED_SECTIONS = {
    "机关运行经费": r"机关运行经费",
    "政府采购": r"政府采购",
    "国有资产占用": r"国有资产",
    "预算绩效": r"绩效",
    "三公经费": r"三公",
}


def run(ledger: Ledger) -> None:
    d = ledger.d
    for tid in TABLES:
        ledger.checks_run += 1
        if tid not in d.table_info:
            ledger.add(Finding("C1.tables", FAMILY, "error",
                               f"[C1.tables] 缺少部门决算表：{TABLES[tid].zh}", table=tid))
    for tid, t in d.table_info.items():
        ledger.checks_run += 1
        empty = not any(v is not None for r in t.records for v in r.values.values())
        if empty and not t.explanation:
            ledger.add(Finding("C2.empty_table", FAMILY, "error",
                               f"[C2.empty_table] {t.spec.zh} 为空表，但未说明原因（如“本单位没有…"
                               "故本表无数据”）", table=tid, line=t.title_line))
        elif empty:
            ledger.add(Finding("C2.empty_table", FAMILY, "info",
                               f"[C2.empty_table] {t.spec.zh} 为空表，已说明：{t.explanation}",
                               table=tid, line=t.title_line, excerpt=t.explanation))
    headings = [s.heading for s in d.sections.values()]
    for name, pattern in REQUIRED_SECTIONS.items():
        ledger.checks_run += 1
        if not any(re.search(pattern, h) for h in headings):
            ledger.add(Finding("C3.sections", FAMILY, "warning",
                               f"[C3.sections] 情况说明缺少“{name}”部分"))
