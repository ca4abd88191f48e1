"""Facts and frames: the parsed tables and the transform stage's rows as DataFrames, column
orders from the schema (metadata.fields): a table as published (`table_frame`), every printed
cell long (`table_facts_frame`), the narrative facts (`facts_frame`) and any frame of rows
(`object_frame`).

Values stay as they are (Decimal, int, str, None): no float, no NaN, a missing value is None.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

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


def table_frame(table: Table) -> pd.DataFrame:
    """One table as published: a row per printed row, Decimal amounts, blanks as None."""
    value_cols: list[str] = []
    if table.spec.kind == "summary":
        value_cols = ["amount"] + [c.id for c in table.spec.expenditure_columns
                                   if c.id != "amount"]
    else:
        value_cols = table.column_ids  # optional columns only where the table prints them
    base = list(TABLE_COLUMNS[table.spec.kind])
    records = []
    for r in table.records:
        rec = {"row": r.row, "code": r.code, "item": r.item, "level": r.level, "side": r.side,
               "line": r.line}
        if table.spec.kind == "economic":
            rec["category"] = economic_category(r.code) if r.code else ""
        rec.update({c: r.values.get(c) for c in value_cols})
        rec["source_line"] = r.source_line
        records.append(rec)
    # Decimal and None stay as they are in object columns (None = blank cell, never NaN).
    frame = pd.DataFrame.from_records(records, columns=base + value_cols + ["source_line"])
    frame.attrs.update({
        "table": table.id, "title": table.title, "number": table.number, "unit": UNIT,
        "source_unit": table.unit, "headers": table.headers,
        "column_labels": table.column_labels, "notes": table.notes,
        "explanation": table.explanation, "title_line": table.title_line,
    })
    return frame


def table_facts_frame(tables: Iterable[Table]) -> pd.DataFrame:
    """Every printed cell of every table, long: one row per (table, row, column)."""
    rows = []
    for t in tables:
        order = [c.id for c in t.spec.columns] + [c.id for c in t.spec.expenditure_columns]
        for r in t.records:
            for col in sorted(r.values, key=lambda c: order.index(c) if c in order else 99):
                rows.append({
                    "table": t.id, "code": r.code, "item": r.item, "column": col,
                    "amount": r.values[col], "unit": UNIT, "level": r.level, "side": r.side,
                    "line": r.line, "row": r.row, "source_unit": t.unit,
                    "source_line": r.source_line,
                })
    frame = pd.DataFrame.from_records(rows, columns=TABLE_FACT_COLUMNS)
    table_order = {tid: i for i, tid in enumerate(TABLES)}
    frame = frame.sort_values(["table", "row"], key=lambda s: s.map(table_order)
                              if s.name == "table" else s, kind="stable").reset_index(drop=True)
    frame["line"] = frame["line"].astype("Int64")
    return frame
