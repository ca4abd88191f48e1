"""Numbers as readers see them, in one place: the notebooks' tables and text (`money`,
`figure`), the charts' value labels and the reader HTML's summary figures all format through
here, from the exact `Decimal` (never through a float), half up as the documents round, with
thousands separators; a blank (not reported) is '—', never 0."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

BLANK = "—"


def is_blank(value: object) -> bool:
    """None, NaN, pandas' NA or an empty string: not reported."""
    return value is None or str(value) in ("", "nan", "NaN", "<NA>")


def _decimal(value: object) -> Decimal:
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"not a number: {value!r}") from None


def money(value: object, digits: int = 2) -> str:
    """An amount with exactly `digits` decimals (万元 tables, chart labels)."""
    if is_blank(value):
        return BLANK
    q = _decimal(value).quantize(Decimal(1).scaleb(-digits), rounding="ROUND_HALF_UP")
    return f"{q:,f}"


def figure(value: object, places: int = 2) -> str:
    """A number as printed: a value with at most `places` decimals as it is, a longer one (a
    recomputed ratio, a 元 amount in 万元) to `places` decimals, half up (its first significant
    digits when that would give 0)."""
    if is_blank(value):
        return BLANK
    v = _decimal(value)
    if v.as_tuple().exponent >= -places:  # type: ignore[operator]
        return f"{v:,f}"
    q = v.quantize(Decimal(1).scaleb(-places), rounding="ROUND_HALF_UP")
    if q == 0 and v != 0:  # too small for the places: keep its first significant digits
        q = v.quantize(Decimal(1).scaleb(v.adjusted() - 1), rounding="ROUND_HALF_UP")
    return f"{q:,f}"


def percent(ratio: object, digits: int = 1) -> str:
    """A ratio as a percentage (0.512 → 51.2%); '—' when there is no base."""
    if is_blank(ratio):
        return BLANK
    return money(_decimal(ratio) * 100, digits) + "%"
