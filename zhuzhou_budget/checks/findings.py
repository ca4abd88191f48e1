"""A finding: one comparison that did not come out equal, with its evidence."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal

import pandas as pd

from ..extract.numbers import format_amount

COLUMNS = ["check", "family", "severity", "message", "expected", "actual", "difference",
           "tolerance", "table", "code", "column", "section", "line", "page", "excerpt", "terms"]
SEVERITIES = ("error", "warning", "rounding", "info")


@dataclass
class Finding:
    check: str
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


def to_frame(findings: list[Finding], checks_run: int) -> pd.DataFrame:
    order = {s: i for i, s in enumerate(SEVERITIES)}
    rows = sorted((asdict(f) for f in findings), key=lambda r: (
        order[r["severity"]], r["family"], r["check"], r["table"], r["line"] or 0, r["code"],
        r["column"], r["message"]))
    frame = pd.DataFrame.from_records(rows, columns=COLUMNS)
    frame["line"] = frame["line"].astype("Int64")
    frame["page"] = frame["page"].astype("Int64")
    frame.attrs["checks_run"] = checks_run
    return frame


def fmt(value: Decimal | None, places: int = 4) -> str:
    """Numbers in messages: amounts as printed, computed ratios cut to a few places."""
    if value is None:
        return "空"
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        value = value.quantize(Decimal(1).scaleb(-places))
    return format_amount(value)
