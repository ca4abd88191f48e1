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
# # 摘要 Summary
#
# 一页读懂这份部门决算：**核心数字及其口径**（basis：是什么和什么相比、用的是年初预算还是全年预算），PEFA 两个指标在 A–D 区间中的位置，从年初预算到决算的变化，以及勾稽核对发现的错误和警告（每条链接到它的证据）。细节见各分析报告（页首的链接）。
#
# *One page: the headline figures with their bases, PEFA PI-1 and PI-2 against their bands, the budget-to-actual bridge, and the reconciliation's errors and warnings linked to their evidence.*

# %% tags=["parameters"]
year = 2024                # 年度 fiscal year
department = "zhuzhou-zjj" # 部门 id in data/raw/manifest.csv
raw_path = None            # 原始文件 raw file (None: its manifest entry)
output_dir = None          # 输出目录 output folder (None: reports/<year>/<department>/)
manifest = None            # 原始文件清单 raw manifest (None: data/raw/manifest.csv)
corpus = None              # 语料库 built corpus that may pair a published budget (None: data/processed)

# %%
import matplotlib.pyplot as plt
from IPython.display import Markdown, display

from zhuzhou_budget import reconcile
from zhuzhou_budget.analysis import execution as ex
from zhuzhou_budget.analysis import findings as fs
from zhuzhou_budget.analysis import summary
from zhuzhou_budget.analysis.variance import PI1_BANDS, PI2_BANDS
from zhuzhou_budget.checks import check_label
from zhuzhou_budget.metadata import labels
from zhuzhou_budget.reporting import charts
from zhuzhou_budget.reporting import notebook as nb

# 字体、文件、输出目录 CJK font, the disclosure, the output folder, saved results
ctx = nb.setup(year, department, raw_path, output_dir, manifest,
               notebook="00_summary")
d, out, results = ctx.disclosure, ctx.folder, ctx.results
display(ctx)  # 部门、年度、单位、来源文件 department, year, unit, source file

# %% [markdown]
# ## 1. 核心数字 Headline figures
#
# 每个数字都写明口径。**怎么读**：PI-1（总体支出执行率）= 决算 / 年初预算，100% 表示按年初预算花完；PI-2（支出结构偏差）衡量钱在各科目之间是否按年初预算的结构花出去，0% 表示完全按结构。绩效自评得分是部门**自己**打的分。错误和警告来自本项目对全文数字的勾稽核对。

# %%
findings = reconcile(d)
head = summary.headline(d, findings)
for _, r in head.iterrows():
    results.metric(r["metric"], r["value"], r["unit"], r["basis"])
shown = head.assign(
    metric=head["metric"].map(lambda m: labels.label(m, "metric")),
    value=[nb.figure(v) if not isinstance(v, str) else v for v in head["value"]],
    report=[nb.link(f"{r}.html", labels.label(r, "notebook")) for r in head["report"]])
display(nb.table(shown, rename={"metric": "指标 figure", "value": "数值 value",
                                "unit": "单位 unit", "basis": "口径 basis",
                                "report": "详见 read more"}))

# %% [markdown]
# ## 2. PEFA 指标在区间中的位置 PI-1 and PI-2 against their bands
#
# PEFA 2016 的评分区间：PI-1 A 95%–105%，B 90%–110%，C 85%–115%，其余 D；PI-2 A < 5%，B < 10%，C < 15%，其余 D。▼ 标出本年的数值。PEFA 对一个政府看连续三年，这里只有一年，且是把方法用于一个部门：它说明**这一年**落在哪个区间，不是正式评分。

# %%
pi1, pi2c, pi2k = (summary.value(head, m) for m in ("pi1_pct", "pi2_class_pct", "pi2_kuan_pct"))
if ctx.is_budget:
    display(nb.note("部门预算只有预算数、没有决算数：PI-1 和 PI-2 衡量决算偏离预算的程度，不适用于预算本身。",
                    "Not applicable: a budget has no actuals to measure against it."))
elif pi1 is None and pi2c is None:
    display(Markdown("本文件没有给出逐项的年初预算，无法计算 PI-1 和 PI-2。"))
else:
    fig, axes = plt.subplots(3, 1, figsize=(9, 3.6))
    charts.bands(axes[0], pi1, charts.pi1_spans(PI1_BANDS), xmax=max(200.0, float(pi1 or 0) * 1.1),
                 title=f"PI-1 总体支出执行率 = {nb.figure(pi1)}%（区间 {summary.value(head, 'pi1_band')}）")
    for ax, v, level, key in ((axes[1], pi2c, "类", "class"), (axes[2], pi2k, "款", "kuan")):
        charts.bands(ax, v, charts.pi2_spans(PI2_BANDS), xmax=max(100.0, float(v or 0) * 1.1),
                     title=f"PI-2 结构偏差（按{level}）= {nb.figure(v)}%"
                           f"（区间 {summary.value(head, f'pi2_{key}_band')}）")
    nb.show(fig)
pair = None if ctx.is_budget else nb.published_budget(d, department, corpus)
if pair is not None and pair.pefa["pi1"] is not None:
    # The published budget of the same year is in the corpus: PI-1 on it, beside the above.
    pub = pair.pefa["pi1"]
    results.metric("pi1_published_pct", pub["pi1_pct"], "%",
                   "决算 / 公开的部门预算（一般公共预算 合计）")
    display(Markdown(f"按同年度**公开的部门预算**，PI-1 = **{nb.figure(pub['pi1_pct'])}%**"
                     f"（区间 {nb.md(pub['band'])}）；决算所述年初预算与公开预算不一致的行 "
                     f"{len(pair.disagreements)} 行，详见 [预算执行差异](02_budget_execution_variance.html)。"))

# %% [markdown]
# ## 3. 从年初预算到决算 From the original budget to the actual
#
# 灰色是年初预算，红色是年中追加与调整（增加）、蓝色是减少，最后是决算。若绩效自评给出了部门整体支出的**全年预算数**（调整后预算），图中分两步：年初预算 → 全年预算（追加与调整）→ 决算（未执行的部分）。各柱的口径见下表。

# %%
table = ex.items(d, "general_budget")
steps = ex.bridge(d, table)
results.save("bridge", steps)
if ctx.is_budget:
    display(nb.note("部门预算只有年初预算、没有决算，从预算到决算的“桥”要等同一年度的部门决算。",
                    "Not applicable: a budget has no actual to bridge to."))
elif steps.empty:
    display(Markdown("本文件没有逐项说明年初预算，画不出这座“桥”。"))
else:
    display(nb.bridge(steps, year))

# %% [markdown]
# ## 4. 勾稽核对：错误与警告 Errors and warnings
#
# 每条一行，点击“证据”查看完整的核对依据（应为 expected、实际 actual、差额、容许误差、原文行和摘录）。本项目的约定：**实际 actual = 文件所印的数，应为 expected = 按其他数字重算的数，差额 = 实际 − 应为**。

# %%
problems = fs.issues(findings)
if problems.empty:
    display(Markdown("**没有发现错误或警告。** *No errors or warnings.*"))
else:
    display(Markdown("\n".join(
        f"- **{labels.SEVERITY_SHORT[f['severity']]}** · {nb.md(check_label(f['check']))} — "
        f"{nb.md(nb.shorten(labels.relabel(fs.headline(f['message'])), 90))} "
        f"[证据 evidence →](04_reconciliation.html#{f['anchor']})"
        for _, f in problems.iterrows())))

# %% [markdown]
# ## 5. 延伸阅读 Where to read more
#
# - [收入结构 Income and expenditure](01_income_structure.html)：钱从哪里来、花到哪里去；基本支出与项目支出；人员经费与公用经费；“三公”经费；与上年比较。
# - [预算执行差异 Budget execution](02_budget_execution_variance.html)：逐项的年初预算与决算、所述原因的归类、PI-1 与 PI-2 的计算过程、各种预算口径。
# - [绩效评价 Performance](03_performance_findings.html)：自评得分、绩效目标、问题与措施、项目清单的核对。
# - [勾稽核对 Reconciliation](04_reconciliation.html)：全部核对的结果、每条错误和警告的证据、尾数误差。
# - [索引 Index](../../index.html)：所有部门和年度。

# %% [markdown]
# ## 保存的结果 Saved results
#
# 本页的核心数字（`00_summary.metrics.csv`，一行一个指标）和“桥”的各步，UTF-8 CSV，可直接用 Excel 或 pandas 打开。

# %%
results.write_metrics()
display(ctx.saved_links())
