"""Reader-facing labels: the Chinese (and English) name of every key a report shows, in one place.

Reports never show a bare id to a reader: metric names (`pi1_pct`), severities, narrative
subjects (`general_budget.total`, `general_budget.item.2210399`), table and column ids, category
ids (reason categories, project lists, fund types). `label(key)` finds the label of any of them;
the dictionaries below are the vocabulary, and a key none of them knows comes back unchanged
(tests check that every key the notebooks show has a label). The check families and the checks
are labelled where they are declared, in the check registry (`checks.label` adds them to this
lookup; this floor cannot import the checks).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from .tables import TABLES, column_zh

SEVERITIES = {"error": "错误 error", "warning": "警告 warning", "rounding": "尾数误差 rounding",
              "info": "提示 info"}
SEVERITY_SHORT = {"error": "错误", "warning": "警告", "rounding": "尾数误差", "info": "提示"}

METRICS = {
    "income_total": "本年收入合计 total income", "expenditure_total": "本年支出合计 total expenditure",
    "fiscal_appropriation_share_pct": "财政拨款收入占比 fiscal share",
    "project_share_pct": "项目支出占比 project share", "personnel_share_pct": "人员经费占比 personnel share",
    "three_public_actual": "“三公”经费决算 three public actual",
    "three_public_budget": "“三公”经费预算 three public budget",
    "three_public_completion_pct": "“三公”经费完成率 three public completion",
    "items": "逐项说明的项数 items", "items_budget_initial_total": "各项年初预算之和 Σ original budget",
    "unit_slips": "单位误写 unit slips", "pi1_pct": "PEFA PI-1 总体支出执行率",
    "pi1_band": "PI-1 区间 band", "pi2_class_pct": "PEFA PI-2 结构偏差（类）",
    "pi2_class_band": "PI-2（类）区间 band", "pi2_kuan_pct": "PEFA PI-2 结构偏差（款）",
    "pi2_kuan_band": "PI-2（款）区间 band",
    "admin_costs": "机关运行经费 administrative costs",
    "admin_costs_budget_implied": "机关运行经费年初预算（推算）implied budget",
    "performance_full_year_completion_pct": "整体支出完成全年预算 full-year completion",
    "score": "绩效自评得分 self-score", "grade": "评价等级 grade", "achievements": "绩效成绩条数 achievements",
    "problems": "列出的问题 problems", "project_list_mismatches": "项目清单不符 list mismatches",
    "error_count": "错误 errors", "warning_count": "警告 warnings", "rounding_count": "尾数误差 rounding",
    "info_count": "提示 notes", "checks_run": "比较次数 comparisons",
    "rounding_max_abs_difference": "最大尾数差额 largest rounding difference",
    "documents": "文件数 documents", "departments": "部门数 departments", "years": "年度数 years",
}

# Ids of categories shown as values: reason categories, project lists, fund types, kinds.
CATEGORIES = {
    "reclassification": "科目调整 reclassification", "supplementary": "追加预算 supplementary",
    "staff": "人员变动与退休 staff changes", "savings": "厉行节约与未用完 savings",
    "other": "其他 other",
    "initial": "年初预算项目 initial", "midyear": "年中追加项目 mid-year",
    "public_special": "单位主管的公共专项 public special",
    "all": "全部资金 all funds", "general_budget": "一般公共预算 general budget",
    "government_fund": "政府性基金预算 government fund", "state_capital": "国有资本经营预算 state capital",
    "basic": "基本支出 basic", "project": "项目支出 project",
    "count": "项目个数 count", "budget_initial": "年初预算 original budget", "actual": "实际支出 actual",
    "adjustment": "调整金额 adjustment",
}

# Column ids of the frames the notebooks show (a notebook may still rename for its context).
COLUMNS = {
    "year": "年度 year", "department_id": "部门 id", "department": "部门 department",
    "metric": "指标 metric", "value": "数值 value", "unit": "单位 unit", "basis": "口径 basis",
    "note": "说明 note", "check": "核对 check", "family": "类别 family", "severity": "严重程度 severity",
    "message": "说明 message", "expected": "应为 expected", "actual": "实际 actual",
    "difference": "差额 difference", "tolerance": "容许 tolerance", "table": "表 table",
    "code": "科目代码 code", "column": "列 column", "section": "章节 section", "line": "原文行 line",
    "page": "页 page", "excerpt": "摘录 excerpt", "terms": "参与比较的数 terms",
    "item": "科目 item", "total": "合计 total", "basic": "基本支出 basic", "project": "项目支出 project",
    "share": "占比 share", "amount": "金额（万元）", "source": "来源 source", "count": "次数 count",
    "budget": "预算 budget", "budget_initial": "年初预算 original budget", "status": "状态 status",
    "errors": "错误 errors", "warnings": "警告 warnings", "name": "名称 name",
}

# Narrative subjects (`narrative_facts.subject`, the findings' field paths).
SUBJECTS = {
    "income_expenditure.total": "收、支总计", "income.total": "本年收入合计",
    "expenditure.total": "本年支出合计", "expenditure.basic": "基本支出", "expenditure.project": "项目支出",
    "fiscal.total": "财政拨款收、支总计", "general_budget.total": "一般公共预算财政拨款支出",
    "general_budget.basic": "一般公共预算基本支出", "personnel": "人员经费", "public_funds": "公用经费",
    "three_public.total": "“三公”经费合计", "three_public.overseas": "因公出国（境）费",
    "three_public.vehicles": "公务用车购置及运行维护费", "three_public.vehicle_purchase": "公务用车购置费",
    "three_public.vehicle_operation": "公务用车运行维护费", "three_public.reception": "公务接待费",
    "admin_costs": "机关运行经费", "meeting": "会议费", "training": "培训费",
    "procurement.total": "政府采购合计", "state_capital.total": "国有资本经营预算支出",
    "assets.vehicles": "公务用车", "unattributed": "未归属的数字",
}
_SUBJECT_PREFIXES = (
    ("general_budget.class.", "一般公共预算 类 "), ("general_budget.item.", "一般公共预算 项 "),
    ("admin_costs.unit.", "机关运行经费 · "), ("income.total|", "收入 · "),
    ("government_fund.", "政府性基金 · "), ("procurement.", "政府采购 · "),
    ("performance.", "绩效 · "), ("profile.", "概况 · "), ("assets.", "国有资产 · "),
)

NOTEBOOKS = {
    "00_summary": "摘要 Summary", "01_income_structure": "收入结构 Income and expenditure",
    "02_budget_execution_variance": "预算执行差异 Budget execution",
    "03_performance_findings": "绩效评价 Performance", "04_reconciliation": "勾稽核对 Reconciliation",
    "05_corpus": "部门与年度比较 Departments and years",
}

_CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f“”]")


def has_chinese(text: str) -> bool:
    return bool(_CJK.search(text or ""))


def subject(path: str) -> str:
    """A narrative subject or field path in Chinese: `general_budget.item.2210399` →
    "一般公共预算 项 2210399"; `three_public.total` → "“三公”经费合计"."""
    if path in SUBJECTS:
        return SUBJECTS[path]
    for prefix, zh in _SUBJECT_PREFIXES:
        if path.startswith(prefix):
            rest = path.removeprefix(prefix)
            return zh + (column_zh("income", rest) if prefix == "income.total|" else rest)
    head, _, tail = path.partition(".")
    if head in SUBJECTS or f"{head}.total" in SUBJECTS:
        return f"{SUBJECTS.get(f'{head}.total', SUBJECTS.get(head))} · {tail}"
    return path


def table(table_id: str) -> str:
    spec = TABLES.get(table_id)
    return spec.zh if spec else table_id


# The vocabularies in the order `label(key)` tries them; "family" and "check" are the check
# registry's (`checks.label` passes them in `more`).
ORDER = ("metric", "family", "severity", "check", "category", "column", "table", "notebook",
         "subject")
Lookup = Callable[[str], "str | None"]


def label(key, kind: str | None = None, more: Mapping[str, Lookup] | None = None) -> str:
    """The reader's label of a key; `kind` picks one vocabulary (metric, severity, category,
    column, subject, table, notebook, and those `more` adds), else the first that knows the
    key."""
    if key is None:
        return ""
    key = str(key)
    lookups: dict[str, Lookup] = {"metric": METRICS.get, "severity": SEVERITIES.get,
                                  "category": CATEGORIES.get, "column": COLUMNS.get,
                                  "table": lambda k: table(k) if k in TABLES else None,
                                  "notebook": NOTEBOOKS.get,
                                  "subject": lambda k: subject(k) if subject(k) != k else None,
                                  **(more or {})}
    order = [kind] if kind else [name for name in ORDER if name in lookups]
    for name in order:
        found = lookups[name](key) if name in lookups else None
        if found:
            return found
    return key


def relabel(text: str) -> str:
    """Field paths and table ids inside a message, replaced by their labels
    (`admin_costs.unit.株洲市城建档案馆` → "机关运行经费 · 株洲市城建档案馆")."""
    def one(m: re.Match) -> str:
        word = m.group(0)
        if word in TABLES:
            return table(word)
        found = subject(word)
        return found if found != word else word

    return re.sub(r"[a-z_]+(?:\.[a-z_]+)*(?:\.[\w\u3400-\u9fff（）()]+|\|[a-z_]+)?", one, text or "")
