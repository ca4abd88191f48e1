"""The course's questions, declared once, and their answers computed from one document.

Every question names its assignment, its kind (how an answer is checked), its text in Chinese
with an English gloss, its tolerance and points, and the hint a failing test gives. `key(d)`
computes every answer from the document with the package's own analyses — the same
computation as the notebooks' solutions — so no answer is ever typed into a template. A
question whose answer the document cannot give (no stated 项, no 三公 actuals, no finding of
the kind asked for) has the answer None and is left out of that document's notebook.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from ..analysis import execution, structure
from ..analysis.variance import PI1_BANDS, PI2_BANDS

ASSIGNMENTS = {
    "01_reading_tables": ("读表：钱从哪里来、到哪里去", "Reading the tables"),
    "02_budget_execution": ("预算执行：年初预算与决算", "Budget execution"),
    "03_checking_disclosure": ("核对一份公开文件", "Checking a disclosure"),
}
KINDS = ("share", "amount", "code", "band", "count", "line", "check", "written")
HUNDRED = Decimal(100)
PCT_TOLERANCE = Decimal("0.06")    # percentage points: rounding to one decimal passes
MONEY_TOLERANCE = Decimal("0.005")  # 万元: the documents print two decimals


@dataclass(frozen=True)
class Question:
    id: str
    assignment: str
    kind: str
    zh: str
    en: str
    unit: str = ""
    points: int = 1
    hint: str = ""  # what the hidden test says when the answer is wrong

    @property
    def tolerance(self) -> Decimal | None:
        return {"share": PCT_TOLERANCE, "amount": MONEY_TOLERANCE}.get(self.kind)

    @property
    def grade_id(self) -> str:
        return self.id if self.kind == "written" else f"{self.id}_test"


A1, A2, A3 = ASSIGNMENTS
QUESTIONS: tuple[Question, ...] = (
    Question("fiscal_share", A1, "share", "财政拨款收入占本年收入合计的比重（%）",
             "Fiscal appropriations as a share of the year's total income (%)", "%", 1,
             "divide 财政拨款收入 by the 合计 of 收入决算表 (income), then × 100"),
    Question("largest_class", A1, "code", "支出决算表中支出最多的功能分类“类”的代码",
             "The 3-digit code of the function class (类) with the largest spending", "", 1,
             "compare the 本年支出合计 (total) of the 类 rows of 支出决算表 (expenditure)"),
    Question("largest_class_share", A1, "share", "这个“类”占本年支出合计的比重（%）",
             "That class's share of total expenditure (%)", "%", 1,
             "divide that 类's total by the 合计 row of 支出决算表, then × 100"),
    Question("basic_share", A1, "share", "基本支出占本年支出合计的比重（%）",
             "Basic expenditure as a share of total expenditure (%)", "%", 1,
             "basic / total of the 合计 row of 支出决算表 (expenditure), × 100"),
    Question("personnel_share", A1, "share", "人员经费占基本支出的比重（%）",
             "Personnel costs as a share of basic expenditure (%)", "%", 1,
             "人员经费合计 / (人员经费合计 + 公用经费合计) of 基本支出决算表, × 100"),
    Question("three_public_rate", A1, "share", "“三公”经费决算占全年预算的比重（完成率，%）",
             "三公 spending as a share of its full-year budget (completion rate, %)", "%", 1,
             "actual 合计 / budget 合计 of the 三公 table (全年预算, not 年初预算), × 100"),
    Question("largest_variance_code", A2, "code",
             "决算与年初预算之差（绝对值）最大的“项”的科目代码",
             "The 7-digit code of the 项 whose actual differs most from its original budget",
             "", 1, "rank the stated 项 by |决算 − 年初预算|, largest first"),
    Question("largest_variance", A2, "amount", "这个“项”的差额：决算 − 年初预算（万元）",
             "That 项's variance: actual − original budget (万元)", "万元", 1,
             "actual minus budget_initial, with its sign (negative = under-spent)"),
    Question("pi1_pct", A2, "share", "PEFA PI-1 总体支出执行率（%）：一般公共预算决算 / 年初预算",
             "PEFA PI-1 aggregate outturn (%): general-budget actual / original budget", "%", 2,
             "use the stated 年初预算 total and the 合计 of 一般公共预算财政拨款支出决算表"),
    Question("pi1_band", A2, "band", "PI-1 所处的 PEFA 区间（A/B/C/D）",
             "The PEFA band of that PI-1 (A/B/C/D)", "", 1,
             "A 95–105%, B 90–110%, C 85–115%, otherwise D"),
    Question("pi2_class_pct", A2, "share", "PEFA PI-2 按“类”的支出结构偏差（%）",
             "PEFA PI-2 composition variance by function class (%)", "%", 2,
             "k = Σactual / Σbudget; Σ|actual − budget × k| / Σ(budget × k) over the 类, × 100"),
    Question("pi2_band", A2, "band", "PI-2 所处的 PEFA 区间（A/B/C/D）",
             "The PEFA band of that PI-2 (A/B/C/D)", "", 1,
             "A < 5%, B < 10%, C < 15%, otherwise D"),
    Question("one_year", A2, "written",
             "用两三句话说明：一年的数据能说明这个部门的预算执行什么，不能说明什么？",
             "In two or three sentences: what can one year of data show about this "
             "department's budget execution, and what can it not show?", "", 3),
    Question("class_kuan_sum", A3, "amount",
             "一般公共预算财政拨款支出决算表中支出最多的“类”：其下各“款”合计之和（万元）",
             "The largest 类 of the general-budget table: the sum of its 款 totals (万元)",
             "万元", 1, "add the total of the 款 rows whose code starts with that 类's code"),
    Question("class_kuan_difference", A3, "amount", "该“类”所印合计 − 各“款”之和（万元）",
             "The printed class total minus the sum of its 款 (万元)", "万元", 1,
             "printed 类 total minus your sum; 0.00 when the identity holds exactly"),
    Question("stated_mismatch_line", A3, "line",
             "勾稽核对中第一条“文字所述与表不符”的发现（family 为 narrative，severity 为 "
             "error 或 warning）在原文第几行？",
             "The source line of the first narrative finding (family narrative, severity "
             "error or warning): a stated figure that disagrees with its table", "行", 1,
             "filter zb.reconcile(d) on family and severity, keep the order, read `line`"),
    Question("stated_mismatch_difference", A3, "amount", "这条发现的差额（difference 列）",
             "That finding's difference (the `difference` column)", "", 1,
             "the finding's own `difference`: actual − expected, with its sign"),
    Question("error_count", A3, "count", "勾稽核对共有几条 error（错误）？",
             "How many findings have severity error?", "条", 1,
             "count the rows of zb.reconcile(d) whose severity is 'error'"),
    Question("rounding_count", A3, "count", "有几条属于尾数误差（severity 为 rounding）？",
             "How many findings are rounding differences (severity rounding)?", "条", 1,
             "count the rows whose severity is 'rounding' — not errors, not warnings"),
    Question("largest_rounding", A3, "amount", "尾数误差中最大的 |差额| 是多少？",
             "The largest |difference| among the rounding findings", "", 1,
             "the maximum of abs(difference) over the rounding findings"),
    Question("explain_finding", A3, "written",
             "用一句话向一位不懂会计的读者解释下面这条 error：哪两个数字不一致、差多少、"
             "为什么它不是尾数误差？",
             "In one sentence, explain the error finding shown below to a reader who is not "
             "an accountant: which two figures disagree, by how much, and why it is not a "
             "rounding difference.", "", 3),
)
BY_ID = {q.id: q for q in QUESTIONS}
RUBRICS = {
    "one_year": ("3 分：说出一年能看到的（年初预算与决算之差、哪些项追加最多、本年 PI-1/PI-2 "
                 "所处区间）并指出至少一项看不到的（PEFA 要看连续三年；一年无法区分偶然与"
                 "惯常；部门不是整个政府）；2 分：只说清一方面；1 分：泛泛而谈、没有用到本"
                 "文件的数字；0 分：未作答。"),
    "explain_finding": ("3 分：指出不一致的两个数（文字或表中的哪一处）、差额，并说明差额超过"
                        "容差所以不是尾数误差；2 分：缺其中一项；1 分：只复述了发现；0 分："
                        "未作答。"),
}


def _pct(ratio: Decimal | None) -> Decimal | None:
    return None if ratio is None else (ratio * HUNDRED).quantize(Decimal("0.0001"))


def _num(v) -> Decimal | None:
    return None if v is None or (not isinstance(v, Decimal) and pd.isna(v)) else Decimal(v)


def _total(table: pd.DataFrame, column: str = "total") -> Decimal | None:
    rows = table[table["level"] == "total"]
    return None if rows.empty else _num(rows.iloc[0][column])


def _share(part, whole) -> Decimal | None:
    part, whole = _num(part), _num(whole)
    return None if part is None or not whole else _pct(part / whole)


def _largest_class(table: pd.DataFrame) -> pd.Series | None:
    classes = table[(table["level"] == "类") & table["total"].map(lambda v: v is not None)]
    if classes.empty:
        return None
    totals = [Decimal(v) for v in classes["total"]]
    return classes.iloc[totals.index(max(totals))]


def _reading(d) -> dict[str, object]:
    out: dict[str, object] = {}
    if "income" in d.tables:
        inc = structure.income_by_source(d)
        fiscal = inc.loc[inc["source"] == "fiscal_appropriation", "amount"]
        out["fiscal_share"] = _share(fiscal.iloc[0] if len(fiscal) else None,
                                     _total(d.tables["income"]))
    if "expenditure" in d.tables:
        t = d.tables["expenditure"]
        top = _largest_class(t)
        if top is not None:
            out["largest_class"] = top["code"]
            out["largest_class_share"] = _share(top["total"], _total(t))
        out["basic_share"] = _share(_total(t, "basic"), _total(t))
    if "basic_expenditure" in d.tables:
        pp = structure.personnel_vs_public(d)
        amounts = [a for a in (_num(v) for v in pp["amount"]) if a is not None]
        if len(pp) == len(amounts) == 2:
            out["personnel_share"] = _share(amounts[0], amounts[0] + amounts[1])
    if "three_public" in d.tables:
        tp = structure.three_public(d)
        total = tp[tp["component"] == "total"]
        if len(total):
            out["three_public_rate"] = _share(total.iloc[0]["actual"], total.iloc[0]["budget"])
    return out


def _execution(d) -> dict[str, object]:
    if "general_budget_expenditure" not in d.tables:
        return {}
    items = execution.items(d, "general_budget")
    if items.empty:
        return {}
    top = items.iloc[0]
    out: dict[str, object] = {"largest_variance_code": top["code"],
                              "largest_variance": _num(top["variance"])}
    outturn = execution.aggregate(d, items)
    if not outturn.empty:
        out["pi1_pct"] = _num(outturn.iloc[0]["pi1_pct"])
        out["pi1_band"] = outturn.iloc[0]["band"]
    comp = execution.composition(d, items, 3)
    if comp.percent is not None:
        out["pi2_class_pct"], out["pi2_band"] = _num(comp.percent), comp.band
    if "pi1_pct" in out and "pi2_class_pct" in out:
        out["one_year"] = (
            f"参考答案：本年一般公共预算决算为年初预算的 {out['pi1_pct']}%（PI-1 区间 "
            f"{out['pi1_band']}），按类的结构偏差 {out['pi2_class_pct']}%（PI-2 区间 "
            f"{out['pi2_band']}）；差额最大的项是 {top['code']} {top['item_name']}"
            f"（{top['variance']} 万元）。这说明当年年初预算与实际支出的差距和结构，但 PEFA "
            "要看连续三年，一年无法区分偶然的追加与惯常的预算偏差，也不能代表整个政府。")
    return out


def _checking(d, findings: pd.DataFrame) -> dict[str, object]:
    out: dict[str, object] = {}
    g = d.tables.get("general_budget_expenditure")
    if g is not None:
        top = _largest_class(g)
        if top is not None:
            kuan = g[(g["level"] == "款") & g["code"].str.startswith(top["code"])]
            values = [Decimal(v) for v in kuan["total"] if v is not None]
            if values:
                total = sum(values, Decimal(0))
                out["class_kuan_sum"] = total
                out["class_kuan_difference"] = Decimal(top["total"]) - total
    stated = findings[(findings["family"] == "narrative")
                      & findings["severity"].isin(["error", "warning"])
                      & findings["line"].notna() & findings["difference"].notna()]
    if len(stated):
        out["stated_mismatch_line"] = int(stated.iloc[0]["line"])
        out["stated_mismatch_difference"] = _num(stated.iloc[0]["difference"])
    out["error_count"] = int((findings["severity"] == "error").sum())
    rounding = findings[(findings["severity"] == "rounding") & findings["difference"].notna()]
    out["rounding_count"] = int((findings["severity"] == "rounding").sum())
    if len(rounding):
        out["largest_rounding"] = max(abs(Decimal(v)) for v in rounding["difference"])
    errors = findings[findings["severity"] == "error"]
    if len(errors):
        e = errors.iloc[0]
        why = ("没有容差可言：这是单位或个数之误，不是四舍五入" if e["tolerance"] is None else
               f"超出容差 {e['tolerance']}，所以是错误而不是尾数误差")
        out["explain_finding"] = (
            f"参考答案（{e['check']}）：{e['message']} —— 应为 {e['expected']}、实际 "
            f"{e['actual']}，差额 {e['difference']}，{why}。")
    return out


def featured_finding(findings: pd.DataFrame) -> pd.DataFrame:
    """The finding the written answer of assignment 3 explains: the first error."""
    return findings[findings["severity"] == "error"].head(1)[
        ["check", "message", "expected", "actual", "difference", "tolerance", "line", "page"]]


def key(d, findings: pd.DataFrame | None = None) -> dict[str, object]:
    """Every question's answer for this document: a Decimal, int, code or band, a model
    answer for a written question, or None where the document cannot give one."""
    from ..checks import reconcile

    found = dict(_reading(d))
    found |= _execution(d)
    found |= _checking(d, reconcile(d) if findings is None else findings)
    return {q.id: found.get(q.id) for q in QUESTIONS}


def bands_text() -> str:
    """The PEFA bands, for the hints (from the analysis, never restated)."""
    pi1 = "，".join(f"{b} {lo * 100:.0f}–{hi * 100:.0f}%" for b, lo, hi in PI1_BANDS)
    pi2 = "，".join(f"{b} < {lim * 100:.0f}%" for b, lim in PI2_BANDS)
    return f"PI-1: {pi1}; PI-2: {pi2}"
