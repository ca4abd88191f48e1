"""The headline figures of one disclosure, each with its basis and the report that explains it:
what the summary page shows and what the reports' index lists."""

from __future__ import annotations

import pandas as pd

from . import execution as ex
from . import structure
from .headline import of_facts as headline_figures

COLUMNS = ["metric", "value", "unit", "basis", "report"]


def headline(d, findings: pd.DataFrame) -> pd.DataFrame:
    """One row per headline figure: metric id, value, unit, basis (what it is a ratio of,
    which budget), report (the notebook that explains it). A figure the document does not
    give has value None."""
    rows: list[dict] = []

    def add(metric, value, unit, basis, report):
        rows.append({"metric": metric, "value": value, "unit": unit, "basis": basis,
                     "report": report})

    kind = d.template.document
    basis = _BASES[kind]
    figures = headline_figures(d.facts)  # the same figures the panel's metrics hold
    add("income_total", figures["income_total"], "万元", basis["income_total"],
        "01_income_structure")
    add("expenditure_total", figures["expenditure_total"], "万元", basis["expenditure_total"],
        "01_income_structure")
    if kind == "final" or figures["expenditure_total"] is not None:
        add("project_share_pct", figures["project_share_pct"], "%", basis["project_share_pct"],
            "01_income_structure")
    if structure.table_id(d, "three_public"):  # a template without 三公 (universities): none
        add("three_public_budget", figures["three_public_budget"], "万元",
            basis["three_public_budget"], "01_income_structure")
        if kind == "final":  # a budget has no actuals
            add("three_public_actual", figures["three_public_actual"], "万元", "“三公”经费 决算数",
                "01_income_structure")
    if kind == "final":  # no actuals in a budget, so no PI-1, PI-2, bridge or self-score
        _execution(d, add)
    for sev in ("error", "warning"):
        add(f"{sev}_count", int((findings["severity"] == sev).sum()), "条",
            "reconcile() 勾稽核对的发现", "04_reconciliation")
    add("checks_run", findings.attrs.get("checks_run"), "次", "勾稽核对的比较次数",
        "04_reconciliation")
    return pd.DataFrame(rows, columns=COLUMNS, dtype=object)


# The basis each kind of document states its headline figures on.
_BASES = {
    "final": {"income_total": "收入决算表 本年收入合计",
              "expenditure_total": "支出决算表 本年支出合计",
              "project_share_pct": "项目支出 / 本年支出合计（支出决算表）",
              "three_public_budget": "“三公”经费 全年预算数（调整后预算）"},
    "budget": {"income_total": "收入预算总表 合计（收入预算总计）",
               "expenditure_total": "支出预算总表 合计（支出预算总计）",
               "project_share_pct": "项目支出 / 支出预算合计（支出预算总表）",
               "three_public_budget": "“三公”经费 预算数（部门预算）"},
}


def _execution(d, add) -> None:
    """A final account's figures of execution: 机关运行经费, PI-1, PI-2, the self-score."""
    admin = ex.admin_costs(d)
    add("admin_costs", None if admin.empty else admin.loc[0, "actual"], "万元",
        "机关运行经费 决算（情况说明所述）", "02_budget_execution_variance")
    table = ex.items(d, "general_budget")
    outturn = ex.aggregate(d, table) if not table.empty else pd.DataFrame()
    first = None if outturn.empty else outturn.iloc[0]
    add("pi1_pct", None if first is None else first["pi1_pct"], "%",
        "决算 / 年初预算：" + ("—" if first is None else first["basis"]),
        "02_budget_execution_variance")
    add("pi1_band", None if first is None else first["band"], "", "PEFA 2016 PI-1.1（单年）",
        "02_budget_execution_variance")
    for level, digits, key in (("类", 3, "class"), ("款", 5, "kuan")):
        comp = None
        if not table.empty and ex.total(table["budget_initial"]):
            comp = ex.composition(d, table, digits)
        add(f"pi2_{key}_pct", None if comp is None else comp.percent, "%",
            f"Σ|决算 − 年初预算×k| / Σ决算，按{level}（年初预算口径）",
            "02_budget_execution_variance")
        add(f"pi2_{key}_band", None if comp is None else comp.band, "",
            "PEFA 2016 PI-2.1（单年）", "02_budget_execution_variance")
    overall = d.performance.overall
    o = None if overall.empty else overall.iloc[0]
    add("score", None if o is None else o["score"], "分",
        "绩效自评得分（满分 100，部门自评）", "03_performance_findings")
    add("grade", None if o is None else o["grade"], "", "评价等级", "03_performance_findings")


def value(frame: pd.DataFrame, metric: str):
    """The value of one headline metric (None when absent)."""
    hit = frame[frame["metric"] == metric]
    return None if hit.empty else hit.iloc[0]["value"]
