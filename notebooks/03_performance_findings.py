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
# # 绩效评价 Performance self-evaluation findings
#
# 部门每年对整体支出做**绩效自评**（self-evaluation）：自己打分（满分 100）、定等级（多数省份 90 分以上为“优”），说明覆盖的项目和资金、完成了哪些绩效目标（附量化指标）、发现了哪些问题及原因、下一步的改进措施，并列出各类项目清单（年初预算项目、年中追加项目、单位主管的公共专项）及其预算和实际支出。
#
# 本笔记本把这些内容整理成表，**核对项目清单所述的个数和合计**，并把高自评分与报告自己列出的问题放在一起看。数据来自 `d.performance`（情况说明第十三部分和附件的自评报告；两处重复的内容只列一次，`lines` 给出所有出处行）。

# %% tags=["parameters"]
year = 2024                # 年度 fiscal year
department = "zhuzhou-zjj" # 部门 id in data/raw/manifest.csv
raw_path = None            # 原始文件 raw file (None: its manifest entry)
output_dir = None          # 输出目录 output folder (None: reports/<year>/<department>/)
manifest = None            # 原始文件清单 raw manifest (None: data/raw/manifest.csv)

# %%
import matplotlib.pyplot as plt
from IPython.display import Markdown, display

from zhuzhou_budget.analysis import execution as ex
from zhuzhou_budget.analysis import performance as pf
from zhuzhou_budget.reporting import charts
from zhuzhou_budget.reporting import notebook as nb

# 字体、文件、输出目录 CJK font, the disclosure, the output folder, saved results
ctx = nb.setup(year, department, raw_path, output_dir, manifest,
               notebook="03_performance_findings")
d, out, results = ctx.disclosure, ctx.folder, ctx.results
display(ctx)  # 部门、年度、单位、来源文件 department, year, unit, source file

# %% [markdown]
# ## 1. 得分、等级与覆盖范围 Score, grade and coverage
#
# 覆盖范围说明自评涉及多少项目、多少资金，以及占相应支出的比例。

# %%
perf = d.performance
overall = perf.overall
results.save("overall", overall)
results.save("coverage", perf.coverage)
if not overall.empty:
    o = overall.iloc[0]
    results.metric("score", o["score"], "分", f"{o['evaluated']} 绩效自评得分")
    results.metric("grade", o["grade"], "", "评价等级")
    display(Markdown(f"**{nb.md(o['evaluated'])}** 绩效自评得分 **{o['score']} 分**，"
                     f"评价等级 **“{nb.md(o['grade'])}”**。"))
display(nb.table(perf.coverage, ["amount"],
                 columns=["fund", "projects", "amount", "share", "share_basis"],
                 values={"fund": "category"},
                 rename={"fund": "资金 fund", "projects": "项目数", "amount": "资金（万元）",
                         "share": "所述占比 %", "share_basis": "占比的基数"}))

# %% [markdown]
# ## 2. 绩效目标完成情况 Achievements and their indicators
#
# 每一条成绩及其量化指标（indicator）、数值和单位。“余”“第”等限定词（qualifier）照原文保留：“240 余亿元”表示略多于 240 亿元。没有量化指标的成绩，指标一栏为空。

# %%
ach = pf.achievements(perf)
results.save("achievements", ach, unit=None)
results.metric("achievements", int(ach["no"].nunique()), "条", "绩效目标完成情况的条数")
display(nb.table(ach, columns=["no", "statement", "indicator", "qualifier", "value", "unit",
                                  "lines"],
                    rename={"no": "序号", "statement": "成绩", "indicator": "指标",
                            "qualifier": "限定", "value": "数值", "unit": "单位",
                            "lines": "原文行"}))

# %% [markdown]
# ## 3. 问题、原因与改进措施 Problems, causes and measures
#
# 报告自己列出的问题及原因。“目标未完成”为“是”的，是问题里写明“未达到/未完成/未编制”的年初目标。改进措施紧随其后——可以看一看措施是否针对这些问题。

# %%
probs = pf.problems(perf)
meas = pf.measures(perf)
results.save("problems", probs, unit=None)
results.save("measures", meas, unit=None)
results.metric("problems", len(probs), "个", "列出的问题")
display(nb.table(probs, columns=["no", "problem", "cause", "target_missed", "lines"],
                    rename={"no": "序号", "problem": "问题", "cause": "原因",
                            "target_missed": "目标未完成", "lines": "原文行"}))
display(nb.table(meas, columns=["no", "measure", "lines"],
                    rename={"no": "序号", "measure": "改进措施", "lines": "原文行"}))

# %% [markdown]
# ## 4. 项目清单 Project lists, with their stated totals checked
#
# 自评报告按三类列出项目：**年初预算项目**（initial）、**年中追加项目**（mid-year）和**单位主管的公共专项**（public special）。每类开头都说明了个数和金额合计；下面先列出每个项目，再把“所述”与“逐项相加”对照。“一致”为“否”的地方，报告的说法和它自己列出的清单对不上（金额比较按尾数误差容许）。
#
# 本项目处处用同一约定（与勾稽核对相同）：**实际 actual = 文件所印的数**（这里是所述的个数或合计），**应为 expected = 重算的数**（这里是逐项相加），**差额 difference = 实际 − 应为**。例如所述 6 个、逐项列出 7 个，差额为 −1。

# %%
projects = perf.projects
checks = pf.project_list_checks(perf)
results.save("projects", projects)
results.save("project_list_checks", checks)
results.metric("project_list_mismatches", int((checks["matches"] == False).sum()), "处",  # noqa: E712
               "项目清单所述与逐项相加不符")
display(nb.table(projects, ["budget_initial", "actual", "adjustment"],
                 columns=["list", "no", "name", "budget_initial", "actual", "adjustment"],
                 values={"list": "category"},
                 rename={"list": "清单", "no": "序号", "name": "项目",
                         "budget_initial": "年初预算", "actual": "实际支出",
                         "adjustment": "调整金额"}))
display(nb.table(checks, columns=["list", "项目", "stated", "listed", "difference", "matches",
                                  "line"],
                 values={"list": "category"},
                 rename={"list": "清单", "项目": "核对项", "stated": "所述 actual（所印）",
                         "listed": "逐项相加 expected（重算）",
                         "difference": "差额 = 所述 − 逐项相加", "matches": "一致",
                         "line": "原文行"}))

# %%
# Each list on its own panel and scale: a 年中追加 project of 33 万元 would vanish beside a
# 公共专项 of 15,000 万元 on a shared axis.
colors = {"initial": "#4C72B0", "midyear": "#DD8452", "public_special": "#55A868"}
lists = [(k, projects[projects["list"] == k]) for k in colors if (projects["list"] == k).any()]
if lists:
    heights = [0.9 + 0.3 * len(g) for _, g in lists]
    fig, axes = plt.subplots(len(lists), 1, figsize=(9, sum(heights)),
                             gridspec_kw={"height_ratios": heights}, squeeze=False)
    for ax, (key, group) in zip(axes[:, 0], lists, strict=True):
        group = group.sort_values("actual", key=lambda s: s.map(lambda v: v or 0),
                                  ascending=False)
        charts.barh(ax, [n if len(n) <= 22 else n[:21] + "…" for n in group["name"]],
                    group["actual"], color=colors[key],
                    title=f"{pf.LIST_ZH[key]}（{len(group)} 个）：实际支出（万元）")
    nb.show(fig)

# %% [markdown]
# ## 5. 高自评分与所列问题 A high self-score beside the problems it lists
#
# 自评分高不等于没有问题。下表把自评分与报告**自己**给出的信号放在一起：列出的问题、未完成的年初目标、项目清单的不一致，以及两种口径的预算完成率。年初预算完成率远超 100%说明年初预算与全年实际安排差距很大（大量年中追加），这本身就是预算编制质量的问题，而全年预算口径的完成率（调整后）看起来却接近 100%。读者可据此判断自评分是否偏宽。

# %%
gb_rate = ex.stated(d, "general_budget.total", "completion_rate")
signals = pf.tension(d, gb_rate)
results.save("tension", signals, unit=None)
display(nb.table(signals, rename={"signal": "信号 signal", "value": "数值", "unit": "单位",
                                     "reading": "怎么读"}))

# %% [markdown]
# ## 保存的结果 Saved results
#
# 关键结果以 CSV 保存在本报告旁边（UTF-8，下面是链接，可直接用 Excel 或 pandas 打开）。每行都带年度 `year`、部门 `department_id`、`department` 三列，多年、多部门的批量输出可以直接纵向合并（concatenate）。`metrics` 文件是本报告的核心指标（一行一个指标：数值、单位、口径 basis）。

# %%
results.write_metrics()
display(results.metrics_table())
display(ctx.saved_links())
