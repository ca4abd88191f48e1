"""The scanner: the figures of a sentence → facts, each attributed to a subject by the topic
words in front of it and given a measure by its cue words (lexicon.py)."""

from __future__ import annotations

import dataclasses
import functools
import re
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from operator import attrgetter, itemgetter

import pandas as pd

from ..extract.sentences import PERSON_UNITS, Figure, Text, figures, fold
from ..metadata.tables import FUNCTION_CLASSES, UNIT
from . import arrays as typed_arrays
from .frames import Fact
from .lexicon import (
    BASIS,
    CLAUSE,
    COMPARISON,
    COMPLETION,
    DOWN,
    FUND_NAMES,
    KIND_SLUG,
    MONEY_MEASURES,
    NOT_CELL_MEASURES,
    SHARE,
    UP,
    Topic,
)

_GB = "general_budget_expenditure"
_GF = "government_fund"

@dataclass(frozen=True, init=False)
class Hit:
    start: int
    end: int
    topic: Topic
    subject: str
    code: str

    def __init__(self, start: int, end: int, topic: Topic, subject: str, code: str) -> None:
        # One dict update, not the frozen dataclass's object.__setattr__ per field: a
        # document's sentences hold hundreds of topic matches (the instance stays frozen).
        self.__dict__.update(start=start, end=end, topic=topic, subject=subject, code=code)


class Codes:
    """Function-classification names of the disclosure's coded tables, for matching names."""

    def __init__(self, tables: Mapping[str, pd.DataFrame]) -> None:
        self.source = tables
        self.tables = {tid: tables.get(tid) for tid in (_GB, _GF, "expenditure")}
        self._rows: dict[str, dict[str, str]] = {}
        self._totals: dict[str, dict[str, object]] = {}
        self._codes: dict[str, list] = {}
        self._names: dict[tuple[str, int], dict[str, list[tuple[int, str]]]] = {}

    def _code_list(self, table: str, frame: pd.DataFrame) -> list:
        # Taken once per table: both rows() and total() need the codes.
        if table not in self._codes:
            self._codes[table] = column_list(frame, "code")
        return self._codes[table]

    def rows(self, table: str) -> dict[str, str]:
        """code → name of a table's coded rows (read once per table)."""
        if table not in self._rows:
            frame = self.tables.get(table)
            self._rows[table] = {} if frame is None else {
                c: i for c, i in zip(self._code_list(table, frame), column_list(frame, "item"),
                                     strict=True) if c}
        return self._rows[table]

    def total(self, table: str, code: str):
        """The `total` column of a coded row (None where the table or the code is missing)."""
        if table not in self._totals:
            frame = self.tables.get(table)
            self._totals[table] = {} if frame is None else {
                c: t for c, t in zip(self._code_list(table, frame), column_list(frame, "total"),
                                     strict=True) if c}
        return self._totals[table].get(code)

    def named(self, table: str, size: int, name: str) -> list[str]:
        """The codes of `size` digits of a table whose row names are the same as `name`
        (same_name), in table order: looked up by the normalised name, not compared with
        every row (a document matches each of its items and classes this way)."""
        x = norm_name(name)
        if not x:
            return []
        index = self._names.get((table, size))
        if index is None:
            index = self._names[(table, size)] = {}
            for k, (code, item) in enumerate(self.rows(table).items()):
                if len(code) == size:
                    index.setdefault(norm_name(item), []).append((k, code))
        found = [hit for form in _name_forms(x) for hit in index.get(form, [])]
        return [code for _, code in sorted(found)]

    def class_code(self, name: str) -> str:
        for table in (_GB, "expenditure"):
            if found := self.named(table, 3, name):
                return found[0]
        return next((c for c, n in FUNCTION_CLASSES.items() if same_name(name, n)), "")


def column_list(frame: pd.DataFrame, name: str) -> list:
    """`frame[name].tolist()`, read from the column's own array (arrays.column_values):
    taking the column of a table frame as a Series copies the table's attrs (its title,
    headers, notes), which cost more than the values. Where a value is missing (None there,
    NaN in pandas' list of a text column) in a column not of objects, the name is not one
    column's, or pandas lacks the internals read: pandas' own way."""
    k = frame.columns.get_loc(name)  # KeyError for a missing column, as frame[name] raises
    if type(k) is int and typed_arrays.fast():
        values = typed_arrays.column_values(frame, k)
        if None not in values or typed_arrays.column_array(frame, k).dtype == object:
            return values
    return frame[name].tolist()


@functools.lru_cache(maxsize=4096)
def norm_name(text: str) -> str:
    return re.sub(r"[\s“”\"'‘’]", "", fold(text))


def same_name(a: str, b: str) -> bool:
    """Equal names, allowing the 类 form without 支出 (卫生健康（类） = 卫生健康支出)."""
    x = norm_name(a)
    return bool(x) and norm_name(b) in _name_forms(x)


# Keys of Scanner.hits' orderings (C-level, not a lambda per hit).
_RANKING = itemgetter(0, 1, 2)
_START = attrgetter("start")


@functools.lru_cache(maxsize=64)
def _any_of(words: tuple[str, ...]) -> re.Pattern:
    """A pattern that finds any of `words` (as `word in s` does; made once per lexicon)."""
    return re.compile("|".join(re.escape(w) for w in words))


def _name_forms(x: str) -> tuple[str, ...]:
    """The normal forms of the names the same as the normal form `x` (same_name): x itself,
    x + 支出, and x without its 支出."""
    return (x, x + "支出", x[:-2]) if x.endswith("支出") else (x, x + "支出")



@dataclass(frozen=True, init=False)
class Cue:
    """What the words next to a figure say it is."""

    measure: str
    basis: str = ""
    negative: bool = False
    share_of: str = ""  # the words after 占, resolved to a subject by the scanner

    def __init__(self, measure: str, basis: str = "", negative: bool = False,
                 share_of: str = "") -> None:
        # One dict update, not the frozen dataclass's object.__setattr__ per field: every
        # figure gets one (the instance stays frozen).
        self.__dict__.update(measure=measure, basis=basis, negative=negative,
                             share_of=share_of)


# The cues that are only a measure, made once: measure_of gives one to most figures, and a
# Cue is frozen, so one instance serves every figure (equal to a new one in every way).
_PLAIN_CUES = {m: Cue(m) for m in (
    "", "rank", "rate", "score", "persons", "amount", "count", "indicator", "value", "actual",
    "budget", "budget_initial", "budget_full_year", "adjustment", "completion_rate")}


def plain_cue(measure: str) -> Cue:
    """Cue(measure): the shared instance where there is one."""
    cue = _PLAIN_CUES.get(measure)
    return Cue(measure) if cue is None else cue


BUDGET_MEASURES = ("budget", "budget_initial", "budget_full_year")
# "0.39 万（含…）": 万 after an amount of money is 万元 (the count unit 万人 is its own unit).
WAN_SHORT = "万"


def is_money(fig: Figure) -> bool:
    return fig.is_money or fig.base_unit == WAN_SHORT


def to_wan(fig: Figure) -> Decimal | None:
    """A figure of money in 万元 (万 read as 万元); None for other units."""
    return fig.value if fig.base_unit == WAN_SHORT else fig.to_wan()


class SentenceCues:
    """Clause starts and comparison phrases of one folded sentence, each found once, so that
    reading k figures of an n-character sentence costs O(n + k log n), never O(n·k)."""

    def __init__(self, s: str, clause: re.Pattern = CLAUSE) -> None:
        self.s = s
        self._clause_ends = [m.end() for m in clause.finditer(s)]
        # Found on first use: only a figure with a change word (增长, 减少) asks for them.
        self._comparisons: list[re.Match] | None = None
        self._comparison_ends: list[int] = []

    def clause_start(self, pos: int, floor: int = 0) -> int:
        """Where the clause holding `pos` starts: after the last delimiter before it, and
        never before `floor` (the end of the previous figure)."""
        k = bisect_right(self._clause_ends, pos)
        return max(floor, self._clause_ends[k - 1] if k else 0)

    def comparison_before(self, pos: int) -> re.Match | None:
        """The last comparison phrase (与上年…, 与年初预算…) in the text before `pos`."""
        if self._comparisons is None:
            self._comparisons = list(COMPARISON.finditer(self.s))
            self._comparison_ends = [m.end() for m in self._comparisons]
        k = bisect_right(self._comparison_ends, pos)
        last = self._comparisons[k - 1] if k else None
        if k < len(self._comparisons) and self._comparisons[k].start() < pos:
            # A phrase that runs past `pos` may match shorter in the text before it.
            tail = list(COMPARISON.finditer(self.s, self._comparisons[k].start(), pos))
            last = tail[-1] if tail else last
        return last


_LEVEL = re.compile(r"(?:增长|增加|上升|提高|提升|下降|降低|减少|减)(?:到|至)\s*$")
# The words that make a figure a budget or an actual, first match wins.
_BUDGET_WORDS = tuple((re.compile(p), m) for p, m in (
    (r"年初预算", "budget_initial"),
    (r"全年预算|调整(?:后)?预算", "budget_full_year"),
    (r"预算", "budget"),
    (r"决算|执行数|实际支出|实际使用|使用金额", "actual")))
_ACTUAL_WORDS, _ACTUAL = _BUDGET_WORDS[-1]  # the one without 预算
_SPACE = re.compile(r"\s")
# "占…" in front of a figure: the words of a share, not a topic of its own.
_COMPLETION_CUES = {b: Cue("completion_rate", b) for b in BUDGET_MEASURES}
_SHARE_OF = re.compile(r"占[^,;:。%\d]{0,40}?(?=\s*\d)")


def measure_of(fig: Figure, local: str, versus_phrase: re.Match | None, subject: str | None,
               stated_budget: Mapping[str, str], counts_topic: bool = False, *,
               cues: SentenceCues | None = None) -> Cue:
    """The measure of a figure from the cue words in front of it (`local`: its clause;
    `versus_phrase`: the last comparison phrase before it, or where `cues` (the figure's
    sentence's) are given, found in them when a change word asks for it; `stated_budget`:
    subject → the last budget measure stated for it earlier in the sentence)."""
    if fig.qualifier.startswith("第"):
        return _PLAIN_CUES["rank"]
    if fig.is_percent and (m := SHARE.search(local)):
        return Cue("share", share_of=_SPACE.sub("", m.group("phrase")))
    if fig.is_percent and (m := COMPLETION.search(local)):
        which = m.group("which") or ""
        if which == "年初":
            return _COMPLETION_CUES["budget_initial"]
        if which.startswith(("全年", "调整")):
            return _COMPLETION_CUES["budget_full_year"]
        basis = stated_budget.get(subject or "", "budget")
        cue = _COMPLETION_CUES.get(basis)
        return Cue("completion_rate", basis) if cue is None else cue
    if fig.is_percent and _LEVEL.search(local):
        return _PLAIN_CUES["rate"]  # 提高至 0.91%: the level reached, not a growth rate
    up, down = UP.search(local), DOWN.search(local)
    if up or down:
        negative = down is not None and (up is None or down.start() > up.start())
        if cues is not None:
            versus_phrase = cues.comparison_before(fig.start)
        versus = "prior_year"
        if versus_phrase is not None and "预算" in versus_phrase.group():
            versus = "budget_initial" if versus_phrase.group("initial") else "budget"
        vs_budget = versus != "prior_year"
        if fig.is_percent:
            return Cue("rate_vs_budget" if vs_budget else "growth_rate", versus, negative)
        return Cue("change_vs_budget" if vs_budget else "change",
                   versus if vs_budget else "", negative)
    if fig.is_percent:
        return _PLAIN_CUES["rate"]
    if fig.base_unit == "分":
        return _PLAIN_CUES["score"]
    if fig.is_money or not fig.unit or (fig.base_unit == WAN_SHORT and not counts_topic):
        # Every fund name and the first three budget words hold 预算: without it in the
        # clause, only the words of an actual are looked for.
        if "预算" in local:
            local = FUND_NAMES.sub("", local)  # 一般公共预算 names a fund, not a budget figure
            for pattern, measure in _BUDGET_WORDS:
                if pattern.search(local):
                    return _PLAIN_CUES[measure]
        elif _ACTUAL_WORDS.search(local):
            return _PLAIN_CUES[_ACTUAL]
    if fig.base_unit in PERSON_UNITS:
        return _PLAIN_CUES["persons"]
    if fig.is_money or (fig.base_unit in ("", WAN_SHORT) and subject and not counts_topic):
        return _PLAIN_CUES["amount"]
    if fig.unit:
        return _PLAIN_CUES["count"]
    return _PLAIN_CUES[""]


def make_fact(sent: Text, fig: Figure, subject: str, cue: Cue, section: str, table: str = "",
              code: str = "", column: str = "", basis: str | None = None) -> Fact:
    value = -fig.value if cue.negative else fig.value
    wan = to_wan(fig) if fig.base_unit != WAN_SHORT or cue.measure in MONEY_MEASURES else None
    if wan is None and not fig.unit and cue.measure in MONEY_MEASURES:
        wan = fig.value  # printed without a unit: read in the disclosure's unit (万元)
    if wan is not None and cue.negative:
        wan = -wan
    return new_fact(section, sent.line_at(fig.start), subject, cue.measure, value, fig.unit, wan,
                    table, code, column, cue.basis if basis is None else basis, sent.text)


_FACT_FIELDS = ("section", "line", "subject", "measure", "value", "unit", "value_wan",
                "derived", "table", "code", "column", "basis", "text")
if tuple(f.name for f in dataclasses.fields(Fact)) != _FACT_FIELDS:
    raise RuntimeError("Fact's fields changed: update new_fact")
_new_object = object.__new__


def new_fact(section: str, line: int, subject: str, measure: str, value: Decimal, unit: str,
             value_wan: Decimal | None, table: str, code: str, column: str, basis: str,
             text: str) -> Fact:
    """Fact(section, line, …, derived=False, …) filled by one dict update, not the frozen
    dataclass's object.__setattr__ per field (a document states hundreds of facts): the
    same object (equal, same hash and repr), frozen all the same."""
    fact = _new_object(Fact)
    fact.__dict__.update(section=section, line=line, subject=subject, measure=measure,
                         value=value, unit=unit, value_wan=value_wan, derived=False,
                         table=table, code=code, column=column, basis=basis, text=text)
    return fact


def note_budget(stated_budget: dict[str, str], fact: Fact) -> None:
    """Remember the last budget measure stated for a subject (for completion rates)."""
    if fact.measure in BUDGET_MEASURES:
        stated_budget[fact.subject] = fact.measure


def implied(new: list[Fact], current: dict[str, Fact] | None = None) -> list[Fact]:
    """prior_year_implied = current − change; budget_implied = current − change_vs_budget.

    The current value is the last actual/amount of the same subject stated before the change in
    the same paragraph: `current` (subject → that fact) carries the paragraph's earlier facts
    and is updated with `new`, so a paragraph is read in one pass; money in 万元.
    """
    out = []
    current = {} if current is None else current
    for f in new:
        c = current.get(f.subject)
        if not f.derived and f.measure in ("actual", "amount"):
            current[f.subject] = f
        if f.measure not in ("change", "change_vs_budget") or c is None or \
                f.subject == "unattributed":
            continue
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
    # subject → its last stated actual/amount in the paragraph so far (for implied values)
    current: dict[str, Fact] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # (rank, topic, the words one of which its every match holds), taken once per scanner
        # rather than read off each topic for every sentence.
        self._plan = [(rank, t, t.needs) for rank, t in enumerate(self.lexicon)]
        # Where every topic needs one of its words, one search for any of them says whether
        # a sentence can hold a topic at all (many hold none): not one test per topic.
        needed = tuple(sorted({w for t in self.lexicon for w in t.needs}))
        self._any_needed = _any_of(needed) if all(t.needs for t in self.lexicon) else None

    def new_paragraph(self) -> None:
        self.last_money = self.last_any = None
        self.current = {}

    def hits(self, s: str) -> list[Hit]:
        """Topic matches in folded text: longest first, then lexicon order; no overlaps."""
        if self._any_needed is not None and self._any_needed.search(s) is None:
            return []  # none of the words one of which each topic's every match holds
        found = []
        for rank, topic, needs in self._plan:
            # Most topics' words are not in a given sentence: `in` says so without the regex.
            if needs:
                for word in needs:
                    if word in s:
                        break
                else:
                    continue
            for m in topic.pattern.finditer(s):
                a, b = m.span()
                if b > a:
                    found.append((a - b, rank, a, b, m, topic))
        if not found:
            return []
        found.sort(key=_RANKING)  # longest first, then lexicon order, then position
        taken: list[tuple[int, int]] = []
        out = []
        for _, _, a, b, m, topic in found:
            if taken and any(a < e and s0 < b for s0, e in taken):
                continue
            taken.append((a, b))
            subject, code = self._fill(topic, m)
            out.append(Hit(a, b, topic, subject, code))
        if len(out) > 1:
            out.sort(key=_START)  # sort is stable: as sorted() ordered them
        return out

    def _fill(self, topic: Topic, m: re.Match) -> tuple[str, str]:
        if topic.code != "{code}" and "{" not in topic.subject:
            return topic.subject, topic.code  # nothing to fill in from the match
        groups = {k: _SPACE.sub("", v or "") for k, v in m.groupdict().items()}
        code = topic.code
        if code == "{code}":
            code = self.codes.class_code(groups.get("name", "")) if self.codes else ""
            groups["code"] = code or groups.get("name", "")
        if "kind" in groups:
            groups["kind"] = KIND_SLUG.get(groups["kind"], groups["kind"])
        subject = topic.subject.format(**groups) if "{" in topic.subject else topic.subject
        return subject, code

    def basis_of(self, phrase: str, default: str) -> str:
        if not phrase:
            return default
        for pattern, subject in BASIS:
            if pattern.fullmatch(phrase):
                return subject
        hits = self.hits(phrase)
        if len(hits) == 1 and hits[0].end - hits[0].start >= len(phrase) - 1:
            return hits[0].subject
        return phrase

    def scan(self, sent: Text, skip=None) -> list[Fact]:
        """Facts of one sentence; `skip(offset in paragraph)` leaves a figure to another reader."""
        figs = figures(sent.text, sent.folded)
        if skip is not None:
            figs = [f for f in figs if not skip(sent.origin + f.start)]
        return self._scan(sent, figs)

    def carry(self, sent: Text) -> None:
        """A sentence all of whose figures another reader takes: scan(sent, skip) without
        reading its figures (its topics still carry over to the next sentence)."""
        self._scan(sent, [])

    def _scan(self, sent: Text, figs: list[Figure]) -> list[Fact]:
        s = sent.folded
        hits = self.hits(s)
        if hits and "占" in s:  # every share's words start with 占
            shares = _Spans(m.span() for m in _SHARE_OF.finditer(s))
            hits = [h for h in hits if not shares.covers(h.start)]
        scope = _Scope(s)
        out: list[Fact] = []
        if figs:  # half the sentences state no figure: only their topics carry over
            out = self._read_figures(sent, figs, hits, scope)
        for h in hits:
            if scope.reaches(h.start, len(s)):
                self.last_any = h
                if not h.topic.counts:
                    self.last_money = h
        return out + implied(out, self.current) if out else out

    def _read_figures(self, sent: Text, figs: list[Figure], hits: list[Hit], scope: _Scope
                      ) -> list[Fact]:
        s = sent.folded
        if any(h.topic.masks for h in hits):
            masked = _Spans((h.start, h.end) for h in hits if h.topic.masks)
            figs = [f for f in figs if not masked.covers(f.start)]
        cues = SentenceCues(s)
        out: list[Fact] = []
        stated_budget: dict[str, str] = {}
        prev_end = 0
        # Hits do not overlap and are in order, so their ends are in order too: the hits
        # that end before a figure are a prefix, found by bisection.
        ends = [h.end for h in hits]
        # Without brackets every topic reaches every figure and none is a part (_Scope):
        # most sentences have none, and their figures need not ask.
        unbracketed = not scope.spans
        for fig in figs:
            clause = cues.clause_start(fig.start, prev_end)
            prev_end = fig.end
            money_like = not fig.unit or is_money(fig) or fig.is_percent
            # The last topic before the figure that may speak for it: the search stops at
            # the first usable one from the figure back.
            hit = None
            for j in range(bisect_right(ends, fig.start) - 1, -1, -1):
                h = hits[j]
                if (unbracketed or scope.reaches(h.start, fig.start)) and \
                        not (money_like and h.topic.counts):
                    hit = h
                    break
            if hit is None:
                hit = self.last_money if money_like else self.last_any
            if hit is not None and not unbracketed and scope.part_of(fig.start, hit.start):
                hit = None  # "X 万元（含外宾接待 Y 万元）": Y is a part, not the subject's amount
            cue = measure_of(fig, s[clause:fig.start], None, hit.subject if hit else None,
                             stated_budget, bool(hit and hit.topic.counts), cues=cues)
            out.append(self.fact(sent, fig, hit, cue))
            note_budget(stated_budget, out[-1])
        return out

    def fact(self, sent: Text, fig: Figure, hit: Hit | None, cue: Cue) -> Fact:
        if hit is None or not cue.measure:
            return make_fact(sent, fig, "unattributed", cue if cue.measure else
                             Cue("value", cue.basis, cue.negative),
                             self.section)
        basis = cue.basis
        if cue.measure == "share":
            basis = self.basis_of(cue.share_of, hit.topic.basis)
        if cue.measure in NOT_CELL_MEASURES:
            return make_fact(sent, fig, hit.subject, cue, self.section, basis=basis)
        return make_fact(sent, fig, hit.subject, cue, self.section, hit.topic.table, hit.code,
                         hit.topic.column, basis)


class _Spans:
    """Disjoint or nested spans; does one cover a position? (binary search, not a scan)"""

    def __init__(self, spans) -> None:
        self.spans = sorted(spans)
        self.starts = [a for a, _ in self.spans]
        reach = 0
        self.reach = []  # the furthest end among the spans up to each one
        for _, b in self.spans:
            reach = max(reach, b)
            self.reach.append(reach)

    def covers(self, pos: int) -> bool:
        k = bisect_right(self.starts, pos)
        return bool(k) and self.reach[k - 1] > pos


_PART = re.compile(r"\s*(?:其中|含|包含|包括|内含)")
_BRACKET = re.compile(r"[()]")


class _Scope:
    """Brackets of a sentence: a topic inside brackets speaks only for figures inside the same
    (innermost) brackets; an unclosed bracket runs to the end. Found in one pass."""

    def __init__(self, s: str) -> None:
        self.s = s
        spans: list[tuple[int, int]] = []
        if "(" in s:  # most sentences have no brackets: nothing to find
            stack = []
            for m in _BRACKET.finditer(s):
                k = m.start()
                if s[k] == "(":
                    stack.append(k)
                elif stack:
                    spans.append((stack.pop(), k + 1))
            spans += [(k, len(s)) for k in stack]
            spans.sort()
        # Matched pairs and the unclosed brackets (which run to the end) nest properly, so
        # the innermost span holding a position is the last-opened one that holds it.
        self.spans = spans

    def innermost(self, i: int) -> tuple[int, int] | None:
        """The innermost span (a, b) with a < i < b, or None (spans are few per sentence)."""
        found = None
        for a, b in self.spans:
            if a >= i:
                break
            if i < b:
                found = (a, b)
        return found

    def part_of(self, fig_at: int, topic_at: int) -> bool:
        """Is the figure inside a bracket that lists a part (（含…）, （其中…）) and the topic
        outside it?"""
        inner = self.innermost(fig_at)
        return (inner is not None and not inner[0] <= topic_at < inner[1]
                and _PART.match(self.s, inner[0] + 1) is not None)

    def reaches(self, topic_at: int, fig_at: int) -> bool:
        inner = self.innermost(topic_at)
        return inner is None or inner[0] < fig_at < inner[1]
