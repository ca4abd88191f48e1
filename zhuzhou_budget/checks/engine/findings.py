"""A finding: one comparison that did not come out equal, with its evidence."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from decimal import Decimal
from operator import attrgetter

import pandas as pd

from ...extract.numbers import format_amount
from ...metadata.fields import columns
from ...transform.frames import inferred_frame
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
    ranked = sorted(findings, key=lambda f: (
        order[f.severity], f.family, f.check, f.table, f.line or 0, f.code, f.column,
        f.message))
    frame = _columns_frame(ranked)
    frame.attrs["checks_run"] = sum(comparisons.values())
    frame.attrs["checks_run_by_id"] = dict(comparisons)
    frame.attrs["checks_not_applied"] = dict(skipped or {})
    return frame


_INT_COLUMNS = ("line", "page")


def _records_frame(findings: list[Finding]) -> pd.DataFrame:
    """The findings' frame built row by row (the reference `_columns_frame` is tested
    against; the only way for no findings, whose columns pandas types from no values)."""
    # A finding's fields read as they are: its values are immutable (str, int, Decimal, None),
    # so dataclasses.asdict's deep copy of each would only cost time.
    rows = [{name: getattr(f, name) for name in _FIELDS} for f in findings]
    frame = pd.DataFrame.from_records(rows, columns=COLUMNS)
    for name in _INT_COLUMNS:
        frame[name] = frame[name].astype("Int64")
    return frame


def _columns_frame(findings: list[Finding]) -> pd.DataFrame:
    """The same frame as `_records_frame`, built column by column: one array per column typed
    as pandas would type it, the integer columns Int64 at once (`transform.frames.
    inferred_frame`; from_records of dicts, then astype per column, cost five times as much
    for the few dozen findings of a document)."""
    # Each column's values read by a C map (attrgetter), not a list made in Python per
    # column (16 columns of a document's ~40 findings).
    return inferred_frame([list(map(attrgetter(name), findings)) for name in COLUMNS],
                          tuple(COLUMNS), len(findings), nullable=_INT_COLUMNS)


def fmt(value: Decimal | None, places: int = 4) -> str:
    """Numbers in messages: amounts as printed, computed ratios cut to a few places."""
    if value is None:
        return "空"
    text = format_amount(value)
    # The decimals printed are the value's own (its exponent): read off the text, which is
    # needed anyway, rather than from as_tuple() (the checks format thousands of figures).
    point = text.find(".")
    if point >= 0 and len(text) - point - 1 > places:
        return format_amount(value.quantize(Decimal(1).scaleb(-places)))
    return text


__all__ = ["COLUMNS", "SEVERITIES", "Finding", "fmt", "to_frame"]
