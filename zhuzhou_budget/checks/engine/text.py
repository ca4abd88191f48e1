"""The printed text the checks read: every title, header, note and narrative line once, with
where it was printed (a `Quote`, the evidence of a finding), and the 情况说明's lines.

Completeness (C7: template leftovers) and logic (L7 year, L8 name, L10 doubled text) read the
same lines: they are collected once per reconcile (`printed(ledger)`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from .ledger import Ledger

EXPLANATION_PART = "情况说明"  # the part whose narrative is the template's sentences
THREE_PUBLIC = "three_public"
# The 三公 table's columns as the narrative names them.
THREE_PUBLIC_ZH = {"total": "“三公”经费", "overseas": "因公出国（境）费",
                   "vehicles": "公务用车购置及运行维护费", "vehicle_purchase": "公务用车购置费",
                   "vehicle_operation": "公务用车运行维护费", "reception": "公务接待费"}


class Quote(NamedTuple):
    """Where a piece of text was printed: the evidence of a finding (ledger.report).
    Immutable; a named tuple rather than a frozen dataclass (as ledger.Term) because every
    reconcile makes one per printed line, and a frozen dataclass's __init__ costs several
    times as much."""

    section: str
    line: int
    text: str


def printed(ledger: Ledger) -> list[tuple[str, Quote]]:
    """Every printed title, header, note and narrative line, with its kind (see `_printed`),
    each once (a note printed as the explanation too)."""
    return _read(ledger)[0]


def explanation_lines(ledger: Ledger) -> list[Quote]:
    """The lines of the 情况说明's sections (not its part heading), collected once per
    reconcile (C6, L5, L6 and L9 read them)."""
    return _read(ledger)[1]


def _read(ledger: Ledger) -> tuple[list[tuple[str, Quote]], list[Quote]]:
    """`printed` and `explanation_lines`, read in one pass once per reconcile: the 情况说明's
    lines are the printed lines of kind "narrative" (the same Quotes, not made twice)."""
    def read(lg: Ledger) -> tuple[list[tuple[str, Quote]], list[Quote]]:
        explanation: list[Quote] = []
        return list(dict.fromkeys(_printed(lg, explanation))), explanation

    return ledger.shared("printed", read)


def _printed(ledger: Ledger, explanation: list[Quote]) -> Iterator[tuple[str, Quote]]:
    """Every printed title, header, note and narrative line, with its kind: "title" (table
    titles and headers, part and level-1 headings), "department" (a table's 部门 line),
    "note" (table notes and explanations), "narrative" (lines of the 情况说明, each also
    appended to `explanation`), "text" (other lines: 概况, 名词解释, 附件, deeper headings)."""
    d = ledger.d
    for t in d.table_info.values():
        yield "title", Quote("", t.title_line, t.title)
        for header in t.headers:
            yield "title", Quote("", t.title_line, header)
        if t.department:
            yield "department", Quote("", t.title_line, t.department)
        for note in [*t.notes, t.explanation]:
            if note:
                yield "note", Quote("", t.title_line, note)
    for sec in d.sections.values():
        yield ("title" if sec.level <= 1 else "text"), Quote(sec.key, sec.start_line, sec.heading)
        if EXPLANATION_PART in sec.part and sec.level:
            for no, text in sec.lines:
                quote = Quote(sec.key, no, text)
                explanation.append(quote)
                yield "narrative", quote
        else:
            for no, text in sec.lines:
                yield "text", Quote(sec.key, no, text)


__all__ = ["EXPLANATION_PART", "THREE_PUBLIC", "THREE_PUBLIC_ZH", "Quote",
           "explanation_lines", "printed"]
