"""Facts and frames: the parsed tables and the transform stage's rows as DataFrames, column
orders from the schema (metadata.fields): a table as published (`table_frame`), every printed
cell long (`table_facts_frame`), the narrative facts (`facts_frame`) and any frame of rows
(`object_frame`).

Values stay as they are (Decimal, int, str, None): no float, no NaN, a missing value is None.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from operator import attrgetter, itemgetter

import numpy as np
import pandas as pd

from ..extract.table_model import Table, economic_category
from ..metadata.fields import TABLE_COLUMNS, columns
from ..metadata.tables import TABLES, UNIT

FACT_COLUMNS = columns("narrative_facts")
TABLE_FACT_COLUMNS = columns("facts")
# The columns of a table frame that are not amounts.
TEXT_COLUMNS = {c for cols in TABLE_COLUMNS.values() for c in cols} | {"source_line"}


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
    ordered = sorted(facts, key=lambda f: f.line)  # sorted() is stable: ties keep their order
    columns = {c: [getattr(f, c) for f in ordered] for c in FACT_COLUMNS}
    return _column_frame(columns, len(ordered), FACT_COLUMNS, flags=("derived",))


def object_frame(rows: list[dict], names: list[str]) -> pd.DataFrame:
    """Rows as they are: Decimal, int, str and None kept (no float, no NaN); line as Int64."""
    return _column_frame({c: [r.get(c) for r in rows] for c in names}, len(rows), names)


@cache
def _columns_index(names: tuple[str, ...]) -> pd.Index:
    # Built once per schema: making it from the names (pandas infers its string dtype) was a
    # good part of a small frame's cost. Callers take a view (the name is the view's own).
    return pd.Index(list(names))


def _column_frame(columns: dict[str, list], n: int, names: Sequence[str],
                  flags: tuple[str, ...] = ()) -> pd.DataFrame:
    """A frame built column by column with no dtype inference: every column object (values as
    they are: pandas 3 would otherwise infer str columns), `line` Int64, `flags` bool.

    Made from the column arrays directly (`DataFrame._from_arrays`, no validation: each array
    is already what its block stores), the same frame `pd.DataFrame(rows, dtype=object)` with
    `line` cast to Int64 gives, without converting every cell twice.
    """
    arrays: list = []
    for c in names:
        values = columns[c]
        if c == "line":
            mask = np.fromiter((v is None for v in values), dtype=bool, count=n)
            ints = np.fromiter((0 if v is None else v for v in values), dtype=np.int64, count=n)
            arrays.append(pd.arrays.IntegerArray(ints, mask))
        elif c in flags:
            arrays.append(np.fromiter((bool(v) for v in values), dtype=bool, count=n))
        else:
            # fromiter keeps each value one object (np.array would unpack a tuple or a list)
            arrays.append(np.fromiter(values, dtype=object, count=n))
    columns_index = _columns_index(tuple(names)).view()
    # pandas' own constructor from column arrays (since 1.x; private, not in pandas-stubs):
    # where a pandas lacks it, the public constructor, each column's dtype given.
    make = getattr(pd.DataFrame, "_from_arrays", None)
    if make is None:
        return _public_frame(arrays, columns_index, n)
    return make(arrays, columns=columns_index, index=pd.RangeIndex(n), verify_integrity=False)


def _public_frame(arrays: list, columns: pd.Index, n: int) -> pd.DataFrame:
    """The same frame as `_column_frame` makes, by the public constructor (slower: a frame of
    object columns, then each column put in as it is)."""
    frame = pd.DataFrame(index=pd.RangeIndex(n), columns=columns, dtype=object)
    for k, array in enumerate(arrays):
        frame.isetitem(k, pd.Series(array, index=frame.index, dtype=array.dtype, copy=False))
    return frame


def table_frame(table: Table) -> pd.DataFrame:
    """One table as published: a row per printed row, Decimal amounts, blanks as None."""
    value_cols: list[str] = []
    if table.spec.kind == "summary":
        value_cols = ["amount"] + [c.id for c in table.spec.expenditure_columns
                                   if c.id != "amount"]
    else:
        value_cols = table.column_ids  # optional columns only where the table prints them
    base = list(TABLE_COLUMNS[table.spec.kind])
    # The leading columns are the record's attributes but `category` (economic tables),
    # derived from the code; a row is a list in column order (no dict per row).
    attrs = [c for c in base if c != "category"]
    lead = attrgetter(*attrs)
    category = base.index("category") if "category" in base else -1
    records = []
    for r in table.records:
        rec = list(lead(r)) if len(attrs) > 1 else [lead(r)]
        if category >= 0:
            rec.insert(category, economic_category(r.code) if r.code else "")
        values = r.values
        rec += [values.get(c) for c in value_cols]
        rec.append(r.source_line)
        records.append(rec)
    # Decimal and None stay as they are in object columns (None = blank cell, never NaN).
    frame = pd.DataFrame.from_records(
        records, columns=_columns_index((*base, *value_cols, "source_line")).view())
    frame.attrs.update({
        "table": table.id, "title": table.title, "number": table.number, "unit": UNIT,
        "source_unit": table.unit, "headers": table.headers,
        "column_labels": table.column_labels, "notes": table.notes,
        "explanation": table.explanation, "title_line": table.title_line,
    })
    return frame


# A cell of `table_facts_frame`, in the order of its columns (the schema's, checked below).
_CELL = ("table", "code", "item", "column", "amount", "unit", "level", "side", "line", "row",
         "source_unit", "source_line")
if tuple(TABLE_FACT_COLUMNS) != _CELL:
    raise RuntimeError(f"facts columns changed: {TABLE_FACT_COLUMNS} (update _CELL)")
_TABLE_ORDER = {tid: i for i, tid in enumerate(TABLES)}


def table_facts_frame(tables: Iterable[Table]) -> pd.DataFrame:
    """Every printed cell of every table, long: one row per (table, row, column), tables in
    the registry's order, rows in their order, a row's cells in its table's column order."""
    keyed = []
    for t in tables:
        rank: dict[str, int] = {}
        for i, c in enumerate([c.id for c in t.spec.columns] +
                              [c.id for c in t.spec.expenditure_columns]):
            rank.setdefault(c, i)  # a column's first place
        position = _TABLE_ORDER.get(t.id, len(_TABLE_ORDER))  # an unknown table last
        for r in t.records:
            values = r.values
            for col in sorted(values, key=lambda c: rank.get(c, 99)):
                keyed.append(((position, r.row), (
                    t.id, r.code, r.item, col, values[col], UNIT, r.level, r.side, r.line,
                    r.row, t.unit, r.source_line)))
    # Sorted here, stably, before the frame is made once (not the frame sorted by a key).
    keyed.sort(key=itemgetter(0))
    frame = pd.DataFrame.from_records([cell for _, cell in keyed],
                                      columns=_columns_index(_CELL).view())
    frame["line"] = frame["line"].astype("Int64")
    return frame
