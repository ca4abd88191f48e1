"""`report --corpus` over a corpus built from real PDFs of shared/real (issue 20: the report works
for any built corpus): every document notebook runs on every template and on budgets, and a
section whose table the document's template lacks is left out with one sentence saying why.

Three documents keep the run short (kernels are the slow part; all nine take about five
minutes on two cores): a budget (the Jiangsu CPPCC office's tables: its 支出预算总表 prints
totals only, the function classes come from its 财政拨款支出预算表), the university template
(Southwest University 2023: four tables, no 基本支出 or 三公 table) and the 2019 template
(Foshan: no item stated with its 年初预算)."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from real_documents import need

from zhuzhou_budget import cli
from zhuzhou_budget.reporting import batch as report

pytestmark = pytest.mark.slow

BUDGET = ("jiangsu-cppcc-office-2019-budget-tables.pdf", "2019",
          "jiangsu-cppcc-office-budget-tables")
SWU = ("chongqing-southwest-university-2023-final-accounts.pdf", "2023",
       "chongqing-southwest-university-final-accounts")
FOSHAN = ("guangdong-foshan-rail-transit-2019-final-accounts.pdf", "2019",
          "guangdong-foshan-rail-transit-final-accounts")
DOCUMENTS = (BUDGET, SWU, FOSHAN)
DOC_NAMES = [r.name for r in report.load_runs() if r.scope == "document"]


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("real")
    folder = base / "pdfs"
    folder.mkdir()
    for name, _, _ in DOCUMENTS:
        shutil.copyfile(need(name), folder / name)  # byte for byte; absent = a failure
    corpus, out = base / "corpus", base / "reports"
    assert cli.main(["corpus", "build", str(folder), "--out", str(corpus),
                     "--no-progress"]) == 0
    assert cli.main(["report", "--corpus", str(corpus), "--out", str(out),
                     "--no-progress"]) == 0
    return out


def _text(path: Path) -> str:
    """Every output of an executed notebook, as text; an error output fails the test."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    texts = []
    for cell in nb["cells"]:
        for o in cell.get("outputs", []):
            assert o["output_type"] != "error", (path, o.get("ename"), o.get("evalue"))
            if o["output_type"] == "stream":
                texts.append(o["text"] if isinstance(o["text"], str) else "".join(o["text"]))
            for value in o.get("data", {}).values():
                texts.append(value if isinstance(value, str) else "".join(map(str, value)))
    return "\n".join(texts)


def _metrics(folder: Path, name: str) -> dict[str, str]:
    with (folder / f"{name}.metrics.csv").open(encoding="utf-8-sig") as fh:
        return {r["metric"]: r["value"] for r in csv.DictReader(fh)}


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda d: d[2])
def test_every_notebook_of_every_document_ran(reports, document):
    _, year, dept = document
    folder = reports / year / dept
    for name in DOC_NAMES:
        _text(folder / f"{name}.ipynb")
        assert (folder / f"{name}.html").is_file()
    index = (reports / "index.html").read_text(encoding="utf-8")
    assert f"{year}/{dept}/00_summary.html" in index


def test_a_budget_shows_what_a_budget_has_and_says_what_does_not_apply(reports):
    folder = reports / BUDGET[1] / BUDGET[2]
    head = _metrics(folder, "00_summary")
    # As printed: 收入预算总计 and 支出预算总计 13,377.11, the 三公 budget 660.10 (万元).
    assert (head["income_total"], head["expenditure_total"]) == ("13377.11", "13377.11")
    assert head["three_public_budget"] == "660.10"
    assert "pi1_pct" not in head and "three_public_actual" not in head
    summary = _text(folder / "00_summary.ipynb")
    assert "PI-1 和 PI-2 衡量决算偏离预算的程度，不适用于预算本身" in summary
    assert "部门预算只有年初预算、没有决算" in summary
    assert "2019 年度部门预算" in summary
    execution = _text(folder / "02_budget_execution_variance.ipynb")
    assert "预算执行差异比较决算与预算，不适用于预算本身，本报告以下各节略去" in execution
    assert not list(folder.glob("02_budget_execution_variance.items.csv"))
    structure = _text(folder / "01_income_structure.ipynb")
    assert "功能分类取自财政拨款支出预算表" in structure
    assert _metrics(folder, "01_income_structure")["three_public_budget"] == "660.10"


def test_the_university_template_leaves_out_the_tables_it_does_not_print(reports):
    folder = reports / SWU[1] / SWU[2]
    structure = _text(folder / "01_income_structure.ipynb")
    template = "本文件的模板（高等学校决算公开模板（四张表））不印"
    assert f"{template}一般公共预算财政拨款基本支出决算明细表，本节略去" in structure
    assert f"{template}财政拨款“三公”经费支出决算表，本节略去" in structure
    assert _metrics(folder, "00_summary")["income_total"] == "430725.03"
    execution = _text(folder / "02_budget_execution_variance.ipynb")
    assert "没有逐项说明年初预算和决算" in execution
    assert f"{template}财政拨款“三公”经费支出决算表，本节略去" in execution


def test_a_final_account_without_stated_items_keeps_its_tables_and_says_so(reports):
    folder = reports / FOSHAN[1] / FOSHAN[2]
    execution = _text(folder / "02_budget_execution_variance.ipynb")
    assert "没有逐项说明年初预算和决算，本节、原因归类和 PI-2 略去" in execution
    assert _metrics(folder, "01_income_structure")["three_public_actual"] == "0.16"  # printed
    assert _metrics(folder, "00_summary")["income_total"] == "1668.14"
