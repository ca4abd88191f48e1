"""documents.csv: one row per document of the corpus — its status (ok / partial / failed) and
why, its counts, the sha256 and package version it was built from (what lets the next run skip
it), and the seconds it took. Sorted by year, department id and source, so two runs over the
same corpus list it in the same order."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from ..metadata.fields import Field


@dataclass
class Row:
    source: str
    department_id: str = ""
    department: str = ""
    year: int | None = None
    kind: str = ""  # 部门决算 | 部门预算, as the document's titles say (empty: failed first)
    status: str = "failed"
    reason: str = ""
    tables: int = 0
    facts: int = 0
    errors: int = 0
    warnings: int = 0
    action: str = ""  # built | skipped | (empty: failed before either)
    sha256: str = ""
    package_version: str = ""
    output: str = ""
    seconds: float = 0.0

    def sort_key(self) -> tuple:
        return (self.year is None, self.year or 0, self.department_id, self.source)


DOCUMENT_FIELDS: tuple[Field, ...] = (
    Field("source", "string", "the document, relative to the manifest's or folder's root"),
    Field("department_id", "string", "department id (manifest, or derived from the file name)"),
    Field("department", "string", "department as the document's title names it"),
    Field("year", "integer", "year of the accounts, from the document's title"),
    Field("kind", "string", "部门决算 (final accounts) or 部门预算 (budget), from the "
          "document's titles (empty: failed before they were read)"),
    Field("status", "string", "ok | partial (written, but the document has gaps: "
          "Disclosure.gaps, as build reports them) | failed (nothing written)"),
    Field("reason", "string", "why partial (the gaps, joined by '; ') or failed, one line"),
    Field("tables", "integer", "tables found (of those of the document's template)"),
    Field("facts", "integer", "rows of facts.csv"),
    Field("errors", "integer", "reconciliation findings of severity error"),
    Field("warnings", "integer", "reconciliation findings of severity warning"),
    Field("action", "string", "built | skipped (outputs of this sha256 and version were complete)"),
    Field("sha256", "string", "sha256 of the document's bytes"),
    Field("package_version", "string", "zhuzhou_budget version + digest of its source files"),
    Field("output", "string", "output folder, relative to the corpus root (<year>/<id>)"),
    Field("seconds", "number", "wall time of this document in its worker", "s"),
)
COLUMNS = [f.name for f in fields(Row)]
assert COLUMNS == [f.name for f in DOCUMENT_FIELDS]


def sort(rows: list[Row]) -> list[Row]:
    return sorted(rows, key=Row.sort_key)


def to_csv(rows: list[Row]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in sort(rows):
        record = asdict(row)
        record["year"] = "" if row.year is None else row.year
        record["seconds"] = f"{row.seconds:.3f}"
        writer.writerow(record)
    return buf.getvalue()


def write(path: Path, rows: list[Row]) -> None:
    """Write documents.csv whole or not at all (temporary file, then one rename)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(to_csv(rows).encode("utf-8"))
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def link(path: Path, target: str) -> None:
    """Make `path` a relative symbolic link to `target` (replacing what is there in one
    rename); where links cannot be made, a copy of the target, written whole."""
    if path.is_symlink() and os.readlink(path) == target:
        return
    tmp = path.with_name(f".{path.name}.link-{os.getpid()}")
    try:
        tmp.unlink(missing_ok=True)
        os.symlink(target, tmp)
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)
        data = (path.parent / target).read_bytes()
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(name, 0o644)
        os.replace(name, path)


def read(path: Path) -> dict[str, Row]:
    """The rows of a previous run by source ({} when there is none or it is unreadable: then
    every document is simply built again)."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            records = list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError, csv.Error):
        return {}
    out: dict[str, Row] = {}
    for r in records:
        try:
            row = Row(source=r.get("source") or "")
            for c in ("department_id", "department", "kind", "status", "reason", "action", "sha256",
                      "package_version", "output"):
                setattr(row, c, r.get(c) or "")
            row.year = int(r["year"]) if r.get("year") else None
            for c in ("tables", "facts", "errors", "warnings"):
                setattr(row, c, int(r.get(c) or 0))
            row.seconds = float(r.get("seconds") or 0)
        except (TypeError, ValueError):
            continue
        out[row.source] = row
    return out


def exit_code(rows: list[Row]) -> int:
    """0 when every document is ok, 1 when any is partial or failed."""
    return 0 if all(r.status == "ok" for r in rows) else 1
