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
# # 作业三 核对一份公开文件 Assignment 3 — Checking a disclosure
#
# 一份部门决算里，同一个数常常出现好几次：表与表之间、表的合计与各行之间、情况说明的文字与表之间。它们应当一致；不一致的，要么是**尾数误差**（各数分别四舍五入到 0.01 万元造成的几分钱差额），要么是真正的**错误**。`zb.reconcile(d)` 按登记的规则逐条核对，每一条发现（finding）都带着证据：应为 `expected`、实际 `actual`、差额 `difference`、容差 `tolerance` 和出处（表、科目代码、原文行 `line`）。
#
# *The same figure appears several times in a disclosure. You will verify one identity by hand, find a stated figure that disagrees with its table, tell rounding differences from errors, and explain one error in a sentence (graded by hand).*

# %% tags=["parameters"]
year = 2024                # 年度 fiscal year
department = "zhuzhou-zjj" # 部门 id in data/raw/manifest.csv
raw_path = None            # 原始文件 raw file (None: its manifest entry)
manifest = None            # 原始文件清单 raw manifest (None: data/raw/manifest.csv)

# %% tags=["setup"]
from IPython.display import display

import zhuzhou_budget as zb
from zhuzhou_budget.course import student

# 文件与测试 the document and the tests' helper
ctx = student.setup(year, department, raw_path, manifest)
d, check = ctx.disclosure, ctx.check
display(ctx)
findings = zb.reconcile(d)

# %% [markdown] tags=["question:class_kuan_sum"]
# 一个“类”的合计应等于其下各“款”之和（代码以该类的 3 位代码开头的 5 位代码行）。请用 `d.tables["general_budget_expenditure"]`（金额为 `Decimal`，相加不会有浮点误差）。变量名 variable: `class_kuan_sum`

# %% tags=["answer:class_kuan_sum"]
### BEGIN SOLUTION
g = d.tables["general_budget_expenditure"]
classes = g[g["level"] == "类"]
top = classes.loc[classes["total"].map(float).idxmax()]
kuan = g[(g["level"] == "款") & g["code"].str.startswith(top["code"])]
class_kuan_sum = sum(v for v in kuan["total"] if v is not None)
### END SOLUTION

# %% tags=["test:class_kuan_sum"]
check.form("class_kuan_sum", class_kuan_sum)
### BEGIN HIDDEN TESTS
check.answer("class_kuan_sum", class_kuan_sum)
### END HIDDEN TESTS

# %% [markdown] tags=["question:class_kuan_difference"]
# 变量名 variable: `class_kuan_difference`

# %% tags=["answer:class_kuan_difference"]
### BEGIN SOLUTION
class_kuan_difference = top["total"] - class_kuan_sum
### END SOLUTION

# %% tags=["test:class_kuan_difference"]
check.form("class_kuan_difference", class_kuan_difference)
### BEGIN HIDDEN TESTS
check.answer("class_kuan_difference", class_kuan_difference)
### END HIDDEN TESTS

# %% [markdown] tags=["question:stated_mismatch_line"]
# 答案是整数（`int(...)`）。变量名 variable: `stated_mismatch_line`

# %% tags=["answer:stated_mismatch_line"]
### BEGIN SOLUTION
stated = findings[(findings["family"] == "narrative")
                  & findings["severity"].isin(["error", "warning"])
                  & findings["line"].notna() & findings["difference"].notna()]
stated_mismatch_line = int(stated.iloc[0]["line"])
### END SOLUTION

# %% tags=["test:stated_mismatch_line"]
check.form("stated_mismatch_line", stated_mismatch_line)
### BEGIN HIDDEN TESTS
check.answer("stated_mismatch_line", stated_mismatch_line)
### END HIDDEN TESTS

# %% [markdown] tags=["question:stated_mismatch_difference"]
# 对照原文那一行（`d.lines` 或原始文件），看看文字写的是什么。变量名 variable: `stated_mismatch_difference`

# %% tags=["answer:stated_mismatch_difference"]
### BEGIN SOLUTION
stated_mismatch_difference = stated.iloc[0]["difference"]
### END SOLUTION

# %% tags=["test:stated_mismatch_difference"]
check.form("stated_mismatch_difference", stated_mismatch_difference)
### BEGIN HIDDEN TESTS
check.answer("stated_mismatch_difference", stated_mismatch_difference)
### END HIDDEN TESTS

# %% [markdown] tags=["question:error_count"]
# 变量名 variable: `error_count`（整数 int）

# %% tags=["answer:error_count"]
### BEGIN SOLUTION
error_count = int((findings["severity"] == "error").sum())
### END SOLUTION

# %% tags=["test:error_count"]
check.form("error_count", error_count)
### BEGIN HIDDEN TESTS
check.answer("error_count", error_count)
### END HIDDEN TESTS

# %% [markdown] tags=["question:rounding_count"]
# 尾数误差是差额不超过容差的不一致：各数分别四舍五入，合计与各项之和可以差几分。它们不是错误。变量名 variable: `rounding_count`（整数 int）

# %% tags=["answer:rounding_count"]
### BEGIN SOLUTION
rounding = findings[findings["severity"] == "rounding"]
rounding_count = len(rounding)
### END SOLUTION

# %% tags=["test:rounding_count"]
check.form("rounding_count", rounding_count)
### BEGIN HIDDEN TESTS
check.answer("rounding_count", rounding_count)
### END HIDDEN TESTS

# %% [markdown] tags=["question:largest_rounding"]
# 比较它和这些发现的容差 `tolerance`。变量名 variable: `largest_rounding`

# %% tags=["answer:largest_rounding"]
### BEGIN SOLUTION
largest_rounding = max(abs(v) for v in rounding["difference"] if v is not None)
### END SOLUTION

# %% tags=["test:largest_rounding"]
check.form("largest_rounding", largest_rounding)
### BEGIN HIDDEN TESTS
check.answer("largest_rounding", largest_rounding)
### END HIDDEN TESTS

# %% [markdown] tags=["question:explain_finding"]
# 下面是这条发现及其证据。请在其后的文字单元格中作答（人工评分 graded by hand）。

# %% tags=["context:explain_finding"]
display(student.featured_finding(d))

# %% [markdown] tags=["written:explain_finding"]
# 参考答案在构建课程时按本文件写入。The model answer is written in when the course is built.
