"""The panel: every document's data resources stacked, written as Parquet partitioned by year
(`panel/<resource>/year=YYYY/part-0.parquet`, the hive layout Dask, DuckDB, Spark and pyarrow
read directly), a DuckDB database with one table per resource (`panel/panel.duckdb`), and
`panel/datapackage.json` describing both.

Built from the rows each document's build wrote (rows.py: the cells it wrote, or its CSV
files read back), so the panel and the per-document folders never disagree. Merged from the fragments each
document left in the run's staging area (stage.py) as it finished — one document's rows in
memory at a time, at most ROW_GROUP rows waiting for the Parquet writer, DuckDB filling its
tables from the Parquet parts as written, its buffers capped — so writing the panel
of 50,000 documents needs no more memory than of 100; nothing is read from the document
folders, so a cluster whose workers write elsewhere (a shared file system) still gives the
client its panel. Deterministic: documents in documents.csv order, each document's rows in its
CSV's order, the same bytes whatever order the documents finished in. The merge runs on
MERGE_THREADS threads (Arrow, Parquet and DuckDB work outside the interpreter's lock) that
write the parts (a resource's year, each its own file), the largest first, and one more whose
DUCKDB_WRITERS connections fill the DuckDB tables (each by one statement from its parts), the
largest first, each as soon as its parts are written, so the result does not depend on which
thread took which.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..metadata.fields import Field, Resource
from ..storage import json_text, outfolder
from . import stage
from .integrity import file_hash
from .ledger import DOCUMENT_FIELDS, Row, to_csv
from .panel_schema import KEY_FIELDS, PAIR_RESOURCES, PANEL_RESOURCES, resource
from .result import Result
from .rows import read_csv, strings

DUCKDB_FILE = "panel.duckdb"
DOCUMENTS = "documents"
# Rows gathered before they are written as one Parquet row group (and inserted into DuckDB):
# what bounds the merge's memory (~64 documents' facts; a group ends with the document that
# reaches it). A partition of fewer rows is one row group, as pq.write_table writes it.
ROW_GROUP = 65_536
# DuckDB's own buffers while it reads each part just written into its table (it writes
# beyond that to its file).
DUCKDB_MEMORY = "64MB"
# Resources merged at once: the merge runs after the documents are built, when the cores are
# free; each thread holds at most one row group (ROW_GROUP rows) of its resource.
MERGE_THREADS = min(2, os.cpu_count() or 1)
# Connections filling the DuckDB tables at once, each a table at a time (one statement each,
# so a table's rows keep their order whichever connection fills it). DuckDB stores a table's
# rows on the thread that inserts them: measured on a 2-core machine, two tables of the
# facts' 100,800 rows filled in 263–303 ms on two connections against 366–420 ms on one
# (one statement on two DuckDB threads was slower than on one).
DUCKDB_WRITERS = min(2, os.cpu_count() or 1)


class Opening:
    """The panel's DuckDB database, opened on a thread of its own while the documents build
    (`prepare`), in the run's staging area; the merge fills it and moves it into the panel.
    Opening a new database costs ~20 ms of one core alone, and 60–100 ms on the merge's own
    path, where its part writers hold the interpreter's lock: the merge's DuckDB thread, the
    one that finishes last, then starts with its first table."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._connection: Any = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._open, name="panel-open", daemon=True)
        self._thread.start()

    def _open(self) -> None:
        try:
            self._connection = _connect(self.path)
        except BaseException as exc:  # noqa: BLE001 (kept for the merge, which reports it)
            self._error = exc

    def connection(self) -> Any:
        """The open connection (waits for the opening; its error, if any, is raised here)."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._connection

    def close(self) -> None:
        """Close it if it is open (a run that stops before its merge); idempotent."""
        self._thread.join()
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def prepare(area: Path) -> Opening:
    """Called as a pool starts: import DuckDB and open the panel's database in the run's
    staging `area` now, on a thread of its own (~0.1 s of one core, while the batch's
    process only waits for its workers), for the merge to fill."""
    return Opening(area / DUCKDB_FILE)


def _connect(path: Path) -> Any:
    """A new DuckDB database at `path`, set as the merge uses it."""
    import duckdb

    con = duckdb.connect(str(path))
    try:
        con.execute(f"SET memory_limit = '{DUCKDB_MEMORY}'")
        # Each statement runs on the calling thread, none of DuckDB's own: the merge's threads
        # already keep the cores busy, and a pool of DuckDB's per statement on parts this
        # small costs more than it gives.
        con.execute("SET threads = 1")
    except BaseException:
        con.close()
        raise
    return con


def write(root: Path, results: list[Result], rows: list[Row], version: str,
          corpus_rows: dict[str, list[pa.Table]] | None = None,
          before_swap: Callable[[], None] | None = None,
          opened: Opening | None = None) -> Path:
    """Write root/panel/ whole (outfolder.replace: marker, temporary folder, atomic swap)
    from the staged fragments of `results` (the documents built, in documents.csv order).
    `corpus_rows`: the rows the corpus makes of several documents (pairs.py: a pair's lines,
    findings and metrics; a few rows per pair), after the documents' own in each year.
    `opened`: the database `prepare` opened (its opener closes it, whatever happens; the
    merge closes it before moving it into the panel), else one is made in the panel's
    temporary folder."""
    documents = _typed(_documents_table(rows), DOCUMENT_FIELDS)
    names = [*PANEL_RESOURCES, "metrics", *PAIR_RESOURCES]
    extra = corpus_rows or {}

    def write_all(tmp: Path) -> None:
        years = sorted({r.row.year for r in results if r.row.year is not None})
        typed = {name: schema(name, results, extra.get(name, [])) for name in names}
        with stage.reader() as staged, \
                ThreadPoolExecutor(MERGE_THREADS, thread_name_prefix="panel") as pool, \
                ThreadPoolExecutor(1, thread_name_prefix="panel-duckdb") as database:
            descriptors = _merge(tmp, pool, database, names, typed, documents, results, years,
                                 extra, staged, opened)
        descriptors.append({**_descriptor(DOCUMENTS, f"{DOCUMENTS}.parquet", "One row per "
                                          "document of the corpus (documents.csv)",
                                          documents.schema, len(documents), None),
                            "hash": file_hash(tmp / f"{DOCUMENTS}.parquet")})
        package = {
            "profile": "data-package", "name": "zhuzhou-budget-panel",
            "title": "部门决算公开 panel: every document's resources stacked",
            "package_version": version,
            "documents": sum(1 for r in rows if r.status != "failed"),
            "duckdb": {"path": DUCKDB_FILE, "tables": [*names, DOCUMENTS],
                       "hash": file_hash(tmp / DUCKDB_FILE)},
            "resources": descriptors,
        }
        # The ledger travels with the panel: both are swapped in by the one rename below.
        (tmp / "documents.csv").write_bytes(to_csv(rows).encode("utf-8"))
        (tmp / "datapackage.json").write_bytes(
            (json_text.dumps(package, 2) + "\n").encode("utf-8"))

    out = root / "panel"
    outfolder.replace(out, write_all, before_swap)  # before_swap: the batch's last moves
    return out


def schema(name: str, results: list[Result], extra: Sequence[pa.Table] = ()) -> pa.Schema:
    """The typed schema of a resource, key columns first: a number column is decimal128 with
    the most decimals any document prints in it (known from the fragments, unread; and from
    the corpus's own rows `extra`, read: they are few)."""
    fields = (*KEY_FIELDS, *resource(name).fields)
    scales: dict[str, int] = {}
    for r in results:
        if r.fragment is not None:
            for col, s in r.fragment.scales.get(name, {}).items():
                scales[col] = max(scales.get(col, 0), s)
    for table in extra:
        for f in fields:
            if f.type == "number" and f.name in table.column_names:
                scales[f.name] = max(scales.get(f.name, 0), stage.scale(table[f.name]))
    return pa.schema([pa.field(f.name, _arrow_type(f, scales.get(f.name, 0))) for f in fields])


@dataclass
class _Part:
    """What one year's part of a resource is made of: the documents' staged rows (their
    fragments, in documents.csv order) and the corpus's own rows of that year."""

    fragments: list[stage.Fragment] = field(default_factory=list)
    own: list[pa.Table] = field(default_factory=list)

    def rows(self, name: str) -> int:
        """Its row count, known without reading the staged rows."""
        return sum(f.rows[name] for f in self.fragments) + sum(map(len, self.own))

    def tables(self, name: str, staged: stage.Reader) -> Iterator[pa.Table]:
        """Its rows, one document at a time, then the corpus's own."""
        for fragment in self.fragments:
            yield staged.read(fragment, name)
        yield from self.own


def _parts(names: list[str], years: list[int], results: list[Result],
           extra: dict[str, list[pa.Table]]) -> dict[tuple[str, int], _Part]:
    """Every resource's part of every year, the documents sorted into them in one pass."""
    parts = {(name, year): _Part() for name in names for year in years}
    for r in results:
        if r.fragment is not None:
            for name in r.fragment.rows:
                part = parts.get((name, r.row.year))  # type: ignore[arg-type]
                if part is not None:
                    part.fragments.append(r.fragment)
    known = {str(year): year for year in years}
    for name in names:
        for table in extra.get(name, []):
            # the corpus's rows: most tables are one owner's, of one year, and go whole
            found = pc.unique(table["year"]).to_pylist()
            if len(found) == 1 and found[0] in known:
                parts[name, known[found[0]]].own.append(table)
                continue
            for year in years:
                mine = table.filter(pc.equal(table["year"], strings([str(year)])[0]))
                if len(mine):
                    parts[name, year].own.append(mine)
    return parts


def _part_path(tmp: Path, name: str, year: int) -> Path:
    return tmp / name / f"year={year}" / "part-0.parquet"


def _merge(tmp: Path, pool: ThreadPoolExecutor, database: ThreadPoolExecutor,
           names: list[str], typed: dict[str, pa.Schema], documents: pa.Table,
           results: list[Result], years: list[int], extra: dict[str, list[pa.Table]],
           staged: stage.Reader, opened: Opening | None = None) -> list[dict]:
    """Every resource's Parquet parts and its DuckDB table; the descriptors in `names` order.
    The parts (a resource's year, each its own file) are shared by the pool's threads, the
    largest first (the staged row counts say which); meanwhile one thread of its own fills
    the database's tables on DUCKDB_WRITERS connections, the largest first, each as soon as
    its parts are written, so its work overlaps the parts' instead of following them. What is
    written does not depend on which thread wrote it: each part is its own file, each table
    is filled by one statement from its parts in year order."""
    parts = _parts(names, years, results, extra)
    for name, year in parts:
        _part_path(tmp, name, year).parent.mkdir(parents=True)
    rows = {(name, year): part.rows(name) for (name, year), part in parts.items()}
    order = sorted(rows, key=lambda key: -rows[key])  # stable: ties in `names` order

    def write_part(key: tuple[str, int]) -> dict:
        name, year = key
        path = _part_path(tmp, name, year)
        count = _write_part(path, typed[name], parts[key].tables(name, staged))
        # Each part's rows and checksum: a reader refuses a part changed since (integrity).
        return {"path": f"{name}/year={year}/part-0.parquet", "rows": count,
                "hash": file_hash(path)}

    written = {key: pool.submit(write_part, key) for key in order}
    documents_path = tmp / f"{DOCUMENTS}.parquet"
    documents_written = pool.submit(pq.write_table, documents, documents_path)
    total = {name: sum(rows[name, year] for year in years) for name in names}
    tables = [(name, typed[name], [(year, _part_path(tmp, name, year)) for year in years],
               [written[name, year] for year in years])
              for name in sorted(names, key=lambda name: -total[name])]
    tables.append((DOCUMENTS, documents.schema, [], [documents_written]))
    filled = database.submit(_fill_database, tmp / DUCKDB_FILE,
                             {**typed, DOCUMENTS: documents.schema}, tables, documents_path,
                             opened)
    descriptors = []
    for name in names:
        mine = [written[name, year].result() for year in years]
        descriptors.append({**_descriptor(name, f"{name}/", resource(name).description,
                                          typed[name], sum(p["rows"] for p in mine), "year"),
                            "parts": mine})
    filled.result()
    return descriptors


def _fill_database(path: Path, schemas: dict[str, pa.Schema],
                   tables: list[tuple[str, pa.Schema, list[tuple[int, Path]], list[Future]]],
                   documents_path: Path, opened: Opening | None = None) -> None:
    """Make the DuckDB file at `path` (in `opened`, then moved there, when given): every table
    in one statement, then each table filled from its parts once they are written (`tables`:
    name, schema, (year, part) in year order, the futures writing them, the largest first),
    the documents' table from its one file, on DUCKDB_WRITERS connections that take the next
    table as each is free."""
    con = opened.connection() if opened is not None else _connect(path)
    try:
        con.execute(_create_tables(schemas))
        waiting = list(reversed(tables))  # popped from the end: the largest first
        taking = threading.Lock()
        failed = threading.Event()

        def fill(writer: Any) -> None:
            try:
                while not failed.is_set():
                    with taking:
                        if not waiting:
                            return
                        name, typed, parts, writing = waiting.pop()
                    for future in writing:
                        future.result()  # its parts are written (a failure is raised here)
                    if name == DOCUMENTS:
                        writer.execute(f'INSERT INTO "{DOCUMENTS}" SELECT * FROM '
                                       f"read_parquet({_quoted(documents_path)})")
                    else:
                        _insert_parts(writer, name, typed, parts)
            except BaseException:
                failed.set()  # the other writers take no further table
                raise

        others = [con.cursor() for _ in range(DUCKDB_WRITERS - 1)]
        try:
            with ThreadPoolExecutor(max(len(others), 1),
                                    thread_name_prefix="panel-duckdb-writer") as helpers:
                filling = [helpers.submit(fill, writer) for writer in others]
                fill(con)
                for future in filling:
                    future.result()
        finally:
            for writer in others:
                writer.close()
    finally:
        if opened is not None:
            opened.close()
        else:
            con.close()
    if opened is not None:  # closed (checkpointed): its one file is the whole database
        shutil.move(opened.path, path)


def _write_part(path: Path, typed: pa.Schema, tables: Iterator[pa.Table]) -> int:
    """Write one year's rows (the year column dropped: the folder's name carries it) in row
    groups of ROW_GROUP rows. Returns the rows."""
    file_schema = typed.remove(typed.get_field_index("year"))
    waiting: list[pa.Table] = []
    count = written = 0
    with pq.ParquetWriter(path, file_schema) as writer:
        def flush(final: bool) -> None:
            nonlocal waiting, count, written
            if not waiting and not (final and written == 0):
                return
            # The documents' text rows cast to the panel's types once per row group, not once
            # per document (a cast costs the same for 10 rows as for 10,000).
            batch = _cast(_concat(waiting), typed) if waiting else _empty(typed)
            writer.write_table(batch.drop_columns(["year"]))  # one flush, one row group
            written += len(batch)
            waiting, count = [], 0
            pa.default_memory_pool().release_unused()  # the group's buffers back to the OS

        for table in tables:
            waiting.append(table.select(typed.names))  # the panel's column order
            count += len(table)
            if count >= ROW_GROUP:
                flush(False)
        flush(True)
    return written


def _empty(typed: pa.Schema) -> pa.Table:
    """`typed.empty_table()`, which imports pandas (rows.strings says why this process avoids
    it)."""
    return pa.Table.from_arrays([pa.nulls(0, f.type) for f in typed], schema=typed)


def _arrow_type(f: Field, scale: int) -> pa.DataType:
    if f.type == "integer":
        return pa.int64()
    if f.type == "boolean":
        return pa.bool_()
    if f.type == "number":
        return pa.decimal128(38, scale)
    return pa.string()


def _cast(table: pa.Table, typed: pa.Schema) -> pa.Table:
    """A document's text rows as the panel's types (every column arrives as text, as the CSV
    printed it; a blank is null, never 0)."""
    columns = [table[f.name] if f.type == pa.string() else pc.cast(table[f.name], f.type)
               for f in typed]
    return pa.Table.from_arrays(columns, schema=typed)


def _concat(tables: list[pa.Table]) -> pa.Table:
    """Text tables (the same columns) stacked as they are, their chunks kept: the cast
    gives each document's values exactly as a cast of each alone would. A column typed
    otherwise in one table (an all-null column read as `null`) is promoted first."""
    first = tables[0].schema
    if all(t.schema.equals(first) for t in tables):
        return pa.concat_tables(tables)
    return pa.concat_tables(tables, promote_options="permissive")


def _typed(table: pa.Table, fields) -> pa.Table:
    """A small text table (documents) typed whole: its scales from its own values."""
    typed = pa.schema([pa.field(f.name, _arrow_type(f, stage.scale(table[f.name])))
                       for f in fields])
    return _cast(table, typed)


def _documents_table(rows: list[Row]) -> pa.Table:
    return read_csv(to_csv(rows), Resource(DOCUMENTS, "", "", DOCUMENT_FIELDS))


def _descriptor(name: str, path: str, description: str, typed: pa.Schema, rows: int,
                partition: str | None) -> dict:
    described = {f.name: f for f in (*KEY_FIELDS, *DOCUMENT_FIELDS,
                                     *(resource(name).fields if name != DOCUMENTS else ()))}
    money = name != DOCUMENTS and resource(name).money
    fields = []
    for col in typed:
        f = described[col.name]
        fields.append({**f.descriptor(money), "parquet_type": str(col.type)})
    out = {"name": name.replace("_", "-"), "path": path, "format": "parquet",
           "profile": "tabular-data-resource", "description": description,
           "rows": rows, "schema": {"fields": fields}}
    if partition:
        out["partitioning"] = {"scheme": "hive", "fields": [partition]}
    return out


def _insert_parts(con, name: str, typed: pa.Schema, parts: list[tuple[int, Path]]) -> None:
    """Append the parts just written, (year, file) in year order, to the DuckDB table in one
    statement, each part's year put back in its place (known by its file's name): DuckDB
    reads the files itself (streaming, its buffers capped), part after part in the order
    given, each in its row order (insertion order is preserved)."""
    if not parts:
        return
    year = "CASE filename " + " ".join(f"WHEN {_quoted(p)} THEN {int(y)}" for y, p in parts)
    columns = ", ".join(f"{year} END::BIGINT AS year" if c == "year" else f'"{c}"'
                        for c in typed.names)
    files = ", ".join(_quoted(p) for _, p in parts)
    con.execute(f'INSERT INTO "{name}" SELECT {columns} FROM read_parquet([{files}], '
                "filename = true)")


def _quoted(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _create_tables(schemas: dict[str, pa.Schema]) -> str:
    """One statement making every table, empty, with the DuckDB type of each Arrow column
    (what DuckDB would make of an Arrow table of that schema: registering an empty Arrow
    table per resource to copy its schema cost ~20 ms each)."""
    return ";\n".join(
        f'CREATE TABLE "{name}" (' + ", ".join(f'"{f.name}" {_duckdb_type(f.type)}'
                                               for f in typed) + ")"
        for name, typed in schemas.items()) + ";"


def _duckdb_type(t: pa.DataType) -> str:
    if pa.types.is_decimal(t):
        return f"DECIMAL({t.precision}, {t.scale})"
    known = {pa.string(): "VARCHAR", pa.int64(): "BIGINT", pa.bool_(): "BOOLEAN"}
    if t not in known:
        raise TypeError(f"no DuckDB type for the panel's Arrow type {t}")
    return known[t]
