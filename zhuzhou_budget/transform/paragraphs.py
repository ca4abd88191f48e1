"""Sections → paragraphs: the narrative parts a reader works through, headings as paragraphs of
their own, each paragraph knowing the (sub)section it stands in."""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..extract.sections import Section
from ..extract.sentences import Text, paragraphs
from .lexicon import SECTION_KINDS

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
    pars = paragraphs([(no, t) for no, t, _ in rows], frozenset(heads))
    return [Text(p.text, p.starts, owner[p.line]) for p in pars]


def part_has(sec: Section, *words: str) -> bool:
    part = re.sub(r"\s", "", sec.part)
    return any(w in part for w in words)


def explanation_sections(sections: Sections) -> list[tuple[str, str]]:
    """(kind, key) of each level-1 section of the 情况说明, kind '' where no rule knows it."""
    out = []
    for sec in sections.values():
        if sec.level == 1 and part_has(sec, "情况说明", "决算说明"):
            kind = next((k for p, k in SECTION_KINDS if re.search(p, sec.heading)), "")
            out.append((kind, sec.key))
    return out

