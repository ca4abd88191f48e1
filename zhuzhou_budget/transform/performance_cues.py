"""Word lists and cue readers of the performance report: its topics, its project lists, the
headings that switch between problems and measures, and how a project's or an achievement's
figures are named."""

from __future__ import annotations

import re

from ..extract.sentences import Figure, Text, figures, leading_marker
from .lexicon import T, Topic
from .scanner import SentenceCues, measure_of

LEXICON: list[Topic] = [
    T(r"整体支出", "performance.overall"),
    T(r"涉及项目|涉及资金|共涉及", "performance.coverage"),
    T(r"一般公共预算项目|一般公共预算资金", "performance.coverage.general_budget",
      basis="general_budget.total"),
    T(r"政府性基金预算项目|政府性基金预算资金", "performance.coverage.government_fund",
      basis="government_fund.expenditure"),
    T(r"国有资本经营预算项目", "performance.coverage.state_capital"),
    T(r"基本支出", "performance.expenditure.basic"),
    T(r"项目支出", "performance.expenditure.project"),
    T(r"政府性基金(?:预算)?(?:支出)?", "performance.expenditure.government_fund"),
    T(r"国有资本经营预算(?:支出)?", "performance.expenditure.state_capital"),
    T(r"社会保险基金预算(?:支出)?", "performance.expenditure.social_insurance"),
    T(r"编制人数|编制数|核定编制", "profile.staff.authorized", counts=True),
    T(r"实有在职人数|在职人数|在职人员", "profile.staff.in_service", counts=True),
    T(r"离休人员", "profile.staff.retired_cadres", counts=True),
    T(r"退休人员", "profile.staff.retired", counts=True),
    T(r"内设(?:科室|机构|处室)", "profile.internal_bodies", counts=True),
    T(r"(?:未独立?核算|非独立核算)的?二级机构", "profile.non_independent_units", counts=True),
    T(r"独立核算(?:的)?单位", "profile.independent_units", counts=True),
    T(r"表现在|取得成效|主要成效", "performance.achievements", counts=True),
    # The national template's 预算绩效管理情况: "编报绩效目标的2024年度项目4个，涉及预算金额
    # 598.42万元；绩效跟踪评价的…；绩效自评的…，平均得分99.43分（其中，绩效评级为“优”的项目
    # 4个；…绩效自评中共发现问题0个，已经完成整改的0个，正在整改的0个）".
    T(r"编报绩效目标的", "performance.targets"),
    T(r"绩效跟踪(?:评价)?的", "performance.tracking"),
    T(r"绩效自评的", "performance.self_evaluation"),
    *(T(rf"绩效评级为[“”\"]?{grade}[“”\"]?的项目", f"performance.rated.{slug}", counts=True)
      for grade, slug in (("优", "excellent"), ("良", "good"), ("合格", "pass"),
                          ("不合格", "fail"))),
    T(r"发现问题", "performance.problems_found", counts=True),
    T(r"(?:已经)?完成整改(?:的)?", "performance.problems_fixed", counts=True),
    T(r"正在整改(?:的)?", "performance.problems_in_progress", counts=True),
]

LISTS: list[tuple[str, str]] = [
    (r"年初预算项目|年初项目", "initial"),
    (r"年中追加项目|追加项目", "midyear"),
    (r"公共专项", "public_special"),
]
RUN_KINDS = [(r"问题", "problems"), (r"措施|改进|整改|建议|下一步", "measures"),
              (r"完成情况|成效|成绩|成果|方面|取得|产出|效益|亮点", "achievements")]
MEASURES_LEAD = re.compile(r"^\s*(?:下一步)?(?:的)?(?:改进|整改|完善)(?:措施|建议|方向|计划)"
                            r"[^:。]{0,6}:\s*")
CAUSE = re.compile(r"[,;]?\s*(?:主要|其)?原因(?:是|为|在于|主要是)?\s*:?\s*")
GRADE = re.compile(r"等级(?:为|是|评定为)?\s*[“\"‘']?(?P<g>优秀|良好|合格|不合格|优|良|中|差)")
EVALUATED = re.compile(r"(?P<u>[^,;。]{2,40}?)(?:绩效)?自评(?:得分|分数|结果)")



# Compiled once (each is asked of every paragraph of the report).
_STOPS = re.compile(r"[。;；]")
_NUMBERED = re.compile(r"^\s*\(\s*\d")
_MEASURE_WORDS = re.compile(r"措施|建议")
_LIST_OPENINGS = [(re.compile(rf"\s*[^\d,;:。()]{{0,6}}?(?:{pattern})"), kind)
                  for pattern, kind in LISTS]


def heading_kind(par: Text) -> str | None:
    """For a heading paragraph of the report: the mode its section sets ('' = general)."""
    marker = leading_marker(par.text)
    if not marker or len(par.text) > 45 or _STOPS.search(par.text):
        return None
    if _NUMBERED.match(par.folded):  # （1）… headings are projects or sub-points
        return None
    text = par.text
    if "问题" in text:
        return "problems"
    if _MEASURE_WORDS.search(text):
        return "measures"
    return ""


def list_header(par: Text) -> tuple[str, str, int] | None:
    marker = leading_marker(par.text)
    if not marker or par.folded.lstrip().startswith("("):
        return None
    head = par.folded[marker[1]:]
    for opening, kind in _LIST_OPENINGS:
        # The list's name opens the paragraph (单位主管的公共专项6个…), unlike a heading that
        # merely mentions it (资金使用及绩效情况（包含单位管理的公共专项）).
        if m := opening.match(head):
            title = re.split(r"\d|[,;:。]", par.text[marker[1]:])[0]
            return kind, title.strip() or m.group(), marker[0]
    return None


_PROJECT_CLAUSE = re.compile(r"[,;:。]")
_INDICATOR_CLAUSE = re.compile(r"[,;:。、]")
_NAME_STOP = re.compile(r"[,;:。、\d]")


def project_figures(sent: Text) -> list[tuple[Figure, str]]:
    """Figures of a project statement with their measures (budget → budget_initial)."""
    out: list[tuple[Figure, str]] = []
    figs = figures(sent.text, sent.folded)
    if not figs:  # nothing to read: no cues to find
        return out
    s = sent.folded
    cues = SentenceCues(s, _PROJECT_CLAUSE)
    prev = 0
    for fig in figs:
        local = s[cues.clause_start(fig.start, prev):fig.start]
        prev = fig.end
        cue = measure_of(fig, local, None, None, {}, cues=cues)
        measure = cue.measure
        if fig.is_money or (not fig.unit and measure in ("budget", "budget_initial", "actual")):
            if "调整" in local:
                measure = "adjustment"
            elif measure in ("budget", "budget_initial"):
                measure = "budget_initial"
            elif measure in ("actual", "amount"):
                measure = "actual"
        elif fig.base_unit in ("个", "项") and re.search(r"项目|专项", s[max(0, fig.start - 8):
                                                                    fig.start]):
            measure = "count"
        out.append((fig, measure))
    return out


_STRIP_TAIL = re.compile(r"(?:达到|达|为|至|是|共计|合计为|累计达)\s*$")
_STRIP_HEAD = re.compile(r"^\s*(?:累计|共|已|并|其中|全年|共计)\s*")


def indicators(sent: Text) -> list[tuple[Figure, str]]:
    """Figures of an achievement with the words that name them.

    The name is the clause in front of the figure (between the last punctuation or figure and
    the number), trimmed of verbs like 达到; where nothing is in front, the words after the unit.
    """
    out: list[tuple[Figure, str]] = []
    figs = figures(sent.text, sent.folded)
    if not figs:  # nothing to read: no cues to find
        return out
    s, prev = sent.folded, 0
    cues = SentenceCues(s, _INDICATOR_CLAUSE)
    for fig in figs:
        clause = cues.clause_start(fig.start, prev)
        before = sent.text[clause:fig.start]
        for q in ("约", "近", "超过", "逾"):
            before = before[:-len(q)] if before.rstrip().endswith(q) else before
        name = _STRIP_HEAD.sub("", _STRIP_TAIL.sub("", before.strip())).strip()
        if not name:
            stop = _NAME_STOP.search(s, fig.end)
            name = sent.text[fig.end:stop.start() if stop else len(s)].strip()
        prev = fig.end
        out.append((fig, name))
    return out

