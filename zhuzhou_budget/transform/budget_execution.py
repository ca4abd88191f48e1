"""Budget execution items (一般公共预算 / 政府性基金 具体情况): one row per numbered 类/款/项 item
with its stated 年初预算 and 决算, the table's 决算, the completion rate, direction and reason."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from ..extract.sentences import Text, figures, fold, leading_marker, sentences
from ..schema import columns
from .frames import Fact, object_frame
from .paragraphs import Sections, explanation_sections, section_paragraphs, subtree
from .scanner import (
    Codes,
    Cue,
    SentenceCues,
    make_fact,
    measure_of,
    norm_name,
    note_budget,
    same_name,
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


def _items(sections: Sections, key: str, fund: str) -> tuple[list[_Item], set[int]]:
    """Numbered 类/款/项 items of a section; also the first lines of the paragraphs they use."""
    items: list[_Item] = []
    used: set[int] = set()
    current: _Item | None = None
    headings = {s.start_line for s in subtree(sections, key)}
    for par in section_paragraphs(sections, key):
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


def match_code(codes: Codes, table: str, names: tuple[str, str, str]
               ) -> tuple[str, tuple[str, str, str], str]:
    """(code, the table's names for it, mismatching levels) for a 类/款/项 name triple."""
    rows = codes.rows(table)
    items = {c: n for c, n in rows.items() if len(c) == 7}
    cls, kuan, xiang = names

    def path(c: str) -> tuple[str, str, str]:
        return rows.get(c[:3], ""), rows.get(c[:5], ""), items[c]

    def agreement(c: str) -> tuple[bool, bool, bool]:
        t = path(c)
        return same_name(cls, t[0]), same_name(kuan, t[1]), same_name(xiang, t[2])

    candidates = [c for c in items if same_name(xiang, items[c])]
    if not candidates:  # no 项 of that name: the closest name under the same 类, if close enough
        scored = sorted(((difflib.SequenceMatcher(None, norm_name(xiang), norm_name(n)).ratio(),
                          c) for c, n in items.items() if same_name(cls, rows.get(c[:3], ""))),
                        reverse=True)
        candidates = [scored[0][1]] if scored and scored[0][0] >= 0.6 else []
    if not candidates:
        return "", ("", "", ""), "unmatched"
    ranked = sorted(candidates, key=lambda c: (-sum(agreement(c)), c))
    best = ranked[0]
    if len(ranked) > 1 and sum(agreement(ranked[1])) == sum(agreement(best)):
        return "", ("", "", ""), "ambiguous"
    mismatch = ",".join(level for level, ok in zip("类款项", agreement(best), strict=True)
                        if not ok)
    return best, path(best), mismatch


Items = tuple[list[dict], list[Fact], set[int]]


def read_items(sections: Sections, codes: Codes) -> Items:
    """Rows of the budget-execution items, their facts, and the paragraph lines they use."""
    rows: list[dict] = []
    facts: list[Fact] = []
    used: set[int] = set()
    for kind, key in explanation_sections(sections):
        if kind not in ("general_budget", "government_fund"):
            continue
        table = _GB if kind == "general_budget" else _GF
        items, consumed = _items(sections, key, kind)
        used |= consumed
        for item in items:
            row, item_facts = _read_item(item, codes, table)
            rows.append(row)
            facts += item_facts
    return rows, facts, used


def _read_item(item: _Item, codes: Codes, table: str) -> tuple[dict, list[Fact]]:
    code, tnames, mismatch = match_code(codes, table, item.names)
    subject = f"{item.fund}.item.{code or norm_name(item.names[2])}"
    stated: dict[str, Fact] = {}
    facts: list[Fact] = []
    header = item.pars[0]
    # An item's header paragraph opened with its marker and names (see _items).
    marker = leading_marker(header.text)
    names = _ITEM_NAMES.match(header.folded, marker[1]) if marker else None
    names_end = names.end() if names else 0
    for par in item.pars:
        for sent in sentences(par):
            local_facts: list[Fact] = []
            stated_budget: dict[str, str] = {}
            s = sent.folded
            cues = SentenceCues(s)
            prev_end = 0
            for fig in figures(sent.text):
                if par is header and sent.origin + fig.start < names_end:
                    continue
                clause = cues.clause_start(fig.start, prev_end)
                prev_end = fig.end
                cue = measure_of(fig, s[clause:fig.start], cues.comparison_before(fig.start),
                                 subject, stated_budget)
                core = cue.measure in ("budget_initial", "budget", "actual", "completion_rate")
                if core and cue.measure not in stated:
                    f = make_fact(sent, fig, subject, cue, header.section, table, code, "total")
                    stated[cue.measure] = f
                else:  # figures of the reason text
                    f = make_fact(sent, fig, "unattributed", Cue(cue.measure or "value"),
                                  header.section)
                local_facts.append(f)
                note_budget(stated_budget, f)
            facts += local_facts
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
    rows, _, _ = items if items is not None else read_items(sections, Codes(tables))
    return object_frame(rows, columns("budget_execution"))

