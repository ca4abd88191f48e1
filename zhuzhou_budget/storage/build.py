"""Disclosure → processed files: facts.csv, one CSV per table, sections.json, datapackage.json.

Written into a temporary sibling folder and swapped in at the end (outfolder.py), so a failure
or a kill never leaves a half-written output folder. Deterministic: sorted rows, fixed decimals, UTF-8 without BOM, LF.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import os
from decimal import Decimal
from functools import cache
from operator import attrgetter
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from ..disclosure import Disclosure
from ..extract.numbers import format_amount
from ..metadata.fields import (
    PERFORMANCE_FRAMES,
    RESOURCES,
    SECTIONS_DESCRIPTION,
    TABLE_FIELDS,
    Field,
    Resource,
)
from ..metadata.tables import TABLES, UNIT, ColumnSpec, TableSpec
from ..transform.arrays import column_names, column_values
from . import json_text, outfolder


def write_outputs(d: Disclosure, out: Path,
                  cells: dict[str, dict[str, list[str]]] | None = None) -> list[Path]:
    """Write the processed files of one disclosure into `out`, replaced whole and atomically
    (outfolder.py: only a folder the tool made is ever replaced). `cells`, when given, receives
    each resource's CSV cells as written (resource → column → cells; a blank cell is ""), so
    that a caller that needs the rows (the corpus's panel) does not read the files back."""
    written = write_document(d, out, cells)
    return [written.folder / f for f in written.files]


class Document(NamedTuple):
    """What `write_document` wrote: the folder, its files (relative, "/"-separated) and
    datapackage.json's content as written (so a caller that needs it does not read it back)."""
    folder: Path
    files: list[str]
    package: dict


def write_document(d: Disclosure, out: Path,
                   cells: dict[str, dict[str, list[str]]] | None = None, *,
                   real_parent: bool = False) -> Document:
    """`write_outputs`, returning what it wrote as a `Document`; `real_parent`: `out`'s
    folder is a path the caller has just resolved (outfolder.checked)."""
    target = outfolder.checked(out, real_parent=real_parent)
    files, package = outfolder.replace_checked(target, lambda tmp: _write_all(d, str(tmp), cells))
    return Document(target, [f.path for f in files], package)


class Written(NamedTuple):
    path: str  # relative to the output folder, "/"-separated (as datapackage.json names it)
    sha256: str  # of the bytes written, hashed as they were written (never read back)
    cells: dict[str, list[str]] | None = None  # a frame's CSV: column → its cells as written


def _write_all(d: Disclosure, folder: str,
               keep: dict[str, dict[str, list[str]]] | None = None
               ) -> tuple[list[Written], dict]:
    files: list[Written] = []
    resources: list[dict] = []
    for sub in _FOLDERS:
        os.mkdir(os.path.join(folder, sub))
    for name in _RESOURCES:
        if name == "budget_execution":  # the tables stand between facts and the narrative
            _write_tables(d, folder, files, resources)
        res = RESOURCES[name]
        files.append(_write_frame(folder, res.path, _frame(d, name), res.columns))
        resources.append(_resource(res, files[-1]))
        if keep is not None:
            keep[name] = files[-1].cells or {}
    gaps = d.gaps  # read once: Disclosure.complete is `not gaps`, and gaps scans every table
    sections = [s.to_dict() for s in d.sections.values()]
    files.append(_write_text(folder, "sections.json",
                             json_text.dumps(sections, 1) + "\n"))
    package = {
        "profile": "tabular-data-package",
        "name": f"{d.meta.department_id or 'disclosure'}-{d.meta.year}".lower(),
        "title": f"{d.meta.year}年度{d.meta.department}{d.meta.kind}公开 (tidy data)",
        "department": d.meta.department,
        "year": d.meta.year,
        "kind": d.meta.kind,
        "unit": UNIT,
        "sources": [{"title": d.meta.source_file, "path": d.meta.source_file,
                     "sha256": d.meta.sha256, "provenance": d.meta.provenance}],
        "template": {"id": d.template.id, "title": d.template.zh,
                     "tables": list(d.template.tables)},
        "complete": not gaps,
        "gaps": gaps,
        "missing_tables": d.missing_tables,
        "not_in_template": d.not_in_template,
        "unparsed_tables": [{"table": p.table, "line": p.line, "reason": p.reason}
                            for p in d.problems],
        "resources": resources,
        "sections": {"path": "sections.json", "format": "json",
                     "hash": f"sha256:{files[-1].sha256}",
                     "description": SECTIONS_DESCRIPTION},
    }
    files.append(_write_text(folder, "datapackage.json",
                             json_text.dumps(package, 2) + "\n"))
    return files, package


_NARRATIVE = ("budget_execution", "narrative_facts", "three_public_details", "glossary",
              "profile")
_PERFORMANCE = tuple(f"performance_{name}" for name in PERFORMANCE_FRAMES)
_RESOURCES = ("facts", *_NARRATIVE, *_PERFORMANCE, "findings", "tables_read")
# made once, before their files: the resources' (performance/) and the tables'
_FOLDERS = sorted(({str(Path(RESOURCES[name].path).parent) for name in _RESOURCES} - {"."})
                  | {"tables"})


def _frame(d: Disclosure, name: str) -> pd.DataFrame:
    """The frame of a resource, in the schema's column order."""
    if name == "findings":
        from ..checks import reconcile

        return reconcile(d)
    if name == "tables_read":  # what was read of each table (the `tables` command's rows)
        from ..analysis.inventory import tables_read

        return tables_read(d)
    if name == "performance_project_lists":  # the checks stage's verdicts joined in
        from ..checks.performance import project_list_agreement

        return project_list_agreement(d.performance.project_lists, d.performance.projects)
    # The schema's columns, not a copy of the frame selected by label (each selection copies
    # the frame and deep-copies its attrs): _write_frame reads the columns it is given.
    return attrgetter(RESOURCES[name].source)(d)


def _write_tables(d: Disclosure, folder: str, files: list[Written], resources: list[dict]
                  ) -> None:
    for tid, frame in d.tables.items():
        files.append(_write_frame(folder, f"tables/{tid}.csv", frame))
        spec = TABLES[tid]
        attrs = frame.attrs
        resources.append(_descriptor(
            tid, f"tables/{tid}.csv", f"{spec.zh} ({spec.en}). {spec.description}", files[-1],
            _table_fields(spec, list(files[-1].cells or {}), attrs.get("column_labels", {})), {
                "title_as_printed": attrs.get("title", ""),
                "number_as_printed": attrs.get("number", ""),
                "source_unit": attrs.get("source_unit", UNIT),
                "notes": attrs.get("notes", []),
                "empty_table_explanation": attrs.get("explanation", "")}))


def _table_fields(spec: TableSpec, columns: list[str], labels: dict[str, str]) -> list[dict]:
    """The field descriptors of a table's columns: an amount column described with the label
    the document printed (or the template's), any other a field of TABLE_FIELDS."""
    by_id = _column_specs(spec)
    printed = tuple(_printed(labels, c, by_id[c]) if c in by_id else None for c in columns)
    return _table_fields_of(spec, tuple(columns), printed)


def _printed(labels: dict[str, str], column: str, spec: ColumnSpec) -> str:
    """The label of an amount column: as the document printed it, or the template's."""
    return labels.get(column) or labels.get(f"income.{column}") or labels.get(
        f"expenditure.{column}") or spec.zh


@functools.lru_cache(maxsize=256)
def _table_fields_of(spec: TableSpec, columns: tuple[str, ...],
                     printed: tuple[str | None, ...]) -> json_text.Fixed:
    """`_table_fields` of a table's columns and their printed labels (None: not an amount),
    made once per such set (read only: documents of a template print the same labels, and
    their datapackage.json is written from it, its text made once too); bounded."""
    by_id = _column_specs(spec)
    return json_text.Fixed(
        _table_field(c) if label is None else Field(
            c, "number", f"{by_id[c].description} ({label}), {UNIT}").descriptor(True)
        for c, label in zip(columns, printed, strict=True))


@cache  # the specs are frozen and few (one per table id)
def _column_specs(spec: TableSpec) -> dict[str, ColumnSpec]:
    """A table spec's columns by id (the first of an id, as a scan finds it)."""
    by_id: dict[str, ColumnSpec] = {}
    for col in spec.columns + spec.expenditure_columns:
        by_id.setdefault(col.id, col)
    return by_id


@cache
def _table_field(name: str) -> dict:
    """TABLE_FIELDS[name]'s descriptor (a table's numbers are in 万元), made once a field
    (read only: every document's datapackage.json is written from it)."""
    return TABLE_FIELDS[name].descriptor(True)


def _cell(value, column: str) -> str:
    """One CSV cell: the general rule (_column_cells takes shortcuts that give the same)."""
    kind = type(value)
    if kind is str:  # the common cases first: this runs for every cell of a mixed column
        return value
    if kind is Decimal:
        return format_amount(value)
    if value is None or value is pd.NA or _isna(value):
        return ""
    if column == "amount" or hasattr(value, "as_tuple"):
        return format_amount(value)
    return str(value)


def _isna(value) -> bool:
    try:
        return bool(value != value)  # NaN and pd.NA
    except TypeError:
        return True


_NONE = type(None)
_DECIMAL_TEXT = Decimal.__format__  # format(v, "f") of a Decimal, without format's lookup


def _column_cells(values: list, column: str) -> list[str]:
    """`[_cell(v, column) for v in values]`, a column at a time: a column of one kind (most
    are: text, integers, amounts with blanks) is converted by one C-level map instead of a
    Python call per cell; anything else cell by cell."""
    kinds = set(map(type, values))
    if kinds <= _STR:
        return values
    if kinds <= _DECIMAL:  # amounts: format_amount's text, one C-level map
        return _amounts(list(map(str, values)), values)
    if kinds <= _DECIMAL_NONE:  # amounts and blanks: format_amount(None) is ""
        # format_amount inlined (a Python call per cell costs more than the formatting)
        return _amounts(["" if v is None else str(v) for v in values], values)
    if kinds <= _INT_BOOL and column != "amount":  # an amount column formats integers
        return list(map(str, values))
    if kinds <= _STR_NONE:  # text with blanks (a str is never falsy but for "")
        return [v or "" for v in values]
    if kinds <= _INT_NONE and column != "amount":  # whole numbers with blanks (Int64)
        return ["" if v is None else str(v) for v in values]
    return [v if type(v) is str else _cell(v, column) for v in values]


# _column_cells' kinds of column, made once (a set display is built again at each test)
_STR = frozenset({str})
_DECIMAL = frozenset({Decimal})
_DECIMAL_NONE = frozenset({Decimal, _NONE})
_INT_BOOL = frozenset({int, bool})
_STR_NONE = frozenset({str, _NONE})
_INT_NONE = frozenset({int, _NONE})


def _amounts(texts: list[str], values: list) -> list[str]:
    """format_amount of each of `values` (Decimal or None), given their `str` (None: ""):
    str writes a Decimal as format's "f" does (half the cost) unless it writes an exponent
    ("1E+3", "1E-7": a positive exponent, or more than six zeros after the point), so one
    look for an "E" over the column decides: where there is one, the column formatted."""
    if "E" not in "".join(texts):
        return texts
    return ["" if v is None else _DECIMAL_TEXT(v, "f") for v in values]


def _write_frame(folder: str, path: str, frame: pd.DataFrame,
                 columns: list[str] | None = None) -> Written:
    """`frame` as CSV into folder/path, its `columns` (all, by default) in that order (its
    folder exists)."""
    names = column_names(frame)  # not iterated: an Arrow-backed index yields slowly
    cols = names if columns is None else list(columns)
    # Columns by position: no label lookup (it builds the columns' hash engine, which for
    # pandas' Arrow-backed string index costs milliseconds a frame).
    position = {c: k for k, c in enumerate(names)}
    cells = [_column_cells(column_values(frame, position[c]), c) for c in cols]
    written = _write_text(folder, path, csv_text(cols, cells))
    return written._replace(cells=dict(zip(cols, cells, strict=True)))


def csv_text(header: list[str], columns: list[list[str]]) -> str:
    """The text `csv.writer(buf, lineterminator="\n")` writes for `header` and the rows of
    `columns` (cells by column), joined directly: a column is looked at as one string, and
    only the cells of a column holding a delimiter, a quote or a line end are quoted (as
    the writer quotes them: in quotes, a quote doubled). The writer itself writes what
    holds a carriage return or a NUL, and a single column (its empty rows are quoted)."""
    if len(header) > 1:
        cols = [header, *columns]
        for k, col in enumerate(cols):
            joined = "".join(col)
            # most columns: nothing to quote. Five scans for a character (memchr-like) cost a
            # twentieth of one regular-expression search for any of them over a column.
            if "," not in joined and '"' not in joined and "\n" not in joined \
                    and "\r" not in joined and "\0" not in joined:
                continue
            if "\r" in joined or "\0" in joined:
                break
            cols[k] = [_quote(c) if "," in c or '"' in c or "\n" in c else c for c in col]
        else:
            return "\n".join([",".join(cols[0]), *map(",".join, zip(*cols[1:], strict=True))]
                             ) + "\n"
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(zip(*columns, strict=True))
    return buf.getvalue()


def _quote(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"'


def _write_text(folder: str, path: str, text: str) -> Written:
    """`text` as a new file folder/path (in the build's private temporary folder), with the
    digest of the bytes written; paths as text, not pathlib's objects."""
    data = text.encode("utf-8")
    outfolder.write_new(os.path.join(folder, path), data)
    return Written(path, hashlib.sha256(data).hexdigest())  # the digest sha256_of would give



def _resource(res: Resource, written: Written) -> dict:
    return _descriptor(res.name, res.path, res.description, written, _fields(res))


@cache
def _fields(res: Resource) -> json_text.Fixed:
    """The descriptors of a resource's fields, made once a resource (read only: every
    document's datapackage.json is written from them, their text made once too)."""
    return json_text.Fixed(f.descriptor(res.money) for f in res.fields)


def _descriptor(name: str, path: str, description: str, written: Written, fields: list[dict],
                extra: dict | None = None) -> dict:
    """A resource's entry in datapackage.json."""
    descriptor = {
        "name": name.replace("_", "-"), "path": path, "profile": "tabular-data-resource",
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "hash": f"sha256:{written.sha256}", "description": description,
        "schema": {"fields": fields},
    }
    descriptor.update(extra or {})
    return descriptor
