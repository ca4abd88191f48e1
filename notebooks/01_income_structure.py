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
# # 收入结构 Income and expenditure structure
#
# 本笔记本回答：**钱从哪里来（收入来源、资金性质），花到哪里去（支出功能分类的类和款、基本支出与项目支出、人员经费与公用经费、经济分类的款），以及“三公”经费**。所有数字直接来自部门决算的九张表（通过 `zhuzhou_budget.load()` 解析，金额为 `Decimal`，单位 **万元**）。表中空白格表示“未填报”（not reported），与填报的 0.00 不同，下文显示为 “—”。
#
# *What this notebook shows: where the money came from and where it went, from the nine final-accounts tables. Amounts in 万元 (10,000 yuan).*

# %% tags=["parameters"]
year = 2024                # 年度 fiscal year
department = "zhuzhou-zjj" # 部门 id in data/raw/manifest.csv
raw_path = None            # 原始文件 raw file (None: its manifest entry)
output_dir = None          # 输出目录 output folder (None: reports/<year>/<department>/)
manifest = None            # 原始文件清单 raw manifest (None: data/raw/manifest.csv)

# %%
import matplotlib.pyplot as plt
from IPython.display import Markdown, display

from zhuzhou_budget.analysis import headline, pct, structure
from zhuzhou_budget.analysis.yoy import year_on_year
from zhuzhou_budget.metadata import labels
from zhuzhou_budget.reporting import charts
from zhuzhou_budget.reporting import notebook as nb

# 字体、文件、输出目录 CJK font, the disclosure, the output folder, saved results
ctx = nb.setup(year, department, raw_path, output_dir, manifest,
               notebook="01_income_structure")
d, out, results = ctx.disclosure, ctx.folder, ctx.results
display(ctx)  # 部门、年度、单位、来源文件 department, year, unit, source file

# %% [markdown]
# ## 1. 收入来源 Income by source
#
# 来自 **收入决算表**（income table）的“合计”行。部门的收入分为财政拨款收入（fiscal appropriation）、上级补助收入、事业收入、经营收入、附属单位上缴收入和其他收入。**怎么读**：“占比 share”是该来源占本年收入合计的比例；财政拨款占比越高，部门越依赖同级财政。

# %%
income = None if ctx.lacks("income") else structure.income_by_source(d)
if income is None:
    display(ctx.lacks("income"))
else:
    results.save("income_by_source", income)
    # the 合计 as printed, the figure the summary and the panel show (analysis.headline)
    results.metric("income_total", headline.of_facts(d.facts)["income_total"], "万元",
                   "收入预算总表 合计" if ctx.is_budget else "收入决算表 合计")
    results.metric("fiscal_appropriation_share_pct", pct(structure.fiscal_share(income)), "%",
                   "财政拨款收入 / 本年收入合计")
    display(nb.table(income, ["amount"], ["share"], columns=["来源", "amount", "share"],
                     rename={"来源": "收入来源 source", "amount": "金额（万元）",
                             "share": "占比 share"}))

# %%
reported = income[[v is not None and v != 0 for v in income["amount"]]] if income is not None \
    else None
if reported is None:
    pass  # the template prints no income table: said above
elif reported.empty:
    display(nb.note("收入表没有填报金额，这里不画图。"))
elif len(reported) > 1:
    fig, ax = plt.subplots(figsize=(8, 0.9 + 0.45 * len(reported)))
    charts.barh(ax, reported["来源"], reported["amount"], title=f"{year} 年收入来源（万元）")
    nb.show(fig)
else:
    display(Markdown(f"本年收入全部来自**{nb.md(reported['来源'].iloc[0]) if len(reported) else '—'}**"
                     "（其余来源为 0 或未填报），所以这里不画图：资金结构见下面按资金性质的表，"
                     "预算与决算的关系见[摘要](00_summary.html)和[预算执行差异](02_budget_execution_variance.html)。"))

# %% [markdown]
# ## 2. 按资金性质 Income by fund type
#
# 来自 **收入支出决算总表**（income and expenditure summary）的收入侧各行。财政拨款分为一般公共预算（general public budget）、政府性基金预算（government fund budget）和国有资本经营预算（state capital operation budget）三本预算；其余收入归为“非财政拨款”。**怎么读**：一般公共预算是税收等一般收入安排的资金；政府性基金主要来自土地出让等专项收入，只能用于规定用途。

# %%
if why := ctx.lacks("income" if ctx.is_budget else "summary"):
    display(why)
else:
    funds = structure.income_by_fund_type(d)
    results.save("income_by_fund_type", funds)
    display(nb.table(funds, ["amount"], ["share"],
                     columns=["item", "fund_type", "amount", "share"],
                     rename={"item": "收入项目", "fund_type": "资金性质 fund type",
                             "amount": "金额（万元）", "share": "占比 share"}))

# %% [markdown]
# ## 3. 支出功能分类 Expenditure by function (类 and 款)
#
# 来自 **支出决算表**（expenditure table）。支出功能分类（政府收支分类科目）说明钱用于什么事务：类（3 位代码，如 212 城乡社区支出）下分款（5 位）和项（7 位）。每一类的支出又分为基本支出（basic：保障机构运转的人员经费和公用经费）和项目支出（project：完成特定任务的支出）。**怎么读**：条形的总长是该类支出合计，颜色区分基本支出和项目支出；“占比”是占本年支出合计的比例。

# %%
cols = {"code": "科目代码", "item": "科目名称", "total": "合计（万元）", "basic": "基本支出",
        "project": "项目支出", "share": "占比 share"}
by_class = by_kuan = None
if why := ctx.lacks("function"):
    display(why)
else:
    by_class = structure.expenditure_by_function(d, "类")
    by_kuan = structure.expenditure_by_function(d, "款")
    results.save("expenditure_by_class", by_class)
    results.save("expenditure_by_kuan", by_kuan)
    if structure.table_id(d, "function") != structure.table_id(d, "expenditure"):
        display(nb.note(f"本文件的{labels.table(structure.table_id(d, 'expenditure'))}"
                        f"只印合计，功能分类取自{labels.table(structure.table_id(d, 'function'))}。"))
    display(nb.table(by_class, ["total", "basic", "project"], ["share"], rename=cols))


def by_function(frame, level, height):
    """类 or 款 as bars split into 基本/项目 (one bar of the total where the table prints
    no split); a table without rows at this level is said in one line, never an empty chart."""
    if frame is None:
        return
    if frame.empty:
        display(nb.note(f"本文件的支出表没有印出“{level}”一级的行。"))
        return
    names = [f"{c} {n}" for c, n in zip(frame["code"], frame["item"], strict=True)]
    fig, ax = plt.subplots(figsize=(9, height))
    title = f"{year} 年支出功能分类（{level}，万元）"
    if nb.blank(frame, "basic", "project"):
        charts.barh(ax, names, frame["total"], title=title)
    else:
        charts.stacked_barh(ax, names, {"基本支出 basic": frame["basic"],
                                        "项目支出 project": frame["project"]},
                            totals=frame["total"], title=title)
    nb.show(fig)


# %%
by_function(by_class, "类", 3.6)

# %% [markdown]
# 款一级（5 位代码）把类再细分。例如城乡社区支出（212）下的城乡社区管理事务（21201）和城乡社区公共设施（21203）。

# %%
if by_kuan is not None:
    display(nb.table(by_kuan, ["total", "basic", "project"], ["share"], rename=cols))
by_function(by_kuan, "款", 5)

# %% [markdown]
# ## 4. 基本支出与项目支出 Basic vs project expenditure
#
# **基本支出**保障机构正常运转（工资、社保、办公费等），**项目支出**用于完成特定的行政任务或事业发展目标（如市政设施、住房保障专项）。项目支出占比高，说明部门的钱更多用于具体任务而非自身运转；也常说明年中追加了较多专项资金。

# %%
if why := ctx.lacks("expenditure"):
    display(why)
else:
    kinds = structure.basic_vs_project(d)
    results.save("basic_vs_project", kinds)
    results.metric("project_share_pct", pct(kinds.loc[1, "share"]), "%",
                   f"{'支出预算总表' if ctx.is_budget else '支出决算表'} 项目支出 / 本年支出合计")
    display(nb.table(kinds, ["amount"], ["share"], columns=["类型", "amount", "share"],
                     rename={"类型": "支出类型 kind", "amount": "金额（万元）",
                             "share": "占比 share"}))

# %% [markdown]
# ## 5. 人员经费与公用经费 Personnel vs running costs, and the economic 款
#
# 来自 **一般公共预算财政拨款基本支出决算明细表**（按部门预算支出经济分类 economic classification）。人员经费 = 工资福利支出（301）+ 对个人和家庭的补助（303）；公用经费 = 商品和服务支出（302）+ 债务利息（307）+ 资本性支出（310）+ 其他支出（399）。**怎么读**：此表只覆盖一般公共预算的**基本支出**，不含项目支出；占比是占基本支出的比例。

# %%
econ = None
if why := ctx.lacks("basic"):
    display(why)
else:
    staff = structure.personnel_vs_public(d)
    econ = structure.economic_breakdown(d, "款")
    results.save("personnel_vs_public", staff)
    results.save("economic_kuan", econ)
    results.metric("personnel_share_pct", None if staff.empty else pct(staff.loc[0, "share"]),
                   "%", "人员经费合计 / 基本支出（一般公共预算）")
    display(nb.table(staff, ["amount"], ["share"], rename={
        "category": "经费", "amount": "金额（万元）", "share": "占基本支出 share"}))

# %%
if econ is not None and nb.blank(econ, "amount"):
    display(nb.note("基本支出表没有填报经济分类“款”的金额，这里不画图。"))
elif econ is not None:
    top = econ.head(15)
    fig, ax = plt.subplots(figsize=(9, 5.5))
    colors = ["#4C72B0" if c == "人员经费" else "#DD8452" for c in top["category"]]
    charts.barh(ax, [f"{c} {n}" for c, n in zip(top["code"], top["item"], strict=True)], top["amount"],
                title=f"{year} 年基本支出经济分类：最大的 15 个款（万元）", color=colors)
    ax.legend(handles=[plt.Rectangle((0, 0), 1, 1, color="#4C72B0"),
                       plt.Rectangle((0, 0), 1, 1, color="#DD8452")],
              labels=["人员经费 personnel", "公用经费 running costs"], loc="lower right",
              frameon=False)
    nb.show(fig)
    display(nb.table(econ, ["amount"], ["share"], columns=["code", "item", "category", "amount", "share"],
                     rename={"code": "经济分类代码", "item": "科目名称", "category": "经费",
                             "amount": "金额（万元）", "share": "占基本支出 share"}))

# %% [markdown]
# ## 6. “三公”经费 The “three public” expenses
#
# 因公出国（境）费、公务用车购置及运行维护费、公务接待费合称“三公”经费，是社会最关注的行政开支。表中的**预算数是全年预算数（按规定程序调整后的预算，adjusted budget）**，不是年初预算；决算数包括当年财政拨款和以前年度结转资金安排的实际支出。**怎么读**：完成率 = 决算数 / 预算数；低于 100% 表示少花了。

# %%
three = None if ctx.lacks("three_public") else structure.three_public(d)
if three is None:
    display(ctx.lacks("three_public"))
elif ctx.is_budget:  # a budget: the budget of each part, no actual to set beside it
    results.save("three_public", three)
    results.metric("three_public_budget", three.loc[0, "budget"], "万元", "三公 预算数（部门预算）")
    display(nb.table(three, ["budget"], columns=["项目", "budget"],
                     rename={"项目": "项目 item", "budget": "预算数（部门预算）"}))
    if nb.blank(three, "budget"):
        display(nb.note("“三公”经费预算表没有填报金额，这里不画图。"))
    else:
        fig, ax = plt.subplots(figsize=(8, 3.8))
        charts.barh(ax, three["项目"], three["budget"], title=f"{year} 年“三公”经费预算（万元）")
        nb.show(fig)
else:
    results.save("three_public", three)
    results.metric("three_public_actual", three.loc[0, "actual"], "万元", "三公 决算数")
    results.metric("three_public_completion_pct", pct(three.loc[0, "completion_rate"]),
                   "%", "三公 决算数 / 全年预算数（调整后预算）")
    display(nb.table(three, ["budget", "actual", "variance"], ["completion_rate"],
                     columns=["项目", "budget", "actual", "variance", "completion_rate"],
                     rename={"项目": "项目 item", "budget": "预算数（全年）", "actual": "决算数",
                             "variance": "差额 = 决算 − 预算", "completion_rate": "完成率"}))
    if nb.blank(three, "budget", "actual"):
        display(nb.note("“三公”经费表没有填报金额，这里不画图。"))
    else:
        fig, ax = plt.subplots(figsize=(8, 3.8))
        charts.paired_barh(ax, three["项目"], three["budget"], three["actual"],
                           names=("预算数（全年预算）", "决算数"),
                           title=f"{year} 年“三公”经费（万元）")
        nb.show(fig)

# %% [markdown]
# ## 7. 与上年比较 Year-on-year figures stated in the narrative
#
# 决算只公布本年数，上年数要从情况说明里的“与上年相比，增加/减少 X 万元，增长/降低 Y%”推算：**上年数 = 本年数 − 增减额**（prior year implied = current − change）。表中同时给出所述增长率和用推算的上年数重算的增长率（增减额 / 上年数），两者应只差舍入。上年数为 0 时增长率没有意义，文中若仍写了增长率，重算一栏留空。

# %%
yoy = year_on_year(d.narrative_facts)
results.save("year_on_year", yoy)
display(nb.table(yoy, ["current", "change", "prior_year_implied"],
                 columns=["项目", "current", "change", "prior_year_implied",
                          "growth_stated_pct", "growth_recomputed_pct", "line"],
                 rename={"项目": "项目 item", "current": "本年（万元）", "change": "增减额",
                         "prior_year_implied": "推算的上年数", "growth_stated_pct": "所述增长率 %",
                         "growth_recomputed_pct": "重算增长率 %", "line": "原文行"}))

# %%
three_public = yoy["subject"].str.startswith("three_public")
for part, title in ((yoy[~three_public], "总量与机关运行经费（万元）"),
                    (yoy[three_public], "“三公”经费（万元）")):
    if part.empty:
        continue
    fig, ax = plt.subplots(figsize=(8, 0.9 + 0.55 * len(part)))
    charts.paired_barh(ax, part["项目"], part["prior_year_implied"], part["current"],
                       names=(f"{year - 1} 年（推算）", f"{year} 年"), colors=("#B0B0B0", "#4C72B0"),
                       title=f"与上年比较：{title}")
    nb.show(fig)

# %% [markdown]
# ## 保存的结果 Saved results
#
# 关键结果以 CSV 保存在本报告旁边（UTF-8，下面是链接，可直接用 Excel 或 pandas 打开）。每行都带年度 `year`、部门 `department_id`、`department` 三列，多年、多部门的批量输出可以直接纵向合并（concatenate）。`metrics` 文件是本报告的核心指标（一行一个指标：数值、单位、口径 basis）。

# %%
results.write_metrics()
display(results.metrics_table())
display(ctx.saved_links())
