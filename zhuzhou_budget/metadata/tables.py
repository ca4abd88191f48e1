"""Canonical tables and columns: one place that describes every table and field (cf. PUDL).

Tables are identified by title, never by their printed number (公开NN表 differs between templates).
Header labels are matched against ordered rules: the first rule that matches a column wins,
so specific rules come before generic ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

UNIT = "万元"


@dataclass(frozen=True)
class ColumnSpec:
    id: str
    zh: str
    description: str
    pattern: str = ""  # regex on the joined, space-free header label; "" = not matched from headers
    priority: int = 0  # generic rules (合计, 小计) are tried after the specific ones
    optional: bool = False  # printed by some templates only: a table has it when it prints it
    part_of: str = ""  # "其中" columns: the column this one is a part of, never an addend

    def matches(self, label: str) -> bool:
        return bool(self.pattern) and re.search(self.pattern, label) is not None


@dataclass(frozen=True)
class TableSpec:
    id: str
    zh: str
    en: str
    kind: str  # coded | summary | economic | three_public
    title: str  # regex that must match the whole normalised title after the prefix
    columns: tuple[ColumnSpec, ...]
    description: str
    expenditure_columns: tuple[ColumnSpec, ...] = field(default=())  # summary tables: right side
    document: str = "final"  # final (部门决算) | budget (部门预算): the kind of document it is of

    @property
    def column_ids(self) -> list[str]:
        return [c.id for c in self.columns]

    @staticmethod
    def by_priority(columns: tuple[ColumnSpec, ...]) -> list[ColumnSpec]:
        return sorted(columns, key=lambda c: c.priority)


C = ColumnSpec

_SUMMARY_AMOUNT = C("amount", "金额", "amount of the line", r"金额|决算数|^\d+$")

# The 收入支出 shape of the fund and state-capital tables (national template); a table that
# prints only 本年支出 (合计/基本支出/项目支出) fills total, basic and project.
_FUND_COLUMNS = (
    C("opening_balance", "年初结转和结余", "balance carried in at the start of the year",
      r"年初"),
    C("income", "本年收入", "income of the year", r"本年收入"),
    C("total", "本年支出小计", "expenditure of the year", r"小计|合计|本年支出", 1),
    C("basic", "基本支出", "basic expenditure", r"基本支出"),
    C("project", "项目支出", "project expenditure", r"项目支出"),
    C("closing_balance", "年末结转和结余", "balance carried over at the end of the year",
      r"年末"),
)

TABLES: dict[str, TableSpec] = {t.id: t for t in (
    TableSpec(
        "income_expenditure_summary", "收入支出决算总表", "Income and expenditure summary",
        "summary", r"(部门|高等学校)?收(入)?支(出)?决算总表",
        (_SUMMARY_AMOUNT,),
        "Two-sided summary: income lines by source, expenditure lines by function class, "
        "balances; one row per printed line (行次) of each side.",
        expenditure_columns=(_SUMMARY_AMOUNT,),
    ),
    TableSpec(
        "income", "收入决算表", "Income", "coded", r"(部门|高等学校)?收入决算表",
        (
            C("total", "本年收入合计", "total income of the year", r"合计|小计|^本年收入$", 1),
            C("fiscal_appropriation", "财政拨款收入", "fiscal appropriation income", r"财政拨款"),
            C("superior_subsidy", "上级补助收入", "subsidy from the superior unit", r"上级补助"),
            # 其中：教育收费 under 事业收入 (universities): a part of `business`, not a source.
            C("business_tuition", "事业收入：其中教育收费", "of which tuition and fees (part of "
              "business income)", r"教育收费", optional=True,
              part_of="business"),
            C("business", "事业收入", "income from public-service activities", r"事业收入"),
            C("operating", "经营收入", "income from business operations", r"经营收入"),
            C("subsidiary_remittance", "附属单位上缴收入", "remittances from subsidiary units",
              r"附属单位"),
            C("other", "其他收入", "other income", r"其他收入"),
        ),
        "Income by function code (类/款/项) and source.",
    ),
    TableSpec(
        "expenditure", "支出决算表", "Expenditure", "coded", r"(部门|高等学校)?支出决算表",
        (
            C("total", "本年支出合计", "total expenditure of the year", r"合计|小计|^本年支出$", 1),
            C("basic", "基本支出", "basic expenditure (personnel and running costs)", r"基本支出"),
            C("project", "项目支出", "project expenditure", r"项目支出"),
            C("remit_superior", "上缴上级支出", "remittances to the superior unit", r"上缴上级"),
            C("operating", "经营支出", "expenditure on business operations", r"经营支出"),
            C("subsidy_subsidiary", "对附属单位补助支出", "subsidies to subsidiary units",
              r"附属单位"),
        ),
        "Expenditure by function code and kind (basic / project / other).",
    ),
    TableSpec(
        "fiscal_appropriation_summary", "财政拨款收入支出决算总表",
        "Fiscal appropriation income and expenditure summary", "summary",
        r"(部门)?财政拨款收(入)?支(出)?决算总表",
        (_SUMMARY_AMOUNT,),
        "Two-sided summary of fiscal appropriations; expenditure lines split by fund type.",
        expenditure_columns=(
            C("total", "合计", "total of the three fund types", r"合计|小计|金额|^\d+$", 1),
            C("general_budget", "一般公共预算财政拨款", "general public budget appropriation",
              r"一般公共预算"),
            C("government_fund", "政府性基金预算财政拨款", "government fund appropriation",
              r"政府性基金"),
            C("state_capital", "国有资本经营预算财政拨款", "state capital operation appropriation",
              r"国有资本"),
        ),
    ),
    TableSpec(
        "general_budget_expenditure", "一般公共预算财政拨款支出决算表",
        "General public budget appropriation expenditure", "coded",
        r"(部门)?一般公共预算财政拨款支出决算(明细)?表",
        (
            C("total", "小计", "total", r"小计|合计|^本年支出$|决算数", 1),
            C("basic", "基本支出", "basic expenditure", r"基本支出"),
            C("project", "项目支出", "project expenditure", r"项目支出"),
        ),
        "General-budget appropriation expenditure by function code, basic vs project.",
    ),
    TableSpec(
        "basic_expenditure", "一般公共预算财政拨款基本支出决算明细表",
        "General public budget basic expenditure by economic classification", "economic",
        r"(部门)?一般公共预算财政拨款基本支出决算(明细)?表",
        (C("amount", "决算数", "actual amount", r"决算数|金额"),),
        "Basic expenditure by economic code (类 3 digits, 款 5 digits), with 人员经费合计 and "
        "公用经费合计; printed as side-by-side blocks, stored one row per code.",
    ),
    TableSpec(
        "government_fund", "政府性基金预算财政拨款收入支出决算表",
        "Government fund appropriation income and expenditure", "coded",
        r"(部门)?政府性基金预算财政拨款(收入)?支出决算表",
        _FUND_COLUMNS,
        "Government fund appropriation: opening balance, income, spending, closing balance.",
    ),
    TableSpec(
        "state_capital", "国有资本经营预算财政拨款支出决算表",
        "State capital operation appropriation expenditure", "coded",
        r"(部门)?国有资本经营预算财政拨款(收入)?支出决算表",
        _FUND_COLUMNS,
        "State capital operation budget appropriation by function code: spending (total, "
        "basic, project), and opening balance, income and closing balance where the table is "
        "printed in the 收入支出 shape (national template).",
    ),
    TableSpec(
        "three_public", "财政拨款“三公”经费支出决算表", "“Three public” expenses", "three_public",
        r"(部门)?(一般公共预算)?财政拨款[\"“”]?三公[\"“”]?经费(及会议费[、,，]?培训费)?(支出)?"
        r"(预)?决算表",
        (
            C("total", "合计", "total of the three public expenses", r"合计", 2),
            C("overseas", "因公出国（境）费", "official travel abroad", r"出国"),
            C("vehicles", "公务用车购置及运行维护费", "official vehicles: purchase and operation",
              r"公务用车|小计$", 1),
            C("vehicle_purchase", "公务用车购置费", "purchase of official vehicles",
              r"车购置费$|(?<!及)购置费$"),
            C("vehicle_operation", "公务用车运行维护费", "operation of official vehicles",
              r"(?<!及)运行维护费$|运行费$"),
            C("reception", "公务接待费", "official reception", r"接待"),
            # Printed by templates that add them (财政拨款“三公”经费及会议费、培训费支出决算表).
            C("meetings", "会议费", "meetings (templates that print them)", r"会议费",
              optional=True),
            C("training", "培训费", "training (templates that print them)", r"培训费",
              optional=True),
            # A template that adds 会议费 and 培训费 prints the 三公 subtotal (“三公”经费小计,
            # read as `total`) and a 合计 of all five: read as `grand_total` (the row parser
            # names it so when it finds the subtotal).
            C("grand_total", "合计（含会议费、培训费）", "三公 + meetings + training (templates "
              "that print them)", r"^三公会议培训合计$", optional=True),
        ),
        "Budget and actual of the three public expenses; one row for the budget, one for the "
        "actual.",
    ),
    TableSpec(
        "fiscal_appropriation_expenditure", "财政拨款支出决算表",
        "Fiscal appropriation expenditure", "coded",
        r"(部门|高等学校)?财政拨款支出决算(明细)?表",
        (
            C("total", "合计", "total", r"合计|小计|^本年支出$|决算数", 1),
            C("capital_construction", "其中：基本建设资金支出",
              "of which capital construction (part of project expenditure)", r"基本建设",
              optional=True, part_of="project"),
            C("basic", "基本支出", "basic expenditure", r"基本支出"),
            C("project", "项目支出", "project expenditure", r"项目支出"),
        ),
        "All fiscal appropriations (general budget and government funds) by function code, "
        "basic vs project (the university template's fourth table).",
    ),
)}


# Budget documents (部门预算): the tables of a second kind of document, in the same registry.
# Their titles vary more than the final accounts' (收支总表, 收支预算总表, 收支总体情况表 …),
# may carry a classification note （功能科目） / （按经济分类科目）, and never say 决算.
_CLASS_NOTE = r"([（(]按?(支出)?(功能|经济)(分类)?科目[）)])?"
_BUDGET_AMOUNT = C("amount", "本年预算", "budget of the line", r"金额|预算|^\d+$")


def _bt(pattern: str) -> str:
    """A budget title: (部门) + the words + 表 + an optional classification note."""
    return rf"(部门)?{pattern}表{_CLASS_NOTE}"


# 基本支出/项目支出 by function code (类/款/项): the general-budget, fund and state-capital
# tables of a budget, and the all-fiscal one of the Jiangsu/university templates.
# (Jiangsu prints the amount alone, 金额: its 基本/项目 are not missing, and not 0.)
_BUDGET_SPENDING = (
    C("total", "合计", "total", r"合计|小计|总计|金额|预算|^\d+$", 1),
    C("basic", "基本支出", "basic expenditure", r"基本支出", optional=True),
    C("project", "项目支出", "project expenditure", r"项目支出", optional=True),
)

# The basic-expenditure tables by economic code: their one amount may be headed 基本支出.
_BUDGET_BASIC_TOTAL = (C("total", "合计", "total", r"合计|小计|总计|金额|预算|^基本支出$|^\d+$", 1),)

BUDGET_TABLES: dict[str, TableSpec] = {t.id: t for t in (
    TableSpec(
        "budget_income_expenditure_summary", "收支预算总表", "Budget: income and expenditure "
        "summary", "summary", _bt(r"(部门)?收(入)?支(出)?(预算)?总(体情况)?"),
        (_BUDGET_AMOUNT,),
        "Two-sided summary of the budget: income by source, expenditure by function class "
        "or by kind (基本/项目), carry-overs, totals.",
        expenditure_columns=(
            C("amount", "本年预算", "budget of the line (by function class, or the only "
              "column)", r"功能分类|金额|预算|^\d+$"),
            C("by_use", "支出用途", "budget of the line by use (基本/项目), where printed beside "
              "the function classes", r"支出用途", optional=True),
        ),
        document="budget",
    ),
    TableSpec(
        "budget_income", "收入预算总表", "Budget: income", "coded",
        _bt(r"收入(预算)?(总体情况|总|情况)?"),
        (
            C("total", "合计", "total income", r"合计|总计|^本年收入", 1),
            C("general_budget_funds", "其中：经费拨款", "of which 经费拨款 (part of the "
              "general-budget appropriation)", r"其中\S*经费拨款", optional=True,
              part_of="general_budget"),
            C("general_budget", "一般公共预算", "general public budget appropriation",
              r"一般公共预算|本级财政拨款|财政拨款收入$|财政拨款$|^财政拨款收入"
              r"一般公共预算$", 2),
            C("government_fund", "政府性基金预算", "government fund appropriation",
              r"政府性基金"),
            C("state_capital", "国有资本经营预算", "state capital operation appropriation",
              r"国有资本"),
            C("special_account_tuition", "财政专户：教育收费", "special-account income: tuition "
              "(templates that print it apart)", r"专户\S*教育收费", optional=True),
            C("special_account_other", "财政专户：其他", "special-account income: other "
              "(templates that print it apart)", r"其他专户", optional=True),
            C("special_account", "财政专户管理资金", "funds managed in special fiscal "
              "accounts", r"财政专户|专户"),
            C("business_tuition", "其中：教育收费", "of which tuition (part of business or "
              "special-account income)", r"教育收费", optional=True, part_of="business"),
            C("business", "事业收入", "income from public-service activities", r"事业收入"),
            C("operating", "事业单位经营收入", "operating income", r"经营"),
            C("superior_subsidy", "上级补助收入", "subsidy from the superior unit", r"上级补助"),
            C("subsidiary_remittance", "附属单位上缴收入", "remittances from subsidiary units",
              r"附属单位"),
            C("other", "其他收入", "other income", r"其[他它]"),
            C("carried_over", "上年结转", "carried over from the previous year", r"上年结转"),
        ),
        "Budget income by function code or unit, by source.",
        document="budget",
    ),
    TableSpec(
        "budget_expenditure", "支出预算总表", "Budget: expenditure", "coded",
        _bt(r"(本年)?支出(预算)?(总体情况|总|情况)?"),
        (
            C("total", "合计", "total expenditure", r"合计|总计|^本年支出", 1),
            C("basic", "基本支出", "basic expenditure", r"基本支出"),
            C("project", "项目支出", "project expenditure", r"项目支出"),
            C("reserve", "单位预留机动经费", "the unit's reserve", r"预留|机动",
              optional=True),
            C("operating", "事业单位经营支出", "operating expenditure", r"经营支出"),
            C("subsidy_subsidiary", "对附属单位补助支出", "subsidies to subsidiary units",
              r"附属单位"),
            C("remit_superior", "上缴上级支出", "remittances to the superior unit", r"上缴上级"),
            C("carry_forward", "结转下年", "carried to the next year", r"结转下年",
              optional=True),
            C("note", "备注", "remarks (no amounts)", r"备注", optional=True),
        ),
        "Budget expenditure by function code, basic vs project (and other kinds).",
        document="budget",
    ),
    TableSpec(
        "budget_fiscal_summary", "财政拨款收支预算总表", "Budget: fiscal appropriation "
        "summary", "summary", _bt(r"财政拨款收(入)?支(出)?(预算)?总(体情况)?"),
        (_BUDGET_AMOUNT,),
        "Two-sided summary of the fiscal appropriations in the budget; expenditure lines "
        "split by fund type where printed.",
        expenditure_columns=(
            C("total", "合计", "total of the fund types", r"合计|小计|金额|预算|^\d+$", 1),
            C("general_budget", "一般公共预算", "general public budget", r"一般公共预算"),
            C("government_fund", "政府性基金预算", "government fund", r"政府性基金"),
            C("state_capital", "国有资本经营预算", "state capital operation", r"国有资本"),
        ),
        document="budget",
    ),
    TableSpec(
        "budget_fiscal_expenditure", "财政拨款支出预算表", "Budget: fiscal appropriation "
        "expenditure", "coded", _bt(r"财政拨款支出(预算)?(情况)?"), _BUDGET_SPENDING,
        "All fiscal appropriations by function code (Jiangsu, universities).",
        document="budget",
    ),
    TableSpec(
        "budget_fiscal_basic_expenditure", "财政拨款基本支出预算表", "Budget: fiscal "
        "appropriation basic expenditure by economic code", "coded",
        _bt(r"财政拨款基本支出(预算)?(情况)?"), _BUDGET_BASIC_TOTAL + (
            C("personnel", "人员经费", "personnel costs", r"人员", optional=True),
            C("public", "公用经费", "running costs", r"公用", optional=True)),
        "Basic expenditure of all fiscal appropriations by economic code (Jiangsu).",
        document="budget",
    ),
    TableSpec(
        "budget_general_expenditure", "一般公共预算支出表", "Budget: general public budget "
        "expenditure", "coded", _bt(r"一般公共预算(拨款)?支出(预算)?(情况)?"), _BUDGET_SPENDING,
        "General-budget expenditure by function code, basic vs project.",
        document="budget",
    ),
    TableSpec(
        "budget_basic_expenditure", "一般公共预算基本支出表", "Budget: general public budget "
        "basic expenditure by economic code", "coded",
        _bt(r"一般公共预算(拨款)?基本支出(预算)?(情况)?"), _BUDGET_BASIC_TOTAL + (
            C("personnel", "人员经费", "personnel costs", r"人员", optional=True),
            C("public", "公用经费", "running costs", r"公用", optional=True)),
        "Basic expenditure by economic code (类 3 digits, 款 5), 人员经费 and 公用经费 where "
        "printed.",
        document="budget",
    ),
    TableSpec(
        "budget_project_economic", "一般公共预算项目支出表（按经济分类科目）", "Budget: general "
        "public budget project expenditure by economic code", "coded",
        _bt(r"一般公共预算(拨款)?项目支出(预算)?(情况)?"), _BUDGET_SPENDING[:1],
        "Project expenditure by economic code (Guangdong).",
        document="budget",
    ),
    TableSpec(
        "budget_three_public", "一般公共预算“三公”经费支出表", "Budget: “three public” "
        "expenses", "three_public",
        r"(部门)?(一般公共预算|财政拨款(安排的)?)?(行政经费及)?[\"“”]?三公[\"“”]?经费"
        r"([、,，及]?会议费[、,，]?培训费)?(支出)?(预算)?(情况)?表",
        TABLES["three_public"].columns + (
            C("admin", "行政经费", "administrative costs (templates that print them)",
              r"行政经费", optional=True),),
        "The 三公 budget, with 会议费, 培训费 and 行政经费 where printed.",
        document="budget",
    ),
    TableSpec(
        "budget_government_fund", "政府性基金预算支出表", "Budget: government fund "
        "expenditure", "coded",
        _bt(r"(财政拨款)?政府性基金(预算)?(财政拨款)?支出(预算)?(情况)?"), _BUDGET_SPENDING,
        "Government fund budget by function code.",
        document="budget",
    ),
    TableSpec(
        "budget_state_capital", "国有资本经营预算支出表", "Budget: state capital operation "
        "expenditure", "coded", _bt(r"(财政拨款)?国有资本经营(预算)?(财政拨款)?支出(预算)?(情况)?"),
        _BUDGET_SPENDING,
        "State capital operation budget by function code.",
        document="budget",
    ),
    TableSpec(
        "budget_admin_costs", "机关运行经费支出预算表", "Budget: running costs of the "
        "administration", "coded", _bt(r"(一般公共预算)?机关运行经费(支出)?(预算)?(情况)?"),
        (C("total", "机关运行经费", "running costs", r"合计|金额|机关运行经费|预算", 1),),
        "机关运行经费 by economic code (Jiangsu).",
        document="budget",
    ),
)}

# Tables some budget templates print whose rows are projects, units, purchases or targets,
# not classification codes: found by their title (so that the table above ends there and
# they are not taken for another table) and listed, never parsed into rows (kind "listed").
BUDGET_TABLES.update({t.id: t for t in (
    TableSpec("budget_basic_by_unit", "部门预算基本支出预算表（按单位）", "Budget: basic "
              "expenditure by unit", "listed", r"(部门)?(部门预算)?基本支出预算表", (),
              "Basic expenditure by unit and economic class (Guangdong).", document="budget"),
    TableSpec("budget_project_expenditure", "项目支出预算表", "Budget: project expenditure "
              "by project", "listed", r"(部门)?(部门预算)?项目支出(及其他支出)?预算表", (),
              "Project expenditure by project (Guangdong).", document="budget"),
    TableSpec("budget_procurement", "政府采购预算表", "Budget: government procurement",
              "listed", r"(部门)?政府采购(支出)?预算表", (),
              "Government procurement by item (Jiangsu).", document="budget"),
    TableSpec("budget_performance_targets", "绩效目标表", "Budget: performance targets",
              "listed", r"(部门整体支出|项目支出|项目)?绩效目标表", (),
              "Performance targets of projects and of the department (Hunan, universities).",
              document="budget"),
)})
TABLES.update(BUDGET_TABLES)

# The row identities of the final accounts' coded tables: in every row, total = Σ parts (a
# part the table does not print is left out). Declared once: the checks compare them (W2),
# the single-space text reader places amounts by them.
ROW_IDENTITIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "income": ("total", ("fiscal_appropriation", "superior_subsidy", "business", "operating",
                         "subsidiary_remittance", "other")),
    "expenditure": ("total", ("basic", "project", "remit_superior", "operating",
                              "subsidy_subsidiary")),
    "general_budget_expenditure": ("total", ("basic", "project")),
    "fiscal_appropriation_expenditure": ("total", ("basic", "project")),
    "government_fund": ("total", ("basic", "project")),
    "state_capital": ("total", ("basic", "project")),
}

# A summary table's grand total line: 总计 (national templates), 合计 (universities).
GRAND_TOTAL = r"^(总计|合计)$"
# The summary's opening balance line: 年初结转和结余 (national), 上年结转和结余 (universities).
OPENING_BALANCE = r"(年初|上年)结转和结余$"
# A line that details the line above it (其中：捐赠收入): a part, never an addend of a sum.
PART_OF_ABOVE = r"^其中[:：]?"

# The lines of the summary tables the checks read, by canonical id: (side, id) → the pattern
# searched in the printed label (spaces removed). Declared once, for every template's wording,
# so a check asks for `opening_balance`, never for a label of its own.
SUMMARY_LINES: dict[str, dict[tuple[str, str], str]] = {
    "income_expenditure_summary": {  # 收入支出决算总表
        ("income", "fiscal_general"): r"一般公共预算财政拨款收入$",
        ("income", "fiscal_fund"): r"政府性基金预算财政拨款收入$",
        ("income", "fiscal_state_capital"): r"国有资本经营预算财政拨款收入$",
        ("income", "income_total"): r"^本年收入合计$",
        ("income", "non_fiscal_balance_used"): r"使用非财政拨款结余",
        ("income", "opening_balance"): OPENING_BALANCE,
        ("income", "grand_total"): GRAND_TOTAL,
        ("expenditure", "expenditure_total"): r"^本年支出合计$",
        ("expenditure", "balance_distribution"): r"结余分配$",
        ("expenditure", "closing_balance"): r"年末结转和结余$",
        ("expenditure", "grand_total"): GRAND_TOTAL,
    },
    "fiscal_appropriation_summary": {  # 财政拨款收入支出决算总表
        ("income", "fiscal_general"): r"^一、?一般公共预算财政拨款$",
        ("income", "fiscal_fund"): r"^二、?政府性基金预算财政拨款$",
        ("income", "fiscal_state_capital"): r"^三、?国有资本经营预算财政拨款$",
        ("income", "income_total"): r"^本年收入合计$",
        ("income", "opening_balance"): r"^年初财政拨款结转和结余$",
        ("income", "grand_total"): GRAND_TOTAL,
        ("expenditure", "expenditure_total"): r"^本年支出合计$",
        ("expenditure", "closing_balance"): r"^年末财政拨款结转和结余$",
        ("expenditure", "grand_total"): GRAND_TOTAL,
    },
    "budget_income_expenditure_summary": {  # 收支预算总表 (the budgets word them variously)
        ("income", "income_total"): r"^(本年收入合计|当年收入小计|本年收入小计)$",
        ("income", "grand_total"): r"^(收入|支出)?(总计|合计)$",
        ("expenditure", "expenditure_total"): r"^(本年支出合计|当年支出小计|本年支出小计)$",
    },
    "budget_fiscal_summary": {  # 财政拨款收支预算总表
        ("income", "fiscal_general"): r"一般公共预算",
    },
}
# The summary lines that carry balances into the year's totals (年初结转和结余, 结余分配…),
# and, below such a line, its parts by fund type (…财政拨款).
BALANCE_LINES = r"结转和结余|结余分配|使用非财政拨款结余"
BALANCE_BY_FUND = r"财政拨款$"
# The fund lines of the fiscal summary (一、一般公共预算财政拨款 …): fund column → label.
FUND_LINES: dict[str, str] = {"general_budget": "一般公共预算财政拨款",
                              "government_fund": "政府性基金预算财政拨款",
                              "state_capital": "国有资本经营预算财政拨款"}

# Function classification (支出功能分类) 类 codes and names, for the summary tables' lines.
FUNCTION_CLASSES: dict[str, str] = {
    "201": "一般公共服务支出", "202": "外交支出", "203": "国防支出", "204": "公共安全支出",
    "205": "教育支出", "206": "科学技术支出", "207": "文化旅游体育与传媒支出",
    "208": "社会保障和就业支出", "209": "社会保险基金支出", "210": "卫生健康支出",
    "211": "节能环保支出", "212": "城乡社区支出", "213": "农林水支出", "214": "交通运输支出",
    "215": "资源勘探工业信息等支出", "216": "商业服务业等支出", "217": "金融支出",
    "219": "援助其他地区支出", "220": "自然资源海洋气象等支出", "221": "住房保障支出",
    "222": "粮油物资储备支出", "223": "国有资本经营预算支出", "224": "灾害防治及应急管理支出",
    "227": "预备费", "229": "其他支出", "230": "转移性支出", "231": "债务还本支出",
    "232": "债务付息支出", "233": "债务发行费用支出", "234": "抗疫特别国债安排的支出",
}

# Economic classification (部门预算支出经济分类) 类: 人员经费 = 301 + 303, the rest 公用经费.
ECONOMIC_CLASSES: dict[str, str] = {
    "301": "工资福利支出", "302": "商品和服务支出", "303": "对个人和家庭的补助",
    "307": "债务利息及费用支出", "309": "资本性支出（基本建设）", "310": "资本性支出",
    "311": "对企业补助（基本建设）", "312": "对企业补助", "313": "对社会保障基金补助",
    "399": "其他支出",
}
PERSONNEL_CLASSES = ("301", "303")

# Summary-table income lines → the income-table source column they report.
SUMMARY_INCOME_SOURCES: dict[str, str] = {
    "一般公共预算财政拨款": "fiscal_appropriation", "政府性基金预算财政拨款": "fiscal_appropriation",
    "国有资本经营预算财政拨款": "fiscal_appropriation", "上级补助收入": "superior_subsidy",
    "事业收入": "business", "经营收入": "operating", "附属单位上缴收入": "subsidiary_remittance",
    "其他收入": "other",
}

def code_level(code: str) -> str:
    """类 (3 digits), 款 (5), 项 (7) of a classification code."""
    return {3: "类", 5: "款", 7: "项"}.get(len(code), "")


def column_zh(table_id: str, column: str) -> str:
    """The Chinese name of a canonical column, for messages a finance officer reads."""
    spec = TABLES.get(table_id)
    if spec is None:
        return column
    for c in spec.columns + spec.expenditure_columns:
        if c.id == column:
            return c.zh
    return column
