# ---
# jupyter:
#   jupytext:
#     notebook_metadata_filter: -jupytext.text_representation.jupytext_version
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 预算执行差异 Budget execution variance
#
# 本笔记本比较**预算（budget）与决算（actual）**：情况说明逐项列出的每一个功能分类“项”的年初预算和支出决算、完成率、差额及所述原因；按透明的关键词规则把原因归类；计算 PEFA（公共支出与财政问责框架）PI-1 总体支出执行率和 PI-2 支出结构偏差；并汇总“三公”经费、机关运行经费和绩效自评报告里的预算执行数字。
#
# **预算口径 budget basis 必须分清**：
#
# | 口径 | 含义 | 本笔记本中用于 |
# |---|---|---|
# | 年初预算 original approved budget | 人大批准的年初预算 | 逐项执行、PI-1、PI-2、机关运行经费 |
# | 全年预算 adjusted budget | 年中追加、调整后的预算 | “三公”经费、绩效自评的整体支出 |
# | 决算 actual | 实际支出（表中数） | 所有比较 |
#
# 完成率 = 决算 / 预算。对年初预算的完成率大大超过 100%，通常说明年中追加了大量预算，而不是“超支”：追加也是按程序批准的，但它意味着年初预算没能反映全年的实际安排。

# %% tags=["parameters"]
year = 2024                # 年度 fiscal year
department = "zhuzhou-zjj" # 部门 id in data/raw/manifest.csv
raw_path = None            # 原始文件 raw file (None: its manifest entry)
output_dir = None          # 输出目录 output folder (None: reports/<year>/<department>/)
manifest = None            # 原始文件清单 raw manifest (None: data/raw/manifest.csv)
corpus = None              # 语料库 built corpus that may pair a published budget (None: data/processed)

# %%
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display

from zhuzhou_budget.analysis import execution as ex
from zhuzhou_budget.analysis import performance as pf
from zhuzhou_budget.analysis import structure
from zhuzhou_budget.analysis.reasons import rules_frame
from zhuzhou_budget.analysis.variance import PI1_BANDS, PI2_BANDS
from zhuzhou_budget.metadata import labels
from zhuzhou_budget.reporting import charts
from zhuzhou_budget.reporting import notebook as nb

# 字体、文件、输出目录 CJK font, the disclosure, the output folder, saved results
ctx = nb.setup(year, department, raw_path, output_dir, manifest,
               notebook="02_budget_execution_variance")
d, out, results = ctx.disclosure, ctx.folder, ctx.results
display(ctx)  # 部门、年度、单位、来源文件 department, year, unit, source file
# A budget alone has no actuals: this report compares a final account with its budget.
applies = not ctx.is_budget
if not applies:
    display(nb.note("本文件是部门预算，只有预算数、没有决算数；预算执行差异比较决算与预算，"
                    "不适用于预算本身，本报告以下各节略去。",
                    "Not applicable: a budget alone has no actuals to compare with it."))

# %% [markdown]
# ## 1. 各数字的预算口径 Which budget each figure uses
#
# 文件里出现的每一组“预算 vs 决算”及其口径。`rate_pct` 是按所列预算和决算重算的完成率，`rate_stated_pct` 是文件所述的完成率。口径不同的完成率不能直接相比。

# %%
if applies:
    table = ex.items(d, "general_budget")
    # 年初预算 stated item by item: what sections 2–5 compare (none in a university's, a blank one)
    stated_items = not table.empty and ex.total(table["budget_initial"]) != 0
    three = structure.three_public(d) if not ctx.lacks("three_public") \
        else pd.DataFrame(columns=structure.THREE_PUBLIC)
    bases = ex.bases(d, table, three)
    results.save("budget_bases", bases)
    display(nb.table(bases, ["budget", "actual"], rename={
        "figure": "数字 figure", "basis": "预算口径 basis", "budget": "预算（万元）",
        "actual": "决算（万元）", "rate_pct": "重算完成率 %", "rate_stated_pct": "所述完成率 %",
        "source": "出处"}))

# %% [markdown]
# ### 从年初预算到决算 The bridge from the original budget to the actual
#
# 年初预算（灰）加上年中追加与调整（红为增加、蓝为减少）得到全年预算，再减去未执行的部分得到决算。全年预算和执行数取自绩效自评（部门整体支出）；文件没有给出全年预算时，只画年初预算 → 决算一步。下表写明每一柱的口径。

# %%
if applies:
    steps = ex.bridge(d, table)
    results.save("bridge", steps)
    if steps.empty:
        display(Markdown("本文件没有逐项说明年初预算。"))
    else:
        display(nb.bridge(steps, year))

# %% [markdown]
# ## 2. 逐项执行情况 Every stated 项, ranked by variance
#
# 情况说明（一般公共预算财政拨款支出决算具体情况）逐项说明“年初预算为 X 万元，支出决算为 Y 万元，完成年初预算的 Z%”。下表按**绝对差额**（决算 − 年初预算）从大到小排列：
#
# - 完成率 completion rate = 决算 / 年初预算；年初预算为 0 的项没有完成率（显示 “—”）。
# - 相对差额 relative variance = 完成率 − 1。
# - “决算”取自一般公共预算财政拨款支出决算表；若文字所述单位与表不同（如写成“元”），“单位误写”标为“是”——这是文字的笔误，不影响表中数。
# - “名称不一致”标出文字中的款/项名称与表中不同的层级（如把“行政事业单位医疗”款写成“事业单位医疗”）。

# %%
if applies and not stated_items:
    display(nb.note("本文件的情况说明没有逐项说明年初预算和决算，本节、原因归类和 PI-2 略去。",
                    "Left out: the narrative states no item's original budget."))
if applies and stated_items:
    results.save("items", table)
    results.metric("items", len(table), "项", "情况说明逐项说明的项（一般公共预算）")
    results.metric("items_budget_initial_total", sum(table["budget_initial"]), "万元",
                   "各项年初预算之和")
    results.metric("unit_slips", int(table["unit_slip"].sum()), "处", "文字所述单位与表不同")
    display(nb.table(table, ["budget_initial", "actual", "variance"],
                     ["completion_rate", "relative_variance"],
                     columns=["rank", "code", "item_name", "budget_initial", "actual", "variance",
                              "completion_rate", "relative_variance", "类别", "unit_slip",
                              "name_mismatch", "line"],
                     rename={"rank": "名次", "code": "科目代码", "item_name": "项",
                             "budget_initial": "年初预算", "actual": "决算",
                             "variance": "差额 = 决算 − 年初预算", "completion_rate": "完成率",
                             "relative_variance": "相对差额", "类别": "原因类别",
                             "unit_slip": "单位误写", "name_mismatch": "名称不一致",
                             "line": "原文行"}))

# %%
if applies and stated_items:
    fig, ax = plt.subplots(figsize=(9, 0.8 + 0.34 * len(table)))
    charts.diverging_barh(ax, [f"{c} {n}" for c, n in zip(table["code"], table["item_name"], strict=True)],
                          table["variance"], title=f"{year} 年各项决算与年初预算之差（万元）",
                          xlabel="决算 − 年初预算（万元）")
    nb.show(fig)

# %% [markdown]
# 红色条表示决算超过年初预算（多为年中追加），蓝色条表示少于年初预算。所述完成率与重算完成率的比较见[勾稽核对](04_reconciliation.html)（N3）。
#
# 下图把决算最大的 10 个项的年初预算（灰）和决算（红）并排画出：差额大的项，通常是年中追加了专项资金。

# %%
if applies and stated_items:
    top = ex.largest(table, 10)
    if not top.empty:
        fig, ax = plt.subplots(figsize=(9, 0.9 + 0.55 * len(top)))
        charts.paired_barh(ax, [f"{c} {n}" for c, n in zip(top["code"], top["item_name"], strict=True)],
                           top["budget_initial"], top["actual"], names=("年初预算", "决算"),
                           title=f"{year} 年决算最大的 {len(top)} 个项：年初预算与决算（万元）")
        nb.show(fig)

# %% [markdown]
# ## 3. 原因归类 Stated reasons by category
#
# 每一项都写明了“决算数大于/小于年初预算数的主要原因”。下面的**关键词规则**就是归类的全部依据：原因包含某类的任一关键词即属于该类；同时属于多类时，取表中排在最前的一类为主类别（更具体的机制排在前面）。规则和结果都列出来，读者可以逐条核对。

# %%
if applies and stated_items:
    display(nb.table(rules_frame(), columns=["order", "类别", "english", "keywords"],
                     rename={"order": "顺序", "类别": "类别 category", "english": "英文 English",
                             "keywords": "关键词 keywords"}))
    display(nb.table(table.assign(categories=table["categories"].map(
                         lambda c: "、".join(labels.label(x, "category") for x in c.split(",")))),
                     columns=["code", "item_name", "direction", "类别", "categories", "reason"],
                     rename={"code": "科目代码", "item_name": "项", "direction": "大于/小于",
                             "类别": "主类别", "categories": "命中的类别",
                             "reason": "所述原因 stated reason"}))

# %%
if applies and stated_items:
    cats = ex.by_category(table)
    results.save("reason_categories", cats)
    display(nb.table(cats, ["budget_initial", "actual", "variance"],
                     columns=["类别", "items", "budget_initial", "actual", "variance", "codes"],
                     rename={"类别": "原因类别", "items": "项数", "budget_initial": "年初预算",
                             "actual": "决算", "variance": "差额合计", "codes": "科目代码"}))
    fig, ax = plt.subplots(figsize=(8, 0.9 + 0.5 * len(cats)))
    charts.diverging_barh(ax, [f"{c}（{n} 项）" for c, n in zip(cats["类别"], cats["items"], strict=True)],
                          cats["variance"], title="按原因类别的差额合计（万元）",
                          xlabel="决算 − 年初预算（万元）")
    nb.show(fig)

# %% [markdown]
# ## 4. PEFA PI-1 总体支出执行率 Aggregate expenditure outturn
#
# PI-1 = 实际总支出 / 批准的年初预算总支出。PEFA 2016 的评分区间（dimension 1.1）：A 95%–105%，B 90%–110%，C 85%–115%，其余为 D。PEFA 对一个政府看连续三年（三年中至少两年达到）；这里只有一年，给出的是**该年所处的区间**，也不是对政府整体的正式评估，而是把同一方法用于一个部门。下表列出几种口径，第一行是标题口径。

# %%
if applies:
    outturn = ex.aggregate(d, table)
    results.save("pi1", outturn)
if applies and outturn.empty:
    display(nb.note("本文件没有给出年初预算的合计，无法计算 PI-1。",
                    "Left out: no original budget total is stated."))
elif applies:
    headline = outturn.iloc[0]
    results.metric("pi1_pct", headline["pi1_pct"], "%", headline["basis"])
    results.metric("pi1_band", headline["band"], "", "PEFA 2016 PI-1.1")
    display(nb.table(outturn, ["budget", "actual"], rename={
        "basis": "口径 basis", "budget": "年初预算（万元）", "actual": "决算（万元）",
        "pi1_pct": "PI-1 执行率 %", "band": "区间 band", "note": "说明"}))
    display(Markdown(
        f"**PI-1 = {headline['actual']:,} / {headline['budget']:,} = {headline['pi1_pct']}%，"
        f"区间 {headline['band']}**（A: {PI1_BANDS[0][1] * 100:.0f}–{PI1_BANDS[0][2] * 100:.0f}%，"
        f"B: {PI1_BANDS[1][1] * 100:.0f}–{PI1_BANDS[1][2] * 100:.0f}%，"
        f"C: {PI1_BANDS[2][1] * 100:.0f}–{PI1_BANDS[2][2] * 100:.0f}%）。"))

# %% [markdown]
# ## 5. PEFA PI-2 支出结构偏差 Composition variance (类 and 款)
#
# PI-2 衡量预算在各科目之间的**结构**是否按计划执行，剔除了总量变化的影响（adjusted-budget method）：
#
# 1. k = Σ决算 / Σ年初预算（总量的放大倍数）；
# 2. 调整后预算 ABᵢ = 年初预算ᵢ × k；
# 3. 偏差 Dᵢ = 决算ᵢ − ABᵢ（ΣDᵢ = 0）；
# 4. 结构偏差 = Σ|Dᵢ| / ΣABᵢ。
#
# 评分区间（dimension 2.1）：A < 5%，B < 10%，C < 15%，其余为 D。这里用逐项说明的各项，按功能分类的**类**（3 位代码）和**款**（5 位代码）汇总后计算。偏差为正的科目拿到了比“按比例放大的年初预算”更多的钱，为负的则更少。

# %%
if applies and stated_items:
    pi2_rows = []
    for level, digits in (("类", 3), ("款", 5)):
        comp = ex.composition(d, table, digits)
        results.save(f"pi2_{'class' if digits == 3 else 'kuan'}", comp.lines)
        results.metric(f"pi2_{'class' if digits == 3 else 'kuan'}_pct", comp.percent, "%",
                       f"PI-2 按{level}，年初预算口径")
        pi2_rows.append({"level": level, "k": round(comp.k, 4), "variance_pct": comp.percent,
                         "band": comp.band})
        display(Markdown(f"**按{level}：k = {comp.k:.4f}，结构偏差 = {comp.percent}%，区间 {comp.band}**"))
        display(nb.table(comp.lines, ["budget", "actual", "adjusted_budget", "deviation"],
                         columns=["code", "name", "budget", "actual", "adjusted_budget",
                                  "deviation", "items"],
                         rename={"code": "科目代码", "name": "名称", "budget": "年初预算 B",
                                 "actual": "决算 A", "adjusted_budget": "调整后预算 AB = B×k",
                                 "deviation": "偏差 D = A − AB", "items": "项数"}))
        fig, ax = plt.subplots(figsize=(9, 0.9 + 0.45 * len(comp.lines)))
        charts.diverging_barh(ax, [f"{c} {n}" for c, n in zip(comp.lines["code"],
                                                              comp.lines["name"], strict=True)],
                              comp.lines["deviation"], title=f"按{level}的结构偏差 D（万元）",
                              xlabel="决算 − 调整后预算（万元）")
        nb.show(fig)
    display(Markdown("区间 bands: " + "，".join(f"{b} < {lim * 100:.0f}%" for b, lim in PI2_BANDS)
                     + "，其余 D。"))

# %% [markdown]
# ## 6. “三公”经费 预算 vs 决算 (adjusted budget)
#
# “三公”经费表的预算数是**全年预算数（调整后）**，因此这里的完成率与上面的年初预算口径不同。

# %%
if applies and ctx.lacks("three_public"):
    display(ctx.lacks("three_public"))
elif applies:
    display(nb.table(three, ["budget", "actual", "variance"], ["completion_rate"],
                     columns=["项目", "budget", "actual", "variance", "completion_rate"],
                     rename={"项目": "项目 item", "budget": "全年预算", "actual": "决算",
                             "variance": "差额 = 决算 − 预算", "completion_rate": "完成率"}))

# %% [markdown]
# ## 7. 机关运行经费 Administrative running costs
#
# 情况说明只给出本年数和“比年初预算增加/减少 X 万元”“比上年决算增加/减少 Y 万元”，年初预算和上年数要由此推算（budget implied = 本年 − 增减额）。请对照原文所述的原因，看它和增减方向是否一致；下属单位的数字也照原文列出，注意单位（元还是万元）。

# %%
if applies:
    admin = ex.admin_costs(d)
    units = ex.admin_costs_units(d)
    results.save("admin_costs", admin)
    results.save("admin_costs_units", units, unit=None)
    if admin.empty:
        display(Markdown("本年度的情况说明没有给出机关运行经费。"))
    else:
        results.metric("admin_costs", admin.loc[0, "actual"], "万元", "机关运行经费 决算")
        results.metric("admin_costs_budget_implied", admin.loc[0, "base"], "万元",
                       "年初预算 = 决算 − 所述比年初预算增减额")
        display(nb.table(admin, ["base", "actual", "change"], rename={
            "comparison": "比较", "base": "推算的基数（万元）", "actual": "本年（万元）",
            "change": "所述增减额", "rate_stated_pct": "所述增减率 %",
            "rate_recomputed_pct": "重算增减率 %"}))
        source = d.narrative_facts
        source = source[source["subject"] == "admin_costs"]["text"].drop_duplicates()
        display(Markdown("原文 source: " + " ".join(f"“{nb.md(t)}”" for t in source)))
        display(nb.table(units.assign(value=units["value"].map(nb.figure),
                                      value_wan=units["value_wan"].map(lambda v: nb.figure(v, 4))),
                         rename={"unit_name": "下属单位", "value": "所述数", "unit": "所述单位",
                                 "value_wan": "折合万元", "line": "原文行"}))

# %% [markdown]
# ## 8. 绩效自评报告中的预算执行 The performance report's budget vs execution
#
# 绩效自评用的是**全年预算数（调整后）**衡量部门整体支出；附件自评报告里的基本支出、项目支出则是**本级**（不含下属单位）的**年初预算**。三组数字口径各不相同，不能与上面的年初预算完成率混用。

# %%
if applies:
    perf = d.performance
    display(nb.table(perf.overall, ["budget_full_year", "actual"], columns=[
        "evaluated", "budget_full_year", "actual", "completion_rate_stated", "completion_rate"],
        rename={"evaluated": "评价对象", "budget_full_year": "全年预算（万元）",
                "actual": "执行数（万元）", "completion_rate_stated": "所述完成率 %",
                "completion_rate": "重算完成率 %"}))
    display(nb.table(perf.budget_vs_actual.assign(kind=perf.budget_vs_actual["kind"].map(
                            lambda k: pf.KIND_ZH.get(k, k))), ["budget_initial", "actual"], columns=[
        "kind", "budget_initial", "actual", "completion_rate_stated", "completion_rate"],
        rename={"kind": "支出", "budget_initial": "年初预算（本级）", "actual": "决算",
                "completion_rate_stated": "所述完成率 %", "completion_rate": "重算完成率 %"}))
    if not perf.overall.empty:
        results.metric("performance_full_year_completion_pct",
                       perf.overall.iloc[0]["completion_rate_stated"], "%",
                       "整体支出 执行数 / 全年预算数（调整后）")

# %% [markdown]
# ## 9. 公开的部门预算 The published budget beside the final accounts
#
# 上面的 PI-1、PI-2 用的是决算说明**自己所述**的年初预算。同一部门同一年度公开的**部门预算**放进同一语料库时（`corpus build`，见 docs/corpus.md），两份文件配对：这里逐行对照公开预算、决算所述的年初预算和决算，按**公开预算**重算 PI-1、PI-2，并列出决算所述年初预算与公开预算不一致的行（核对 BF1.restated_budget：决算改写了自己的预算，值得一问）。**怎么读**：两种口径的 PI-1 相同，说明决算如实引用了预算；不同，则以公开预算为准。

# %%
pair = nb.published_budget(d, department, corpus) if applies else None
if applies and pair is None:
    display(nb.note("语料库中没有与本决算配对的同年度部门预算；PI-1、PI-2 按决算所述的年初预算计算。",
                    "No published budget of this department and year in the corpus: PI-1 and "
                    "PI-2 above use the original budget the final accounts state."))
elif pair is not None:
    results.save("budget_vs_final", pair.lines.drop(columns=["department_id", "department", "year"]))
    pi1_pub = pair.pefa["pi1"]
    if pi1_pub is not None:
        results.metric("pi1_published_pct", pi1_pub["pi1_pct"], "%",
                       "决算 / 公开的部门预算（一般公共预算 合计）")
        results.metric("pi1_published_band", pi1_pub["band"], "", "PEFA 2016 PI-1.1（单年）")
        display(Markdown(
            f"按公开的部门预算 **{nb.md(pair.budget.meta.department)}**（{nb.md(pair.budget.meta.source_file)}），"
            f"PI-1 = **{nb.figure(pi1_pub['pi1_pct'])}%**（区间 {nb.md(pi1_pub['band'])}）；"
            f"决算所述年初预算与公开预算不一致的行：**{len(pair.disagreements)}**。"))
    if pair.pefa["pi2"] is not None:
        results.metric("pi2_published_pct", pair.pefa["pi2"].percent, "%",
                       "Σ|决算 − 公开预算×k| / Σ决算，按类")
    if not pair.disagreements.empty:
        display(nb.table(pair.disagreements, ["published_budget", "stated_budget", "difference"],
                         columns=["code", "item", "published_budget", "stated_budget",
                                  "difference"],
                         rename={"code": "科目编码", "item": "科目名称",
                                 "published_budget": "公开预算（万元）",
                                 "stated_budget": "决算所述年初预算（万元）",
                                 "difference": "差额（万元）"}))
    display(nb.table(pair.lines, ["published_budget", "stated_budget", "actual", "variance"],
                     columns=["fund", "code", "item", "published_budget", "stated_budget",
                              "actual", "variance", "rate_pct"],
                     rename={"fund": "资金", "code": "编码", "item": "项目",
                             "published_budget": "公开预算", "stated_budget": "所述年初预算",
                             "actual": "决算", "variance": "差额", "rate_pct": "完成率 %"}))

# %% [markdown]
# ## 保存的结果 Saved results
#
# 关键结果以 CSV 保存在本报告旁边（UTF-8，下面是链接，可直接用 Excel 或 pandas 打开）。每行都带年度 `year`、部门 `department_id`、`department` 三列，多年、多部门的批量输出可以直接纵向合并（concatenate）。`metrics` 文件是本报告的核心指标（一行一个指标：数值、单位、口径 basis）。

# %%
results.write_metrics()
display(results.metrics_table())
display(ctx.saved_links())
