"""Reader-facing HTML: executed notebooks rendered for people who do not read code, and the
`index.html` of a reports folder.

- Code hidden (`show_code` for a version with it); the parameters cells (papermill's injected
  one holds local paths) are never shown; no script is loaded from the network (no MathJax,
  require.js or mermaid: the reports need none).
- A CJK font stack for the page text, ending in the Noto Sans SC file that zhplot ships, copied
  once to `<reports>/assets/` and declared with `@font-face`: pages render Chinese on a machine
  that has no CJK font.
- Every page links to the index and to its sibling reports; the index lists every year and
  department with its headline figures (from `00_summary.metrics.csv`), its reports and every
  CSV they saved, and the corpus reports.
"""

from __future__ import annotations

import csv
import functools
import html
import re
import shutil
import threading
from pathlib import Path

from ..metadata import labels
from ..storage import safe_write
from . import charts
from .formatting import figure

FONT_FILE = "NotoSansSC-Regular.ttf"
FONT_STACK = ('"Noto Sans SC", "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", '
              '"Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", '
              '"ZB Noto Sans SC", sans-serif')
HIDDEN_TAGS = {"parameters", "injected-parameters"}

_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_css -%}<style type="text/css">{{ resources.reader_css }}</style>{%- endblock html_head_css -%}
{%- block body_header -%}{{ super() }}{{ resources.reader_nav }}{%- endblock body_header -%}
{% block body_footer %}{{ resources.reader_nav }}{{ super() }}{% endblock body_footer %}
{% block data_png scoped %}
<div class="jp-RenderedImage jp-OutputArea-output {{ extra_class }}">
{%- if 'image/png' in output.metadata.get('filenames', {}) %}
<img src="{{ output.metadata.filenames['image/png'] | posix_path | escape_html }}"
{%- else %}
<img src="data:image/png;base64,{{ output.data['image/png'] | escape_html }}"
{%- endif %}
{%- set width=output | get_metadata('width', 'image/png') -%}
{%- if width is not none %}
width={{ width | escape_html }}
{%- endif %}
{%- set height=output | get_metadata('height', 'image/png') -%}
{%- if height is not none %}
height={{ height | escape_html }}
{%- endif %}
class="
{%- if output | get_metadata('unconfined', 'image/png') %}
unconfined
{%- endif %}
{%- if output | get_metadata('needs_background', 'image/png') == 'light' %}
jp-needs-light-background
{%- endif %}
{%- if output | get_metadata('needs_background', 'image/png') == 'dark' %}
jp-needs-dark-background
{%- endif %}
"
alt="{{ ((output | get_metadata('alt', 'image/png')) or resources.reader_no_alt) | escape_html }}"
>
</div>
{%- endblock data_png %}
"""
# nbconvert's own words for an image that says nothing of itself (a chart the notebooks show
# through `notebook.show` has its titles instead).
NO_ALT = "No description has been provided for this image"
# What nbconvert's HTMLExporter gives every cell's input and every output after rendering (so
# that keyboard users can scroll them): the same, on the page as the templates wrote it.
_INPUT_WRAPPER = '<div class="jp-Cell-inputWrapper"'
_OUTPUT_DIV = re.compile(r'(<div class="(?:[^"<>]*\s)?jp-OutputArea-output(?:\s[^"<>]*)?")')


def css(assets: str | None) -> str:
    """The reader's style: the font stack (with the bundled font), readable tables."""
    face = "" if assets is None else (
        f'@font-face {{ font-family: "ZB Noto Sans SC"; src: url("{assets}/{FONT_FILE}") '
        'format("truetype"); font-display: block; }\n')
    return face + f""":root {{ --zb-font: {FONT_STACK};
  --jp-content-font-family: var(--zb-font); --jp-ui-font-family: var(--zb-font); }}
body {{ font-family: var(--zb-font); line-height: 1.6; }}
main {{ max-width: 1100px; margin: 0 auto; }}
.zb-nav {{ font-size: 14px; padding: 8px 16px; margin: 0 auto; max-width: 1100px;
  border-bottom: 1px solid #ddd; }}
.zb-nav a {{ margin-right: 0.9em; }} .zb-nav b {{ margin-right: 0.9em; }}
.zb-table-wrap {{ overflow-x: auto; max-width: 100%; }}
.jp-RenderedHTMLCommon table.zb-table, table.zb-table {{ table-layout: auto; font-size: 13px;
  border-collapse: collapse; margin: 0 0 1em 0; }}
table.zb-table th, table.zb-table td {{ padding: 3px 8px; border-bottom: 1px solid #e2e2e2;
  vertical-align: top; white-space: normal; max-width: 30em; overflow-wrap: break-word; }}
table.zb-table td.num, table.zb-table .num {{ white-space: nowrap; font-variant-numeric: tabular-nums; }}
table.zb-table thead th {{ background: #f3f3f3; }}
img {{ max-width: 100%; height: auto; }}
.zb-band {{ font-weight: bold; }}
"""


def _nav(name: str, siblings: tuple[str, ...], index: str | None) -> str:
    parts = [] if index is None else [f'<a href="{html.escape(index)}">← 索引 index</a>']
    for s in siblings:
        title = html.escape(labels.NOTEBOOKS.get(s, s))
        parts.append(f"<b>{title}</b>" if s == name else
                     f'<a href="{html.escape(s)}.html">{title}</a>')
    return f'<nav class="zb-nav">{"".join(parts)}</nav>' if parts else ""


def _title(notebook: Path) -> str:
    import json

    title = labels.NOTEBOOKS.get(notebook.stem, notebook.stem)
    run = notebook.with_name(f"{notebook.stem}.run.json")
    try:
        info = json.loads(run.read_text(encoding="utf-8"))
        return f"{title} · {info['department']} {info['year']}"
    except (OSError, ValueError, KeyError):
        return title


def focusable(page: str) -> str:
    """`tabindex="0"` on each cell's input and each output of a rendered page, as nbconvert's
    HTMLExporter sets them (its `.jp-Notebook div.jp-Cell-inputWrapper` and
    `.jp-Notebook div.jp-OutputArea-output`). Only the templates write `<div class="…`: text
    from a notebook's outputs reaches the page escaped."""
    page = page.replace(_INPUT_WRAPPER, _INPUT_WRAPPER + ' tabindex="0"')
    return _OUTPUT_DIV.sub(r'\1 tabindex="0"', page)


@functools.cache
def _exporter_class() -> type:
    """nbconvert's HTMLExporter less the last step of its `from_notebook_node`: parsing the
    whole page again with BeautifulSoup (Python's html.parser), only to give images an alt text
    and cells a tabindex. That parse was ~60 % of a page's rendering (0.74 of 1.75 s of CPU for
    the bundled corpus's 11 pages, 2026-12-07). Here the template writes the alt text and
    `focusable` the tabindex; the rest is HTMLExporter's own steps, in its order
    (tests/test_reader_html_exporter.py holds the two pages equal, element for element)."""
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class ReaderExporter(HTMLExporter):
        def from_notebook_node(self, nb, resources=None, **kw):
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            highlight_code = self.filters.get(
                "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self))
            resources = self._init_resources(resources)
            filter_data_type = WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources)
            self.register_filter("highlight_code", highlight_code)
            self.register_filter("filter_data_type", filter_data_type)
            page, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            return focusable(page), resources

        def _create_environment(self):
            # Its ~40 templates compiled once, not once a process (~0.25 s a report): Jinja
            # keeps their code by name and source checksum (and Python version) in the cache.
            from jinja2 import FileSystemBytecodeCache

            from ..storage.cache import cache_dir

            environment = super()._create_environment()
            folder = cache_dir() / "jinja"
            try:
                folder.mkdir(parents=True, exist_ok=True)
                environment.bytecode_cache = FileSystemBytecodeCache(str(folder))
            except OSError:
                pass  # a cache that cannot be written is only slower
            return environment

    return ReaderExporter


@functools.cache
def _exporter(show_code: bool):
    """One exporter per kind of page, kept: a new one compiles its ~40 Jinja templates again
    (~0.15 s per page, as long as the rest of the rendering). Its templates, options and
    preprocessors are the same for every page; what differs goes in `resources`."""
    from jinja2 import DictLoader
    from nbconvert.preprocessors import TagRemovePreprocessor

    # Validated once against the notebook schema after the preprocessors, not after each.
    exporter = _exporter_class()(
        optimistic_validation=True, template_name="lab",
        extra_loaders=[DictLoader({"reader.html.j2": _TEMPLATE})],
        template_file="reader.html.j2", exclude_input=not show_code,
        exclude_input_prompt=not show_code, exclude_output_prompt=not show_code)
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags=HIDDEN_TAGS,
                                                         enabled=True), enabled=True)
    return exporter


_EXPORTING = threading.Lock()  # an exporter registers per-page filters: one page at a time


def render(notebook: Path, show_code: bool = False, siblings: tuple[str, ...] = (),
           index: str | None = None, assets: str | None = None) -> str:
    """The HTML of an executed notebook for readers."""
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    resources = {"metadata": {"name": _title(notebook)}, "reader_css": css(assets),
                 "reader_nav": _nav(notebook.stem, siblings, index), "reader_no_alt": NO_ALT}
    with _EXPORTING:
        body, _ = _exporter(show_code).from_notebook_node(nb, resources=resources)
    return body


# ---- the index ---------------------------------------------------------------------------

_YEAR = re.compile(r"^\d{4}$")


def _metrics(folder: Path) -> dict[str, dict[str, str]]:
    path = folder / "00_summary.metrics.csv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8-sig") as fh:
        return {r["metric"]: r for r in csv.DictReader(fh)}


def _num(text: str | None) -> str:
    try:
        return figure(text, places=6)  # metrics as saved (ratios keep 6 decimals)
    except ValueError:  # a band or grade letter
        return html.escape(text or "")


def _figure(m: dict[str, dict[str, str]], key: str, band: str | None = None) -> str:
    row = m.get(key)
    if row is None:
        return "—"
    unit = row.get("unit", "")
    text = _num(row.get("value")) + ("%" if unit == "%" else "")
    if band and m.get(band) and m[band].get("value"):
        text += f' <span class="zb-band">{html.escape(m[band]["value"])}</span>'
    return text


def _page(title: str, body: str, assets: str) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1.0\">\n"
            f"<title>{html.escape(title)}</title>\n<style>\n{css(assets)}"
            "body { margin: 0 auto; padding: 0 16px 32px; max-width: 1100px; }\n"
            "</style>\n</head>\n<body>\n" + body + "\n</body>\n</html>\n")


def _documents(out: Path, only: set[tuple[int, str]] | None = None) -> list[Path]:
    return sorted((f for y in out.iterdir() if y.is_dir() and not y.is_symlink()
                   and _YEAR.match(y.name) for f in y.iterdir()
                   if f.is_dir() and not f.is_symlink() and any(f.glob("*.html"))
                   and (only is None or (int(y.name), f.name) in only)),
                  key=lambda f: (f.parent.name, f.name))


def _file_links(folder: Path, rel: str, pattern: str) -> str:
    return "".join(f'<li><a href="{html.escape(rel + p.name)}">{html.escape(p.name)}</a></li>'
                   for p in sorted(folder.glob(pattern)))


def index_html(out: Path, only: set[tuple[int, str]] | None = None) -> str:
    """The index of a reports folder (see the module's docstring); with `only`, of those
    (year, department_id) documents (a report's own), not of every folder a previous report
    left there."""
    out = Path(out)
    rows, details = [], []
    for folder in _documents(out, only):
        rel = f"{folder.parent.name}/{folder.name}/"
        m = _metrics(folder)
        dept = (m.get("income_total") or next(iter(m.values()), {})).get("department") \
            or folder.name
        reports = " ".join(
            f'<a href="{html.escape(rel + p.name)}">{html.escape(labels.NOTEBOOKS.get(p.stem, p.stem).split(" ")[0])}</a>'
            for p in sorted(folder.glob("*.html")))
        rows.append(
            f'<tr><td class="num">{folder.parent.name}</td>'
            f'<td><a href="{html.escape(rel)}00_summary.html">{html.escape(dept)}</a><br>'
            f'<small>{html.escape(folder.name)}</small></td>'
            + "".join(f'<td class="num" style="text-align:right">{v}</td>' for v in (
                _figure(m, "income_total"), _figure(m, "expenditure_total"),
                _figure(m, "pi1_pct", "pi1_band"), _figure(m, "pi2_class_pct", "pi2_class_band"),
                _figure(m, "score", "grade"), _figure(m, "error_count"),
                _figure(m, "warning_count")))
            + f"<td>{reports}</td></tr>")
        details.append(
            f"<details><summary>{folder.parent.name} · {html.escape(dept)}：保存的 CSV 文件 "
            f"saved CSV files</summary><ul class=\"zb-files\">"
            f"{_file_links(folder, rel, '*.csv')}</ul></details>")
    corpus = out / "corpus"
    corpus_html = ""
    if corpus.is_dir() and not corpus.is_symlink() and any(corpus.glob("*.html")):
        corpus_html = (
            "<h2>部门与年度比较 Across departments and years</h2><ul>"
            + "".join(f'<li><a href="corpus/{html.escape(p.name)}">'
                      f'{html.escape(labels.NOTEBOOKS.get(p.stem, p.stem))}</a></li>'
                      for p in sorted(corpus.glob("*.html")))
            + "</ul><details><summary>保存的 CSV 文件 saved CSV files</summary><ul>"
            + _file_links(corpus, "corpus/", "*.csv") + "</ul></details>")
    head = ("<tr><th>年度 year</th><th>部门 department</th>"
            "<th style=\"text-align:right\">本年收入合计<br>income（万元）</th>"
            "<th style=\"text-align:right\">本年支出合计<br>expenditure（万元）</th>"
            "<th style=\"text-align:right\">PI-1 总体执行率<br>aggregate outturn</th>"
            "<th style=\"text-align:right\">PI-2 结构偏差（类）<br>composition</th>"
            "<th style=\"text-align:right\">绩效自评<br>self-score</th>"
            "<th style=\"text-align:right\">错误<br>errors</th>"
            "<th style=\"text-align:right\">警告<br>warnings</th><th>报告 reports</th></tr>")
    body = (
        "<h1>部门决算分析报告 Final-accounts reports</h1>\n"
        "<p>每个部门、每个年度一行：核心数字及其所在区间（PEFA A–D），链接到摘要和四份分析报告，"
        "以及报告保存的全部 CSV 数据。金额单位：万元。"
        "<br><small>One row per department and year: headline figures with their PEFA bands, "
        "links to the summary, the four reports and every CSV they saved.</small></p>\n"
        f'<div class="zb-table-wrap"><table class="zb-table" id="documents"><thead>{head}'
        f"</thead><tbody>{''.join(rows)}</tbody></table></div>\n"
        + "\n".join(details) + "\n" + corpus_html
        + "\n<p><small>PI-1 = 决算 / 年初预算（A 95–105%，B 90–110%，C 85–115%，其余 D）；"
        "PI-2 = Σ|决算 − 年初预算×k| / 决算（A &lt; 5%，B &lt; 10%，C &lt; 15%，其余 D）。"
        "一年的数字只给出该年所处的区间，PEFA 评分需要三年。</small></p>")
    return _page("部门决算分析报告 index", body, "assets")


def copy_font(out: Path) -> Path | None:
    """The CJK font the pages declare, copied once into `<out>/assets/`."""
    source = charts.find_cjk_font()
    if source is None or source.suffix.lower() != ".ttf":
        return None
    folder = safe_write.folder(out, Path(out) / "assets")
    target = folder / FONT_FILE
    if target.is_file() and not target.is_symlink() and \
            target.stat().st_size == source.stat().st_size:
        return target
    return safe_write.replace(target, lambda tmp: shutil.copyfile(source, tmp))


def write_index(out: Path, manifest: Path | None = None,
                only: set[tuple[int, str]] | None = None) -> Path:
    """`<out>/index.html` (and the font asset), written atomically; `only`: see index_html."""
    out = Path(out)
    safe_write.folder(out, out)
    copy_font(out)
    return safe_write.write_text(out / "index.html", index_html(out, only))
