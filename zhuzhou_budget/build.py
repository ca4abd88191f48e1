"""Disclosure → processed files: facts.csv, one CSV per table, sections.json, datapackage.json.

Written into a temporary sibling folder and swapped in at the end, so a failure never leaves a
half-written output folder. Deterministic: sorted rows, fixed decimals, UTF-8 without BOM, LF.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import tempfile
from pathlib import Path

from . import config
from .disclosure import FACT_COLUMNS, Disclosure
from .errors import DisclosureError
from .extract.narrative import narrative_outputs
from .extract.numbers import format_amount
from .metadata import FACT_FIELDS, TABLES, UNIT

_FIELD_TYPES = {"row": "integer", "line": "integer", "source_line": "integer"}


def write_outputs(d: Disclosure, out: Path) -> list[Path]:
    """Write the processed files of one disclosure into `out` (replaced atomically)."""
    out = Path(out).resolve()
    if out == config.RAW.resolve() or config.RAW.resolve() in out.parents:
        raise DisclosureError(f"{out}: refusing to write inside the raw data folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        files = _write_all(d, tmp)
        if out.exists():
            backup = out.with_name(f".{out.name}.old")
            shutil.rmtree(backup, ignore_errors=True)
            out.rename(backup)
            tmp.rename(out)
            shutil.rmtree(backup)
        else:
            tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return [out / f.relative_to(tmp) for f in files]


def _write_all(d: Disclosure, folder: Path) -> list[Path]:
    files: list[Path] = []
    resources: list[dict] = []
    facts_rows = [[_cell(v, c) for c, v in zip(FACT_COLUMNS, row, strict=True)]
                  for row in d.facts[FACT_COLUMNS].itertuples(index=False)]
    files.append(_write_csv(folder / "facts.csv", FACT_COLUMNS, facts_rows))
    resources.append(_resource("facts", "facts.csv", files[-1], "All printed cells of the nine "
                               "tables, one row per (table, row, column).",
                               [(n, t, desc) for n, t, desc in FACT_FIELDS]))
    (folder / "tables").mkdir()
    for tid, frame in d.tables.items():
        cols = list(frame.columns)
        rows = [[_cell(v, c) for c, v in zip(cols, row, strict=True)]
                for row in frame.itertuples(index=False)]
        path = _write_csv(folder / "tables" / f"{tid}.csv", cols, rows)
        files.append(path)
        spec = TABLES[tid]
        labels = frame.attrs.get("column_labels", {})
        fields = []
        for c in cols:
            col_spec = next((s for s in spec.columns + spec.expenditure_columns if s.id == c), None)
            if col_spec:
                printed = labels.get(c) or labels.get(f"income.{c}") or labels.get(
                    f"expenditure.{c}") or col_spec.zh
                fields.append((c, "number", f"{col_spec.description} ({printed}), {UNIT}"))
            else:
                fields.append((c, _FIELD_TYPES.get(c, "string"), _describe(c)))
        resources.append(_resource(tid, f"tables/{tid}.csv", path,
                                   f"{spec.zh} ({spec.en}). {spec.description}", fields,
                                   extra={"title_as_printed": frame.attrs.get("title", ""),
                                          "number_as_printed": frame.attrs.get("number", ""),
                                          "source_unit": frame.attrs.get("source_unit", UNIT),
                                          "notes": frame.attrs.get("notes", []),
                                          "empty_table_explanation":
                                              frame.attrs.get("explanation", "")}))
    for name, rel, frame, description, fields in narrative_outputs(d):
        files.append(_write_frame(folder / rel, frame))
        resources.append(_resource(name, rel, files[-1], description, fields))
    files.append(_write_findings(d, folder))
    resources.append(_resource("findings", "findings.csv", files[-1],
                               "Reconciliation findings (zhuzhou_budget.reconcile): every "
                               "identity that did not come out equal, with its evidence; "
                               "numbers are 万元, or percentage points for rates and shares.",
                               _FINDING_FIELDS, unit=False))
    sections = [s.to_dict() for s in d.sections.values()]
    files.append(_write_text(folder / "sections.json",
                             json.dumps(sections, ensure_ascii=False, indent=1) + "\n"))
    package = {
        "profile": "tabular-data-package",
        "name": f"{d.meta.department_id or 'disclosure'}-{d.meta.year}".lower(),
        "title": f"{d.meta.year}年度{d.meta.department}部门决算公开 (tidy data)",
        "department": d.meta.department,
        "year": d.meta.year,
        "kind": d.meta.kind,
        "unit": UNIT,
        "sources": [{"title": d.meta.source_file, "path": d.meta.source_file,
                     "sha256": d.meta.sha256, "provenance": d.meta.provenance}],
        "missing_tables": d.missing_tables,
        "resources": resources,
        "sections": {"path": "sections.json", "format": "json",
                     "hash": f"sha256:{_sha256(files[-1])}",
                     "description": "Narrative sections keyed by heading, with source lines"},
    }
    files.append(_write_text(folder / "datapackage.json",
                             json.dumps(package, ensure_ascii=False, indent=2) + "\n"))
    return files


_FINDING_FIELDS = [
    ("check", "string", "check id (see README: Reconciliation checks)"),
    ("family", "string", "within | across | narrative | logic | completeness | performance"),
    ("severity", "string", "error | warning | rounding (within the rounding tolerance) | info"),
    ("message", "string", "what was compared, in Chinese, with the check id"),
    ("expected", "number", "expected value (sum of the compared terms, or recomputed)"),
    ("actual", "number", "value as printed"),
    ("difference", "number", "actual − expected"),
    ("tolerance", "number", "rounding tolerance: half a unit of each printed term's last digit"),
    ("table", "string", "canonical table id of the printed value"),
    ("code", "string", "row: classification code, total label or 行次"),
    ("column", "string", "canonical column id"),
    ("section", "string", "narrative section key"),
    ("line", "integer", "line in the source text"),
    ("page", "integer", "page of the source (PDF input)"),
    ("excerpt", "string", "source sentence"),
    ("terms", "string", "every printed term compared: table/row/column=value; …"),
]


def _write_findings(d: Disclosure, folder: Path) -> Path:
    from .checks import reconcile, render

    return _write_text(folder / "findings.csv", render.to_csv(reconcile(d)))


def _describe(column: str) -> str:
    return {
        "row": "row number within the table as published", "code": "classification code",
        "item": "row label as printed", "level": "total | 类 | 款 | 项 | line | budget | actual",
        "side": "income or expenditure side", "line": "printed 行次",
        "category": "人员经费 or 公用经费", "source_line": "line in the source text",
    }.get(column, column)


def _cell(value, column: str) -> str:
    if value is None or (not isinstance(value, str) and _isna(value)):
        return ""
    if column == "amount" or hasattr(value, "as_tuple"):
        return format_amount(value)
    return str(value)


def _isna(value) -> bool:
    try:
        return bool(value != value)  # NaN and pd.NA
    except TypeError:
        return True


def _write_frame(path: Path, frame) -> Path:
    path.parent.mkdir(exist_ok=True)
    cols = list(frame.columns)
    return _write_csv(path, cols, [[_cell(v, c) for c, v in zip(cols, row, strict=True)]
                                   for row in frame.itertuples(index=False)])


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return _write_text(path, buf.getvalue())


def _write_text(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _resource(name: str, rel: str, path: Path, description: str,
              fields: list[tuple[str, str, str]], extra: dict | None = None,
              unit: bool = True) -> dict:
    res = {
        "name": name.replace("_", "-"), "path": rel, "profile": "tabular-data-resource",
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "hash": f"sha256:{_sha256(path)}", "description": description,
        "schema": {"fields": [_field(f, unit) for f in fields]},
    }
    res.update(extra or {})
    return res


def _field(spec: tuple, unit: bool) -> dict:
    """(name, type, description[, unit]): a 4th element gives the unit ('' for none)."""
    name, kind, description, *own = spec
    u = own[0] if own else (UNIT if unit and kind == "number" else "")
    return {"name": name, "type": kind, "description": description, **({"unit": u} if u else {})}
