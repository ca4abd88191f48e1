"""PDF input: the rendered 2024 disclosure gives the text route's tables, facts and sections.

The fixture (tests/data/zhuzhou-zjj-2024.pdf) is made by scripts/render_pdf_fixture.py from
the raw 2024 text: A4 pages, ruled tables with merged and wrapped header cells, tables split
across pages with and without a repeated header, narrative pages with page numbers.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pypdfium2
import pytest
from conftest import ROOT

import zhuzhou_budget as zb
from zhuzhou_budget import cli
from zhuzhou_budget.extract import pdf
from zhuzhou_budget.metadata.templates import TEMPLATES

TABLES = TEMPLATES["national-2020"].tables  # the nine tables of the national template

PDF_2024 = ROOT / "tests" / "data" / "zhuzhou-zjj-2024.pdf"
FACT_COLS = ["table", "code", "item", "column", "amount", "level", "side", "line", "row"]

sys.path.insert(0, str(ROOT / "scripts"))
import render_pdf_fixture  # noqa: E402

# Every test here reads a PDF (pypdfium2, tabula's JVM) or renders one: `make test-fast` skips them.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def d_pdf() -> zb.Disclosure:
    return zb.load(PDF_2024)


@pytest.fixture(scope="module")
def pdf_lines_2024() -> list:
    return pdf.pdf_lines(PDF_2024)


def _one_line_error(exc: pytest.ExceptionInfo, *words: str) -> str:
    msg = str(exc.value)
    assert "\n" not in msg and "Traceback" not in msg
    for w in words:
        assert w in msg, (w, msg)
    return msg


# ---- the fixture -----------------------------------------------------------------------------

def test_fixture_is_a_small_realistic_a4_pdf():
    doc = pypdfium2.PdfDocument(str(PDF_2024))
    sizes = {tuple(round(v) for v in doc[i].get_size()) for i in range(len(doc))}
    assert len(doc) == 33
    assert sizes == {(595, 842), (842, 595)}  # A4 portrait narrative, A4 landscape tables
    assert doc[20].get_textpage().get_text_range().startswith("- 21 -")  # page numbers
    doc.close()
    data = PDF_2024.read_bytes()
    assert data.count(b"/FontFile2") >= 1  # an embedded TrueType font …
    assert b"+NotoSansSC-Regular" in data  # … subset (OFL Noto Sans SC from zhplot)
    assert len(data) < 400_000


def _page_texts(path: Path) -> list[str]:
    doc = pypdfium2.PdfDocument(str(path))
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def test_fixture_is_what_the_script_renders(tmp_path):
    # Page by page text, not bytes: another reportlab version may write other bytes.
    out = tmp_path / "again.pdf"
    src = ROOT / "data" / "raw" / "2024" / "zhuzhou-zjj-2024-final-accounts.txt"
    render_pdf_fixture.render(src.read_text(encoding="utf-8"), out)
    assert _page_texts(out) == _page_texts(PDF_2024)


# ---- equality with the text route -----------------------------------------------------------

def test_every_fact_equals_the_text_route(d_pdf, d2024):
    a = d_pdf.facts[FACT_COLS].reset_index(drop=True)
    b = d2024.facts[FACT_COLS].reset_index(drop=True)
    assert len(a) == len(b) == 1008
    assert set(a.table) == set(TABLES)
    assert d_pdf.missing_tables == []
    # Compared as objects: Decimal("0.00") == Decimal("0.00") and None stays None (blank).
    for col in FACT_COLS:
        assert a[col].tolist() == b[col].tolist(), col
    amounts = [x for x in a.amount if x is not None]
    assert all(isinstance(x, Decimal) for x in amounts)


def test_every_table_equals_the_text_route_cell_by_cell(d_pdf, d2024):
    cells = 0
    for tid in TABLES:
        x = d_pdf.tables[tid].drop(columns="source_line")
        y = d2024.tables[tid].drop(columns="source_line")
        assert list(x.columns) == list(y.columns), tid
        assert x.shape == y.shape, tid
        for col in x.columns:
            assert x[col].tolist() == y[col].tolist(), (tid, col)
        cells += x.size
        for key in ("title", "number", "unit", "source_unit", "notes", "explanation"):
            assert x.attrs[key] == y.attrs[key], (tid, key)
    # Every cell of the nine tables, key columns included: 2725 before state_capital took the
    # government_fund column set (3 more columns on its one 合计 row, all blank).
    assert cells == 2728


def test_real_values_from_the_pdf(d_pdf):
    gb = d_pdf.tables["general_budget_expenditure"].set_index("code")
    assert gb.loc["", "total"] == Decimal("22393.85")  # printed "22, 393. 85" in table 05
    assert str(gb.loc["", "project"]) == "11459.60"  # printed decimals kept
    inc = d_pdf.tables["income"].set_index("code")
    assert inc.loc["2080501", "superior_subsidy"] is None  # blank cell: missing, not 0
    assert inc.loc["2080502", "superior_subsidy"] == Decimal("0.00")
    eco = d_pdf.tables["basic_expenditure"].set_index("code")
    assert eco.loc["30212", "item"] == "因公出国（境）费用"  # full-width, as printed
    assert eco.loc["39908", "amount"] == Decimal("0.00")
    tp = d_pdf.tables["three_public"].set_index("level")
    assert tp.loc["budget", "vehicle_operation"] == Decimal("40.15")
    assert tp.loc["actual", "total"] == Decimal("64.45")
    sc = d_pdf.tables["state_capital"]
    assert sc.attrs["explanation"] == "本单位没有使用国有资本经营预算安排的支出，故本表无数据。"
    assert d_pdf.meta.year == 2024 and d_pdf.meta.department == "株洲市住房和城乡建设局"


def test_sections_equal_the_text_route(d_pdf, d2024):
    assert list(d_pdf.sections) == list(d2024.sections)
    assert len(d_pdf.sections) == 59
    for key, sec in d2024.sections.items():
        got = d_pdf.sections[key]
        assert (got.heading, got.level, got.parent, got.part) == (
            sec.heading, sec.level, sec.parent, sec.part), key
        assert [t for _, t in got.lines] == [t for _, t in sec.lines], key
    text = d_pdf.section("机关运行经费").text
    assert "本部门 2024 年度机关运行经费支出 1024.95 万元" in text


# ---- how the PDF became lines ---------------------------------------------------------------

def test_tables_split_across_pages_with_and_without_repeated_header(pdf_lines_2024):
    def page_of(prefix: str, table_hint: str) -> list[int]:
        return [ln.page for ln in pdf_lines_2024
                if ln.text.startswith(prefix + "\t") and table_hint in ln.text]

    # Table 02 (income) runs over pages 8–9 and repeats its three header rows on page 9.
    assert page_of("2120102", "105.00\t105.00\t\t") == [8]
    assert page_of("2120109", "252.14\t252.14\t\t") == [9]
    numbering = [ln.page for ln in pdf_lines_2024 if ln.text == "栏次\t\t1\t2\t3\t4\t5\t6\t7"]
    assert numbering == [8, 9]
    # Table 03 (expenditure) runs over pages 10–11 without repeating its header.
    assert page_of("2120109", "234.01") == [11]
    header = [ln.page for ln in pdf_lines_2024 if ln.page in (10, 11)
              and ln.text == "栏次\t\t1\t2\t3\t4\t5\t6"]
    assert header == [10]


def test_merged_headers_wrapped_cells_and_three_blocks_as_tab_rows(pdf_lines_2024):
    texts = [ln.text for ln in pdf_lines_2024]
    # 本年支出 merged over 小计/基本支出/项目支出: a cell followed by empty cells.
    assert "项目\t\t本年支出\t\t" in texts
    # 预算数/决算数 over six columns each; wrapped header text joined back.
    assert "预算数\t\t\t\t\t\t决算数\t\t\t\t\t" in texts
    assert any("\t公务用车运行维护费\t" in t for t in texts)
    assert "合计\t\t22, 393. 85\t10, 934. 24\t11, 459. 60" in texts  # table 05 as printed
    row = next(t for t in texts if t.startswith("30113\t"))
    assert row == "30113\t住房公积金\t606.41\t30212\t因公出国（境）费用\t6.98\t31009\t土地补偿\t0.00"


def test_narrative_lines_carry_their_page(pdf_lines_2024):
    heading = next(ln for ln in pdf_lines_2024 if ln.text == "一、收入支出决算总体情况说明"
                   and ln.page > 2)
    assert heading.page == 21
    # A paragraph wrapped over three PDF lines and split by a page break is one line again.
    para = next(ln for ln in pdf_lines_2024 if ln.text.startswith("（五）承担规范房地产市场"))
    assert para.page == 3 and para.text.endswith("负责规范全市房产交")
    assert [ln.no for ln in pdf_lines_2024] == list(range(1, len(pdf_lines_2024) + 1))
    assert not any(ln.text.strip() in ("- 21 -", "- 3 -") for ln in pdf_lines_2024)


def test_pdf_is_recognised_by_its_bytes_not_its_name(tmp_path, d2024):
    disguised = tmp_path / "report.txt"
    shutil.copyfile(PDF_2024, disguised)
    d = zb.load(disguised)
    assert d.facts["amount"].tolist() == d2024.facts["amount"].tolist()
    text_named_pdf = tmp_path / "export.pdf"
    shutil.copyfile(ROOT / "data/raw/2024/zhuzhou-zjj-2024-final-accounts.txt", text_named_pdf)
    assert not pdf.is_pdf(text_named_pdf)
    assert len(zb.load(text_named_pdf).facts) == 1008


def test_cli_builds_from_the_pdf(tmp_path, capsys):
    out = tmp_path / "out"
    assert cli.main(["build", str(PDF_2024), "--out", str(out)]) == 0
    assert "9 tables, 1008 facts, 59 sections" in capsys.readouterr().out
    committed = ROOT / "data" / "processed" / "2024" / "zhuzhou-zjj" / "facts.csv"

    def rows(path: Path) -> list[dict]:
        with open(path, encoding="utf-8", newline="") as fh:
            return [{k: v for k, v in r.items() if k != "source_line"}
                    for r in csv.DictReader(fh)]

    assert rows(out / "facts.csv") == rows(committed)


# ---- errors ---------------------------------------------------------------------------------

def test_scanned_pdf_is_one_error_not_nine_missing_tables(tmp_path):
    doc = pypdfium2.PdfDocument(str(PDF_2024))
    images = [doc[i].render(scale=1).to_pil().convert("RGB") for i in (5, 20)]
    doc.close()
    scanned = tmp_path / "scanned.pdf"
    images[0].save(scanned, save_all=True, append_images=images[1:])
    with pytest.raises(pdf.ScannedPdfError) as err:
        zb.load(scanned)
    _one_line_error(err, "no text layer on 2 of 2 pages", "scanned document? OCR is not "
                    "supported")


def test_encrypted_pdf(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "locked.pdf"
    c = canvas.Canvas(str(path), encrypt="secret")
    c.drawString(72, 720, "locked")
    c.save()
    with pytest.raises(pdf.EncryptedPdfError) as err:
        zb.load(path)
    _one_line_error(err, "locked.pdf", "encrypted PDF", "password")


def test_truncated_pdf(tmp_path):
    path = tmp_path / "cut.pdf"
    path.write_bytes(PDF_2024.read_bytes()[:120_000])  # a download cut short
    with pytest.raises(pdf.CorruptPdfError) as err:
        zb.load(path)
    _one_line_error(err, "cut.pdf", "truncated or damaged PDF")


def test_corrupt_pdf(tmp_path):
    path = tmp_path / "junk.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"not really a pdf " * 100 + b"\n%%EOF\n")
    with pytest.raises(pdf.CorruptPdfError) as err:
        zb.load(path)
    _one_line_error(err, "junk.pdf", "not a readable PDF")


def test_page_limit_from_argument_and_environment(monkeypatch):
    with pytest.raises(pdf.PdfTooLargeError) as err:
        zb.load(PDF_2024, max_pages=10)
    _one_line_error(err, "33 pages, more than the limit of 10")
    monkeypatch.setenv(pdf.MAX_PAGES_ENV, "20")
    with pytest.raises(pdf.PdfTooLargeError) as err:
        zb.load(PDF_2024)
    _one_line_error(err, "limit of 20", pdf.MAX_PAGES_ENV)


def test_timeout_stops_the_extraction_and_the_next_load_works(d2024):
    # (how fast the timeout stops the worker is measured in benchmarks/bench_pdf_timeout.py)
    with pytest.raises(pdf.PdfTimeoutError) as err:
        zb.load(PDF_2024, timeout=0.05)
    _one_line_error(err, "stopped after 0.05 s", pdf.TIMEOUT_ENV)
    d = zb.load(PDF_2024)  # a fresh worker
    assert d.facts["amount"].tolist() == d2024.facts["amount"].tolist()


def test_tables_without_rulings_are_read_by_position(tmp_path):
    """All nine tables drawn without ruling lines (tables 01–06 continue on a second page,
    03 without its header): read from the characters' positions, every cell equals the text
    route's, and so do the sections and narrative facts."""
    src = ROOT / "data" / "raw" / "2024" / "zhuzhou-zjj-2024-final-accounts.txt"
    path = tmp_path / "unruled.pdf"
    render_pdf_fixture.render(src.read_text(encoding="utf-8"), path,
                              unruled=[f"{n:02d}" for n in range(1, 10)])
    text, unruled = zb.load(src), zb.load(path)
    cols = ["table", "code", "item", "column", "amount", "level", "side", "line", "row"]
    assert len(unruled.facts) == 1008
    assert unruled.facts[cols].astype(str).reset_index(drop=True).equals(
        text.facts[cols].astype(str).reset_index(drop=True))
    assert list(unruled.sections) == list(text.sections)
    a = unruled.narrative_facts.drop(columns=["line"]).astype(str).reset_index(drop=True)
    b = text.narrative_facts.drop(columns=["line"]).astype(str).reset_index(drop=True)
    assert a.equals(b)


def test_no_java_runtime_is_one_line_with_the_install_command(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "JAVA_HOME"}
    env["PATH"] = str(tmp_path / "no-java-here")
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "zhuzhou_budget", "build", str(PDF_2024),
                           "--out", str(out)], capture_output=True, text=True, env=env,
                          timeout=120)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("error: ")
    assert "tabula-py needs a Java runtime" in lines[0]
    assert "apt-get install default-jre-headless" in lines[0]
    assert "conda install -c conda-forge openjdk" in lines[0]
    assert not out.exists()


def test_narrative_data_equals_the_text_route(d_pdf, d2024):
    # Figures read from the narrative (issue 3) come out the same from the PDF: same
    # paragraphs, same sentences. Line numbers differ by construction and are left out.
    for name in ("narrative_facts", "budget_execution", "three_public_details", "glossary",
                 "profile"):
        x, y = getattr(d_pdf, name), getattr(d2024, name)
        cols = [c for c in y.columns if c not in ("line", "source_line")]
        assert list(x.columns) == list(y.columns), name
        assert len(x) == len(y) > 0, name
        for col in cols:
            assert x[col].tolist() == y[col].tolist(), (name, col)
    assert len(d_pdf.narrative_facts) == 321 and len(d_pdf.budget_execution) == 23
    x, y = d_pdf.performance.facts, d2024.performance.facts
    cols = [c for c in y.columns if c not in ("line", "source_line")]
    assert len(x) == len(y) > 0
    assert x[cols].astype(str).values.tolist() == y[cols].astype(str).values.tolist()


def test_findings_from_the_pdf_carry_their_page(d_pdf, d2024):
    """Every finding that names a source line names its PDF page too; a text without page
    breaks has no pages to name."""
    pdf = zb.reconcile(d_pdf)
    # 42, and L9's 44.59 % printed with two decimals among rates with one
    assert pdf["line"].notna().sum() == 43
    assert pdf["page"].notna().sum() == 43
    slip = pdf[(pdf.check == "L1.unit_slip") & (pdf.severity == "error")].iloc[0]
    assert (int(slip.line), int(slip.page)) == (425, 23)
    listed = pdf[pdf.check == "P1.list_count"].iloc[0]
    assert int(listed.page) == 32
    assert zb.reconcile(d2024)["page"].isna().all()
