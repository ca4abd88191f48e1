"""A finding: one comparison that did not come out equal, with its evidence."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from decimal import Decimal

import pandas as pd

from ...extract.numbers import format_amount
from ...metadata.fields import columns
from .registry import REGISTRY, SEVERITIES, CheckRegistryError

COLUMNS = columns("findings")  # described once, in the schema registry


@dataclass
class Finding:
    check: str  # a registered check id (registry.py); anything else is refused
    family: str
    severity: str
    message: str
    expected: Decimal | None = None
    actual: Decimal | None = None
    difference: Decimal | None = None
    tolerance: Decimal | None = None
    table: str = ""
    code: str = ""
    column: str = ""
    section: str = ""
    line: int | None = None
    page: int | None = None
    excerpt: str = ""
    terms: str = ""  # every printed term compared: "table/row/column=value; …"

    def __post_init__(self) -> None:
        # No finding outside the registry: its id, family and severity are the declared ones.
        check = REGISTRY.get(self.check)
        if self.family != check.family:
            raise CheckRegistryError(f"{self.check} reports under {check.family}, "
                                     f"not {self.family}")
        if self.severity not in check.policy.levels:
            raise CheckRegistryError(f"{self.check} cannot give severity {self.severity!r} "
                                     f"(policy: {check.policy.text})")


_FIELDS = tuple(f.name for f in fields(Finding))


def to_frame(findings: list[Finding], comparisons: Mapping[str, int],
             skipped: Mapping[str, tuple[str, ...]] | None = None) -> pd.DataFrame:
    """Findings sorted by severity, family, check and place; the comparisons made, in attrs:
    `checks_run` (all), `checks_run_by_id` (per check id, every registered check) and
    `checks_not_applied` (check id → the inputs the document lacks)."""
    order = {s: i for i, s in enumerate(SEVERITIES)}
    # A finding's fields read as they are: its values are immutable (str, int, Decimal, None),
    # so dataclasses.asdict's deep copy of each would only cost time.
    rows = sorted(({name: getattr(f, name) for name in _FIELDS} for f in findings), key=lambda r: (
        order[r["severity"]], r["family"], r["check"], r["table"], r["line"] or 0, r["code"],
        r["column"], r["message"]))
    frame = pd.DataFrame.from_records(rows, columns=COLUMNS)
    frame["line"] = frame["line"].astype("Int64")
    frame["page"] = frame["page"].astype("Int64")
    frame.attrs["checks_run"] = sum(comparisons.values())
    frame.attrs["checks_run_by_id"] = dict(comparisons)
    frame.attrs["checks_not_applied"] = dict(skipped or {})
    return frame


def fmt(value: Decimal | None, places: int = 4) -> str:
    """Numbers in messages: amounts as printed, computed ratios cut to a few places."""
    if value is None:
        return "空"
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        value = value.quantize(Decimal(1).scaleb(-places))
    return format_amount(value)


__all__ = ["COLUMNS", "SEVERITIES", "Finding", "fmt", "to_frame"]
