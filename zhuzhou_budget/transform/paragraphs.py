"""Sections → paragraphs: the narrative parts a reader works through, headings as paragraphs of
their own, each paragraph knowing the (sub)section it stands in."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

from ..extract.lines import squeeze_spaces
from ..extract.sections import Section
from ..extract.sentences import Text, paragraphs
from .lexicon import EXPLANATION_PARTS, SECTION_KINDS

Sections = Mapping[str, Section]

def subtree(sections: Sections, key: str) -> list[Section]:
    root = sections[key]
    return [s for s in sections.values() if root.start_line <= s.start_line <= root.end_line]


def section_paragraphs(sections: Sections, key: str, own_only: bool = False) -> list[Text]:
    """Paragraphs of a section and its subsections, headings as paragraphs of their own.

    Each paragraph's `section` is the key of the (sub)section it stands in.
    """
    secs = [sections[key]] if own_only else subtree(sections, key)
    rows: list[tuple[int, str, str]] = []
    heads = set()
    for sec in secs:
        if sec.level > 0 and not own_only:
            rows.append((sec.start_line, sec.heading, sec.key))
            heads.add(sec.start_line)
        rows += [(no, text, sec.key) for no, text in sec.lines]
    rows.sort(key=lambda r: r[0])
    owner = {no: k for no, _, k in rows}
    return paragraphs([(no, t) for no, t, _ in rows], frozenset(heads), section_of=owner)


def part_has(sec: Section, *words: str) -> bool:
    part = squeeze_spaces(sec.part)  # cached: the readers of a document ask each in turn
    return any(w in part for w in words)


_SECTION_KINDS = [(re.compile(p), k) for p, k in SECTION_KINDS]  # compiled once


@functools.lru_cache(maxsize=1024)
def section_kind(heading: str) -> str:
    """The kind of a 情况说明 section by the words of its heading ('' where no rule knows it).
    (Cached: the readers of a document each ask it of the same headings.)"""
    return next((k for p, k in _SECTION_KINDS if p.search(heading)), "")


def explanation_sections(sections: Sections) -> list[tuple[str, str]]:
    """(kind, key) of each section of the 情况说明: its level-1 sections, kind '' where no rule
    knows it. A level-1 section no rule knows that groups known ones — the national
    template's 十一、其他重要事项的情况说明 with （一）机关运行经费, （二）政府采购, … — stands
    for its level-2 subsections instead, each with its own kind."""
    out = []
    ordered = list(sections.values())
    for k, sec in enumerate(ordered):
        if sec.level != 1 or not part_has(sec, *EXPLANATION_PARTS):
            continue
        kind = section_kind(sec.heading)
        children = []
        for sub in ordered[k + 1:]:
            if sub.level <= 1:
                break
            if sub.level == 2:
                children.append((section_kind(sub.heading), sub.key))
        if not kind and children and any(c for c, _ in children):
            out += children
        else:
            out.append((kind, sec.key))
    return out

