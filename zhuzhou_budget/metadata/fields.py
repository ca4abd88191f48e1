"""Every output resource and its fields, described once (cf. PUDL's RESOURCE_METADATA).

`build` writes each resource's CSV with these columns in this order and describes it in
`datapackage.json` from here; the frames the transform stage returns take their column order
from here too. The nine tables' amount columns are described by `metadata.TABLES` (their
ColumnSpec), and their leading columns by `TABLE_COLUMNS` below.

A field's `unit` is None where the resource's default applies (万元 for a number of a resource
that holds money), "" where it has none, or a unit of its own ("%", "分").
"""

from __future__ import annotations

from dataclasses import dataclass

from .tables import UNIT


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # Frictionless type: string | number | integer | boolean
    description: str
    unit: str | None = None
    # A verdict (does a stated figure agree with its parts?) is made by the checks stage and
    # joined in by build; the transform stage's frame has no such column.
    verdict: bool = False

    def descriptor(self, money: bool) -> dict:
        unit = self.unit if self.unit is not None else (
            UNIT if money and self.type == "number" else "")
        return {"name": self.name, "type": self.type, "description": self.description,
                **({"unit": unit} if unit else {})}


@dataclass(frozen=True)
class Resource:
    name: str  # resource id (snake_case); the descriptor spells it with hyphens
    path: str  # relative to the output folder
    description: str
    fields: tuple[Field, ...]
    source: str = ""  # the Disclosure attribute that holds it ("performance.overall")
    money: bool = True  # numbers are 万元 unless a field says otherwise

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    @property
    def extracted_columns(self) -> list[str]:
        """The columns the transform stage fills: all but the checks stage's verdicts."""
        return [f.name for f in self.fields if not f.verdict]


F = Field

# Where a figure was stated: shared by the performance resources.
_WHERE = (F("section", "string", "section key"),
          F("line", "integer", "source line of the figure (or of the statement)"),
          F("text", "string", "the source sentence"))


def _performance(name: str, description: str, *fields: Field) -> Resource:
    return Resource(f"performance_{name}", f"performance/{name}.csv", description,
                    (*fields, *_WHERE), f"performance.{name}")


_RESOURCES: tuple[Resource, ...] = (
    Resource(
        "facts", "facts.csv",
        "All printed cells of the nine tables, one row per (table, row, column).",
        (
            F("table", "string", "canonical table id"),
            F("code", "string",
              "function or economic classification code; empty for totals and lines"),
            F("item", "string", "row label as printed"),
            F("column", "string", "canonical column id"),
            F("amount", "number", "amount in 万元 with the published decimals; empty = blank cell"),
            F("unit", "string", "unit of amount (always 万元; converted explicitly from 元/亿元)"),
            F("level", "string", "total | 类 | 款 | 项 | line | budget | actual"),
            F("side", "string", "summary tables: income or expenditure side; empty elsewhere"),
            F("line", "integer", "summary tables: printed 行次"),
            F("row", "integer", "row number within the table as published (1-based)"),
            F("source_unit", "string", "unit declared by the table"),
            F("source_line", "integer", "line in the source text"),
        ),
        "facts",
    ),
    Resource(
        "budget_execution", "budget_execution.csv",
        "Budget execution items of the narrative (一般公共预算/政府性基金 具体情况): names, "
        "matched function code, stated 年初预算 and 决算 (converted to 万元, unit as written "
        "kept), the table's 决算, completion rate stated and recomputed, direction, reason.",
        (
            F("fund", "string", "general_budget or government_fund"),
            F("no", "integer", "item number as printed"),
            F("code", "string", "function code (项), found by matching the names against the "
              "table"),
            F("class_name", "string", "类 name as written in the narrative"),
            F("kuan_name", "string", "款 name as written"),
            F("item_name", "string", "项 name as written"),
            F("table_class_name", "string", "类 name in the table for the code"),
            F("table_kuan_name", "string", "款 name in the table"),
            F("table_item_name", "string", "项 name in the table"),
            F("name_mismatch", "string", "levels whose written name differs from the table (类, "
              "款, 项); 'unmatched' when no code was found"),
            F("budget_initial", "number", "年初预算 as stated, converted to 万元"),
            F("actual", "number", "决算 from the table (the authoritative figure)"),
            F("stated_actual", "number", "决算 as stated in the narrative, converted to 万元"),
            F("stated_unit", "string", "unit the stated 决算 was written in (empty: none "
              "written)"),
            F("completion_rate_stated", "number", "完成年初预算的 … % as stated", "%"),
            F("completion_rate", "number",
              "recomputed: actual / budget_initial × 100 (2 decimals)", "%"),
            F("direction", "string", "大于 / 小于 / 等于 / 一致 … as written"),
            F("reason", "string", "the stated reason"),
            F("section", "string", "section key"),
            F("line", "integer", "source line of the stated 决算"),
            F("text", "string", "the item as written (names and statement)"),
        ),
        "budget_execution",
    ),
    Resource(
        "narrative_facts", "narrative_facts.csv",
        "Every figure stated in the narrative (情况说明) and the performance report, long: "
        "subject, measure, value as printed with its unit, value in 万元 for money, the table "
        "cell it is about, and the source section, line and sentence. Vocabulary: README.",
        (
            F("section", "string", "section key (as in sections.json) the figure was stated in"),
            F("line", "integer", "source line of the number"),
            F("subject", "string", "what the figure is about (vocabulary: README, Narrative "
              "data)"),
            F("measure", "string", "amount, actual, budget_initial, change, growth_rate, share, "
              "…"),
            F("value", "number", "the number as printed, sign applied (its unit is in `unit`)",
              ""),
            F("unit", "string", "unit as written (万元, 元, %, 个, 人次, …); empty where none is "
              "written"),
            F("value_wan", "number", "money converted to 万元 explicitly; empty for non-money"),
            F("derived", "boolean", "true for values computed from stated ones "
              "(prior_year_implied, …)"),
            F("table", "string", "canonical table of the cell the figure is about, where "
              "determinable"),
            F("code", "string", "classification code of that cell"),
            F("column", "string", "canonical column of that cell"),
            F("basis", "string", "shares: subject it is a share of; rates: the measure it is "
              "relative to"),
            F("text", "string", "the source sentence"),
        ),
        "narrative_facts",
    ),
    Resource(
        "three_public_details", "three_public_details.csv",
        "三公: trips abroad and receptions as stated (groups, persons, destinations, purpose).",
        (
            F("item", "string", "overseas (因公出国（境）) or reception (公务接待)"),
            F("groups", "integer", "团组 as stated"),
            F("persons", "integer", "人次 as stated"),
            F("destinations", "string", "destinations as written, separated by 、"),
            F("purpose", "string", "the stated purpose or content"),
            F("section", "string", "section key"),
            F("line", "integer", "source line of the sentence"),
            F("text", "string", "the source sentence"),
        ),
        "three_public_details",
    ),
    Resource(
        "glossary", "glossary.csv", "名词解释: the glossary, one row per term.",
        (
            F("no", "integer", "number as printed"),
            F("term", "string", "the term as written"),
            F("definition", "string", "its definition"),
            F("section", "string", "section key"),
            F("line", "integer", "source line of the term"),
        ),
        "glossary",
    ),
    Resource(
        "profile", "profile.csv", "概况: duties, internal bodies and the units whose "
        "accounts are consolidated, one row each.",
        (
            F("field", "string", "duty, internal_body or consolidated_unit"),
            F("no", "integer", "position (the printed number for duties)"),
            F("value", "string", "the duty, body or unit as written"),
            F("section", "string", "section key"),
            F("line", "integer", "source line"),
            F("text", "string", "the source paragraph"),
        ),
        "profile",
    ),
    _performance(
        "overall", "Performance evaluation, overall: 全年预算数, 执行数, completion rate, score "
        "and grade as stated.",
        F("budget_full_year", "number", "全年预算数 as stated"),
        F("actual", "number", "执行数 as stated"),
        F("completion_rate_stated", "number", "completion rate as stated", "%"),
        F("completion_rate", "number", "recomputed: actual / budget_full_year × 100", "%"),
        F("score", "number", "self-evaluation score (out of 100)", "分"),
        F("grade", "string", "grade as written (优, 良, …)"),
        F("evaluated", "string", "the unit evaluated, as written"),
    ),
    _performance(
        "coverage", "Performance evaluation coverage: projects and funds evaluated by fund type.",
        F("fund", "string", "all, general_budget, government_fund or state_capital"),
        F("projects", "integer", "number of projects evaluated"),
        F("amount", "number", "funds evaluated"),
        F("share", "number", "share of the fund type's spending", "%"),
        F("share_basis", "string", "subject the share is of"),
    ),
    _performance(
        "achievements", "Achievements (一是…) of the performance evaluation, one row per stated "
        "indicator (one row without indicator where none is stated).",
        F("no", "integer", "number of the achievement (一是 = 1)"),
        F("statement", "string", "the achievement's opening clause"),
        F("indicator", "string", "words naming the figure (empty: no figure stated)"),
        F("value", "number", "the figure as printed (its unit is in `unit`)", ""),
        F("unit", "string", "unit as written"),
        F("qualifier", "string", "余, 约, 以上, +, 第 … as written"),
    ),
    _performance(
        "problems", "Problems found by the performance evaluation, with their stated causes.",
        F("no", "integer", "number of the problem"),
        F("problem", "string", "the problem"),
        F("cause", "string", "its stated cause"),
    ),
    _performance(
        "measures", "Improvement measures of the performance evaluation.",
        F("no", "integer", "number of the measure"),
        F("measure", "string", "the improvement measure"),
    ),
    _performance(
        "budget_vs_actual", "The performance report's budget versus actual by kind of spending "
        "(基本支出, 项目支出, 政府性基金…).",
        F("kind", "string", "basic, project, government_fund, state_capital, social_insurance"),
        F("budget_initial", "number", "年初预算 as stated"),
        F("actual", "number", "决算数 as stated"),
        F("completion_rate_stated", "number", "as stated", "%"),
        F("completion_rate", "number", "recomputed: actual / budget_initial × 100", "%"),
    ),
    _performance(
        "projects", "Projects of the performance report's lists (年初预算项目, 年中追加项目, "
        "公共专项) with their stated budget, actual and adjustment.",
        F("list", "string", "initial (年初预算项目), midyear (年中追加项目), public_special "
          "(公共专项)"),
        F("no", "integer", "number of the project in its list"),
        F("name", "string", "project name as written"),
        F("budget_initial", "number", "年初预算 as stated"),
        F("actual", "number", "实际支出 / 项目支出 as stated"),
        F("adjustment", "number", "调整 as stated"),
    ),
    _performance(
        "project_lists", "Each project list with the count and totals its text states, the sums "
        "of its listed projects, and whether they agree within rounding.",
        F("list", "string", "initial, midyear or public_special"),
        F("no", "integer", "number of the list as printed"),
        F("title", "string", "the list's name as written"),
        F("stated_count", "integer", "number of projects the text states"),
        F("listed_count", "integer", "number of projects listed"),
        F("count_matches", "boolean", "stated_count = listed_count", verdict=True),
        F("stated_budget_initial", "number", "stated budget of the list"),
        F("listed_budget_initial", "number", "sum of the listed projects' budgets"),
        F("budget_matches", "boolean", "equal within rounding (half a unit of the stated "
          "figure's last digit plus each project's, zhuzhou_budget.rounding)", verdict=True),
        F("stated_actual", "number", "stated actual of the list"),
        F("listed_actual", "number", "sum of the listed projects' actuals"),
        F("actual_matches", "boolean", "equal within rounding", verdict=True),
        F("stated_adjustment", "number", "stated adjustment of the list"),
        F("listed_adjustment", "number", "sum of the listed projects' adjustments"),
        F("adjustment_matches", "boolean", "equal within rounding", verdict=True),
    ),
    Resource(
        "budget_vs_final", "budget_vs_final.csv",
        "A published budget (部门预算) beside the final accounts (部门决算) of the same "
        "department and year, line by line (zhuzhou_budget.analysis.budget_vs_final): all "
        "funds' 本年支出合计 with 基本/项目, the general public budget's 合计 with 基本/项目 "
        "and by function code, and the 三公 by part.",
        (
            F("department_id", "string", "department id (manifest slug)"),
            F("department", "string", "department name"),
            F("year", "integer", "year of the budget and of the accounts"),
            F("fund", "string", "部门支出 (all funds) | 一般公共预算 | 三公经费"),
            F("code", "string", "function code (类/款/项), 合计, a headline line "
              "(expenditure_total/_basic/_project, general_basic/_project) or the 三公 "
              "column id"),
            F("level", "string", "headline | total | 类 | 款 | 项 | 三公"),
            F("item", "string", "line name as printed"),
            F("published_budget", "number", "the budget as published (部门预算)"),
            F("stated_budget", "number",
              "the 年初预算 the final accounts state for the line (blank where not stated)"),
            F("actual", "number", "决算: the final accounts' table"),
            F("variance", "number", "actual − published budget"),
            F("rate_pct", "number", "actual / published budget × 100", unit="%"),
            F("stated_matches_published", "boolean",
              "the stated 年初预算 equals the published budget within rounding", verdict=True),
        ),
    ),
    Resource(
        "pairs", "pairs/",
        "Every budget (部门预算) and final accounts (部门决算) of one department and year the "
        "corpus paired, or tried to and could not (with why): one row per pair or refused "
        "pair, one per budget with no final accounts. Key columns are the final accounts' "
        "(the budget's where there is none). Pairing rule: docs/corpus.md.",
        (
            F("status", "string", "paired | not_paired (see reason) | no_final_accounts"),
            F("matched_by", "string", "department_id (the ids agree once the words budget, "
              "final, accounts are left out) | department (the printed names agree); empty "
              "when no final accounts were found"),
            F("reason", "string", "why the two are not paired (empty when paired)"),
            F("final_source", "string", "the final accounts, as documents.csv names them"),
            F("budget_source", "string", "the budget, as documents.csv names it"),
            F("budget_department_id", "string", "the budget's department id"),
            F("budget_department", "string", "the department as the budget's title names it"),
            F("budget_sha256", "string", "sha256 of the budget document"),
            F("lines", "integer", "rows of budget_vs_final for the pair"),
            F("disagreements", "integer", "lines whose stated 年初预算 differs from the "
              "published budget beyond rounding (findings BF1.restated_budget)"),
            F("pi1_budget_pct", "number", "PEFA PI-1 on the published budget", "%"),
            F("pi1_budget_band", "string", "its band (A–D)"),
            F("pi1_stated_pct", "number", "PEFA PI-1 on the 年初预算 the final accounts state",
              "%"),
            F("pi1_stated_band", "string", "its band (A–D)"),
            F("pi2_budget_pct", "number", "PEFA PI-2 (over the 类) on the published budget",
              "%"),
            F("pi2_stated_pct", "number", "PEFA PI-2 (over the 类 of the stated 项) on the "
              "stated 年初预算", "%"),
        ),
    ),
    Resource(
        "tables_read", "tables_read.csv",
        "What was read of each table (zhuzhou-budget tables FILE): one row per table of the "
        "document's template, then any other table found or named, in the template's order.",
        (
            F("table", "string", "canonical table id (metadata.TABLES)"),
            F("zh", "string", "the table's canonical Chinese title"),
            F("title", "string", "the title as printed (empty when not found)"),
            F("template", "string", "the document's template (metadata.TEMPLATES)"),
            F("in_template", "boolean", "the template has this table"),
            F("pages", "string", "pages the table is printed on (first–last; PDF or paged text)"),
            F("first_line", "integer", "line of its title in the source"),
            F("rows", "integer", "rows read"),
            F("columns", "string", "canonical columns recognised, with their printed labels"),
            F("status", "string", "parsed | partial (read, but totals missing or a repeated "
              "total disagrees) | unparsed (found, not read: see reason) | missing (of its "
              "template, not found) | not_in_template"),
            F("reason", "string", "why a table is partial, unparsed, missing or not in the "
              "template"),
        ),
        money=False,
    ),
    Resource(
        "findings", "findings.csv",
        "Reconciliation findings (zhuzhou_budget.reconcile): every identity that did not come "
        "out equal, with its evidence; numbers are 万元, or percentage points for rates and "
        "shares.",
        (
            F("check", "string", "check id (see README: Reconciliation checks)"),
            F("family", "string",
              "within | across | narrative | logic | completeness | performance"),
            F("severity", "string",
              "error | warning | rounding (within the rounding tolerance) | info"),
            F("message", "string", "what was compared, in Chinese, with the check id"),
            F("expected", "number", "expected value (sum of the compared terms, or recomputed)"),
            F("actual", "number", "value as printed"),
            F("difference", "number", "actual − expected"),
            F("tolerance", "number",
              "rounding tolerance: half a unit of each printed term's last digit"),
            F("table", "string", "canonical table id of the printed value"),
            F("code", "string", "row: classification code, total label or 行次"),
            F("column", "string", "canonical column id"),
            F("section", "string", "narrative section key"),
            F("line", "integer", "line in the source text"),
            F("page", "integer", "page of the source (PDF input)"),
            F("excerpt", "string", "source sentence"),
            F("terms", "string", "every printed term compared: table/row/column=value; …"),
        ),
        money=False,
    ),
)

RESOURCES: dict[str, Resource] = {r.name: r for r in _RESOURCES}

# Performance frames, in the order the report and the build list them.
PERFORMANCE_FRAMES: tuple[str, ...] = tuple(
    r.name.removeprefix("performance_") for r in _RESOURCES if r.name.startswith("performance_"))

# The leading (non-amount) columns of each table kind, before its amount columns and
# `source_line`; each described once here.
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "coded": ("row", "code", "item", "level"),
    "summary": ("row", "side", "line", "code", "item"),
    "economic": ("row", "code", "item", "level", "category"),
    "three_public": ("row", "level", "item"),
}
TABLE_FIELDS: dict[str, Field] = {f.name: f for f in (
    F("row", "integer", "row number within the table as published"),
    F("code", "string", "classification code"),
    F("item", "string", "row label as printed"),
    F("level", "string", "total | 类 | 款 | 项 | line | budget | actual"),
    F("side", "string", "income or expenditure side"),
    F("line", "integer", "printed 行次"),
    F("category", "string", "人员经费 or 公用经费"),
    F("source_line", "integer", "line in the source text"),
)}

# Findings the corpus makes of a pair (a budget and the final accounts of one department and
# year), not of one document: the check registry holds one document's checks, so a pair's are
# declared here (id → what it finds); the corpus adds them to the final accounts' findings
# (family narrative: the final accounts' statement against the budget's table).
PAIR_FINDINGS: dict[str, str] = {
    "BF1.restated_budget": "the final accounts state a 年初预算 for a line other than the "
                           "published budget (部门预算) prints, beyond rounding",
}

SECTIONS_DESCRIPTION = "Narrative sections keyed by heading, with source lines"


def columns(resource: str) -> list[str]:
    """The column order of a resource's frame and CSV."""
    return RESOURCES[resource].columns
