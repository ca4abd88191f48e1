"""One document's panel rows, made where the document was built (a pool worker or a dask
worker), so the parent only stacks: each panel resource's CSV as written, as an Arrow table of
text (an empty cell is null: a blank is missing, never 0) with the key columns in front; and
its metrics, read from its facts. Typing (exact decimals, integers) happens once, on the stack,
where the decimals every document prints are known."""

from __future__ import annotations

import io
from decimal import Decimal, InvalidOperation

import pyarrow as pa
import pyarrow.csv as pacsv

from ..metadata.fields import Resource
from .panel_schema import KEYS, METRIC_CELLS, METRICS, PANEL_RESOURCES, resource


def document_tables(texts: dict[str, str], keys: dict[str, str]) -> dict[str, pa.Table]:
    """resource → the document's rows (text), keys first; `metrics` included."""
    out = {name: with_keys(read_csv(texts.get(name, ""), resource(name)), keys)
           for name in PANEL_RESOURCES}
    out["metrics"] = with_keys(metrics(out["facts"]), keys)
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
    return pa.table({f.name: pa.array([], pa.string()) for f in res.fields})


def with_keys(table: pa.Table, keys: dict[str, str]) -> pa.Table:
    n = len(table)
    key_cols = [pa.array([keys[k]] * n, pa.string()) for k in KEYS]
    return pa.table(key_cols + list(table.columns), names=KEYS + table.column_names)


def metrics(facts: pa.Table) -> pa.Table:
    """The headline figures of one document, from its total rows (no code)."""
    cols = {c: facts[c].to_pylist() for c in ("code", "table", "level", "column", "amount")}
    cells = {(t, lv, c): a for code, t, lv, c, a in zip(
        cols["code"], cols["table"], cols["level"], cols["column"], cols["amount"], strict=True)
        if code is None}
    rows = [(metric, cells.get((table, level, column)), "万元", "tables")
            for metric, table, level, column in METRIC_CELLS]
    values = {m: v for m, v, _, _ in rows}
    share = None
    try:  # exact decimal arithmetic, rounded half-up to two decimals as the documents print
        total = Decimal(values["expenditure_total"] or "")
        project = Decimal(values["expenditure_project"] or "")
        if total:
            share = str((project / total * 100).quantize(Decimal("0.01"), "ROUND_HALF_UP"))
    except InvalidOperation:
        share = None
    rows.append(("project_share", share, "%", "tables"))
    return pa.table([pa.array([r[i] for r in rows], pa.string()) for i in range(4)],
                    names=METRICS.columns)
