"""The one rounding policy (尾数误差) every check uses.

Each printed value carries up to half a unit of its last printed digit. Comparing a printed
value with a sum of printed terms, the tolerance is the sum of those half units; a ratio
recomputed from printed amounts carries their rounding through the division, and a stated
percentage adds half a unit of its own last digit. Inside the tolerance a difference is
`rounding`; outside it is `error` (or `warning` for heuristic checks).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from decimal import Decimal

ZERO = Decimal(0)
HUNDRED = Decimal(100)


def half_unit(value: Decimal | None) -> Decimal:
    """Half a unit of the last printed digit: 0.005 for '12.34', 0.5 for '105', 0 for None."""
    if value is None:
        return ZERO
    exponent = value.as_tuple().exponent
    return _half(exponent) if isinstance(exponent, int) else ZERO


@functools.lru_cache(maxsize=64)
def _half(exponent: int) -> Decimal:
    """Half a unit at `exponent`: made once per exponent (a document prints a few; the checks
    ask for thousands of half units)."""
    return Decimal(5).scaleb(exponent - 1)


def narrative_amount(value: Decimal | None) -> Decimal | None:
    """Narrative money printed without decimals ('15 万元' for 15.00) is read as exact to the
    tables' two decimals; printed decimals ('984.2') keep their own half unit."""
    if value is not None and value.as_tuple().exponent == 0:
        return value.quantize(Decimal("0.01"))
    return value


def tolerance_of(printed: Iterable[Decimal | None]) -> Decimal:
    return sum((half_unit(v) for v in printed), ZERO)


def severity(difference: Decimal, tolerance: Decimal, *, heuristic: bool = False) -> str | None:
    """None when equal; 'rounding' within tolerance; else 'error' (or 'warning')."""
    if difference == 0:
        return None
    if abs(difference) <= tolerance:
        return "rounding"
    return "warning" if heuristic else "error"


def percent(numerator: Decimal, denominator: Decimal) -> Decimal:
    """100·n/d: `ratio_percent`'s value, without its tolerance (a check that finds the stated
    rate equal to it needs no tolerance)."""
    return numerator / denominator * HUNDRED


def ratio_percent(numerator: Decimal, denominator: Decimal,
                  num_terms: Iterable[Decimal | None] = (),
                  den_terms: Iterable[Decimal | None] = ()) -> tuple[Decimal, Decimal]:
    """(100·n/d, its rounding tolerance carried from the printed terms of n and d)."""
    value = percent(numerator, denominator)
    hn, hd = tolerance_of(num_terms), tolerance_of(den_terms)
    spread = (hn * abs(denominator) + abs(numerator) * hd) / (denominator * denominator) * HUNDRED
    return value, abs(spread)


def stated_sum(stated: Decimal, parts: Iterable[Decimal], printed: Iterable[Decimal] | None = None,
               *, heuristic: bool = False) -> tuple[Decimal, Decimal, Decimal, str | None]:
    """A stated figure against the sum of its parts, under the one policy every check and
    verdict uses: (expected, difference, tolerance, severity). The tolerance is half a unit of
    each printed figure's last digit, narrative money without decimals read as exact to two
    (`narrative_amount`); `printed` are the parts as printed where they differ from `parts`
    (amounts converted to 万元)."""
    parts = list(parts)
    expected = sum(parts, ZERO)
    difference = stated - expected
    shown = list(printed) if printed is not None else parts
    tol = sum((half_unit(narrative_amount(v)) for v in [stated, *shown]), ZERO)
    return expected, difference, tol, severity(difference, tol, heuristic=heuristic)
