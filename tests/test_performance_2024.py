"""Performance evaluation of the 2024 document (十三、预算绩效 and the 附件 self-evaluation report),
checked against values typed by hand from the text."""

from __future__ import annotations

import re
from decimal import Decimal as D
from pathlib import Path

import zhuzhou_budget as zb
from zhuzhou_budget.checks.performance import project_list_agreement

EXPLANATION = "十三、关于 2024 年度预算绩效情况的说明"

# The report's project lists, typed from lines 711-799: (list, no, name, budget, actual, adjustment)
PROJECTS_2024 = [
    ("initial", 1, "住建事务经费项目", "744", "684.24", "59.76"),
    ("initial", 2, "综合性、重要性专项", "190", "190", None),
    ("initial", 3, "“智慧房产“系统及网络安全运维专项", "60", "60", None),
    ("initial", 4, "房地产登报宣传及房产系统统计报表专项", "50", "50", None),
    ("midyear", 1, "市政基础设施建设资金项目", None, "11.02", None),
    ("midyear", 2, "链办工作经费项目", None, "9.98", None),
    ("midyear", 3, "三供一业改造资金", None, "2.13", None),
    ("midyear", 4, "城市更新工作专项经费", None, "14.92", None),
    ("midyear", 5, "老旧小区改造工作经费", None, "33.31", None),
    ("midyear", 6, "财源建设奖励及工作经费", None, "7.34", None),
    ("midyear", 7, "棚户区改造工作", None, "0.7", None),
    ("midyear", 8, "非税返还工作经费", None, "9.68", None),
    ("midyear", 9, "自建房整治省级补助资金", None, "0.95", None),
    ("public_special", 1, "施工图审查政府购买服务及政府投资项目初步设计评审专项", None, "446.51",
     None),
    ("public_special", 2, "公共消防栓建设维护专项", None, "100", None),
    ("public_special", 3, "污水管网世行贷款还本付息等催债资金", None, "1000", None),
    ("public_special", 4, "污水处理费征收业务费", None, "472", None),
    ("public_special", 5, "城市生活污水污泥处理处置服务费", None, "15000", None),
    ("public_special", 6, "河西污水提升泵站运行经费", None, "312", None),
    ("public_special", 7, "株洲高新技术产业园区配套设施项目及火车站改造周边配套基础设施建设项目建设",
     None, "10065.85", None),
]


def _dec(text: str | None) -> D | None:
    return D(text) if text is not None else None


def test_overall_score_and_grade(d2024):
    overall = d2024.performance.overall
    assert len(overall) == 1
    row = overall.iloc[0]
    assert row["budget_full_year"] == D("22908.18")
    assert row["actual"] == D("22396.43")
    assert row["completion_rate_stated"] == D("97.8")
    assert row["completion_rate"] == D("97.77")  # 22396.43 / 22908.18
    assert row["score"] == D("99.1") and row["grade"] == "优"
    assert row["evaluated"] == "株洲市住房和城乡建设局本级"
    assert row["section"] == EXPLANATION and row["line"] == 633


def test_coverage(d2024):
    cov = d2024.performance.coverage.set_index("fund")
    assert list(cov.index) == ["all", "general_budget", "government_fund"]
    assert (cov.loc["all", "projects"], cov.loc["all", "amount"]) == (27, D("22396.43"))
    gb = cov.loc["general_budget"]
    assert (gb["projects"], gb["amount"], gb["share"], gb["share_basis"]) == (
        27, D("11459.6"), D("51.2"), "general_budget.total")
    gf = cov.loc["government_fund"]
    assert (gf["projects"], gf["amount"], gf["share"]) == (1, D("2.58"), D("100.0"))


def test_achievements_in_both_places(d2024):
    a = d2024.performance.achievements
    for section in (EXPLANATION, "（一）整体支出绩效情况"):
        mine = a[a.section == section]
        assert sorted(set(mine["no"])) == list(range(1, 11))
        first = mine.iloc[0]
        assert (first["statement"], first["indicator"], first["value"], first["unit"]) == (
            "海绵城市示范建设扎实推进", "海绵城市达标面积比率", D("39.2"), "%")
        bonds = mine[mine.indicator == "争取国家专项债"].iloc[0]
        assert (bonds["value"], bonds["unit"]) == (D("48.04"), "亿元")
        invest = mine[mine.indicator == "总投资"].iloc[0]
        assert (invest["value"], invest["unit"], invest["qualifier"]) == (D("240"), "亿元", "余")
        # 四是 and 十是 state no figure: one row each, without indicator.
        assert list(mine[mine.no == 4]["indicator"]) == [""]
        assert list(mine[mine.no == 10]["statement"]) == ["全年未发生一起安全生产责任事故"]
    # The annex states how many achievements it lists: 主要表现在10个方面.
    f = d2024.narrative_facts
    stated = f[(f.subject == "performance.achievements") & (f.measure == "count")]
    assert list(stated["value"]) == [10]
    money = f[(f.subject == "performance.achievement.3") & (f.value == D("48.04"))]
    assert set(money["value_wan"]) == {D("480400")}


def test_problems_and_causes(d2024):
    p = d2024.performance.problems
    for section in (EXPLANATION, "七、存在的问题及原因分析"):
        mine = p[p.section == section]
        assert list(mine["no"]) == [1, 2, 3]
        assert mine.iloc[0]["problem"] == "污泥无害化处置数量未达到年初设定目标"
        assert mine.iloc[0]["cause"].startswith("受污泥脱水方式的改变")
        assert mine.iloc[2]["cause"].endswith("直接压缩勘察设计业务需求")
    assert list(p[p.section == "七、存在的问题及原因分析"]["line"]) == [803, 805, 807]


def test_measures(d2024):
    m = d2024.performance.measures
    assert list(m["section"]) == [EXPLANATION, "八、下一步改进措施"]
    assert all(t.startswith("强化资金管理意识") for t in m["measure"])
    assert list(m["no"]) == [1, 1]


def test_budget_versus_actual(d2024):
    b = d2024.performance.budget_vs_actual.set_index("kind")
    assert (b.loc["basic", "budget_initial"], b.loc["basic", "actual"],
            b.loc["basic", "completion_rate_stated"]) == (D("5602.01"), D("5679.16"), D("101.38"))
    assert (b.loc["project", "budget_initial"], b.loc["project", "actual"],
            b.loc["project", "completion_rate_stated"]) == (D("1044"), D("1074.24"), D("102.9"))
    assert b.loc["government_fund", "actual"] == D("2.58")
    assert b.loc["government_fund", "budget_initial"] is None


def test_projects(d2024):
    got = d2024.performance.projects
    assert len(got) == len(PROJECTS_2024)
    for (lst, no, name, budget, actual, adjustment), (_, row) in zip(
            PROJECTS_2024, got.iterrows(), strict=True):
        assert (row["list"], row["no"], row["name"]) == (lst, no, name)
        assert row["budget_initial"] == _dec(budget)
        assert row["actual"] == _dec(actual)
        assert row["adjustment"] == _dec(adjustment)
    assert got.iloc[0]["line"] == 715


def test_project_lists_with_stated_counts_and_sums(d2024):
    """Stated and listed figures come from extraction; whether they agree, from the checks."""
    assert not any(c.endswith("_matches") for c in d2024.performance.project_lists.columns)
    lists = project_list_agreement(d2024.performance.project_lists,
                                   d2024.performance.projects).set_index("list")
    initial = lists.loc["initial"]
    assert (initial["stated_count"], initial["listed_count"], initial["count_matches"]) == (
        4, 4, True)
    assert initial["stated_budget_initial"] == D("1044")
    assert initial["listed_budget_initial"] == D("744") + D("190") + D("60") + D("50")
    assert initial["stated_actual"] == D("984.2")
    assert initial["listed_actual"] == D("984.24")  # 684.24 + 190 + 60 + 50
    assert initial["actual_matches"]  # 984.2 is 984.24 rounded
    assert (initial["stated_adjustment"], initial["listed_adjustment"]) == (D("59.8"),
                                                                            D("59.76"))
    midyear = lists.loc["midyear"]
    hand = sum(D(a) for a in ["11.02", "9.98", "2.13", "14.92", "33.31", "7.34", "0.7", "9.68",
                              "0.95"])
    assert (midyear["stated_count"], midyear["listed_count"]) == (9, 9)
    assert midyear["stated_actual"] == D("90.03") == hand == midyear["listed_actual"]
    special = lists.loc["public_special"]
    # The text says 6 公共专项 but lists 7; the sum of the 7 is the stated 27396.36.
    assert (special["stated_count"], special["listed_count"], special["count_matches"]) == (
        6, 7, False)
    assert special["stated_budget_initial"] == D("21512")
    assert special["listed_budget_initial"] is None  # no project states its budget
    assert special["stated_actual"] == D("27396.36") == special["listed_actual"]
    assert special["actual_matches"]


def test_report_profile_figures(d2024):
    f = d2024.narrative_facts
    got = {r.subject: r.value for r in f[f.subject.str.startswith("profile.")].itertuples()}
    assert got == {"profile.staff.authorized": 227, "profile.staff.in_service": 219,
                   "profile.staff.retired_cadres": 1, "profile.staff.retired": 230,
                   "profile.internal_bodies": 24, "profile.non_independent_units": 3,
                   "profile.independent_units": 7}


def test_performance_facts_carry_evidence(d2024, raw_text):
    lines = raw_text.split("\n")
    f = d2024.performance.facts
    assert len(f) > 100
    for row in f.itertuples():
        assert format(row.value, "f") in lines[row.line - 1]
    score = f[(f.subject == "performance.overall") & (f.measure == "score")].iloc[0]
    assert (score["value"], score["unit"], score["line"]) == (D("99.1"), "分", 633)


def test_variant_numbering_and_enumerated_measures(tmp_path, raw_text, d2024):
    start = raw_text.index("第五部分\n\n附 件")
    annex = raw_text[start:]
    annex = annex.replace("1. 年初预算项目", "一、年初预算项目").replace(
        "2. 年中追加项目", "二、年中追加项目").replace("3. 单位主管的公共专项", "三、单位主管的公共专项")
    annex = re.sub(r"(?m)^（(\d)）", r"(\1)", annex)
    annex = annex.replace("强化资金管理意识，加强与财政局的沟通，", "一是强化资金管理意识；二是加强与财政局的沟通，")
    path = tmp_path / "variant.txt"
    path.write_text(raw_text[:start] + annex, encoding="utf-8")
    d = zb.load(path)
    cols = ["list", "no", "name", "budget_initial", "actual", "adjustment"]
    assert d.performance.projects[cols].equals(d2024.performance.projects[cols])
    assert list(d.performance.project_lists["stated_count"]) == [4, 9, 6]
    m = d.performance.measures
    annex_measures = m[m.section == "八、下一步改进措施"]
    assert list(annex_measures["no"]) == [1, 2]
    assert annex_measures.iloc[0]["measure"] == "强化资金管理意识"
    assert annex_measures.iloc[1]["measure"].startswith("加强与财政局的沟通，确保及时下达专项资金")


def test_performance_files_in_the_processed_data():
    import json
    folder = Path(__file__).resolve().parent.parent / "data" / "processed" / "2024" / "zhuzhou-zjj"
    pkg = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    paths = {r["path"] for r in pkg["resources"]}
    for name in ("overall", "coverage", "achievements", "problems", "measures",
                 "budget_vs_actual", "projects", "project_lists"):
        assert f"performance/{name}.csv" in paths
    rows = (folder / "performance" / "project_lists.csv").read_text(encoding="utf-8").split("\n")
    assert rows[3].startswith("public_special,3,单位主管的公共专项,6,7,False,21512,,,27396.36,"
                              "27396.36,True")
