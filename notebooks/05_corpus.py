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
# # 部门与年度比较 Departments and years side by side
#
# 本报告把语料库（corpus）中**所有部门、所有年度**的决算放在一起比较：收支总量和结构、PEFA PI-1/PI-2 所处的区间、“三公”经费和机关运行经费，以及每份文件的勾稽核对发现。数据来自语料库的面板（panel，`zb.panel(...)`：每份文件的数据纵向堆叠，每行都带部门和年度），不重新解析任何文件。
#
# **一年能说明什么、不能说明什么**：只有一个年度时，没有趋势可言——不能说某个部门“越来越”怎样；PEFA 的 PI-1 评分要看**连续三年**，一年的数字只说明这一年落在哪个区间；不同部门的职能不同（住房城建与财政管理），规模和结构的差别首先反映职能，而不是管理好坏。
#
# *What one year cannot show: no trend; PI-1 needs three years for a PEFA score; departments with different duties differ first by what they do.*

# %% tags=["parameters"]
panel = None        # 语料库面板 corpus root or its panel/ folder (None: data/processed)
output_dir = None   # 输出目录 output folder (None: reports/corpus/)
years = []          # 只看这些年度 only these years (empty: all)
departments = []    # 只看这些部门 only these department ids (empty: all)

# %%
import matplotlib.pyplot as plt
from IPython.display import Markdown, display

from zhuzhou_budget.analysis import corpus as cp
from zhuzhou_budget.analysis.variance import PI1_BANDS, PI2_BANDS
from zhuzhou_budget.checks import check_label
from zhuzhou_budget.metadata.tables import column_zh
from zhuzhou_budget.reporting import charts
from zhuzhou_budget.reporting import notebook as nb

# 字体、面板、输出目录 CJK font, the panel, the output folder, saved results
ctx = nb.setup_corpus(panel, output_dir, notebook="05_corpus", years=years,
                      departments=departments)
p, out, results = ctx.panel, ctx.folder, ctx.results
display(ctx)  # 部门数、文件数、年度 departments, documents, years

# %%
docs = cp.documents(p)
n_years = docs["year"].nunique()
results.metric("documents", len(docs), "份", "面板中的决算文件")
results.metric("departments", docs["department_id"].nunique(), "个", "部门")
results.metric("years", n_years, "个", "年度")
names = [f"{r['department']}\n{r['year']}" for _, r in docs.iterrows()]
if n_years < 2:
    display(Markdown(f"**只有 {n_years} 个年度**：下面只作部门之间的横向比较，不作趋势判断。"))

# %% [markdown]
# ## 1. 收支总量与结构 Totals and structure
#
# 来自每份文件的收入决算表和支出决算表。项目支出占比高，说明钱更多用于具体任务而非机构自身运转。

# %%
tot = cp.totals(p)
results.save("totals", tot)
display(nb.table(tot, ["income_total", "expenditure_total", "basic", "project",
                       "three_public_budget", "three_public_actual", "admin_costs"],
                 columns=["year", "department", "income_total", "expenditure_total", "basic",
                          "project", "project_share_pct"],
                 rename={"income_total": "本年收入合计", "expenditure_total": "本年支出合计",
                         "project_share_pct": "项目支出占比 %"}))
fig, ax = plt.subplots(figsize=(9, 0.9 + 0.6 * len(tot)))
charts.stacked_barh(ax, names, {"基本支出 basic": tot["basic"], "项目支出 project": tot["project"]},
                    totals=tot["expenditure_total"], title="本年支出：基本支出与项目支出（万元）")
nb.show(fig)

# %% [markdown]
# 各部门支出按功能分类（类）的**占比**：不同规模的部门用占比才能比较。

# %%
struct = cp.structure(p)
results.save("structure", struct)
wide = struct.assign(doc=[f"{d} {y}" for d, y in zip(struct["department"], struct["year"],
                                                    strict=True)])
wide = wide.pivot_table(index=["code", "item"], columns="doc", values="share_pct",
                        aggfunc="first").reset_index()
display(nb.table(wide.astype(object).where(wide.notna(), None),
                 rename={"code": "科目代码 类", "item": "科目名称"}))

# %% [markdown]
# ## 2. PEFA PI-1 与 PI-2 Bands side by side
#
# PI-1 = 一般公共预算决算 / 年初预算（情况说明所述合计）；PI-2 = 按类的结构偏差（调整后预算法）。区间：PI-1 A 95–105%，B 90–110%，C 85–115%，其余 D；PI-2 A < 5%，B < 10%，C < 15%，其余 D。**一年只给出该年的区间**：PEFA 评分要看连续三年（三年中至少两年）。

# %%
pe = cp.pefa(p)
results.save("pefa", pe)
display(nb.table(pe, ["budget_initial", "actual"],
                 columns=["year", "department", "budget_initial", "actual", "pi1_pct",
                          "pi1_band", "items", "pi2_class_pct", "pi2_class_band"],
                 rename={"budget_initial": "年初预算", "actual": "决算", "pi1_pct": "PI-1 执行率 %",
                         "pi1_band": "PI-1 区间", "items": "逐项说明的项数",
                         "pi2_class_pct": "PI-2（类）%", "pi2_class_band": "PI-2 区间"}))
shown = pe[pe["pi1_pct"].notna()]
if not shown.empty:
    fig, axes = plt.subplots(len(shown), 2, figsize=(10, 1.3 * len(shown) + 0.4), squeeze=False)
    for row, (_, r) in zip(axes, shown.iterrows(), strict=True):
        charts.bands(row[0], r["pi1_pct"], charts.pi1_spans(PI1_BANDS),
                     xmax=max(200.0, float(r["pi1_pct"]) * 1.1),
                     title=f"{r['department']} {r['year']}：PI-1 {r['pi1_pct']}%（{r['pi1_band']}）")
        charts.bands(row[1], r["pi2_class_pct"], charts.pi2_spans(PI2_BANDS),
                     xmax=max(100.0, float(r["pi2_class_pct"] or 0) * 1.1),
                     title=f"PI-2（类）{nb.figure(r['pi2_class_pct'])}%（{r['pi2_class_band'] or '—'}）")
    nb.show(fig)

# %% [markdown]
# ## 3. “三公”经费与机关运行经费 The “three public” expenses and running costs
#
# “三公”经费表的预算数是**全年预算数**（调整后）。空白（—）表示文件没有填报，不是 0：没有填报的决算数不能算完成率。机关运行经费取自情况说明所述。

# %%
tp = cp.three_public(p)
results.save("three_public", tp)
display(nb.table(tp.assign(component=tp["component"].map(lambda c: column_zh("three_public", c))),
                 ["budget", "actual"],
                 columns=["year", "department", "component", "budget", "actual"],
                 rename={"component": "项目 item", "budget": "全年预算", "actual": "决算"}))
display(nb.table(tot, ["three_public_budget", "three_public_actual", "admin_costs"],
                 columns=["year", "department", "three_public_budget", "three_public_actual",
                          "admin_costs"],
                 rename={"three_public_budget": "“三公”全年预算", "three_public_actual": "“三公”决算",
                         "admin_costs": "机关运行经费"}))

# %% [markdown]
# ## 4. 每份文件的勾稽核对发现 Findings per document
#
# 错误（error）是真正的勾稽关系不成立；警告（warning）需要人工判断；尾数误差不是错误。点击部门名称查看该文件的摘要和证据。

# %%
fd = cp.findings(p)
results.save("findings", fd, unit=None)
fd_shown = fd.assign(
    department=[nb.link(f"../{y}/{d}/00_summary.html", n) for d, y, n in
                zip(fd["department_id"], fd["year"], fd["department"], strict=True)],
    error_checks=fd["error_checks"].map(lambda t: "、".join(check_label(c) for c in t.split("、")
                                                            if c)))
display(nb.table(fd_shown, columns=["year", "department", "error", "warning", "rounding", "info",
                                    "error_checks"],
                 rename={"error": "错误", "warning": "警告", "rounding": "尾数误差", "info": "提示",
                         "error_checks": "出错的核对 checks with errors"}))

# %% [markdown]
# ## 5. 部门预算与决算 Budget beside final accounts
#
# 同一部门同一年度的部门预算与部门决算放进同一语料库时配对（部门代码去掉 budget/final 等字样后相同，或两份文件所印部门名称相同；见 docs/corpus.md）。PI-1 按**公开的部门预算**计算，并与按决算说明所述年初预算计算的结果并列；“不一致”是决算所述年初预算与公开预算不符的行数（核对 BF1.restated_budget，见上面的发现）。未能配对的预算说明原因。逐行对照在面板的 `budget_vs_final` 表。

# %%
pairs = p.get("pairs")
if pairs is None or pairs.empty:
    display(Markdown("语料库中没有部门预算：PI-1/PI-2 均按决算说明所述年初预算计算。"
                     "*No budget in the corpus: PI-1/PI-2 rest on the stated 年初预算.*"))
else:
    results.save("pairs", pairs, unit=None)
    display(nb.table(pairs, percent_cols=["pi1_budget_pct", "pi1_stated_pct", "pi2_budget_pct",
                                          "pi2_stated_pct"],
                     columns=["year", "department", "status", "budget_source", "pi1_budget_pct",
                              "pi1_budget_band", "pi1_stated_pct", "pi1_stated_band",
                              "pi2_budget_pct", "pi2_stated_pct", "disagreements", "reason"],
                     rename={"status": "配对 status", "budget_source": "部门预算文件",
                             "pi1_budget_pct": "PI-1（公开预算）%", "pi1_budget_band": "区间",
                             "pi1_stated_pct": "PI-1（所述年初预算）%",
                             "pi1_stated_band": "区间 ", "pi2_budget_pct": "PI-2（公开预算）%",
                             "pi2_stated_pct": "PI-2（所述年初预算）%",
                             "disagreements": "不一致行数", "reason": "未配对原因"}))

# %% [markdown]
# ## 保存的结果 Saved results
#
# 上面每张表都以 CSV 保存在本报告旁边（UTF-8，下面是链接），每行带部门和年度，可以直接用 Excel 或 pandas 打开、与其他语料库的结果合并。

# %%
results.write_metrics()
display(results.metrics_table())
display(ctx.saved_links())
