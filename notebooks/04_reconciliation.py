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
# # 勾稽核对 Reconciliation report
#
# 一份正确的部门决算，各表之间、表内各行各列之间、文字说明与表格之间的数字必须相互吻合（勾稽关系，accounting identities）。本笔记本运行 `zhuzhou_budget.reconcile()`的全部核对，并列出：**按核对类别（family）和严重程度（severity）汇总的结果、每一个错误和警告及其证据（evidence）、尾数误差（rounding differences）的汇总**。
#
# 严重程度的含义 *(how to read the severity)*：
#
# | 严重程度 severity | 中文 | 含义 |
# |---|---|---|
# | error | 错误 | 差额超出尾数误差的容许范围：数字不一致，需要更正或解释 |
# | warning | 警告 | 启发式核对（heuristic）不一致或疑似问题（如单位误写），需要人工判断 |
# | rounding | 尾数误差 | 差额在容许范围内。每个印出的数最多带有末位半个单位（0.005 万元）的舍入，n 项之和与印出的合计最多可差 (n + 1) × 0.005 万元 |
# | info | 提示 | 说明性信息（如某表按规定为空表） |

# %% tags=["parameters"]
year = 2024                # 年度 fiscal year
department = "zhuzhou-zjj" # 部门 id in data/raw/manifest.csv
raw_path = None            # 原始文件 raw file (None: its manifest entry)
output_dir = None          # 输出目录 output folder (None: reports/<year>/<department>/)
manifest = None            # 原始文件清单 raw manifest (None: data/raw/manifest.csv)

# %%
import matplotlib.pyplot as plt
from IPython.display import Markdown, display

from zhuzhou_budget import reconcile
from zhuzhou_budget.analysis import findings as fs
from zhuzhou_budget.checks import check_label
from zhuzhou_budget.metadata import labels
from zhuzhou_budget.reporting import charts
from zhuzhou_budget.reporting import notebook as nb

# 字体、文件、输出目录 CJK font, the disclosure, the output folder, saved results
ctx = nb.setup(year, department, raw_path, output_dir, manifest,
               notebook="04_reconciliation")
d, out, results = ctx.disclosure, ctx.folder, ctx.results
display(ctx)  # 部门、年度、单位、来源文件 department, year, unit, source file

# %% [markdown]
# ## 1. 总览 Overview
#
# 每一行是一个核对类别：完整性（completeness：该有的表和数字是否齐全）、表内（within：类 = Σ款、合计 = 基本 + 项目等）、表间（across：总表与分表、财政拨款表与支出表等），以及文字说明与表格的核对（narrative）。数字是发现（finding）的条数；完全相等的比较不产生发现。

# %%
findings = reconcile(d)
checks_run = findings.attrs.get("checks_run")
summary = fs.counts(findings)
results.save("findings", findings)
results.save("summary", summary, unit=None)
for sev in ("error", "warning", "rounding", "info"):
    results.metric(f"{sev}_count", int((findings["severity"] == sev).sum()), "条",
                   "reconcile() findings")
results.metric("checks_run", checks_run, "次", "comparisons made")
display(Markdown(f"共进行 **{checks_run}** 次比较（comparisons），得到 **{len(findings)}** 条发现："
                 + "，".join(f"{fs.SEVERITY_ZH[s]} {int((findings['severity'] == s).sum())} 条"
                            for s in ("error", "warning", "rounding", "info")) + "。"))
display(nb.table(summary, values={"family": "family"},
                 rename={"family": "类别 family", "error": "错误", "warning": "警告",
                         "rounding": "尾数误差", "info": "提示", "total": "合计"}))

# %%
fig, ax = plt.subplots(figsize=(8, 2.8))
charts.stacked_barh(ax, [fs.FAMILY_ZH.get(f, f) for f in summary["family"]],
                    {fs.SEVERITY_ZH[s]: summary[s] for s in ("error", "warning", "rounding", "info")},
                    colors=("#C44E52", "#DD8452", "#8C8C8C", "#4C72B0"), xlabel="发现（条）",
                    fmt=lambda v: f"{v:.0f} 条", integer=True,
                    title=f"{year} 年核对发现 findings by family")
nb.show(fig)

# %% [markdown]
# ## 2. 错误与警告 Errors and warnings, with their evidence
#
# 每一条都给出：核对名称（check）、说明（message）、应为（expected）与实际（actual）、差额（difference）与容许误差（tolerance），所在的表、科目代码和列，或文字说明的章节、原文行号（line）和摘录（excerpt），以及参与比较的每一个印出的数（terms）。
#
# **约定 convention**（全项目一致）：**实际 actual = 文件所印的数**（文字写的数折成万元），**应为 expected = 按其他数字重算的数**（表中数、逐项之和、重算的比率），**差额 difference = 实际 − 应为**。数字按文件印出的精度显示（两位小数；容许误差最多三位）。

# %%
problems = fs.issues(findings)
results.save("errors_and_warnings", problems)
if problems.empty:
    display(Markdown("**本年度没有发现错误或警告。** *No errors or warnings.*"))
for _, f in problems.iterrows():
    where = labels.table(f["table"]) if f["table"] else f["section"]
    column = labels.label(f["column"], "column") if f["column"] else ""
    display(Markdown(
        f'<a id="{f["anchor"]}"></a>\n\n'
        f"**{fs.SEVERITY_ZH[f['severity']]} · {nb.md(check_label(f['check']))}** — "
        f"{nb.md(labels.relabel(fs.headline(f['message'])))}\n\n"
        f"- 实际 actual {nb.figure(f['actual'])}，应为 expected {nb.figure(f['expected'])}，"
        f"差额 difference {nb.figure(f['difference'])}（容许 tolerance "
        f"{nb.tolerance(f['tolerance'])}）\n"
        f"- 位置 where: {nb.md(where)} {nb.md(f['code'])} {nb.md(column)}，"
        f"原文第 {f['line'] or '—'} 行 (line)\n"
        + (f"- 摘录 excerpt: “{nb.md(f['excerpt'])}”\n" if f["excerpt"] else "")
        + (f"- 参与比较的数 terms: {nb.code(f['terms'])}" if f["terms"] else "")))

# %% [markdown]
# ## 3. 尾数误差 Rounding differences
#
# 尾数误差不是错误：表中每个数都是四舍五入到 0.01 万元后印出的，加总时末位可能差一两分。下表按核对汇总：出现次数、最大差额和对应的容许误差；图中是各种大小的差额出现的次数。

# %%
rounding = fs.rounding_summary(findings)
sizes = fs.rounding_by_size(findings)
results.save("rounding_summary", rounding)
results.metric("rounding_max_abs_difference", max(rounding["max_abs_difference"], default=None),
               "万元", "largest rounding difference")
display(nb.table(rounding.assign(
    tables=rounding["tables"].map(lambda t: "、".join(labels.table(x) for x in t.split("、") if x)),
    max_tolerance=rounding["max_tolerance"].map(nb.tolerance)), ["max_abs_difference"],
    values={"check": "check", "family": "family"},
    rename={"check": "核对 check", "family": "类别 family", "count": "次数",
            "max_abs_difference": "最大差额（万元）", "max_tolerance": "最大容许误差（万元）",
            "tables": "涉及的表"}))
if not sizes.empty:
    fig, ax = plt.subplots(figsize=(6, 0.6 + 0.5 * len(sizes)))
    charts.barh(ax, [f"{v} 万元" for v in sizes["difference"]], sizes["count"],
                xlabel="次数（次）", fmt=lambda v: f"{v:.0f} 次", color="#8C8C8C", integer=True,
                title="尾数误差的大小 size of rounding differences")
    nb.show(fig)

# %% [markdown]
# ## 4. 提示 Notes
#
# 提示不是问题，而是读表时需要知道的情况（例如某张表按规定为空表并附有说明文字）。

# %%
notes = findings[findings["severity"] == "info"]
display(nb.table(notes.assign(message=notes["message"].map(
                     lambda m: labels.relabel(fs.headline(m)))),
                 columns=["check", "family", "message", "table", "line"],
                 values={"check": "check", "family": "family", "table": "table"}))

# %% [markdown]
# ## 保存的结果 Saved results
#
# 关键结果以 CSV 保存在本报告旁边（UTF-8，下面是链接，可直接用 Excel 或 pandas 打开）。每行都带年度 `year`、部门 `department_id`、`department` 三列，多年、多部门的批量输出可以直接纵向合并（concatenate）。`metrics` 文件是本报告的核心指标（一行一个指标：数值、单位、口径 basis）。

# %%
results.write_metrics()
display(results.metrics_table())
display(ctx.saved_links())
