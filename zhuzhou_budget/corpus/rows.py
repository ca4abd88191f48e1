"""One document's panel rows, made where the document was built (a pool worker or a dask
worker), so the parent only stacks: each panel resource's CSV as written, as an Arrow table of
text (an empty cell is null: a blank is missing, never 0) with the key columns in front; and
its metrics, read from its facts. Typing (exact decimals, integers) happens once, on the stack,
where the decimals every document prints are known."""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from decimal import Decimal
from itertools import compress
from operator import not_

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from ..metadata.fields import Resource
from .panel_schema import KEYS, METRICS, PANEL_RESOURCES, resource


def document_tables(texts: dict[str, str], keys: dict[str, str]) -> dict[str, pa.Table]:
    """resource → the document's rows (text), keys first; `metrics` included."""
    return _keyed({name: read_csv(texts.get(name, ""), resource(name))
                   for name in PANEL_RESOURCES}, keys)


def document_tables_from_cells(cells: dict[str, dict[str, list[str]]], keys: dict[str, str]
                               ) -> dict[str, pa.Table]:
    """As `document_tables`, from the cells the build wrote (storage.build.write_outputs'
    `cells`) instead of the files read back: the same strings, a blank cell null. Each table
    is made once, keys in front (not made and then remade with them); the text of every
    column of every resource is made by one conversion and each column is a slice of it
    (a conversion costs more to start than a short column's cells: most columns are short)."""
    key_values = _key_values(keys)
    given: list[list[str]] = []  # every column's cells, the columns one after the other
    at = 0  # where the next column starts among all the cells
    plan = []  # resource → its row count and where each of its columns starts
    for name in PANEL_RESOURCES:
        res, columns = resource(name), cells.get(name, {})
        n = len(next(iter(columns.values()), []))
        starts: list[int | None] = []
        for c in res.columns:
            if c not in columns:
                starts.append(None)
                continue
            if len(columns[c]) != n:
                raise ValueError(f"{name}: column {c} has {len(columns[c])} cells, not {n}")
            starts.append(at)
            given.append(columns[c])
            at += n
        plan.append((name, res, n, starts))
    text = _text_of_columns(given)
    metric_rows = metrics_of_cells(cells.get("facts", {}))
    # Each key repeated once for the longest table and each table's key columns (and blank
    # columns) slices of it: a slice costs a fraction of a repeat, and there are 15 tables.
    longest = max([n for _, _, n, _ in plan] + [len(metric_rows)])
    key_columns = _key_columns(key_values, longest)
    blank = pa.nulls(longest, pa.string())
    out: dict[str, pa.Table] = {}
    for name, res, n, starts in plan:
        arrays = [k.slice(0, n) for k in key_columns] + [
            blank.slice(0, n) if start is None else text.slice(start, n)
            for start in starts]
        out[name] = pa.Table.from_arrays(arrays, schema=_text_schema(tuple(res.columns)))
    n = len(metric_rows)
    out["metrics"] = pa.Table.from_arrays(
        [k.slice(0, n) for k in key_columns] + list(metric_rows.columns),
        schema=_text_schema(tuple(metric_rows.column_names)))
    return out


@functools.lru_cache(maxsize=64)
def _text_schema(columns: tuple[str, ...]) -> pa.Schema:
    """The schema `pa.table` gives text columns named KEYS + `columns` (one per resource,
    made once: pa.table infers it from the arrays each time)."""
    return pa.schema([pa.field(name, pa.string()) for name in [*KEYS, *columns]])


def text_array(cells: list[str]) -> pa.Array:
    """Cells as Arrow text, a blank cell null (as the CSV read back gives)."""
    return _text_of_columns([cells])


def _text_of_columns(columns: list[list[str]]) -> pa.Array:
    """`text_array` of the columns' cells one after the other. Each column is encoded as one
    text, each cell followed by a separator no cell holds (`pa.array` of a list encodes each
    cell on its own: most are not ASCII, and no cell has been encoded yet; a column at a time,
    a column of ASCII cells is not widened to the width of the document's Chinese text). The
    separators' places, found by numpy in the encoded bytes, are the cells' offsets, each cell
    with its separator: the array is made from its buffers and Arrow cuts every value's last
    byte (a blank cell, its separator alone, is null: no second pass to null the blanks)."""
    n = sum(map(len, columns))
    try:
        data = b"".join([(_SEPARATOR.join(column) + _SEPARATOR).encode("utf-8")
                         for column in columns if column])
    except UnicodeEncodeError:  # a lone surrogate: the list converted, with Arrow's own error
        data = b""
    ends = np.flatnonzero(np.frombuffer(data, np.uint8) == 0) if data else _NO_ENDS
    if not n or len(ends) != n or len(data) > _MAX_OFFSET:
        # none, a cell holding the separator, or more text than 32-bit offsets reach: each
        # cell converted
        return _text_array_by_cell([cell for column in columns for cell in column])
    offsets = np.empty(n + 1, np.int32)
    offsets[0] = 0
    offsets[1:] = ends + 1  # each cell's end, after its separator
    valid = (offsets[1:] - offsets[:-1]) > 1  # more than its separator
    nulls = n - int(np.count_nonzero(valid))
    bitmap = pa.py_buffer(np.packbits(valid, bitorder="little")) if nulls else None
    with_separators = pa.Array.from_buffers(
        pa.binary(), n, [bitmap, pa.py_buffer(offsets), pa.py_buffer(data)], nulls)
    # UTF-8 cut at its 0 bytes only (each a character of its own): still UTF-8
    return pc.binary_slice(with_separators, 0, -1).view(pa.string())


def strings(values: Sequence[str | None]) -> pa.Array:
    """`pa.array(values, pa.string())` (None null, "" kept), made from its buffers. pa.array
    first asks pyarrow's pandas shim whether a list is a pandas object, which imports pandas
    (~0.4 s of CPU) in a process that has not: the corpus's merge makes its own few rows (a
    pair's, each final account's metrics) this way, in a process that never needs pandas."""
    try:
        encoded = [b"" if v is None else v.encode("utf-8") for v in values]
    except UnicodeEncodeError:  # a lone surrogate: Arrow's own error, as the list gives it
        return pa.array(values, pa.string())
    offsets = np.zeros(len(encoded) + 1, np.int64)
    np.cumsum(np.fromiter(map(len, encoded), np.int64, len(encoded)), out=offsets[1:])
    if offsets[-1] > _MAX_OFFSET:
        return pa.array(values, pa.string())
    valid = np.fromiter((v is not None for v in values), np.bool_, len(values))
    nulls = len(values) - int(np.count_nonzero(valid))
    bitmap = pa.py_buffer(np.packbits(valid, bitorder="little")) if nulls else None
    return pa.Array.from_buffers(pa.string(), len(values), [
        bitmap, pa.py_buffer(offsets.astype(np.int32)), pa.py_buffer(b"".join(encoded))], nulls)


def _text_array_by_cell(cells: list[str]) -> pa.Array:
    """`text_array` made the general way: the list converted cell by cell, blanks nulled."""
    array = pa.array(cells, pa.string())
    if "" in cells:
        array = pc.if_else(pc.equal(array, ""), pa.scalar(None, pa.string()), array)
    return array


_SEPARATOR = "\0"  # UTF-8 encodes no other character with a 0 byte
_NO_ENDS = np.empty(0, np.intp)
_MAX_OFFSET = 2**31 - 1  # pa.string()'s offsets are 32-bit


def _keyed(tables: dict[str, pa.Table], keys: dict[str, str]) -> dict[str, pa.Table]:
    """The document's tables and its metrics (from its facts), each with the keys in front."""
    out = {name: with_keys(table, keys) for name, table in tables.items()}
    out["metrics"] = with_keys(metrics(tables["facts"]), keys)
    return out


def read_csv(text: str, res: Resource) -> pa.Table:
    names = res.columns
    if not text.strip():
        return empty(res)
    table = pacsv.read_csv(
        io.BytesIO(text.encode("utf-8")),
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=True,
            null_values=[""], quoted_strings_can_be_null=True))
    columns = [table[c] if c in table.column_names else pa.nulls(len(table), pa.string())
               for c in names]
    return pa.table(columns, names=names)


def empty(res: Resource) -> pa.Table:
    # pa.nulls, not pa.array([]): the merge's process reads CSV here without pandas (`strings`)
    return pa.table({f.name: pa.nulls(0, pa.string()) for f in res.fields})


def with_keys(table: pa.Table, keys: dict[str, str]) -> pa.Table:
    key_cols = _key_columns(_key_values(keys), len(table))
    return pa.table(key_cols + list(table.columns), names=KEYS + table.column_names)


def _key_values(keys: dict[str, str]) -> list[pa.Scalar]:
    return [pa.scalar(keys[k], pa.string()) for k in KEYS]


def _key_columns(values: list[pa.Scalar], n: int) -> list[pa.Array]:
    """The key columns of a document's table of `n` rows: each key repeated."""
    return [pa.repeat(value, n) for value in values]


def metrics(facts: pa.Table) -> pa.Table:
    """The headline figures of one document (analysis.headline), from its total rows: its
    facts as the cells they were read from, measured by `metrics_of_cells`."""
    return metrics_of_cells(cells_of(facts.select(_METRIC_COLUMNS)))


_METRIC_COLUMNS = ["code", "table", "level", "column", "amount"]
_BLANK = frozenset({"", None})  # what `{t for t in table if t}` left out of text cells


def cells_of(table: pa.Table) -> dict[str, list[str]]:
    """A text table as the cells it was made of (column → cells, a null a blank "")."""
    return {c: ["" if v is None else v for v in table[c].to_pylist()]
            for c in table.column_names}


def metrics_of_cells(facts: dict[str, list[str]]) -> pa.Table:
    """`metrics` of the facts' cells as the build wrote them (column → cells, a blank "",
    a column not given all blank): the total rows (no code) found in Python, where the facts
    already are."""
    n = len(next(iter(facts.values()), []))
    blank = [""] * n
    code, table, level, column, amount = (facts.get(c, blank) for c in _METRIC_COLUMNS)
    # the total rows (no code) picked out at C level and only they read in Python (~1 row
    # in 8 of the facts); zip still compares every column's length, as it did
    totals = compress(zip(code, table, level, column, amount, strict=True), map(not_, code))
    cells = {(t or None, lv or None, c or None): a or None for _, t, lv, c, a in totals}
    tables = set(table) - _BLANK  # a blank names no table (the set made at C level)

    def cell(table: str, level: str, column: str) -> Decimal | None:
        amount = cells.get((table, level, column))
        return None if amount is None else Decimal(amount)

    # Imported here: the merge's process reads CSV text through this module (read_csv) and
    # never computes a document's figures, and headline's module imports pandas.
    from ..analysis import headline

    values = headline.figures(cell, headline.kind_of(tables))
    rows = [(m, None if v is None else str(v), headline.UNITS[m], "tables")
            for m, v in values.items()]
    return pa.table([pa.array([r[i] for r in rows], pa.string()) for i in range(4)],
                    names=METRICS.columns)
