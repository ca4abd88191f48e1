"""Reading the panel back: `panel(path)` gives every resource as a DataFrame (money as
`decimal.Decimal`, integers as nullable Int64), `sql(query, path=…)` runs SQL on its DuckDB
database, `connect(path)` gives the read-only DuckDB connection itself. pyarrow and duckdb are
imported on first use, so `import zhuzhou_budget` stays as fast as before."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from .. import config
from ..errors import DisclosureError

if TYPE_CHECKING:
    import duckdb
    import pandas as pd
    import pyarrow as pa

KEY_ORDER = ("department_id", "department", "year", "source_sha256")


def panel_dir(path: str | Path | None = None) -> Path:
    """The panel folder of a corpus root (or the panel folder itself); default data/processed."""
    base = Path(path) if path is not None else config.PROCESSED
    for candidate in (base / "panel", base):
        if (candidate / "datapackage.json").is_file() and (candidate / "panel.duckdb").is_file():
            return candidate
    raise DisclosureError(f"{base}: no panel here (build one with `zhuzhou-budget corpus build "
                          "… --out DIR`)")


def panel(path: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """resource → the stacked DataFrame of every document (plus `documents`), in the panel's
    row order, with department_id, department, year and source_sha256 first."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = panel_dir(path)
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    out = {}
    for res in package["resources"]:
        name = res["name"].replace("-", "_")
        if "partitioning" not in res:
            out[name] = _frame(pq.read_table(folder / res["path"]))
            continue
        parts = []
        # One file per year, read in year order (not a dataset scan, whose order may vary).
        for part in sorted((folder / res["path"]).glob("year=*/part-0.parquet"),
                           key=lambda p: int(p.parent.name.removeprefix("year="))):
            table = pq.read_table(part)
            year = int(part.parent.name.removeprefix("year="))
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


def connect(path: str | Path | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only DuckDB connection to the panel database: one table per resource."""
    import duckdb

    return duckdb.connect(str(panel_dir(path) / "panel.duckdb"), read_only=True)


def sql(query: str, path: str | Path | None = None) -> pd.DataFrame:
    """Run a query on the panel; DECIMAL columns come back as exact `decimal.Decimal`."""
    con = connect(path)
    try:
        return _frame(con.sql(query).to_arrow_table())
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
