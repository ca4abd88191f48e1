"""Figures stated in the narrative (情况说明) as data, each tied to its section, line and sentence.

Sections are recognised by the words of their headings (never by their number), so the same
rules read any disclosure made from the template. Inside a section, every figure is attributed
to a *subject* by the words in front of it, and given a *measure* by the cue words next to it
("年初预算为", "完成预算的", "增长", "占…的"). A figure nothing attributes is kept with subject
`unattributed`, never guessed and never dropped.

Subjects (`narrative_facts.subject`)
    income_expenditure.total      收、支总计 (收入支出决算总表, 总计)
    income.total, income.<source> 收入合计 and each source (fiscal_appropriation, business, …)
    expenditure.total/basic/project/…  支出合计 and its kinds
    fiscal.total                  财政拨款收、支总计
    general_budget.total          一般公共预算财政拨款支出; .basic 基本支出
    general_budget.class.<code>   a 类 of the structure paragraph
    general_budget.item.<code>    a 项 of the budget-execution paragraphs
    personnel, public_funds       人员经费, 公用经费
    three_public.total/overseas/vehicles/vehicle_purchase/vehicle_operation/reception
    three_public.overseas.trips   团组 (count) and persons
    three_public.vehicle_purchase.vehicles   vehicles bought (辆)
    three_public.vehicles.held    公务用车保有量
    three_public.reception.visits 接待团组 (count) and 来宾 (persons)
    government_fund.income/opening_balance/expenditure/basic/project/closing_balance,
    government_fund.item.<code>
    state_capital.total
    admin_costs                   机关运行经费; admin_costs.unit.<单位名称> per-unit amounts
    meeting, training             会议费, 培训费 (with persons)
    procurement.total/goods/works/services/sme/small_micro
    assets.vehicles, assets.vehicles.<type> (law_enforcement, special_technical, leadership,
    general_official, confidential_communication, emergency, retiree_service, other, or the
    type as written), assets.[general_|special_]equipment_over_<N>wan
    performance.*, profile.*      see extract/performance.py
    unattributed                  a figure no rule attributes

Measures (`narrative_facts.measure`)
    amount, actual, budget, budget_initial, budget_full_year, change (signed: negative for
    减少/降低), growth_rate (signed %), change_vs_budget, rate_vs_budget, share (%),
    completion_rate (%), rate (% without a cue), count, persons, score, rank, indicator
    (performance achievements), adjustment, and the derived prior_year_implied
    (= current − change) and budget_implied (= current − change_vs_budget).

`value` is the number as printed with its sign applied; `unit` as written (empty where the text
gives none); `value_wan` converts money explicitly (元 × 0.0001, 亿元 × 10000). A money figure
printed without a unit is read in the disclosure's unit (万元, as its tables declare).
`basis`: for shares, the subject the share is of (or the words of the text when they name no
known subject); for completion rates, the budget measure; for growth rates, `prior_year`.
`table`/`code`/`column`: the table cell the subject is about, where the template determines it.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

import pandas as pd

from ..metadata import FUNCTION_CLASSES, UNIT
from .sentences import (
    PERSON_UNITS,
    Figure,
    Text,
    figures,
    fold,
    leading_marker,
    paragraphs,
    sentences,
)

if TYPE_CHECKING:
    from ..disclosure import Disclosure
    from .sections import Section

FACT_COLUMNS = ["section", "line", "subject", "measure", "value", "unit", "value_wan", "derived",
                "table", "code", "column", "basis", "text"]

FACT_FIELDS: list[tuple[str, str, str]] = [
    ("section", "string", "section key (as in sections.json) the figure was stated in"),
    ("line", "integer", "source line of the number"),
    ("subject", "string", "what the figure is about (vocabulary: README, Narrative data)"),
    ("measure", "string", "amount, actual, budget_initial, change, growth_rate, share, …"),
    ("value", "number", "the number as printed, sign applied (its unit is in `unit`)", ""),
    ("unit", "string", "unit as written (万元, 元, %, 个, 人次, …); empty where none is written"),
    ("value_wan", "number", "money converted to 万元 explicitly; empty for non-money"),
    ("derived", "boolean", "true for values computed from stated ones (prior_year_implied, …)"),
    ("table", "string", "canonical table of the cell the figure is about, where determinable"),
    ("code", "string", "classification code of that cell"),
    ("column", "string", "canonical column of that cell"),
    ("basis", "string", "shares: subject it is a share of; rates: the measure it is relative to"),
    ("text", "string", "the source sentence"),
]


@dataclass(frozen=True)
class Fact:
    section: str
    line: int
    subject: str
    measure: str
    value: Decimal
    unit: str
    value_wan: Decimal | None
    derived: bool = False
    table: str = ""
    code: str = ""
    column: str = ""
    basis: str = ""
    text: str = ""

    def row(self) -> list:
        return [getattr(self, c) for c in FACT_COLUMNS]


def facts_frame(facts: list[Fact]) -> pd.DataFrame:
    """Facts in document order (by line, stable), Decimal values, None for missing."""
    ordered = sorted(enumerate(facts), key=lambda kv: (kv[1].line, kv[0]))
    frame = object_frame([dict(zip(FACT_COLUMNS, f.row(), strict=True)) for _, f in ordered],
                         FACT_COLUMNS)
    frame["derived"] = frame["derived"].astype(bool)
    return frame


def object_frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    """Rows as they are: Decimal, int, str and None kept (no float, no NaN); line as Int64."""
    frame = pd.DataFrame([[r.get(c) for c in columns] for r in rows], columns=columns,
                         dtype=object)
    if "line" in frame:
        frame["line"] = frame["line"].astype("Int64")
    return frame


# ---- topics: the words that say what a figure is about ---------------------------------------

@dataclass(frozen=True)
class Topic:
    pattern: re.Pattern
    subject: str  # may hold {name}, {code}, {n}, {kind} filled from the match
    table: str = ""
    column: str = ""
    code: str = ""
    basis: str = ""  # default basis of a share stated for this subject
    counts: bool = False  # a count-only subject (团组, 保有量): money figures look past it
    masks: bool = False  # figures inside the match are part of a name (单位价值 100 万元以上设备)


def T(pattern: str, subject: str, table: str = "", column: str = "", **kw) -> Topic:
    return Topic(re.compile(pattern), subject, table, column, **kw)


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    topic: Topic
    subject: str
    code: str


_TP = "three_public"
_GF = "government_fund"
_GB = "general_budget_expenditure"
_CLASS = r"(?P<name>[^\s,;:：。()、“”\d]+?)\(类\)"

LEXICONS: dict[str, list[Topic]] = {
    "overall": [
        T(r"收、?支总计|收入支出总计|收支总额", "income_expenditure.total",
          "income_expenditure_summary", "amount"),
    ],
    "income": [
        T(r"本年收入合计|收入合计|收入总计|总收入", "income.total", "income", "total"),
        T(r"财政拨款收入|财政拨款", "income.fiscal_appropriation", "income", "fiscal_appropriation",
          basis="income.total"),
        T(r"上级补助收入", "income.superior_subsidy", "income", "superior_subsidy",
          basis="income.total"),
        T(r"事业收入", "income.business", "income", "business", basis="income.total"),
        T(r"经营收入", "income.operating", "income", "operating", basis="income.total"),
        T(r"附属单位上缴收入", "income.subsidiary_remittance", "income", "subsidiary_remittance",
          basis="income.total"),
        T(r"其他收入", "income.other", "income", "other", basis="income.total"),
    ],
    "expenditure": [
        T(r"本年支出合计|支出合计|支出总计|总支出", "expenditure.total", "expenditure", "total"),
        T(r"基本支出", "expenditure.basic", "expenditure", "basic", basis="expenditure.total"),
        T(r"项目支出", "expenditure.project", "expenditure", "project", basis="expenditure.total"),
        T(r"上缴上级支出", "expenditure.remit_superior", "expenditure", "remit_superior",
          basis="expenditure.total"),
        T(r"经营支出", "expenditure.operating", "expenditure", "operating",
          basis="expenditure.total"),
        T(r"对附属单位补助支出", "expenditure.subsidy_subsidiary", "expenditure",
          "subsidy_subsidiary", basis="expenditure.total"),
    ],
    "fiscal": [
        T(r"(?:财政拨款)?收、?支总计|财政拨款收入支出总计", "fiscal.total",
          "fiscal_appropriation_summary", "total"),
    ],
    "general_budget": [
        T(r"(?:一般公共预算)?财政拨款支出(?:决算)?", "general_budget.total", _GB, "total",
          basis="expenditure.total"),
        T(_CLASS, "general_budget.class.{code}", _GB, "total", code="{code}",
          basis="general_budget.total"),
    ],
    "basic": [
        T(r"(?:一般公共预算)?(?:财政拨款)?基本支出", "general_budget.basic", _GB, "basic",
          basis="general_budget.total"),
        T(r"人员经费", "personnel", "basic_expenditure", "amount", basis="general_budget.basic"),
        T(r"公用经费", "public_funds", "basic_expenditure", "amount",
          basis="general_budget.basic"),
    ],
    "three_public": [
        T(r"三公[”\"]?经费", "three_public.total", _TP, "total"),
        T(r"(?:因公)?出国\(境\)团组|出访团组", "three_public.overseas.trips", counts=True),
        T(r"因公出国\(境\)(?:费用|费)?|出国\(境\)费", "three_public.overseas", _TP, "overseas"),
        T(r"公务用车购置(?:费)?及运行(?:维护)?费", "three_public.vehicles", _TP, "vehicles"),
        T(r"公务用车购置费", "three_public.vehicle_purchase", _TP, "vehicle_purchase"),
        T(r"公务用车运行(?:维护)?费", "three_public.vehicle_operation", _TP, "vehicle_operation"),
        T(r"(?:更新|购置|新购|新增|购买)了?公务用车", "three_public.vehicle_purchase.vehicles",
          counts=True),
        T(r"公务用车保有量|保有量", "three_public.vehicles.held", counts=True),
        T(r"公务接待费", "three_public.reception", _TP, "reception"),
        T(r"接待(?:来访|国内|外宾|外事)?(?:团组|批次)|来宾|公务接待\d|接待对象",
          "three_public.reception.visits", counts=True),
    ],
    "government_fund": [
        T(r"政府性基金预算财政拨款收入|政府性基金(?:预算)?收入|本年收入|收入",
          "government_fund.income", _GF, "income"),
        T(r"年初结转和结余", "government_fund.opening_balance", _GF, "opening_balance"),
        T(r"年末结转和结余", "government_fund.closing_balance", _GF, "closing_balance"),
        T(r"基本支出", "government_fund.basic", _GF, "basic"),
        T(r"项目支出", "government_fund.project", _GF, "project"),
        T(r"支出", "government_fund.expenditure", _GF, "total"),
    ],
    "state_capital": [
        T(r"国有资本经营预算(?:财政拨款)?支出|国有资本经营预算", "state_capital.total",
          "state_capital", "total"),
    ],
    "admin_costs": [
        T(r"机关运行经费", "admin_costs"),
        # 不含…：株洲市城建档案馆的 101.63 元、… — the per-unit amounts in the brackets.
        T(r"(?<=[:,、;，：])\s*(?P<name>[^:,、;，：()\s\d]{2,40}?)的(?=\s*\d)",
          "admin_costs.unit.{name}"),
    ],
    "general_spending": [
        T(r"会议费", "meeting", "basic_expenditure", "amount", code="30215"),
        T(r"培训费", "training", "basic_expenditure", "amount", code="30216"),
        T(r"节庆|晚会|论坛|赛事", "festivities"),
    ],
    "procurement": [
        T(r"政府采购支出总额|采购支出总额|政府采购支出", "procurement.total"),
        T(r"货物", "procurement.goods", basis="procurement.total"),
        T(r"工程", "procurement.works", basis="procurement.total"),
        T(r"服务", "procurement.services", basis="procurement.total"),
        T(r"中小企业(?:合同金额)?", "procurement.sme", basis="procurement.total"),
        T(r"小微企业(?:合同金额)?", "procurement.small_micro", basis="procurement.sme"),
    ],
    "assets": [
        T(r"单位价值\s*(?P<n>\d+(?:\.\d+)?)\s*万元以上(?:的)?(?P<kind>通用|专用)?设备",
          "assets.{kind}equipment_over_{n}wan", counts=True, masks=True),
        T(r"执法执勤用车", "assets.vehicles.law_enforcement", counts=True),
        T(r"特种专业技术用车", "assets.vehicles.special_technical", counts=True),
        T(r"领导干部用车", "assets.vehicles.leadership", counts=True),
        T(r"一般公务用车", "assets.vehicles.general_official", counts=True),
        T(r"机要通信用车", "assets.vehicles.confidential_communication", counts=True),
        T(r"应急保障用车", "assets.vehicles.emergency", counts=True),
        T(r"离退休干部(?:服务)?用车", "assets.vehicles.retiree_service", counts=True),
        T(r"其他用车", "assets.vehicles.other", counts=True),
        T(r"(?<=[,、;:，：])(?P<name>[一-龥]{2,10}用车)", "assets.vehicles.{name}", counts=True),
        T(r"车辆|公务用车|汽车", "assets.vehicles", counts=True),
    ],
}
_KIND_SLUG = {"通用": "general_", "专用": "special_", "": ""}

# Level-1 headings of the 情况说明 → section kind. Most specific first.
SECTION_KINDS: list[tuple[str, str]] = [
    (r"三公", "three_public"),
    (r"机关运行经费", "admin_costs"),
    (r"一般性支出", "general_spending"),
    (r"政府采购", "procurement"),
    (r"国有资产", "assets"),
    (r"绩效", "performance"),
    (r"政府性基金", "government_fund"),
    (r"国有资本经营", "state_capital"),
    (r"基本支出", "basic"),
    (r"一般公共预算", "general_budget"),
    (r"财政拨款收入支出|财政拨款收支", "fiscal"),
    (r"收入支出决算总体|收支决算总体|收入支出总体|收支总体", "overall"),
    (r"收入决算", "income"),
    (r"支出决算", "expenditure"),
]

# Shares name their basis: "占本年支出合计的 99.9%".
_BASIS: list[tuple[re.Pattern, str]] = [(re.compile(p), s) for p, s in (
    (r"本年支出合计|支出合计|支出总额|总支出", "expenditure.total"),
    (r"本年收入合计|收入合计|收入总额|总收入", "income.total"),
    (r"一般公共预算(?:财政拨款)?支出(?:总额|合计)?", "general_budget.total"),
    (r"政府性基金预算(?:财政拨款)?支出(?:总额|合计)?", "government_fund.expenditure"),
    (r"政府采购支出总额|采购支出总额", "procurement.total"),
    (r"(?:授予)?中小企业合同(?:金额|总额)", "procurement.sme"),
)]
_SHARE = re.compile(r"占(?P<phrase>[^,;:。%]{0,40}?)(?:的)?(?:比例|比重)?(?:为|达|是)?\s*$")
_COMPLETION = re.compile(r"完成(?:了)?(?P<which>年初|全年|调整后?)?预算(?:数)?(?:的)?|预算完成率|"
                         r"执行率|完成率")
_UP = re.compile(r"增长|增加|上升|提高|提升|超支|多支")
_DOWN = re.compile(r"减少|降低|下降|节约|缩减|压减|减|少")
_COMPARISON = re.compile(r"(?:与|比|较|同)(?:上年|上一年|去年|上年度|20\d\d\s*年)|同比|"
                         r"(?:与|比|较)(?P<initial>年初)?预算")
_CLAUSE = re.compile(r"[,;:。，；：]")
_FUND_NAMES = re.compile(r"一般公共预算|政府性基金预算|国有资本经营预算|社会保险基金预算|预算绩效|"
                         r"预算单位|预算管理")
_NOT_CELL_MEASURES = {"count", "persons", "rank", "score", "indicator"}
_MONEY_MEASURES = {"amount", "actual", "budget", "budget_initial", "budget_full_year", "change",
                   "change_vs_budget", "adjustment", "prior_year_implied", "budget_implied"}


# ---- the scanner: figures → facts ------------------------------------------------------------

class Codes:
    """Function-classification names of the disclosure's coded tables, for matching names."""

    def __init__(self, d: Disclosure) -> None:
        self.tables = {tid: d.tables.get(tid) for tid in (_GB, _GF, "expenditure")}

    def rows(self, table: str) -> dict[str, str]:
        frame = self.tables.get(table)
        if frame is None:
            return {}
        return {c: i for c, i in zip(frame["code"], frame["item"], strict=True) if c}

    def class_code(self, name: str) -> str:
        for table in (_GB, "expenditure"):
            for code, item in self.rows(table).items():
                if len(code) == 3 and same_name(name, item):
                    return code
        return next((c for c, n in FUNCTION_CLASSES.items() if same_name(name, n)), "")


def norm_name(text: str) -> str:
    return re.sub(r"[\s“”\"'‘’]", "", fold(text))


def same_name(a: str, b: str) -> bool:
    """Equal names, allowing the 类 form without 支出 (卫生健康（类） = 卫生健康支出)."""
    x, y = norm_name(a), norm_name(b)
    return bool(x) and (x == y or x + "支出" == y or x == y + "支出")



@dataclass(frozen=True)
class Cue:
    """What the words next to a figure say it is."""

    measure: str
    basis: str = ""
    negative: bool = False
    share_of: str = ""  # the words after 占, resolved to a subject by the scanner


def measure_of(fig: Figure, local: str, before: str, subject: str | None,
               earlier: list[Fact], counts_topic: bool = False) -> Cue:
    """The measure of a figure from the cue words in front of it (`local`: its clause)."""
    if fig.qualifier.startswith("第"):
        return Cue("rank")
    if fig.is_percent and (m := _SHARE.search(local)):
        return Cue("share", share_of=re.sub(r"\s", "", m.group("phrase")))
    if fig.is_percent and (m := _COMPLETION.search(local)):
        which = m.group("which") or ""
        if which == "年初":
            return Cue("completion_rate", "budget_initial")
        if which.startswith(("全年", "调整")):
            return Cue("completion_rate", "budget_full_year")
        stated = [f.measure for f in earlier if f.subject == subject
                  and f.measure in ("budget", "budget_initial", "budget_full_year")]
        return Cue("completion_rate", stated[-1] if stated else "budget")
    up, down = _UP.search(local), _DOWN.search(local)
    if up or down:
        negative = bool(down) and (not up or down.start() > up.start())
        comparisons = list(_COMPARISON.finditer(before))
        versus = "prior_year"
        if comparisons and "预算" in comparisons[-1].group():
            versus = "budget_initial" if comparisons[-1].group("initial") else "budget"
        vs_budget = versus != "prior_year"
        if fig.is_percent:
            return Cue("rate_vs_budget" if vs_budget else "growth_rate", versus, negative)
        return Cue("change_vs_budget" if vs_budget else "change",
                   versus if vs_budget else "", negative)
    if fig.is_percent:
        return Cue("rate")
    if fig.base_unit == "分":
        return Cue("score")
    local = _FUND_NAMES.sub("", local)  # 一般公共预算 names a fund, not a budget figure
    for pattern, measure in ((r"年初预算", "budget_initial"),
                             (r"全年预算|调整(?:后)?预算", "budget_full_year"),
                             (r"预算", "budget"),
                             (r"决算|执行数|实际支出|实际使用|使用金额", "actual")):
        if re.search(pattern, local) and (fig.is_money or not fig.unit):
            return Cue(measure)
    if fig.base_unit in PERSON_UNITS:
        return Cue("persons")
    if fig.is_money or (not fig.unit and subject and not counts_topic):
        return Cue("amount")
    if fig.unit:
        return Cue("count")
    return Cue("")


def make_fact(sent: Text, fig: Figure, subject: str, cue: Cue, section: str, table: str = "",
              code: str = "", column: str = "", basis: str | None = None) -> Fact:
    value = -fig.value if cue.negative else fig.value
    wan = fig.to_wan()
    if wan is None and not fig.unit and cue.measure in _MONEY_MEASURES:
        wan = fig.value  # printed without a unit: read in the disclosure's unit (万元)
    if wan is not None and cue.negative:
        wan = -wan
    return Fact(section, sent.line_at(fig.start), subject, cue.measure, value, fig.unit, wan,
                False, table, code, column, cue.basis if basis is None else basis, sent.text)


def implied(new: list[Fact], earlier: list[Fact] = ()) -> list[Fact]:
    """prior_year_implied = current − change; budget_implied = current − change_vs_budget.

    The current value is the last actual/amount of the same subject stated before the change in
    the same paragraph (`earlier` holds the paragraph's previous facts); money in 万元.
    """
    out = []
    facts = list(earlier) + new
    for k, f in enumerate(facts):
        if f.measure not in ("change", "change_vs_budget") or k < len(earlier):
            continue
        current = [c for c in facts[:k] if c.subject == f.subject and c.measure in
                   ("actual", "amount") and not c.derived]
        if not current or f.subject == "unattributed":
            continue
        c = current[-1]
        if c.value_wan is not None and f.value_wan is not None:
            value, unit, wan = c.value_wan - f.value_wan, UNIT, c.value_wan - f.value_wan
        elif c.unit == f.unit and c.value_wan is None and f.value_wan is None:
            value, unit, wan = c.value - f.value, c.unit, None
        else:
            continue
        measure = "prior_year_implied" if f.measure == "change" else "budget_implied"
        out.append(Fact(f.section, f.line, f.subject, measure, value, unit, wan, True, f.table,
                        f.code, f.column, "", f.text))
    return out


@dataclass
class Scanner:
    """Attributes the figures of one section's sentences; topics carry over within a paragraph."""

    lexicon: list[Topic]
    codes: Codes | None
    section: str = ""
    last_money: Hit | None = None
    last_any: Hit | None = None
    paragraph: list[Fact] = field(default_factory=list)  # facts of the paragraph so far

    def new_paragraph(self) -> None:
        self.last_money = self.last_any = None
        self.paragraph = []

    def hits(self, s: str) -> list[Hit]:
        """Topic matches in folded text: longest first, then lexicon order; no overlaps."""
        found = []
        for rank, topic in enumerate(self.lexicon):
            for m in topic.pattern.finditer(s):
                if m.end() > m.start():
                    found.append((m.end() - m.start(), rank, m, topic))
        found.sort(key=lambda h: (-h[0], h[1], h[2].start()))
        taken: list[tuple[int, int]] = []
        out = []
        for _, _, m, topic in found:
            if any(m.start() < e and s0 < m.end() for s0, e in taken):
                continue
            taken.append((m.start(), m.end()))
            subject, code = self._fill(topic, m)
            out.append(Hit(m.start(), m.end(), topic, subject, code))
        return sorted(out, key=lambda h: h.start)

    def _fill(self, topic: Topic, m: re.Match) -> tuple[str, str]:
        groups = {k: re.sub(r"\s", "", v or "") for k, v in m.groupdict().items()}
        code = topic.code
        if code == "{code}":
            code = self.codes.class_code(groups.get("name", "")) if self.codes else ""
            groups["code"] = code or groups.get("name", "")
        if "kind" in groups:
            groups["kind"] = _KIND_SLUG.get(groups["kind"], groups["kind"])
        subject = topic.subject.format(**groups) if "{" in topic.subject else topic.subject
        return subject, code

    def basis_of(self, phrase: str, default: str) -> str:
        if not phrase:
            return default
        for pattern, subject in _BASIS:
            if pattern.fullmatch(phrase):
                return subject
        hits = self.hits(phrase)
        if len(hits) == 1 and hits[0].end - hits[0].start >= len(phrase) - 1:
            return hits[0].subject
        return phrase

    def scan(self, sent: Text, skip=None) -> list[Fact]:
        """Facts of one sentence; `skip(offset in paragraph)` leaves a figure to another reader."""
        s = sent.folded
        figs = [f for f in figures(sent.text) if not (skip and skip(sent.origin + f.start))]
        hits = self.hits(s)
        shares = [(m.start(), m.end()) for m in re.finditer(r"占[^,;:。%\d]{0,40}?(?=\s*\d)", s)]
        hits = [h for h in hits if not any(a <= h.start < b for a, b in shares)]
        masked = [(h.start, h.end) for h in hits if h.topic.masks]
        figs = [f for f in figs if not any(a <= f.start < b for a, b in masked)]
        parens = _paren_spans(s)
        out: list[Fact] = []
        prev_end = 0
        for fig in figs:
            clause = max([prev_end] + [m.end() for m in _CLAUSE.finditer(s, 0, fig.start)])
            prev_end = fig.end
            money_like = not fig.unit or fig.is_money or fig.is_percent
            usable = [h for h in hits if h.end <= fig.start
                      and _in_scope(h.start, fig.start, parens)
                      and not (money_like and h.topic.counts)]
            hit = usable[-1] if usable else (self.last_money if money_like else self.last_any)
            cue = measure_of(fig, s[clause:fig.start], s[:fig.start],
                             hit.subject if hit else None, out, bool(hit and hit.topic.counts))
            out.append(self.fact(sent, fig, hit, cue))
        for h in hits:
            if _in_scope(h.start, len(s), parens):
                self.last_any = h
                if not h.topic.counts:
                    self.last_money = h
        out += implied(out, self.paragraph)
        self.paragraph += out
        return out

    def fact(self, sent: Text, fig: Figure, hit: Hit | None, cue: Cue) -> Fact:
        if hit is None or not cue.measure:
            return make_fact(sent, fig, "unattributed", Cue(cue.measure or "value",
                                                            cue.basis, cue.negative),
                             self.section)
        basis = cue.basis
        if cue.measure == "share":
            basis = self.basis_of(cue.share_of, hit.topic.basis)
        if cue.measure in _NOT_CELL_MEASURES:
            return make_fact(sent, fig, hit.subject, cue, self.section, basis=basis)
        return make_fact(sent, fig, hit.subject, cue, self.section, hit.topic.table, hit.code,
                         hit.topic.column, basis)


def _paren_spans(s: str) -> list[tuple[int, int]]:
    spans, stack = [], []
    for k, ch in enumerate(s):
        if ch == "(":
            stack.append(k)
        elif ch == ")" and stack:
            spans.append((stack.pop(), k + 1))
    spans += [(k, len(s)) for k in stack]  # an unclosed bracket runs to the end
    return spans


def _in_scope(topic_at: int, fig_at: int, parens: list[tuple[int, int]]) -> bool:
    """A topic inside brackets applies only to figures inside the same brackets."""
    inner = [(a, b) for a, b in parens if a < topic_at < b]
    if not inner:
        return True
    a, b = max(inner)
    return a < fig_at < b


# ---- sections → paragraphs -------------------------------------------------------------------

def subtree(d: Disclosure, key: str) -> list[Section]:
    root = d.sections[key]
    return [s for s in d.sections.values() if root.start_line <= s.start_line <= root.end_line]


def section_paragraphs(d: Disclosure, key: str, own_only: bool = False) -> list[Text]:
    """Paragraphs of a section and its subsections, headings as paragraphs of their own.

    Each paragraph's `section` is the key of the (sub)section it stands in.
    """
    secs = [d.sections[key]] if own_only else subtree(d, key)
    rows: list[tuple[int, str, str]] = []
    heads = set()
    for sec in secs:
        if sec.level > 0 and not own_only:
            rows.append((sec.start_line, sec.heading, sec.key))
            heads.add(sec.start_line)
        rows += [(no, text, sec.key) for no, text in sec.lines]
    rows.sort(key=lambda r: r[0])
    owner = {no: k for no, _, k in rows}
    pars = paragraphs([(no, t) for no, t, _ in rows], frozenset(heads))
    return [Text(p.text, p.starts, owner[p.line]) for p in pars]


def _part_has(sec: Section, *words: str) -> bool:
    part = re.sub(r"\s", "", sec.part)
    return any(w in part for w in words)


def explanation_sections(d: Disclosure) -> list[tuple[str, str]]:
    """(kind, key) of each level-1 section of the 情况说明, kind '' where no rule knows it."""
    out = []
    for sec in d.sections.values():
        if sec.level == 1 and _part_has(sec, "情况说明", "决算说明"):
            kind = next((k for p, k in SECTION_KINDS if re.search(p, sec.heading)), "")
            out.append((kind, sec.key))
    return out


# ---- budget execution items (一般公共预算 / 政府性基金 具体情况) -----------------------------------

_ITEM_NAMES = re.compile(r"(?P<cls>[^()。]+?)\(类\)\s*(?P<kuan>[^()。]+?)\(款\)\s*"
                         r"(?P<xiang>[^()。]+?)\(项\)")
_DIRECTION = re.compile(r"决算数?(?P<dir>大于|小于|等于|高于|低于|超过|少于|多于)(?:年初)?预算|"
                        r"决算数?与(?:年初)?预算数?(?P<same>一致|持平|相等|相同)")
_REASON = re.compile(r"原因(?:是|为|主要是|在于)?\s*:?\s*(?P<reason>[^。]+)")

BUDGET_EXECUTION_COLUMNS = [
    "fund", "no", "code", "class_name", "kuan_name", "item_name", "table_class_name",
    "table_kuan_name", "table_item_name", "name_mismatch", "budget_initial", "actual",
    "stated_actual", "stated_unit", "completion_rate_stated", "completion_rate", "direction",
    "reason", "section", "line", "text",
]
BUDGET_EXECUTION_FIELDS: list[tuple[str, str, str]] = [
    ("fund", "string", "general_budget or government_fund"),
    ("no", "integer", "item number as printed"),
    ("code", "string", "function code (项), found by matching the names against the table"),
    ("class_name", "string", "类 name as written in the narrative"),
    ("kuan_name", "string", "款 name as written"),
    ("item_name", "string", "项 name as written"),
    ("table_class_name", "string", "类 name in the table for the code"),
    ("table_kuan_name", "string", "款 name in the table"),
    ("table_item_name", "string", "项 name in the table"),
    ("name_mismatch", "string", "levels whose written name differs from the table (类, 款, 项); "
     "'unmatched' when no code was found"),
    ("budget_initial", "number", "年初预算 as stated, converted to 万元"),
    ("actual", "number", "决算 from the table (the authoritative figure)"),
    ("stated_actual", "number", "决算 as stated in the narrative, converted to 万元"),
    ("stated_unit", "string", "unit the stated 决算 was written in (empty: none written)"),
    ("completion_rate_stated", "number", "完成年初预算的 … % as stated", "%"),
    ("completion_rate", "number", "recomputed: actual / budget_initial × 100 (2 decimals)", "%"),
    ("direction", "string", "大于 / 小于 / 等于 / 一致 … as written"),
    ("reason", "string", "the stated reason"),
    ("section", "string", "section key"),
    ("line", "integer", "source line of the stated 决算"),
    ("text", "string", "the item as written (names and statement)"),
]


@dataclass
class _Item:
    fund: str
    no: int
    names: tuple[str, str, str]
    pars: list[Text]


def _items(d: Disclosure, key: str, fund: str) -> tuple[list[_Item], set[int]]:
    """Numbered 类/款/项 items of a section; also the first lines of the paragraphs they use."""
    items: list[_Item] = []
    used: set[int] = set()
    current: _Item | None = None
    headings = _heading_lines(d, key)
    for par in section_paragraphs(d, key):
        marker = leading_marker(par.text)
        m = _ITEM_NAMES.match(par.folded, marker[1]) if marker else None
        if m:
            names = tuple(par.text[m.start(g):m.end(g)].strip() for g in ("cls", "kuan", "xiang"))
            current = _Item(fund, marker[0], names, [par])
            items.append(current)
            used.add(par.line)
        elif current is not None and not marker and par.line not in headings:
            current.pars.append(par)
            used.add(par.line)
        else:
            current = None
    return items, used


def _heading_lines(d: Disclosure, key: str) -> set[int]:
    return {s.start_line for s in subtree(d, key)}


def match_code(codes: Codes, table: str, names: tuple[str, str, str]
               ) -> tuple[str, tuple[str, str, str], str]:
    """(code, the table's names for it, mismatching levels) for a 类/款/项 name triple."""
    rows = codes.rows(table)
    items = {c: n for c, n in rows.items() if len(c) == 7}
    cls, kuan, xiang = names

    def path(c: str) -> tuple[str, str, str]:
        return rows.get(c[:3], ""), rows.get(c[:5], ""), items[c]

    def agreement(c: str) -> tuple[bool, bool, bool]:
        t = path(c)
        return same_name(cls, t[0]), same_name(kuan, t[1]), same_name(xiang, t[2])

    candidates = [c for c in items if same_name(xiang, items[c])]
    if not candidates:  # no 项 of that name: the closest name under the same 类, if close enough
        scored = sorted(((difflib.SequenceMatcher(None, norm_name(xiang), norm_name(n)).ratio(),
                          c) for c, n in items.items() if same_name(cls, rows.get(c[:3], ""))),
                        reverse=True)
        candidates = [scored[0][1]] if scored and scored[0][0] >= 0.6 else []
    if not candidates:
        return "", ("", "", ""), "unmatched"
    ranked = sorted(candidates, key=lambda c: (-sum(agreement(c)), c))
    best = ranked[0]
    if len(ranked) > 1 and sum(agreement(ranked[1])) == sum(agreement(best)):
        return "", ("", "", ""), "ambiguous"
    mismatch = ",".join(level for level, ok in zip("类款项", agreement(best), strict=True)
                        if not ok)
    return best, path(best), mismatch


def _read_items(d: Disclosure, codes: Codes) -> tuple[list[dict], list[Fact], set[int]]:
    rows, facts, used = [], [], set()
    for kind, key in explanation_sections(d):
        if kind not in ("general_budget", "government_fund"):
            continue
        table = _GB if kind == "general_budget" else _GF
        items, consumed = _items(d, key, kind)
        used |= consumed
        for item in items:
            row, item_facts = _read_item(item, codes, table)
            rows.append(row)
            facts += item_facts
    return rows, facts, used


def _read_item(item: _Item, codes: Codes, table: str) -> tuple[dict, list[Fact]]:
    code, tnames, mismatch = match_code(codes, table, item.names)
    subject = f"{item.fund}.item.{code or norm_name(item.names[2])}"
    stated: dict[str, Fact] = {}
    facts: list[Fact] = []
    header = item.pars[0]
    names_end = _ITEM_NAMES.match(header.folded, leading_marker(header.text)[1]).end()
    for par in item.pars:
        for sent in sentences(par):
            local_facts: list[Fact] = []
            s = sent.folded
            prev_end = 0
            for fig in figures(sent.text):
                if par is header and sent.origin + fig.start < names_end:
                    continue
                clause = max([prev_end] + [m.end() for m in _CLAUSE.finditer(s, 0, fig.start)])
                prev_end = fig.end
                cue = measure_of(fig, s[clause:fig.start], s[:fig.start], subject, local_facts)
                core = cue.measure in ("budget_initial", "budget", "actual", "completion_rate")
                if core and cue.measure not in stated:
                    f = make_fact(sent, fig, subject, cue, header.section, table, code, "total")
                    stated[cue.measure] = f
                else:  # figures of the reason text
                    f = make_fact(sent, fig, "unattributed", Cue(cue.measure or "value"),
                                  header.section)
                local_facts.append(f)
            facts += local_facts
    text = "".join(p.text for p in item.pars)
    folded = fold(text)
    direction = ""
    if m := _DIRECTION.search(folded):
        direction = m.group("dir") or m.group("same")
    reason = ""
    if m := _REASON.search(folded, m.end() if m else 0):
        reason = text[m.start("reason"):m.end("reason")].strip()
    budget = stated.get("budget_initial") or stated.get("budget")
    actual_fact = stated.get("actual")
    actual = _table_value(codes, table, code)
    rate = None
    if budget is not None and budget.value_wan and actual is not None:
        rate = (actual / budget.value_wan * 100).quantize(Decimal("0.01"))
    row = {
        "fund": item.fund, "no": item.no, "code": code,
        "class_name": item.names[0], "kuan_name": item.names[1], "item_name": item.names[2],
        "table_class_name": tnames[0], "table_kuan_name": tnames[1],
        "table_item_name": tnames[2], "name_mismatch": mismatch,
        "budget_initial": budget.value_wan if budget else None, "actual": actual,
        "stated_actual": actual_fact.value_wan if actual_fact else None,
        "stated_unit": actual_fact.unit if actual_fact else "",
        "completion_rate_stated": stated["completion_rate"].value
        if "completion_rate" in stated else None,
        "completion_rate": rate, "direction": direction, "reason": reason,
        "section": header.section, "line": actual_fact.line if actual_fact else header.line,
        "text": text,
    }
    return row, facts


def _table_value(codes: Codes, table: str, code: str) -> Decimal | None:
    frame = codes.tables.get(table)
    if frame is None or not code:
        return None
    hit = frame[frame["code"] == code]
    return hit["total"].iloc[0] if len(hit) else None


def budget_execution(d: Disclosure) -> pd.DataFrame:
    """One row per numbered 项 of the budget-execution paragraphs (一般公共预算, 政府性基金)."""
    rows, _, _ = _read_items(d, Codes(d))
    return object_frame(rows, BUDGET_EXECUTION_COLUMNS)


# ---- all narrative facts ---------------------------------------------------------------------

def explanation_facts(d: Disclosure) -> list[Fact]:
    """Facts of the 情况说明 except its performance section (see extract/performance.py)."""
    codes = Codes(d)
    _, facts, used = _read_items(d, codes)
    for kind, key in explanation_sections(d):
        if kind == "performance":
            continue
        scanner = Scanner(LEXICONS.get(kind, []), codes, key)
        for par in section_paragraphs(d, key):
            if par.line in used:
                continue
            scanner.new_paragraph()
            scanner.section = par.section
            for sent in sentences(par):
                facts += scanner.scan(sent)
    return facts


def narrative_facts(d: Disclosure) -> pd.DataFrame:
    """Every figure of the 情况说明 and the performance report, long (FACT_COLUMNS)."""
    frame = facts_frame(explanation_facts(d))
    perf = d.performance.facts
    if len(perf):
        frame = pd.concat([frame, perf], ignore_index=True)
        frame = frame.sort_values("line", kind="stable").reset_index(drop=True)
    return frame


# ---- 三公 activities: trips and receptions ----------------------------------------------------

THREE_PUBLIC_DETAIL_COLUMNS = ["item", "groups", "persons", "destinations", "purpose", "section",
                               "line", "text"]
THREE_PUBLIC_DETAIL_FIELDS: list[tuple[str, str, str]] = [
    ("item", "string", "overseas (因公出国（境）) or reception (公务接待)"),
    ("groups", "integer", "团组 as stated"),
    ("persons", "integer", "人次 as stated"),
    ("destinations", "string", "destinations as written, separated by 、"),
    ("purpose", "string", "the stated purpose or content"),
    ("section", "string", "section key"),
    ("line", "integer", "source line of the sentence"),
    ("text", "string", "the source sentence"),
]
_DESTINATIONS = re.compile(r"出访(?:地|国家和地区|国家|地区)(?:为|是|包括)?:?\s*"
                           r"(?P<d>[^,;。]+)")
_PURPOSE = re.compile(r"(?:主要内容为|主要内容是|主要是|主要为|主要用于)(?P<p>[^。]+)")


def three_public_details(d: Disclosure) -> pd.DataFrame:
    """Trips abroad and receptions of the 三公 section: groups, persons, destinations, purpose."""
    rows = []
    items = {"three_public.overseas.trips": "overseas", "three_public.reception.visits":
             "reception"}
    facts = d.narrative_facts  # cached on the Disclosure: no second pass over the text
    for subject, item in items.items():
        mine = list(facts[facts.subject == subject].itertuples())
        if not mine:
            continue
        text = mine[0].text
        folded = fold(text)
        groups = next((f.value for f in mine if f.measure == "count"), None)
        persons = next((f.value for f in mine if f.measure == "persons"), None)
        dest = ""
        if m := _DESTINATIONS.search(folded):
            dest = "、".join(p for p in re.split(r"[、和及]", text[m.start("d"):m.end("d")]) if p)
        purpose = ""
        if m := _PURPOSE.search(folded):
            purpose = text[m.start("p"):m.end("p")].strip()
        rows.append({"item": item, "groups": groups, "persons": persons, "destinations": dest,
                     "purpose": purpose, "section": mine[0].section, "line": mine[0].line,
                     "text": text})
    return object_frame(rows, THREE_PUBLIC_DETAIL_COLUMNS)


# ---- glossary and profile --------------------------------------------------------------------

GLOSSARY_COLUMNS = ["no", "term", "definition", "section", "line"]
GLOSSARY_FIELDS: list[tuple[str, str, str]] = [
    ("no", "integer", "number as printed"),
    ("term", "string", "the term as written"),
    ("definition", "string", "its definition"),
    ("section", "string", "section key"),
    ("line", "integer", "source line of the term"),
]


def glossary(d: Disclosure) -> pd.DataFrame:
    """名词解释: one row per term."""
    rows: list[dict] = []
    for sec in d.sections.values():
        if not (re.search("名词解释", re.sub(r"\s", "", sec.heading)) and sec.level in (0, 1)):
            continue
        for par in section_paragraphs(d, sec.key):
            marker = leading_marker(par.text)
            body = par.text[marker[1]:] if marker else par.text
            m = re.match(r"\s*(?P<term>[^:：。]{1,40}?)\s*[:：]\s*(?P<def>.*)", body, re.S)
            if marker and m:
                rows.append({"no": marker[0], "term": m.group("term"), "definition":
                             m.group("def").strip(), "section": par.section, "line": par.line})
            elif marker and len(body) <= 40 and "。" not in body:  # the term as a heading
                rows.append({"no": marker[0], "term": body.strip(), "definition": "",
                             "section": par.section, "line": par.line})
            elif rows and not re.sub(r"\s", "", par.text).endswith("名词解释"):
                sep = "" if not rows[-1]["definition"] else "\n"
                rows[-1]["definition"] += sep + par.text
    return object_frame(rows, GLOSSARY_COLUMNS)


PROFILE_COLUMNS = ["field", "no", "value", "section", "line", "text"]
PROFILE_FIELDS: list[tuple[str, str, str]] = [
    ("field", "string", "duty, internal_body or consolidated_unit"),
    ("no", "integer", "position (the printed number for duties)"),
    ("value", "string", "the duty, body or unit as written"),
    ("section", "string", "section key"),
    ("line", "integer", "source line"),
    ("text", "string", "the source paragraph"),
]
_LIST_START = re.compile(r"(?:包括|包含|设有|分别是|分别为|有)\s*[:：]\s*|(?:包括|包含)")


def profile(d: Disclosure) -> pd.DataFrame:
    """概况: duties (部门职责), internal bodies (内设机构), consolidated units (决算单位构成)."""
    rows: list[dict] = []
    for sec in d.sections.values():
        if sec.level != 1 or not _part_has(sec, "概况"):
            continue
        duties = "职责" in sec.heading or "职能" in sec.heading
        for par in section_paragraphs(d, sec.key):
            if par.line == sec.start_line:
                continue
            if duties:
                marker = leading_marker(par.text)
                rows.append(_profile_row("duty", marker[0] if marker else
                                         sum(r["field"] == "duty" for r in rows) + 1,
                                         par.text[marker[1]:] if marker else par.text, par))
                continue
            if re.search(r"内设机构|内设科室|内设处室", par.text):
                field_name = "internal_body"
            elif re.search(r"决算单位构成|单位构成|决算.*单位.*包括|纳入.*决算", par.text):
                field_name = "consolidated_unit"
            else:
                continue
            for k, value in enumerate(_listed(par.text), start=1):
                rows.append(_profile_row(field_name, k, value, par))
    return object_frame(rows, PROFILE_COLUMNS)


def _profile_row(field_name: str, no: int, value: str, par: Text) -> dict:
    return {"field": field_name, "no": no, "value": value.strip(), "section": par.section,
            "line": par.line, "text": par.text}


def _listed(text: str) -> list[str]:
    """The names listed after 包括： up to the end of the sentence, split on 、 and 以及."""
    m = _LIST_START.search(text)
    if m is None:
        return []
    rest = text[m.end():]
    rest = re.split(r"[。；;]", rest)[0]
    rest = re.sub(r"等\s*\d*\s*个?(?:单位|机构|科室)?\s*$", "", rest)
    parts, depth, cur = [], 0, ""
    for ch in rest:
        depth += ch in "（(" and 1 or 0
        depth -= ch in "）)" and 1 or 0
        if depth == 0 and ch in "、，,":
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    out = []
    for p in parts:
        out += [q for q in re.split(r"以及", p)]
    return [p.strip() for p in out if p.strip()]


# ---- processed files -------------------------------------------------------------------------

def narrative_outputs(d: Disclosure) -> list[tuple[str, str, pd.DataFrame, str, list[tuple]]]:
    """(resource name, path, frame, description, fields) of each narrative data file."""
    from .performance import DESCRIPTIONS, FIELDS  # performance builds on this module

    out = [
        ("budget_execution", "budget_execution.csv", d.budget_execution,
         "Budget execution items of the narrative (一般公共预算/政府性基金 具体情况): names, "
         "matched function code, stated 年初预算 and 决算 (converted to 万元, unit as written "
         "kept), the table's 决算, completion rate stated and recomputed, direction, reason.",
         BUDGET_EXECUTION_FIELDS),
        ("narrative_facts", "narrative_facts.csv", d.narrative_facts,
         "Every figure stated in the narrative (情况说明) and the performance report, long: "
         "subject, measure, value as printed with its unit, value in 万元 for money, the table "
         "cell it is about, and the source section, line and sentence. Vocabulary: README.",
         FACT_FIELDS),
        ("three_public_details", "three_public_details.csv", d.three_public_details,
         "三公: trips abroad and receptions as stated (groups, persons, destinations, purpose).",
         THREE_PUBLIC_DETAIL_FIELDS),
        ("glossary", "glossary.csv", d.glossary, "名词解释: the glossary, one row per term.",
         GLOSSARY_FIELDS),
        ("profile", "profile.csv", d.profile, "概况: duties, internal bodies and the units whose "
         "accounts are consolidated, one row each.", PROFILE_FIELDS),
    ]
    for name in d.performance.TABLES:
        out.append((f"performance_{name}", f"performance/{name}.csv",
                    getattr(d.performance, name), DESCRIPTIONS[name], FIELDS[name]))
    return out
