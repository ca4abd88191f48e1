"""The reports' HTML exporter (reporting/reader_html.py) renders the page nbconvert's own
HTMLExporter renders with the same template and options, element for element: it only skips
HTMLExporter's closing BeautifulSoup pass, giving images their alt text in the template and
cells their tabindex on the rendered page. The oracle is nbconvert's exporter itself."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from jinja2 import DictLoader
from nbconvert import HTMLExporter
from nbconvert.preprocessors import TagRemovePreprocessor

from zhuzhou_budget.reporting import reader_html

# A 1×1 PNG.
PNG = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")).decode()


def stock(show_code: bool) -> HTMLExporter:
    """nbconvert's HTMLExporter, configured as reader_html configures its own."""
    exporter = HTMLExporter(template_name="lab", extra_loaders=[DictLoader(
        {"reader.html.j2": reader_html._TEMPLATE})], template_file="reader.html.j2",
        exclude_input=not show_code, exclude_input_prompt=not show_code,
        exclude_output_prompt=not show_code)
    exporter.register_preprocessor(TagRemovePreprocessor(
        remove_cell_tags=reader_html.HIDDEN_TAGS, enabled=True), enabled=True)
    return exporter


def notebook() -> nbformat.NotebookNode:
    v4 = nbformat.v4
    params = v4.new_code_cell("year = 2024", metadata={"tags": ["parameters"]})
    chart = v4.new_code_cell("nb.show(fig)", outputs=[
        v4.new_output("display_data", {"image/png": PNG, "text/plain": "<Figure size 1x1>"},
                      metadata={"image/png": {"alt": "2024 年 <收入> & \"支出\""}}),
        v4.new_output("display_data", {"image/png": PNG, "text/plain": "<Figure>"})])
    table = v4.new_code_cell("display(t)", outputs=[
        v4.new_output("execute_result", {
            "text/html": '<div class="zb-table-wrap"><table class="zb-table"><tr><td>'
                         '&lt;div class="jp-OutputArea-output"&gt;</td></tr></table></div>',
            "text/plain": "t"}, execution_count=3),
        v4.new_output("stream", name="stdout", text="printed <b>\n"),
        v4.new_output("display_data", {"text/markdown": "**粗体** `code`",
                                       "text/plain": "md"})])
    return v4.new_notebook(cells=[
        v4.new_markdown_cell("# 标题 Title\n\n| a | b |\n|---|---|\n| 1 | 2 |"),
        params, chart, table, v4.new_markdown_cell("段落 <i>x</i> & y")],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                 "language": "python"},
                  "language_info": {"name": "python", "pygments_lexer": "ipython3"}})


def resources() -> dict:
    return {"metadata": {"name": "测试 <page>"}, "reader_css": reader_html.css("assets"),
            "reader_nav": "<nav>n</nav>", "reader_no_alt": reader_html.NO_ALT}


def parsed(page: str) -> str:
    return str(BeautifulSoup(page, features="html.parser"))


@pytest.mark.parametrize("show_code", [False, True])
def test_page_equals_nbconverts_element_for_element(show_code):
    nb = notebook()  # one notebook for both: its cells' ids are random
    ours, _ = reader_html._exporter(show_code).from_notebook_node(nb, resources=resources())
    theirs, _ = stock(show_code).from_notebook_node(nb, resources=resources())
    assert parsed(ours) == parsed(theirs)
    assert ours.count('tabindex="0"') == theirs.count('tabindex="0"') >= 4


def test_images_carry_their_alt_text_escaped_or_nbconverts_words():
    page, _ = reader_html._exporter(False).from_notebook_node(notebook(), resources=resources())
    alts = [img["alt"] for img in BeautifulSoup(page, "html.parser").find_all("img")]
    assert alts == ['2024 年 <收入> & "支出"', reader_html.NO_ALT]
    assert 'alt="2024 年 &lt;收入&gt; &amp; &quot;支出&quot;"' in page


def test_focusable_marks_template_divs_only():
    page = ('<div class="jp-Cell-inputWrapper"><div class="jp-RenderedHTMLCommon '
            'jp-OutputArea-output x">&lt;div class="jp-OutputArea-output"&gt;</div>'
            '<div class="jp-OutputArea-output-not">.</div></div>')
    assert reader_html.focusable(page) == (
        '<div class="jp-Cell-inputWrapper" tabindex="0"><div class="jp-RenderedHTMLCommon '
        'jp-OutputArea-output x" tabindex="0">&lt;div class="jp-OutputArea-output"&gt;</div>'
        '<div class="jp-OutputArea-output-not">.</div></div>')
    assert not re.search(r"tabindex", reader_html.focusable("<p>jp-OutputArea-output</p>"))


def test_compiled_templates_are_kept_and_render_the_same_page(tmp_path, monkeypatch):
    """Jinja's bytecode of the templates is kept in the cache: a new exporter (a new report)
    loads it instead of compiling, and renders the same page."""
    monkeypatch.setenv("ZHUZHOU_BUDGET_CACHE", str(tmp_path))
    nb = notebook()
    first, _ = reader_html._exporter.__wrapped__(False).from_notebook_node(
        nb, resources=resources())
    kept = sorted((tmp_path / "jinja").glob("*.cache"))
    assert len(kept) >= 5  # the reader template and the lab templates it extends
    second, _ = reader_html._exporter.__wrapped__(False).from_notebook_node(
        nb, resources=resources())
    assert second == first
    assert sorted((tmp_path / "jinja").glob("*.cache")) == kept


def _data_png_block(template: str) -> str:
    found = re.search(r"\{% block data_png scoped %\}.*?\{%- endblock data_png %\}", template,
                      re.S)
    assert found, "no data_png block"
    return found.group(0)


def test_the_image_block_is_nbconverts_own_plus_the_alt_text():
    """reader_html's `data_png` block is the lab template's, line for line, with the alt
    attribute added: an nbconvert that changes its block shows here."""
    from nbconvert.exporters.templateexporter import TemplateExporter

    lab = next(p for p in (Path(d) / "lab" / "base.html.j2"
                           for d in TemplateExporter(template_name="lab").template_paths)
               if p.is_file())
    theirs = _data_png_block(lab.read_text(encoding="utf-8")).splitlines()
    ours = _data_png_block(reader_html._TEMPLATE).splitlines()
    added = [line for line in ours if line not in theirs]
    assert [line for line in ours if line in theirs] == theirs
    assert added == ["alt=\"{{ ((output | get_metadata('alt', 'image/png')) or "
                     "resources.reader_no_alt) | escape_html }}\""]
