"""Stated reasons for budget variances, grouped by a transparent keyword rule.

The rule is the table below and nothing else: a reason belongs to every category one of whose
keywords it contains; its primary category is the first of those in table order. The order puts
the more specific mechanism first (a reclassification that pays retirees is a reclassification;
a supplementary appropriation for a deceased employee's pension is a supplementary
appropriation).
"""

from __future__ import annotations

import pandas as pd

# (category id, 中文, English, keywords)
REASON_RULES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("reclassification", "科目调整", "reclassification between budget codes",
     ("调整科目", "调整经济科目", "调整功能科目", "列入了", "科目调整")),
    ("supplementary", "追加预算", "supplementary appropriation during the year",
     ("追加", "新增", "增拨")),
    ("staff", "人员变动与退休", "staff changes, retirements and deaths",
     ("退休", "去世", "死亡", "人员", "遗属")),
    ("savings", "厉行节约与未用完", "savings, cuts and unspent reserves",
     ("节约", "压减", "压缩", "未使用完", "结余", "未用完")),
)
OTHER = ("other", "其他", "other or not stated")


def rules_frame() -> pd.DataFrame:
    """The keyword rule as a table, for showing in a notebook."""
    rows = [{"order": i + 1, "category": cid, "类别": zh, "english": en, "keywords": "、".join(kw)}
            for i, (cid, zh, en, kw) in enumerate(REASON_RULES)]
    rows.append({"order": len(rows) + 1, "category": OTHER[0], "类别": OTHER[1],
                 "english": OTHER[2], "keywords": "（以上都不含）"})
    return pd.DataFrame(rows)


def categories(reason: str | None) -> list[str]:
    """Every category whose keywords occur in the reason, in rule order (['other'] if none)."""
    text = reason or ""
    found = [cid for cid, _, _, keywords in REASON_RULES if any(k in text for k in keywords)]
    return found or [OTHER[0]]


def categorize(reason: str | None) -> str:
    """The primary category of a stated reason."""
    return categories(reason)[0]


def label(category: str) -> str:
    """中文 label of a category id."""
    for cid, zh, _, _ in (*REASON_RULES, (*OTHER, ())):
        if cid == category:
            return zh
    raise KeyError(category)
