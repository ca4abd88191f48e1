"""What every notebook does around its analysis: open the disclosure its parameters name, find
its output folder, format tables for reading, and save key results as CSV for combining.

A notebook's set-up is one call after its parameters cell:

    ctx = nb.setup(year, department, raw_path, output_dir, manifest,
                   notebook="01_income_structure")
    d, out, results = ctx.disclosure, ctx.folder, ctx.results
    display(ctx)  # the department, year, unit and source file

Saved files sit next to the executed notebook: `<notebook>.<name>.csv`, each row carrying
year, department_id and department so the files of many runs concatenate into one table, and
`<notebook>.metrics.csv` with the headline figures (one row per metric, value and unit).
"""

from __future__ import annotations

import html
import json
import re
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd

from . import charts, config
from . import manifest as raw_manifest
from .cache import load_cached
from .disclosure import Disclosure

RATIO_PLACES = Decimal("0.000001")  # ratios and shares are saved with 6 decimals


def open_disclosure(year: int, department: str, raw_path: str | Path | None = None,
                    manifest: str | Path | None = None) -> Disclosure:
    """The disclosure for (year, department): `raw_path` if given, else its manifest entry."""
    if raw_path is None:
        entries = raw_manifest.select([int(year)], [department],
                                      manifest=Path(manifest) if manifest else None)
        if not entries:
            raise LookupError(f"no raw manifest entry for {department} {year}")
        raw_path = entries[0].path
    # Parsed once for all the notebooks of a report (the batch warms the cache first).
    return load_cached(raw_path, manifest=manifest)


def output_folder(output_dir: str | Path | None, year: int, department: str) -> Path:
    """Where results go: `output_dir`, or reports/<year>/<department>/; created if missing."""
    folder = Path(output_dir) if output_dir else config.REPORTS / str(year) / department
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _plain(value):
    """A cell value for CSV: Decimal as its exact digits (ratios rounded to 6 places)."""
    if isinstance(value, Decimal):
        if value.as_tuple().exponent < -6:
            value = value.quantize(RATIO_PLACES, rounding="ROUND_HALF_UP")
        return format(value, "f")
    return value


class Results:
    """Collects a notebook's key results and writes them beside the executed notebook."""

    def __init__(self, folder: Path, notebook: str, d: Disclosure, department: str):
        self.folder, self.notebook = Path(folder), notebook
        self.keys = {"year": d.meta.year, "department_id": department,
                     "department": d.meta.department}
        self.metrics: list[dict] = []

    def save(self, name: str, frame: pd.DataFrame, unit: str | None = "万元") -> Path:
        """Write one result table as `<notebook>.<name>.csv` (UTF-8 with BOM for Excel)."""
        out = frame.copy()
        for col in out.columns:
            out[col] = out[col].map(_plain)
        for i, (key, value) in enumerate(self.keys.items()):
            out.insert(i, key, value)
        if unit:
            out["unit"] = unit
        path = self.folder / f"{self.notebook}.{name}.csv"
        out.to_csv(path, index=False, encoding="utf-8-sig")
        return path

    def metric(self, name: str, value, unit: str = "", basis: str = "", note: str = ""):
        """Record a headline figure (saved by `write_metrics`)."""
        self.metrics.append({"metric": name, "value": value, "unit": unit, "basis": basis,
                             "note": note})
        return value

    def metrics_frame(self) -> pd.DataFrame:
        """The headline figures recorded so far, one row each."""
        return pd.DataFrame(self.metrics, columns=["metric", "value", "unit", "basis", "note"])

    def write_metrics(self) -> Path:
        self.save("metrics", self.metrics_frame(), unit=None)
        # Which interpreter ran the kernel: the batch checks it is the project's own environment.
        info = {"python": sys.executable, "prefix": sys.prefix, **self.keys}
        path = self.folder / f"{self.notebook}.run.json"
        path.write_text(json.dumps(info, ensure_ascii=False, indent=1), encoding="utf-8")
        return path


@dataclass(frozen=True, repr=False)
class Setup:
    """What a notebook works with once its parameters are read (see `setup`)."""

    notebook: str
    disclosure: Disclosure
    folder: Path
    results: Results
    font: str  # the CJK font family the charts use

    def saved_files(self) -> list[Path]:
        """The files this notebook has written into its folder so far, by name."""
        return sorted(self.folder.glob(f"{self.notebook}.*"))

    def header(self) -> str:
        """One line naming the document: department, year, unit, source file and its hash."""
        m = self.disclosure.meta
        return (f"**{m.department}** · {m.year} 年度部门决算 · 金额单位 unit: {m.unit} · "
                f"来源 source: `{m.source_file}` (sha256 `{m.sha256[:12]}…`)")

    def _repr_markdown_(self) -> str:
        return self.header()

    def __repr__(self) -> str:
        m = self.disclosure.meta
        return f"Setup({self.notebook!r}, {m.department} {m.year}, folder={str(self.folder)!r})"


def setup(year: int, department: str, raw_path: str | Path | None = None,
          output_dir: str | Path | None = None, manifest: str | Path | None = None, *,
          notebook: str) -> Setup:
    """A notebook's set-up from its parameters: the CJK font for charts (zhplot's Noto Sans SC,
    else a system font), the disclosure (`open_disclosure`), the output folder
    (`output_folder`) and the `Results` that save `<notebook>.<name>.csv` into it."""
    font = charts.use_cjk_font()
    d = open_disclosure(year, department, raw_path, manifest)
    folder = output_folder(output_dir, year, department)
    return Setup(notebook, d, folder, Results(folder, notebook, d, department), font)


def money(value, digits: int = 2) -> str:
    """万元 amount for reading: thousands separators; blank (not reported) as '—'."""
    return "—" if value is None else f"{Decimal(value):,.{digits}f}"


def number(value) -> str:
    """A number exactly as held (all its digits), with separators; '—' when blank."""
    return "—" if value is None or value is pd.NA else f"{Decimal(value):,f}"


def percent(value, digits: int = 1) -> str:
    """A ratio as a percentage for reading; '—' when there is no base."""
    return "—" if value is None else f"{Decimal(value) * 100:,.{digits}f}%"


_MARKDOWN_ACTIVE = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")


def md(value) -> str:
    """Text from a document, safe inside Markdown: HTML escaped (a `<script>` in a narrative
    sentence shows as text) and Markdown's active characters backslash-escaped."""
    text = "" if value is None or value is pd.NA else str(value)
    return _MARKDOWN_ACTIVE.sub(r"\\\1", html.escape(text, quote=False)).replace("\n", " ")


def code(value) -> str:
    """Text from a document as a Markdown code span (HTML inert; backticks cannot close it)."""
    text = "" if value is None or value is pd.NA else str(value).replace("\n", " ")
    return f"<code>{html.escape(text)}</code>"


def readable(frame: pd.DataFrame, money_cols=(), percent_cols=(), rename=None,
             columns=None) -> pd.DataFrame:
    """A copy for display: amounts with separators, ratios as percentages, rows numbered from 1;
    `columns` picks and orders columns, `rename` relabels them (e.g. in Chinese)."""
    out = frame[list(columns)].copy() if columns is not None else frame.copy()
    out.index = pd.RangeIndex(1, len(out) + 1)
    for c in money_cols:
        if c in out:
            out[c] = out[c].map(money)
    for c in percent_cols:
        if c in out:
            out[c] = out[c].map(percent)
    # Blank (not reported) reads as a dash, flags as words.
    out = out.map(lambda v: "—" if v is None or v is pd.NA or (isinstance(v, float) and v != v)
                  else {True: "是", False: "否"}.get(v, v) if isinstance(v, bool) else v)
    return out.rename(columns=rename or {})
