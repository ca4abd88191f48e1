"""Word lists of the narrative (情况说明): the words that say what a figure is about (topics, by
section kind), which section a heading opens, and the cue words next to a figure that say
what it measures. Kept as data, apart from the code that applies them (scanner.py).
"""

from __future__ import annotations

import re
import re._constants as _c  # the parse of a pattern: see required_words
import re._parser as _parser
from dataclasses import dataclass


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
    budgets_only: bool = False  # a budget's (部门预算) wording, not looked for in final accounts
    # Words one of which every match contains (empty: no such words known): a sentence with
    # none of them is passed over without running the pattern (see required_words).
    needs: tuple[str, ...] = ()


def T(pattern: str, subject: str, table: str = "", column: str = "", **kw) -> Topic:
    return Topic(re.compile(pattern), subject, table, column, needs=required_words(pattern),
                 **kw)


def required_words(pattern: str) -> tuple[str, ...]:
    """Words one of which every match of `pattern` contains, read from its parse: a run of
    literal characters that no match can skip (outside optional parts, repeats that may be
    absent and lookarounds), or one word of each alternative of an alternation. () when the
    pattern has none or its parse is not understood: then it is always run."""
    try:
        parsed = _parser.parse(pattern)
    except Exception:  # a private module: if it ever changes, fall back to running the pattern
        return ()
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
        return ()
    return _required(list(parsed))


def _required(items: list) -> tuple[str, ...]:
    candidates: list[tuple[str, ...]] = []
    run: list[str] = []
    for op, av in items:
        if op is _c.LITERAL:
            run.append(chr(av))
            continue
        if run:
            candidates.append(("".join(run),))
            run = []
        if op is _c.SUBPATTERN and not av[1] and not av[2]:  # a group without inline flags
            candidates.append(_required(list(av[3])))
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[0] >= 1:
            candidates.append(_required(list(av[2])))
        elif op is _c.BRANCH:
            alternatives = [_required(list(alt)) for alt in av[1]]
            if all(alternatives):
                candidates.append(tuple(dict.fromkeys(w for alt in alternatives for w in alt)))
    if run:
        candidates.append(("".join(run),))
    candidates = [c for c in candidates if c]
    # The fewest words to look for, then the longest: the rarest test.
    return min(candidates, key=lambda c: (len(c), -min(map(len, c))), default=())




_TP = "three_public"
_GF = "government_fund"
_GB = "general_budget_expenditure"
_CLASS = r"(?P<name>[^\s,;:：。()、“”\d]+?)\(类\)"

LEXICONS: dict[str, list[Topic]] = {
    "overall": [
        T(r"收、?支总计|收入支出总计|收支总额", "income_expenditure.total",
          "income_expenditure_summary", "amount"),
        # A budget's (部门预算) totals: "2026年收入预算总计 X 万元，比上年增加 Y 万元", "本单位
        # 支出预算 X 万元"; "收入较去年增加 Y 万元" (收入/支出 before a comparison, in a
        # budget's words only: a final account says 收入决算 or 本年收入合计), and the income
        # sources it lists (so that their figures are not the total's). No table cell yet:
        # the budget checks (issue 21 §2) compare them with the tables.
        T(r"收入预算(?:总计|总额|合计|总数)?|收入(?=(?:较|比|与)(?:上年|去年|上一年))",
          "budget_income.total", "budget_income", "total", budgets_only=True),
        T(r"支出预算(?:总计|总额|合计|总数)?|支出(?=(?:较|比|与)(?:上年|去年|上一年))",
          "budget_expenditure.total", "budget_expenditure", "total", budgets_only=True),
        # Each source's cell: the 收入预算总表's column of that source (N1 compares them).
        *(T(p, f"budget_income.{s}", "budget_income" if c else "", c,
            basis="budget_income.total", budgets_only=True)
          for p, s, c in ((r"一般公共预算(?:财政)?拨款(?:收入)?", "general_budget",
                           "general_budget"),
                          (r"政府性基金(?:预算)?(?:财政)?拨款(?:收入)?", "government_fund",
                           "government_fund"),
                          (r"国有资本经营预算(?:财政)?拨款(?:收入)?", "state_capital", ""),
                          (r"财政专户管理(?:的)?事业收入", "fiscal_special_account",
                           "special_account"),
                          (r"事业单位经营(?:服务)?收入|经营收入", "operating", "operating"),
                          (r"上级补助收入", "superior_subsidy", "superior_subsidy"),
                          (r"附属单位上缴收入", "subsidiary_remittance", ""),
                          (r"(?<!财政专户管理)事业收入", "business", "business"),
                          (r"其他收入", "other", "other"),
                          (r"上年结转(?:结余)?", "carryover", "carried_over"))),
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
        T(r"(?:国内)?公务接待(?:费|支出)", "three_public.reception", _TP, "reception"),
        # 接待来访团组 52 个、来宾 361 人次; 共接待 2 批次、26 人次 (the count right after 接待)
        T(r"接待(?:来访|国内|外宾|外事)?(?:团组|批次)|来宾|接待(?=\s*\d)|接待对象",
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
        T(r"政府采购支出总额|采购支出总额|政府采购支出|政府采购金额", "procurement.total"),
        T(r"货物", "procurement.goods", basis="procurement.total"),
        T(r"工程", "procurement.works", basis="procurement.total"),
        T(r"服务", "procurement.services", basis="procurement.total"),
        T(r"中小企业(?:合同金额)?", "procurement.sme", basis="procurement.total"),
        T(r"小微企业(?:合同金额)?", "procurement.small_micro", basis="procurement.sme"),
    ],
    "assets": [
        T(r"(?:单位价值|单价)\s*(?P<n>\d+(?:\.\d+)?)\s*万元(?:\(含\))?以上(?:的)?"
          r"(?P<kind>通用|专用)?设备(?:\(不含车辆\))?",
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
KIND_SLUG = {"通用": "general_", "专用": "special_", "": ""}

# The part (第一部分 …) that holds the explanation: 情况说明 / 决算说明 of final accounts,
# 预算说明 / 部门预算公开说明 of a budget.
EXPLANATION_PARTS: tuple[str, ...] = ("情况说明", "决算说明", "预算说明", "预算公开说明")

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
BASIS: list[tuple[re.Pattern, str]] = [(re.compile(p), s) for p, s in (
    (r"本年支出合计|支出合计|支出总额|总支出", "expenditure.total"),
    (r"本年收入合计|收入合计|收入总额|总收入", "income.total"),
    (r"一般公共预算(?:财政拨款)?支出(?:总额|合计)?", "general_budget.total"),
    (r"政府性基金预算(?:财政拨款)?支出(?:总额|合计)?", "government_fund.expenditure"),
    (r"政府采购支出总额|采购支出总额", "procurement.total"),
    (r"(?:授予)?中小企业合同(?:金额|总额)", "procurement.sme"),
)]
SHARE = re.compile(r"占(?P<phrase>[^,;:。%]{0,40}?)(?:的)?(?:比例|比重)?(?:为|达|是)?\s*$")
COMPLETION = re.compile(r"完成(?:了)?(?P<which>年初|全年|调整后?)?预算(?:数)?(?:的)?|预算完成率|"
                         r"执行率|完成率")
UP = re.compile(r"增长|增加|上升|提高|提升|超支|多支")
DOWN = re.compile(r"减少|降低|下降|节约|缩减|压减|减|少")
COMPARISON = re.compile(r"(?:与|比|较|同)(?:上年|上一年|去年|上年度|20\d\d\s*年)|同比|"
                         r"(?:与|比|较)(?P<initial>年初)?预算")
CLAUSE = re.compile(r"[,;:。，；：]")
FUND_NAMES = re.compile(r"一般公共预算|政府性基金预算|国有资本经营预算|社会保险基金预算|预算绩效|"
                         r"预算单位|预算管理")
NOT_CELL_MEASURES = {"count", "persons", "rank", "score", "indicator"}
MONEY_MEASURES = {"amount", "actual", "budget", "budget_initial", "budget_full_year", "change",
                   "change_vs_budget", "adjustment", "prior_year_implied", "budget_implied"}

