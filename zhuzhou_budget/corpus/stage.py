"""The panel's staging area: each document's panel rows written to disk where the document was
built (a pool worker, a dask worker, or the batch's own process) as soon as it finishes, so no
process ever holds the corpus's rows: the batch's process receives only each document's row
counts and decimals and where its rows are (a `Fragment`), and panel.py merges the fragments
one document at a time.

`DIR/.panel-staging/<run>/<process>.arrows`: each process appends every document it builds to
one file of its own, as one Arrow IPC stream per resource back to back (uncompressed: written
and read back once, within the run); the Fragment records each stream's offset and length.
One file per process, not one per document and resource: opening a file costs ~20 times
reading a document's small table from memory, and a corpus of 100 documents made 1,400 files.
A document's bytes are appended in one write once they are complete, so a worker killed
mid-write leaves only a tail no fragment points to; a document run again (a broken pool, a
folder two documents claim) is appended again and its new Fragment points there. The area
belongs to one run under the corpus lock: removed when the run starts (what a killed run
left) and when it ends.
"""

from __future__ import annotations

import os
import shutil
import threading
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.ipc as ipc

from .panel_schema import resource

STAGING = ".panel-staging"
SUFFIX = ".arrows"


@dataclass
class Fragment:
    """Where one document's panel rows are, and what the merge must know of them without
    reading them: each resource's row count and, per number column, the most decimals any
    value prints (the panel's decimal scale is the corpus's maximum)."""

    file: str = ""  # absolute path of the staging file holding the document's rows
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)  # resource → (offset, bytes)
    rows: dict[str, int] = field(default_factory=dict)
    scales: dict[str, dict[str, int]] = field(default_factory=dict)
    # a final account's PI-1/PI-2 on the 年初预算 it states (stated_pi.py), measured from
    # these rows where they were made
    stated_pi: dict = field(default_factory=dict)


def open_area(root: Path) -> Path:
    """A fresh staging folder for this run (what earlier runs left is removed first)."""
    close_area(root)
    stage = root / STAGING / uuid.uuid4().hex[:12]
    stage.mkdir(parents=True)
    return stage


def close_area(root: Path) -> None:
    shutil.rmtree(root / STAGING, ignore_errors=True)


# This process's staging file name: a random token, made again in a forked child (the pid
# differs), so processes on different machines of a cluster never share a file. The lock
# serializes the appends of a process's threads (a dask worker runs several tasks at once).
_process: tuple[int, str] = (-1, "")
_append_lock = threading.Lock()


def _own_file(stage: Path) -> Path:
    global _process
    if _process[0] != os.getpid():
        _process = (os.getpid(), uuid.uuid4().hex)
    return stage / f"{_process[1]}{SUFFIX}"


# ipc.new_stream's writer with its default options, made once (new_stream makes them again
# for each of a document's fourteen streams)
_IPC = ipc.IpcWriteOptions()


def write(stage: Path, label: str, tables: dict[str, pa.Table],
          cells: dict[str, dict[str, list[str]]] | None = None) -> Fragment:
    """Append one document's tables (resource → text table, keys first) to this process's
    staging file; `label` names the document in errors. `cells`, when given, are the cells
    the tables' columns were made from (rows.document_tables_from_cells: resource → column →
    cells, a blank ""): a number column's scale is found from them, not from its Arrow text
    converted back to Python."""
    sink = pa.BufferOutputStream()
    spans: dict[str, tuple[int, int]] = {}
    out = Fragment()
    for name, table in tables.items():
        start = sink.tell()
        with ipc.RecordBatchStreamWriter(sink, table.schema, options=_IPC) as writer:
            writer.write_table(table)
        spans[name] = (start, sink.tell() - start)
        out.rows[name] = len(table)
        given = cells.get(name) if cells is not None else None
        out.scales[name] = {
            f.name: scale_of_cells(given.get(f.name, ())) if given is not None
            else scale(table[f.name]) for f in resource(name).fields if f.type == "number"}
    data = memoryview(sink.getvalue())
    target = _own_file(stage)
    with _append_lock:
        fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            base = os.fstat(fd).st_size  # only this process appends here, under the lock
            while data:
                data = data[os.write(fd, data):]
        finally:
            os.close(fd)
    out.file = str(target)
    out.spans = {name: (base + start, size) for name, (start, size) in spans.items()}
    return out


class Reader:
    """Reads fragments' tables, each staging file opened once (the merge reads thousands of
    tables from a few files); safe to share between threads (positioned reads)."""

    def __init__(self) -> None:
        self._files: dict[str, int] = {}
        self._lock = threading.Lock()

    def read(self, fragment: Fragment, name: str) -> pa.Table:
        offset, size = fragment.spans[name]
        with self._lock:
            fd = self._files.get(fragment.file)
            if fd is None:
                fd = self._files[fragment.file] = os.open(fragment.file, os.O_RDONLY)
        data = os.pread(fd, size, offset)
        if len(data) != size:
            raise OSError(f"staging file {fragment.file} ends before {name}'s rows")
        return ipc.open_stream(pa.py_buffer(data)).read_all()

    def close(self) -> None:
        with self._lock:
            for fd in self._files.values():
                os.close(fd)
            self._files.clear()


@contextmanager
def reader() -> Iterator[Reader]:
    r = Reader()
    try:
        yield r
    finally:
        r.close()


def scale(values: pa.ChunkedArray | pa.Array) -> int:
    """The most decimals any value prints, so casting to decimal128 loses nothing."""
    # Each distinct value once, found in Python: most columns hold a few values, where
    # Arrow's unique costs more to call than the values to convert.
    return scale_of_cells(values.to_pylist())


def scale_of_cells(values: Iterable[str | None]) -> int:
    """`scale` of a column's cells as Python text (a blank "" or None: no decimals)."""
    decimals = [len(v) - v.find(".") - 1 for v in set(values)
                if isinstance(v, str) and "." in v]  # the text after the first point
    return max(decimals, default=0)
