"""Facts and frames: the transform stage's rows as DataFrames, column orders from the schema.

Values stay as they are (Decimal, int, str, None): no float, no NaN, a missing value is None.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from ..metadata.fields import columns

FACT_COLUMNS = columns("narrative_facts")


@dataclass(frozen=True)
class Fact:
    section: str
    line: int
    subject: str
    measure: str
    value: Decimal
    unit: str
    value_wan: Decimal | None
    derived: bool = False
    table: str = ""
    code: str = ""
    column: str = ""
    basis: str = ""
    text: str = ""

    def row(self) -> list:
        return [getattr(self, c) for c in FACT_COLUMNS]


def facts_frame(facts: list[Fact]) -> pd.DataFrame:
    """Facts in document order (by line, stable), Decimal values, None for missing."""
    ordered = sorted(enumerate(facts), key=lambda kv: (kv[1].line, kv[0]))
    frame = object_frame([dict(zip(FACT_COLUMNS, f.row(), strict=True)) for _, f in ordered],
                         FACT_COLUMNS)
    frame["derived"] = frame["derived"].astype(bool)
    return frame


def object_frame(rows: list[dict], names: list[str]) -> pd.DataFrame:
    """Rows as they are: Decimal, int, str and None kept (no float, no NaN); line as Int64."""
    frame = pd.DataFrame([[r.get(c) for c in names] for r in rows], columns=names,
                         dtype=object)
    if "line" in frame:
        frame["line"] = frame["line"].astype("Int64")
    return frame
