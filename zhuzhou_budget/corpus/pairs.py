"""A corpus's budgets beside its final accounts: after every document is built, each budget
(部门预算) is paired with the final accounts (部门决算) of the same department and year, and
the pair gives the panel its corpus-level rows: `budget_vs_final` (line by line,
analysis.budget_vs_final), `pairs` (every pair, or why there is none), the BF1.restated_budget
findings (a final account that states a 年初预算 other than the published budget) and, for every
final account, PEFA PI-1/PI-2 metrics with the budget they rest on.

Pairing (docs/corpus.md): same year, one budget and one final account, and either the same
department id once the words that name the kind (budget, final, accounts, yusuan, juesuan) are
left out — `dept-budget` and `dept-final`, a manifest's `zjj` and `zjj-budget` — or the same
department name printed in both. Ids that agree with names that disagree are no pair: a line
says why. A final account without a budget is measured against the 年初预算 it states.

Runs in the batch's process (it reads the two documents of each pair again: a pair needs
both, and a worker holds one); every row is text, typed once with the documents' rows.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

from ..errors import DisclosureError
from ..extract.numbers import format_amount
from ..metadata.fields import PAIR_FINDINGS, columns
from ..sources.folders import Source
from .panel_schema import KEYS, PAIR_RESOURCES, resource
from .result import Result
from .rows import strings

if TYPE_CHECKING:
    import pandas as pd
# The analysis of a pair (the two documents loaded, pandas) is imported where a pair is
# analysed (`_analyse`): a corpus of final accounts alone is merged by a process that never
# imports pandas (result.py says why).

FINAL, BUDGET = "部门决算", "部门预算"
# Words of a file name or id that say which kind of document it is, not which department.
KIND_WORDS = frozenset({"budget", "budgets", "final", "finals", "account", "accounts",
                        "yusuan", "juesuan"})
RESTATED = "BF1.restated_budget"
PUBLISHED_BASIS = "published budget (部门预算)"
STATED_BASIS = "stated 年初预算 (部门决算)"
_FINDING_COLUMNS = columns("findings")


@dataclass
class Pairs:
    """The corpus rows of the pairs (resource → Arrow tables of text, keys first) and one line
    per budget that found no final accounts to pair with, or a pair refused."""

    rows: dict[str, list[pa.Table]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def id_stem(department_id: str) -> str:
    """The id without the words that name the document's kind (`zjj-2024-budget` → `zjj-2024`)."""
    words = [w for w in re.split(r"[-_]", department_id) if w and w not in KIND_WORDS]
    return "-".join(words)


def _name(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


@dataclass
class Match:
    """A budget, the final accounts it pairs with (None: none found), how, and why not."""

    budget: Result
    final: Result | None = None
    matched_by: str = ""
    reason: str = ""


def match(results: list[Result]) -> list[Match]:
    """Each budget with the final accounts it pairs with (or None), how, and why not."""
    finals = [r for r in results if r.row.kind == FINAL and r.row.year is not None]
    out = []
    for b in sorted((r for r in results if r.row.kind == BUDGET and r.row.year is not None),
                    key=lambda r: (r.row.year, r.row.department_id, r.row.source)):
        same_year = [f for f in finals if f.row.year == b.row.year]
        by_id = [f for f in same_year if id_stem(f.row.department_id) and
                 id_stem(f.row.department_id) == id_stem(b.row.department_id)]
        by_name = [f for f in same_year if _name(f.row.department) and
                   _name(f.row.department) == _name(b.row.department)]
        entry = Match(b)
        if len(by_id) == 1:
            f = entry.final = by_id[0]
            entry.matched_by = "department_id"
            if _name(f.row.department) != _name(b.row.department):
                entry.reason = (f"the department names differ: {f.row.department} "
                                   f"(final accounts) and {b.row.department} (budget)")
        elif len(by_id) > 1 or len(by_name) > 1:
            many = by_id if len(by_id) > 1 else by_name
            entry.reason = ("more than one final accounts of the year could pair with it: "
                               + ", ".join(sorted(f.row.source for f in many)))
        elif by_name:
            entry.final, entry.matched_by = by_name[0], "department"
        else:
            entry.reason = (f"no final accounts of {b.row.year} with its department id "
                               f"({b.row.department_id}) or name ({b.row.department})")
        out.append(entry)
    # A final account claimed by two budgets pairs with neither.
    claims: dict[str, int] = {}
    for e in out:
        if e.final is not None and not e.reason:
            claims[e.final.row.source] = claims.get(e.final.row.source, 0) + 1
    for e in out:
        if e.final is not None and not e.reason and claims[e.final.row.source] > 1:
            e.reason = (f"{e.final.row.source} pairs with more than one budget of "
                        f"{e.budget.row.year}")
    return out


def build(results: list[Result], sources: list[Source]) -> Pairs:
    """The pairs of the built documents (ok or partial) and their panel rows."""
    out = Pairs()
    matches = match(results)
    # final's source → lines, pefa; a corpus without budgets has no pair to analyse
    paired = _analyse(matches, {s.label: s for s in sources}, out) if matches else {}
    metrics = _rows_tables([(f, _pi_metrics(f, paired.get(f.row.source)))
                            for f in sorted((r for r in results if r.row.kind == FINAL),
                                            key=lambda r: r.row.sort_key())], "metrics")
    if metrics:
        out.rows["metrics"] = metrics
    return out


def _analyse(matches: list[Match], by_label: dict[str, Source], out: Pairs
             ) -> dict[str, tuple[pd.DataFrame, dict]]:
    """Each budget's pair analysed (`out` gains the pairs' rows and notes); the lines and
    PEFA measures of each final account paired, by its source. Imports the analysis of a
    pair (the two documents loaded, pandas), which a corpus of final accounts alone never
    needs."""
    import pandas as pd

    from ..analysis.budget_vs_final import NotAPair, disagreements

    paired: dict[str, tuple[pd.DataFrame, dict]] = {}
    pair_rows = []
    for e in matches:
        b, f = e.budget, e.final
        record = {"status": "not_paired", "matched_by": e.matched_by, "reason": e.reason,
                  "final_source": f.row.source if f else "", "budget_source": b.row.source,
                  "budget_department_id": b.row.department_id,
                  "budget_department": b.row.department, "budget_sha256": b.row.sha256}
        owner = f if f is not None else b
        if f is None:
            record["status"] = "no_final_accounts"
        elif not e.reason:
            try:
                frame, pe = _lines(by_label[f.row.source], by_label[b.row.source],
                                   f.row.department_id)
            except (DisclosureError, NotAPair, KeyError) as exc:
                record["reason"] = _one_line(str(exc))
            else:
                record["status"] = "paired"
                paired[f.row.source] = (frame, pe)
                out.rows.setdefault("budget_vs_final", []).append(
                    _text_table(_with_budget(frame, b), f, "budget_vs_final"))
                differ = disagreements(frame)  # read by the findings and the pair's metrics
                found = _findings(frame, differ)
                if found:
                    out.rows.setdefault("findings", []).append(
                        _text_table(pd.DataFrame(found, columns=_FINDING_COLUMNS), f,
                                    "findings"))
                record.update(_pair_metrics(frame, differ, pe, f))
        if record["reason"]:
            out.notes.append(f"not paired: {b.row.source}: {record['reason']}")
        pair_rows.append((owner, record))
    out.rows["pairs"] = [_text_table(pd.DataFrame([r], columns=PAIR_RESOURCES[
        "pairs"].columns), owner, "pairs") for owner, r in pair_rows]
    return paired


def _lines(final: Source, budget: Source, department_id: str) -> tuple[pd.DataFrame, dict]:
    from ..analysis.budget_vs_final import budget_vs_final, pefa
    from ..disclosure import load

    f = load(final.path, manifest=final.manifest)
    b = load(budget.path, manifest=budget.manifest)
    # The pair is made by the corpus's rule (ids without the kind's words, or the printed
    # names): one id for both, so budget_vs_final compares the printed names.
    f.meta.department_id = b.meta.department_id = department_id
    frame = budget_vs_final(f, b)
    frame.attrs["budget_execution"] = f.budget_execution
    return frame, pefa(frame)


def _with_budget(frame: pd.DataFrame, budget: Result) -> pd.DataFrame:
    out = frame.drop(columns=["department_id", "department", "year"])
    out.insert(0, "budget_sha256", budget.row.sha256)
    out.insert(0, "budget_department_id", budget.row.department_id)
    return out


def _findings(frame: pd.DataFrame, differ: pd.DataFrame) -> list[dict]:
    """BF1.restated_budget: each line whose stated 年初预算 differs from the published budget
    (`differ`: the pair's `disagreements`), with the evidence (expected = published, actual =
    stated) and where the final accounts state it."""
    be = frame.attrs.get("budget_execution")
    where = {} if be is None else {
        r.code: r for r in be[be["fund"] == "general_budget"].itertuples() if r.code}
    out = []
    for r in differ.itertuples():
        general = r.fund == "一般公共预算"
        stated = where.get(r.code) if general else None
        table, column = (("budget_general_expenditure", "total") if general
                         else ("budget_three_public", r.code))
        terms = (f"{table}/{r.code}/{column}={_amount(r.published_budget)}; "
                 + (f"budget_execution/{r.code}/budget_initial=" if general
                    else f"three_public/budget/{r.code}=") + _amount(r.stated_budget))
        out.append({
            "check": RESTATED, "family": "narrative", "severity": r.severity,
            "message": f"[{RESTATED}] 决算所述年初预算与部门预算不一致：{r.item}（{r.code}）"
                       f"部门预算 {_amount(r.published_budget)} 万元，决算所述年初预算 "
                       f"{_amount(r.stated_budget)} 万元，相差 "
                       f"{_amount(r.difference)} 万元",
            "expected": r.published_budget, "actual": r.stated_budget,
            "difference": r.difference, "tolerance": r.tolerance, "table": table,
            "code": r.code, "column": column,
            "section": stated.section if stated is not None else "",
            "line": stated.line if stated is not None else None, "page": None,
            "excerpt": stated.text if stated is not None else "", "terms": terms})
    assert RESTATED in PAIR_FINDINGS
    return out


def _pair_metrics(frame: pd.DataFrame, differ: pd.DataFrame, pe: dict, final: Result) -> dict:
    stated = _stated_pi(final)
    p1, p2 = pe["pi1"], pe["pi2"]
    return {"lines": len(frame),
            "disagreements": int((differ["severity"] == "warning").sum()),
            "pi1_budget_pct": p1["pi1_pct"] if p1 else None,
            "pi1_budget_band": p1["band"] if p1 else None,
            "pi1_stated_pct": stated["pi1_pct"],
            "pi1_stated_band": stated["pi1_band"],
            "pi2_budget_pct": p2.percent if p2 is not None else None,
            "pi2_stated_pct": stated["pi2_pct"]}


def _pi_metrics(final: Result, pair: tuple[pd.DataFrame, dict] | None
                ) -> list[tuple[str, object, str, str]]:
    """pi1_pct and pi2_pct of a final account (rows of METRICS.columns): on the published
    budget where it has a pair, else on the 年初预算 it states; a figure with no base to
    measure against is blank. Rows, not a frame: every final account of the corpus has
    them, and a two-row pandas frame cost ~0.5 ms a document of the merge's time."""
    if pair is not None:
        pe = pair[1]
        p1 = pe["pi1"]["pi1_pct"] if pe["pi1"] else None
        p2 = pe["pi2"].percent if pe["pi2"] is not None else None
        basis = PUBLISHED_BASIS
    else:
        stated = _stated_pi(final)
        p1, p2 = stated["pi1_pct"], stated["pi2_pct"]
        basis = STATED_BASIS
    return [("pi1_pct", p1, "%", basis), ("pi2_pct", p2, "%", basis)]


def _stated_pi(final: Result) -> dict:
    """PI-1/PI-2 on the stated 年初预算, as the document's worker measured them from its rows
    (stated_pi.py; none for a document built without a staging area)."""
    f = final.fragment
    return dict(f.stated_pi) if f is not None and f.stated_pi else {
        "pi1_pct": None, "pi1_band": None, "pi2_pct": None}


def _text_table(frame: pd.DataFrame, owner: Result, name: str) -> pa.Table:
    """A frame as the panel's text rows: the owner's keys first, every value as the CSV would
    print it (Decimal with its decimals, a blank None, booleans true/false)."""
    keys = _keys(owner)
    return _table({k: [keys[k]] * len(frame) for k in KEYS},
                  {c: list(frame[c]) for c in frame.columns}, len(frame), name)


def _rows_tables(owned: list[tuple[Result, list[tuple]]], name: str) -> list[pa.Table]:
    """Each owner's rows (tuples in the resource's column order) as `_text_table` gives their
    frame: all made as one table and cut into each owner's slice (zero-copy), since every
    final account of the corpus has its metrics rows and a table made per owner cost ~0.2 ms
    of the merge's time each."""
    if not owned:
        return []
    columns = [list(c) for c in zip(*(r for _, rows in owned for r in rows), strict=True)]
    values = dict(zip(resource(name).columns, columns, strict=True)) if columns else {}
    keys = [_keys(owner) for owner, rows in owned for _ in rows]
    whole = _table({k: [row[k] for row in keys] for k in KEYS}, values, len(keys), name)
    out, start = [], 0
    for _, rows in owned:
        out.append(whole.slice(start, len(rows)))
        start += len(rows)
    return out


def _keys(owner: Result) -> dict[str, str]:
    return {"department_id": owner.row.department_id, "department": owner.row.department,
            "year": str(owner.row.year), "source_sha256": owner.row.sha256}


def _table(keys: dict[str, list[str]], values: dict[str, list], n: int, name: str
           ) -> pa.Table:
    """`n` rows: the key columns as given, then the resource's columns (`values`: column →
    its values; a column not given is blank), every value as `_text` prints it."""
    names = resource(name).columns
    arrays = [strings(keys[k]) for k in KEYS]
    arrays += [strings([_text(v) for v in values[c]] if c in values else [None] * n)
               for c in names]
    return pa.table(arrays, names=[*KEYS, *names])


def _text(value) -> str | None:
    if value is None or _is_na(value) or value == "" or (
            isinstance(value, float) and value != value):
        return None  # a blank is missing, as the documents' CSV rows read it
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format_amount(value)
    return str(value)


def _is_na(value) -> bool:
    """pandas' NA (only a pair's frame can hold it, and only once pandas is imported). Tested
    before `value == ""`, which NA answers with NA, whose truth value raises."""
    pandas = sys.modules.get("pandas")
    return pandas is not None and value is pandas.NA


def _amount(value) -> str:
    return _text(value) or ""


def _one_line(text: str) -> str:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return lines[0] if lines else "not a pair"
