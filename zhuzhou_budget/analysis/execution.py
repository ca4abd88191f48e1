"""Budget execution for one disclosure: every stated 项 against its 年初预算, PEFA PI-1 and PI-2,
机关运行经费, and the budget basis behind every budget-vs-actual figure the document gives.

Inputs are the parsed tables and the extracted narrative (`d.budget_execution`,
`d.narrative_facts`, `d.performance`); nothing is read from text here.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from .reasons import categories, label
from .variance import by_level, completion, pi1, pi2, ratio

ZERO = Decimal(0)
# The columns of `items` and `by_category`, kept when a document states no item (a budget, a
# template without the narrative's 项): an empty frame still names what it would hold.
ITEM_COLUMNS = ["rank", "no", "code", "class_name", "kuan_name", "item_name", "budget_initial",
                "actual", "completion_rate", "variance", "relative_variance",
                "completion_rate_stated", "stated_actual", "stated_unit", "unit_slip",
                "name_mismatch", "direction", "reason", "category", "类别", "categories", "line"]
CATEGORY_COLUMNS = ["category", "类别", "items", "budget_initial", "actual", "variance", "codes"]


def total(values) -> Decimal:
    """Σ of the amounts given, a blank (not stated: a blank template's 年初预算为 万元) left out."""
    return sum((v for v in values if v is not None), ZERO)


def items(d, fund: str = "general_budget") -> pd.DataFrame:
    """The stated 项 of one fund with completion rate, absolute and relative variance and the
    reason's category, ranked by absolute variance (largest first).

    `actual` is the table's amount for the code; `stated_actual`/`stated_unit` are what the
    sentence says (a 元 there beside a 万元 table value is a unit slip, flagged as `unit_slip`).
    """
    be = d.budget_execution
    be = be[be["fund"] == fund].copy()
    rows = []
    for _, r in be.iterrows():
        c = completion(r["budget_initial"], r["actual"])
        cats = categories(r["reason"])
        rows.append({
            "no": r["no"], "code": r["code"], "class_name": r["class_name"],
            "kuan_name": r["table_kuan_name"] or r["kuan_name"],
            "item_name": r["table_item_name"] or r["item_name"],
            "budget_initial": r["budget_initial"], "actual": r["actual"],
            "completion_rate": c["completion_rate"], "variance": c["variance"],
            "relative_variance": c["relative_variance"],
            "completion_rate_stated": r["completion_rate_stated"],
            "stated_actual": r["stated_actual"], "stated_unit": r["stated_unit"],
            "unit_slip": bool(r["stated_unit"]) and r["stated_unit"] != d.meta.unit,
            "name_mismatch": r["name_mismatch"] or "",
            "direction": r["direction"], "reason": r["reason"],
            "category": cats[0], "类别": label(cats[0]), "categories": ",".join(cats),
            "line": r["line"]})
    out = pd.DataFrame(rows, columns=ITEM_COLUMNS[1:])
    if out.empty:
        return pd.DataFrame(columns=ITEM_COLUMNS)
    out["abs_variance"] = out["variance"].map(abs)
    out = out.sort_values("abs_variance", ascending=False, kind="stable")
    out.insert(0, "rank", range(1, len(out) + 1))
    return out.drop(columns="abs_variance").reset_index(drop=True)


def by_category(table: pd.DataFrame) -> pd.DataFrame:
    """Items, Σ budget, Σ actual and Σ variance per reason category."""
    rows = []
    for cat, g in table.groupby("category", sort=False):
        rows.append({"category": cat, "类别": label(cat), "items": len(g),
                     "budget_initial": total(g["budget_initial"]),
                     "actual": total(g["actual"]), "variance": total(g["variance"]),
                     "codes": "、".join(g["code"])})
    return pd.DataFrame(rows, columns=CATEGORY_COLUMNS).sort_values(
        "variance", ascending=False, key=lambda s: s.map(abs))


def stated(d, subject: str, measure: str):
    """A figure the narrative states (value in 万元 for money), or None."""
    f = d.narrative_facts
    hit = f[(f["subject"] == subject) & (f["measure"] == measure)]
    if hit.empty:
        return None
    row = hit.iloc[0]
    return row["value_wan"] if row["value_wan"] is not None else row["value"]


def aggregate(d, table: pd.DataFrame) -> pd.DataFrame:
    """PI-1 on the bases the document allows, each row saying which budget it uses."""
    gb_budget = stated(d, "general_budget.total", "budget_initial")
    gb = d.tables.get("general_budget_expenditure")
    printed = None if gb is None else gb.loc[gb["level"] == "total", "total"]
    gb_actual = None if printed is None or printed.empty else printed.iloc[0]
    rows = []

    def add(basis: str, budget, actual, note: str):
        if budget is None or actual is None or not budget:
            return
        r = pi1(budget, actual)
        rows.append({"basis": basis, "budget": r.budget, "actual": r.actual,
                     "pi1_pct": r.percent, "band": r.band, "note": note})

    add("一般公共预算 年初预算（说明所述合计）", gb_budget, gb_actual,
        "年初预算：情况说明（三）所述合计；决算：一般公共预算财政拨款支出决算表合计")
    add(f"一般公共预算 年初预算（{len(table)} 项之和）", total(table["budget_initial"]),
        total(table["actual"]), "逐项相加：各项年初预算之和、各项决算（表中数）之和")
    fund = items(d, "government_fund")
    if not fund.empty:
        add("财政拨款合计（一般公共预算 + 政府性基金）年初预算",
            total(table["budget_initial"]) + total(fund["budget_initial"]),
            total(table["actual"]) + total(fund["actual"]),
            "加上政府性基金的逐项年初预算与决算")
    return pd.DataFrame(rows, columns=["basis", "budget", "actual", "pi1_pct", "band", "note"])


def composition(d, table: pd.DataFrame, digits: int):
    """PI-2 over the 类 (digits=3) or 款 (digits=5) of the stated items, with their names."""
    lines = by_level(table.rename(columns={"budget_initial": "budget"}), digits)
    names = dict(zip(d.tables["general_budget_expenditure"]["code"],
                     d.tables["general_budget_expenditure"]["item"], strict=True))
    lines.insert(1, "name", [names.get(c, "") for c in lines["code"]])
    return pi2(lines)


def admin_costs(d) -> pd.DataFrame:
    """机关运行经费: actual, the budget and prior year the stated changes imply, and the rates."""
    f = d.narrative_facts
    a = f[f["subject"] == "admin_costs"]
    if a.empty:
        return pd.DataFrame()

    def get(measure):
        hit = a[a["measure"] == measure]
        return None if hit.empty else hit.iloc[0]["value_wan"] if hit.iloc[0]["unit"] != "%" \
            else hit.iloc[0]["value"]

    actual = get("amount")
    rows = [
        {"comparison": "比年初预算 vs original budget", "base": get("budget_implied"),
         "actual": actual, "change": get("change_vs_budget"),
         "rate_stated_pct": get("rate_vs_budget")},
        {"comparison": "比上年决算 vs prior year", "base": get("prior_year_implied"),
         "actual": actual, "change": get("change"), "rate_stated_pct": get("growth_rate")},
    ]
    for r in rows:
        rr = ratio(r["change"], r["base"]) if r["base"] else None
        r["rate_recomputed_pct"] = None if rr is None else (rr * 100).quantize(Decimal("0.01"))
    return pd.DataFrame(rows)


def admin_costs_units(d) -> pd.DataFrame:
    """The subordinate units' 机关运行经费 the text lists (excluded from the total), as written."""
    f = d.narrative_facts
    u = f[f["subject"].str.startswith("admin_costs.unit.")]
    return pd.DataFrame({"unit_name": u["subject"].str.removeprefix("admin_costs.unit."),
                         "value": u["value"], "unit": u["unit"], "value_wan": u["value_wan"],
                         "line": u["line"]}).reset_index(drop=True)


def bases(d, table: pd.DataFrame, three_public: pd.DataFrame) -> pd.DataFrame:
    """Every budget-vs-actual figure of the document with the budget basis it uses."""
    rows = []

    def add(figure, basis, budget, actual, rate_stated, source):
        r = ratio(actual, budget) if budget else None
        rows.append({"figure": figure, "basis": basis, "budget": budget, "actual": actual,
                     "rate_pct": None if r is None else (r * 100).quantize(Decimal("0.01")),
                     "rate_stated_pct": rate_stated, "source": source})

    add(f"一般公共预算财政拨款支出（{len(table)} 项）", "年初预算 original",
        stated(d, "general_budget.total", "budget_initial"),
        stated(d, "general_budget.total", "actual"),
        stated(d, "general_budget.total", "completion_rate"), "情况说明 五（三）")
    tp = three_public.set_index("component")
    if "total" in tp.index:  # a template without the 三公 table has no such figure
        add("“三公”经费", "全年预算 adjusted（调整后）", tp.loc["total", "budget"],
            tp.loc["total", "actual"], stated(d, "three_public.total", "completion_rate"),
            "三公经费表、情况说明 七")
    ac = admin_costs(d)
    if not ac.empty:
        add("机关运行经费（不含下属非参公事业单位）", "年初预算 original（由所述增减额推算）",
            ac.loc[0, "base"], ac.loc[0, "actual"], None, "情况说明 九")
    perf = d.performance
    if not perf.overall.empty:
        o = perf.overall.iloc[0]
        add("部门整体支出（绩效评价）", "全年预算 adjusted", o["budget_full_year"], o["actual"],
            o["completion_rate_stated"], "情况说明 十三 / 绩效自评")
    for _, r in perf.budget_vs_actual.iterrows():
        if r["budget_initial"] is None:
            continue
        add({"basic": "本级基本支出", "project": "本级项目支出"}.get(r["kind"], r["kind"]),
            "年初预算 original（仅本级 own unit only）", r["budget_initial"], r["actual"],
            r["completion_rate_stated"], "附件 绩效自评报告 二")
    return pd.DataFrame(rows, columns=["figure", "basis", "budget", "actual", "rate_pct",
                                       "rate_stated_pct", "source"])


def bridge(d, table: pd.DataFrame) -> pd.DataFrame:
    """From 年初预算 to 决算 in steps, each with its basis: the original budget of the stated
    items (一般公共预算 and 政府性基金), then — where the performance report states the
    full-year (adjusted) budget of the department — 年中追加与调整 up to it and the part left
    unspent, else one step, the difference. `kind` is start, step, subtotal or end; a step's
    `amount` is signed. Empty when no item states an original budget."""
    fund = items(d, "government_fund")
    parts = [table] + ([fund] if not fund.empty else [])
    if table.empty or all(v is None for v in table["budget_initial"]):
        return pd.DataFrame(columns=["step", "kind", "amount", "basis"])
    budget = sum((total(p["budget_initial"]) for p in parts), ZERO)
    actual_items = sum((total(p["actual"]) for p in parts), ZERO)
    funds = "一般公共预算" + (" + 政府性基金" if not fund.empty else "")
    rows = [{"step": "年初预算 original budget", "kind": "start", "amount": budget,
             "basis": f"情况说明逐项所述年初预算之和（{funds}财政拨款）"}]
    overall = d.performance.overall
    full = None if overall.empty else overall.iloc[0]["budget_full_year"]
    if full is not None:
        done = overall.iloc[0]["actual"]
        rows += [{"step": "年中追加与调整 supplementary and adjustments", "kind": "step",
                  "amount": full - budget, "basis": "全年预算 − 年初预算"},
                 {"step": "全年预算 adjusted budget", "kind": "subtotal", "amount": full,
                  "basis": "绩效自评所述部门整体支出全年预算数"},
                 {"step": "未执行 unspent", "kind": "step", "amount": done - full,
                  "basis": "执行数 − 全年预算"},
                 {"step": "决算 actual", "kind": "end", "amount": done,
                  "basis": "绩效自评所述执行数（部门整体支出）"}]
    else:
        rows += [{"step": "决算 − 年初预算 difference", "kind": "step",
                  "amount": actual_items - budget, "basis": "各项决算之和 − 年初预算之和"},
                 {"step": "决算 actual", "kind": "end", "amount": actual_items,
                  "basis": f"各项决算（表中数）之和（{funds}）"}]
    return pd.DataFrame(rows, columns=["step", "kind", "amount", "basis"])


def largest(table: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The `n` items with the largest actual or original budget, in that order."""
    if table.empty:
        return table
    size = table.apply(lambda r: max(Decimal(r["actual"] or 0), Decimal(r["budget_initial"] or 0)),
                       axis=1)
    return table.assign(_size=size).sort_values("_size", ascending=False, kind="stable") \
        .head(n).drop(columns="_size").reset_index(drop=True)
