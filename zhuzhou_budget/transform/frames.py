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
from itertools import chain
from operator import attrgetter, itemgetter
from typing import Any

import numpy as np
import pandas as pd

from ..extract.table_model import Record, Table, economic_category
from ..metadata.fields import TABLE_COLUMNS, columns
from ..metadata.tables import TABLES, UNIT
from . import arrays as typed_arrays

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
    # Each fact's values read in one call (attrgetter of every column), then transposed
    # (not one getattr per fact and column).
    by_column = zip(*map(_fact_values, ordered), strict=True) if ordered \
        else ([] for _ in FACT_COLUMNS)
    columns = {c: list(values) for c, values in zip(FACT_COLUMNS, by_column, strict=True)}
    return _column_frame(columns, len(ordered), FACT_COLUMNS, flags=("derived",))


_fact_values = attrgetter(*FACT_COLUMNS)  # a fact's values, in the columns' order


def object_frame(rows: list[dict], names: list[str]) -> pd.DataFrame:
    """Rows as they are: Decimal, int, str and None kept (no float, no NaN); line as Int64."""
    return _column_frame({c: [r.get(c) for r in rows] for c in names}, len(rows), names)


def _column_frame(columns: dict[str, list], n: int, names: Sequence[str],
                  flags: tuple[str, ...] = ()) -> pd.DataFrame:
    """A frame built column by column with no dtype inference: every column object (values as
    they are: pandas 3 would otherwise infer str columns), `line` Int64, `flags` bool.

    Made from the column arrays directly (`arrays.frame`, no validation: each array is
    already what its block stores), the same frame `pd.DataFrame(rows, dtype=object)` with
    `line` cast to Int64 gives, without converting every cell twice.
    """
    arrays: list = []
    for c in names:
        values = columns[c]
        if c == "line":
            arrays.append(typed_arrays.ints(values))  # else pandas' own cast, and its error
        elif c in flags:
            arrays.append(np.fromiter((bool(v) for v in values), dtype=bool, count=n))
        else:
            # fromiter keeps each value one object (np.array would unpack a tuple or a list)
            arrays.append(np.fromiter(values, dtype=object, count=n))
    # From the column arrays (pandas' internals, transform/arrays.py): where a pandas lacks
    # them, the public constructor, each column's dtype given.
    if not typed_arrays.fast():
        return _public_frame(arrays, typed_arrays.columns_index(names), n)
    return _arrays_frame(arrays, tuple(names), n)


def _public_frame(arrays: list, columns: pd.Index, n: int) -> pd.DataFrame:
    """The same frame as `_column_frame` makes, by the public constructor (slower: a frame of
    object columns, then each column put in as it is)."""
    frame = pd.DataFrame(index=pd.RangeIndex(n), columns=columns, dtype=object)
    for k, array in enumerate(arrays):
        frame.isetitem(k, pd.Series(array, index=frame.index, dtype=array.dtype, copy=False))
    return frame


def table_frame(table: Table) -> pd.DataFrame:
    """One table as published: a row per printed row, Decimal amounts, blanks as None."""
    names, columns = _table_columns(table)
    frame = inferred_frame(columns, names, len(table.records))
    _table_attrs(frame, table)
    return frame


def table_frames(tables: Iterable[Table]) -> list[pd.DataFrame]:
    """`table_frame` of each table, made together: a document's tables' columns of texts
    (codes, names, levels: a few dozen short columns) become pandas' pyarrow text arrays
    from one pyarrow array of all of them, sliced (not one conversion, with its fixed cost,
    per column), and the other columns are typed as `inferred_frame` types them.
    tests/test_p27_load_frames.py holds the frames to `table_frame`'s."""
    tables = list(tables)
    inference = typed_arrays.Inference() if typed_arrays.fast() else None
    if inference is None or getattr(inference.text, "storage", None) != "pyarrow" \
            or _pa is None or _ArrowStringArray is None:
        return [table_frame(t) for t in tables]
    made: list[tuple[Table, tuple[str, ...], list] | None] = []
    texts: list[str] = []  # every text column's values, one after the other
    spans: list[tuple[list, int, int, int]] = []  # (its arrays, column, start, length)
    for t in tables:
        n = len(t.records)
        if n == 0:  # a frame of no rows: pandas' own way (inferred_frame's)
            made.append(None)
            continue
        names, columns = _table_columns(t)
        arrays: list = []
        for values in columns:
            if type(values[0]) is str and set(map(type, values)) == {str}:
                spans.append((arrays, len(arrays), len(texts), n))
                texts += values
                arrays.append(None)  # filled from the one pyarrow array below
            else:
                arrays.append(inference.array(values))
        made.append((t, names, arrays))
    if texts:
        every = _pa.array(texts, type=_pa.large_string())
        for arrays, k, start, length in spans:  # each made as `arrays.texts` makes one
            arrays[k] = typed_arrays.keep_texts(typed_arrays.arrow_texts(
                every.slice(start, length), inference.text), texts[start:start + length])
    frames = []
    for t, one in zip(tables, made, strict=True):
        if one is None:
            frames.append(table_frame(t))
            continue
        _, names, arrays = one
        frame = _arrays_frame(arrays, names, len(t.records))
        _table_attrs(frame, t)
        frames.append(frame)
    return frames


def _table_columns(table: Table) -> tuple[tuple[str, ...], list[list]]:
    """A table frame's column names and each column's values."""
    value_cols: list[str] = []
    if table.spec.kind == "summary":
        value_cols = ["amount"] + [c.id for c in table.spec.expenditure_columns
                                   if c.id != "amount"]
    else:
        value_cols = table.column_ids  # optional columns only where the table prints them
    base = list(TABLE_COLUMNS[table.spec.kind])
    records = table.records
    # Column by column: the leading columns are the records' attributes but `category`
    # (economic tables), derived from the code; then the amounts, then the source line.
    lead: list[list] = []
    for c in base:
        if c == "category":
            lead.append([economic_category(r.code) if r.code else "" for r in records])
        else:
            lead.append(list(map(attrgetter(c), records)))
    amounts = _amount_columns([r.values for r in records], value_cols)
    # Decimal and None stay as they are in object columns (None = blank cell, never NaN).
    return ((*base, *value_cols, "source_line"),
            [*lead, *amounts, [r.source_line for r in records]])


def _amount_columns(values: list[dict], names: list[str]) -> list[list]:
    """[[row.get(name) for row in values] for name in names]: a row's amounts read by one
    itemgetter and the rows transposed in C, where every row holds every column (most
    tables); else cell by cell, a column a row does not hold None."""
    if len(names) > 1:
        try:
            return [list(column) for column in zip(*map(itemgetter(*names), values),
                                                    strict=True)] or [[] for _ in names]
        except KeyError:
            pass
    return [[v.get(c) for v in values] for c in names]


def _table_attrs(frame: pd.DataFrame, table: Table) -> None:
    """A table frame's attrs: what the table says of itself."""
    frame.attrs.update({
        "table": table.id, "title": table.title, "number": table.number, "unit": UNIT,
        "source_unit": table.unit, "headers": table.headers,
        "column_labels": table.column_labels, "notes": table.notes,
        "explanation": table.explanation, "title_line": table.title_line,
    })


# A cell of `table_facts_frame`, in the order of its columns (the schema's, checked below).
_CELL = ("table", "code", "item", "column", "amount", "unit", "level", "side", "line", "row",
         "source_unit", "source_line")
if tuple(TABLE_FACT_COLUMNS) != _CELL:
    raise RuntimeError(f"facts columns changed: {TABLE_FACT_COLUMNS} (update _CELL)")
_TABLE_ORDER = {tid: i for i, tid in enumerate(TABLES)}


def table_facts_frame(tables: Iterable[Table]) -> pd.DataFrame:
    """Every printed cell of every table, long: one row per (table, row, column), tables in
    the registry's order, rows in their order, a row's cells in its table's column order."""
    keyed: list[tuple[tuple[int, int], Table, Record, tuple[str, ...]]] = []
    for t in tables:
        rank: dict[str, int] = {}
        for i, c in enumerate([c.id for c in t.spec.columns] +
                              [c.id for c in t.spec.expenditure_columns]):
            rank.setdefault(c, i)  # a column's first place
        position = _TABLE_ORDER.get(t.id, len(_TABLE_ORDER))  # an unknown table last
        # A table's rows mostly hold the same columns: each set of them ordered once.
        orders: dict[tuple[str, ...], tuple[str, ...]] = {}
        for r in t.records:
            held = tuple(r.values)
            if (order := orders.get(held)) is None:
                order = orders[held] = tuple(sorted(held, key=lambda c: rank.get(c, 99)))
            keyed.append(((position, r.row), t, r, order))
    # Sorted here, stably, by row before the frame is made once (not the frame sorted by a
    # key): a row's cells stay together in their order, as a stable sort of the cells would
    # keep them.
    keyed.sort(key=itemgetter(0))
    rows = [(t, r, order) for _, t, r, order in keyed if order]  # rows holding cells
    n = sum(len(order) for _, _, order in rows)
    if n == 0 or not typed_arrays.fast():
        cells = [[t.id, r.code, r.item, c, r.values[c], UNIT, r.level, r.side, r.line, r.row,
                  t.unit, r.source_line] for t, r, order in rows for c in order]
        return records_frame(cells, _CELL, nullable="line")
    # A row's cells share its table, code, item, level, side, line and number: those columns
    # are made once per row, then repeated for its cells (pandas infers the same dtype from
    # the rows' values as from the cells', every row holding a cell).
    # A record's fields read by one attrgetter each, the rows transposed in C (not a pass
    # over the rows per column); a row's amounts by one itemgetter of its columns.
    per_row: dict[str, list] = dict(zip(
        _RECORD_FIELDS, map(list, zip(*map(_record_fields, [r for _, r, _ in rows]),
                                      strict=True)), strict=True))
    per_row["table"] = [t.id for t, _, _ in rows]
    per_row["source_unit"] = [t.unit for t, _, _ in rows]
    getters = {order: _cells_getter(order) for order in {order for _, _, order in rows}}
    per_cell: dict[str, list] = {
        "column": list(chain.from_iterable(order for _, _, order in rows)),
        "amount": list(chain.from_iterable(getters[order](r.values) for _, r, order in rows)),
    }
    inference = typed_arrays.Inference()
    repeat = np.repeat(np.arange(len(rows)),
                       np.fromiter((len(o) for _, _, o in rows), dtype=np.intp, count=len(rows)))
    # The per-row columns of texts, each value repeated for its row's cells: all of them
    # taken in one pyarrow take (not one take per column).
    taken = _repeated_text_columns({name: per_row[name] for name in _CELL
                                    if name in per_row and name != "line"}, repeat, inference)
    arrays = []
    for name in _CELL:
        if name in taken:
            arrays.append(taken[name])
            continue
        if name == "unit":  # one text in every cell: that text repeated, not converted n times
            if (unit := _repeated_texts([UNIT], np.zeros(n, dtype=np.intp), inference)) is None:
                unit = inference.array([UNIT] * n)
            arrays.append(unit)
            continue
        if name in per_cell:
            arrays.append(inference.array(per_cell[name]))
            continue
        values = per_row[name]
        if name != "line" and (repeated := _repeated_texts(values, repeat, inference)) is not None:
            arrays.append(repeated)
            continue
        array = (typed_arrays.int_array(values) if name == "line"
                 else inference.array(values))
        if array is None:  # a line Int64 does not hold: pandas' own way, and its error
            return inferred_frame([per_cell[c] if c in per_cell else [UNIT] * n if c == "unit"
                                   else [per_row[c][k] for k in repeat] for c in _CELL],
                                  _CELL, n, nullable="line")
        arrays.append(array.take(repeat))
    return _arrays_frame(arrays, _CELL, n)


# The columns of `table_facts_frame` a record gives (the others are its table's, or its
# cells').
_RECORD_FIELDS = ("code", "item", "level", "side", "line", "row", "source_line")
_record_fields = attrgetter(*_RECORD_FIELDS)


def _cells_getter(order: tuple[str, ...]):
    """A row's amounts in `order` (its values' keys), as a tuple: one itemgetter call."""
    if len(order) == 1:
        key = order[0]
        return lambda values: (values[key],)
    return itemgetter(*order)


def _arrays_frame(arrays: list, names: tuple[str, ...], n: int) -> pd.DataFrame:
    """A frame of column arrays as they are, of `n` rows."""
    return typed_arrays.frame(arrays, names, pd.RangeIndex(n))


def inferred_frame(columns: Sequence[list], names: tuple[str, ...], n: int,
                   nullable: str | tuple[str, ...] | None = None) -> pd.DataFrame:
    """The frame `records_frame` makes of the rows whose columns these are (pandas infers
    each column's dtype: str, int64, float64 for ints with None, object for Decimal), made
    from the columns: no row is built and transposed, and a column of Decimal or None
    (object, as inferred) or of int (int64) is not inferred again. `nullable`: the column (or
    columns) of int or None made Int64 at once (records_frame casts them after).
    tests/test_frames_inferred.py holds it to `records_frame` on tables of every shape."""
    if not typed_arrays.fast() or n == 0:
        return records_frame([list(row) for row in zip(*columns, strict=True)], names,
                             nullable)
    inference = typed_arrays.Inference()
    ints = _names_of(nullable)
    arrays = [typed_arrays.int_array(values) if name in ints else inference.array(values)
              for name, values in zip(names, columns, strict=True)]
    if any(a is None for a in arrays):  # a value Int64 does not hold as it is
        return records_frame([list(row) for row in zip(*columns, strict=True)], names,
                             nullable)
    return _arrays_frame(arrays, names, n)


def records_frame(rows: list[list], names: tuple[str, ...],
                  nullable: str | tuple[str, ...] | None = None) -> pd.DataFrame:
    """The frame of rows by pandas' own constructor, `nullable` cast to Int64: what
    `inferred_frame` must equal."""
    frame = pd.DataFrame.from_records(rows, columns=typed_arrays.columns_index(names))
    for name in _names_of(nullable):
        frame[name] = frame[name].astype("Int64")
    return frame


def _names_of(nullable: str | tuple[str, ...] | None) -> tuple[str, ...]:
    return (nullable,) if isinstance(nullable, str) else nullable or ()


def _repeated_texts(values: list, repeat: np.ndarray, inference: typed_arrays.Inference):
    """A column of texts with each value repeated as `repeat` says (the array of `values`,
    then its `take(repeat)`), taken in pyarrow at once; None when the values are not all
    texts or pandas' text dtype is not pyarrow's (then made the general way)."""
    if _ArrowStringArray is None or set(map(type, values)) != {str}:
        return None
    if getattr(inference.text, "storage", None) != "pyarrow":
        return None
    texts = _pa.array(values, type=_pa.large_string())
    return typed_arrays.keep_texts(  # (its texts kept for the CSV writer: arrays.keep_texts)
        typed_arrays.arrow_texts(texts.take(repeat), inference.text), values, repeat)


def _repeated_text_columns(columns: dict[str, list], repeat: np.ndarray,
                           inference: typed_arrays.Inference) -> dict[str, Any]:
    """`_repeated_texts` of each of these columns that it makes (its values all texts, pandas'
    text dtype pyarrow's), taken together: one pyarrow table of them, one take. The columns
    it does not make are left out (made the general way)."""
    if _ArrowStringArray is None or getattr(inference.text, "storage", None) != "pyarrow":
        return {}
    texts = {name: _pa.array(values, type=_pa.large_string())
             for name, values in columns.items() if set(map(type, values)) == {str}}
    if not texts:
        return {}
    table = _pa.table(texts).take(repeat)
    # each keeps the texts it is made of (the CSV writer reads them back: arrays.keep_texts)
    return {name: typed_arrays.keep_texts(
                typed_arrays.arrow_texts(table.column(name), inference.text), columns[name],
                repeat)
            for name in texts}


try:  # a column of texts in pandas' pyarrow string dtype, made from a pyarrow array
    import pyarrow as _pa
    from pandas.arrays import ArrowStringArray as _ArrowStringArray
except ImportError:
    _pa = None
    _ArrowStringArray = None  # type: ignore[assignment,misc]
