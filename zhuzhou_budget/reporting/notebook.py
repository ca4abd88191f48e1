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
Files are written to a temporary name and renamed into place (`safe_write`): never through a
symlink someone put in the folder.

What a reader sees goes through `table()` (labels from `zhuzhou_budget.metadata.labels`, text left and
numbers right, blanks as —, no row index), `md()`/`code()` for document text inside Markdown,
`figure()` for numbers in evidence text, and `links()` for saved files.
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

from .. import config
from ..analysis import structure
from ..checks import label as reader_label
from ..disclosure import Disclosure, resolve_input
from ..metadata import labels
from ..storage import catalog, safe_write
from ..storage.cache import load_cached
from . import charts
from .formatting import figure as figure  # notebooks format numbers as nb.figure
from .formatting import is_blank, money, percent

RATIO_PLACES = Decimal("0.000001")  # ratios and shares are saved with 6 decimals


def open_disclosure(year: int, department: str, raw_path: str | Path | None = None,
                    manifest: str | Path | None = None) -> Disclosure:
    """The disclosure for (year, department): `raw_path` if given, else its manifest entry."""
    if raw_path is None:  # by id; an unknown one names the manifest and the known pairs
        return catalog.open(department, int(year), manifest=manifest)
    # Parsed once for all the notebooks of a report (the batch warms the cache first); a
    # relative path is read from the working folder, else from the project root.
    return load_cached(resolve_input(raw_path), manifest=manifest)


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
    """Collects a notebook's key results and writes them beside the executed notebook.

    `keys` are the columns every saved row carries (year, department_id, department for one
    document; none for a corpus notebook, whose rows carry their own)."""

    def __init__(self, folder: Path, notebook: str, d: Disclosure | None = None,
                 department: str | None = None, keys: dict | None = None):
        self.folder, self.notebook = Path(folder), notebook
        self.keys = keys if keys is not None else {
            "year": d.meta.year, "department_id": department, "department": d.meta.department}
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
        return safe_write.replace(path, lambda tmp: out.to_csv(tmp, index=False,
                                                               encoding="utf-8-sig"))

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
        return safe_write.write_text(path, json.dumps(info, ensure_ascii=False, indent=1))

    def metrics_table(self) -> Table:
        """The headline figures for a reader: labelled metric names, no ids."""
        frame = self.metrics_frame()
        frame["metric"] = frame["metric"].map(lambda m: labels.label(m, "metric"))
        return table(frame, rename={"metric": "指标 metric", "value": "数值 value",
                                    "unit": "单位 unit", "basis": "口径 basis",
                                    "note": "说明 note"})


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
        return sorted(p for p in self.folder.glob(f"{self.notebook}.*")
                      if p.suffix in (".csv", ".json"))

    def saved_links(self) -> Html:
        """The CSV files this notebook saved, as links (relative: they sit beside the HTML)."""
        return links([p for p in self.saved_files() if p.suffix == ".csv"],
                     prefix=f"{self.notebook}.")

    def header(self) -> str:
        """One line naming the document: department, year, unit, source file and its hash."""
        m = self.disclosure.meta
        # Every part comes from a document, a manifest or a file name: escaped (md, code).
        return (f"**{md(m.department)}** · {md(m.year)} 年度{md(m.kind)} · 金额单位 unit: "
                f"{md(m.unit)} · 来源 source: {code(m.source_file)} "
                f"(sha256 {code(str(m.sha256 or '')[:12])}…)")

    def _repr_markdown_(self) -> str:
        return self.header()

    @property
    def is_budget(self) -> bool:
        """A budget (部门预算): no actuals, so no budget-execution variance of its own."""
        return self.disclosure.template.document == "budget"

    def lacks(self, *roles: str) -> Html | None:
        """None when the document prints a table for every role (`structure.ROLES`: income,
        expenditure, function, summary, basic, three_public); else the one sentence that stands
        for the section it leaves out (`left_out`)."""
        d = self.disclosure
        missing = [structure.ROLES[r][d.template.document][0] for r in roles
                   if structure.table_id(d, r) is None]
        return left_out(d, *missing) if missing else None

    def __repr__(self) -> str:
        m = self.disclosure.meta
        return f"Setup({self.notebook!r}, {m.department} {m.year}, folder={str(self.folder)!r})"


@dataclass(frozen=True, repr=False)
class CorpusSetup:
    """What a corpus notebook works with: the panel (resource → DataFrame) and its folder."""

    notebook: str
    panel: dict
    folder: Path
    results: Results
    font: str

    saved_files = Setup.saved_files
    saved_links = Setup.saved_links

    def header(self) -> str:
        docs = self.panel["documents"]
        years = sorted({int(y) for y in docs["year"]})
        return (f"**{docs['department_id'].nunique()} 个部门 departments · "
                f"{len(docs)} 份决算 documents** · 年度 years: "
                f"{'、'.join(map(str, years)) or '—'} · 金额单位 unit: 万元")

    def _repr_markdown_(self) -> str:
        return self.header()


def setup_corpus(panel: str | Path | None, output_dir: str | Path | None, *,
                 notebook: str, years=(), departments=()) -> CorpusSetup:
    """A corpus notebook's set-up: the CJK font, the panel of `panel` (a corpus root or its
    panel/ folder; default data/processed) narrowed to `years`/`departments` when given, the
    output folder (default reports/corpus/)."""
    from ..corpus.query import panel as read_panel

    font = charts.use_cjk_font()
    frames = read_panel(Path(panel) if panel else config.PROCESSED)
    keep = frames["documents"]
    if years:
        keep = keep[keep["year"].astype(int).isin([int(y) for y in years])]
    if departments:
        keep = keep[keep["department_id"].isin(list(departments))]
    wanted = set(zip(keep["department_id"], keep["year"].astype(int), strict=True))
    # A boolean Series, not a list: an empty list would pick no columns of an empty frame.
    frames = {name: f[pd.Series([(d, int(y)) in wanted for d, y in zip(
                  f["department_id"], f["year"], strict=True)], index=f.index, dtype=bool)]
              .reset_index(drop=True)
              if {"department_id", "year"} <= set(f.columns) else f
              for name, f in frames.items()}
    folder = Path(output_dir) if output_dir else config.REPORTS / "corpus"
    folder.mkdir(parents=True, exist_ok=True)
    return CorpusSetup(notebook, frames, folder, Results(folder, notebook, keys={}), font)


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


@dataclass(frozen=True)
class PublishedBudget:
    """A final account's published budget (部门预算), as the corpus paired them: the budget
    document, the lines side by side (analysis.budget_vs_final), the lines whose stated
    年初预算 differs, and PEFA PI-1/PI-2 on the published budget."""

    budget: Disclosure
    lines: pd.DataFrame
    disagreements: pd.DataFrame
    pefa: dict


def published_budget(d: Disclosure, department: str, corpus: str | Path | None = None
                     ) -> PublishedBudget | None:
    """The budget the corpus at `corpus` (default data/processed) paired with `d`, filed
    there under `department` (the notebook's parameter; panel table `pairs`), or None: not a final account, no corpus or panel there, or no budget of
    the same department and year in it. The lines are computed here from the two documents
    by the same function the panel's `budget_vs_final` rows come from."""
    from ..analysis import budget_vs_final as bvf
    from ..corpus.query import built_panel, connect
    from ..corpus.recorded import documents
    from ..errors import DisclosureError

    if d.template.document != "final" or not d.meta.year:
        return None
    root = Path(corpus) if corpus else config.PROCESSED
    if built_panel(root) is None:  # no corpus built there: nothing paired (and none built)
        return None
    try:
        with connect(root) as con:
            found = con.execute(
                "select budget_source from pairs where department_id = ? and year = ? "
                "and status = 'paired'", [department, int(d.meta.year)]).fetchall()
    except DisclosureError:  # no corpus built there, or a panel without pairs
        return None
    if len(found) != 1:
        return None
    # A file gone or changed since the corpus was built is an error (documents() says so).
    doc = next((x for x in documents(root) if x.source == found[0][0]), None)
    if doc is None:
        return None
    budget = load_cached(doc.entry.path, manifest=doc.manifest)
    lines = bvf.budget_vs_final(d, budget)
    return PublishedBudget(budget, lines, bvf.disagreements(lines), bvf.pefa(lines))


def bridge(steps: pd.DataFrame, year: int) -> Table:
    """The bridge 年初预算 → (全年预算) → 决算 drawn (`analysis.execution.bridge`'s steps),
    and the table of its bars' bases to display under it."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 3.8))
    charts.bridge(ax, steps["step"], steps["kind"], steps["amount"],
                  title=f"{year} 年：年初预算 → 决算（万元）")
    show(fig)
    return table(steps, ["amount"], columns=["step", "amount", "basis"],
                 rename={"step": "步骤 step", "amount": "金额（万元）", "basis": "口径 basis"})


def show(fig) -> None:
    """Show a chart once, laid out (`tight_layout`), as a PNG of the figure's own size and
    dpi, and close it: the notebooks' `plt.tight_layout(); plt.show()`, less one drawing.

    Jupyter's inline backend prints a figure with `bbox_inches="tight"`: it draws the figure a
    first time only to measure the box that `tight_layout` has just fitted, then again into the
    PNG. Charts are most of a report kernel's work (benchmarks/README.md, 2026-12-07); this way
    each is drawn once. The display carries what the inline backend's does (the PNG and the
    figure's text form) and, as the image's alt text, the titles of its axes, which the
    report's HTML gives to readers who cannot see the chart (reporting/reader_html.py).
    Outside IPython, `plt.show()` as usual."""
    import base64
    import io

    import matplotlib.pyplot as plt
    from IPython import get_ipython
    from IPython.display import display

    fig.tight_layout()
    if get_ipython() is None:
        plt.show()
        return
    png = io.BytesIO()
    # zlib level 3, not Pillow's 6: a chart's flat colours compress as small (116 against
    # 122 kB for a chart of 30 bars) in ~17 % less of its printing time.
    fig.canvas.print_figure(png, format="png", dpi=fig.dpi, facecolor=fig.get_facecolor(),
                            edgecolor=fig.get_edgecolor(), bbox_inches=None,
                            pil_kwargs={"compress_level": 3})
    text, alt = repr(fig), chart_alt(fig)
    plt.close(fig)  # else the inline backend shows it again when the cell ends
    display({"image/png": base64.b64encode(png.getvalue()).decode("ascii"), "text/plain": text},
            raw=True, metadata={"image/png": {"alt": alt}})


def chart_alt(fig) -> str:
    """A chart's alt text: its axes' titles (as the reader sees them: `charts.plain` escapes
    `$` for matplotlib), "图表 chart" when none has one."""
    titles = [ax.get_title().replace("\\$", "$") for ax in fig.axes]
    return "；".join(t for t in titles if t) or "图表 chart"


def left_out(d: Disclosure, *tables: str) -> Html:
    """The one sentence a section shows instead of itself when the document lacks its tables:
    the template does not print them (a university's four tables, a budget's), or — a table
    the template has — it was not read (the reconciliation's completeness checks say why)."""
    names = "、".join(labels.table(t) for t in tables)
    if all(t in d.template.tables for t in tables):
        zh = f"本文件没有读出{names}（见勾稽核对的完整性核对），本节略去。"
        en = "Left out: this table of the document's template was not read."
    else:
        zh = f"本文件的模板（{d.template.zh}）不印{names}，本节略去。"
        en = "Left out: the document's template does not print this table."
    return note(zh, en)


def note(zh: str, en: str = "") -> Html:
    """One sentence for the reader (why a section shows nothing), escaped, in a paragraph of
    its own that the HTML marks `zb-note`."""
    text = html.escape(zh) + (f" <em>{html.escape(en)}</em>" if en else "")
    return Html(f'<p class="zb-note">{text}</p>', zh + (f" {en}" if en else ""))


def blank(frame: pd.DataFrame, *columns: str) -> bool:
    """True when `frame` has no rows or every value of `columns` is blank (a table printed
    empty, as in a blank template): nothing to chart."""
    return frame.empty or all(_is_blank(v) for c in columns for v in frame[c])


def shorten(text: str, width: int = 90) -> str:
    """One line of at most `width` characters (an ellipsis where cut)."""
    text = " ".join(str(text or "").split())
    return text if len(text) <= width else text[:width - 1] + "…"


def tolerance(value) -> str:
    """A tolerance ((n + 1) × 0.005 万元): up to three decimals, trailing zeros beyond two cut."""
    if value is None or value == "":
        return "—"
    if Decimal(str(value)) == 0:
        return "0"
    text = f"{Decimal(str(value)).quantize(Decimal('0.001'), rounding='ROUND_HALF_UP'):f}"
    return text[:-1] if text.endswith("0") else text


def number(value) -> str:
    """A number exactly as held (all its digits), with separators; '—' when blank."""
    return "—" if value is None or value is pd.NA else f"{Decimal(value):,f}"


_MARKDOWN_ACTIVE = re.compile(r"([\\`*_{}\[\]()#+!|~>$-])")
# Every HTML- or Markdown-active character as a character reference, in one pass.
_CODE_REFERENCES = {ord(c): f"&#{ord(c)};" for c in "\\`*_{}[]()#+!|~<>&\"'-$"}


def md(value) -> str:
    """Text from a document, safe inside Markdown: HTML escaped (a `<script>` in a narrative
    sentence shows as text) and Markdown's active characters backslash-escaped."""
    text = "" if value is None or value is pd.NA else str(value)
    return _MARKDOWN_ACTIVE.sub(r"\\\1", html.escape(text, quote=False)).replace("\n", " ")


def code(value) -> str:
    """Text from a document as a Markdown code span (HTML inert; backticks cannot close it).

    Markdown still reads what stands between raw HTML tags: a `\\` would escape the `<` of
    `</code>`, a `*` start emphasis. Its active characters are written as character
    references, which Markdown shows literally."""
    text = "" if value is None or value is pd.NA else str(value).replace("\n", " ")
    return f"<code>{text.translate(_CODE_REFERENCES)}</code>"


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
    # Blank (not reported) and empty text read as a dash, flags as words.
    out = out.map(lambda v: "—" if _is_blank(v)
                  else {True: "是", False: "否"}.get(v, v) if isinstance(v, bool) else v)
    return out.rename(columns=rename or {})


class Html:
    """A piece of HTML for `display()` (and its plain-text form for the console)."""

    def __init__(self, html: str, text: str = ""):
        self.html, self.text = html, text

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text or re.sub(r"<[^>]+>", "", self.html)


def link(href: str, text: str) -> Html:
    """One link (both escaped)."""
    return Html(f'<a href="{html.escape(href)}">{html.escape(text)}</a>', text)


def links(paths, prefix: str = "", describe=None) -> Html:
    """Files as a list of links by name (relative: beside the page that shows them)."""
    items = []
    for p in paths:
        name = Path(p).name
        shown = name.removeprefix(prefix)
        extra = f" — {html.escape(describe(name))}" if describe else ""
        items.append(f'<li><a href="{html.escape(name)}">{html.escape(shown)}</a>{extra}</li>')
    if not items:
        return Html("<p>—</p>", "—")
    return Html('<ul class="zb-files">' + "".join(items) + "</ul>",
                "\n".join(Path(p).name for p in paths))


_BLANK = {None, ""}
_NUMERIC_TEXT = re.compile(r"^[+-]?[\d,]+(\.\d+)?%?$")


def _is_blank(v) -> bool:
    if isinstance(v, Html):
        return False
    return is_blank(v) or (isinstance(v, str) and v.strip() in ("", "—"))


def _is_number(v) -> bool:
    if isinstance(v, bool):
        return False
    if isinstance(v, int | float | Decimal):
        return True
    return isinstance(v, str) and bool(_NUMERIC_TEXT.match(v.strip()))


class Table:
    """A table for readers: labelled headers, no row index, text left and numbers right
    (alignment written on the cells, so it holds in JupyterLab as in the HTML), blanks as —,
    wide tables scroll inside their box. `frame` holds the strings shown."""

    def __init__(self, frame: pd.DataFrame, numeric: set[str]):
        self.frame, self.numeric = frame, numeric

    def _repr_html_(self) -> str:
        esc = html.escape
        head = "".join(f'<th style="text-align:{"right" if c in self.numeric else "left"}">'
                       f"{esc(str(c))}</th>" for c in self.frame.columns)
        rows = []
        for values in self.frame.itertuples(index=False):
            cells = "".join(
                f'<td style="text-align:{"right" if c in self.numeric else "left"}"'
                f'{" class=num" if c in self.numeric else ""}>'
                f'{v.html if isinstance(v, Html) else esc(str(v))}</td>'
                for c, v in zip(self.frame.columns, values, strict=True))
            rows.append(f"<tr>{cells}</tr>")
        return ('<div class="zb-table-wrap" style="overflow-x:auto;max-width:100%">'
                f'<table class="zb-table"><thead><tr>{head}</tr></thead>'
                f'<tbody>{"".join(rows)}</tbody></table></div>')

    def __repr__(self) -> str:
        return self.frame.to_string(index=False)

    def __len__(self) -> int:
        return len(self.frame)


def table(frame: pd.DataFrame, money_cols=(), percent_cols=(), rename=None, columns=None,
          values=None) -> Table:
    """`readable()` for a reader: every header a label (`rename` first, else
    `labels.COLUMNS`), `values` maps a column to a vocabulary of `checks.label` (e.g.
    {"family": "family"}) so no id shows; numbers right-aligned."""
    shown = frame[list(columns)].copy() if columns is not None else frame.copy()
    for col, kind in (values or {}).items():
        if col in shown:
            shown[col] = shown[col].map(lambda v, k=kind: v if _is_blank(v) else
                                        reader_label(v, k))
    def mostly_numbers(col) -> bool:  # a value column with a few words (bands) still aligns
        filled = [v for v in shown[col] if not _is_blank(v)]
        return bool(filled) and 2 * sum(map(_is_number, filled)) > len(filled)

    numeric = {c for c in shown.columns
               if c in money_cols or c in percent_cols or mostly_numbers(c)}
    out = readable(shown, money_cols, percent_cols)
    names = {c: (rename or {}).get(c) or labels.COLUMNS.get(c) or reader_label(c)
             for c in out.columns}
    out = out.rename(columns=names)
    return Table(out, {names[c] for c in numeric})
