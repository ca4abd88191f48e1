"""Reader-facing labels (zhuzhou_budget.metadata.labels) and the notebook helpers that show document
text and numbers to readers (zhuzhou_budget.reporting.notebook). No kernel runs here."""

from __future__ import annotations

from decimal import Decimal as D

import pandas as pd
import pytest

from zhuzhou_budget import checks
from zhuzhou_budget.analysis import summary
from zhuzhou_budget.checks import FAMILIES, REGISTRY, SEVERITIES, reconcile
from zhuzhou_budget.metadata import labels
from zhuzhou_budget.reporting import notebook as nb


def test_every_check_family_and_severity_has_a_chinese_label():
    # Declared once, on the check and with the family, in the registry: no second list here.
    ids = [c.id for c in REGISTRY]
    assert len(ids) >= 30
    assert all(labels.has_chinese(checks.check_label(i)) for i in ids)
    assert checks.check_label("L1.unit_slip") == "L1 单位误写"
    assert checks.check_label("B3.budget_basic") == "B3 基本支出预算一致"
    assert checks.check_label("X9.unknown") == "X9.unknown"
    assert all(labels.has_chinese(checks.family_label(f)) for f in FAMILIES)
    assert set(SEVERITIES) == set(labels.SEVERITIES)
    assert not hasattr(labels, "CHECKS") and not hasattr(labels, "FAMILIES")


def test_one_label_lookup_for_readers_families_and_checks_included():
    assert checks.label("across") == "表间 across tables"
    assert checks.label("across", "family") == "表间 across tables"
    assert checks.label("W2.row", "check") == "W2 行内合计"
    assert checks.label("W2.row") == "W2 行内合计"
    assert checks.label("pi1_pct") == labels.label("pi1_pct") == "PEFA PI-1 总体支出执行率"
    assert checks.label("error", "severity") == "错误 error"
    assert labels.label("across") == "across"  # metadata alone does not know the families


def test_every_headline_metric_has_a_label(d2024):
    head = summary.headline(d2024, reconcile(d2024))
    assert [m for m in head["metric"] if m not in labels.METRICS] == []
    assert labels.label("pi1_pct") == "PEFA PI-1 总体支出执行率"


@pytest.mark.parametrize("path, zh", [
    ("general_budget.total", "一般公共预算财政拨款支出"),
    ("general_budget.item.2210399", "一般公共预算 项 2210399"),
    ("admin_costs.unit.株洲市城建档案馆", "机关运行经费 · 株洲市城建档案馆"),
    ("three_public.vehicle_purchase", "公务用车购置费"),
    ("income.total|fiscal_appropriation", "收入 · 财政拨款收入"),
])
def test_field_paths_read_in_chinese(path, zh):
    assert labels.subject(path) == zh
    assert labels.relabel(f"[X] {path} 写作 101.63 元") == f"[X] {zh} 写作 101.63 元"


def test_relabel_names_tables_and_leaves_words_alone():
    text = "表中 general_budget_expenditure 2210302 为 322.45 万元 (actual)"
    assert labels.relabel(text) == "表中 一般公共预算财政拨款支出决算表 2210302 为 322.45 万元 (actual)"


def test_headline_figures_with_their_bases(d2024):
    head = summary.headline(d2024, reconcile(d2024)).set_index("metric")
    assert head.loc["pi1_pct", "value"] == D("182.4") and head.loc["pi1_band", "value"] == "D"
    assert head.loc["pi2_class_pct", "value"] == D("45.53")
    assert head.loc["score", "value"] == D("99.1")
    assert (head.loc["error_count", "value"], head.loc["warning_count", "value"]) == (2, 9)
    assert "年初预算" in head.loc["pi1_pct", "basis"]
    assert head.loc["pi1_pct", "report"] == "02_budget_execution_variance"


@pytest.mark.parametrize("value, shown", [
    (D("0.032245"), "0.03"), (D("-322.417755"), "-322.42"), (D("99.9885"), "99.99"),
    (D("182.4"), "182.4"), (7, "7"), (D("-1"), "-1"), (D("22396.43"), "22,396.43"),
    (D("0.000012"), "0.000012"), (None, "—"), ("", "—"),
])
def test_figures_in_evidence_are_rounded_as_printed(value, shown):
    assert nb.figure(value) == shown


def test_tolerance_shows_at_most_three_decimals():
    assert [nb.tolerance(v) for v in (D("0.0500"), D("0.015"), D("0"), None)] == [
        "0.05", "0.015", "0", "—"]


def test_table_for_readers():
    frame = pd.DataFrame({"family": ["across", "logic"], "error": [1, 0],
                          "message": ["<script>alert(1)</script>", ""],
                          "amount": [D("1234.5"), None]})
    t = nb.table(frame, ["amount"], values={"family": "family"})
    html = t._repr_html_()
    assert list(t.frame.columns) == ["类别 family", "错误 error", "说明 message", "金额（万元）"]
    assert t.frame.iloc[0].tolist() == ["表间 across tables", 1, "<script>alert(1)</script>",
                                        "1,234.50"]
    assert t.frame.iloc[1].tolist() == ["逻辑 logic", 0, "—", "—"]  # empty text and blank: —
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<th style="text-align:left">类别 family</th>' in html  # text left
    assert '<th style="text-align:right">金额（万元）</th>' in html  # numbers right
    assert '<td style="text-align:right" class=num>1,234.50</td>' in html
    assert "<th></th>" not in html and 'class="dataframe"' not in html  # no row index


def test_document_text_is_inert_in_markdown():
    evil = "<script>alert(1)</script> [link](javascript:x) **bold**"
    text = nb.md(evil)
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "\\[link\\]\\(javascript:x\\)" in text and "\\*\\*bold\\*\\*" in text
    assert nb.code("a`b<c>\\*") == "<code>a&#96;b&#60;c&#62;&#92;&#42;</code>"


def test_links_are_relative_and_escaped():
    html = nb.links(["/x/y/01.a.csv", "/x/y/01.b&c.csv"], prefix="01.")._repr_html_()
    assert html == ('<ul class="zb-files"><li><a href="01.a.csv">a.csv</a></li>'
                    '<li><a href="01.b&amp;c.csv">b&amp;c.csv</a></li></ul>')
    assert "/x/y" not in html  # file names only, never a local path
