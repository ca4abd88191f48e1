"""Narrative sections: parts (第X部分), numbered headings (一、 （一） （1）) and their lines.

Table regions are left out; the table of contents (目录) is recognised because its part
markers appear again later.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from .lines import Line
from .page_patterns import PART_HEADING

_HEADINGS = (
    (1, re.compile(r"^[一二三四五六七八九十]+、")),
    (2, re.compile(r"^[（(][一二三四五六七八九十]+[）)]")),
    (3, re.compile(r"^[（(]\d+[）)]")),
)
_MAX_HEADING = 45
_HEADING_MARKS = "-*# "  # list and emphasis marks before a heading (markdown exports)
_HEADING_WORDS_END = re.compile(r"(说明|概况|决算表|解释|附件|报告)$")
_LIST_ITEM = re.compile(r"^\d+\s*[.、．]\s*\D")
_HEADING_WORDS = r"(情况|说明|概况|职责|构成|设置|解释|附件|分析|措施|结果)"  # longer numbered lines are paragraphs ("（一）贯彻执行……")


@dataclass
class Section:
    key: str
    heading: str
    level: int  # 0 part, 1 一、, 2 （一）, 3 （1）
    start_line: int
    end_line: int = 0  # last line of the section including its subsections
    parent: str = ""
    part: str = ""
    lines: list[tuple[int, str]] = field(default_factory=list)  # own body: (line, text)

    @property
    def text(self) -> str:
        return "\n".join(t for _, t in self.lines)

    def to_dict(self) -> dict:
        return {"key": self.key, "heading": self.heading, "level": self.level,
                "parent": self.parent, "part": self.part, "start_line": self.start_line,
                "end_line": self.end_line, "lines": [[n, t] for n, t in self.lines]}


# Every narrative line is tested, and documents print the same lines: each text once. A
# pure function of the text; bounded.
@functools.lru_cache(maxsize=16384)
def heading_level(text: str) -> int | None:
    s = text.strip().lstrip(_HEADING_MARKS).strip()
    if not s or len(s) > _MAX_HEADING:
        return None
    if PART_HEADING.match(s):
        return 0
    # "（一）收入决算情况。" is a heading with a full stop; "（十三）完成……任务。" a list item.
    if s.endswith("。") and re.search(_HEADING_WORDS + "。$", s):
        s = s[:-1]
    for level, pattern in _HEADINGS:
        # A comma or a colon inside makes it a sentence: "（三）逐步建立……预算制度，健全……",
        # "一、财政拨款收入：指……" (a list item or a glossary entry), not a heading.
        if pattern.match(s) and not re.search(r"[。；;，：]", s):
            return level
    return None


@functools.lru_cache(maxsize=16384)
def _part_marker(text: str) -> str | None:
    """The part marker (第X部分) a line's text begins with, or None. Cached as above."""
    m = PART_HEADING.match(text.strip())
    return m.group() if m else None


_WRAPPED_TAIL = re.compile(r"^[\u4e00-\u9fff]{1,6}$")  # "说明": the end of a wrapped part title


def split_sections(lines: list[Line], table_lines: set[int]) -> dict[str, Section]:
    markers: dict[str, list[int]] = {}
    # Only a line holding 第 may begin with a marker: those few tested (not every line
    # hashed for the cache).
    for ln in [ln for ln in lines if "第" in ln.text]:
        if part := _part_marker(ln.text):
            markers.setdefault(part, []).append(ln.no)
    # The body starts after the table of contents (目录): at the last occurrence of each part
    # marker, and never before the first marker's second occurrence (a part whose body
    # heading is missing, or printed inside a table's page, leaves only its 目录 entry).
    body_start = min((occ[-1] for occ in markers.values()), default=lines[0].no if lines else 1)
    if markers:
        first = min(markers.values(), key=lambda occ: occ[0])
        if len(first) > 1:
            body_start = max(body_start, first[1])
    ordered: list[Section] = []
    parents: dict[int, Section | None] = {}
    stack: list[Section] = []
    pending_title: Section | None = None  # a part marker alone on its line takes the next line
    ended: dict[int, int] = {}  # sections closed by a list item, not by a heading
    # The tables' lines are passed over first (a document's lines are mostly its tables').
    for ln in [ln for ln in lines if ln.no not in table_lines]:
        text = ln.text.strip()
        if ln.no < body_start or not text:
            continue
        if pending_title is not None:
            pending_title.heading = f"{pending_title.heading} {text.replace('*', '')}".strip()
            pending_title = None
            continue
        # A line longer than any heading once its marks are stripped is none: known without
        # hashing the paragraph for heading_level's cache (its own first test, the same).
        level = (None if len(text.lstrip(_HEADING_MARKS).strip()) > _MAX_HEADING
                 else heading_level(text))
        if (level is None and stack and stack[-1].level == 0 and not stack[-1].lines
                and _WRAPPED_TAIL.match(text) and not _HEADING_WORDS_END.search(
                    stack[-1].heading)):
            # A part title wrapped over two lines: "第三部分……决算情况" + "说明".
            stack[-1].heading += text
            continue
        if level is None:
            # "2. 年中追加项目9个…" after "（4）…" starts the next list of the enclosing
            # section: an item numbered 1. 2. ends the （n） subsection before it.
            while len(stack) > 1 and stack[-1].level == 3 and _LIST_ITEM.match(text):
                ended[id(stack.pop())] = ln.no - 1
            if stack:
                stack[-1].lines.append((ln.no, ln.text))
            continue
        while stack and stack[-1].level >= level:
            stack.pop()
        heading = text.lstrip("-*# ").strip()
        sec = Section("", heading, level, ln.no)
        marker = PART_HEADING.match(heading) if level == 0 else None
        if marker is not None and heading == marker.group():
            pending_title = sec
        parents[id(sec)] = stack[-1] if stack else None
        stack.append(sec)
        ordered.append(sec)
    last = lines[-1].no if lines else 0
    counts: dict[str, int] = {}
    for sec in ordered:
        counts[sec.heading] = counts.get(sec.heading, 0) + 1
    out: dict[str, Section] = {}
    part = ""
    following = _next_at_or_above(ordered)
    for k, sec in enumerate(ordered):
        nxt = following[k]
        sec.end_line = ended.get(id(sec)) or ((nxt.start_line - 1) if nxt else last)
        parent = parents[id(sec)]
        part = sec.heading if sec.level == 0 else part
        sec.part, sec.parent = part, parent.key if parent else ""
        # Keys: the heading, or parent/heading where the heading alone repeats.
        sec.key = sec.heading if counts[sec.heading] == 1 else f"{sec.parent}/{sec.heading}"
        out[sec.key] = sec
    return out


def _next_at_or_above(ordered: list[Section]) -> list[Section | None]:
    """For each section, the first section after it of its level or above (a lower number),
    or None: where it ends. One pass from the end (not a scan of the rest for each): a
    section deeper than the one before it cannot be the answer for any section above."""
    out: list[Section | None] = [None] * len(ordered)
    stack: list[Section] = []  # candidates, nearest last
    for k in range(len(ordered) - 1, -1, -1):
        sec = ordered[k]
        while stack and stack[-1].level > sec.level:
            stack.pop()
        out[k] = stack[-1] if stack else None
        stack.append(sec)
    return out
