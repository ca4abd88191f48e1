"""Every string that comes from a document, a manifest or a file name is escaped wherever it
lands in a report: a table of name fields × outputs, each checked by parsing the produced HTML
(no element, attribute or script made from a name; the name shows as text)."""

from __future__ import annotations

import csv
import hashlib
import os
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import RAW_2024, ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from zhuzhou_budget import cli
from zhuzhou_budget.reporting import charts
from zhuzhou_budget.reporting import notebook as nb

# name field → (the hostile value, the mark that must show as text)
FIELDS = {
    "department": ('株洲"</script><script>alert(1)</script>', "alert(1)"),
    "file": ("tick`<svg onload=alert(5)>`.txt", "alert(5)"),
    "table_label": ("行政运行<img src=x onerror=alert(3)>$\\x$", "alert(3)"),
}
DOCUMENT_PAGES = ("00_summary", "01_income_structure", "02_budget_execution_variance",
                  "03_performance_findings", "04_reconciliation")
# Where each field lands (a pair not listed does not show that field at all).
LANDS = {
    "department": [f"2024/evil/{p}.html" for p in DOCUMENT_PAGES]
    + ["corpus/05_corpus.html", "index.html"],
    "file": [f"2024/evil/{p}.html" for p in DOCUMENT_PAGES],
    "table_label": ["2024/evil/00_summary.html", "2024/evil/02_budget_execution_variance.html",
                    "2024/evil/04_reconciliation.html"],
}
CASES = [(f, page) for f, pages in LANDS.items() for page in pages]


class _Scan(HTMLParser):
    """Live markup made from a payload: an event attribute, an attribute or a script body
    holding `alert`; and the page's visible text."""

    def __init__(self) -> None:
        super().__init__()
        self.live: list[tuple] = []
        self.text: list[str] = []
        self._script = False

    def handle_starttag(self, tag, attrs):
        self._script = self._script or tag == "script"
        self.live += [(tag, k, v) for k, v in attrs
                      if k.startswith("on") or "alert" in (v or "")]
        if tag in ("svg", "iframe", "object", "embed"):
            self.live.append((tag,))

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = False

    def handle_data(self, data):
        if self._script:
            if "alert" in data:
                self.live.append(("script", data[:80]))
        else:
            self.text.append(data)


def scan(html: str) -> _Scan:
    s = _Scan()
    s.feed(html)
    return s


def hostile_raw(folder: Path) -> Path:
    """The seed document under a hostile file name, with a hostile table label, listed in a
    manifest under a hostile department name."""
    folder.mkdir(parents=True, exist_ok=True)
    text = RAW_2024.read_text(encoding="utf-8").replace("行政运行", FIELDS["table_label"][0])
    name = FIELDS["file"][0]
    (folder / name).write_text(text, encoding="utf-8")
    with (folder / "manifest.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["department_id", "department", "year", "kind", "file", "sha256",
                    "provenance"])
        w.writerow(["evil", FIELDS["department"][0], 2024, "部门决算", name,
                    hashlib.sha256(text.encode("utf-8")).hexdigest(), "<b>hostile</b>"])
    return folder / "manifest.csv"


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("names")
    manifest = hostile_raw(base / "raw")
    # The kernels import the package from the environment: this checkout, not another one.
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])
    assert cli.main(["corpus", "build", str(manifest), "--out", str(base / "corpus"),
                     "--no-progress"]) == 0
    out = base / "reports"
    assert cli.main(["report", "--all", "--manifest", str(manifest), "--panel",
                     str(base / "corpus"), "--out", str(out), "--no-progress"]) == 0
    return out


@pytest.mark.slow
@pytest.mark.parametrize(("field", "page"), CASES)
def test_a_hostile_name_shows_as_text_and_never_as_markup(reports, field, page):
    s = scan((reports / page).read_text(encoding="utf-8"))
    assert s.live == []
    assert FIELDS[field][1] in "".join(s.text)  # it did land here, as text


@pytest.mark.slow
def test_no_page_of_a_hostile_report_holds_live_markup(reports):
    pages = sorted(reports.rglob("*.html"))
    assert len(pages) == 7
    assert {p.relative_to(reports).as_posix(): scan(p.read_text(encoding="utf-8")).live
            for p in pages} == {p.relative_to(reports).as_posix(): [] for p in pages}


# ---- the header every document page shows, over arbitrary names (fast) --------------------

ACTIVE = st.lists(st.sampled_from(list("<>\"'`&*_[]()#!|\\$/= \n") + [
    "script", "onload", "株", "<script>", "</code>", "&lt;"]), min_size=1, max_size=20).map(
    "".join)


class _Meta:
    def __init__(self, department, source_file):
        self.department, self.source_file = department, source_file
        self.year, self.unit, self.sha256 = 2024, "万元", "ab" * 32
        self.kind = "部门决算"


class _D:
    def __init__(self, meta):
        self.meta = meta


def _header_html(department: str, source_file: str) -> str:
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    ctx = nb.Setup("00_summary", _D(_Meta(department, source_file)), Path("."), None, "font")
    return markdown2html_mistune(ctx.header())


@settings(max_examples=200, deadline=None, derandomize=True)
@given(department=ACTIVE, source_file=ACTIVE)
def test_the_page_header_renders_any_name_as_text(department, source_file):
    html = _header_html(department, source_file)
    s = scan(html)
    tags = []

    class Tags(HTMLParser):
        def handle_starttag(self, tag, attrs):
            tags.append(tag)

    Tags().feed(html)
    assert set(tags) <= {"p", "strong", "code"}
    assert s.live == []
    text = "".join(s.text)
    for value in (department, source_file):  # shown whole, whitespace folded
        assert " ".join(value.split()) in " ".join(text.split())


@pytest.mark.parametrize("label", ["$\\x$", "$a$ and $b$", "a $ b", "100$"])
def test_chart_text_is_drawn_literally(label):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    charts.use_cjk_font()
    fig, ax = plt.subplots()
    try:
        charts.barh(ax, [label], [1], title=label)
        fig.canvas.draw()  # a `$\\x$` taken as mathtext fails here
        assert [t.get_text() for t in ax.get_yticklabels()] == [label.replace("$", r"\$")]
        assert ax.get_title() == label.replace("$", r"\$")
    finally:
        plt.close(fig)
