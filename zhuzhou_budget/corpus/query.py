"""Reading the panel back: `panel(path)` gives every resource as a DataFrame (money as
`decimal.Decimal`, integers as nullable Int64), `sql(query, path=…)` runs SQL on its DuckDB
database, `connect(path)` gives a read-only DuckDB connection, confined to the panel (DuckDB's
file, network and extension access off and locked) and refused once the panel has been rebuilt
(stale). Every read checks the files against datapackage.json first (integrity.py). pyarrow
and duckdb are imported on first use, so `import zhuzhou_budget` stays as fast as before."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .. import config
from ..errors import DisclosureError
from .integrity import verify

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

DUCKDB_FILE = "panel.duckdb"


def panel_dir(path: str | Path | None = None) -> Path:
    """The panel folder of a corpus root (or the panel folder itself); default data/processed.
    The bundled corpus (data/processed, from data/raw/manifest.csv) is built on first use,
    as `make data` would (a fresh clone has its documents' folders but no panel)."""
    base = Path(path) if path is not None else config.PROCESSED
    found = _find(base)
    if found is None and _bundled(base):
        from .batch import build_bundled

        build_bundled(config.PROCESSED, config.MANIFEST)
        found = _find(base)
    if found is not None:
        return found
    raise DisclosureError(f"{base}: no panel here (build one with `zhuzhou-budget corpus build "
                          "… --out DIR`)")


def built_panel(path: str | Path | None = None) -> Path | None:
    """The panel folder of a corpus root when one is built there, else None (never builds)."""
    return _find(Path(path) if path is not None else config.PROCESSED)


def _find(base: Path) -> Path | None:
    for candidate in (base / "panel", base):
        if (candidate / "datapackage.json").is_file() and (candidate / "panel.duckdb").is_file():
            return candidate
    return None


def _bundled(base: Path) -> bool:
    """Whether `base` is the bundled corpus root data/processed (or its panel/ folder)."""
    import os

    here = Path(os.path.abspath(base))
    own = Path(os.path.abspath(config.PROCESSED))
    return here in (own, own / "panel")


def panel(path: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """resource → the stacked DataFrame of every document (plus `documents`), in the panel's
    row order, with department_id, department, year and source_sha256 first. The files are
    checked against datapackage.json first (integrity.verify): a tampered panel is refused."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = panel_dir(path)
    package = verify(folder)
    out = {}
    for res in package["resources"]:
        name = res["name"].replace("-", "_")
        if "partitioning" not in res:
            out[name] = _frame(pq.read_table(folder / res["path"]))
            continue
        parts = []
        # The parts the package lists, in year order (not a dataset scan, whose order may vary).
        for part in sorted(res.get("parts", []), key=lambda p: p["path"]):
            table = pq.read_table(folder / part["path"])
            year = int(Path(part["path"]).parent.name.removeprefix("year="))
            parts.append(table.append_column("year", pa.array([year] * len(table), pa.int64())))
        if not parts:  # every document failed: the resource has its columns and no rows
            import pandas as pd

            out[name] = pd.DataFrame(columns=res_columns(res))
            continue
        table = pa.concat_tables(parts)
        order = [c for c in res_columns(res) if c in table.column_names]
        out[name] = _frame(table.select(order))
    return out


def res_columns(res: dict) -> list[str]:
    return [f["name"] for f in res["schema"]["fields"]]


class QueryError(DisclosureError):
    """A query DuckDB refused: the user's SQL (a typo, an unknown table) or a reach outside
    the panel. One line."""


# What confines a connection to the panel: no file, network or extension access (read_csv,
# glob, COPY … TO, ATTACH, INSTALL all refused), and no way to switch that back on.
CONFINED = ("SET enable_external_access = false", "SET autoinstall_known_extensions = false",
            "SET autoload_known_extensions = false", "SET lock_configuration = true")


def _one_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _stamp(folder: Path) -> tuple[int, int, int]:
    st = (folder / DUCKDB_FILE).stat()
    return st.st_ino, st.st_size, st.st_mtime_ns


class PanelConnection:
    """A DuckDB connection confined to one panel, read-only. It forwards to DuckDB's own
    connection; every query first checks that the panel has not been rebuilt since the
    connection opened (else it says the connection is stale), and DuckDB's errors come back
    as one-line QueryError."""

    _QUERIES = ("sql", "query", "execute", "executemany", "table", "view", "from_query")

    def __init__(self, folder: Path) -> None:
        import duckdb

        self.folder = folder
        self._stamp = _stamp(folder)
        # A fresh in-memory database each time, the panel attached to it: DuckDB caches a
        # database opened by path for the whole process, which would keep serving the old
        # file after a rebuild.
        con = duckdb.connect(":memory:")
        try:
            con.execute(f"ATTACH '{_quoted(folder / DUCKDB_FILE)}' AS panel (READ_ONLY)")
            con.execute("USE panel")
            for statement in CONFINED:
                con.execute(statement)
        except duckdb.Error as exc:
            con.close()
            raise DisclosureError(f"{folder / DUCKDB_FILE}: cannot open the panel database "
                                  f"({_one_line(exc)})") from None
        self.duckdb = con

    def stale(self) -> bool:
        """Whether the panel was rebuilt (or removed) since this connection opened."""
        try:
            return _stamp(self.folder) != self._stamp
        except OSError:
            return True

    def _check(self) -> None:
        if self.stale():
            raise QueryError(f"{self.folder}: the panel was rebuilt since this connection was "
                             "opened; this connection is stale: open a new one (zb.connect)")

    def __getattr__(self, name: str):
        attr = getattr(self.duckdb, name)
        if name not in self._QUERIES:
            return attr

        def guarded(*args, **kwargs):
            import duckdb

            self._check()
            try:
                return attr(*args, **kwargs)
            except duckdb.Error as exc:
                raise QueryError(f"query refused: {_one_line(exc)}") from None
        return guarded

    def close(self) -> None:
        self.duckdb.close()

    def __enter__(self) -> PanelConnection:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def connect(path: str | Path | None = None) -> PanelConnection:
    """A read-only DuckDB connection to the panel database (one table per resource), confined
    to it (no file, network or extension access) and checked against datapackage.json."""
    folder = panel_dir(path)
    verify(folder)
    return PanelConnection(folder)


def sql(query: str, path: str | Path | None = None) -> pd.DataFrame:
    """Run a query on the panel; DECIMAL columns come back as exact `decimal.Decimal`. A
    query DuckDB refuses (a typo, a file outside the panel) is a one-line QueryError."""
    import duckdb

    con = connect(path)
    try:
        try:
            relation = con.sql(query)
            if relation is None:  # a statement with no result (SET, PRAGMA …)
                import pandas as pd

                return pd.DataFrame()
            return _frame(relation.to_arrow_table())
        except duckdb.Error as exc:
            raise QueryError(f"query refused: {_one_line(exc)}") from None
    finally:
        con.close()


def _frame(table: pa.Table) -> pd.DataFrame:
    import pandas as pd
    import pyarrow as pa

    # Arrow's decimal128 becomes Decimal objects; keep integers and booleans nullable rather
    # than float/object, so a missing count stays <NA>, never NaN in a float column.
    mapping = {pa.int64(): pd.Int64Dtype(), pa.int32(): pd.Int64Dtype(),
               pa.bool_(): pd.BooleanDtype()}
    return table.to_pandas(types_mapper=mapping.get)
