"""The performance self-evaluation (绩效自评) as read by `d.performance`: findings stated once
(the narrative and the attached report repeat them), project-list totals checked, and the
signals that sit uneasily with a high self-score.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pandas as pd

from ..checks.performance import project_list_agreement
from ..metadata.labels import CATEGORIES

LIST_ZH = {k: CATEGORIES[k].split(" ")[0] for k in ("initial", "midyear", "public_special")}
FUND_ZH = {k: CATEGORIES[k].split(" ")[0] for k in ("all", "general_budget", "government_fund",
                                                     "state_capital")}
KIND_ZH = {"basic": "基本支出", "project": "项目支出", "government_fund": "政府性基金"}

# Problems that say a target was missed or a task not done (the wording of the template).
MISSED = re.compile(r"未达到|未完成|未编制|未出台|未实现|未按期")


def _once(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """One row per finding; `lines` lists every source line that states it."""
    if frame.empty:
        return frame.assign(lines="")
    normalised = frame.assign(**{k: frame[k].map(lambda v: re.sub(r"\s", "", str(v)))
                                 for k in keys})
    lines = normalised.groupby(keys, sort=False)["line"].agg(
        lambda s: "、".join(str(v) for v in s))
    first = frame.loc[normalised.drop_duplicates(keys).index].copy()
    first["lines"] = [lines[tuple(normalised.loc[i, k] for k in keys) if len(keys) > 1
                            else normalised.loc[i, keys[0]]] for i in first.index]
    return first.reset_index(drop=True)


def achievements(perf) -> pd.DataFrame:
    return _once(perf.achievements, ["no", "indicator", "value"])


def problems(perf) -> pd.DataFrame:
    out = _once(perf.problems, ["no", "problem"])
    out["target_missed"] = out["problem"].map(lambda p: bool(MISSED.search(p or "")))
    return out


def measures(perf) -> pd.DataFrame:
    return _once(perf.measures, ["no", "measure"])


def project_list_checks(perf) -> pd.DataFrame:
    """Each project list's stated count and sums against the listed projects, long:
    `stated` is the actual figure (as printed), `listed` the expected one (recomputed from the
    list), `difference` = stated − listed."""
    rows = []
    for _, r in project_list_agreement(perf.project_lists, perf.projects).iterrows():
        for what, zh, match in (("count", "项目个数", "count_matches"),
                                ("budget_initial", "年初预算", "budget_matches"),
                                ("actual", "实际支出", "actual_matches"),
                                ("adjustment", "调整金额", "adjustment_matches")):
            stated, listed = r[f"stated_{what}"], r[f"listed_{what}"]
            if stated is None and listed is None:
                continue
            # The project's convention: actual = as printed (stated), expected = recomputed
            # (listed), difference = actual − expected, as in the findings.
            diff = None if stated is None or listed is None else Decimal(stated) - Decimal(listed)
            rows.append({"list": r["list"], "title": r["title"], "what": what, "项目": zh,
                         "stated": stated, "listed": listed, "difference": diff,
                         "matches": r[match], "line": r["line"]})
    return pd.DataFrame(rows, columns=["list", "title", "what", "项目", "stated", "listed",
                                       "difference", "matches", "line"])


def tension(d, completion_initial_pct=None) -> pd.DataFrame:
    """Signals to weigh against the self-score: problems and missed targets the report itself
    lists, project lists that do not add up, and execution against the original budget."""
    perf = d.performance
    o = perf.overall.iloc[0] if not perf.overall.empty else None
    probs = problems(perf)
    checks = project_list_checks(perf)
    rows = [
        ("自评得分 self-score", None if o is None else o["score"], "分",
         f"等级 grade “{'' if o is None else o['grade']}”"),
        ("列出的问题 problems listed", len(probs), "个", "报告自己列出的问题"),
        ("未完成的年初目标 targets missed", int(probs["target_missed"].sum()), "个",
         "问题中写明“未达到/未完成/未编制”的"),
        ("项目清单不一致 project-list mismatches", int((checks["matches"] == False).sum()),  # noqa: E712
         "处", "所述个数或金额与逐项列出的不符"),
        ("整体支出完成全年预算 vs adjusted budget",
         None if o is None else o["completion_rate_stated"], "%", "调整后预算口径"),
    ]
    covered = perf.coverage[perf.coverage["fund"] == "general_budget"]["projects"]
    if not covered.empty and not perf.project_lists.empty:
        rows.append(("覆盖项目数 vs 清单项目数 projects covered vs listed",
                     f"{covered.iloc[0]} / {perf.project_lists['listed_count'].sum()}", "个",
                     "一般公共预算覆盖的项目数与三类清单逐项列出的项目数（口径可能不同：部门 vs 本级）"))
    if completion_initial_pct is not None:
        rows.append(("一般公共预算完成年初预算 vs original budget", completion_initial_pct, "%",
                     "年初预算口径：年中大量追加"))
    return pd.DataFrame(rows, columns=["signal", "value", "unit", "reading"])
