"""Budget execution items (一般公共预算 / 政府性基金 具体情况): one row per numbered 类/款/项 item
with its stated 年初预算 and 决算, the table's 决算, the completion rate, direction and reason."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

import pandas as pd

from ..extract.sentences import Figure, Text, figures, fold, leading_marker, sentences
from ..metadata.fields import columns
from .frames import Fact, object_frame
from .paragraphs import Sections, explanation_sections, section_paragraphs, subtree
from .scanner import (
    BUDGET_MEASURES,
    Codes,
    Cue,
    SentenceCues,
    make_fact,
    measure_of,
    norm_name,
    plain_cue,
    same_name,
    to_wan,
)

_GB = "general_budget_expenditure"
_GF = "government_fund"

_ITEM_NAMES = re.compile(r"(?P<cls>[^()。]+?)\(类\)\s*(?P<kuan>[^()。]+?)\(款\)\s*"
                         r"(?P<xiang>[^()。]+?)\(项\)")
_DIRECTION = re.compile(r"决算数?(?P<dir>大于|小于|等于|高于|低于|超过|少于|多于)(?:年初)?预算|"
                        r"决算数?与(?:年初)?预算数?(?:基本)?(?P<same>一致|持平|相等|相同)")
_REASON = re.compile(r"原因(?:是|为|主要是|在于)?\s*:?\s*(?P<reason>[^。]+)")


@dataclass
class _Item:
    fund: str
    no: int
    names: tuple[str, str, str]
    pars: list[Text]


def _items(sections: Sections, key: str, fund: str, pars: list[Text] | None = None
           ) -> tuple[list[_Item], set[int]]:
    """Numbered 类/款/项 items of a section (`pars`: its paragraphs, where the caller has
    them); also the first lines of the paragraphs they use."""
    items: list[_Item] = []
    used: set[int] = set()
    current: _Item | None = None
    headings = {s.start_line for s in subtree(sections, key)}
    for par in section_paragraphs(sections, key) if pars is None else pars:
        marker = leading_marker(par.text)
        m = _ITEM_NAMES.match(par.folded, marker[1]) if marker else None
        if m and marker:
            cls, kuan, xiang = (par.text[m.start(g):m.end(g)].strip()
                                for g in ("cls", "kuan", "xiang"))
            current = _Item(fund, marker[0], (cls, kuan, xiang), [par])
            items.append(current)
            used.add(par.line)
        elif current is not None and not marker and par.line not in headings:
            current.pars.append(par)
            used.add(par.line)
        else:
            current = None
    return items, used


def match_code(codes: Codes, table: str, names: tuple[str, str, str],
               amount: Decimal | None = None, printed: str = ""
               ) -> tuple[str, tuple[str, str, str], str]:
    """(code, the table's names for it, mismatching levels) for a 类/款/项 name triple.

    An item is matched to its row by the code it prints, then by its 项 name, then by its
    stated amount among the rows of its 款 (or 类): never by a name that is merely close, whose
    row would be compared with an amount that is not its own. A close name is used only where
    the item states no amount to compare."""
    rows = codes.rows(table)
    cls, kuan, xiang = names

    def path(c: str) -> tuple[str, str, str]:  # c: a 项 (7 digits)
        return rows.get(c[:3], ""), rows.get(c[:5], ""), rows[c]

    agreements: dict[str, tuple[bool, bool, bool]] = {}

    def agreement(c: str) -> tuple[bool, bool, bool]:
        # Asked several times of each candidate (to rank, to break ties, for the result):
        # worked out once per code (a pure function of the names and the code's row).
        if (known := agreements.get(c)) is None:
            t = path(c)
            known = agreements[c] = (same_name(cls, t[0]), same_name(kuan, t[1]),
                                     same_name(xiang, t[2]))
        return known

    def result(c: str) -> tuple[str, tuple[str, str, str], str]:
        mismatch = ",".join(level for level, ok in zip("类款项", agreement(c), strict=True)
                            if not ok)
        return c, path(c), mismatch

    def by_amount(cands: list[str]) -> list[str]:
        if amount is None:
            return []
        return [c for c in cands if _same_amount(codes.total(table, c), amount)]

    if len(printed) == 7 and printed in rows:
        return result(printed)
    candidates = codes.named(table, 7, xiang)  # in table order, as `items` holds them
    if candidates:
        ranked = sorted(candidates, key=lambda c: (-sum(agreement(c)), c))
        best = ranked[0]
        tied = [c for c in ranked if sum(agreement(c)) == sum(agreement(best))]
        if len(tied) > 1:
            tied = by_amount(tied)
            if len(tied) != 1:
                return "", ("", "", ""), "ambiguous"
            best = tied[0]
        return result(best)
    # No 项 of that name: the row of its 款 (else its 类) whose amount is the stated one.
    items = {c: n for c, n in rows.items() if len(c) == 7}
    kuans = [c for c, n in rows.items() if len(c) == 5 and same_name(kuan, n)
             and (not cls or same_name(cls, rows.get(c[:3], "")))]
    classes = [c for c, n in rows.items() if len(c) == 3 and same_name(cls, n)]
    scope = kuans or classes
    within = [c for c in items if any(c.startswith(k) for k in scope)]
    found = by_amount(within)
    if len(found) == 1:
        return result(found[0])
    if amount is None:  # nothing to compare: the closest name of its 类, if close enough
        scored = sorted(((difflib.SequenceMatcher(None, norm_name(xiang), norm_name(n)).ratio(),
                          c) for c, n in items.items() if same_name(cls, rows.get(c[:3], ""))),
                        reverse=True)
        if scored and scored[0][0] >= 0.6:
            return result(scored[0][1])
    return "", ("", "", ""), "ambiguous" if len(found) > 1 else "unmatched"


def _same_amount(cell: object, amount: Decimal) -> bool:
    return isinstance(cell, Decimal) and cell == amount


_CORE = ("budget_initial", "budget", "actual", "completion_rate")
_CODE = re.compile(r"(?<!\d)(\d{7})(?!\d)")


class Items(NamedTuple):
    """read_items' result: the items' rows, their facts, the paragraph lines they use, and
    the tables' names they were matched with (the narrative reads the same names); also the
    paragraphs of the sections read (section key → section_paragraphs) and the sections they
    are of: the narrative reads the other paragraphs of the same sections."""

    rows: list[dict]
    facts: list[Fact]
    used: set[int]
    codes: Codes
    paragraphs: dict[str, list[Text]]
    sections: Sections


def read_items(sections: Sections, codes: Codes) -> Items:
    """Rows of the budget-execution items, their facts, and the paragraph lines they use."""
    rows: list[dict] = []
    facts: list[Fact] = []
    used: set[int] = set()
    paragraphs: dict[str, list[Text]] = {}
    for kind, key in explanation_sections(sections):
        if kind not in ("general_budget", "government_fund"):
            continue
        table = _GB if kind == "general_budget" else _GF
        pars = paragraphs[key] = section_paragraphs(sections, key)
        items, consumed = _items(sections, key, kind, pars)
        used |= consumed
        for item in items:
            row, item_facts = _read_item(item, codes, table)
            rows.append(row)
            facts += item_facts
    return Items(rows, facts, used, codes, paragraphs, sections)


def _read_item(item: _Item, codes: Codes, table: str) -> tuple[dict, list[Fact]]:
    header = item.pars[0]
    # An item's header paragraph opened with its marker and names (see _items).
    marker = leading_marker(header.text)
    names = _ITEM_NAMES.match(header.folded, marker[1]) if marker else None
    names_end = names.end() if names else 0
    # First the measures of its figures (its stated 决算 picks its row where its name does not).
    read: list[tuple[Text, Figure, Cue]] = []
    core_seen: set[str] = set()
    for par in item.pars:
        for sent in sentences(par):
            figs = figures(sent.text, sent.folded)
            if not figs:  # nothing to read: no cues to find
                continue
            stated_budget: dict[str, str] = {}
            s = sent.folded
            cues = SentenceCues(s)
            prev_end = 0
            for fig in figs:
                if par is header and sent.origin + fig.start < names_end:
                    continue
                clause = cues.clause_start(fig.start, prev_end)
                prev_end = fig.end
                cue = measure_of(fig, s[clause:fig.start], None, "item", stated_budget,
                                 cues=cues)
                if cue.measure in _CORE and cue.measure not in core_seen:
                    core_seen.add(cue.measure)
                    if cue.measure in BUDGET_MEASURES:  # the item's budget, for its rate
                        stated_budget["item"] = cue.measure
                read.append((sent, fig, cue))
    spent = next((to_wan(fig) if fig.unit else fig.value for _, fig, cue in read
                  if cue.measure == "actual"), None)
    printed = _CODE.search(header.folded)
    code, tnames, mismatch = match_code(codes, table, item.names, spent,
                                        printed.group(1) if printed else "")
    subject = f"{item.fund}.item.{code or norm_name(item.names[2])}"
    stated: dict[str, Fact] = {}
    facts: list[Fact] = []
    for sent, fig, cue in read:
        if cue.measure in _CORE and cue.measure not in stated:
            # An item matched to no row has no cell to be compared with (not the 合计).
            f = make_fact(sent, fig, subject, cue, header.section, table if code else "", code,
                          "total" if code else "")
            stated[cue.measure] = f
        else:  # figures of the reason text
            f = make_fact(sent, fig, "unattributed", plain_cue(cue.measure or "value"),
                          header.section)
        facts.append(f)
    text = "".join(p.text for p in item.pars)
    folded = fold(text)
    direction = ""
    if m := _DIRECTION.search(folded):
        direction = m.group("dir") or m.group("same")
    reason = ""
    if m := _REASON.search(folded, m.end() if m else 0):
        reason = text[m.start("reason"):m.end("reason")].strip()
    budget = stated.get("budget_initial") or stated.get("budget")
    actual_fact = stated.get("actual")
    actual = _table_value(codes, table, code)
    rate = None
    if budget is not None and budget.value_wan and actual is not None:
        rate = (actual / budget.value_wan * 100).quantize(Decimal("0.01"))
    row = {
        "fund": item.fund, "no": item.no, "code": code,
        "class_name": item.names[0], "kuan_name": item.names[1], "item_name": item.names[2],
        "table_class_name": tnames[0], "table_kuan_name": tnames[1],
        "table_item_name": tnames[2], "name_mismatch": mismatch,
        "budget_initial": budget.value_wan if budget else None, "actual": actual,
        "stated_actual": actual_fact.value_wan if actual_fact else None,
        "stated_unit": actual_fact.unit if actual_fact else "",
        "completion_rate_stated": stated["completion_rate"].value
        if "completion_rate" in stated else None,
        "completion_rate": rate, "direction": direction, "reason": reason,
        "section": header.section, "line": actual_fact.line if actual_fact else header.line,
        "text": text,
    }
    return row, facts


def _table_value(codes: Codes, table: str, code: str) -> Decimal | None:
    value = codes.total(table, code) if code else None
    return value if isinstance(value, Decimal) else None


def budget_execution(sections: Sections, tables: Mapping[str, pd.DataFrame],
                     items: Items | None = None) -> pd.DataFrame:
    """One row per numbered 项 of the budget-execution paragraphs (一般公共预算, 政府性基金);
    `items`: read_items' result where the caller has it already."""
    rows = (items if items is not None else read_items(sections, Codes(tables))).rows
    return object_frame(rows, columns("budget_execution"))

