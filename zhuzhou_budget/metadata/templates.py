"""Template variants as data: which canonical tables each variant of the disclosure template
prints, in which order and for which years, and how a document's variant is recognised from
the titles it prints. The tables themselves are declared in `metadata.tables`."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Most specific first: a title is tried against these in order (收入支出决算总表 would otherwise
# also match 财政拨款收入支出决算总表 after a prefix).
TITLE_ORDER = (
    "three_public", "state_capital", "government_fund", "basic_expenditure",
    "general_budget_expenditure", "fiscal_appropriation_expenditure",
    "fiscal_appropriation_summary", "income_expenditure_summary",
    "income", "expenditure",
    # Budget tables (never a title with 决算): the specific before the generic.
    "budget_performance_targets", "budget_procurement", "budget_project_expenditure",
    "budget_basic_by_unit", "budget_three_public", "budget_admin_costs",
    "budget_state_capital", "budget_government_fund", "budget_project_economic",
    "budget_basic_expenditure", "budget_general_expenditure",
    "budget_fiscal_basic_expenditure", "budget_fiscal_expenditure", "budget_fiscal_summary",
    "budget_income_expenditure_summary", "budget_income", "budget_expenditure",
)
FINAL, BUDGET = "final", "budget"
DOCUMENT_KINDS = {FINAL: "部门决算", BUDGET: "部门预算"}  # the manifest's and Meta's words

@dataclass(frozen=True)
class Template:
    """A variant of the disclosure template: which canonical tables it prints, in which order.
    A table that a document's template does not have is not missing (C1 says so as info)."""

    id: str
    zh: str
    description: str
    tables: tuple[str, ...]  # canonical table ids, in the template's print order
    first_year: int = 0  # the years of accounts the template serves (inclusive)
    last_year: int = 9999
    marker: str = ""  # a word in its tables' titles that marks the template (高等学校)
    # Other print orders of the same tables seen in real documents of the template.
    other_orders: tuple[tuple[str, ...], ...] = ()
    document: str = "final"  # final (部门决算) | budget (部门预算)

    @property
    def orders(self) -> tuple[tuple[str, ...], ...]:
        return (self.tables, *self.other_orders)


TEMPLATES: dict[str, Template] = {t.id: t for t in (
    Template(
        "national-2020", "部门决算公开模板（2020年度起，九张表）",
        "The national template from the 2020 accounts on: nine tables, the 国有资本经营预算 "
        "table among them.",
        ("income_expenditure_summary", "income", "expenditure", "fiscal_appropriation_summary",
         "general_budget_expenditure", "basic_expenditure", "three_public", "government_fund",
         "state_capital"),
        first_year=2020,
        # Hunan (the Zhuzhou 2024 text) prints 三公 last, as 公开09表.
        other_orders=(("income_expenditure_summary", "income", "expenditure",
                       "fiscal_appropriation_summary", "general_budget_expenditure",
                       "basic_expenditure", "government_fund", "state_capital",
                       "three_public"),),
    ),
    Template(
        "national-2019", "部门决算公开模板（2019年度及以前，八张表）",
        "The template up to the 2019 accounts: eight tables, no 国有资本经营预算财政拨款支出决算表.",
        ("income_expenditure_summary", "income", "expenditure", "fiscal_appropriation_summary",
         "general_budget_expenditure", "basic_expenditure", "three_public", "government_fund"),
        last_year=2019,
    ),
    Template(
        "university", "高等学校决算公开模板（四张表）",
        "Universities under a ministry (教育部直属高校): 高等学校收支决算总表, 收入决算表, "
        "支出决算表, 财政拨款支出决算表.",
        ("income_expenditure_summary", "income", "expenditure",
         "fiscal_appropriation_expenditure"),
        marker="高等学校",
    ),
)}


# Budget templates: which tables each province's or level's budget prints. The national one
# (the nine tables of the Ministry of Finance's 部门预算公开 template) is the reference for
# what a budget template lacks.
_BUDGET_CORE = ("budget_income_expenditure_summary", "budget_income", "budget_expenditure",
                "budget_fiscal_summary", "budget_general_expenditure",
                "budget_basic_expenditure", "budget_three_public", "budget_government_fund")
TEMPLATES.update({t.id: t for t in (
    Template("budget-national", "部门预算公开模板（九张表）",
             "The national budget template: nine tables, the 国有资本经营预算支出表 among them.",
             (*_BUDGET_CORE, "budget_state_capital"), document="budget"),
    Template("budget-hunan", "湖南省部门预算公开模板（八张表）",
             "Hunan (Changsha 2026): the national tables without 国有资本经营预算支出表; "
             "performance-target tables follow (listed, not parsed).",
             _BUDGET_CORE, document="budget"),
    Template("budget-guangdong", "广东省部门预算公开模板（十二张表）",
             "Guangdong (Guangzhou 2026): the nine tables, 一般公共预算项目支出情况表 by economic "
             "code, 行政经费 with the 三公, and two tables by unit and project (listed).",
             ("budget_income_expenditure_summary", "budget_income", "budget_expenditure",
              "budget_fiscal_summary", "budget_general_expenditure",
              "budget_basic_expenditure", "budget_project_economic", "budget_three_public",
              "budget_government_fund", "budget_state_capital"), document="budget"),
    Template("budget-jiangsu", "江苏省部门预算公开模板（十二张表）",
             "Jiangsu (2019): 财政拨款 tables beside the general-budget ones, 三公 with 会议费 "
             "and 培训费, 机关运行经费, and 政府采购 (listed).",
             ("budget_income_expenditure_summary", "budget_income", "budget_expenditure",
              "budget_fiscal_summary", "budget_fiscal_expenditure",
              "budget_fiscal_basic_expenditure", "budget_general_expenditure",
              "budget_basic_expenditure", "budget_three_public", "budget_government_fund",
              "budget_admin_costs"), document="budget"),
    Template("budget-university", "高等学校部门预算公开模板（四张表）",
             "Universities under a ministry: 收支预算总表, 收入预算表, 支出预算表, "
             "财政拨款支出预算表.",
             ("budget_income_expenditure_summary", "budget_income", "budget_expenditure",
              "budget_fiscal_expenditure"), document="budget"),
)})
BUDGET_NATIONAL = "budget-national"


def reference_template(document: str) -> Template:
    """The template a document's template is measured against (what it lacks is listed)."""
    return TEMPLATES[BUDGET_NATIONAL if document == "budget" else NATIONAL]


def recognise_budget_template(seen: set[str]) -> Template:
    """A budget's template: the smallest budget template that has every table seen (ties:
    the first declared); the national one when none has them all."""
    fits = [t for t in TEMPLATES.values() if t.document == "budget" and seen <= set(t.tables)]
    return min(fits, key=lambda t: len(t.tables)) if fits else TEMPLATES[BUDGET_NATIONAL]


NATIONAL = "national-2020"  # the current national template: the reference for what is absent


def recognise_template(title_texts: list[str], seen: set[str], year: int | None) -> Template:
    """The template of a document from the titles it prints (tables and contents alike) and
    its year: a template marked by a title word (高等学校) that has every table seen; else the
    national template whose tables include every table seen and whose years hold the
    document's year (a table seen that the older template lacks means the newer one, whatever
    the year)."""
    for t in TEMPLATES.values():
        if (t.document == "final" and t.marker and seen <= set(t.tables)
                and any(t.marker in re.sub(r"\s+", "", x) for x in title_texts)):
            return t
    if "fiscal_appropriation_expenditure" in seen and not seen & {
            "general_budget_expenditure", "fiscal_appropriation_summary"}:
        return TEMPLATES["university"]
    national = [t for t in TEMPLATES.values()
                if t.document == "final" and not t.marker and seen <= set(t.tables)]
    for t in national:
        if year is not None and t.first_year <= year <= t.last_year:
            return t
    return national[0] if national else TEMPLATES["national-2020"]
