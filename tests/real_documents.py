"""The real documents of shared/real (beside the project for every session and for CI) and a
lookup of one printed cell, shared by the tests that read them."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import zhuzhou_budget as zb

REAL = Path(__file__).resolve().parents[2] / "shared" / "real"


def need(name: str) -> Path:
    """A real document's path. Its absence is a broken checkout, reported as a failure rather
    than skipped."""
    path = REAL / name
    assert path.is_file(), f"{path} missing: shared/real is expected beside the project"
    return path


def cell(d: zb.Disclosure, table: str, column: str, *, code: str = "", item: str = "",
         level: str = "", side: str = "") -> Decimal | None:
    """The one cell of `table` at the row with this code / label / level / side."""
    rows = d.tables[table]
    if code:
        rows = rows[rows["code"] == code]
    if item:
        rows = rows[rows["item"].str.replace(r"\s", "", regex=True) == item]
    if level:
        rows = rows[rows["level"] == level]
    if side:
        rows = rows[rows["side"] == side]
    assert len(rows) == 1, (table, code, item, level, side, len(rows))
    return rows.iloc[0][column]
