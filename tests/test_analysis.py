"""Analyses: PEFA PI-1/PI-2 (DOMAIN.md's definitions and worked example), structure of the 2024
tables, reason categories, and the CJK font lookup."""

from decimal import Decimal as D

import pandas as pd
import pytest

from zhuzhou_budget.analysis import categories, categorize, completion, pct, pi1, pi2, structure
from zhuzhou_budget.analysis.reasons import REASON_RULES, rules_frame
from zhuzhou_budget.analysis.variance import by_level, pi1_band, pi2_band
from zhuzhou_budget.reporting import charts


def _lines(budget, actual):
    return pd.DataFrame({"code": [f"c{i}" for i in range(len(budget))],
                         "budget": [D(b) for b in budget], "actual": [D(a) for a in actual]})


def test_pi2_worked_example():
    # DOMAIN.md: B = (100, 300, 200, 400), A = (90, 330, 180, 420) → k = 1.02, Σ|D| = 72,
    # variance = 72 / 1020 = 7.06 %.
    r = pi2(_lines([100, 300, 200, 400], [90, 330, 180, 420]))
    assert r.k == D("1.02")
    assert sum(r.lines["abs_deviation"]) == D(72)
    assert list(r.lines["adjusted_budget"]) == [D("102"), D("306"), D("204"), D("408")]
    assert r.percent == D("7.06")
    assert r.band == "B"
    assert sum(r.lines["deviation"]) == 0


def test_pi2_is_zero_when_actual_is_proportional():
    r = pi2(_lines([100, 300, 200], [150, 450, 300]))
    assert r.k == D("1.5") and r.variance == 0 and r.band == "A"


def test_pi2_needs_a_budget():
    with pytest.raises(ValueError):
        pi2(_lines([0, 0], [1, 2]))


@pytest.mark.parametrize(("ratio", "band"), [
    ("0.95", "A"), ("1.05", "A"), ("1.0", "A"), ("0.9499", "B"), ("1.10", "B"), ("0.85", "C"),
    ("1.1501", "D"), ("0.8499", "D"), ("1.824", "D")])
def test_pi1_bands(ratio, band):
    assert pi1_band(D(ratio)) == band


@pytest.mark.parametrize(("variance", "band"), [
    ("0", "A"), ("0.0499", "A"), ("0.05", "B"), ("0.0999", "B"), ("0.10", "C"), ("0.1499", "C"),
    ("0.15", "D")])
def test_pi2_bands(variance, band):
    assert pi2_band(D(variance)) == band


def test_pi1_2024_general_budget(d2024, raw_text):
    # The narrative states the original budget of the general-budget appropriation; the actual
    # is the general-budget table's total.
    assert "年初预算数为 12279.22 万元，支出决算数为 22393.85 万元，完成年初预算的 182.4%" in raw_text
    gb = d2024.tables["general_budget_expenditure"]
    actual = gb.loc[gb["level"] == "total", "total"].iloc[0]
    r = pi1(D("12279.22"), actual)
    assert actual == D("22393.85")
    assert r.percent == D("182.4") and r.band == "D"


def test_by_level_sums_items_into_classes():
    lines = pd.DataFrame({"code": ["2080501", "2080502", "2101101", "2120101"],
                          "budget": [D("1.10"), D("2.20"), D("3"), None],
                          "actual": [D("1"), D("2"), D("3.5"), D("4")]})
    lei = by_level(lines, 3)
    assert list(lei["code"]) == ["208", "210", "212"]
    assert list(lei["budget"]) == [D("3.30"), D("3"), D("0")]
    assert list(lei["items"]) == [2, 1, 1]
    assert list(by_level(lines, 5)["code"]) == ["20805", "21011", "21201"]


def test_completion_and_pct():
    c = completion(D("457.87"), D("453.05"))
    assert pct(c["completion_rate"]) == D("98.9")  # as the 2024 narrative states
    assert c["variance"] == D("-4.82")
    assert completion(D("0"), D("44.32"))["completion_rate"] is None  # no base: no rate


@pytest.mark.parametrize(("reason", "primary", "all_"), [
    ("2024 年度有退休人员去世。", "staff", ["staff"]),
    ("公用经费调整科目发放 2024 年退休人员独生子女费。", "reclassification",
     ["reclassification", "staff"]),
    ("追加了代管企业养老保险费用支出。", "supplementary", ["supplementary"]),
    ("追加的去世人员死亡抚恤金。", "supplementary", ["supplementary", "staff"]),
    ("年初预留的 1 个月基本工资未使用完。", "savings", ["savings"]),
    ("厉行节约，压减了公用经费和项目经费。", "savings", ["savings"]),
    ("其他运转类项目年初预算列入了行政运行，决算调整功能科目至一般行政管理事务。",
     "reclassification", ["reclassification"]),
    ("", "other", ["other"]),
])
def test_reason_categories(reason, primary, all_):
    assert categorize(reason) == primary
    assert categories(reason) == all_


def test_reason_rules_are_shown_as_a_table():
    table = rules_frame()
    assert list(table["category"]) == [r[0] for r in REASON_RULES] + ["other"]
    assert "追加" in table.loc[table["category"] == "supplementary", "keywords"].iloc[0]


def test_income_structure_2024(d2024):
    src = structure.income_by_source(d2024).set_index("source")
    assert src.loc["fiscal_appropriation", "amount"] == D("22396.43")
    assert src.loc["fiscal_appropriation", "share"] == 1
    funds = structure.income_by_fund_type(d2024).set_index("fund_type")
    assert funds.loc["一般公共预算", "amount"] == D("22393.85")
    assert funds.loc["政府性基金预算", "amount"] == D("2.58")
    assert funds.loc["国有资本经营预算", "amount"] is None  # blank in the table, not zero
    assert funds.loc["国有资本经营预算", "share"] is None


def test_expenditure_structure_2024(d2024):
    lei = structure.expenditure_by_function(d2024, "类").set_index("code")
    assert lei.loc["212", "total"] == D("12384.11")
    assert pct(lei.loc["212", "share"]) == D("55.3")
    assert list(lei.index) == ["208", "210", "211", "212", "221"]
    assert len(structure.expenditure_by_function(d2024, "款")) == 13
    kinds = structure.basic_vs_project(d2024).set_index("kind")
    assert [pct(kinds.loc[k, "share"]) for k in ("basic", "project")] == [D("48.8"), D("51.2")]
    staff = structure.personnel_vs_public(d2024).set_index("category")
    assert staff.loc["人员经费", "amount"] == D("8928.14")
    assert pct(staff.loc["公用经费", "share"]) == D("18.3")
    econ = structure.economic_breakdown(d2024)
    assert econ.iloc[0][["code", "amount"]].tolist() == ["30101", D("2055.07")]
    assert (econ["amount"] > 0).all()


def test_three_public_2024(d2024):
    t = structure.three_public(d2024).set_index("component")
    assert (t.loc["total", "budget"], t.loc["total", "actual"]) == (D("88.49"), D("64.45"))
    assert pct(t.loc["total", "completion_rate"]) == D("72.8")
    assert pct(t.loc["reception", "completion_rate"], "0.01") == D("44.60")
    assert t.loc["vehicle_purchase", "variance"] == 0


def test_cjk_font_is_zhplot_noto_and_found_without_importing_it():
    import sys

    sys.modules.pop("zhplot", None)
    path = charts.find_cjk_font()
    assert path is not None and path.name == "NotoSansSC-Regular.ttf"
    assert "zhplot" not in sys.modules  # located as a file, never imported


def test_use_cjk_font_renders_chinese_without_missing_glyphs(recwarn):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    name = charts.use_cjk_font()
    assert name == "Noto Sans SC"
    fig, ax = plt.subplots()
    charts.barh(ax, ["城乡社区支出", "住房保障支出"], [D("12384.11"), D("-7169.87")],
                title="“三公”经费 Σ ≥ 100%")
    fig.canvas.draw()
    plt.close(fig)
    assert not [w for w in recwarn if "Glyph" in str(w.message)]
    assert matplotlib.rcParams["axes.unicode_minus"] is False


def test_execution_items_2024(d2024):
    from zhuzhou_budget.analysis import execution as ex

    t = ex.items(d2024)
    assert len(t) == 22
    top = t.iloc[0]
    assert (top["code"], top["variance"], top["category"]) == ("2210399", D("4978.41"),
                                                               "supplementary")
    assert list(t["rank"]) == list(range(1, 23))
    # Item 20 states its actual in 元 beside the table's 322.45 万元: a unit slip.
    slip = t[t["unit_slip"]]
    assert list(slip["code"]) == ["2210199"] and slip.iloc[0]["actual"] == D("322.45")
    assert t.set_index("code").loc["2080801", "completion_rate"] is None  # budget 0: no rate
    assert sum(t["budget_initial"]) == D("12279.22")
    cats = ex.by_category(t).set_index("category")
    assert cats.loc["supplementary", "items"] == 10
    assert cats.loc["supplementary", "variance"] == D("10384.03")
    assert cats["items"].sum() == 22


def test_execution_pefa_2024(d2024):
    from zhuzhou_budget.analysis import execution as ex

    t = ex.items(d2024)
    pi1_rows = ex.aggregate(d2024, t)
    head = pi1_rows.iloc[0]
    assert (head["budget"], head["actual"], head["pi1_pct"], head["band"]) == (
        D("12279.22"), D("22393.85"), D("182.4"), "D")
    lei = ex.composition(d2024, t, 3)
    assert list(lei.lines["code"]) == ["208", "210", "211", "212", "221"]
    assert lei.lines.set_index("code").loc["221", "budget"] == D("1139.05")
    assert (lei.percent, lei.band) == (D("45.53"), "D")
    assert abs(sum(lei.lines["deviation"])) < D("1e-20")
    kuan = ex.composition(d2024, t, 5)
    assert len(kuan.lines) == 12 and kuan.percent == D("81.64")


def test_admin_costs_and_bases_2024(d2024):
    from zhuzhou_budget.analysis import execution as ex

    a = ex.admin_costs(d2024)
    assert (a.loc[0, "base"], a.loc[0, "actual"], a.loc[0, "change"]) == (
        D("825.28"), D("1024.95"), D("199.67"))
    assert a.loc[1, "base"] == D("1770.60") and a.loc[1, "rate_recomputed_pct"] == D("-42.11")
    units = ex.admin_costs_units(d2024).set_index("unit_name")
    assert units.loc["株洲市城建档案馆", "unit"] == "元"  # 101.63 元 among 万元 figures
    b = ex.bases(d2024, ex.items(d2024), structure.three_public(d2024)).set_index("figure")
    assert b.loc["“三公”经费", "basis"].startswith("全年预算")
    assert b.loc["部门整体支出（绩效评价）", "budget"] == D("22908.18")
    assert b.loc["部门整体支出（绩效评价）", "rate_pct"] == D("97.77")


def test_year_on_year_2024(d2024):
    from zhuzhou_budget.analysis.yoy import year_on_year

    y = year_on_year(d2024.narrative_facts).set_index("subject")
    gb = y.loc["general_budget.total"]
    assert (gb["current"], gb["change"], gb["prior_year_implied"]) == (
        D("22393.85"), D("2410.33"), D("19983.52"))
    assert gb["growth_stated_pct"] == D("12.1") and gb["growth_recomputed_pct"] == D("12.06")
    # Stated as growing 100 % from a prior year of 0: no rate can be recomputed.
    vp = y.loc["three_public.vehicle_purchase"]
    assert vp["prior_year_implied"] == 0 and vp["growth_recomputed_pct"] is None


def test_performance_2024(d2024):
    from zhuzhou_budget.analysis import performance as pf

    perf = d2024.performance
    ach = pf.achievements(perf)
    assert ach["no"].nunique() == 10 and len(ach) == len(perf.achievements) // 2
    probs = pf.problems(perf)
    assert len(probs) == 3 and probs["target_missed"].all()
    assert probs.loc[0, "lines"] == "637、803"  # stated in the narrative and in the report
    checks = pf.project_list_checks(perf).set_index(["list", "what"])
    assert (checks.loc[("public_special", "count"), "stated"],
            checks.loc[("public_special", "count"), "listed"]) == (6, 7)
    assert not checks.loc[("public_special", "count"), "matches"]
    signals = pf.tension(d2024, D("182.4")).set_index("signal")
    assert signals.iloc[0]["value"] == D("99.1")
    assert signals.loc["未完成的年初目标 targets missed", "value"] == 3


def test_cjk_font_falls_back_to_a_system_font(monkeypatch, tmp_path):
    packaged = charts.packaged_font()
    monkeypatch.setattr(charts, "packaged_font", lambda: None)
    monkeypatch.setattr(charts, "SYSTEM_CJK_FONTS", (str(tmp_path / "missing.ttc"),
                                                      str(packaged)))
    assert charts.find_cjk_font() == packaged  # the first system path that exists
    monkeypatch.setattr(charts, "SYSTEM_CJK_FONTS", (str(tmp_path / "missing.ttc"),))
    assert charts.find_cjk_font() is None
    with pytest.raises(FileNotFoundError, match="fonts-wqy-microhei"):
        charts.use_cjk_font()
