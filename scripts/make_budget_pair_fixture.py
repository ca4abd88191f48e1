"""Derive a budget document (部门预算, tab text in the Hunan budget template's shape) for
Zhuzhou 2024 from the figures its 2024 final accounts state: the 年初预算 of every 项 the
narrative lists (一般公共预算, by function code) and the 三公 budget row — a budget/final pair
fixture, since no real pair is at hand. One figure is planted to disagree with what the final
accounts state (2120101 行政运行: 4,700.00 published against 4,678.67 stated), so that the
disagreement finding has something to find.

    python scripts/make_budget_pair_fixture.py   # writes tests/data/zhuzhou-zjj-2024-budget-derived.txt

Only the general-budget function table and the 三公 table are derived (the final accounts
state nothing of the budget's income side or its economic split): the fixture is a partial
budget, and says so in its header.
"""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import zhuzhou_budget as zb  # noqa: E402
from zhuzhou_budget.extract.numbers import format_amount  # noqa: E402

DEST = ROOT / "tests" / "data" / "zhuzhou-zjj-2024-budget-derived.txt"
PLANTED = {"2120101": Decimal("4700.00")}  # published budget ≠ the 年初预算 stated


def main() -> None:
    d = zb.load(ROOT / "data" / "raw" / "2024" / "zhuzhou-zjj-2024-final-accounts.txt")
    be = d.budget_execution
    be = be[be["fund"] == "general_budget"]
    names = dict(zip(d.tables["general_budget_expenditure"]["code"],
                     d.tables["general_budget_expenditure"]["item"], strict=True))
    cent = Decimal("0.01")  # a budget table prints two decimals, also for a stated "0"
    items = {r.code: PLANTED.get(r.code, r.budget_initial).quantize(cent)
             for r in be.itertuples()}
    sums: dict[str, Decimal] = {}
    for code, amount in items.items():
        for parent in (code[:3], code[:5]):
            sums[parent] = sums.get(parent, Decimal(0)) + amount
    total = sum(items.values(), Decimal(0))
    rows = [f"\t\t\t合计\t{format_amount(total)}"]
    for code in sorted({*items, *sums}):
        amount = items.get(code, sums.get(code))
        parts = ([code, "", ""] if len(code) == 3 else
                 ["", code[3:], ""] if len(code) == 5 else [code[:3], code[3:5], code[5:]])
        rows.append("\t".join([*parts, names.get(code, ""), format_amount(amount)]))
    tp = d.tables["three_public"].set_index("level").loc["budget"]
    three = "\t".join(["合计", *(format_amount(tp[c]) for c in (
        "total", "reception", "overseas", "vehicles", "vehicle_purchase", "vehicle_operation"))])
    text = "\n".join([
        "株洲市住房和城乡建设局",
        "2024年部门预算公开",
        "（测试用：由该局 2024 年度部门决算所述的年初预算推得，仅含一般公共预算支出表与“三公”经费表）",
        "第一部分 部门预算说明",
        "一、部门收支总体情况",
        f"2024年一般公共预算支出预算{format_amount(total)}万元。",
        "第二部分 部门预算表",
        "2024年一般公共预算支出情况表",
        "部门名称：株洲市住房和城乡建设局 单位：万元",
        # The final accounts state no split into 基本支出 and 项目支出: the columns are left
        # out, not printed blank (a printed blank is a zero).
        "类\t款\t项\t科目名称\t总计",
        *rows,
        "2024年一般公共预算“三公”经费支出情况表",
        "部门名称：株洲市住房和城乡建设局 单位：万元",
        "部门名称\t小计\t公务接待费\t因公出国（境）费\t公务用车购置及运行费\t其中：公务用车购置\t其中：公务用车运行费",
        three,
    ]) + "\n"
    DEST.write_text(text, encoding="utf-8")
    print(f"{DEST.relative_to(ROOT)}: {len(items)} 项, total {format_amount(total)}")


if __name__ == "__main__":
    main()
