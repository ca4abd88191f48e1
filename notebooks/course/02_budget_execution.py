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
# # 作业二 预算执行：年初预算与决算 Assignment 2 — Budget execution
#
# 情况说明逐项说明了一般公共预算财政拨款支出的“项”：年初预算多少、决算多少、为什么不同。`d.frame("budget_execution", numeric=True)` 是这些项（`fund == "general_budget"`），`zhuzhou_budget.analysis.execution` 把它们排好序并计算 PEFA 指标。
#
# *The narrative states, for each 项 (item) of general-budget spending, its original budget (年初预算), its actual (决算) and why they differ. Compute each answer into the variable named, then run the test cell below it: the visible test checks the form, hidden tests decide whether it is right.*
#
# **口径 basis**：PI-1 和 PI-2 都用**年初预算**（人大批准的预算），不用年中调整后的全年预算。

# %% tags=["parameters"]
year = 2024                # 年度 fiscal year
department = "zhuzhou-zjj" # 部门 id in data/raw/manifest.csv
raw_path = None            # 原始文件 raw file (None: its manifest entry)
manifest = None            # 原始文件清单 raw manifest (None: data/raw/manifest.csv)

# %% tags=["setup"]
from IPython.display import display

from zhuzhou_budget.analysis import execution
from zhuzhou_budget.course import student

# 文件与测试 the document and the tests' helper
ctx = student.setup(year, department, raw_path, manifest)
d, check = ctx.disclosure, ctx.check
display(ctx)

# %% [markdown] tags=["question:largest_variance_code"]
# 答案写成字符串（7 位代码）。`execution.items(d)` 给出逐项的年初预算 `budget_initial`、决算 `actual` 和差额 `variance`。变量名 variable: `largest_variance_code`

# %% tags=["answer:largest_variance_code"]
### BEGIN SOLUTION
items = execution.items(d)
biggest = items.loc[items["variance"].map(abs).astype(float).idxmax()]
largest_variance_code = biggest["code"]
### END SOLUTION

# %% tags=["test:largest_variance_code"]
check.form("largest_variance_code", largest_variance_code)
### BEGIN HIDDEN TESTS
check.answer("largest_variance_code", largest_variance_code)
### END HIDDEN TESTS

# %% [markdown] tags=["question:largest_variance"]
# 正数表示决算超过年初预算（多为年中追加），负数表示少于年初预算。读一读这一项所述的原因（`reason`）。变量名 variable: `largest_variance`

# %% tags=["answer:largest_variance"]
### BEGIN SOLUTION
largest_variance = biggest["actual"] - biggest["budget_initial"]
### END SOLUTION

# %% tags=["test:largest_variance"]
check.form("largest_variance", largest_variance)
### BEGIN HIDDEN TESTS
check.answer("largest_variance", largest_variance)
### END HIDDEN TESTS

# %% [markdown] tags=["question:pi1_pct"]
# PI-1 = 实际总支出 / 批准的年初预算总支出 × 100。年初预算总数是情况说明所述的合计：`execution.stated(d, "general_budget.total", "budget_initial")`；决算是一般公共预算财政拨款支出决算表（`general_budget_expenditure`）的合计。变量名 variable: `pi1_pct`

# %% tags=["answer:pi1_pct"]
### BEGIN SOLUTION
budget = execution.stated(d, "general_budget.total", "budget_initial")
actual = d.frame("general_budget_expenditure", level="total").iloc[0]["total"]
pi1_pct = actual / budget * 100
### END SOLUTION

# %% tags=["test:pi1_pct"]
check.form("pi1_pct", pi1_pct)
### BEGIN HIDDEN TESTS
check.answer("pi1_pct", pi1_pct)
### END HIDDEN TESTS

# %% [markdown] tags=["question:pi1_band"]
# PEFA 2016 的 PI-1 区间（dimension 1.1）：A 95%–105%，B 90%–110%，C 85%–115%，其余为 D。变量名 variable: `pi1_band`

# %% tags=["answer:pi1_band"]
### BEGIN SOLUTION
gap = abs(pi1_pct - 100)
pi1_band = "A" if gap <= 5 else "B" if gap <= 10 else "C" if gap <= 15 else "D"
### END SOLUTION

# %% tags=["test:pi1_band"]
check.form("pi1_band", pi1_band)
### BEGIN HIDDEN TESTS
check.answer("pi1_band", pi1_band)
### END HIDDEN TESTS

# %% [markdown] tags=["question:pi2_class_pct"]
# PI-2 衡量预算在各科目之间的**结构**是否按计划执行（adjusted-budget method）：把逐项的年初预算和决算按“类”（代码前 3 位）汇总，k = Σ决算 / Σ年初预算，调整后预算 ABᵢ = 年初预算ᵢ × k，结构偏差 = Σ|决算ᵢ − ABᵢ| / ΣABᵢ × 100。变量名 variable: `pi2_class_pct`

# %% tags=["answer:pi2_class_pct"]
### BEGIN SOLUTION
by_class = items.assign(cls=items["code"].str[:3]).groupby("cls")[["budget_initial", "actual"]].sum()
k = by_class["actual"].sum() / by_class["budget_initial"].sum()
adjusted = by_class["budget_initial"] * k
pi2_class_pct = (by_class["actual"] - adjusted).abs().sum() / adjusted.sum() * 100
### END SOLUTION

# %% tags=["test:pi2_class_pct"]
check.form("pi2_class_pct", pi2_class_pct)
### BEGIN HIDDEN TESTS
check.answer("pi2_class_pct", pi2_class_pct)
### END HIDDEN TESTS

# %% [markdown] tags=["question:pi2_band"]
# PI-2 的区间（dimension 2.1）：A < 5%，B < 10%，C < 15%，其余为 D。变量名 variable: `pi2_band`

# %% tags=["answer:pi2_band"]
### BEGIN SOLUTION
pi2_band = "A" if pi2_class_pct < 5 else "B" if pi2_class_pct < 10 else "C" if pi2_class_pct < 15 else "D"
### END SOLUTION

# %% tags=["test:pi2_band"]
check.form("pi2_band", pi2_band)
### BEGIN HIDDEN TESTS
check.answer("pi2_band", pi2_band)
### END HIDDEN TESTS

# %% [markdown] tags=["question:one_year"]
# 请在下面的文字单元格中作答（人工评分 graded by hand）。

# %% [markdown] tags=["written:one_year"]
# 参考答案在构建课程时按本文件写入。The model answer is written in when the course is built.
