"""One number formatter for readers (reporting.formatting) and one set of headline figures
(analysis.headline) behind the summary, the panel's metrics and the corpus totals."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pyarrow as pa
import pytest

import zhuzhou_budget as zb
from zhuzhou_budget.analysis import corpus as cp
from zhuzhou_budget.analysis import headline, summary
from zhuzhou_budget.corpus.rows import metrics
from zhuzhou_budget.reporting import charts, notebook, reader_html
from zhuzhou_budget.reporting.formatting import figure, money, percent


@pytest.mark.parametrize(("value", "digits", "shown"), [
    (Decimal("22396.43"), 2, "22,396.43"),
    (Decimal("0.125"), 2, "0.13"),  # half up, as the documents round (half-even gives 0.12)
    (Decimal("2.5"), 0, "3"),
    ("1234.5", 2, "1,234.50"),
    (None, 2, "—"), (float("nan"), 2, "—"), (pd.NA, 2, "—"), ("", 2, "—"),
    (Decimal("12345678901234567.89"), 2, "12,345,678,901,234,567.89"),  # exact: no float
])
def test_money_is_exact_half_up_with_separators_and_blank_as_dash(value, digits, shown):
    assert money(value, digits) == shown


def test_figure_keeps_printed_decimals_and_percent_reads_a_ratio():
    assert figure(Decimal("1.5")) == "1.5"
    assert figure(Decimal("0.123456")) == "0.12"
    assert figure(Decimal("0.000412")) == "0.00041"  # its first significant digits
    assert percent(Decimal("0.51175")) == "51.2%"
    assert percent(None) == "—"
    with pytest.raises(ValueError, match="not a number: 'D'"):
        figure("D")


def test_readers_share_the_formatter():
    # The notebooks' tables, the charts' labels and the reader HTML's figures: one function.
    assert charts.money is notebook.money
    assert notebook.figure is reader_html.figure
    assert reader_html._num("22396.43") == "22,396.43"
    assert reader_html._num("D") == "D"
    assert reader_html._num("<b>") == "&lt;b&gt;"


def test_headline_figures_are_one_computation_for_summary_panel_and_corpus():
    d = zb.open("zhuzhou-zjj", 2024)
    expected = {"income_total": Decimal("22396.43"), "expenditure_total": Decimal("22396.43"),
                "expenditure_basic": Decimal("10934.24"),
                "expenditure_project": Decimal("11462.19"),
                "project_share_pct": Decimal("51.2"), "three_public_budget": Decimal("88.49"),
                "three_public_actual": Decimal("64.45")}
    assert headline.of_facts(d.facts) == expected
    head = summary.headline(d, pd.DataFrame({"severity": []}))
    assert summary.value(head, "project_share_pct") == Decimal("51.2")
    assert summary.value(head, "three_public_actual") == Decimal("64.45")
    # The panel's metrics, from the facts as a worker holds them (text, blank = null).
    f = d.facts.astype(object).where(d.facts.notna(), None)
    facts = pa.table({c: pa.array([None if v in (None, "") else str(v) for v in f[c]],
                                  pa.string()) for c in ("code", "table", "level", "column",
                                                         "amount")})
    panel_rows = dict(zip(metrics(facts)["metric"].to_pylist(),
                          metrics(facts)["value"].to_pylist(), strict=True))
    assert panel_rows == {k: str(v) for k, v in expected.items()}
    # The corpus report's totals, from panel-shaped facts.
    keyed = d.facts.assign(department_id="zhuzhou-zjj", department="x", year=2024)
    panel = {"documents": pd.DataFrame([{"department_id": "zhuzhou-zjj", "department": "x",
                                         "year": 2024, "status": "ok", "tables": 9,
                                         "facts": 1, "errors": 0, "warnings": 0}]),
             "facts": keyed, "narrative_facts": pd.DataFrame(
                 columns=["department_id", "year", "subject", "measure", "value", "value_wan"])}
    row = cp.totals(panel).iloc[0]
    assert (row["project_share_pct"], row["project"], row["three_public_budget"]) == (
        Decimal("51.2"), Decimal("11462.19"), Decimal("88.49"))
