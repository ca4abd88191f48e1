"""The panel checked against its datapackage.json before it is read: every file the package
names is there with the sha256 and the row count it was written with, every Parquet file has
the fields the package describes, and panel.duckdb holds the tables and rows it lists. A
panel edited, truncated or overwritten since its build is refused with one line (it is not
silently read as a table with fewer columns). A folder verified once is not hashed again in
this process while its files keep their identity (inode, size, mtime)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..errors import DisclosureError
from ..sources.manifest import sha256_of

_VERIFIED: dict[Path, tuple] = {}


class TamperedPanel(DisclosureError):
    """A panel whose files disagree with its datapackage.json."""


def file_hash(path: Path) -> str:
    """`sha256:<hex>` of a file (the Frictionless `hash` form)."""
    return f"sha256:{sha256_of(path)}"


def package(folder: Path) -> dict:
    """The panel's datapackage.json, or a one-line error naming what is wrong with it."""
    path = folder / "datapackage.json"
    try:
        out = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(out, dict) or not isinstance(out.get("resources"), list):
            raise ValueError("no resources list")
        return out
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise TamperedPanel(f"{path}: not a readable panel description ({exc})") from None


def files(pkg: dict) -> list[dict]:
    """Every file the package names: {path, hash, rows?} (Parquet parts, documents, DuckDB)."""
    out: list[dict] = []
    for res in pkg["resources"]:
        out += res.get("parts", []) if "partitioning" in res else [res]
    duck = pkg.get("duckdb") or {}
    if duck.get("path"):
        out.append(duck)
    return out


def _stamp(folder: Path, named: list[str]) -> tuple:
    stats = []
    for rel in ["datapackage.json", *named]:
        st = os.stat(folder / rel)
        stats.append((rel, st.st_ino, st.st_size, st.st_mtime_ns))
    return tuple(stats)


def verify(folder: Path) -> dict:
    """The package of a panel whose files all match it; TamperedPanel (one line) otherwise."""
    folder = Path(folder)
    pkg = package(folder)
    named = files(pkg)
    if any("hash" not in f or "path" not in f for f in named):
        raise TamperedPanel(f"{folder}: the panel has no checksums (built by an older version: "
                            "build the corpus again)")
    paths = [f["path"] for f in named]
    for rel in paths:
        target = (folder / rel).resolve()
        if folder.resolve() not in target.parents or not target.is_file() or (
                folder / rel).is_symlink():
            raise TamperedPanel(f"{folder / rel}: missing or not a file of the panel; build the "
                                "corpus again")
    stamp = _stamp(folder, paths)
    if _VERIFIED.get(folder.resolve()) == stamp:
        return pkg
    for f in named:
        if file_hash(folder / f["path"]) != f["hash"]:
            raise TamperedPanel(f"{folder / f['path']}: changed since the panel was built "
                                "(checksum differs from datapackage.json); build the corpus "
                                "again")
    _check_parquet(folder, pkg)
    _VERIFIED[folder.resolve()] = stamp
    return pkg


def _check_parquet(folder: Path, pkg: dict) -> None:
    import pyarrow.parquet as pq

    for res in pkg["resources"]:
        fields = [f["name"] for f in res["schema"]["fields"]]
        partitioned = "partitioning" in res
        if partitioned:
            fields = [f for f in fields if f != "year"]
        parts = res.get("parts", []) if partitioned else [res]
        total = 0
        for part in parts:
            meta = pq.read_metadata(folder / part["path"])
            names = meta.schema.to_arrow_schema().names
            if names != fields:
                raise TamperedPanel(f"{folder / part['path']}: fields {', '.join(names)} differ "
                                    f"from datapackage.json; build the corpus again")
            if partitioned and meta.num_rows != part.get("rows"):
                raise TamperedPanel(f"{folder / part['path']}: {meta.num_rows} rows, "
                                    f"datapackage.json says {part.get('rows')}")
            total += meta.num_rows
        if total != res.get("rows"):
            raise TamperedPanel(f"{folder / res['path']}: {total} rows, datapackage.json says "
                                f"{res.get('rows')}; build the corpus again")
