"""The performance self-evaluation report against itself and the tables (P1–P5), and the
verdict columns of `performance/project_lists.csv` (the comparison P1/P2 report: one
comparison, one policy)."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from ..metadata.fields import columns
from ..rounding import ZERO, stated_sum
from ..transform import arrays
from .engine.facts import Fact, frame_rows, index
from .engine.findings import fmt
from .engine.ledger import Ledger
from .engine.registry import EXACT, HEURISTIC, REGISTRY, Check, policy

SUITE = REGISTRY.suite("performance")
LIST_COUNT = SUITE.check("P1.list_count", policy("error", "error"),
                         "each project list's stated count = the projects listed", zh="项目清单个数")
LIST_TOTAL = SUITE.check("P2.list_total", EXACT,
                         "each list's stated budget / actual / adjustment = Σ its projects", zh="项目清单金额")
COVERAGE = SUITE.check("P3.coverage", HEURISTIC,
                       "evaluation coverage (projects, funds) adds up by fund type", zh="自评覆盖范围")
REPORT_VS_TABLE = SUITE.check("P4.report_vs_table", EXACT,
                              "the report's figures against the tables (project totals, total "
                              "execution, fund spending)", zh="自评报告 = 表")
PROJECT_SPENDING = SUITE.check("P5.project_spending", HEURISTIC,
                               "本级 project spending against its project lists", zh="本级项目支出")

_MEASURES = {"budget_initial": "年初预算", "actual": "实际支出", "adjustment": "调整金额"}


def _compare(ledger: Ledger, check: Check, what: str, stated: Decimal, parts: list[Decimal],
             source: Fact, *, heuristic: bool = False,
             printed: list[Decimal] | None = None) -> None:
    """A figure the report states against the sum of the figures it is made of."""
    ledger.count(check)
    if _equal(stated, parts):
        return  # no finding, whatever the tolerance (not worked out: one half unit a part)
    expected, difference, tol, level = stated_sum(stated, parts, printed or None,
                                                  heuristic=heuristic)
    if level:
        ledger.report(check, level, f"{what}：所述 {fmt(stated)}，各项合计 {fmt(expected)}，差额 "
                      f"{fmt(difference)}，容差 {fmt(tol)}"
                      + ("，属尾数误差" if level == "rounding" else ""),
                      source, expected=expected, actual=stated, difference=difference,
                      tolerance=tol)


def _equal(stated: Decimal, parts: list[Decimal]) -> bool:
    """Is `stated` the sum of `parts` exactly? Then `stated_sum`'s severity is None (its
    difference is 0) whatever its tolerance and heuristic."""
    return stated - sum(parts, ZERO) == 0


def _by_list(projects: pd.DataFrame, fields: tuple[str, ...] = ("name", *_MEASURES)
             ) -> dict[Any, dict[str, list[Any]]]:
    """Each list's projects, read once as plain lists of `fields` (names, amounts) in print
    order: a pandas selection per list and column cost more than the comparisons themselves.
    A project without a list belongs to none (as `groupby` and `==` leave it out)."""
    out: dict[Any, dict[str, list[Any]]] = {}
    if not len(projects):
        return out
    columns = [_values(projects, f) for f in fields]
    # Each list's rows found in one pass, then each field's values of them taken by a C map:
    # a dict of empty lists made per project and a Python append per field and project cost
    # more (a document lists ~100 projects, read twice: P1/P2 and the verdict columns).
    rows_of: dict[Any, list[int]] = {}
    for row, key in enumerate(_values(projects, "list")):
        if key is None or (type(key) is not str and pd.isna(key)):  # a text is never NA
            continue
        rows_of.setdefault(key, []).append(row)
    for key, rows in rows_of.items():
        out[key] = {f: list(map(column.__getitem__, rows))
                    for f, column in zip(fields, columns, strict=True)}
    return out


def _values(frame: pd.DataFrame, name: str) -> list[Any]:
    """`frame[name].tolist()`, read from the column's own array where it is a plain object
    column (the projects' columns are): the Series `frame[name]` makes cost more than the
    few values it holds. Anything else (another dtype, duplicate names) pandas' way."""
    if arrays.fast() and frame.columns.is_unique:
        position = frame.columns.get_loc(name)
        array = arrays.column_array(frame, position) if isinstance(position, int) else None
        if isinstance(array, np.ndarray) and array.dtype == object:
            return array.tolist()  # what Series.tolist gives of it: the objects themselves
    return frame[name].tolist()


_NO_PROJECTS: dict[str, list[Any]] = {"name": [], **{m: [] for m in _MEASURES}}


@SUITE.step(LIST_COUNT, LIST_TOTAL)
def project_lists(ledger: Ledger) -> None:
    """P1: stated project counts = the projects listed; P2: stated totals = Σ the projects."""
    perf: Any = ledger.d.performance  # its frames' rows are read loosely, as itertuples
    by_list = _by_list(perf.projects)
    for lst in frame_rows(perf.project_lists):
        items = by_list.get(lst.list, _NO_PROJECTS)
        listed = len(items["name"])
        ledger.count(LIST_COUNT)
        if lst.stated_count is not None and int(lst.stated_count) != listed:
            ledger.report(LIST_COUNT, "error",
                          f"{lst.title}：文中称 {lst.stated_count} 个，逐项列出 {listed} 个（"
                          + "、".join(str(n) for n in items["name"]) + "）", lst,
                          expected=Decimal(listed), actual=Decimal(int(lst.stated_count)),
                          difference=Decimal(int(lst.stated_count) - listed),
                          tolerance=ZERO)
        for measure, label in _MEASURES.items():
            stated = getattr(lst, f"stated_{measure}")
            values = [v for v in items[measure] if v is not None]
            if stated is None or not values:
                continue
            _compare(ledger, LIST_TOTAL, f"{lst.title}{label}", stated, values, lst)


@SUITE.step(COVERAGE)
def coverage(ledger: Ledger) -> None:
    """P3: the evaluation's coverage adds up by fund type."""
    facts = index(ledger)
    total_count = facts.first("performance.coverage", ("count",))
    total_amount = facts.first("performance.coverage", ("amount",))
    by_fund = [s for s in ("performance.coverage.general_budget",
                           "performance.coverage.government_fund",
                           "performance.coverage.state_capital")]
    counts = [f for f in (facts.first(s, ("count",)) for s in by_fund) if f is not None]
    amounts = [f for f in (facts.first(s, ("amount",)) for s in by_fund) if f is not None]
    if total_count is not None and counts:
        ledger.count(COVERAGE)
        listed = sum(int(c.value) for c in counts)
        if int(total_count.value) != listed:
            ledger.report(COVERAGE, "warning",
                          f"绩效自评涉及项目 {total_count.value} 个，按资金性质分列合计 {listed} 个（"
                          + "、".join(f"{c.subject.rsplit('.', 1)[1]} {c.value} 个"
                                     for c in counts)
                          + "）", total_count, expected=Decimal(listed),
                          actual=total_count.value, difference=total_count.value - listed,
                          tolerance=ZERO)
    if total_amount is not None and amounts:
        _compare(ledger, COVERAGE, "绩效自评涉及资金与按资金性质分列的金额",
                 total_amount.value_wan, [a.value_wan for a in amounts], total_amount,
                 heuristic=True, printed=[a.value for a in amounts])


@SUITE.step(REPORT_VS_TABLE)
def report_vs_tables(ledger: Ledger) -> None:
    """P4: the report's coverage and execution figures against the tables."""
    facts = index(ledger)
    tables = ledger.d.table_info
    pairs = (("performance.coverage.general_budget", "general_budget_expenditure", "project"),
             ("performance.coverage.government_fund", "government_fund", "project"))
    for subject, tid, column in pairs:
        fact = facts.first(subject, ("amount",))
        table = tables.get(tid)
        total = next((r for r in table.records if r.level == "total"), None) if table else None
        cell = total.values.get(column) if total is not None else None
        if fact is None or table is None or cell is None:
            continue
        _compare(ledger, REPORT_VS_TABLE,
                 f"自评 {subject} 金额与 {table.spec.zh} 合计项目支出", fact.value_wan,
                 [cell], fact)
    exp = tables.get("expenditure")
    overall = facts.first("performance.overall", ("actual",))
    if overall is not None and exp is not None:
        total = next((r for r in exp.records if r.level == "total"), None)
        cell = total.values.get("total") if total is not None else None
        if cell is not None:
            _compare(ledger, REPORT_VS_TABLE, "自评整体支出执行数与支出决算表合计",
                     overall.value_wan, [cell], overall)
    fund = facts.first("performance.expenditure.government_fund", ("actual",))
    if fund is not None and (t := tables.get("government_fund")):
        total = next((r for r in t.records if r.level == "total"), None)
        cell = total.values.get("total") if total is not None else None
        if cell is not None:
            _compare(ledger, REPORT_VS_TABLE, "自评政府性基金决算数与基金表本年支出",
                     fund.value_wan, [cell], fund)


@SUITE.step(PROJECT_SPENDING)
def project_spending(ledger: Ledger) -> None:
    """P5: the 本级 project expenditure against its project lists (heuristic: the lists may
    not cover everything)."""
    facts = index(ledger)
    project = facts.first("performance.expenditure.project", ("actual",))
    initial, midyear = (facts.first(f"performance.project_list.{k}", ("actual",))
                        for k in ("initial", "midyear"))
    if project is not None and initial is not None and midyear is not None:
        lists = [initial, midyear]
        _compare(ledger, PROJECT_SPENDING,
                 "本级项目支出决算数与年初预算项目、年中追加项目实际支出之和",
                 project.value_wan, [x.value_wan for x in lists], project, heuristic=True,
                 printed=[x.value for x in lists])


# -- the verdict columns of performance/project_lists.csv ------------------------------------

_VERDICTS = (("count", "count"), ("budget_initial", "budget"), ("actual", "actual"),
             ("adjustment", "adjustment"))


def project_list_agreement(project_lists: pd.DataFrame, projects: pd.DataFrame) -> pd.DataFrame:
    """`project_lists` with count_matches, budget_matches, actual_matches, adjustment_matches:
    True/False where both sides are stated, None where one is missing. Sums agree within the
    rounding policy (half a unit of the stated figure's last digit plus each project's)."""
    verdicts: dict[str, list[bool | None]] = {f"{key}_matches": [] for _, key in _VERDICTS}
    by_list = _by_list(projects, tuple(_MEASURES))  # the amounts only: no names needed
    for lst in frame_rows(project_lists):
        items = by_list.get(lst.list, _NO_PROJECTS)
        for measure, key in _VERDICTS:
            stated, listed = getattr(lst, f"stated_{measure}"), getattr(lst, f"listed_{measure}")
            if stated is None or listed is None:
                verdicts[f"{key}_matches"].append(None)
            elif measure == "count":
                verdicts[f"{key}_matches"].append(bool(stated == listed))
            else:
                # The comparison P2 reports (above): one verdict, one policy.
                values = [v for v in items[measure] if v is not None]
                if _equal(stated, values):
                    verdicts[f"{key}_matches"].append(True)  # stated_sum's severity: None
                    continue
                *_, level = stated_sum(stated, values)
                verdicts[f"{key}_matches"].append(level in (None, "rounding"))
    return _with_columns(project_lists, verdicts, columns("performance_project_lists"))


def _with_columns(frame: pd.DataFrame, added: dict[str, list[Any]],
                  names: list[str]) -> pd.DataFrame:
    """`frame` with the `added` columns (object dtype), its columns in the order of `names`:
    what a copy, a column set per name and a selection of `names` give, built at once (that
    way cost twice as much for the few rows of a project list)."""
    if arrays.fast() and frame.columns.is_unique:
        # The frame's own columns copied (the result must not share them: pandas' copy-on-write
        # tracks a Series passed to the constructor, not an array), the added ones object.
        own = dict(zip(frame.columns, arrays.column_arrays(frame), strict=True))
        out = arrays.frame([np.fromiter(added[name], dtype=object, count=len(frame))
                            if name in added else own[name].copy() for name in names],
                           names, frame.index)
    else:
        data = {name: pd.Series(added[name], index=frame.index, dtype=object)
                if name in added else frame[name] for name in names}
        out = pd.DataFrame(data, copy=False)
    out.attrs = copy.deepcopy(frame.attrs)  # as a copy and a selection carry them over
    return out


__all__ = ["SUITE", "project_list_agreement"]
