"""The notebooks, run the way `make report` runs them: papermill through the `report` command,
into temporary folders. One batch for 2024 serves most tests (kernels are the slow part).
Tests that start a kernel are marked `slow` (`make test-fast` skips them); the .py/.ipynb pairs
are checked in test_notebook_pairs.py."""

from __future__ import annotations

import csv
import html as html_lib
import importlib.util
import json
import re
import shutil
import sys
from decimal import Decimal as D
from pathlib import Path

import nbformat
import pytest
from conftest import RAW_2024, ROOT

from zhuzhou_budget import cli
from zhuzhou_budget.metadata import labels
from zhuzhou_budget.reporting import batch as report
from zhuzhou_budget.sources.manifest import sha256_of

RUNS = report.load_runs()
NAMES = [r.name for r in RUNS]
DOC_NAMES = [r.name for r in RUNS if r.scope == "document"]
CORPUS_NAMES = [r.name for r in RUNS if r.scope == "corpus"]
DEPT = "zhuzhou-zjj"
PUTUO = "shanghai-putuo-czj"


def _outputs(nb) -> list[dict]:
    return [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]


def _output_text(o) -> str:
    if o.get("output_type") == "stream":
        return o.get("text", "")
    if o.get("output_type") == "error":
        return "\n".join([o.get("ename", ""), o.get("evalue", ""), *o.get("traceback", [])])
    data = o.get("data", {})
    return "\n".join(str(data[k]) for k in ("text/plain", "text/markdown", "text/html")
                     if k in data)


def _metrics(folder: Path, name: str) -> dict[str, str]:
    with (folder / f"{name}.metrics.csv").open(encoding="utf-8-sig") as fh:
        return {r["metric"]: r["value"] for r in csv.DictReader(fh)}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def panel_root(tmp_path_factory):
    """The bundled corpus built into a panel (what `make report` builds in data/processed)."""
    out = tmp_path_factory.mktemp("corpus")
    assert cli.main(["corpus", "build", str(ROOT / "data" / "raw" / "manifest.csv"), "--out",
                     str(out), "--no-progress"]) == 0
    return out


@pytest.fixture(scope="module")
def batch(tmp_path_factory, panel_root):
    """Every notebook of runs.yaml for the whole corpus, through the command line."""
    out = tmp_path_factory.mktemp("reports")
    rc = cli.main(["report", "--all", "--out", str(out), "--panel", str(panel_root),
                   "--no-progress"])
    return rc, out / "2024" / DEPT


@pytest.mark.slow
def test_batch_runs_every_notebook_and_writes_html(batch):
    rc, folder = batch
    assert rc == 0
    assert DOC_NAMES == ["00_summary", "01_income_structure", "02_budget_execution_variance",
                         "03_performance_findings", "04_reconciliation"]
    assert CORPUS_NAMES == ["05_corpus"]
    root = folder.parent.parent
    for dept in (DEPT, PUTUO):
        for name in DOC_NAMES:
            assert (root / "2024" / dept / f"{name}.ipynb").is_file()
            html = (root / "2024" / dept / f"{name}.html").read_text(encoding="utf-8")
            assert "<html" in html and "Glyph" not in html
    assert (root / "corpus" / "05_corpus.html").is_file()
    assert not (root / "2024" / DEPT / "05_corpus.ipynb").exists()  # once per corpus
    assert (root / "index.html").is_file()
    # No temporary file is left behind.
    assert [p.relative_to(root).as_posix() for p in root.rglob(".*") if p.is_file()] == [
        report.MARKER]  # the reports root's marker, nothing else


def _executed(root: Path) -> list[Path]:
    return sorted(root.rglob("*.ipynb"))


@pytest.mark.slow
def test_executed_notebooks_have_no_errors_or_glyph_warnings(batch):
    root = batch[1].parent.parent
    paths = _executed(root)
    assert len(paths) == 2 * len(DOC_NAMES) + len(CORPUS_NAMES)
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        outputs = _outputs(nb)
        assert outputs, f"{path.name}: no output"
        assert not [o for o in outputs if o.get("output_type") == "error"], path
        assert not [o for o in outputs if "Glyph" in _output_text(o)
                    or "findfont" in _output_text(o)], path
        assert not [o for o in outputs if o.get("name") == "stderr"], f"{path}: stderr"
        charts = any("image/png" in o.get("data", {}) for o in outputs)
        # The Shanghai document attaches no performance report: nothing to chart there.
        no_report = path.parent.name == PUTUO and path.stem == "03_performance_findings"
        assert charts != no_report, f"{path}: charts {charts}"
        params = nb.metadata["papermill"]["parameters"]
        assert params.get("year", 2024) == 2024


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_kernel_is_the_project_environment(batch, name):
    folder = batch[1] if name in DOC_NAMES else batch[1].parent.parent / "corpus"
    info = json.loads((folder / f"{name}.run.json").read_text(encoding="utf-8"))
    # The venv's python is a symlink to the base interpreter: compare the unresolved paths.
    assert info["prefix"] == sys.prefix
    assert Path(info["python"]).is_relative_to(sys.prefix)
    if name in DOC_NAMES:
        assert (info["year"], info["department_id"]) == (2024, DEPT)


@pytest.mark.slow
def test_summary_results(batch):
    _, folder = batch
    m = _metrics(folder, "00_summary")
    assert D(m["income_total"]) == D("22396.43") and D(m["expenditure_total"]) == D("22396.43")
    assert D(m["pi1_pct"]) == D("182.4") and m["pi1_band"] == "D"
    assert D(m["pi2_class_pct"]) == D("45.53") and m["pi2_class_band"] == "D"
    assert D(m["pi2_kuan_pct"]) == D("81.64")
    assert D(m["score"]) == D("99.1") and m["grade"] == "优"
    assert (m["error_count"], m["warning_count"]) == ("2", "9")
    assert D(m["three_public_actual"]) == D("64.45") and D(m["admin_costs"]) == D("1024.95")
    steps = _rows(folder / "00_summary.bridge.csv")
    assert [(r["kind"], r["amount"]) for r in steps] == [
        ("start", "12279.22"), ("step", "10628.96"), ("subtotal", "22908.18"),
        ("step", "-511.75"), ("end", "22396.43")]
    putuo = _metrics(folder.parent / PUTUO, "00_summary")
    assert D(putuo["pi1_pct"]) == D("98.2") and putuo["pi1_band"] == "A"
    assert putuo["score"] == "" and putuo["three_public_actual"] == ""  # not given: blank


@pytest.mark.slow
def test_corpus_results(batch):
    folder = batch[1].parent.parent / "corpus"
    m = _metrics(folder, "05_corpus")
    assert (m["documents"], m["departments"], m["years"]) == ("2", "2", "1")
    pefa = {r["department_id"]: r for r in _rows(folder / "05_corpus.pefa.csv")}
    assert (pefa[DEPT]["pi1_pct"], pefa[DEPT]["pi1_band"]) == ("182.4", "D")
    assert (pefa[DEPT]["pi2_class_pct"], pefa[DEPT]["pi2_class_band"]) == ("45.53", "D")
    assert (pefa[PUTUO]["pi1_pct"], pefa[PUTUO]["pi1_band"]) == ("98.2", "A")
    totals = {r["department_id"]: r for r in _rows(folder / "05_corpus.totals.csv")}
    assert totals[DEPT]["expenditure_total"] == "22396.43"
    assert totals[PUTUO]["income_total"] == "2946.25"
    assert totals[PUTUO]["three_public_actual"] == ""  # a blank actual stays blank
    found = {r["department_id"]: r for r in _rows(folder / "05_corpus.findings.csv")}
    assert (found[DEPT]["error"], found[DEPT]["warning"]) == ("2", "9")
    assert found[DEPT]["error_checks"] == "L1.unit_slip、P1.list_count"
    html = (folder / "05_corpus.html").read_text(encoding="utf-8")
    assert "没有趋势" in html and "连续三年" in html  # what one year cannot show


@pytest.mark.slow
def test_income_structure_results(batch):
    _, folder = batch
    m = _metrics(folder, "01_income_structure")
    assert D(m["income_total"]) == D("22396.43")
    assert D(m["project_share_pct"]) == D("51.2")
    assert D(m["personnel_share_pct"]) == D("81.7")
    assert D(m["three_public_completion_pct"]) == D("72.8")
    rows = _rows(folder / "01_income_structure.expenditure_by_class.csv")
    by_code = {r["code"]: r for r in rows}
    assert by_code["221"]["total"] == "7169.87" and by_code["221"]["project"] == "6035.83"
    assert by_code["208"]["project"] == ""  # blank stays blank, never 0
    assert {(r["year"], r["department_id"], r["unit"]) for r in rows} == {("2024", DEPT, "万元")}
    yoy = {r["subject"]: r for r in _rows(folder / "01_income_structure.year_on_year.csv")}
    assert yoy["general_budget.total"]["prior_year_implied"] == "19983.52"
    assert yoy["admin_costs"]["prior_year_implied"] == "1770.60"


@pytest.mark.slow
def test_budget_execution_results(batch):
    _, folder = batch
    m = _metrics(folder, "02_budget_execution_variance")
    # PI-1 on the general-budget basis: 22393.85 / 12279.22.
    assert D(m["pi1_pct"]) == D("182.4") and m["pi1_band"] == "D"
    assert D(m["pi2_class_pct"]) == D("45.53") and D(m["pi2_kuan_pct"]) == D("81.64")
    assert int(m["items"]) == 22 and D(m["items_budget_initial_total"]) == D("12279.22")
    assert int(m["unit_slips"]) == 1
    assert D(m["admin_costs_budget_implied"]) == D("825.28")
    assert D(m["performance_full_year_completion_pct"]) == D("97.8")
    pi1 = _rows(folder / "02_budget_execution_variance.pi1.csv")[0]
    assert (pi1["budget"], pi1["actual"], pi1["pi1_pct"]) == ("12279.22", "22393.85", "182.4")
    items = _rows(folder / "02_budget_execution_variance.items.csv")
    assert len(items) == 22 and items[0]["code"] == "2210399" and items[0]["variance"] == "4978.41"
    assert items[0]["completion_rate"] == "10.657439"  # ratios saved with 6 decimals
    lei = {r["code"]: r for r in _rows(folder / "02_budget_execution_variance.pi2_class.csv")}
    assert lei["221"]["deviation"] == "5092.563506"


@pytest.mark.slow
def test_performance_results(batch):
    _, folder = batch
    m = _metrics(folder, "03_performance_findings")
    assert D(m["score"]) == D("99.1") and m["grade"] == "优"
    assert int(m["achievements"]) == 10 and int(m["problems"]) == 3
    assert int(m["project_list_mismatches"]) == 1
    checks = _rows(folder / "03_performance_findings.project_list_checks.csv")
    count = next(r for r in checks if r["list"] == "public_special" and r["what"] == "count")
    # actual (as printed) 6, expected (recomputed) 7, difference = actual − expected, as in the
    # P1 finding
    assert (count["stated"], count["listed"], count["difference"], count["matches"]) == (
        "6", "7", "-1", "False")
    finding = next(r for r in _rows(folder / "04_reconciliation.findings.csv")
                   if r["check"] == "P1.list_count")
    assert (finding["actual"], finding["expected"], finding["difference"]) == ("6", "7", "-1")


@pytest.mark.slow
def test_reconciliation_results_match_reconcile(batch, d2024):
    from zhuzhou_budget.checks import reconcile

    _, folder = batch
    expected = reconcile(d2024)
    m = _metrics(folder, "04_reconciliation")
    assert int(m["checks_run"]) == expected.attrs["checks_run"]
    for sev in ("error", "warning", "rounding", "info"):
        assert int(m[f"{sev}_count"]) == int((expected["severity"] == sev).sum())
    saved = _rows(folder / "04_reconciliation.findings.csv")
    assert len(saved) == len(expected)
    rounding = [abs(v) for v, s in zip(expected["difference"], expected["severity"],
                                       strict=True) if s == "rounding"]
    assert D(m["rounding_max_abs_difference"]) == max(rounding)


@pytest.mark.slow
def test_html_for_readers_hides_code_parameters_and_local_paths(batch, tmp_path):
    _, folder = batch
    root = folder.parent.parent
    for name in DOC_NAMES:
        html = (folder / f"{name}.html").read_text(encoding="utf-8")
        assert "nb.setup(" not in html and "年度 fiscal year" not in html  # no code, no params
        assert str(root) not in html and str(ROOT) not in html  # no local path
        assert "cdnjs" not in html and "<script src=" not in html  # nothing from the network
        assert 'href="../../index.html"' in html  # back to the index
        for other in DOC_NAMES:
            if other != name:
                assert f'href="{other}.html"' in html  # and to its siblings
        assert "ZB Noto Sans SC" in html and "../../assets/NotoSansSC-Regular.ttf" in html
        assert 'class="dataframe"' not in html  # every table goes through nb.table
        for csv_file in folder.glob(f"{name}.*.csv"):  # saved CSVs are links
            assert f'href="{csv_file.name}"' in html, csv_file.name
    assert (root / "assets" / "NotoSansSC-Regular.ttf").is_file()
    nb_path = tmp_path / "01_income_structure.ipynb"
    shutil.copy(folder / "01_income_structure.ipynb", nb_path)
    shown = report.render_html(nb_path, show_code=True).read_text(encoding="utf-8")
    assert "nb.setup(" in html_lib.unescape(re.sub(r"<[^>]+>", "", shown))  # the code is there…
    assert "年度 fiscal year" not in shown and str(root) not in shown  # …but no parameters
    assert "收入来源" in shown


@pytest.mark.slow
def test_pages_are_nbconverts_rendering_with_charts_described(batch):
    """Every executed notebook renders as nbconvert's own HTMLExporter renders it with the same
    template, element for element (reader_html skips its closing BeautifulSoup pass), and
    every chart's image says what it shows: its titles, never nbconvert's "no description"."""
    from bs4 import BeautifulSoup
    from test_reader_html_exporter import parsed, stock

    from zhuzhou_budget.reporting import reader_html

    root = batch[1].parent.parent
    paths = _executed(root)
    assert len(paths) == 2 * len(DOC_NAMES) + len(CORPUS_NAMES)
    charts = 0
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        resources = {"metadata": {"name": path.stem}, "reader_css": reader_html.css(None),
                     "reader_nav": "", "reader_no_alt": reader_html.NO_ALT}
        ours, _ = reader_html._exporter(False).from_notebook_node(nb, resources=dict(resources))
        theirs, _ = stock(False).from_notebook_node(nb, resources=dict(resources))
        assert parsed(ours) == parsed(theirs), path
        alts = [img["alt"] for img in BeautifulSoup(ours, "html.parser").find_all("img")]
        assert reader_html.NO_ALT not in alts and all(alts), (path, alts)
        charts += len(alts)
    written = (batch[1] / "02_budget_execution_variance.html").read_text(encoding="utf-8")
    assert 'alt="2024 年各项决算与年初预算之差（万元）"' in written
    assert charts >= 30  # 35 on 2026-12-07


_TH = re.compile(r"<th[^>]*>(.*?)</th>", re.S)


@pytest.mark.slow
def test_every_table_header_a_reader_sees_is_labelled_in_chinese(batch):
    root = batch[1].parent.parent
    pages = sorted(root.rglob("*.html"))
    assert len(pages) == 2 * len(DOC_NAMES) + len(CORPUS_NAMES) + 1
    for page in pages:
        html = page.read_text(encoding="utf-8")
        headers = [re.sub(r"<[^>]+>", "", h).strip() for h in _TH.findall(html)]
        bare = [h for h in headers if h and not labels.has_chinese(h)]
        assert bare == [], f"{page.name}: headers without a Chinese label: {bare}"
    summary = (batch[1] / "04_reconciliation.html").read_text(encoding="utf-8")
    # Evidence numbers rounded as printed, not the raw ratio digits.
    assert "实际 actual 0.03，应为 expected 322.45，差额 difference -322.42" in summary
    assert "0.032245" not in summary and "322.417755" not in summary
    for key in (">across<", ">logic<", "general_budget.total", ">pi1_pct<"):
        assert key not in summary


@pytest.mark.slow
def test_summary_links_each_finding_to_its_evidence(batch):
    _, folder = batch
    summary = (folder / "00_summary.html").read_text(encoding="utf-8")
    evidence = (folder / "04_reconciliation.html").read_text(encoding="utf-8")
    links = re.findall(r'href="04_reconciliation\.html#(finding-\d+)"', summary)
    assert links == [f"finding-{i}" for i in range(1, 12)]  # 2 errors + 9 warnings
    for anchor in links:
        assert f'id="{anchor}"' in evidence
    assert "L1 单位误写" in summary and "P1 项目清单个数" in summary


@pytest.mark.parametrize("name", NAMES)
def test_committed_notebooks_are_clean(name):
    nb = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
    nbformat.validate(nb)
    ks = nb.metadata["kernelspec"]
    assert (ks["name"], ks["language"], nb.metadata["language_info"]["name"]) == (
        "python3", "python", "python")
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "parameters" in code[0].metadata.get("tags", [])
    scope = {r.name: r.scope for r in RUNS}[name]
    for param in report.BATCH_PARAMETERS[scope]:
        assert f"{param} = " in code[0].source
    assert all(not c.outputs and c.execution_count is None for c in code)
    assert "from zhuzhou_budget" in "\n".join(c.source for c in code)
    assert "import re\n" not in "\n".join(c.source for c in code)  # no parsing of its own


@pytest.mark.slow
def test_second_department_loops_and_names_outputs(tmp_path):
    """A temporary manifest with a second (department, year): a copy of the 2024 file."""
    raw = tmp_path / "raw"
    copy = raw / "2024" / "other-2024.txt"
    copy.parent.mkdir(parents=True)
    shutil.copy(RAW_2024, copy)
    manifest = raw / "manifest.csv"
    with manifest.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["department_id", "department", "year", "kind", "file", "sha256",
                    "provenance"])
        w.writerow([DEPT, "株洲市住房和城乡建设局", 2024, "部门决算", str(RAW_2024),
                    sha256_of(RAW_2024), "test"])
        w.writerow(["other-dept", "另一个部门", 2024, "部门决算", "2024/other-2024.txt",
                    sha256_of(copy), "test copy"])
    out = tmp_path / "reports"
    rc = cli.main(["report", "--all", "--manifest", str(manifest), "--out", str(out),
                   "--notebook", "01_income_structure", "--jobs", "2", "--no-progress"])
    assert rc == 0
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.ipynb")) == sorted([
        f"2024/{DEPT}/01_income_structure.ipynb", "2024/other-dept/01_income_structure.ipynb"])
    other = out / "2024" / "other-dept"
    assert (other / "01_income_structure.html").is_file()
    nb = nbformat.read(other / "01_income_structure.ipynb", as_version=4)
    assert nb.metadata["papermill"]["parameters"]["department"] == "other-dept"
    rows = _rows(other / "01_income_structure.income_by_source.csv")
    assert {(r["department_id"], r["department"]) for r in rows} == {("other-dept", "另一个部门")}


def _tiny(path: Path, body: str) -> None:
    params = nbformat.v4.new_code_cell("year = 2024\ndepartment = 'x'\nraw_path = None\n"
                                       "output_dir = None")
    params.metadata["tags"] = ["parameters"]
    nb = nbformat.v4.new_notebook(cells=[params, nbformat.v4.new_code_cell("x = 1"),
                                         nbformat.v4.new_code_cell(body)],
                                  metadata={"kernelspec": {"name": "python3",
                                                           "display_name": "Python 3",
                                                           "language": "python"}})
    nbformat.write(nb, path)


@pytest.mark.slow
def test_failure_names_notebook_and_cell_and_keeps_other_results(tmp_path, capsys,
                                                                monkeypatch):
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    _tiny(nbs / "good.ipynb", "import os\nprint('fine', year, output_dir, os.getcwd())")
    _tiny(nbs / "bad.ipynb", "raise ValueError('boom')")
    (nbs / "runs.yaml").write_text("notebooks:\n  - notebook: bad.ipynb\n"
                                   "  - notebook: good.ipynb\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # a relative --out must still reach the kernel as a full path
    out = tmp_path / "reports"
    rc = cli.main(["report", "--year", "2024", "--runs", "nbs/runs.yaml", "--out", "reports",
                   "--jobs", "2", "--no-progress"])
    err = capsys.readouterr().err
    assert rc == 1
    # cell 3 of the executed notebook: parameters, injected parameters, x = 1, raise
    assert "FAILED bad.ipynb, cell 3 (In [4]): ValueError: boom" in err
    folder = out / "2024" / DEPT
    good = nbformat.read(folder / "good.ipynb", as_version=4)
    # Absolute output_dir; the kernel runs in the output folder; our own cwd is untouched
    # (papermill's cwd= would chdir the whole process under the worker threads).
    assert f"fine 2024 {folder} {folder}" in _output_text(_outputs(good)[0])
    assert Path.cwd() == tmp_path
    assert (folder / "good.html").is_file() and (folder / "bad.html").is_file()


def test_report_needs_a_selection(capsys):
    assert cli.main(["report"]) == 2
    assert "--all" in capsys.readouterr().err
    assert cli.main(["report", "--year", "1999"]) == 2


# ---- as a reader would: the pages in headless Chromium ---------------------------------------

def _browser():
    spec = importlib.util.spec_from_file_location("screenshot_reports",
                                                  ROOT / "scripts" / "screenshot_reports.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    browser, why = module.ensure_chromium()
    if browser is None:  # only where it cannot be installed (no apt, no root/sudo)
        pytest.skip(f"chromium cannot be installed here: {why}")
    return module, browser


_HREF = re.compile(r'<a [^>]*href="([^"#]+)(?:#[^"]*)?"')


@pytest.mark.slow
def test_index_and_summary_load_in_a_browser(batch):
    shots, browser = _browser()
    root = batch[1].parent.parent
    index_dom = shots.dump_dom(browser, root / "index.html")
    text = re.sub(r"<[^>]+>", " ", index_dom)
    for figure in ("株洲市住房和城乡建设局", "上海市普陀区财政局", "22,396.43", "182.4%", "45.53%",
                   "98.2%", "99.1"):
        assert figure in text, figure
    hrefs = _HREF.findall(index_dom)
    for dept in (DEPT, PUTUO):
        for name in DOC_NAMES:
            assert f"2024/{dept}/{name}.html" in hrefs
        for csv_file in (root / "2024" / dept).glob("*.csv"):  # every saved CSV is linked
            assert f"2024/{dept}/{csv_file.name}" in hrefs, csv_file.name
    assert "corpus/05_corpus.html" in hrefs
    assert all((root / h).is_file() for h in hrefs), "a link of the index leads nowhere"

    summary = root / "2024" / DEPT / "00_summary.html"
    dom = shots.dump_dom(browser, summary)
    text = re.sub(r"<[^>]+>", " ", dom)
    for figure in ("182.4", "45.53", "81.64", "99.1", "22,396.43", "12,279.22", "单位误写"):
        assert figure in text, figure
    links = _HREF.findall(dom)
    assert "../../index.html" in links and "04_reconciliation.html" in links
    assert all((summary.parent / h).resolve().is_file() for h in links), links
    # Screenshots for review (README: `make screenshots` writes them into reports/).
    for page, png in ((root / "index.html", "index.png"), (summary, "summary.png")):
        out = shots.screenshot(browser, page, root / "screenshots" / png)
        data = out.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000


@pytest.mark.slow
def test_a_script_in_the_document_shows_as_text(tmp_path):
    """A narrative sentence carrying markup: every report shows it as text, never runs it."""
    raw = tmp_path / "raw" / "2024" / "evil-2024.txt"
    raw.parent.mkdir(parents=True)
    text = RAW_2024.read_text(encoding="utf-8")
    reason = "主要原因是：追加了廉租房维护管理费用"
    assert reason in text
    evil = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    raw.write_text(text.replace(reason, reason + evil, 1), encoding="utf-8")
    manifest = raw.parent.parent / "manifest.csv"
    with manifest.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["department_id", "department", "year", "kind", "file", "sha256",
                    "provenance"])
        w.writerow(["evil", "株洲市住房和城乡建设局", 2024, "部门决算", "2024/evil-2024.txt",
                    sha256_of(raw), "test"])
    out = tmp_path / "reports"
    rc = cli.main(["report", "--all", "--manifest", str(manifest), "--out", str(out),
                   "--notebook", "02_budget_execution_variance", "--notebook",
                   "04_reconciliation", "--no-progress"])
    assert rc == 0
    for name in ("02_budget_execution_variance", "04_reconciliation"):
        html = (out / "2024" / "evil" / f"{name}.html").read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<img src=x" not in html, name
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in (
        out / "2024" / "evil" / "02_budget_execution_variance.html").read_text(encoding="utf-8")
