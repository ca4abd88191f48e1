"""The panel's staging area: each document's panel rows written to disk where the document was
built (a pool worker, a dask worker, or the batch's own process) as soon as it finishes, so no
process ever holds the corpus's rows: the batch's process receives only each document's row
counts and decimals (a `Fragment`), and panel.py merges the fragments one document at a time.

`DIR/.panel-staging/<run>/<key>/<resource>.arrow` (Arrow IPC, uncompressed: written and read
back once, within the run), `<key>` a digest of the document's source label, so a document
run again (a broken pool, a folder two documents claim) replaces its own fragment. A
fragment's folder is written under a temporary name and renamed, so a worker killed mid-write
leaves no half fragment. The area belongs to one run under the corpus lock: removed when the
run starts (what a killed run left) and when it ends.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.ipc as ipc

from .panel_schema import resource

STAGING = ".panel-staging"
_PARTIAL = ".partial-"


@dataclass
class Fragment:
    """Where one document's panel rows are, and what the merge must know of them without
    reading them: each resource's row count and, per number column, the most decimals any
    value prints (the panel's decimal scale is the corpus's maximum)."""

    folder: str = ""  # absolute path of the document's fragment folder
    rows: dict[str, int] = field(default_factory=dict)
    scales: dict[str, dict[str, int]] = field(default_factory=dict)
    # a final account's PI-1/PI-2 on the 年初预算 it states (stated_pi.py), measured from
    # these rows where they were made
    stated_pi: dict = field(default_factory=dict)

    def path(self, name: str) -> Path:
        return Path(self.folder) / f"{name}.arrow"


def open_area(root: Path) -> Path:
    """A fresh staging folder for this run (what earlier runs left is removed first)."""
    close_area(root)
    stage = root / STAGING / uuid.uuid4().hex[:12]
    stage.mkdir(parents=True)
    return stage


def close_area(root: Path) -> None:
    shutil.rmtree(root / STAGING, ignore_errors=True)


def key(label: str) -> str:
    return hashlib.sha256(label.encode("utf-8")).hexdigest()[:24]


def write(stage: Path, label: str, tables: dict[str, pa.Table]) -> Fragment:
    """Write one document's tables (resource → text table, keys first) as its fragment."""
    target = stage / key(label)
    partial = stage / f"{_PARTIAL}{key(label)}-{os.getpid()}"
    if os.path.lexists(partial):  # a worker of this pid killed before (rare: look first)
        shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    out = Fragment(str(target))
    for name, table in tables.items():
        with pa.OSFile(str(partial / f"{name}.arrow"), "wb") as sink, \
                ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)
        out.rows[name] = len(table)
        out.scales[name] = {f.name: scale(table[f.name]) for f in resource(name).fields
                            if f.type == "number"}
    if os.path.lexists(target):  # the document run again (a broken pool, a folder claimed twice)
        shutil.rmtree(target, ignore_errors=True)
    os.replace(partial, target)
    return out


def read(fragment: Fragment, name: str) -> pa.Table:
    with pa.OSFile(str(fragment.path(name)), "rb") as source:
        return ipc.open_file(source).read_all()


def scale(values: pa.ChunkedArray | pa.Array) -> int:
    """The most decimals any value prints, so casting to decimal128 loses nothing."""
    unique = pc.unique(values).to_pylist()
    return max([len(v.partition(".")[2]) for v in unique if isinstance(v, str)] + [0])
