"""Details the narrative states in words: 三公 trips and receptions (from the narrative facts),
the glossary (名词解释) and the department's profile (概况)."""

from __future__ import annotations

import re
from typing import NamedTuple

import pandas as pd

from ..extract.sentences import Text, fold, leading_marker
from ..metadata.fields import columns
from .frames import object_frame
from .paragraphs import Sections, part_has, section_paragraphs
from .scanner import column_list

# ---- 三公 activities: trips and receptions ----------------------------------------------------

_DESTINATIONS = re.compile(r"出访(?:地|国家和地区|国家|地区)(?:为|是|包括)?:?\s*"
                           r"(?P<d>[^,;。]+)")
_PURPOSE = re.compile(r"(?:主要内容为|主要内容是|主要是|主要为|主要用于)(?P<p>[^。]+)")


class _Row(NamedTuple):
    text: object
    measure: object
    value: object
    section: object
    line: object


def three_public_details(facts: pd.DataFrame) -> pd.DataFrame:
    """Trips abroad and receptions of the 三公 section: groups, persons, destinations, purpose,
    read from the narrative facts (no second pass over the text)."""
    rows = []
    items = {"three_public.overseas.trips": "overseas", "three_public.reception.visits":
             "reception"}
    # The rows of each subject from one pass over the subjects (no mask and frame per subject).
    at: dict[str, list[int]] = {s: [] for s in items}
    # Columns read from their arrays (scanner.column_list), not as Series: a frame's column
    # taken as a Series is made anew with its attrs on every access.
    for k, s in enumerate(column_list(facts, "subject")):
        if s in at:
            at[s].append(k)
    fields = ("text", "measure", "value", "section", "line")
    values = {c: column_list(facts, c) for c in fields} if any(at.values()) else {}
    for subject, item in items.items():
        mine = [_Row(*(values[c][k] for c in fields)) for k in at[subject]]
        if not mine:
            continue
        text = str(mine[0].text)
        folded = fold(text)
        groups = next((f.value for f in mine if f.measure == "count"), None)
        persons = next((f.value for f in mine if f.measure == "persons"), None)
        dest = ""
        if m := _DESTINATIONS.search(folded):
            dest = "、".join(p for p in re.split(r"[、和及]", text[m.start("d"):m.end("d")]) if p)
        purpose = ""
        if m := _PURPOSE.search(folded):
            purpose = text[m.start("p"):m.end("p")].strip()
        rows.append({"item": item, "groups": groups, "persons": persons, "destinations": dest,
                     "purpose": purpose, "section": mine[0].section, "line": mine[0].line,
                     "text": text})
    return object_frame(rows, columns("three_public_details"))


# ---- glossary and profile --------------------------------------------------------------------



def glossary(sections: Sections) -> pd.DataFrame:
    """名词解释: one row per term."""
    rows: list[dict] = []
    for sec in sections.values():
        if not (re.search("名词解释", re.sub(r"\s", "", sec.heading)) and sec.level in (0, 1)):
            continue
        for par in section_paragraphs(sections, sec.key):
            marker = leading_marker(par.text)
            body = par.text[marker[1]:] if marker else par.text
            m = re.match(r"\s*(?P<term>[^:：。]{1,40}?)\s*[:：]\s*(?P<def>.*)", body, re.S)
            if marker and m:
                rows.append({"no": marker[0], "term": m.group("term"), "definition":
                             m.group("def").strip(), "section": par.section, "line": par.line})
            elif marker and len(body) <= 40 and "。" not in body:  # the term as a heading
                rows.append({"no": marker[0], "term": body.strip(), "definition": "",
                             "section": par.section, "line": par.line})
            elif rows and not re.sub(r"\s", "", par.text).endswith("名词解释"):
                sep = "" if not rows[-1]["definition"] else "\n"
                rows[-1]["definition"] += sep + par.text
    return object_frame(rows, columns("glossary"))


_LIST_START = re.compile(r"(?:包括|包含|设有|分别是|分别为|有)\s*[:：]\s*|(?:包括|包含)")


def profile(sections: Sections) -> pd.DataFrame:
    """概况: duties (部门职责), internal bodies (内设机构), consolidated units (决算单位构成)."""
    rows: list[dict] = []
    for sec in sections.values():
        if sec.level != 1 or not part_has(sec, "概况"):
            continue
        duties = "职责" in sec.heading or "职能" in sec.heading
        for par in section_paragraphs(sections, sec.key):
            if par.line == sec.start_line:
                continue
            if duties:
                marker = leading_marker(par.text)
                rows.append(_profile_row("duty", marker[0] if marker else
                                         sum(r["field"] == "duty" for r in rows) + 1,
                                         par.text[marker[1]:] if marker else par.text, par))
                continue
            if re.search(r"内设机构|内设科室|内设处室", par.text):
                field_name = "internal_body"
            elif re.search(r"决算单位构成|单位构成|决算.*单位.*包括|纳入.*决算", par.text):
                field_name = "consolidated_unit"
            else:
                continue
            for k, value in enumerate(_listed(par.text), start=1):
                rows.append(_profile_row(field_name, k, value, par))
    return object_frame(rows, columns("profile"))


def _profile_row(field_name: str, no: int, value: str, par: Text) -> dict:
    return {"field": field_name, "no": no, "value": value.strip(), "section": par.section,
            "line": par.line, "text": par.text}


def _listed(text: str) -> list[str]:
    """The names listed after 包括： up to the end of the sentence, split on 、 and 以及."""
    m = _LIST_START.search(text)
    if m is None:
        return []
    rest = text[m.end():]
    rest = re.split(r"[。；;]", rest)[0]
    rest = re.sub(r"等\s*\d*\s*个?(?:单位|机构|科室)?\s*$", "", rest)
    parts, depth, cur = [], 0, ""
    for ch in rest:
        depth += ch in "（(" and 1 or 0
        depth -= ch in "）)" and 1 or 0
        if depth == 0 and ch in "、，,":
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    out = []
    for p in parts:
        out += [q for q in re.split(r"以及", p)]
    return [p.strip() for p in out if p.strip()]

