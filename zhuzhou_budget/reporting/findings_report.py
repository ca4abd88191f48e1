"""Findings for people (a plain-text report) and for machines (CSV, JSON): what `check`
prints."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd

from ..checks import COLUMNS, SEVERITIES
from ..extract.numbers import format_amount


def as_records(findings: pd.DataFrame) -> list[dict[str, str]]:
    out = []
    for row in findings[COLUMNS].itertuples(index=False):
        rec = {}
        for col, value in zip(COLUMNS, row, strict=True):
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                rec[col] = ""
            elif hasattr(value, "as_tuple"):
                rec[col] = format_amount(value)
            else:
                rec[col] = str(value)
        out.append(rec)
    return out


def to_csv(findings: pd.DataFrame) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(as_records(findings))
    return buf.getvalue()


def to_json(findings: pd.DataFrame) -> str:
    return json.dumps(as_records(findings), ensure_ascii=False, indent=1) + "\n"


def to_text(findings: pd.DataFrame, source: str = "") -> str:
    lines = [f"勾稽核对 {source}".rstrip(),
             f"比较 {findings.attrs.get('checks_run', '?')} 项；发现 {len(findings)} 条"]
    if len(findings):
        table = findings.pivot_table(index="family", columns="severity", values="check",
                                     aggfunc="count", fill_value=0)
        table = table.reindex(columns=[s for s in SEVERITIES if s in table.columns])
        lines.append("")
        lines.append("family".ljust(14) + "".join(s.rjust(10) for s in table.columns))
        for family, counts in table.iterrows():
            lines.append(str(family).ljust(14) + "".join(str(int(v)).rjust(10) for v in counts))
    for severity in ("error", "warning"):
        sub = findings[findings.severity == severity]
        if len(sub):
            lines.append("")
            lines.append(f"== {severity} ({len(sub)}) ==")
        for rec in as_records(sub):
            where = ", ".join(f"{k} {rec[k]}" for k in ("table", "code", "column", "section",
                                                        "page", "line") if rec[k])
            lines.append(f"- {rec['message']}")
            if where:
                lines.append(f"    位置: {where}")
            if rec["excerpt"]:
                lines.append(f"    原文: {rec['excerpt']}")
            if rec["terms"]:
                lines.append(f"    数据: {rec['terms']}")
    rounding = findings[findings.severity == "rounding"]
    if len(rounding):
        lines.append("")
        lines.append(f"尾数误差 {len(rounding)} 处（容差以内，不视为错误），最大差额 "
                     f"{format_amount(max(abs(v) for v in rounding.difference))}")
    return "\n".join(lines) + "\n"
