"""The panel's resources and fields: the resources of `schema.RESOURCES` every document has,
stacked, each row carrying the key columns described here once; plus the per-document
metrics the panel computes. Parquet types follow the Frictionless types: number → exact
decimal128(38, s), s the most decimals any value of the column prints (money stays exact,
never a float), integer → int64, boolean → bool, string → string."""

from __future__ import annotations

from ..metadata.fields import RESOURCES, Field, Resource

KEY_FIELDS: tuple[Field, ...] = (
    Field("department_id", "string", "department id (manifest, or derived from the file name)"),
    Field("department", "string", "department as the document's title names it"),
    Field("year", "integer", "year of the accounts (the Parquet files' partition: year=YYYY)"),
    Field("source_sha256", "string", "sha256 of the source document the row was built from"),
)
KEYS = [f.name for f in KEY_FIELDS]

# Every resource that holds data of one document, in the order build writes them.
PANEL_RESOURCES: tuple[str, ...] = tuple(
    name for name in RESOURCES
    if name in ("facts", "budget_execution", "narrative_facts", "three_public_details",
                "findings") or name.startswith("performance_"))

METRICS = Resource(
    "metrics", "metrics/",
    "Headline figures of each document computed from its facts: income and expenditure "
    "totals, basic and project spending, the share of 项目支出, 三公 budget and actual.",
    (
        Field("metric", "string", "income_total, expenditure_total, expenditure_basic, "
              "expenditure_project, project_share_pct, three_public_budget, "
              "three_public_actual (analysis.headline: the figures the reports show)"),
        Field("value", "number", "the figure (empty: the table or cell was not printed)", ""),
        Field("unit", "string", "万元, or % for project_share_pct (one decimal, half up), "
              "pi1_pct and pi2_pct"),
        Field("basis", "string", "where the figure comes from: tables (the document's own), "
              "or for pi1_pct and pi2_pct (final accounts) the budget they are measured "
              "against: published budget (部门预算, where the corpus pairs one) or stated "
              "年初预算 (the final accounts' own narrative)"),
    ),
)

# Corpus-level resources, written after every document is built (a pair needs both of its
# documents): a budget beside its final accounts, line by line, and every pair. Their rows
# carry the final accounts' keys, and the budget's id and sha256.
BUDGET_KEY_FIELDS: tuple[Field, ...] = tuple(
    f for f in RESOURCES["pairs"].fields if f.name in ("budget_department_id", "budget_sha256"))
PAIR_RESOURCES: dict[str, Resource] = {
    "budget_vs_final": Resource(
        "budget_vs_final", "budget_vs_final/", RESOURCES["budget_vs_final"].description,
        (*BUDGET_KEY_FIELDS, *(f for f in RESOURCES["budget_vs_final"].fields
                               if f.name not in ("department_id", "department", "year")))),
    "pairs": RESOURCES["pairs"],
}


def resource(name: str) -> Resource:
    return METRICS if name == "metrics" else PAIR_RESOURCES.get(name) or RESOURCES[name]
