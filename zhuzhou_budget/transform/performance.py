"""Performance evaluation as data: the 预算绩效 section of the 情况说明 and the 附件 report.

Reads the overall result (全年预算数, 执行数, completion rate, score, grade), the coverage of the
self-evaluation (projects and funds by fund type), achievements (一是… with their indicators),
problems and their causes, improvement measures, the report's budget versus actual by kind of
spending, and the project lists (年初预算项目, 年中追加项目, 公共专项) with the counts and totals
the text states for each list and the sums of the listed projects (whether they agree is a
verdict, made by the checks stage: checks/performance.py).

Subjects added to `narrative_facts` (see narrative.py for the measures):
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

import bisect
import functools
import itertools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

from ..extract.sentences import Figure, Text, enumerations, figures, fold, leading_marker, sentences
from ..metadata.fields import PERFORMANCE_FRAMES, RESOURCES
from .frames import Fact, facts_frame, object_frame
from .paragraphs import Sections, explanation_sections, section_paragraphs
from .performance_cues import (
    CAUSE,
    EVALUATED,
    GRADE,
    LEXICON,
    MEASURES_LEAD,
    RUN_KINDS,
    heading_kind,
    indicators,
    list_header,
    project_figures,
)
from .scanner import Codes, Scanner, make_fact, plain_cue


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
    # The facts as read (narrative.narrative_facts joins them with the narrative's without
    # a frame of their own).
    fact_list: tuple[Fact, ...] = field(default=(), repr=False, compare=False)

    TABLES = PERFORMANCE_FRAMES

    @functools.cached_property
    def facts(self) -> pd.DataFrame:
        """The facts as a long frame (narrative_facts columns), made on first use: a build
        writes them within narrative_facts, never this frame."""
        return facts_frame(list(self.fact_list))


def read_performance(sections: Sections, tables: Mapping[str, pd.DataFrame]) -> Performance:
    """Everything the performance section and the 附件 report state, as DataFrames."""
    reader = _Reader(Codes(tables))
    for kind, key in explanation_sections(sections):
        if kind == "performance":
            reader.read(section_paragraphs(sections, key), "")
    for sec in sections.values():
        if sec.level == 0 and "附件" in re.sub(r"\s", "", sec.heading):
            reader.read(section_paragraphs(sections, sec.key), "annex")
    return reader.result()


# Compiled once: asked of every run, achievement and percentage of the report.
_RUN_KINDS = [(re.compile(p), k) for p, k in RUN_KINDS]
_CLAUSE_END = re.compile(r"[,;:。，；：]")
_SHARE_BEFORE = re.compile(r"占([^,;:。%]{0,40}?)的?\s*$")


class _Reader:
    def __init__(self, codes: Codes) -> None:
        self.scanner = Scanner(LEXICON, codes)
        self.facts: list[Fact] = []
        self.rows: dict[str, list[dict]] = {name: [] for name in PERFORMANCE_FRAMES}
        self.d_sections: dict[int, str] = {}
        self._grouped: dict[str, dict[tuple[str, str], dict[str, Fact]]] | None = None

    # -- paragraphs ---------------------------------------------------------------------------
    def read(self, pars: list[Text], where: str) -> None:
        mode, lst, project = "", None, None
        for par in pars:
            head = heading_kind(par)
            if head is not None:
                mode, lst, project = head, None, None
            listed = list_header(par)
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
        if m := MEASURES_LEAD.match(par.folded):
            self._measure_paragraph(par.slice(m.end(), len(par.text)))
            return
        special = []
        for run in enumerations(par.text):
            lead = par.folded[run.lead_start:run.start]
            kind = next((k for p, k in _RUN_KINDS if p.search(lead)), "")
            if kind:
                special.append((run, kind))

        # The special runs in order, as disjoint spans: a lookup per figure is a bisection,
        # not a pass over every run (a paragraph with many lists stays linear).
        spans = sorted((run.start, run.end) for run, _ in special)
        starts = [a for a, _ in spans]
        reach = list(itertools.accumulate((b for _, b in spans), max))

        def skip(offset: int) -> bool:
            k = bisect.bisect_right(starts, offset - par.origin) - 1
            return k >= 0 and offset - par.origin < reach[k]

        def inside(sent: Text) -> bool:  # within one run: every figure of it is skipped
            start = sent.origin - par.origin
            k = bisect.bisect_right(starts, start) - 1
            return k >= 0 and start + len(sent.text) <= reach[k]

        self.scanner.new_paragraph()
        self.scanner.section = par.section
        self._scan_sentences(par, bool(special), skip, inside)
        for run, kind in special:
            for item in run.items:
                body = par.slice(item.body, item.end)
                if kind == "achievements":
                    self._achievement(body, item.no)
                elif kind == "problems":
                    self._problem(body, item.no)
                else:
                    self._measure(body, item.no)

    def _scan_sentences(self, par: Text, runs: bool, skip: Callable[[int], bool],
                        inside: Callable[[Text], bool]) -> None:
        """The paragraph's sentences scanned for facts, the figures of its special runs
        (`runs`: it has some) skipped (`skip`: a figure's offset within one), a sentence wholly
        within a run (`inside`) only carrying its topics over."""
        sents = sentences(par)
        if not runs:  # no run's figures to leave to the items: every sentence is read
            for sent in sents:
                self.facts += self.scanner.scan(sent)
            return
        within = [inside(sent) for sent in sents]
        # A sentence within a run only carries its topics over to the sentences scanned after
        # it in this paragraph (the next paragraph starts anew): the run's sentences after the
        # last one scanned (an achievements list that ends the paragraph) carry to none.
        last = max((k for k, w in enumerate(within) if not w), default=-1)
        for sent, w in zip(sents[:last + 1], within, strict=False):
            if w:
                self.scanner.carry(sent)
            else:
                self.facts += self.scanner.scan(sent, skip)

    # -- achievements, problems, measures -----------------------------------------------------
    def _achievement(self, body: Text, no: int) -> None:
        statement = _CLAUSE_END.split(body.text, maxsplit=1)[0].strip()
        found = False
        for sent in sentences(body):
            for fig, indicator in indicators(sent):
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
        if fig.is_percent and (m := _SHARE_BEFORE.search(sent.folded[:fig.start])):
            basis = self.scanner.basis_of(re.sub(r"\s", "", m.group(1)), "")
        self.facts.append(make_fact(sent, fig, subject, plain_cue("indicator"), section,
                                    basis=basis))

    def _problem(self, body: Text, no: int) -> None:
        folded = body.folded
        m = CAUSE.search(folded)
        problem = body.text[:m.start()].strip() if m else body.text.strip()
        cause = body.text[m.end():].strip() if m else ""
        self.rows["problems"].append({
            "no": no, "problem": problem.rstrip("。;；"), "cause": cause.rstrip("。"),
            "section": body.section, "line": body.line, "text": body.text})
        for sent in sentences(body):
            for fig in figures(sent.text, sent.folded):
                self._indicator_fact(sent, fig, f"performance.problem.{no}", body.section)

    def _measure(self, body: Text, no: int) -> None:
        self.rows["measures"].append({"no": no, "measure": body.text.strip().rstrip("；;，,"),
                                      "section": body.section, "line": body.line,
                                      "text": body.text})
        for sent in sentences(body):
            for fig in figures(sent.text, sent.folded):
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
        stated: dict[str, Fact] = {}
        lst: dict = {"list": kind, "no": no, "title": title, "header": par, "pars": [],
                     "projects": [], "stated": stated}
        subject = f"performance.project_list.{kind}"
        for sent in sentences(par):
            for fig, measure in project_figures(sent):
                if measure in ("count", "budget_initial", "actual", "adjustment") and \
                        measure not in stated:
                    fact = make_fact(sent, fig, subject, plain_cue(measure), par.section)
                    stated[measure] = fact
                else:
                    fact = make_fact(sent, fig, subject, plain_cue("indicator"), par.section)
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
            for fig, measure in project_figures(sent):
                if measure in ("budget_initial", "actual", "adjustment") and \
                        measure not in project["stated"]:
                    fact = make_fact(sent, fig, subject, plain_cue(measure), par.section)
                    project["stated"][measure] = fact
                    if measure == "actual" or not project["text"]:
                        project["line"], project["text"] = fact.line, sent.text
                else:
                    fact = make_fact(sent, fig, subject, plain_cue("indicator"), par.section)
                self.facts.append(fact)

    # -- frames -------------------------------------------------------------------------------
    def result(self) -> Performance:
        frames = {
            "overall": self._overall(),
            "coverage": self._coverage(),
            "budget_vs_actual": self._budget_vs_actual(),
            "projects": self._projects(),
            "project_lists": self._project_lists(),
        }
        for name in ("achievements", "problems", "measures"):
            frames[name] = _frame(self.rows[name], name)
        return Performance(fact_list=tuple(self.facts), **frames)

    def _by_subject(self, prefix: str) -> dict[tuple[str, str], dict[str, Fact]]:
        """(subject, section) → measure → first fact, of the subjects `prefix` or under it
        (one of _GROUPED)."""
        if self._grouped is None:
            self._grouped = _group_facts(self.facts)
        return self._grouped[prefix]

    def _overall(self) -> pd.DataFrame:
        rows = []
        for (_, section), m in self._by_subject("performance.overall").items():
            first = min(m.values(), key=lambda f: f.line)
            text = " ".join(dict.fromkeys(f.text for f in m.values()))
            grade = GRADE.search(fold(text))
            evaluated = EVALUATED.search(fold(text))
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
            amount = m.get("amount") or m.get("actual")
            rows.append({
                "fund": subject.rpartition(".")[2] if subject.count(".") > 1 else "all",
                "projects": int(count.value) if count else None,
                "amount": amount.value_wan if amount else None,
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
            for measure in ("budget_initial", "actual", "adjustment"):
                values = [p["stated"][measure].value_wan for p in projects
                          if measure in p["stated"]]
                listed = sum(values, Decimal(0)) if values else None
                got = stated.get(measure)
                row[f"stated_{measure}"] = got.value_wan if got else None
                row[f"listed_{measure}"] = listed
            header = lst["header"]
            row.update({"section": header.section, "line": header.line, "text": header.text})
            rows.append(row)
        return _frame(rows, "project_lists")






# The subjects the frames of the overall result, coverage and budget versus actual are made
# of: each with the subjects under it (performance.coverage.general_budget).
_GROUPED = ("performance.overall", "performance.coverage", "performance.expenditure")


def _group_facts(facts: list[Fact]) -> dict[str, dict[tuple[str, str], dict[str, Fact]]]:
    """prefix (of _GROUPED) → (subject, section) → measure → first fact, the subjects equal
    to the prefix or under it: one pass over the facts for the three frames, not one each
    (tests/test_p27_narr_performance.py holds it to the former filter per prefix)."""
    out: dict[str, dict[tuple[str, str], dict[str, Fact]]] = {p: {} for p in _GROUPED}
    for f in facts:
        subject = f.subject
        if not subject.startswith("performance."):
            continue
        dot = subject.find(".", 12)  # the end of the subject's second part
        group = out.get(subject if dot < 0 else subject[:dot])
        if group is not None:
            group.setdefault((subject, f.section), {}).setdefault(f.measure, f)
    return out


def _frame(rows: list[dict], name: str) -> pd.DataFrame:
    return object_frame(rows, RESOURCES[f"performance_{name}"].extracted_columns)


def _value(f: Fact | None) -> Decimal | None:
    return f.value if f else None


def _wan(f: Fact | None) -> Decimal | None:
    return f.value_wan if f else None


def _rate(actual: Fact | None, budget: Fact | None) -> Decimal | None:
    if not actual or not budget or not budget.value_wan or actual.value_wan is None:
        return None
    return (actual.value_wan / budget.value_wan * 100).quantize(Decimal("0.01"))


__all__ = ["Performance", "read_performance"]
