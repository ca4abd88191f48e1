"""Narrative text as paragraphs, sentences, enumerations and figures, each tied to source lines.

PDF exports break sentences at page ends ("完成年初" / "预算的 93.2%"), mix full-width and ASCII
punctuation, and number lists in several styles (1、 1. （1） (1) ① 一是). Everything here keeps
character offsets into the text as written, so every figure can name the line it came from.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Generic, TypeVar, overload

# A paragraph ends at a line whose last character ends a sentence; any other line was broken
# by the page layout and continues on the next non-empty line.
_TERMINAL = "。！？!?；;"
_CLOSERS = "”’\"'」』"
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# A line that is only a page number ("- 12 -", "第 3 页", "3/21", "12") is page furniture.
_PAGE_NUMBER = re.compile(r"^\s*(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共"
                          r"\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}|\d{1,3})\s*$")

# A list marker at the start of a line or paragraph (matched on folded text).
_LEADING_MARKER = re.compile(
    r"^\s*(?:\(\s*(?P<paren>\d{1,2}|[一二三四五六七八九十]{1,3})\s*\)"
    r"|(?P<dot>\d{1,2})\s*[、.](?!\d)"
    r"|(?P<cn>[一二三四五六七八九十]{1,3})(?:、|是)"
    rf"|(?P<circled>[{_CIRCLED}])"
    r"|第(?P<ordinal>[一二三四五六七八九十]{1,3})[,、:]?)\s*")

# Inline markers of each style; a marker counts only inside a run numbered 1, 2, 3, …
# "shi" and "dot" open with their marker's first character, the test of what precedes it (the
# start or a delimiter) after it: a pattern that opens with a character class lets the engine
# pass over the text to the next such character, where one opening with that test tried every
# position. (The former patterns: (?:^|(?<=[。;:,，；：\s]))([一二三四五六七八九十]{1,3})是 and
# (?:^|(?<=[。;:,；：\s]))(\d{1,2})\s*[、.](?![\d]); the same matches.)
_CN = "[一二三四五六七八九十]"
_INLINE = {
    "shi": re.compile(rf"({_CN}(?<![^。;:,，；：\s]{_CN}){_CN}{{0,2}})是"),
    "paren": re.compile(r"\(\s*(\d{1,2})\s*\)"),
    "dot": re.compile(r"(\d(?<![^。;:,；：\s]\d)\d?)\s*[、.](?!\d)"),
    "circled": re.compile(rf"([{_CIRCLED}])"),
}
# A character one of which every marker of the style holds (none: the pattern is one).
_INLINE_NEEDS: dict[str, tuple[str, ...]] = {
    "shi": ("是",), "paren": ("(",), "dot": ("、", "."), "circled": ()}


@functools.lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """NFKC character by character (full-width digits and punctuation to ASCII), same length.

    Characters whose NFKC form is longer than one character are kept, so offsets into the folded
    text are offsets into the text as written. (Cached: the same sentences are folded by
    several readers.)
    """
    if text.isascii():  # NFKC leaves ASCII as it is
        return text
    # One C-level pass (str.translate), each character's fold read from the table.
    return text.translate(_FOLD_TABLE)


class _FoldTable(dict):
    """Code point → the code point of its fold (the minus sign as "-"), filled on first use:
    at most one entry per character there is, each a pure function of its key."""

    def __missing__(self, code: int) -> int:
        ch = chr(code)
        n = unicodedata.normalize("NFKC", ch)
        folded = n if len(n) == 1 else ch
        value = self[code] = ord("-" if folded == "−" else folded)
        return value


_FOLD_TABLE = _FoldTable()


def cn_number(text: str) -> int | None:
    """一 … 九十九 → int (the numbers of 一是, （十三）, 第二); None when the characters are no
    number (一一, 九九, 十十, 一二三: the markers' patterns admit any run of up to three)."""
    if len(text) == 1 and text in _CIRCLED:  # before isdigit: "①".isdigit() holds, and int("①") fails
        return _CIRCLED.index(text) + 1
    if text.isdigit():
        return int(text)
    m = _CN_NUMBER.fullmatch(text)
    if m is None:
        return None
    tens, units, digit = m.groups()
    if digit:
        return _CN_DIGITS[digit]
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


# 一 … 九, 十 … 十九, 二十 … 九十九 (and 一十 … 一十九, which the former reading also took).
_CN_NUMBER = re.compile(r"([一二三四五六七八九])?十([一二三四五六七八九])?|([一二三四五六七八九])")


_T = TypeVar("_T")


class _lazy(Generic[_T]):  # noqa: N801 (used as a decorator, like cached_property)
    """functools.cached_property without its lock (Python 3.11 takes one on every first read):
    these values are pure functions of a frozen object, read thousands of times a document."""

    def __init__(self, func: Callable[[Any], _T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> _lazy[_T]: ...
    @overload
    def __get__(self, obj: object, owner: type | None = None) -> _T: ...

    def __get__(self, obj: object, owner: type | None = None) -> _T | _lazy[_T]:
        if obj is None:
            return self
        # Stored in the instance: later reads find it there, never calling __get__ again.
        value = obj.__dict__[self.name] = self.func(obj)
        return value


@dataclass(frozen=True, init=False)
class Text:
    """A piece of narrative with the source line of every character.

    `starts` holds (offset, line) where each joined source line begins; `origin` is the offset of
    this piece inside the paragraph it was cut from.
    """

    text: str
    starts: tuple[tuple[int, int], ...]
    section: str = ""
    origin: int = 0

    def __init__(self, text: str, starts: tuple[tuple[int, int], ...], section: str = "",
                 origin: int = 0) -> None:
        # One dict update, not the frozen dataclass's object.__setattr__ per field: a document
        # cuts hundreds of paragraphs and sentences (the instance stays frozen all the same).
        self.__dict__.update(text=text, starts=starts, section=section, origin=origin)

    @_lazy
    def folded(self) -> str:
        return fold(self.text)

    @property
    def line(self) -> int:
        return self.starts[0][1]

    @_lazy
    def _offsets(self) -> list[int]:
        # Built once: a paragraph of n lines is looked up once per sentence and figure, so
        # building it per lookup would cost n² (issue 19: linear in the input).
        return [o for o, _ in self.starts]

    def line_at(self, offset: int) -> int:
        starts = self.starts
        if len(starts) == 1:  # a piece of one line (most sentences): no search
            return starts[0][1]
        k = bisect.bisect_right(self._offsets, offset) - 1
        return starts[max(k, 0)][1]

    def slice(self, start: int, end: int) -> Text:
        """The piece [start, end), whitespace trimmed, with its own line map."""
        piece = self.text[start:end]
        if piece[:1].isspace() or piece[-1:].isspace():
            # str.strip removes exactly the characters str.isspace names.
            trimmed = piece.lstrip()
            start += len(piece) - len(trimmed)
            piece = trimmed.rstrip()
            end = start + len(piece)
        line_starts = self.starts
        if len(line_starts) == 1 and not line_starts[0][0]:
            # A paragraph of one line: every piece of it is on that line.
            out = Text(piece, line_starts, self.section, self.origin + start)
        else:
            offsets = self._offsets
            lo = bisect.bisect_right(offsets, start)  # the line starts inside (start, end)
            hi = bisect.bisect_left(offsets, end)
            starts = [(0, line_starts[max(lo - 1, 0)][1])]  # line_at(start)
            starts += [(o - start, ln) for o, ln in line_starts[lo:hi]]
            out = Text(piece, tuple(starts), self.section, self.origin + start)
        folded = self.__dict__.get("folded")
        if folded is not None:
            # fold works character by character: the piece's fold is a slice of this one's.
            out.__dict__["folded"] = folded[start:end]
        return out


def paragraphs(lines: list[tuple[int, str]], headings: frozenset[int] = frozenset(),
               section: str = "", section_of: Mapping[int, str] | None = None) -> list[Text]:
    """Join source lines into paragraphs, repairing sentences broken by page breaks.

    `headings` are line numbers that stand alone (section headings): they neither continue
    the previous line nor take the next one. A paragraph's section is `section`, or where
    `section_of` is given, that of its first line.
    """
    out: list[Text] = []
    text, starts, head = "", [], False
    for no, raw in lines:
        s = raw.strip()
        if not s or _PAGE_NUMBER.match(s):
            continue
        is_heading = no in headings
        if text and not head and not is_heading and not _ends_paragraph(text) \
                and not leading_marker(s):
            joiner = " " if _ascii_word(text[-1]) and _ascii_word(s[0]) else ""
            text += joiner
            starts.append((len(text), no))
            text += s
            continue
        if text:
            out.append(_paragraph(text, starts, section, section_of))
        text, starts, head = s, [(0, no)], is_heading
    if text:
        out.append(_paragraph(text, starts, section, section_of))
    return out


def _paragraph(text: str, starts: list[tuple[int, int]], section: str,
               section_of: Mapping[int, str] | None) -> Text:
    return Text(text, tuple(starts), section if section_of is None else section_of[starts[0][1]])


def _ends_paragraph(text: str) -> bool:
    return text.rstrip(_CLOSERS)[-1:] in _TERMINAL


def _ascii_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


@functools.lru_cache(maxsize=4096)
def leading_marker(text: str) -> tuple[int, int] | None:
    """(number, length) of a list marker opening the text: 1、 1. （1） (1) ① 一、 一是 第一.
    (Cached: the readers ask it of the same paragraph several times.)"""
    return _marker(fold(text))


def _marker(folded: str) -> tuple[int, int] | None:
    """leading_marker of text already folded."""
    m = _LEADING_MARKER.match(folded)
    if not m:
        return None
    # The marker's styles are alternatives, each its own group: the one that matched is the
    # last (and only) group matched.
    number = cn_number(m.group(m.lastgroup or 0))
    return None if number is None else (number, m.end())


def sentences(par: Text) -> list[Text]:
    """Split at 。！？ (and an ASCII full stop that ends a sentence), keeping line maps."""
    folded = par.folded
    out, start = [], 0
    # Only the stop characters are visited (one regex pass), not every character.
    # A stop's match takes the closing quotes after it (_STOP), which hold no stop.
    for m in _STOP.finditer(folded):
        k, end = m.span()
        if folded[k] == "." and not _ascii_stop(folded, k):
            continue
        piece = par.slice(start, end)
        if piece.text:
            out.append(piece)
        start = end
    if start < len(folded):
        piece = par.slice(start, len(folded))
        if piece.text:
            out.append(piece)
    return out


# A "." after a digit is a decimal point or a list marker, never a stop (_ascii_stop): the
# pattern passes over those itself.
_STOP = re.compile(rf"[。!?.](?<!\d\.)[{_CLOSERS}]*")


def _ascii_stop(s: str, k: int) -> bool:
    # "." is a decimal point or a list marker (1. 2.) unless it follows a non-digit and is followed
    # by the end, a space or a CJK character.
    before = s[k - 1] if k else ""
    after = s[k + 1] if k + 1 < len(s) else ""
    return bool(before) and not before.isdigit() and (not after or after.isspace()
                                                      or not after.isascii())


@dataclass(frozen=True)
class Item:
    no: int
    start: int  # offset of the marker
    body: int  # offset after the marker
    end: int


@dataclass(frozen=True)
class Run:
    """An inline enumeration: its lead-in (the sentence before the first marker) and items."""

    style: str
    lead_start: int
    items: tuple[Item, ...]

    @property
    def start(self) -> int:
        return self.items[0].start

    @property
    def end(self) -> int:
        return self.items[-1].end


def enumerations(text: str) -> list[Run]:
    """Inline enumerations (一是…二是…, 1. … 2. …, (1)…(2)…, ①…②…) in document order.

    A style's markers form runs numbered 1, 2, 3…; a marker out of sequence is ordinary text.
    A run's last item ends at the last sentence end before the next run starts (whose lead-in
    lies between), or at the end of the text. A run needs two items unless it opens the text.
    """
    s = fold(text)
    runs: list[tuple[str, list[tuple[int, int, int]]]] = []
    for style, pattern in _INLINE.items():
        needs = _INLINE_NEEDS[style]
        if needs and not any(c in s for c in needs):
            continue  # none of the characters every marker of the style holds: no marker
        current: list[tuple[int, int, int]] = []
        for m in pattern.finditer(s):
            no = cn_number(m.group(1))
            if no is None:
                continue  # 一一是, (九九): characters that are no number are no marker
            if no == 1:
                if current:
                    runs.append((style, current))
                current = [(no, m.start(), m.end())]
            elif current and no == current[-1][0] + 1:
                current.append((no, m.start(), m.end()))
        if current:
            runs.append((style, current))
    runs = [(st, r) for st, r in runs if len(r) >= 2 or not s[:r[0][1]].strip()]
    runs.sort(key=lambda r: r[1][0][1])
    # Drop runs nested inside an item of an earlier run (sub-lists): the outer run owns them.
    kept: list[tuple[str, list[tuple[int, int, int]]]] = []
    for st, r in runs:
        if kept and r[0][1] < kept[-1][1][-1][1] + 1 and st != kept[-1][0]:
            continue
        kept.append((st, r))
    out: list[Run] = []
    for k, (style, marks) in enumerate(kept):
        nxt = kept[k + 1][1][0][1] if k + 1 < len(kept) else len(s)
        last_end = nxt
        if k + 1 < len(kept):
            cut = max(s.rfind(c, marks[-1][2], nxt) for c in "。!?;")
            if cut >= 0:
                last_end = cut + 1
        items = []
        for j, (no, start, body) in enumerate(marks):
            end = marks[j + 1][1] if j + 1 < len(marks) else last_end
            items.append(Item(no, start, body, end))
        prev_end = out[-1].end if out else 0
        lead = max([prev_end] + [s.rfind(c, prev_end, marks[0][1]) + 1 for c in "。!?"])
        out.append(Run(style, lead, tuple(items)))
    return out


# ---- figures ---------------------------------------------------------------------------------

MONEY_UNITS = {"万元": Decimal(1), "元": Decimal("0.0001"), "亿元": Decimal(10000)}
PERSON_UNITS = ("人次", "人", "万人", "名")
# Longest first, so 万元 wins over 万 and 人次 over 人.
_UNITS = sorted([
    "万元", "亿元", "元", "%", "‰", "万吨", "吨", "万户", "户", "万人", "人次", "人", "名",
    "万平方米", "平方米", "平方公里", "公里", "千米", "毫克/升", "个月", "个", "辆", "台(套)",
    "台套", "台", "套", "处", "批次", "次", "篇", "条", "座", "项", "家", "分", "年", "天", "倍",
    "件", "份", "场", "所", "间", "栋", "亿", "万", "位", "批", "米",
], key=len, reverse=True)
_UNIT_RE = "|".join(re.escape(u) for u in _UNITS)
# A figure: its number, then the qualifiers and unit after it. The pattern opens with the
# number's first digit (the lookbehind after it: no letter, digit or point before it), so the
# engine skips from digit to digit; the qualifier a figure may open with (约, 超过 …, then
# spaces) is read back from the number by `_qualifier_before`. The figures are exactly those
# of the former pattern that opened with the qualifier (tests/test_p26r2_text_figures.py).
_FIGURE = re.compile(
    r"(?P<num>\d(?<![A-Za-z\d.]\d)(?:\d{0,2}(?:,\d{3})+(?:\.\d+)?|\d*(?:\.\d+)?))"
    rf"\s*(?P<q1>余|多)?\s*(?P<unit>{_UNIT_RE})?(?P<q2>\+|以上|以下|余|多)?")
_PRE_LAST = "约近逾过"  # the last characters of the qualifiers a figure may open with
_QUALIFIED = re.compile(r"(?:约|近|超过|逾)\s*\d")  # a qualifier before a number, anywhere


def _qualifier_before(s: str, start: int, floor: int) -> str | None:
    """The qualifier (约, 近, 超过, 逾) printed before the number at `start`, spaces between,
    not reaching back before `floor` (the end of the figure before): what the former pattern's
    leading `(?P<pre>约|近|超过|逾)?\\s*` took."""
    j = start
    while j > floor and s[j - 1].isspace():  # str.isspace is the regex's \s
        j -= 1
    if j > floor:
        last = s[j - 1]
        if last in "约近逾":
            return last
        if last == "过" and j - 2 >= floor and s[j - 2] == "超":
            return "超过"
    return None


# Numbers that are names, not figures: dates, road numbers (规划 02 路), phases (三期).
_NOT_FIGURE_UNIT = r"年|月|日|号|路|期|号线|届|版|楼|层|级"
# After a number printed without a unit: a word that makes it a date or a name, or the 、 or .
# of an inline list marker.
_NOT_FIGURE_AFTER = re.compile(rf"\s*(?:{_NOT_FIGURE_UNIT}|[、.](?!\d))")


@dataclass(frozen=True, init=False)
class Figure:
    value: Decimal
    unit: str  # as written ('' when the text gives none): 万元, 台（套）, ％
    start: int  # offset of the number
    end: int  # offset after the unit and qualifier
    qualifier: str = ""  # 约, 余, 以上, +, 第 …
    # The unit's class, set with the fields (the scanner asks every figure these several
    # times); left out of equality, hashing and repr, which are the five fields' above.
    # base_unit: the unit folded to ASCII forms (％ → %, 台（套） → 台(套)), for classifying.
    base_unit: str = field(init=False, repr=False, compare=False)
    is_money: bool = field(init=False, repr=False, compare=False)
    is_percent: bool = field(init=False, repr=False, compare=False)

    def __init__(self, value: Decimal, unit: str, start: int, end: int,
                 qualifier: str = "") -> None:
        # One dict update, not the frozen dataclass's object.__setattr__ per field (a document
        # states hundreds of figures); the instance stays frozen all the same.
        base, money, percent = _unit_class(unit)
        self.__dict__.update(value=value, unit=unit, start=start, end=end, qualifier=qualifier,
                             base_unit=base, is_money=money, is_percent=percent)

    def to_wan(self) -> Decimal | None:
        """Money in 万元, converted explicitly from the unit as written; None for non-money."""
        return self.value * MONEY_UNITS[self.base_unit] if self.is_money else None


@functools.lru_cache(maxsize=1024)
def _unit_class(unit: str) -> tuple[str, bool, bool]:
    """(base unit, is money, is a percentage) of a unit as written (a few dozen spellings)."""
    base = fold(unit)
    return base, base in MONEY_UNITS, base in ("%", "‰")


def figures(text: str, folded: str | None = None) -> list[Figure]:
    """Numbers stated in a piece of narrative, with their units; dates and names left out.

    Left out: years (2024 年, 2024年度), months and days, numbers that name things (02 路,
    三期, 第二批 is not a digit anyway), leading list markers. `folded`: fold(text), where
    the caller has it (a Text's `folded`).
    """
    if folded is None:
        folded = fold(text)
    if _DIGIT.search(folded) is None:
        return []  # every figure has a digit (half the sentences state none)
    marker = _marker(folded)  # fold(s) is `folded`: "，" folds to ","
    # "，" stays full-width: only an ASCII comma groups thousands ("1,915.52"). A comma groups
    # only between digits, and no other rule here looks at commas: without a digit, comma,
    # digit in the folded text the two ways read the same.
    s = _keep_wide_commas(text, folded) if "，" in text and _COMMA_IN_NUMBER.search(folded) \
        else folded
    skip_to = marker[1] if marker else 0
    out: list[Figure] = []
    # The checks after a number match at its end (pattern.match(s, pos)), never on a copy of
    # the rest of the text: a sentence of k figures costs O(n + k), not O(n·k). Groups are
    # read by number (num 1, q1 2, unit 3, q2 4): each is read for every figure.
    # The match before (its end is where the search for this one began, which a qualifier
    # read back from the number does not reach past): asked only where one may be printed.
    # Most sentences print no qualifier before a number at all: one search says so.
    qualified = _QUALIFIED.search(s) is not None
    before_m: re.Match | None = None
    for m in _FIGURE.finditer(s):
        last_m, before_m = before_m, m
        num, q1, unit, q2 = m.groups()
        start, num_end = m.span(1)
        if start < skip_to:
            continue
        pre = None
        if qualified and start and ((c := s[start - 1]) in _PRE_LAST or c.isspace()):
            pre = _qualifier_before(s, start, last_m.end() if last_m else 0)
        plain = num.replace(",", "")
        # A date's tests: a number with a unit other than 年 is followed by that unit (or by
        # 余/多), never by 月, 日 or 年, so it is no date (most figures: 万元, %, 个).
        if not unit or unit == "年":
            if not unit:
                if _NOT_FIGURE_AFTER.match(s, num_end):
                    continue  # a date, a name (02 路, 三期) or an inline list marker (2. 2、)
                if _CLOSE_PAREN.match(s, num_end) and s[:start].rstrip().endswith("("):
                    continue  # an inline list marker: (2)
                if len(plain) > 1 and plain.startswith("0") and "." not in plain:
                    continue  # a number with a leading zero is a label (规划 02 路)
            if _YEAR.fullmatch(plain) and _AFTER_YEAR.match(s, num_end):
                continue  # a year
            # A number that is part of a date: a month or day (3月, 5 日), a year (2024年).
            after = s[num_end:num_end + 2].lstrip()[:1]
            if after in ("月", "日") or (after == "年" and _YEAR.fullmatch(s, start, num_end)):
                continue
        qualifier = (pre or "") + (q1 or "") + (q2 or "") if pre or q1 or q2 else ""
        before = s[max(0, start - 2):start]
        if "第" in before and before.strip().endswith("第"):
            qualifier = "第" + qualifier
        written = text[m.start(3):m.end(3)] if unit else ""
        out.append(Figure(Decimal(plain), written, start, m.end(), qualifier))
    return out


# A digit, comma, digit; led by the comma, so the search runs from comma to comma (led by
# \d, it tried every character of the text).
_COMMA_IN_NUMBER = re.compile(r",(?<=\d,)\d")
_DIGIT = re.compile(r"\d")  # what _FIGURE's num matches first
_YEAR = re.compile(r"(?:19|20)\d\d")
_AFTER_YEAR = re.compile(r"\s*(?:年|-|—|~|至)")
_CLOSE_PAREN = re.compile(r"\s*\)")


def _keep_wide_commas(text: str, folded: str) -> str:
    """`folded` with the full-width commas of `text` put back (fold keeps offsets, so the
    pieces between commas line up)."""
    pieces, pos = [], 0
    for part in text.split("，"):
        pieces.append(folded[pos:pos + len(part)])
        pos += len(part) + 1
    return "，".join(pieces)
