"""Year-on-year figures the narrative states, with the prior-year values they imply.

Inputs are the extracted narrative facts (measures change, growth_rate, prior_year_implied);
nothing is read from text here. The stated growth rate is recomputed as change / prior year,
so a reader sees whether the narrative's own numbers agree.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from .variance import HUNDRED

SUBJECT_ZH = {
    "income_expenditure.total": "收、支总计", "fiscal.total": "财政拨款收、支总计",
    "general_budget.total": "一般公共预算财政拨款支出", "three_public.total": "“三公”经费合计",
    "three_public.overseas": "因公出国（境）费", "three_public.vehicles": "公务用车购置及运行维护费",
    "three_public.vehicle_purchase": "公务用车购置费",
    "three_public.vehicle_operation": "公务用车运行维护费", "three_public.reception": "公务接待费",
    "admin_costs": "机关运行经费",
}
CURRENT = ("amount", "actual")  # the measure holding this year's value, in order of preference


def year_on_year(facts: pd.DataFrame) -> pd.DataFrame:
    """One row per subject and paragraph with a stated change: current, change, implied prior
    year, stated and recomputed growth (%), and the source line."""
    rows = []
    changes = facts[facts["measure"] == "change"]
    for _, ch in changes.iterrows():
        same = facts[(facts["subject"] == ch["subject"]) & (facts["section"] == ch["section"])]

        def value(measure: str, same=same):
            hit = same[same["measure"] == measure]
            return None if hit.empty else hit.iloc[0]["value_wan"] if measure != "growth_rate" \
                else hit.iloc[0]["value"]

        prior = value("prior_year_implied")
        current = next((v for v in (value(m) for m in CURRENT) if v is not None), None)
        change = ch["value_wan"]
        if current is None and prior is not None:
            current = prior + change
        stated = value("growth_rate")
        recomputed = (Decimal(change) / Decimal(prior) * HUNDRED) if prior else None
        rows.append({"subject": ch["subject"],
                     "项目": SUBJECT_ZH.get(ch["subject"], ch["subject"]), "section": ch["section"], "line": ch["line"],
                     "current": current, "change": change, "prior_year_implied": prior,
                     "growth_stated_pct": stated,
                     "growth_recomputed_pct": None if recomputed is None else
                     recomputed.quantize(Decimal("0.01"), rounding="ROUND_HALF_UP"),
                     "text": ch["text"]})
    return pd.DataFrame(rows, columns=["subject", "项目", "section", "line", "current", "change",
                                       "prior_year_implied", "growth_stated_pct",
                                       "growth_recomputed_pct", "text"])
