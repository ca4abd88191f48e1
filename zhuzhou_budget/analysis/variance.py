"""Budget execution variance: completion rates and PEFA 2016 PI-1 / PI-2 with their bands.

PI-1 (aggregate expenditure outturn) = Σ actual / Σ original budget; bands A 95–105 %,
B 90–110 %, C 85–115 % (inclusive), else D.
PI-2 (expenditure composition outturn), adjusted-budget method: k = ΣA / ΣB, ABᵢ = Bᵢ·k,
Dᵢ = Aᵢ − ABᵢ, variance = Σ|Dᵢ| / ΣABᵢ; bands A < 5 %, B < 10 %, C < 15 %, else D.
PEFA scores a government over three years; one year's figures give that year's band only.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

HUNDRED = Decimal(100)
PI1_BANDS = (("A", Decimal("0.95"), Decimal("1.05")), ("B", Decimal("0.90"), Decimal("1.10")),
             ("C", Decimal("0.85"), Decimal("1.15")))
PI2_BANDS = (("A", Decimal("0.05")), ("B", Decimal("0.10")), ("C", Decimal("0.15")))


def pct(ratio: Decimal | None, places: str = "0.1") -> Decimal | None:
    """A ratio as a percentage rounded half-up to `places` (as the documents print them)."""
    if ratio is None:
        return None
    return (ratio * HUNDRED).quantize(Decimal(places), rounding="ROUND_HALF_UP")


def ratio(numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    """numerator / denominator; None when the denominator is zero (no base to compare with)
    or either is blank (not reported: no ratio, never a ratio of 0)."""
    if numerator is None or not denominator:
        return None
    return Decimal(numerator) / Decimal(denominator)


def pi1_band(outturn: Decimal) -> str:
    for band, low, high in PI1_BANDS:
        if low <= outturn <= high:
            return band
    return "D"


def pi2_band(variance: Decimal) -> str:
    for band, limit in PI2_BANDS:
        if variance < limit:
            return band
    return "D"


@dataclass(frozen=True)
class AggregateOutturn:
    """PEFA PI-1 for one year."""

    budget: Decimal
    actual: Decimal
    ratio: Decimal
    band: str

    @property
    def percent(self) -> Decimal:
        return pct(self.ratio)


def pi1(budget: Decimal, actual: Decimal) -> AggregateOutturn:
    """Aggregate outturn: actual / original budget and its band."""
    r = ratio(actual, budget)
    if r is None:
        raise ValueError("PI-1 needs a non-zero original budget")
    return AggregateOutturn(Decimal(budget), Decimal(actual), r, pi1_band(r))


@dataclass(frozen=True)
class CompositionVariance:
    """PEFA PI-2 for one year: the scale factor k, the variance, its band, and the lines."""

    k: Decimal
    variance: Decimal
    band: str
    lines: pd.DataFrame  # key columns + budget, actual, adjusted_budget, deviation, abs_deviation

    @property
    def percent(self) -> Decimal:
        return pct(self.variance, "0.01")


def pi2(lines: pd.DataFrame, budget: str = "budget", actual: str = "actual") -> CompositionVariance:
    """Composition variance over the rows of `lines` (one row per budget head)."""
    k, adjusted, deviation, variance = pi2_arithmetic(list(lines[budget]), list(lines[actual]))
    out = lines.copy()
    out["adjusted_budget"] = adjusted
    out["deviation"] = deviation
    out["abs_deviation"] = [abs(d) for d in deviation]
    return CompositionVariance(k, variance, pi2_band(variance), out)


def pi2_arithmetic(budgets: list, actuals: list
                ) -> tuple[Decimal, list[Decimal], list[Decimal], Decimal]:
    """PI-2's arithmetic over budget heads (a blank is 0): k = ΣA / ΣB, the adjusted budgets
    ABᵢ = Bᵢ·k, the deviations Aᵢ − ABᵢ, and the variance Σ|Aᵢ − ABᵢ| / ΣABᵢ. Plain lists:
    `pi2` puts them in its frame; the corpus's workers use them as they are (stated_pi.py)."""
    b = [Decimal(v or 0) for v in budgets]
    a = [Decimal(v or 0) for v in actuals]
    total_b, total_a = sum(b, Decimal(0)), sum(a, Decimal(0))
    if not total_b:
        raise ValueError("PI-2 needs a non-zero original budget")
    k = total_a / total_b
    adjusted = [bi * k for bi in b]
    deviation = [ai - abi for ai, abi in zip(a, adjusted, strict=True)]
    variance = sum((abs(d) for d in deviation), Decimal(0)) / sum(adjusted, Decimal(0))
    return k, adjusted, deviation, variance


def completion(budget: Decimal | None, actual: Decimal | None) -> dict:
    """Completion rate and the absolute and relative variance of actual against budget."""
    b, a = Decimal(budget or 0), Decimal(actual or 0)
    r = ratio(a, b)
    return {"completion_rate": r, "variance": a - b,
            "relative_variance": None if r is None else r - 1}


def by_level(lines: pd.DataFrame, digits: int, budget: str = "budget",
             actual: str = "actual", code: str = "code") -> pd.DataFrame:
    """Sum 项-level budget and actual to the 类 (3 digits) or 款 (5 digits) of their code."""
    keys = lines[code].astype(str).str[:digits]
    rows = []
    for key, group in lines.groupby(keys, sort=True):
        rows.append({"code": key,
                     budget: sum((Decimal(v or 0) for v in group[budget]), Decimal(0)),
                     actual: sum((Decimal(v or 0) for v in group[actual]), Decimal(0)),
                     "items": len(group)})
    return pd.DataFrame(rows, columns=["code", budget, actual, "items"])
