"""Titles: what the printed titles say.

Reads the nine tables' titles (a title line, or one broken over two lines, matched to the
canonical table ids of metadata.TABLES), the kind of document they belong to (决算 or 预算),
the 公开NN表 number printed with a title, and the document's own title on its cover: the
department's name and the year (with the fallbacks when the cover does not state them).
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Iterable
from pathlib import Path

from ..metadata.tables import TABLES
from ..metadata.templates import BUDGET, FINAL, TITLE_ORDER
from .lines import Line
from .numbers import normalize
from .page_patterns import META
from .table_model import Table

# The 公开NN表 number of a table, printed in its meta line or on a line of its own.
FORM_NUMBER = re.compile(r"公开\s*(\d+)\s*表")
NUMBER_ONLY = re.compile(r"^公开\s*\d+\s*表$")
_SENTENCE = re.compile(r"[。，；;,:：！？]")
_TEXT_OF = operator.attrgetter("text")  # a line's text, read in C over a document


def normalize_title(text: str) -> str:
    s = re.sub(r"\s+", "", normalize(text))
    s = re.sub(r"^[-*#•·]+", "", s).strip("*#")
    s = re.sub(r"^(附表\d*|表[一二三四五六七八九十\d]+)[、.:：]?", "", s)
    s = re.sub(r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.])", "", s)
    s = re.sub(r"[（(]?(公开\d+表|表\d+)[）)]?$", "", s)
    s = re.sub(r"^\d{4}年度?", "", s)
    return s


_PREFIX_WORDS = re.compile(r"财政拨款|预算|经费|基金|决算|说明|情况")
# Every table's title names itself a 表 (metadata.TABLES; tests/test_titles_prefilter.py holds
# each title pattern to it): a line without the word is no title, known without the title
# patterns — most lines of a document are refused here, before any regular expression. No
# character but 表 itself becomes 表 under NFKC (the test checks every code point), so the
# word is looked for in the text as printed.
TITLE_WORD = "表"


@functools.cache
def _title_patterns(document: str | None
                    ) -> tuple[re.Pattern[str], tuple[tuple[str, re.Pattern[str]], ...]]:
    """The titles of `document`'s tables (None: of either kind), in match order, compiled
    once per process (TABLES is fixed once imported): one pattern that finds whether any of
    them ends the line (every line is tried, few are titles: most are refused by this one
    search), and each title with the prefix a title line may carry."""
    titles = [(tid, TABLES[tid].title) for tid in TITLE_ORDER
              if document is None or TABLES[tid].document == document]
    any_title = re.compile("(?:" + "|".join(f"(?:{t})" for _, t in titles) + ")$")
    each = tuple((tid, re.compile(rf"(?P<prefix>.{{0,40}}?){t}")) for tid, t in titles)
    return any_title, each


def match_title(text: str, document: str | None = None) -> str | None:
    """Canonical table id for a title line, or None; with `document` (final | budget), the
    tables of that kind of document only."""
    if len(text) > 80 or TITLE_WORD not in text or "\t" in text.strip():
        return None
    return _match_title(text, document)


# The few lines that hold 表 are tried for each kind of document (document_kind, then
# find_tables), whole and joined with the lines below, and a corpus's documents print the
# same titles: each text is matched once. A pure function of its arguments (the patterns
# are fixed once TABLES is imported); bounded.
@functools.lru_cache(maxsize=8192)
def _match_title(text: str, document: str | None) -> str | None:
    s = normalize_title(text)
    any_title, each = _title_patterns(document)
    # A title that fullmatches after a prefix ends the line: without one ending it, none can.
    if not any_title.search(s):
        return None
    for table_id, pattern in each:
        m = pattern.fullmatch(s)
        if m and not _PREFIX_WORDS.search(m.group("prefix")):
            return table_id
    return None


def document_kind(lines: list[Line]) -> str:
    """final (部门决算) or budget (部门预算), from the tables' titles: the kind more of them
    belong to (a tie, or none: final)."""
    counts = {FINAL: 0, BUDGET: 0}
    for _, tid, _ in find_titles(lines, None):
        if TABLES[tid].kind != "listed":
            counts[TABLES[tid].document] += 1
    return BUDGET if counts[BUDGET] > counts[FINAL] else FINAL


def find_titles(lines: list[Line], document: str | None = FINAL
                ) -> list[tuple[int, str, set[int]]]:
    """(index, table id, line numbers of the title's continuation) of every title line of the
    tables of `document` (None: of either kind).

    A title may be broken over two lines ("一般公共预算财政拨款基本支出决算" / "表") or
    interrupted by a line of its own (公开NN表, 单位：万元) before it ends; each line looks
    at most three lines ahead, so this stays linear.
    """
    out: list[tuple[int, str, set[int]]] = []
    taken: set[int] = set()  # continuation lines of a title found above
    for i in _near_title_word(lines):
        ln = lines[i]
        if ln.no in taken:
            continue
        if tid := match_title(ln.text, document):
            out.append((i, tid, set()))
        elif joined := _broken_title(lines, i, document):
            out.append((i, *joined))
            taken |= joined[1]
    return out


def _near_title_word(lines: list[Line]) -> list[int]:
    """The indices of the lines that may start a title, in order. A title, whole or broken,
    holds 表 on its line or on one of the three it may join: lines with none near are passed
    over without a look (found from the few lines that hold the word, not line by line)."""
    worded = [i for i, text in enumerate(map(_TEXT_OF, lines)) if TITLE_WORD in text]
    near: list[int] = []
    after = 0  # the first index not yet taken: the word's lines come in order
    for w in worded:
        near += range(max(after, w - 3), w + 1)
        after = w + 1
    return near


def _broken_title(lines: list[Line], i: int, document: str | None = FINAL
                  ) -> tuple[str, set[int]] | None:
    head = lines[i].text.strip()
    if not head or len(head) > 40 or lines[i].tabbed or _SENTENCE.search(normalize(head)):
        return None
    for j in range(i + 1, min(i + 4, len(lines))):
        tail = lines[j].text.strip()
        if not tail or (META.search(tail) and not match_title(tail, document)):
            continue  # a 公开NN表 / 单位 line printed inside the title
        if len(tail) > 30 or lines[j].tabbed:
            return None
        tid = match_title(head + tail, document)
        # "国有资本经营预算财政拨款收入" + "支出决算表" is one title though its tail is a title
        # too; a department name above a whole title ("上海市XX局2024年度") is not joined.
        return (tid, {lines[j].no}) if tid and tid != match_title(tail, document) else None
    return None


def number_above(lines: list[Line], i: int) -> str:
    """The 公开NN表 number printed on the line just above a title (Jiangsu), or ""."""
    for ln in reversed(lines[max(0, i - 2):i]):
        if text := ln.text.strip():
            return m.group(1) if (NUMBER_ONLY.match(text)
                                  and (m := FORM_NUMBER.search(normalize(text)))) else ""
    return ""


# The document's own title (部门决算 or 部门预算): "上海市普陀区财政局 2024 年度部门决算", "2024年度株洲市住房和城乡建设局
# 部门决算公开", on one line or over two (name, then year).
_TITLE = re.compile(r"^(?:(?P<y1>20\d{2})年度?)?(?P<name>[^\d]{2,60}?)?(?:(?P<y2>20\d{2})年度?)?"
                    r"(?:部门)?[决预]算(?:公开)?$")  # final accounts (决算) or budget (预算)
_BODY = re.compile(r"(局|委员会|委|厅|办公室|院|中心|政府|部|所|站|馆|会|队|处|校|厂|社|团)$")


def title_meta(lines: list[Line]) -> tuple[str, int | None]:
    """(department, year) from the title in the first lines, as far as it states them. A name
    wrapped over two or three lines above (or into) the year and 部门决算 line is joined back."""
    head = [re.sub(r"[*\s]", "", normalize(ln.text)) for ln in lines[:15]]
    head = [h for h in head if h]
    for k, text in enumerate(head):
        m = _TITLE.match(text)
        if not m:
            continue
        name = re.sub(r"部门$", "", m.group("name") or "")
        year = m.group("y1") or m.group("y2")
        if not (m.group("y1") and name):  # "2024年度<name>部门决算": the name is all here
            name, year = _wrapped_name(head[:k], name, year)
        return name, int(year) if year else None
    return "", None


# A line of a cover that is not a piece of a name: headings, titles, numbers, latin text.
_NOT_NAME = re.compile(r"目录|第.部分|决算|预算|说明|公开|报告|[表A-Za-z\d]")
_PLACE = re.compile(r"[省市区县州旗盟镇乡]")
_WRAPPED_AT = re.compile(r"[省市区县州旗盟镇乡和及与]$")
_YEAR_FIRST = re.compile(r"^(20\d{2})年度?(\D{2,})$")


def _wrapped_name(above: list[str], name: str, year: str | None) -> tuple[str, str | None]:
    """The name ending `name` (maybe empty) with the lines above it it was wrapped from (at
    most three); "2024年度上海市…" opening a line gives the year and ends the name. A name that
    already names its place stands alone (上海市人民政府 over 上海市普陀区财政局 is another
    name), unless the line above ends in a place or a conjunction (上海市 / 普陀区财政局); one
    that does not is a piece of a longer one (规划和自然 / 资源局, 中共上海市委 / 宣传部)."""
    for upper in reversed(above[-3:]):
        m = _YEAR_FIRST.match(upper)
        piece = m.group(2) if m else upper
        if _NOT_NAME.search(piece) or len(piece) > 40:
            break
        if name and _PLACE.search(name) and not _WRAPPED_AT.search(piece):
            break
        name = piece + name
        if m:
            year = year or m.group(1)
            break
    return name, year


def document_department(tables: Iterable[Table], lines: list[Line]) -> str:
    """The department: as a table's 部门： line prints it, else the cover title's, else a
    line of the first fifteen that ends as a body's name does (局, 委员会, 中心 …)."""
    for t in tables:
        if t.department:
            return t.department
    name, _ = title_meta(lines)
    if name:
        return name
    for ln in lines[:15]:
        s = re.sub(r"[*\s]", "", normalize(ln.text))
        if _BODY.search(s):
            return s
    return ""


def document_year(lines: list[Line], path: Path) -> int | None:
    """The year of the accounts: the cover title's, else the first 20NN年 of the first thirty
    lines, else one in the file's name."""
    _, year = title_meta(lines)
    if year:
        return year
    for ln in lines[:30]:
        if m := re.search(r"(20\d{2})\s*年度?", ln.text):
            return int(m.group(1))
    m = re.search(r"(20\d{2})", path.name)
    return int(m.group(1)) if m else None
