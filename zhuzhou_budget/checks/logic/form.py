"""The document's form (L7–L10): its year, its department's name, how percentages are
printed, doubled punctuation and words.

Reads what the disclosure prints around its figures (collected once: engine/text.py): the
title's year and department (`d.meta`), the tables' titles, headers and notes, the part and
section headings and the lines of the narrative, and the narrative's rates
(`d.narrative_facts`). Each line is read once by each rule (no rescans per figure).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from decimal import Decimal

from ...extract.lines import squeeze_spaces
from ...extract.sentences import fold
from ..engine.facts import index
from ..engine.findings import fmt
from ..engine.ledger import Ledger
from ..engine.registry import WARNING, policy
from ..engine.text import Quote, explanation_lines, printed
from .suite import SUITE

YEAR = SUITE.check("L7.year",
                   policy("error (titles and headings); warning (the narrative's years)",
                          "error", "warning"),
                   "the title's year in every table title, header and heading; the narrative's "
                   "\"YYYY 年度\" is the year, its \"与 YYYY 年相比\" the year before, its "
                   "\"截至 YYYY 年 12 月 31 日\" the year", zh="年度一致")
DEPARTMENT = SUITE.check("L8.department_name", WARNING,
                         "the department's name in the tables' 部门 line, the part headings and "
                         "the narrative's \"<name> YYYY 年度\" sentences is the title's",
                         zh="部门名称一致")
DOUBLED = SUITE.check("L10.doubled", WARNING,
                      "no doubled punctuation or words in the text (。。, ，，, 决算决算)",
                      zh="重复标点或词语")
PERCENT = SUITE.check("L9.percent_format",
                      policy("warning; info for decimals unlike the neighbours'",
                             "warning", "info"),
                      "a share printed without %, a share over 100 %, a rate printed with "
                      "other decimals than the rest of its section", zh="百分比书写")


# -- L7: the year -------------------------------------------------------------------------------

_YEAR_IN_TITLE = re.compile(r"(?<![\d.])(\d{2,5}|\d{2,3}[XＸ×]+)\s*年")
_COMPARED = re.compile(r"(?:与|比|较|同)\s*(\d{4})\s*年度?")
_YEAR_OPENS = re.compile(r"(?:^|[。；;，,：:)）]|局|委|厅|办|院|中心|部门|单位)\s*(\d{4})\s*年度")
_YEAR_END = re.compile(r"截(?:至|止)\s*(\d{4})\s*年\s*12\s*月\s*31\s*日")


@SUITE.step(YEAR)
def year(ledger: Ledger) -> None:
    """L7: titles and headings carry the title's year (a prior year only where compared);
    the narrative's 年度 figures are of the year, its comparisons with the year before."""
    expected = ledger.d.meta.year
    if expected is None:
        return
    for kind, quote in printed(ledger):
        if kind == "title":
            for printed_year, compared in _title_years(quote.text):
                ledger.count(YEAR)
                if printed_year == str(expected) or (compared
                                                     and printed_year == str(expected - 1)):
                    continue
                _year_finding(ledger, "error", quote, expected, printed_year,
                              f"标题中的年份“{printed_year}年”与封面年度 {expected} 不一致")
        elif kind == "narrative":
            # Most lines print no year: their empty tuple ends the loop at once.
            for shift, what, printed_year in _narrative_years(quote.text):
                want = expected + shift
                ledger.count(YEAR)
                if printed_year != str(want):
                    _year_finding(ledger, "warning", quote, want, printed_year,
                                  f"{what}写作“{printed_year}年”，应为 {want} 年")


# The narrative's years: (pattern, the year it must be less the title's, what it dates).
_NARRATIVE_YEARS = ((_YEAR_OPENS, 0, "本年度的数字"), (_COMPARED, -1, "与上年比较"),
                    (_YEAR_END, 0, "年末时点"))


# The years a line prints, read once per line text (cached: titles, headers and the
# template's sentences come back in every document of a corpus); the checks judge them
# against the document's year.
@functools.lru_cache(maxsize=4096)
def _title_years(text: str) -> tuple[tuple[str, bool], ...]:
    """A title's years, each with whether it is compared (与 2023 年…)."""
    text = fold(text)
    compared = {m.start(1) for m in _COMPARED.finditer(text)}
    return tuple((m.group(1), m.start(1) in compared) for m in _YEAR_IN_TITLE.finditer(text))


@functools.lru_cache(maxsize=4096)
def _narrative_years(text: str) -> tuple[tuple[int, str, str], ...]:
    """A narrative line's years by the patterns of _NARRATIVE_YEARS (in their order), each
    with its pattern's shift and words: (shift, what, year)."""
    text = fold(text)
    return tuple((shift, what, m.group(1)) for pattern, shift, what in _NARRATIVE_YEARS
                 for m in pattern.finditer(text))


def _year_finding(ledger: Ledger, level: str, quote: Quote, expected: int, printed: str,
                  message: str) -> None:
    actual = Decimal(printed) if printed.isdigit() else None
    ledger.report(YEAR, level, message, quote, expected=Decimal(expected), actual=actual,
                  difference=None if actual is None else actual - expected)


# -- L8: the department's name ----------------------------------------------------------------

_BODY = r"(?:局|委员会|委|厅|办公室|院|中心|政府|所|站|馆|队|处|校)"
_PART_NAME = re.compile(rf"^第[一二三四五六七八九十]+部分\s*(?P<name>\S{{2,40}}?{_BODY})\s*"
                        r"(?:概况|\d{4}\s*年度)")
_SLOT_NAME = re.compile(rf"(?:^|[。；;：:])\s*(?P<name>[^\s\d，,。；;：:“”\"]{{2,40}}?{_BODY})"
                        r"\s*\d{4}\s*年度")
_GENERIC = re.compile(r"^(?:本|我|该|各|全)")


@SUITE.step(DEPARTMENT)
def department(ledger: Ledger) -> None:
    """L8: the name in the tables' 部门 line, the part headings and the narrative's "<name>
    2024 年度…" sentences is the title's (a shortened form, 普陀区财政局 for 上海市普陀区财政局,
    is the same name)."""
    name = squeeze_spaces(ledger.d.meta.department)
    if not name:
        return
    for kind, quote in printed(ledger):
        if kind not in ("department", "title", "narrative"):
            continue  # notes and other text are not read for names
        for other in _names(kind, quote.text):
            ledger.count(DEPARTMENT)
            if not (name.endswith(other) or other.endswith(name)):
                ledger.report(DEPARTMENT, "warning",
                              f"部门名称“{other}”与封面“{ledger.d.meta.department}”不一致", quote)


@functools.lru_cache(maxsize=4096)
def _names(kind: str, text: str) -> tuple[str, ...]:
    """The department names a printed line of this kind states (cached by line, as the
    years)."""
    text = squeeze_spaces(fold(text))
    if kind == "department":
        return (text,)
    if kind == "title":
        m = _PART_NAME.match(text)
        return (m.group("name"),) if m else ()
    return tuple(m.group("name") for m in _SLOT_NAME.finditer(text)
                 if not _GENERIC.match(m.group("name")))


# -- L10: doubled punctuation and words --------------------------------------------------------

# 。。 ，， 、、 (three or more 。 are an ellipsis left over: C7); a word of 2–4 characters
# written twice in a row (决算决算). A single character twice (人人, 天天) is a word of its own.
_DOUBLED = re.compile(r"(?<![。.])([，,。、；;：:！？!?])\1(?![。.])"
                      r"|([\u4e00-\u9fff]{2,4})\2")


@SUITE.step(DOUBLED)
def doubled(ledger: Ledger) -> None:
    """L10: one warning per line of text (narrative, notes and other text; not the table
    headers, whose cells may be printed side by side) naming what it doubles."""
    quotes = [quote for kind, quote in printed(ledger) if kind in ("narrative", "text", "note")]
    ledger.count(DOUBLED, len(quotes))  # one comparison per line
    for quote in quotes:
        found = _doubles(quote.text)
        if found:
            ledger.report(DOUBLED, "warning",
                          "重复的标点或词语：" + "、".join(f"“{f}”" for f in found), quote)


@functools.lru_cache(maxsize=4096)
def _doubles(text: str) -> tuple[str, ...]:
    """What a line doubles, each once in order. Cached by the line: _DOUBLED tries every
    character, and the same lines (名词解释, notes, the template's sentences) come back in
    every document of a corpus."""
    return tuple(dict.fromkeys(m.group() for m in _DOUBLED.finditer(text)))


# -- L9: percentages as printed ---------------------------------------------------------------

_RATES = ("share", "completion_rate", "growth_rate", "rate_vs_budget")
# "占 8.6；" — a share whose number is followed by punctuation, not by %.
_BARE_SHARE = re.compile(r"占[^，,。；;%：:]{0,30}?(?<![\d.])(\d+(?:\.\d+)?)\s*(?=[，,。；;、)）]|$)")


@SUITE.step(PERCENT)
def percentages(ledger: Ledger) -> None:
    """L9: a share without %, a share over 100 %, a rate whose decimals differ from every
    other rate of its section (when those agree among themselves)."""
    d = ledger.d
    for quote in explanation_lines(ledger):
        for share in _bare_shares(quote.text):
            ledger.count(PERCENT)
            ledger.report(PERCENT, "warning", f"比重“占…{share}”未写百分号", quote,
                          actual=Decimal(share))
    if d.narrative_facts.empty:
        return
    rates = [r for r in index(ledger).where(_RATES) if r.unit == "%"]
    for r in rates:
        if r.measure == "share":
            ledger.count(PERCENT)
            if r.value > 100:
                ledger.report(PERCENT, "warning", f"{r.subject} 的比重 {fmt(r.value)}% 超过 100%",
                              r, expected=Decimal(100), actual=r.value)
    by_section: dict[str, list] = {}
    for r in rates:
        if r.value != 0:
            by_section.setdefault(r.section, []).append(r)
    for group in by_section.values():
        places = Counter(_places(r.value) for r in group)
        if len(group) < 3 or len(places) != 2:
            continue
        (usual, n), (odd, k) = places.most_common()
        if k != 1 or n < 2:
            continue
        for r in group:
            ledger.count(PERCENT)
            if _places(r.value) == odd:
                ledger.report(PERCENT, "info",
                              f"{r.subject} 的比率 {fmt(r.value)}% 保留 {odd} 位小数，本节其余 {n} 个"
                              f"比率均为 {usual} 位", r, expected=Decimal(usual),
                              actual=Decimal(odd))


@functools.lru_cache(maxsize=4096)
def _bare_shares(text: str) -> tuple[str, ...]:
    """The shares a line prints without % (cached by line, as the years)."""
    return tuple(m.group(1) for m in _BARE_SHARE.finditer(fold(text)))


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


__all__ = ["SUITE"]
