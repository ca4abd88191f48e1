"""Narrative figures of the 2024 document (情况说明 第三部分), checked against values typed by hand
from the text, plus template variants made by transforming the real text."""

from __future__ import annotations

import re
from decimal import Decimal as D
from pathlib import Path

import pytest
from conftest import RAW_2024

import zhuzhou_budget as zb
from zhuzhou_budget.extract.sentences import enumerations, figures, paragraphs, sentences

# (no, code, 年初预算, stated 决算, stated unit, stated completion rate or None, direction),
# typed from lines 475-567 of the 2024 text.
ITEMS_2024 = [
    (1, "2080501", "457.87", "453.05", "万元", "98.9", "小于"),
    (2, "2080502", "94.03", "111.66", "万元", "118.7", "大于"),
    (3, "2080505", "744.64", "941.21", "万元", "126.4", "大于"),
    (4, "2080506", "372.33", "354.17", "万元", "95.1", "小于"),
    (5, "2080801", "0", "44.32", "万元", None, "大于"),
    (6, "2081199", "0", "7.7", "万元", None, "大于"),
    (7, "2089999", "0", "3.4", "万元", None, "大于"),
    (8, "2101101", "172.80", "165.96", "万元", "96.0", "小于"),
    (9, "2101102", "80.20", "74.72", "万元", "93.2", "小于"),
    (10, "2101103", "178.76", "169.67", "万元", "94.9", "小于"),
    (11, "2101199", "514.96", "511.54", "万元", "99.3", "小于"),
    (12, "2110302", "0", "5.04", "万元", None, "大于"),
    (13, "2120101", "4678.67", "4360.63", "万元", "93.2", "小于"),
    (14, "2120102", "0", "105", "万元", None, "大于"),
    (15, "2120109", "268.89", "252.14", "万元", "93.8", "小于"),
    (16, "2120199", "3243.12", "3597.51", "万元", "110.9", "大于"),
    (17, "2120399", "333.90", "4039.88", "万元", "1209.9", "大于"),
    (18, "2129999", "0", "26.37", "万元", None, "大于"),
    (19, "2210106", "0", "747.1", "万元", None, "大于"),
    (20, "2210199", "0", "322.45", "元", None, "大于"),
    (21, "2210201", "623.55", "606.41", "万元", "97.3", "小于"),
    (22, "2210399", "515.50", "5493.91", "万元", "1065.7", "大于"),
]
# The general-budget table (公开05表) for the same codes, typed from lines 311-347.
TABLE_ACTUAL = {"2080501": "453.05", "2101102": "74.72", "2210199": "322.45",
                "2120399": "4039.88", "2210399": "5493.91"}


def _fact(d, subject: str, measure: str, section: str | None = None):
    f = d.narrative_facts
    rows = f[(f.subject == subject) & (f.measure == measure)]
    if section is not None:
        rows = rows[rows.section == section]
    assert len(rows) >= 1, (subject, measure)
    return rows.iloc[0]


def _value(d, subject: str, measure: str) -> D:
    return _fact(d, subject, measure)["value"]


def _narrative_variant(raw_text: str, transform) -> str:
    """Apply a transformation to the narrative parts only (from 第三部分 on), not the tables."""
    start = raw_text.index("第三部分\n\n2024年度部门决算情况说明")
    return raw_text[:start] + transform(raw_text[start:])


def _load(tmp_path: Path, text: str) -> zb.Disclosure:
    path = tmp_path / "variant.txt"
    path.write_text(text, encoding="utf-8")
    return zb.load(path)


# ---- budget execution ------------------------------------------------------------------------

def test_all_22_budget_execution_items(d2024):
    be = d2024.budget_execution
    gb = be[be.fund == "general_budget"].reset_index(drop=True)
    assert len(gb) == 22
    for (no, code, budget, stated, unit, rate, direction), (_, row) in zip(
            ITEMS_2024, gb.iterrows(), strict=True):
        assert (row["no"], row["code"]) == (no, code)
        assert row["budget_initial"] == D(budget)
        assert row["stated_unit"] == unit
        factor = D("0.0001") if unit == "元" else D(1)
        assert row["stated_actual"] == D(stated) * factor
        assert row["completion_rate_stated"] == (D(rate) if rate else None)
        assert row["direction"] == direction
        assert row["reason"]
        if code in TABLE_ACTUAL:
            assert row["actual"] == D(TABLE_ACTUAL[code])


def test_item_names_and_mismatches(d2024):
    be = d2024.budget_execution.set_index("code")
    first = be.loc["2080501"]
    assert (first["class_name"], first["kuan_name"], first["item_name"]) == (
        "社会保障和就业支出", "行政事业单位养老支出", "行政单位离退休")
    assert first["name_mismatch"] == ""
    # Items 9-11 name the 款 事业单位医疗 where the table has 21011 行政事业单位医疗.
    for code in ("2101102", "2101103", "2101199"):
        assert be.loc[code, "kuan_name"] == "事业单位医疗"
        assert be.loc[code, "table_kuan_name"] == "行政事业单位医疗"
        assert be.loc[code, "name_mismatch"] == "款"
    assert (be["name_mismatch"] != "").sum() == 3


def test_unit_slip_in_item_20_is_kept(d2024):
    row = d2024.budget_execution.set_index("code").loc["2210199"]
    assert row["stated_unit"] == "元"
    assert row["stated_actual"] == D("0.032245")
    assert row["actual"] == D("322.45")  # the table's figure, in 万元
    fact = d2024.narrative_facts
    fact = fact[(fact.subject == "general_budget.item.2210199") & (fact.measure == "actual")]
    assert fact.iloc[0]["value"] == D("322.45") and fact.iloc[0]["unit"] == "元"
    assert fact.iloc[0]["line"] == 559


def test_recomputed_completion_rates(d2024):
    be = d2024.budget_execution.set_index("code")
    assert be.loc["2080501", "completion_rate"] == D("98.95")  # 453.05 / 457.87
    assert be.loc["2120399", "completion_rate"] == D("1209.91")  # 4039.88 / 333.90
    assert be.loc["2080801", "completion_rate"] is None  # 年初预算 0: no rate


def test_items_sum_to_the_stated_total(d2024):
    assert _value(d2024, "general_budget.total", "budget_initial") == D("12279.22")
    assert _value(d2024, "general_budget.total", "actual") == D("22393.85")
    assert _value(d2024, "general_budget.total", "completion_rate") == D("182.4")
    hand_sum = sum(D(b) for _, _, b, *_ in ITEMS_2024)
    assert hand_sum == D("12279.22")
    gb = d2024.budget_execution[d2024.budget_execution.fund == "general_budget"]
    assert sum(gb["budget_initial"]) == hand_sum


def test_government_fund_item(d2024):
    be = d2024.budget_execution
    fund = be[be.fund == "government_fund"]
    assert list(fund["code"]) == ["2120803"]
    assert fund.iloc[0]["stated_actual"] == D("2.58") and fund.iloc[0]["budget_initial"] == 0
    assert "规划 02 路" in fund.iloc[0]["reason"]


# ---- overall statements ----------------------------------------------------------------------

def test_totals_changes_and_implied_prior_year(d2024):
    assert _value(d2024, "income_expenditure.total", "amount") == D("22396.43")
    assert _value(d2024, "income_expenditure.total", "change") == D("2398.22")
    assert _value(d2024, "income_expenditure.total", "growth_rate") == D("12.0")
    prior = _fact(d2024, "income_expenditure.total", "prior_year_implied")
    assert prior["value"] == D("19998.21") and prior["derived"]
    assert _value(d2024, "income.fiscal_appropriation", "share") == D("100.0")
    assert _value(d2024, "fiscal.total", "change") == D("2398.22")
    gb = _fact(d2024, "general_budget.total", "share")
    assert (gb["value"], gb["basis"]) == (D("99.9"), "expenditure.total")
    assert _value(d2024, "general_budget.total", "change") == D("2410.33")
    assert _value(d2024, "general_budget.total", "prior_year_implied") == D("19983.52")


def test_shares(d2024):
    for subject, amount, share, basis in [
        ("expenditure.basic", "10934.24", "48.8", "expenditure.total"),
        ("expenditure.project", "11462.19", "51.2", "expenditure.total"),
        ("general_budget.class.208", "1915.52", "8.6", "general_budget.total"),
        ("general_budget.class.210", "921.89", "4.1", "general_budget.total"),  # 卫生\n\n健康（类）
        ("general_budget.class.211", "5.04", "0.0", "general_budget.total"),
        ("general_budget.class.212", "12381.52", "55.3", "general_budget.total"),
        ("general_budget.class.221", "7169.87", "32.0", "general_budget.total"),
        ("personnel", "8928.14", "81.7", "general_budget.basic"),
        ("public_funds", "2006.11", "18.3", "general_budget.basic"),
    ]:
        assert _value(d2024, subject, "amount") == D(amount), subject
        row = _fact(d2024, subject, "share")
        assert (row["value"], row["basis"]) == (D(share), basis), subject
    cls = _fact(d2024, "general_budget.class.210", "share")
    assert (cls["table"], cls["code"], cls["column"]) == ("general_budget_expenditure", "210",
                                                          "total")


# ---- 三公 -------------------------------------------------------------------------------------

THREE_PUBLIC = [  # subject: budget, actual, completion rate, change, growth rate (lines 583-601)
    ("three_public.total", "88.49", "64.45", "72.8", "15.27", "31.0"),
    ("three_public.overseas", "15", "6.98", "46.5", "6.98", None),
    ("three_public.vehicles", "58.13", "50.63", "87.1", "11.11", "28.1"),
    ("three_public.vehicle_purchase", "17.98", "17.98", "100.0", "17.98", "100.0"),
    ("three_public.vehicle_operation", "40.15", "32.65", "81.3", "-6.87", "-17.4"),
    ("three_public.reception", "15.36", "6.85", "44.59", "-2.81", "-29.1"),
]


def test_three_public_amounts(d2024):
    for subject, budget, actual, rate, change, growth in THREE_PUBLIC:
        assert _value(d2024, subject, "budget") == D(budget), subject
        row = _fact(d2024, subject, "actual")
        assert row["value"] == D(actual) and row["value_wan"] == D(actual)
        assert row["table"] == "three_public" and row["column"] == subject.split(".")[1]
        assert _value(d2024, subject, "completion_rate") == D(rate), subject
        assert _value(d2024, subject, "change") == D(change), subject
        if growth:
            assert _value(d2024, subject, "growth_rate") == D(growth), subject
        prior = _value(d2024, subject, "prior_year_implied")
        assert prior == D(actual) - D(change)


def test_three_public_counts(d2024):
    assert _value(d2024, "three_public.overseas.trips", "count") == 1
    assert _value(d2024, "three_public.overseas.trips", "persons") == 1
    assert _fact(d2024, "three_public.overseas.trips", "persons")["unit"] == "人次"
    assert _value(d2024, "three_public.vehicle_purchase.vehicles", "count") == 1
    held = _fact(d2024, "three_public.vehicles.held", "count")
    assert (held["value"], held["unit"], held["line"]) == (24, "辆", 599)
    assert _value(d2024, "three_public.reception.visits", "count") == 52
    assert _value(d2024, "three_public.reception.visits", "persons") == 361
    details = d2024.three_public_details.set_index("item")
    assert details.loc["overseas", "destinations"] == "哈萨克斯坦、乌兹别克斯坦"
    assert (details.loc["overseas", "groups"], details.loc["overseas", "persons"]) == (1, 1)
    assert (details.loc["reception", "groups"], details.loc["reception", "persons"]) == (52, 361)
    assert details.loc["reception", "purpose"].startswith("建设部调研督导")


# ---- 机关运行经费, 一般性支出, 政府采购, 国有资产, 政府性基金 --------------------------------------------

def test_admin_costs_with_per_unit_amounts(d2024):
    assert _value(d2024, "admin_costs", "amount") == D("1024.95")
    archive = _fact(d2024, "admin_costs.unit.株洲市城建档案馆", "amount")
    assert (archive["value"], archive["unit"], archive["value_wan"]) == (
        D("101.63"), "元", D("0.010163"))
    for unit, amount in [("株洲市建设工程质量安全监督站", "204.78"),
                         ("株洲市房地产开发服务中心", "57.23"),
                         ("株洲市国有土地上房屋征收处", "184.92"),
                         ("株洲市白蚁防治管理办公室", "64.37"),
                         ("株洲市保障性住房服务中心", "317.48"),
                         ("株洲市房屋维修资金管理中心", "50.74")]:
        row = _fact(d2024, f"admin_costs.unit.{unit}", "amount")
        assert (row["value"], row["unit"]) == (D(amount), "万元")
    assert _value(d2024, "admin_costs", "change_vs_budget") == D("199.67")
    assert _value(d2024, "admin_costs", "rate_vs_budget") == D("24.2")
    assert _value(d2024, "admin_costs", "change") == D("-745.65")
    assert _value(d2024, "admin_costs", "growth_rate") == D("-42.1")
    assert _value(d2024, "admin_costs", "prior_year_implied") == D("1770.60")


def test_meetings_and_training(d2024):
    assert _value(d2024, "meeting", "amount") == D("1.9")
    assert _value(d2024, "meeting", "persons") == 197
    assert _value(d2024, "training", "amount") == D("5.02")
    assert _value(d2024, "training", "persons") == 430


def test_procurement(d2024):
    for subject, amount in [("procurement.total", "1826.85"), ("procurement.goods", "270.74"),
                            ("procurement.works", "287.05"),
                            ("procurement.services", "1269.07"),
                            ("procurement.sme", "1456.25"),
                            ("procurement.small_micro", "1454.76")]:
        assert _value(d2024, subject, "amount") == D(amount), subject
    sme = _fact(d2024, "procurement.sme", "share")
    assert (sme["value"], sme["basis"]) == (D("79.7"), "procurement.total")
    small = _fact(d2024, "procurement.small_micro", "share")
    assert (small["value"], small["basis"]) == (D("99.9"), "procurement.sme")


def test_assets(d2024):
    for subject, count in [("assets.vehicles", 24), ("assets.vehicles.law_enforcement", 1),
                           ("assets.vehicles.special_technical", 4),
                           ("assets.vehicles.other", 19)]:
        row = _fact(d2024, subject, "count")
        assert (row["value"], row["unit"]) == (count, "辆"), subject
    equipment = _fact(d2024, "assets.equipment_over_100wan", "count")
    assert (equipment["value"], equipment["unit"]) == (1, "台（套）")
    # The 100 万元 threshold is part of the name, not a figure.
    f = d2024.narrative_facts
    assert not ((f.line == 627) & (f.value == 100)).any()


def test_government_fund_statement(d2024):
    for subject, value in [("government_fund.income", "2.58"),
                           ("government_fund.opening_balance", "0"),
                           ("government_fund.expenditure", "2.58"),
                           ("government_fund.basic", "0"), ("government_fund.project", "2.58"),
                           ("government_fund.closing_balance", "0")]:
        assert _value(d2024, subject, "amount") == D(value), subject


# ---- evidence --------------------------------------------------------------------------------

def test_every_fact_points_at_its_number(d2024, raw_text):
    lines = raw_text.split("\n")
    f = d2024.narrative_facts
    assert list(f.columns) == ["section", "line", "subject", "measure", "value", "unit",
                               "value_wan", "derived", "table", "code", "column", "basis",
                               "text"]
    assert len(f) > 250
    for row in f.itertuples():
        assert row.section in d2024.sections
        if row.derived:
            continue
        printed = format(abs(row.value), "f")
        assert printed in lines[row.line - 1], (row.line, printed)
        assert printed in row.text


def test_only_the_reason_figure_is_unattributed(d2024):
    f = d2024.narrative_facts
    loose = f[f.subject == "unattributed"]
    # "年初预留的 1 个月基本工资未使用完" in the reason of item 13.
    assert [(r.line, r.value, r.unit) for r in loose.itertuples()] == [(527, 1, "个月")]


def test_years_dates_and_labels_are_not_figures(d2024):
    f = d2024.narrative_facts
    assert not f.value.isin([D(2023), D(2024), D(2025)]).any()
    assert not ((f.line == 609) & (f.value == 2)).any()  # 规划 02 路


# ---- glossary and profile --------------------------------------------------------------------

def test_glossary(d2024):
    g = d2024.glossary
    assert list(g["term"]) == ["财政拨款收入", "事业收入", "经营收入", "其他收入",
                               "使用非财政拨款结余", "年初结转和结余", "“三公经费”支出",
                               "机关运行经费"]
    assert g.iloc[0]["definition"] == "指单位从同级财政部门取得的财政预算资金。"
    assert list(g["line"]) == [649, 651, 653, 655, 657, 659, 661, 663]


def test_profile(d2024):
    p = d2024.profile
    duties = p[p.field == "duty"]
    assert len(duties) == 13 and duties.iloc[-1]["value"] == "完成市委市政府交办的其他任务。"
    # Duty 5 runs over a page break (房产交 / 易行为).
    assert "负责规范全市房产交易行为" in duties.iloc[4]["value"]
    bodies = list(p[p.field == "internal_body"]["value"])
    assert len(bodies) == 24 and bodies[6] == "信息统计科（研究室）"
    assert bodies[-1] == "离退休人员管理科"
    units = list(p[p.field == "consolidated_unit"]["value"])
    assert units == ["株洲市住房和城乡建设局本级", "株洲市城建档案馆", "株洲市建设工程质量安全监督站",
                     "株洲市房地产开发服务中心", "株洲市国有土地上房屋征收处",
                     "株洲市白蚁防治管理办公室", "株洲市保障性住房服务中心",
                     "株洲市房屋维修资金管理中心"]


# ---- text machinery on real snippets ---------------------------------------------------------

def test_page_breaks_are_joined_and_lines_kept():
    lines = [(509, "年初预算为 80.20 万元，支出决算为 74.72 万元，完成年初"), (510, ""),
             (511, "预算的 93.2%，决算数小于年初预算数的主要原因是：在职人员退休。"),
             (513, "10、卫生健康支出（类）事业单位医疗（款）公务员医疗补助（项）。")]
    pars = paragraphs(lines)
    assert len(pars) == 2 and "完成年初预算的 93.2%" in pars[0].text
    rate = figures(pars[0].text)[-1]
    assert rate.value == D("93.2") and pars[0].line_at(rate.start) == 511


def test_enumerations_restart_with_a_new_lead_in():
    text = ("绩效目标完成情况：一是海绵城市示范建设扎实推进。二是雨污分流改造成效明显。"
            "发现的主要问题及原因：一是污泥无害化处置数量未达到年初设定目标。二是未编制完成。")
    runs = enumerations(text)
    assert [len(r.items) for r in runs] == [2, 2]
    assert text[runs[1].lead_start:runs[1].start] == "发现的主要问题及原因："
    assert text[runs[0].items[-1].body:runs[0].items[-1].end] == "雨污分流改造成效明显。"


def test_sentence_split_keeps_decimals_and_list_markers():
    par = paragraphs([(1, "项目绩效如下：1. 到 2024 年底组建率达79.8%。2. 完成测算11000余条. 3. 完成")])[0]
    parts = [s.text for s in sentences(par)]
    assert parts == ["项目绩效如下：1. 到 2024 年底组建率达79.8%。", "2. 完成测算11000余条.",
                     "3. 完成"]


# ---- template variants -----------------------------------------------------------------------

def _core(d) -> list[tuple]:
    be = d.budget_execution
    return [tuple(r) for r in be[["fund", "no", "code", "budget_initial", "stated_actual",
                                  "completion_rate_stated", "direction"]].itertuples(index=False)]


def _fact_values(d) -> list[tuple]:
    f = d.narrative_facts
    return sorted((r.subject, r.measure, str(r.value), str(r.value_wan)) for r in f.itertuples())


def test_ascii_punctuation_and_dot_numbering(tmp_path, raw_text, d2024):
    def ascii_text(s: str) -> str:
        s = s.translate(str.maketrans({"，": ",", "；": ";", "：": ":", "（": "(", "）": ")"}))
        return re.sub(r"(?m)^(\d+)、", r"\1.", s)

    d = _load(tmp_path, _narrative_variant(raw_text, ascii_text))
    assert _core(d) == _core(d2024)
    assert _fact_values(d) == _fact_values(d2024)
    assert len(d.performance.projects) == 20


def test_amounts_without_wanyuan_and_items_in_brackets(tmp_path, raw_text, d2024):
    def variant(s: str) -> str:
        # "（1）…（项）" items (short enough to become headings) and amounts without 万元.
        s = re.sub(r"(?m)^(\d+)、(.{0,40}（项）)。$", r"（\1）\2", s)
        return re.sub(r"(年初预算为 [\d.]+) 万元", r"\1", s)

    d = _load(tmp_path, _narrative_variant(raw_text, variant))
    assert _core(d) == _core(d2024)
    be = d.budget_execution.set_index("code")
    assert be.loc["2080501", "budget_initial"] == D("457.87")
    facts = d.narrative_facts
    budget = facts[(facts.subject == "general_budget.item.2080501")
                   & (facts.measure == "budget_initial")].iloc[0]
    assert budget["unit"] == "" and budget["value_wan"] == D("457.87")


def test_more_page_breaks(tmp_path, raw_text, d2024):
    def variant(s: str) -> str:
        s = s.replace("支出决算为 64.45 万元，", "支出决算为 64.45\n\n万元，")
        s = s.replace("占政府采购支出总额的 79.7%", "占政府采购支出\n\n总额的 79.7%")
        return s.replace("执法执勤用车 1 辆", "执法执勤\n\n用车 1 辆")

    d = _load(tmp_path, _narrative_variant(raw_text, variant))
    assert _fact_values(d) == _fact_values(d2024)


def test_layout_text_gives_the_same_narrative(d2024, d2024_layout):
    cols = ["section", "subject", "measure", "value", "unit", "value_wan", "text"]
    assert d2024_layout.narrative_facts[cols].equals(d2024.narrative_facts[cols])
    assert _core(d2024_layout) == _core(d2024)


@pytest.mark.parametrize("name", ["budget_execution.csv", "narrative_facts.csv",
                                  "glossary.csv", "profile.csv", "three_public_details.csv"])
def test_processed_files_are_listed(name):
    import json
    folder = RAW_2024.parent.parent.parent / "processed" / "2024" / "zhuzhou-zjj"
    pkg = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    res = next(r for r in pkg["resources"] if r["path"] == name)
    header = (folder / name).read_text(encoding="utf-8").split("\n")[0].split(",")
    assert [f["name"] for f in res["schema"]["fields"]] == header
    money = {f["name"]: f.get("unit") for f in res["schema"]["fields"] if f["type"] == "number"}
    if name == "budget_execution.csv":
        assert money["stated_actual"] == "万元" and money["completion_rate"] == "%"


def test_a_disclosure_without_narrative_gives_empty_frames(tmp_path, raw_text):
    d = _load(tmp_path, raw_text[:raw_text.index("第三部分\n\n2024年度部门决算情况说明")])
    assert d.budget_execution.empty and list(d.budget_execution.columns)[:3] == [
        "fund", "no", "code"]
    assert d.narrative_facts.empty and d.glossary.empty
    assert d.performance.project_lists.empty
    assert len(d.profile) == 45  # 概况 comes before the narrative: 13 + 24 + 8
