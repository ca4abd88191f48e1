"""Write the committed notebooks in notebooks/ (outputs stripped, kernelspec python3, first code
cell tagged `parameters`). The .ipynb files are what users open; this script is how they are
kept consistent. Run: .venv/bin/python scripts/make_notebooks.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"

KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
LANGUAGE_INFO = {"name": "python", "file_extension": ".py", "mimetype": "text/x-python",
                 "pygments_lexer": "ipython3", "codemirror_mode": {"name": "ipython",
                                                                   "version": 3}}

PARAMETERS = '''\
year = 2024                # 年度 fiscal year
department = "zhuzhou-zjj" # 部门 id in data/raw/manifest.csv
raw_path = None            # 原始文件 raw file (None: its manifest entry)
output_dir = None          # 输出目录 output folder (None: reports/<year>/<department>/)
manifest = None            # 原始文件清单 raw manifest (None: data/raw/manifest.csv)'''

SETUP = '''\
from IPython.display import Markdown, display
import matplotlib.pyplot as plt

from zhuzhou_budget import charts
from zhuzhou_budget import notebook as nb
{imports}
NOTEBOOK = "{name}"
FONT = charts.use_cjk_font()  # 中文字体 CJK font: zhplot's Noto Sans SC, else a system font
d = nb.open_disclosure(year, department, raw_path, manifest)
out = nb.output_folder(output_dir, year, department)
results = nb.Results(out, NOTEBOOK, d, department)
display(Markdown(f"**{{d.meta.department}}** · {{d.meta.year}} 年度部门决算 · "
                 f"金额单位 unit: {{d.meta.unit}} · 来源 source: `{{d.meta.source_file}}` "
                 f"(sha256 `{{d.meta.sha256[:12]}}…`)"))'''

_BLOCK = re.compile(r"^(\||#|- |\* |\d+\. |```)")


def unwrap(text: str) -> str:
    """Join hard-wrapped lines of a paragraph: a line break inside Chinese text would show as a
    space in the rendered Markdown. Tables, headings, list items and code keep their lines."""
    out: list[str] = []
    for line in text.strip("\n").split("\n"):
        if out and out[-1] and line and not _BLOCK.match(line) and (
                not _BLOCK.match(out[-1]) or out[-1].startswith(("- ", "* "))
                or re.match(r"^\d+\. ", out[-1])):
            line = line.lstrip()
            # Chinese joins directly; a break between Latin words or numbers was a space.
            ascii_edge = re.match(r"[\w.,;:)%]", out[-1][-1:], re.ASCII) and \
                re.match(r"[\w(]", line[:1], re.ASCII)
            out[-1] += (" " if ascii_edge else "") + line
        else:
            out.append(line)
    return "\n".join(out)


def md(text: str):
    return new_markdown_cell(unwrap(text))


def code(text: str, *tags: str):
    cell = new_code_cell(text.strip("\n"))
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def header(title: str, intro: str, name: str, imports: str) -> list:
    return [
        md(f"# {title}\n\n{intro.strip()}"),
        code(PARAMETERS, "parameters"),
        code(SETUP.format(name=name, imports=imports)),
    ]


def footer() -> list:
    return [
        md("""
## 保存的结果 Saved results

关键结果以 CSV 保存在本笔记本旁边（`<笔记本>.<名称>.csv`，UTF-8）。每行都带 `year`、
`department_id`、`department` 三列，多年、多部门的批量输出可以直接纵向合并（concatenate）。
`<笔记本>.metrics.csv` 是本笔记本的核心指标（一行一个指标：数值、单位、口径 basis）。
"""),
        code('''\
results.write_metrics()
display(nb.readable(__import__("pandas").DataFrame(results.metrics)))
for p in sorted(out.glob(f"{NOTEBOOK}.*")):
    print(p.name)'''),
    ]


def write(name: str, cells: list) -> Path:
    notebook = new_notebook(cells=cells, metadata={"kernelspec": KERNELSPEC,
                                                   "language_info": LANGUAGE_INFO})
    nbformat.validate(notebook)
    path = NOTEBOOKS / f"{name}.ipynb"
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        nbformat.write(notebook, fh)
    return path


# ---------------------------------------------------------------------------------------------
# 01 Income structure


def income_structure() -> list:
    name = "01_income_structure"
    cells = header(
        "收入结构 Income and expenditure structure",
        """
本笔记本回答：**钱从哪里来（收入来源、资金性质），花到哪里去（支出功能分类的类和款、
基本支出与项目支出、人员经费与公用经费、经济分类的款），以及“三公”经费**。
所有数字直接来自部门决算的九张表（通过 `zhuzhou_budget.load()` 解析，金额为 `Decimal`，
单位 **万元**）。表中空白格表示“未填报”（not reported），与填报的 0.00 不同，下文显示为 “—”。

*What this notebook shows: where the money came from and where it went, from the nine
final-accounts tables. Amounts in 万元 (10,000 yuan).*
""", name, "from zhuzhou_budget.analysis import pct, structure\n"
                    "from zhuzhou_budget.analysis.yoy import year_on_year\n")
    cells += [
        md("""
## 1. 收入来源 Income by source

来自 **收入决算表**（income table）的“合计”行。部门的收入分为财政拨款收入（fiscal
appropriation）、上级补助收入、事业收入、经营收入、附属单位上缴收入和其他收入。
**怎么读**：“占比 share”是该来源占本年收入合计的比例；财政拨款占比越高，部门越依赖
同级财政。
"""),
        code('''\
income = structure.income_by_source(d)
results.save("income_by_source", income)
total_income = sum(v for v in income["amount"] if v is not None)
results.metric("income_total", total_income, "万元", "收入决算表 合计")
results.metric("fiscal_appropriation_share_pct", pct(income.loc[0, "share"]), "%",
               "财政拨款收入 / 本年收入合计")
display(nb.readable(income, ["amount"], ["share"],
                    {"source": "source", "amount": "金额（万元）", "share": "占比 share"}))'''),
        code('''\
fig, ax = plt.subplots(figsize=(8, 3.2))
charts.barh(ax, income["来源"], income["amount"], title=f"{year} 年收入来源（万元）")
plt.tight_layout()
plt.show()'''),
        md("""
## 2. 按资金性质 Income by fund type

来自 **收入支出决算总表**（income and expenditure summary）的收入侧各行。财政拨款分为
一般公共预算（general public budget）、政府性基金预算（government fund budget）和
国有资本经营预算（state capital operation budget）三本预算；其余收入归为“非财政拨款”。
**怎么读**：一般公共预算是税收等一般收入安排的资金；政府性基金主要来自土地出让等专项收入，
只能用于规定用途。
"""),
        code('''\
funds = structure.income_by_fund_type(d)
results.save("income_by_fund_type", funds)
display(nb.readable(funds, ["amount"], ["share"],
                    {"item": "收入项目", "fund_type": "资金性质 fund type",
                     "amount": "金额（万元）", "share": "占比 share"}))'''),
        md("""
## 3. 支出功能分类 Expenditure by function (类 and 款)

来自 **支出决算表**（expenditure table）。支出功能分类（政府收支分类科目）说明钱用于什么事务：
类（3 位代码，如 212 城乡社区支出）下分款（5 位）和项（7 位）。每一类的支出又分为
基本支出（basic：保障机构运转的人员经费和公用经费）和项目支出（project：完成特定任务的支出）。
**怎么读**：条形的总长是该类支出合计，颜色区分基本支出和项目支出；“占比”是占本年支出合计的比例。
"""),
        code('''\
by_class = structure.expenditure_by_function(d, "类")
by_kuan = structure.expenditure_by_function(d, "款")
results.save("expenditure_by_class", by_class)
results.save("expenditure_by_kuan", by_kuan)
cols = {"code": "科目代码", "item": "科目名称", "total": "合计（万元）", "basic": "基本支出",
        "project": "项目支出", "share": "占比 share"}
display(nb.readable(by_class, ["total", "basic", "project"], ["share"], cols))'''),
        code('''\
fig, ax = plt.subplots(figsize=(9, 3.6))
charts.stacked_barh(ax, [f"{c} {n}" for c, n in zip(by_class["code"], by_class["item"], strict=True)],
                    {"基本支出 basic": by_class["basic"], "项目支出 project": by_class["project"]},
                    title=f"{year} 年支出功能分类（类，万元）")
plt.tight_layout()
plt.show()'''),
        md("""
款一级（5 位代码）把类再细分。例如城乡社区支出（212）下的城乡社区管理事务（21201）
和城乡社区公共设施（21203）。
"""),
        code('''\
display(nb.readable(by_kuan, ["total", "basic", "project"], ["share"], cols))
fig, ax = plt.subplots(figsize=(9, 5))
charts.stacked_barh(ax, [f"{c} {n}" for c, n in zip(by_kuan["code"], by_kuan["item"], strict=True)],
                    {"基本支出 basic": by_kuan["basic"], "项目支出 project": by_kuan["project"]},
                    title=f"{year} 年支出功能分类（款，万元）")
plt.tight_layout()
plt.show()'''),
        md("""
## 4. 基本支出与项目支出 Basic vs project expenditure

**基本支出**保障机构正常运转（工资、社保、办公费等），**项目支出**用于完成特定的行政任务
或事业发展目标（如市政设施、住房保障专项）。项目支出占比高，说明部门的钱更多用于
具体任务而非自身运转；也常说明年中追加了较多专项资金。
"""),
        code('''\
kinds = structure.basic_vs_project(d)
results.save("basic_vs_project", kinds)
results.metric("project_share_pct", pct(kinds.loc[1, "share"]), "%",
               "支出决算表 项目支出 / 本年支出合计")
display(nb.readable(kinds, ["amount"], ["share"], {"amount": "金额（万元）",
                                                   "share": "占比 share"}))'''),
        md("""
## 5. 人员经费与公用经费 Personnel vs running costs, and the economic 款

来自 **一般公共预算财政拨款基本支出决算明细表**（按部门预算支出经济分类 economic
classification）。人员经费 = 工资福利支出（301）+ 对个人和家庭的补助（303）；
公用经费 = 商品和服务支出（302）+ 债务利息（307）+ 资本性支出（310）+ 其他支出（399）。
**怎么读**：此表只覆盖一般公共预算的**基本支出**，不含项目支出；占比是占基本支出的比例。
"""),
        code('''\
staff = structure.personnel_vs_public(d)
econ = structure.economic_breakdown(d, "款")
results.save("personnel_vs_public", staff)
results.save("economic_kuan", econ)
results.metric("personnel_share_pct", pct(staff.loc[0, "share"]), "%",
               "人员经费合计 / 基本支出（一般公共预算）")
display(nb.readable(staff, ["amount"], ["share"], {"category": "经费", "amount": "金额（万元）",
                                                   "share": "占基本支出 share"}))'''),
        code('''\
top = econ.head(15)
fig, ax = plt.subplots(figsize=(9, 5.5))
colors = ["#4C72B0" if c == "人员经费" else "#DD8452" for c in top["category"]]
charts.barh(ax, [f"{c} {n}" for c, n in zip(top["code"], top["item"], strict=True)], top["amount"],
            title=f"{year} 年基本支出经济分类：最大的 15 个款（万元）", color=colors)
ax.legend(handles=[plt.Rectangle((0, 0), 1, 1, color="#4C72B0"),
                   plt.Rectangle((0, 0), 1, 1, color="#DD8452")],
          labels=["人员经费 personnel", "公用经费 running costs"], loc="lower right",
          frameon=False)
plt.tight_layout()
plt.show()
display(nb.readable(econ, ["amount"], ["share"], {"code": "经济分类代码", "item": "科目名称",
                                                  "category": "经费", "amount": "金额（万元）",
                                                  "share": "占基本支出 share"}))'''),
        md("""
## 6. “三公”经费 The “three public” expenses

因公出国（境）费、公务用车购置及运行维护费、公务接待费合称“三公”经费，是社会最关注的
行政开支。表中的**预算数是全年预算数（按规定程序调整后的预算，adjusted budget）**，
不是年初预算；决算数包括当年财政拨款和以前年度结转资金安排的实际支出。
**怎么读**：完成率 = 决算数 / 预算数；低于 100% 表示少花了。
"""),
        code('''\
three = structure.three_public(d)
results.save("three_public", three)
results.metric("three_public_actual", three.loc[0, "actual"], "万元", "三公 决算数")
results.metric("three_public_completion_pct", pct(three.loc[0, "completion_rate"]),
               "%", "三公 决算数 / 全年预算数（调整后预算）")
display(nb.readable(three, ["budget", "actual", "variance"], ["completion_rate"],
                    {"budget": "预算数（全年）", "actual": "决算数", "variance": "差额",
                     "completion_rate": "完成率"}))
fig, ax = plt.subplots(figsize=(8, 3.8))
charts.paired_barh(ax, three["项目"], three["budget"], three["actual"],
                   names=("预算数（全年预算）", "决算数"), title=f"{year} 年“三公”经费（万元）")
plt.tight_layout()
plt.show()'''),
        md("""
## 7. 与上年比较 Year-on-year figures stated in the narrative

决算只公布本年数，上年数要从情况说明里的“与上年相比，增加/减少 X 万元，增长/降低 Y%”
推算：**上年数 = 本年数 − 增减额**（prior year implied = current − change）。表中同时给出
所述增长率和用推算的上年数重算的增长率（增减额 / 上年数），两者应只差舍入。
上年数为 0 时增长率没有意义，文中若仍写了增长率，重算一栏留空。
"""),
        code('''\
yoy = year_on_year(d.narrative_facts)
results.save("year_on_year", yoy)
display(nb.readable(yoy, ["current", "change", "prior_year_implied"],
                    columns=["项目", "current", "change", "prior_year_implied",
                             "growth_stated_pct", "growth_recomputed_pct", "line"],
                    rename={"current": "本年（万元）", "change": "增减额", "prior_year_implied":
                            "推算的上年数", "growth_stated_pct": "所述增长率 %",
                            "growth_recomputed_pct": "重算增长率 %", "line": "原文行"}))'''),
        code('''\
three_public = yoy["subject"].str.startswith("three_public")
for part, title in ((yoy[~three_public], "总量与机关运行经费（万元）"),
                    (yoy[three_public], "“三公”经费（万元）")):
    if part.empty:
        continue
    fig, ax = plt.subplots(figsize=(8, 0.9 + 0.55 * len(part)))
    charts.paired_barh(ax, part["项目"], part["prior_year_implied"], part["current"],
                       names=(f"{year - 1} 年（推算）", f"{year} 年"), colors=("#B0B0B0", "#4C72B0"),
                       title=f"与上年比较：{title}")
    plt.tight_layout()
    plt.show()'''),
    ]
    return name, cells + footer()


# ---------------------------------------------------------------------------------------------
# 02 Budget execution variance


def budget_execution_variance() -> list:
    name = "02_budget_execution_variance"
    cells = header(
        "预算执行差异 Budget execution variance",
        """
本笔记本比较**预算（budget）与决算（actual）**：情况说明逐项列出的每一个功能分类“项”的
年初预算和支出决算、完成率、差额及所述原因；按透明的关键词规则把原因归类；计算 PEFA
（公共支出与财政问责框架）PI-1 总体支出执行率和 PI-2 支出结构偏差；并汇总“三公”经费、
机关运行经费和绩效自评报告里的预算执行数字。

**预算口径 budget basis 必须分清**：

| 口径 | 含义 | 本笔记本中用于 |
|---|---|---|
| 年初预算 original approved budget | 人大批准的年初预算 | 逐项执行、PI-1、PI-2、机关运行经费 |
| 全年预算 adjusted budget | 年中追加、调整后的预算 | “三公”经费、绩效自评的整体支出 |
| 决算 actual | 实际支出（表中数） | 所有比较 |

完成率 = 决算 / 预算。对年初预算的完成率大大超过 100%，通常说明年中追加了大量预算，
而不是“超支”：追加也是按程序批准的，但它意味着年初预算没能反映全年的实际安排。
""", name, "from zhuzhou_budget.analysis import execution as ex\n"
                    "from zhuzhou_budget.analysis import performance as pf\n"
                    "from zhuzhou_budget.analysis import structure\n"
                    "from zhuzhou_budget.analysis.reasons import rules_frame\n"
                    "from zhuzhou_budget.analysis.variance import PI1_BANDS, PI2_BANDS\n")
    cells += [
        md("""
## 1. 各数字的预算口径 Which budget each figure uses

文件里出现的每一组“预算 vs 决算”及其口径。`rate_pct` 是按所列预算和决算重算的完成率，
`rate_stated_pct` 是文件所述的完成率。口径不同的完成率不能直接相比。
"""),
        code('''\
table = ex.items(d, "general_budget")
three = structure.three_public(d)
bases = ex.bases(d, table, three)
results.save("budget_bases", bases)
display(nb.readable(bases, ["budget", "actual"], rename={
    "figure": "数字 figure", "basis": "预算口径 basis", "budget": "预算（万元）",
    "actual": "决算（万元）", "rate_pct": "重算完成率 %", "rate_stated_pct": "所述完成率 %",
    "source": "出处"}))'''),
        md("""
## 2. 逐项执行情况 Every stated 项, ranked by variance

情况说明（一般公共预算财政拨款支出决算具体情况）逐项说明“年初预算为 X 万元，
支出决算为 Y 万元，完成年初预算的 Z%”。下表按**绝对差额**（决算 − 年初预算）从大到小排列：

- 完成率 completion rate = 决算 / 年初预算；年初预算为 0 的项没有完成率（显示 “—”）。
- 相对差额 relative variance = 完成率 − 1。
- “决算”取自一般公共预算财政拨款支出决算表；若文字所述单位与表不同（如写成“元”），
  “单位误写”标为“是”——这是文字的笔误，不影响表中数。
- “名称不一致”标出文字中的款/项名称与表中不同的层级（如把“行政事业单位医疗”款写成
  “事业单位医疗”）。
"""),
        code('''\
results.save("items", table)
results.metric("items", len(table), "项", "情况说明逐项说明的项（一般公共预算）")
results.metric("items_budget_initial_total", sum(table["budget_initial"]), "万元",
               "各项年初预算之和")
results.metric("unit_slips", int(table["unit_slip"].sum()), "处", "文字所述单位与表不同")
display(nb.readable(table, ["budget_initial", "actual", "variance"],
                    ["completion_rate", "relative_variance"],
                    columns=["rank", "code", "item_name", "budget_initial", "actual",
                             "completion_rate", "completion_rate_stated", "variance",
                             "relative_variance", "类别", "unit_slip", "name_mismatch", "line"],
                    rename={"rank": "名次", "code": "科目代码", "item_name": "项",
                            "budget_initial": "年初预算", "actual": "决算",
                            "completion_rate": "完成率", "completion_rate_stated": "所述完成率 %",
                            "variance": "差额", "relative_variance": "相对差额",
                            "类别": "原因类别", "unit_slip": "单位误写",
                            "name_mismatch": "名称不一致", "line": "原文行"}))'''),
        code('''\
fig, ax = plt.subplots(figsize=(9, 0.8 + 0.34 * len(table)))
charts.diverging_barh(ax, [f"{c} {n}" for c, n in zip(table["code"], table["item_name"], strict=True)],
                      table["variance"], title=f"{year} 年各项决算与年初预算之差（万元）",
                      xlabel="决算 − 年初预算（万元）")
plt.tight_layout()
plt.show()'''),
        md("""
红色条表示决算超过年初预算（多为年中追加），蓝色条表示少于年初预算。
"""),
        md("""
## 3. 原因归类 Stated reasons by category

每一项都写明了“决算数大于/小于年初预算数的主要原因”。下面的**关键词规则**就是归类的
全部依据：原因包含某类的任一关键词即属于该类；同时属于多类时，取表中排在最前的一类
为主类别（更具体的机制排在前面）。规则和结果都列出来，读者可以逐条核对。
"""),
        code('''\
display(nb.readable(rules_frame(), rename={"order": "顺序", "category": "类别 id",
                                           "english": "English", "keywords": "关键词"}))
display(nb.readable(table, columns=["code", "item_name", "direction", "类别", "categories",
                                    "reason"],
                    rename={"code": "科目代码", "item_name": "项", "direction": "大于/小于",
                            "类别": "主类别", "categories": "命中的类别",
                            "reason": "所述原因 stated reason"}))'''),
        code('''\
cats = ex.by_category(table)
results.save("reason_categories", cats)
display(nb.readable(cats, ["budget_initial", "actual", "variance"], rename={
    "category": "类别 id", "items": "项数", "budget_initial": "年初预算", "actual": "决算",
    "variance": "差额合计", "codes": "科目代码"}))
fig, ax = plt.subplots(figsize=(8, 0.9 + 0.5 * len(cats)))
charts.diverging_barh(ax, [f"{c}（{n} 项）" for c, n in zip(cats["类别"], cats["items"], strict=True)],
                      cats["variance"], title="按原因类别的差额合计（万元）",
                      xlabel="决算 − 年初预算（万元）")
plt.tight_layout()
plt.show()'''),
        md("""
## 4. PEFA PI-1 总体支出执行率 Aggregate expenditure outturn

PI-1 = 实际总支出 / 批准的年初预算总支出。PEFA 2016 的评分区间（dimension 1.1）：
A 95%–105%，B 90%–110%，C 85%–115%，其余为 D。PEFA 对一个政府看连续三年（三年中至少两年
达到）；这里只有一年，给出的是**该年所处的区间**，也不是对政府整体的正式评估，而是把同一
方法用于一个部门。下表列出几种口径，第一行是标题口径。
"""),
        code('''\
outturn = ex.aggregate(d, table)
results.save("pi1", outturn)
headline = outturn.iloc[0]
results.metric("pi1_pct", headline["pi1_pct"], "%", headline["basis"])
results.metric("pi1_band", headline["band"], "", "PEFA 2016 PI-1.1")
display(nb.readable(outturn, ["budget", "actual"], rename={
    "basis": "口径 basis", "budget": "年初预算（万元）", "actual": "决算（万元）",
    "pi1_pct": "PI-1 %", "band": "区间 band", "note": "说明"}))
display(Markdown(
    f"**PI-1 = {headline['actual']:,} / {headline['budget']:,} = {headline['pi1_pct']}%，"
    f"区间 {headline['band']}**（A: {PI1_BANDS[0][1] * 100:.0f}–{PI1_BANDS[0][2] * 100:.0f}%，"
    f"B: {PI1_BANDS[1][1] * 100:.0f}–{PI1_BANDS[1][2] * 100:.0f}%，"
    f"C: {PI1_BANDS[2][1] * 100:.0f}–{PI1_BANDS[2][2] * 100:.0f}%）。"))'''),
        md("""
## 5. PEFA PI-2 支出结构偏差 Composition variance (类 and 款)

PI-2 衡量预算在各科目之间的**结构**是否按计划执行，剔除了总量变化的影响（adjusted-budget
method）：

1. k = Σ决算 / Σ年初预算（总量的放大倍数）；
2. 调整后预算 ABᵢ = 年初预算ᵢ × k；
3. 偏差 Dᵢ = 决算ᵢ − ABᵢ（ΣDᵢ = 0）；
4. 结构偏差 = Σ|Dᵢ| / ΣABᵢ。

评分区间（dimension 2.1）：A < 5%，B < 10%，C < 15%，其余为 D。这里用逐项说明的各项，
按功能分类的**类**（3 位代码）和**款**（5 位代码）汇总后计算。偏差为正的科目拿到了比
“按比例放大的年初预算”更多的钱，为负的则更少。
"""),
        code('''\
pi2_rows = []
for level, digits in (("类", 3), ("款", 5)):
    comp = ex.composition(d, table, digits)
    results.save(f"pi2_{'class' if digits == 3 else 'kuan'}", comp.lines)
    results.metric(f"pi2_{'class' if digits == 3 else 'kuan'}_pct", comp.percent, "%",
                   f"PI-2 按{level}，年初预算口径")
    pi2_rows.append({"level": level, "k": round(comp.k, 4), "variance_pct": comp.percent,
                     "band": comp.band})
    display(Markdown(f"**按{level}：k = {comp.k:.4f}，结构偏差 = {comp.percent}%，区间 {comp.band}**"))
    display(nb.readable(comp.lines, ["budget", "actual", "adjusted_budget", "deviation"],
                        columns=["code", "name", "budget", "actual", "adjusted_budget",
                                 "deviation", "items"],
                        rename={"code": "科目代码", "name": "名称", "budget": "年初预算 B",
                                "actual": "决算 A", "adjusted_budget": "调整后预算 AB = B×k",
                                "deviation": "偏差 D = A − AB", "items": "项数"}))
    if digits == 3:
        fig, ax = plt.subplots(figsize=(8, 0.9 + 0.5 * len(comp.lines)))
        charts.diverging_barh(ax, [f"{c} {n}" for c, n in zip(comp.lines["code"],
                                                              comp.lines["name"], strict=True)],
                              comp.lines["deviation"], title="按类的结构偏差 D（万元）",
                              xlabel="决算 − 调整后预算（万元）")
        plt.tight_layout()
        plt.show()
display(Markdown("区间 bands: " + "，".join(f"{b} < {lim * 100:.0f}%" for b, lim in PI2_BANDS)
                 + "，其余 D。"))'''),
        md("""
## 6. “三公”经费 预算 vs 决算 (adjusted budget)

“三公”经费表的预算数是**全年预算数（调整后）**，因此这里的完成率与上面的年初预算口径
不同。
"""),
        code('''\
display(nb.readable(three, ["budget", "actual", "variance"], ["completion_rate"],
                    columns=["项目", "budget", "actual", "variance", "completion_rate"],
                    rename={"budget": "全年预算", "actual": "决算", "variance": "差额",
                            "completion_rate": "完成率"}))'''),
        md("""
## 7. 机关运行经费 Administrative running costs

情况说明只给出本年数和“比年初预算增加/减少 X 万元”“比上年决算增加/减少 Y 万元”，
年初预算和上年数要由此推算（budget implied = 本年 − 增减额）。请对照原文所述的原因，
看它和增减方向是否一致；下属单位的数字也照原文列出，注意单位（元还是万元）。
"""),
        code('''\
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
    display(nb.readable(admin, ["base", "actual", "change"], rename={
        "comparison": "比较", "base": "推算的基数（万元）", "actual": "本年（万元）",
        "change": "所述增减额", "rate_stated_pct": "所述增减率 %",
        "rate_recomputed_pct": "重算增减率 %"}))
    source = d.narrative_facts
    source = source[source["subject"] == "admin_costs"]["text"].drop_duplicates()
    display(Markdown("原文 source: " + " ".join(f"“{t}”" for t in source)))
    display(nb.readable(units, rename={"unit_name": "下属单位", "value": "所述数",
                                       "unit": "所述单位", "value_wan": "折合万元",
                                       "line": "原文行"}))'''),
        md("""
## 8. 绩效自评报告中的预算执行 The performance report's budget vs execution

绩效自评用的是**全年预算数（调整后）**衡量部门整体支出；附件自评报告里的基本支出、
项目支出则是**本级**（不含下属单位）的**年初预算**。三组数字口径各不相同，不能与上面的
年初预算完成率混用。
"""),
        code('''\
perf = d.performance
display(nb.readable(perf.overall, ["budget_full_year", "actual"], columns=[
    "evaluated", "budget_full_year", "actual", "completion_rate_stated", "completion_rate"],
    rename={"evaluated": "评价对象", "budget_full_year": "全年预算（万元）",
            "actual": "执行数（万元）", "completion_rate_stated": "所述完成率 %",
            "completion_rate": "重算完成率 %"}))
display(nb.readable(perf.budget_vs_actual.assign(kind=perf.budget_vs_actual["kind"].map(
                        lambda k: pf.KIND_ZH.get(k, k))), ["budget_initial", "actual"], columns=[
    "kind", "budget_initial", "actual", "completion_rate_stated", "completion_rate"],
    rename={"kind": "支出", "budget_initial": "年初预算（本级）", "actual": "决算",
            "completion_rate_stated": "所述完成率 %", "completion_rate": "重算完成率 %"}))
if not perf.overall.empty:
    results.metric("performance_full_year_completion_pct",
                   perf.overall.iloc[0]["completion_rate_stated"], "%",
                   "整体支出 执行数 / 全年预算数（调整后）")'''),
    ]
    return name, cells + footer()


# ---------------------------------------------------------------------------------------------
# 03 Performance findings


def performance_findings() -> list:
    name = "03_performance_findings"
    cells = header(
        "绩效评价 Performance self-evaluation findings",
        """
部门每年对整体支出做**绩效自评**（self-evaluation）：自己打分（满分 100）、定等级
（多数省份 90 分以上为“优”），说明覆盖的项目和资金、完成了哪些绩效目标（附量化指标）、
发现了哪些问题及原因、下一步的改进措施，并列出各类项目清单（年初预算项目、年中追加项目、
单位主管的公共专项）及其预算和实际支出。

本笔记本把这些内容整理成表，**核对项目清单所述的个数和合计**，并把高自评分与报告自己
列出的问题放在一起看。数据来自 `d.performance`（情况说明第十三部分和附件的自评报告；
两处重复的内容只列一次，`lines` 给出所有出处行）。
""", name, "from zhuzhou_budget.analysis import execution as ex\n"
                    "from zhuzhou_budget.analysis import performance as pf\n")
    cells += [
        md("""
## 1. 得分、等级与覆盖范围 Score, grade and coverage

覆盖范围说明自评涉及多少项目、多少资金，以及占相应支出的比例。
"""),
        code('''\
perf = d.performance
overall = perf.overall
results.save("overall", overall)
results.save("coverage", perf.coverage)
if not overall.empty:
    o = overall.iloc[0]
    results.metric("score", o["score"], "分", f"{o['evaluated']} 绩效自评得分")
    results.metric("grade", o["grade"], "", "评价等级")
    display(Markdown(f"**{o['evaluated']}** 绩效自评得分 **{o['score']} 分**，"
                     f"评价等级 **“{o['grade']}”**。"))
display(nb.readable(perf.coverage.assign(fund=perf.coverage["fund"].map(
                        lambda f: pf.FUND_ZH.get(f, f))),
                    ["amount"], columns=["fund", "projects", "amount", "share",
                                                         "share_basis"],
                    rename={"fund": "资金", "projects": "项目数", "amount": "资金（万元）",
                            "share": "所述占比 %", "share_basis": "占比的基数"}))'''),
        md("""
## 2. 绩效目标完成情况 Achievements and their indicators

每一条成绩及其量化指标（indicator）、数值和单位。“余”“第”等限定词（qualifier）照原文
保留：“240 余亿元”表示略多于 240 亿元。没有量化指标的成绩，指标一栏为空。
"""),
        code('''\
ach = pf.achievements(perf)
results.save("achievements", ach, unit=None)
results.metric("achievements", int(ach["no"].nunique()), "条", "绩效目标完成情况的条数")
display(nb.readable(ach, columns=["no", "statement", "indicator", "qualifier", "value", "unit",
                                  "lines"],
                    rename={"no": "序号", "statement": "成绩", "indicator": "指标",
                            "qualifier": "限定", "value": "数值", "unit": "单位",
                            "lines": "原文行"}))'''),
        md("""
## 3. 问题、原因与改进措施 Problems, causes and measures

报告自己列出的问题及原因。“目标未完成”为“是”的，是问题里写明“未达到/未完成/未编制”的
年初目标。改进措施紧随其后——可以看一看措施是否针对这些问题。
"""),
        code('''\
probs = pf.problems(perf)
meas = pf.measures(perf)
results.save("problems", probs, unit=None)
results.save("measures", meas, unit=None)
results.metric("problems", len(probs), "个", "列出的问题")
display(nb.readable(probs, columns=["no", "problem", "cause", "target_missed", "lines"],
                    rename={"no": "序号", "problem": "问题", "cause": "原因",
                            "target_missed": "目标未完成", "lines": "原文行"}))
display(nb.readable(meas, columns=["no", "measure", "lines"],
                    rename={"no": "序号", "measure": "改进措施", "lines": "原文行"}))'''),
        md("""
## 4. 项目清单 Project lists, with their stated totals checked

自评报告按三类列出项目：**年初预算项目**（initial）、**年中追加项目**（midyear）和
**单位主管的公共专项**（public_special）。每类开头都说明了个数和金额合计；下面先列出
每个项目，再把“所述”（stated）与“逐项相加”（listed）对照。“一致”为“否”的地方，
报告的说法和它自己列出的清单对不上（金额比较按尾数误差容许）。
"""),
        code('''\
projects = perf.projects
checks = pf.project_list_checks(perf)
results.save("projects", projects)
results.save("project_list_checks", checks)
results.metric("project_list_mismatches", int((checks["matches"] == False).sum()), "处",  # noqa: E712
               "项目清单所述与逐项相加不符")
display(nb.readable(projects.assign(list=projects["list"].map(lambda x: pf.LIST_ZH.get(x, x))),
                    ["budget_initial", "actual", "adjustment"],
                    columns=["list", "no", "name", "budget_initial", "actual", "adjustment"],
                    rename={"list": "清单", "no": "序号", "name": "项目",
                            "budget_initial": "年初预算", "actual": "实际支出",
                            "adjustment": "调整金额"}))
display(nb.readable(checks, columns=["title", "项目", "stated", "listed", "difference",
                                     "matches", "line"],
                    rename={"title": "清单", "stated": "所述", "listed": "逐项相加",
                            "difference": "差", "matches": "一致", "line": "原文行"}))'''),
        code('''\
shown = projects.sort_values("actual", key=lambda s: s.map(lambda v: v or 0), ascending=False)
colors = {"initial": "#4C72B0", "midyear": "#DD8452", "public_special": "#55A868"}
fig, ax = plt.subplots(figsize=(9, 0.8 + 0.32 * len(shown)))
charts.barh(ax, [n if len(n) <= 22 else n[:21] + "…" for n in shown["name"]], shown["actual"],
            color=[colors.get(x, "#8C8C8C") for x in shown["list"]],
            title=f"{year} 年自评报告所列项目的实际支出（万元）")
ax.legend(handles=[plt.Rectangle((0, 0), 1, 1, color=c) for c in colors.values()],
          labels=[pf.LIST_ZH[k] for k in colors], loc="lower right",
          frameon=False)
plt.tight_layout()
plt.show()'''),
        md("""
## 5. 高自评分与所列问题 A high self-score beside the problems it lists

自评分高不等于没有问题。下表把自评分与报告**自己**给出的信号放在一起：列出的问题、
未完成的年初目标、项目清单的不一致，以及两种口径的预算完成率。年初预算完成率远超 100%
说明年初预算与全年实际安排差距很大（大量年中追加），这本身就是预算编制质量的问题，
而全年预算口径的完成率（调整后）看起来却接近 100%。读者可据此判断自评分是否偏宽。
"""),
        code('''\
gb_rate = ex.stated(d, "general_budget.total", "completion_rate")
signals = pf.tension(d, gb_rate)
results.save("tension", signals, unit=None)
display(nb.readable(signals, rename={"signal": "信号 signal", "value": "数值", "unit": "单位",
                                     "reading": "怎么读"}))'''),
    ]
    return name, cells + footer()


# ---------------------------------------------------------------------------------------------
# 04 Reconciliation


def reconciliation() -> list:
    name = "04_reconciliation"
    cells = header(
        "勾稽核对 Reconciliation report",
        """
一份正确的部门决算，各表之间、表内各行各列之间、文字说明与表格之间的数字必须相互吻合
（勾稽关系，accounting identities）。本笔记本运行 `zhuzhou_budget.reconcile()`
的全部核对，并列出：**按核对类别（family）和严重程度（severity）汇总的结果、每一个错误
和警告及其证据（evidence）、尾数误差（rounding differences）的汇总**。

严重程度的含义 *(how to read the severity)*：

| severity | 中文 | 含义 |
|---|---|---|
| error | 错误 | 差额超出尾数误差的容许范围：数字不一致，需要更正或解释 |
| warning | 警告 | 启发式核对（heuristic）不一致或疑似问题（如单位误写），需要人工判断 |
| rounding | 尾数误差 | 差额在容许范围内。每个印出的数最多带有末位半个单位（0.005 万元）的舍入，n 项之和与印出的合计最多可差 (n + 1) × 0.005 万元 |
| info | 提示 | 说明性信息（如某表按规定为空表） |
""", name, "from zhuzhou_budget.analysis import findings as fs\n"
                    "from zhuzhou_budget import reconcile\n")
    cells += [
        md("""
## 1. 总览 Overview

每一行是一个核对类别：完整性（completeness：该有的表和数字是否齐全）、表内（within：
类 = Σ款、合计 = 基本 + 项目等）、表间（across：总表与分表、财政拨款表与支出表等），
以及文字说明与表格的核对（narrative）。数字是发现（finding）的条数；完全相等的比较
不产生发现。
"""),
        code('''\
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
display(nb.readable(summary, rename={"family": "类别 family", "error": "错误", "warning": "警告",
                                     "rounding": "尾数误差", "info": "提示", "total": "合计"}))'''),
        code('''\
fig, ax = plt.subplots(figsize=(8, 2.8))
charts.stacked_barh(ax, [fs.FAMILY_ZH.get(f, f) for f in summary["family"]],
                    {fs.SEVERITY_ZH[s]: summary[s] for s in ("error", "warning", "rounding", "info")},
                    colors=("#C44E52", "#DD8452", "#8C8C8C", "#4C72B0"), xlabel="发现（条）",
                    fmt=lambda v: f"{v:.0f} 条", integer=True,
                    title=f"{year} 年核对发现 findings by family")
plt.tight_layout()
plt.show()'''),
        md("""
## 2. 错误与警告 Errors and warnings, with their evidence

每一条都给出：核对名称（check）、说明（message）、应为（expected）与实际（actual）、
差额（difference）与容许误差（tolerance），所在的表、科目代码和列，或文字说明的章节、
原文行号（line）和摘录（excerpt）；`terms` 列出参与比较的每一个印出的数。
"""),
        code('''\
problems = fs.issues(findings)
results.save("errors_and_warnings", problems)
if problems.empty:
    display(Markdown("**本年度没有发现错误或警告。** *No errors or warnings.*"))
for _, f in problems.iterrows():
    where = f["table"] or f["section"]
    display(Markdown(
        f"**{fs.SEVERITY_ZH[f['severity']]} · {f['check']}** — {f['message']}\\n\\n"
        f"- 应为 expected {nb.number(f['expected'])}，实际 actual {nb.number(f['actual'])}，"
        f"差额 difference {nb.number(f['difference'])}（容许 tolerance "
        f"{nb.number(f['tolerance'])}）\\n"
        f"- 位置 where: {where} {f['code']} {f['column']}，原文第 {f['line']} 行 (line)\\n"
        + (f"- 摘录 excerpt: “{f['excerpt']}”\\n" if f["excerpt"] else "")
        + (f"- 参与比较的数 terms: `{f['terms']}`" if f["terms"] else "")))'''),
        md("""
## 3. 尾数误差 Rounding differences

尾数误差不是错误：表中每个数都是四舍五入到 0.01 万元后印出的，加总时末位可能差一两分。
下表按核对汇总：出现次数、最大差额和对应的容许误差；图中是各种大小的差额出现的次数。
"""),
        code('''\
rounding = fs.rounding_summary(findings)
sizes = fs.rounding_by_size(findings)
results.save("rounding_summary", rounding)
results.metric("rounding_max_abs_difference", max(rounding["max_abs_difference"], default=None),
               "万元", "largest rounding difference")
display(nb.readable(rounding, ["max_abs_difference"], rename={
    "check": "核对 check", "family": "类别", "count": "次数",
    "max_abs_difference": "最大差额（万元）", "max_tolerance": "最大容许误差（万元）",
    "tables": "涉及的表"}))
if not sizes.empty:
    fig, ax = plt.subplots(figsize=(6, 0.6 + 0.5 * len(sizes)))
    charts.barh(ax, [f"{v} 万元" for v in sizes["difference"]], sizes["count"],
                xlabel="次数（次）", fmt=lambda v: f"{v:.0f} 次", color="#8C8C8C", integer=True,
                title="尾数误差的大小 size of rounding differences")
    plt.tight_layout()
    plt.show()'''),
        md("""
## 4. 提示 Notes

提示不是问题，而是读表时需要知道的情况（例如某张表按规定为空表并附有说明文字）。
"""),
        code('''\
notes = findings[findings["severity"] == "info"]
display(nb.readable(notes, columns=["check", "family", "message", "table", "line"]))'''),
    ]
    return name, cells + footer()


BUILDERS = [income_structure, budget_execution_variance, performance_findings, reconciliation]


def main(argv: list[str] | None = None) -> int:
    for build in BUILDERS:
        name, cells = build()
        print(write(name, cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
