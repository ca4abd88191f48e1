"""Finding the rows the checks compare: a table's 合计 row, its rows by code, and a summary
table's lines by their canonical id (declared once, in `metadata.tables.SUMMARY_LINES`)."""

from __future__ import annotations

import functools
import re
from itertools import compress

from ...extract.lines import squeeze_spaces
from ...extract.table_model import Record, Table
from ...metadata.tables import SUMMARY_LINES
from .ledger import Ledger


def label(rec: Record) -> str:
    """A row's printed label without spaces (the summary lines' patterns read it so; `line`
    reads every row of a summary side for each line it looks up)."""
    return squeeze_spaces(rec.item)


def total_row(table: Table | None) -> Record | None:
    """The table's first 合计 row (level "total")."""
    if table is None:
        return None
    return next((r for r in table.records if r.level == "total"), None)


def by_code(table: Table) -> dict[str, Record]:
    return {r.code: r for r in table.records if r.code}


def line_pattern(table_id: str, side: str, line_id: str) -> str:
    """The declared pattern of a summary line; an undeclared one is a programming error."""
    try:
        return SUMMARY_LINES[table_id][side, line_id]
    except KeyError:
        raise KeyError(f"{table_id}: no summary line {side}/{line_id} declared") from None


@functools.cache
def _compiled(table_id: str, side: str, line_id: str) -> re.Pattern[str]:
    # Compiled once: re.search with the pattern's text looks it up in re's cache per row.
    return re.compile(line_pattern(table_id, side, line_id))


def is_line(rec: Record, table_id: str, side: str, line_id: str) -> bool:
    return rec.side == side and _compiled(table_id, side, line_id).search(label(rec)) is not None


def line(table: Table, side: str, line_id: str, records: list[Record] | None = None
         ) -> Record | None:
    """The first line of `side` that is the summary line `line_id` (among `records`, by
    default the table's)."""
    pattern = _compiled(table.id, side, line_id)
    return next((r for r in (table.records if records is None else records)
                 if r.side == side and pattern.search(label(r))), None)


def summary_line(ledger: Ledger, table: Table, side: str, line_id: str) -> Record | None:
    """`line` of the table's records, found once per reconcile: the checks of several
    families look up the same summary lines (总计, 本年收入合计 …), each lookup a pattern
    search per row up to the line. The table is the one the key was found in (not only a
    table of the same id)."""
    def find() -> Record | None:
        rows, labels = _side(ledger, table, side)
        # The first row whose label the pattern finds (`line`'s answer), searched in C over
        # the side's labels read once: `line` squeezed every label again for each of the
        # ~20 lines a document looks up (~1,500 line steps a document).
        return next(compress(rows, map(_compiled(table.id, side, line_id).search, labels)),
                    None)

    return ledger.per_table("summary lines", table, (side, line_id), find)


def _side(ledger: Ledger, table: Table, side: str) -> tuple[list[Record], list[str]]:
    """The rows of one side of a table, in print order, and their labels (`label`), read once
    per table and reconcile."""
    def read() -> tuple[list[Record], list[str]]:
        rows = [r for r in table.records if r.side == side]
        return rows, list(map(label, rows))

    return ledger.per_table("summary sides", table, side, read)


__all__ = ["by_code", "is_line", "label", "line", "line_pattern", "summary_line", "total_row"]
