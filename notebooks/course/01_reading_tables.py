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
# # 作业一 读表：钱从哪里来、到哪里去 Assignment 1 — Reading the tables
#
# 本作业只用部门决算的表格（公开 01–09 表）。每一题先计算，再运行下面的测试单元：可见的测试只检查答案的**形式**（是不是一个数、是不是 0–100 之间的百分比），答案对不对由教师评分时的隐藏测试判断。
#
# *This assignment uses the tables only. Compute each answer into the variable named in the question, then run the test cell below it: the visible test checks the form of your answer; whether it is right is decided by hidden tests when the assignment is graded.*
#
# 金额单位是万元；表中数是 `decimal.Decimal`，`d.frame(table, numeric=True)` 给出浮点数，两者都可以。空白单元格是“未填报”（`None`），不是 0。

# %% tags=["parameters"]
year = 2024                # 年度 fiscal year
department = "zhuzhou-zjj" # 部门 id in data/raw/manifest.csv
raw_path = None            # 原始文件 raw file (None: its manifest entry)
manifest = None            # 原始文件清单 raw manifest (None: data/raw/manifest.csv)

# %% tags=["setup"]
from IPython.display import display

from zhuzhou_budget.analysis import structure
from zhuzhou_budget.course import student

# 文件与测试 the document and the tests' helper
ctx = student.setup(year, department, raw_path, manifest)
d, check = ctx.disclosure, ctx.check
display(ctx)

# %% [markdown] tags=["question:fiscal_share"]
# 收入决算表（`d.tables["income"]`）的“合计”行按来源列出本年收入。变量名 variable: `fiscal_share`

# %% tags=["answer:fiscal_share"]
### BEGIN SOLUTION
income = d.frame("income", numeric=True, level="total").iloc[0]
fiscal_share = income["fiscal_appropriation"] / income["total"] * 100
### END SOLUTION

# %% tags=["test:fiscal_share"]
check.form("fiscal_share", fiscal_share)
### BEGIN HIDDEN TESTS
check.answer("fiscal_share", fiscal_share)
### END HIDDEN TESTS

# %% [markdown] tags=["question:largest_class"]
# 支出决算表（`d.tables["expenditure"]`）按功能分类列出类、款、项；“类”是 3 位代码。答案写成字符串，如 `"2xx"`。变量名 variable: `largest_class`

# %% tags=["answer:largest_class"]
### BEGIN SOLUTION
classes = d.frame("expenditure", numeric=True, level="类")
largest_class = classes.loc[classes["total"].idxmax(), "code"]
### END SOLUTION

# %% tags=["test:largest_class"]
check.form("largest_class", largest_class)
### BEGIN HIDDEN TESTS
check.answer("largest_class", largest_class)
### END HIDDEN TESTS

# %% [markdown] tags=["question:largest_class_share"]
# 变量名 variable: `largest_class_share`

# %% tags=["answer:largest_class_share"]
### BEGIN SOLUTION
total = d.frame("expenditure", numeric=True, level="total").iloc[0]
largest_class_share = classes["total"].max() / total["total"] * 100
### END SOLUTION

# %% tags=["test:largest_class_share"]
check.form("largest_class_share", largest_class_share)
### BEGIN HIDDEN TESTS
check.answer("largest_class_share", largest_class_share)
### END HIDDEN TESTS

# %% [markdown] tags=["question:basic_share"]
# 基本支出（basic）是维持机构运转的人员经费和公用经费，项目支出（project）是为完成特定任务安排的支出。变量名 variable: `basic_share`

# %% tags=["answer:basic_share"]
### BEGIN SOLUTION
total = d.frame("expenditure", numeric=True, level="total").iloc[0]
basic_share = total["basic"] / total["total"] * 100
### END SOLUTION

# %% tags=["test:basic_share"]
check.form("basic_share", basic_share)
### BEGIN HIDDEN TESTS
check.answer("basic_share", basic_share)
### END HIDDEN TESTS

# %% [markdown] tags=["question:personnel_share"]
# 一般公共预算财政拨款基本支出决算表（`d.tables["basic_expenditure"]`）把基本支出分为人员经费和公用经费，各有一个“合计”行。`structure.personnel_vs_public(d)` 列出这两行。变量名 variable: `personnel_share`

# %% tags=["answer:personnel_share"]
### BEGIN SOLUTION
pp = structure.personnel_vs_public(d)
personnel_share = pp["amount"].iloc[0] / pp["amount"].sum() * 100
### END SOLUTION

# %% tags=["test:personnel_share"]
check.form("personnel_share", personnel_share)
### BEGIN HIDDEN TESTS
check.answer("personnel_share", personnel_share)
### END HIDDEN TESTS

# %% [markdown] tags=["question:three_public_rate"]
# “三公”经费表（`d.tables["three_public"]`）的预算数是**全年预算数**（调整后），不是年初预算。`structure.three_public(d)` 的 `component == "total"` 一行是合计。变量名 variable: `three_public_rate`

# %% tags=["answer:three_public_rate"]
### BEGIN SOLUTION
tp = structure.three_public(d).set_index("component")
three_public_rate = tp.loc["total", "actual"] / tp.loc["total", "budget"] * 100
### END SOLUTION

# %% tags=["test:three_public_rate"]
check.form("three_public_rate", three_public_rate)
### BEGIN HIDDEN TESTS
check.answer("three_public_rate", three_public_rate)
### END HIDDEN TESTS
