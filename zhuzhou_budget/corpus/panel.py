"""The panel: every document's data resources stacked, written as Parquet partitioned by year
(`panel/<resource>/year=YYYY/part-0.parquet`, the hive layout Dask, DuckDB, Spark and pyarrow
read directly), a DuckDB database with one table per resource (`panel/panel.duckdb`), and
`panel/datapackage.json` describing both.

Built from the rows each document's build wrote (rows.py, read back from its CSV files), so
the panel and the per-document folders never disagree, and from the results only (not from the disk), so a cluster whose workers
write elsewhere still gives the client its panel. Deterministic: documents in documents.csv
order, each document's rows in its CSV's order.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..metadata.fields import Field, Resource
from ..storage import outfolder
from .integrity import file_hash
from .ledger import DOCUMENT_FIELDS, Row, to_csv
from .panel_schema import KEY_FIELDS, PAIR_RESOURCES, PANEL_RESOURCES, resource
from .rows import read_csv
from .task import Result

DUCKDB_FILE = "panel.duckdb"
DOCUMENTS = "documents"


def write(root: Path, results: list[Result], rows: list[Row], version: str,
          corpus_rows: dict[str, list[pa.Table]] | None = None) -> Path:
    """Write root/panel/ whole (outfolder.replace: marker, temporary folder, atomic swap).
    `corpus_rows`: rows the corpus makes of several documents (pairs.py), after the
    documents' own."""
    tables = stack(results, corpus_rows or {})
    documents = _typed(_documents_table(rows), DOCUMENT_FIELDS)

    def write_all(tmp: Path) -> None:
        years = sorted({r.row.year for r in results if r.row.year is not None})
        descriptors = [_write_partitioned(tmp, name, table, years)
                       for name, table in tables.items()]
        pq.write_table(documents, tmp / f"{DOCUMENTS}.parquet")
        descriptors.append({**_descriptor(DOCUMENTS, f"{DOCUMENTS}.parquet", "One row per "
                                          "document of the corpus (documents.csv)", documents,
                                          None),
                            "hash": file_hash(tmp / f"{DOCUMENTS}.parquet")})
        _write_duckdb(tmp / DUCKDB_FILE, {**tables, DOCUMENTS: documents})
        package = {
            "profile": "data-package", "name": "zhuzhou-budget-panel",
            "title": "部门决算公开 panel: every document's resources stacked",
            "package_version": version,
            "documents": sum(1 for r in rows if r.status != "failed"),
            "duckdb": {"path": DUCKDB_FILE, "tables": [*tables, DOCUMENTS],
                       "hash": file_hash(tmp / DUCKDB_FILE)},
            "resources": descriptors,
        }
        # The ledger travels with the panel: both are swapped in by the one rename below.
        (tmp / "documents.csv").write_bytes(to_csv(rows).encode("utf-8"))
        (tmp / "datapackage.json").write_bytes(
            (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))

    out = root / "panel"
    outfolder.replace(out, write_all)
    return out


def stack(results: list[Result], corpus_rows: dict[str, list[pa.Table]] | None = None
          ) -> dict[str, pa.Table]:
    """resource → one typed Arrow table of every document's rows, key columns first, then
    the corpus's own rows of that resource (a pair's findings and metrics)."""
    out = {}
    for name in (*PANEL_RESOURCES, "metrics", *PAIR_RESOURCES):
        fields = (*KEY_FIELDS, *resource(name).fields)
        parts = [r.tables[name] for r in results if name in r.tables]
        parts += (corpus_rows or {}).get(name, [])
        raw = pa.concat_tables(parts) if parts else _empty(fields)
        out[name] = _typed(raw, fields)
    return out


def _empty(fields) -> pa.Table:
    return pa.table({f.name: pa.array([], pa.string()) for f in fields})


def arrow_type(f: Field, values: pa.ChunkedArray | pa.Array) -> pa.DataType:
    if f.type == "integer":
        return pa.int64()
    if f.type == "boolean":
        return pa.bool_()
    if f.type == "number":
        return pa.decimal128(38, _scale(values))
    return pa.string()


def _scale(values) -> int:
    """The most decimals any value prints, so casting to decimal128 loses nothing."""
    unique = pc.unique(values).to_pylist()
    return max([len(v.partition(".")[2]) for v in unique if isinstance(v, str)] + [0])


def _typed(table: pa.Table, fields) -> pa.Table:
    columns, schema = [], []
    for f in fields:
        col = table[f.name]  # every column arrives as text, as the CSV printed it
        target = arrow_type(f, col)
        columns.append(pc.cast(col, target) if col.type != target else col)
        schema.append(pa.field(f.name, target))
    return pa.Table.from_arrays(columns, schema=pa.schema(schema))


def _documents_table(rows: list[Row]) -> pa.Table:
    return read_csv(to_csv(rows), Resource(DOCUMENTS, "", "", DOCUMENT_FIELDS))


def _write_partitioned(tmp: Path, name: str, table: pa.Table, years: list[int]) -> dict:
    folder = tmp / name
    parts = []
    for year in years:
        part = table.filter(pc.equal(table["year"], year)).drop_columns(["year"])
        target = folder / f"year={year}"
        target.mkdir(parents=True)
        pq.write_table(part, target / "part-0.parquet")
        # Each part's rows and checksum: a reader refuses a part changed since (integrity).
        parts.append({"path": f"{name}/year={year}/part-0.parquet", "rows": len(part),
                      "hash": file_hash(target / "part-0.parquet")})
    return {**_descriptor(name, f"{name}/", resource(name).description, table, "year"),
            "parts": parts}


def _descriptor(name: str, path: str, description: str, table: pa.Table,
                partition: str | None) -> dict:
    described = {f.name: f for f in (*KEY_FIELDS, *DOCUMENT_FIELDS,
                                     *(resource(name).fields if name != DOCUMENTS else ()))}
    money = name != DOCUMENTS and resource(name).money
    fields = []
    for col in table.schema:
        f = described[col.name]
        fields.append({**f.descriptor(money), "parquet_type": str(col.type)})
    out = {"name": name.replace("_", "-"), "path": path, "format": "parquet",
           "profile": "tabular-data-resource", "description": description,
           "rows": len(table), "schema": {"fields": fields}}
    if partition:
        out["partitioning"] = {"scheme": "hive", "fields": [partition]}
    return out


def _write_duckdb(path: Path, tables: dict[str, pa.Table]) -> None:
    import duckdb

    con = duckdb.connect(str(path))
    try:
        for name, table in tables.items():
            con.register("_incoming", table)
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM _incoming')
            con.unregister("_incoming")
    finally:
        con.close()
