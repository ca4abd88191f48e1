"""Performance evaluation as data: the 预算绩效 section of the 情况说明 and the 附件 report.

Reads the overall result (全年预算数, 执行数, completion rate, score, grade), the coverage of the
self-evaluation (projects and funds by fund type), achievements (一是… with their indicators),
problems and their causes, improvement measures, the report's budget versus actual by kind of
spending, and the project lists (年初预算项目, 年中追加项目, 公共专项) with the counts and totals
the text states for each list, checked against the listed projects.

Subjects added to `narrative_facts` (see extract/narrative.py for the measures):
    performance.overall                     全年预算数, 执行数, completion rate, score
    performance.coverage[.general_budget|.government_fund|.state_capital]  projects and funds
    performance.expenditure.basic|project|government_fund|state_capital|social_insurance
    performance.achievements                the stated number of achievements (count)
    performance.achievement.<n>, performance.problem.<n>, performance.measure.<n>  indicators
    performance.project_list.<list>         stated count, budget, actual, adjustment of a list
    performance.project.<list>.<n>          a project's budget_initial, actual, adjustment
    profile.staff.authorized|in_service|retired_cadres|retired, profile.internal_bodies,
    profile.non_independent_units, profile.independent_units   (the report's 机构设置)
Lists: initial (年初预算项目), midyear (年中追加项目), public_special (公共专项).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

import pandas as pd

from ..rounding import severity, tolerance_of
from .narrative import (
    FACT_COLUMNS,
    Codes,
    Cue,
    Fact,
    Scanner,
    T,
    Topic,
    explanation_sections,
    facts_frame,
    make_fact,
    measure_of,
    object_frame,
    section_paragraphs,
)
from .sentences import Figure, Text, enumerations, figures, fold, leading_marker, sentences

if TYPE_CHECKING:
    from ..disclosure import Disclosure

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
]

LISTS: list[tuple[str, str]] = [
    (r"年初预算项目|年初项目", "initial"),
    (r"年中追加项目|追加项目", "midyear"),
    (r"公共专项", "public_special"),
]
_RUN_KINDS = [(r"问题", "problems"), (r"措施|改进|整改|建议|下一步", "measures"),
              (r"完成情况|成效|成绩|成果|方面|取得|产出|效益|亮点", "achievements")]
_MEASURES_LEAD = re.compile(r"^\s*(?:下一步)?(?:的)?(?:改进|整改|完善)(?:措施|建议|方向|计划)"
                            r"[^:。]{0,6}:\s*")
_CAUSE = re.compile(r"[,;]?\s*(?:主要|其)?原因(?:是|为|在于|主要是)?\s*:?\s*")
_GRADE = re.compile(r"等级(?:为|是|评定为)?\s*[“\"‘']?(?P<g>优秀|良好|合格|不合格|优|良|中|差)")
_EVALUATED = re.compile(r"(?P<u>[^,;。]{2,40}?)(?:绩效)?自评(?:得分|分数|结果)")


@dataclass(frozen=True)
class Performance:
    overall: pd.DataFrame
    coverage: pd.DataFrame
    achievements: pd.DataFrame
    problems: pd.DataFrame
    measures: pd.DataFrame
    budget_vs_actual: pd.DataFrame
    projects: pd.DataFrame
    project_lists: pd.DataFrame
    facts: pd.DataFrame  # long, narrative_facts columns

    TABLES = ("overall", "coverage", "achievements", "problems", "measures", "budget_vs_actual",
              "projects", "project_lists")


COLUMNS: dict[str, list[str]] = {
    "overall": ["budget_full_year", "actual", "completion_rate_stated", "completion_rate",
                "score", "grade", "evaluated", "section", "line", "text"],
    "coverage": ["fund", "projects", "amount", "share", "share_basis", "section", "line",
                 "text"],
    "achievements": ["no", "statement", "indicator", "value", "unit", "qualifier", "section",
                     "line", "text"],
    "problems": ["no", "problem", "cause", "section", "line", "text"],
    "measures": ["no", "measure", "section", "line", "text"],
    "budget_vs_actual": ["kind", "budget_initial", "actual", "completion_rate_stated",
                         "completion_rate", "section", "line", "text"],
    "projects": ["list", "no", "name", "budget_initial", "actual", "adjustment", "section",
                 "line", "text"],
    "project_lists": ["list", "no", "title", "stated_count", "listed_count", "count_matches",
                      "stated_budget_initial", "listed_budget_initial", "budget_matches",
                      "stated_actual", "listed_actual", "actual_matches", "stated_adjustment",
                      "listed_adjustment", "adjustment_matches", "section", "line", "text"],
}
DESCRIPTIONS: dict[str, str] = {
    "overall": "Performance evaluation, overall: 全年预算数, 执行数, completion rate, score and "
               "grade as stated.",
    "coverage": "Performance evaluation coverage: projects and funds evaluated by fund type.",
    "achievements": "Achievements (一是…) of the performance evaluation, one row per stated "
                    "indicator (one row without indicator where none is stated).",
    "problems": "Problems found by the performance evaluation, with their stated causes.",
    "measures": "Improvement measures of the performance evaluation.",
    "budget_vs_actual": "The performance report's budget versus actual by kind of spending "
                        "(基本支出, 项目支出, 政府性基金…).",
    "projects": "Projects of the performance report's lists (年初预算项目, 年中追加项目, 公共专项) "
                "with their stated budget, actual and adjustment.",
    "project_lists": "Each project list with the count and totals its text states, the sums of "
                     "its listed projects, and whether they agree within rounding.",
}
_WHERE = [("section", "string", "section key"), ("line", "integer", "source line of the figure "
           "(or of the statement)"), ("text", "string", "the source sentence")]
FIELDS: dict[str, list[tuple[str, str, str]]] = {
    "overall": [
        ("budget_full_year", "number", "全年预算数 as stated"),
        ("actual", "number", "执行数 as stated"),
        ("completion_rate_stated", "number", "completion rate as stated", "%"),
        ("completion_rate", "number", "recomputed: actual / budget_full_year × 100", "%"),
        ("score", "number", "self-evaluation score (out of 100)", "分"),
        ("grade", "string", "grade as written (优, 良, …)"),
        ("evaluated", "string", "the unit evaluated, as written"),
    ] + _WHERE,
    "coverage": [
        ("fund", "string", "all, general_budget, government_fund or state_capital"),
        ("projects", "integer", "number of projects evaluated"),
        ("amount", "number", "funds evaluated"),
        ("share", "number", "share of the fund type's spending", "%"),
        ("share_basis", "string", "subject the share is of"),
    ] + _WHERE,
    "achievements": [
        ("no", "integer", "number of the achievement (一是 = 1)"),
        ("statement", "string", "the achievement's opening clause"),
        ("indicator", "string", "words naming the figure (empty: no figure stated)"),
        ("value", "number", "the figure as printed (its unit is in `unit`)", ""),
        ("unit", "string", "unit as written"),
        ("qualifier", "string", "余, 约, 以上, +, 第 … as written"),
    ] + _WHERE,
    "problems": [("no", "integer", "number of the problem"), ("problem", "string", "the problem"),
                 ("cause", "string", "its stated cause")] + _WHERE,
    "measures": [("no", "integer", "number of the measure"),
                 ("measure", "string", "the improvement measure")] + _WHERE,
    "budget_vs_actual": [
        ("kind", "string", "basic, project, government_fund, state_capital, social_insurance"),
        ("budget_initial", "number", "年初预算 as stated"),
        ("actual", "number", "决算数 as stated"),
        ("completion_rate_stated", "number", "as stated", "%"),
        ("completion_rate", "number", "recomputed: actual / budget_initial × 100", "%"),
    ] + _WHERE,
    "projects": [
        ("list", "string", "initial (年初预算项目), midyear (年中追加项目), public_special (公共专项)"),
        ("no", "integer", "number of the project in its list"),
        ("name", "string", "project name as written"),
        ("budget_initial", "number", "年初预算 as stated"),
        ("actual", "number", "实际支出 / 项目支出 as stated"),
        ("adjustment", "number", "调整 as stated"),
    ] + _WHERE,
    "project_lists": [
        ("list", "string", "initial, midyear or public_special"),
        ("no", "integer", "number of the list as printed"),
        ("title", "string", "the list's name as written"),
        ("stated_count", "integer", "number of projects the text states"),
        ("listed_count", "integer", "number of projects listed"),
        ("count_matches", "boolean", "stated_count = listed_count"),
        ("stated_budget_initial", "number", "stated budget of the list"),
        ("listed_budget_initial", "number", "sum of the listed projects' budgets"),
        ("budget_matches", "boolean", "equal within rounding (half a unit of the stated "
         "figure's last digit plus each project's, zhuzhou_budget.rounding)"),
        ("stated_actual", "number", "stated actual of the list"),
        ("listed_actual", "number", "sum of the listed projects' actuals"),
        ("actual_matches", "boolean", "equal within rounding"),
        ("stated_adjustment", "number", "stated adjustment of the list"),
        ("listed_adjustment", "number", "sum of the listed projects' adjustments"),
        ("adjustment_matches", "boolean", "equal within rounding"),
    ] + _WHERE,
}


def read_performance(d: Disclosure) -> Performance:
    """Everything the performance section and the 附件 report state, as DataFrames."""
    reader = _Reader(Codes(d))
    for kind, key in explanation_sections(d):
        if kind == "performance":
            reader.read(section_paragraphs(d, key), "")
    for sec in d.sections.values():
        if sec.level == 0 and "附件" in re.sub(r"\s", "", sec.heading):
            reader.read(section_paragraphs(d, sec.key), "annex")
    return reader.result()


class _Reader:
    def __init__(self, codes: Codes) -> None:
        self.scanner = Scanner(LEXICON, codes)
        self.facts: list[Fact] = []
        self.rows: dict[str, list[dict]] = {name: [] for name in COLUMNS}
        self.d_sections: dict[int, str] = {}

    # -- paragraphs ---------------------------------------------------------------------------
    def read(self, pars: list[Text], where: str) -> None:
        mode, lst, project = "", None, None
        for par in pars:
            head = _heading_kind(par)
            if head is not None:
                mode, lst, project = head, None, None
            listed = _list_header(par)
            if listed:
                lst = self._list(par, *listed)
                project = None
                continue
            if lst is not None:
                marker = leading_marker(par.text)
                if marker and par.folded.lstrip().startswith("("):
                    project = self._project(par, lst, marker)
                elif project is not None:
                    self._project_body(par, project)
                else:
                    lst["pars"].append(par)
                continue
            if mode == "problems" and head is None:
                self._problem_paragraph(par)
            elif mode == "measures" and head is None:
                self._measure_paragraph(par)
            else:
                self._general(par)

    def _general(self, par: Text) -> None:
        if m := _MEASURES_LEAD.match(par.folded):
            self._measure_paragraph(par.slice(m.end(), len(par.text)))
            return
        special = []
        for run in enumerations(par.text):
            lead = par.folded[run.lead_start:run.start]
            kind = next((k for p, k in _RUN_KINDS if re.search(p, lead)), "")
            if kind:
                special.append((run, kind))

        def skip(offset: int) -> bool:
            return any(run.start <= offset - par.origin < run.end for run, _ in special)

        self.scanner.new_paragraph()
        self.scanner.section = par.section
        for sent in sentences(par):
            self.facts += self.scanner.scan(sent, skip)
        for run, kind in special:
            for item in run.items:
                body = par.slice(item.body, item.end)
                if kind == "achievements":
                    self._achievement(body, item.no)
                elif kind == "problems":
                    self._problem(body, item.no)
                else:
                    self._measure(body, item.no)

    # -- achievements, problems, measures -----------------------------------------------------
    def _achievement(self, body: Text, no: int) -> None:
        statement = re.split(r"[,;:。，；：]", body.text, maxsplit=1)[0].strip()
        found = False
        for sent in sentences(body):
            for fig, indicator in _indicators(sent):
                found = True
                self.rows["achievements"].append({
                    "no": no, "statement": statement, "indicator": indicator,
                    "value": fig.value, "unit": fig.unit, "qualifier": fig.qualifier,
                    "section": body.section, "line": sent.line_at(fig.start), "text": sent.text})
                self._indicator_fact(sent, fig, f"performance.achievement.{no}", body.section)
        if not found:
            self.rows["achievements"].append({
                "no": no, "statement": statement, "indicator": "", "value": None, "unit": "",
                "qualifier": "", "section": body.section, "line": body.line,
                "text": body.text})

    def _indicator_fact(self, sent: Text, fig: Figure, subject: str, section: str) -> None:
        basis = ""
        if fig.is_percent and (m := re.search(r"占([^,;:。%]{0,40}?)的?\s*$",
                                               sent.folded[:fig.start])):
            basis = self.scanner.basis_of(re.sub(r"\s", "", m.group(1)), "")
        self.facts.append(make_fact(sent, fig, subject, Cue("indicator"), section, basis=basis))

    def _problem(self, body: Text, no: int) -> None:
        folded = body.folded
        m = _CAUSE.search(folded)
        problem = body.text[:m.start()].strip() if m else body.text.strip()
        cause = body.text[m.end():].strip() if m else ""
        self.rows["problems"].append({
            "no": no, "problem": problem.rstrip("。;；"), "cause": cause.rstrip("。"),
            "section": body.section, "line": body.line, "text": body.text})
        for sent in sentences(body):
            for fig in figures(sent.text):
                self._indicator_fact(sent, fig, f"performance.problem.{no}", body.section)

    def _measure(self, body: Text, no: int) -> None:
        self.rows["measures"].append({"no": no, "measure": body.text.strip().rstrip("；;，,"),
                                      "section": body.section, "line": body.line,
                                      "text": body.text})
        for sent in sentences(body):
            for fig in figures(sent.text):
                self._indicator_fact(sent, fig, f"performance.measure.{no}", body.section)

    def _numbered(self, par: Text, handler, table: str) -> None:
        marker = leading_marker(par.text)
        runs = [r for r in enumerations(par.text) if len(r.items) > 1]
        if runs and (not marker or runs[0].start == 0):  # 一是…二是… in one paragraph
            for item in runs[0].items:
                handler(par.slice(item.body, item.end), item.no)
        elif marker:
            handler(par.slice(marker[1], len(par.text)), marker[0])
        else:
            handler(par, sum(r["section"] == par.section for r in self.rows[table]) + 1)

    def _problem_paragraph(self, par: Text) -> None:
        self._numbered(par, self._problem, "problems")

    def _measure_paragraph(self, par: Text) -> None:
        self._numbered(par, self._measure, "measures")

    # -- project lists ------------------------------------------------------------------------
    def _list(self, par: Text, kind: str, title: str, no: int) -> dict:
        lst = {"list": kind, "no": no, "title": title, "header": par, "pars": [],
               "projects": [], "stated": {}}
        subject = f"performance.project_list.{kind}"
        for sent in sentences(par):
            for fig, measure in _project_figures(sent):
                if measure in ("count", "budget_initial", "actual", "adjustment") and \
                        measure not in lst["stated"]:
                    fact = make_fact(sent, fig, subject, Cue(measure), par.section)
                    lst["stated"][measure] = fact
                else:
                    fact = make_fact(sent, fig, subject, Cue("indicator"), par.section)
                self.facts.append(fact)
        self.rows["project_lists"].append(lst)
        return lst

    def _project(self, par: Text, lst: dict, marker: tuple[int, int]) -> dict:
        rest = par.slice(marker[1], len(par.text))
        m = re.search(r"[:。,;]", rest.folded)
        name = rest.text[:m.start()] if m else rest.text
        project = {"list": lst["list"], "no": marker[0], "name": name.strip(), "stated": {},
                   "section": par.section, "line": par.line, "text": ""}
        lst["projects"].append(project)
        if m:
            self._project_body(rest.slice(m.end(), len(rest.text)), project)
        return project

    def _project_body(self, par: Text, project: dict) -> None:
        subject = f"performance.project.{project['list']}.{project['no']}"
        for sent in sentences(par):
            for fig, measure in _project_figures(sent):
                if measure in ("budget_initial", "actual", "adjustment") and \
                        measure not in project["stated"]:
                    fact = make_fact(sent, fig, subject, Cue(measure), par.section)
                    project["stated"][measure] = fact
                    if measure == "actual" or not project["text"]:
                        project["line"], project["text"] = fact.line, sent.text
                else:
                    fact = make_fact(sent, fig, subject, Cue("indicator"), par.section)
                self.facts.append(fact)

    # -- frames -------------------------------------------------------------------------------
    def result(self) -> Performance:
        facts = facts_frame(self.facts)
        frames = {
            "overall": self._overall(),
            "coverage": self._coverage(),
            "budget_vs_actual": self._budget_vs_actual(),
            "projects": self._projects(),
            "project_lists": self._project_lists(),
        }
        for name in ("achievements", "problems", "measures"):
            frames[name] = _frame(self.rows[name], name)
        return Performance(facts=facts, **frames)

    def _by_subject(self, prefix: str) -> dict[tuple[str, str], dict[str, Fact]]:
        """(subject, section) → measure → first fact."""
        out: dict[tuple[str, str], dict[str, Fact]] = {}
        for f in self.facts:
            if f.subject == prefix or f.subject.startswith(prefix + "."):
                out.setdefault((f.subject, f.section), {}).setdefault(f.measure, f)
        return out

    def _overall(self) -> pd.DataFrame:
        rows = []
        for (_, section), m in self._by_subject("performance.overall").items():
            first = min(m.values(), key=lambda f: f.line)
            text = " ".join(dict.fromkeys(f.text for f in m.values()))
            grade = _GRADE.search(fold(text))
            evaluated = _EVALUATED.search(fold(text))
            budget, actual = m.get("budget_full_year"), m.get("actual")
            rows.append({
                "budget_full_year": budget.value_wan if budget else None,
                "actual": actual.value_wan if actual else None,
                "completion_rate_stated": _value(m.get("completion_rate")),
                "completion_rate": _rate(actual, budget),
                "score": _value(m.get("score")),
                "grade": grade.group("g") if grade else "",
                "evaluated": text[evaluated.start("u"):evaluated.end("u")].strip()
                .lstrip(",，") if evaluated else "",
                "section": section, "line": first.line, "text": text})
        return _frame(rows, "overall")

    def _coverage(self) -> pd.DataFrame:
        rows = []
        for (subject, section), m in self._by_subject("performance.coverage").items():
            first = min(m.values(), key=lambda f: f.line)
            share = m.get("share")
            count = m.get("count")
            rows.append({
                "fund": subject.rpartition(".")[2] if subject.count(".") > 1 else "all",
                "projects": int(count.value) if count else None,
                "amount": (m.get("amount") or m.get("actual")).value_wan
                if (m.get("amount") or m.get("actual")) else None,
                "share": share.value if share else None,
                "share_basis": share.basis if share else "",
                "section": section, "line": first.line, "text": first.text})
        return _frame(rows, "coverage")

    def _budget_vs_actual(self) -> pd.DataFrame:
        rows = []
        for (subject, section), m in self._by_subject("performance.expenditure").items():
            first = min(m.values(), key=lambda f: f.line)
            budget = m.get("budget_initial") or m.get("budget")
            actual = m.get("actual") or m.get("amount")
            rows.append({
                "kind": subject.rpartition(".")[2],
                "budget_initial": budget.value_wan if budget else None,
                "actual": actual.value_wan if actual else None,
                "completion_rate_stated": _value(m.get("completion_rate")),
                "completion_rate": _rate(actual, budget),
                "section": section, "line": first.line, "text": first.text})
        return _frame(rows, "budget_vs_actual")

    def _projects(self) -> pd.DataFrame:
        rows = []
        for lst in self.rows["project_lists"]:
            for p in lst["projects"]:
                s = p["stated"]
                rows.append({
                    "list": p["list"], "no": p["no"], "name": p["name"],
                    "budget_initial": _wan(s.get("budget_initial")),
                    "actual": _wan(s.get("actual")), "adjustment": _wan(s.get("adjustment")),
                    "section": p["section"], "line": p["line"], "text": p["text"]})
        return _frame(rows, "projects")

    def _project_lists(self) -> pd.DataFrame:
        rows = []
        for lst in self.rows["project_lists"]:
            stated, projects = lst["stated"], lst["projects"]
            row = {"list": lst["list"], "no": lst["no"], "title": lst["title"],
                   "stated_count": int(stated["count"].value) if "count" in stated else None,
                   "listed_count": len(projects)}
            row["count_matches"] = (row["stated_count"] == row["listed_count"]
                                    if row["stated_count"] is not None else None)
            for measure, key in (("budget_initial", "budget"), ("actual", "actual"),
                                 ("adjustment", "adjustment")):
                values = [p["stated"][measure].value_wan for p in projects
                          if measure in p["stated"]]
                listed = sum(values, Decimal(0)) if values else None
                got = stated.get(measure)
                row[f"stated_{measure}"] = got.value_wan if got else None
                row[f"listed_{measure}"] = listed
                # The project-wide rounding policy (rounding.py); projects printed in 万元.
                printed = [got.value] + [p["stated"][measure].value for p in projects
                                         if measure in p["stated"]] if got else []
                row[f"{key}_matches"] = (
                    severity(got.value_wan - listed, tolerance_of(printed)) in (None, "rounding")
                    if got is not None and listed is not None else None)
            header = lst["header"]
            row.update({"section": header.section, "line": header.line, "text": header.text})
            rows.append(row)
        return _frame(rows, "project_lists")


# ---- helpers ---------------------------------------------------------------------------------

def _heading_kind(par: Text) -> str | None:
    """For a heading paragraph of the report: the mode its section sets ('' = general)."""
    marker = leading_marker(par.text)
    if not marker or len(par.text) > 45 or re.search(r"[。;；]", par.text):
        return None
    if re.match(r"^\s*\(\s*\d", par.folded):  # （1）… headings are projects or sub-points
        return None
    text = par.text
    if "问题" in text:
        return "problems"
    if re.search(r"措施|建议", text):
        return "measures"
    return ""


def _list_header(par: Text) -> tuple[str, str, int] | None:
    marker = leading_marker(par.text)
    if not marker or par.folded.lstrip().startswith("("):
        return None
    head = par.folded[marker[1]:]
    for pattern, kind in LISTS:
        # The list's name opens the paragraph (单位主管的公共专项6个…), unlike a heading that
        # merely mentions it (资金使用及绩效情况（包含单位管理的公共专项）).
        if m := re.match(rf"\s*[^\d,;:。()]{{0,6}}?(?:{pattern})", head):
            title = re.split(r"\d|[,;:。]", par.text[marker[1]:])[0]
            return kind, title.strip() or m.group(), marker[0]
    return None


def _project_figures(sent: Text) -> list[tuple[Figure, str]]:
    """Figures of a project statement with their measures (budget → budget_initial)."""
    out = []
    s = sent.folded
    prev = 0
    for fig in figures(sent.text):
        clause = max([prev] + [m.end() for m in re.finditer(r"[,;:。]", s[:fig.start])])
        local = s[clause:fig.start]
        prev = fig.end
        cue = measure_of(fig, local, s[:fig.start], None, [])
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


def _indicators(sent: Text) -> list[tuple[Figure, str]]:
    """Figures of an achievement with the words that name them.

    The name is the clause in front of the figure (between the last punctuation or figure and
    the number), trimmed of verbs like 达到; where nothing is in front, the words after the unit.
    """
    s, out, prev = sent.folded, [], 0
    for fig in figures(sent.text):
        clause = max([prev] + [m.end() for m in re.finditer(r"[,;:。、]", s[:fig.start])])
        before = sent.text[clause:fig.start]
        for q in ("约", "近", "超过", "逾"):
            before = before[:-len(q)] if before.rstrip().endswith(q) else before
        name = _STRIP_HEAD.sub("", _STRIP_TAIL.sub("", before.strip())).strip()
        if not name:
            after = re.split(r"[,;:。、\d]", s[fig.end:], maxsplit=1)[0]
            name = sent.text[fig.end:fig.end + len(after)].strip()
        prev = fig.end
        out.append((fig, name))
    return out


def _frame(rows: list[dict], name: str) -> pd.DataFrame:
    return object_frame(rows, COLUMNS[name])


def _value(f: Fact | None) -> Decimal | None:
    return f.value if f else None


def _wan(f: Fact | None) -> Decimal | None:
    return f.value_wan if f else None


def _rate(actual: Fact | None, budget: Fact | None) -> Decimal | None:
    if not actual or not budget or not budget.value_wan or actual.value_wan is None:
        return None
    return (actual.value_wan / budget.value_wan * 100).quantize(Decimal("0.01"))


__all__ = ["COLUMNS", "FACT_COLUMNS", "FIELDS", "Performance", "read_performance"]
