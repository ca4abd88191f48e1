"""Narrative facts indexed for the checks' lookups (by subject and measure).

A fact is a row of `Disclosure.narrative_facts` (subject, measure, value, unit, value_wan,
derived, table, code, column, basis, section, line, text); pandas filtering per lookup is slow,
so the rows are indexed once per reconcile.
"""

from __future__ import annotations

import collections
import functools
import operator
import re
from dataclasses import dataclass
from decimal import Decimal
from itertools import compress, groupby, repeat
from typing import Any

import numpy as np
import pandas as pd

from ...extract.sentences import fold
from ...transform import arrays
from .ledger import Ledger

# A row of narrative_facts (a namedtuple from itertuples): typed loosely on purpose.
Fact = Any

# pandas' nullable arrays (Int64, boolean, Float64): numpy data and a mask of the missing.
_MASKED = (pd.arrays.IntegerArray, pd.arrays.BooleanArray, pd.arrays.FloatingArray)

UNATTRIBUTED = "unattributed"  # the subject of a figure no rule attributes (transform/)
MONEY_UNITS = {"万元", "元", "亿元", "", "万"}  # 万 after an amount: 万元 (scanner.py)


@functools.cache
def _row_type(fields: tuple[str, ...]) -> Any:
    return collections.namedtuple("Pandas", fields, rename=True)  # as itertuples names it


def frame_rows(frame: pd.DataFrame) -> list[Any]:
    """`list(frame.itertuples())`: the same namedtuples of the same values, made faster. The
    row type is made once per set of columns (itertuples makes a class per call), and a
    column of plain numpy values is converted by one `tolist()`, which gives what its element
    iterator gives (`ndarray.item`) element by element; other columns (Int64, str, dates) are
    iterated as itertuples iterates them."""
    return _rows_of(*_frame_columns(frame))


def _frame_columns(frame: pd.DataFrame) -> tuple[list[Any], list[Any], list[list[Any]]]:
    """The names, the index labels and each column's values that `frame_rows` makes its rows
    of (`Facts` indexes the rows by four of these columns, read as they are)."""
    values = []
    if arrays.fast():
        # Each column's own array (a Series per column, as items() makes, cost more than
        # reading a document's facts): an ndarray is what a Series iterates with `item`,
        # which `tolist()` calls per element; an extension array iterates as its Series does
        # (an Int64 column by `_masked_values`, which gives the same without a generator).
        for array in arrays.column_arrays(frame):
            if isinstance(array, np.ndarray):
                values.append(array.tolist())
            elif (masked := _masked_values(array)) is not None:
                values.append(masked)
            else:
                values.append(list(array))
        # The names as pyarrow converts them (an Arrow-backed index yields its labels slowly)
        # and a RangeIndex's numbers as its range gives them: what iterating them gives.
        names = arrays.column_names(frame)
        rows = frame.index
        labels = list(range(rows.start, rows.stop, rows.step)) \
            if type(rows) is pd.RangeIndex else list(rows)
    else:
        for _, column in frame.items():  # by position, as itertuples reads them
            dtype = column.dtype
            if isinstance(dtype, np.dtype) and dtype.kind in "biufcO":
                values.append(column.to_numpy().tolist())
            else:
                values.append(list(column))
        names, labels = list(frame.columns), list(frame.index)
    return names, labels, values


def _rows_of(names: list[Any], labels: list[Any], values: list[list[Any]]) -> list[Any]:
    """The rows `frame_rows` gives of a frame's columns (`_frame_columns`)."""
    # tuple.__new__ of the row type takes each zipped tuple as is, in C (its _make is a
    # Python call per row); zip's strict=True keeps _make's check that every row is whole.
    make = functools.partial(tuple.__new__, _row_type(("Index", *names)))
    return list(map(make, zip(labels, *values, strict=True)))


def _masked_values(array: Any) -> list[Any] | None:
    """`list(array)` of a nullable integer (or boolean, float) array: its numpy scalars, its
    NA where masked, as `BaseMaskedArray.__iter__` yields them (one generator step per value
    cost more than the rest of reading the facts' line column). None for any other array,
    or a pandas whose masked arrays lack `_data` and `_mask`."""
    if not isinstance(array, pd.api.extensions.ExtensionArray) \
            or not isinstance(array, _MASKED) or array.ndim != 1:
        return None
    data, mask = getattr(array, "_data", None), getattr(array, "_mask", None)
    if not isinstance(data, np.ndarray) or not isinstance(mask, np.ndarray):
        return None
    values = list(data)  # numpy scalars, as iterating the array's data yields them
    if mask.any():
        na = array.dtype.na_value
        for k in np.flatnonzero(mask).tolist():
            values[k] = na
    return values


def index(ledger: Ledger) -> Facts:
    """The disclosure's narrative facts indexed, once per reconcile."""
    return ledger.shared("facts", lambda lg: Facts(lg.d.narrative_facts))


def budget_items(ledger: Ledger) -> list[Any]:
    """The disclosure's budget-execution items as rows (`frame_rows`), once per reconcile:
    C4, N6 and L2/L4 read them all, and a pandas selection per check cost more than their
    comparisons."""
    return ledger.shared("budget_items", lambda lg: frame_rows(lg.d.budget_execution))


def general_budget_items(ledger: Ledger) -> list[Any]:
    """The items of the general budget (fund "general_budget"), in print order: the rows
    `budget_execution[budget_execution.fund == "general_budget"]` selects (str(): a missing
    fund, NaN or NA, is no fund, as pandas' == says, not an error)."""
    return [r for r in budget_items(ledger) if str(r.fund) == "general_budget"]


_INDEXED = ("subject", "measure", "section", "text")  # the fields Facts indexes rows by


def _indexed_columns(names: list[Any], values: list[list[Any]], rows: list[Fact]
                     ) -> list[list[Any]]:
    """The values of the fields `_INDEXED` row by row: the columns of those names as they are
    (a row's field of a name is the first column of that name: namedtuple renames the
    others), or read off the rows where a column is not there under its name."""
    columns: dict[Any, list[Any]] = {}
    for name, column in zip(names, values, strict=True):
        columns.setdefault(name, column)
    if all(f in columns for f in _INDEXED):
        return [columns[f] for f in _INDEXED]
    return [list(map(operator.attrgetter(f), rows)) for f in _INDEXED]


class Facts:
    def __init__(self, frame: pd.DataFrame) -> None:
        names, labels, values = _frame_columns(frame)
        self.rows: list[Fact] = _rows_of(names, labels, values)
        self.by_subject: dict[str, list[Fact]] = {}
        # Each measure's rows by position: where() reads the rows of its measures, not all.
        self._by_measure: dict[Any, list[int]] = {}
        # Each sentence's predecessor among the sentences with figures of its section.
        self._before: dict[tuple[str, str], str] = {}
        last: dict[str, str] = {}
        by_subject, by_measure, before = self.by_subject, self._by_measure, self._before
        subjects, measures, sections, texts = _indexed_columns(names, values, self.rows)
        for position, (row, subject, measure) in enumerate(
                zip(self.rows, subjects, measures, strict=True)):
            by_subject.setdefault(str(subject), []).append(row)
            by_measure.setdefault(measure, []).append(position)
        # A sentence's facts follow one another: its first is read, the others (two in three)
        # skipped in C (groupby of the consecutive equal sentences, not a Python loop step).
        for key, _ in groupby(zip(sections, texts, strict=True)):
            section, text = key
            if key not in before and last.get(section) != text:
                before[key] = last.get(section, "")
                last[section] = text
        # first()'s answers by lookup, so n lookups of a subject with n facts (a repeated
        # sentence) cost n, not n² (issue 19: linear in the input): the first fact, the
        # facts it is the first of, and (made when a lookup is `near` a fact) each
        # sentence's first.
        self._first: dict[tuple, list[Any]] = {}

    def where(self, measures: tuple[str, ...], derived: bool | None = False) -> list[Fact]:
        """Every fact of these measures (stated only, derived only, or both when None), in
        the facts' order."""
        positions = [p for m in dict.fromkeys(measures) for p in self._by_measure.get(m, ())]
        if len(measures) > 1:
            positions.sort()
        return _of_kind(list(map(self.rows.__getitem__, positions)), derived)

    def first(self, subject: str, measures: tuple[str, ...], near: Fact = None,
              derived: bool | None = False) -> Fact | None:
        """The fact for a subject and measure: in the same sentence as `near` if there is one."""
        key = (subject, measures, derived)
        found = self._first.get(key)
        if found is None:
            rows = self.by_subject.get(subject, ())
            sub = _of_kind(list(compress(rows, map(measures.__contains__, map(_MEASURE, rows)))),
                           derived)
            found = self._first[key] = [sub[0] if sub else None, sub, None]
        if near is None:
            return found[0]
        if found[2] is None:  # each sentence's first such fact, indexed only when asked
            by_sentence: dict[tuple, Fact] = {}
            for r in found[1]:
                by_sentence.setdefault((r.section, r.text), r)
            found[2] = by_sentence
        return found[2].get((near.section, near.text), found[0])

    def in_sentence(self, subject: str, measures: tuple[str, ...], rate: Fact,
                    before: bool = False) -> Fact | None:
        """The fact for a subject and measure stated in the sentence of `rate` — or, with
        `before`, in the sentence just before it ("收、支总计 X 万元。与上年相比增加 Y 万元，增长
        Z%。"): a rate is judged only against the figures its own sentence names, never
        against the same subject's figures stated anywhere else."""
        texts = [rate.text]
        if before and (prev := self._before.get((rate.section, rate.text))):
            texts.append(prev)
        for text in texts:
            for r in self.by_subject.get(subject, ()):
                if r.measure in measures and not r.derived and r.section == rate.section \
                        and r.text == text:
                    return r
        return None


_MEASURE, _DERIVED = operator.attrgetter("measure"), operator.attrgetter("derived")


def _of_kind(rows: list[Fact], derived: bool | None) -> list[Fact]:
    """The stated (`derived` False), derived (True) or all (None) of `rows`, in order: each
    row's `bool(derived) == derived`, read by C maps (a comprehension over the facts of every
    lookup cost ~900 line steps a document)."""
    if derived is None:
        return rows
    return list(compress(rows, map(operator.eq, map(bool, map(_DERIVED, rows)),
                                   repeat(derived))))


# 增长（下降）, 增加（减少）…: the template's alternatives left unfilled (C7 reports them).
EITHER_WAY = re.compile(r"(?:增加|减少|增长|下降|上升|降低|提高)[(（]"
                        r"(?:增加|减少|增长|下降|上升|降低|提高)[)）]")


def either_way(fact: Fact) -> bool:
    """Do the direction words of the fact's sentence contradict each other? Then the sign of
    its changes and rates is unknown: only their size is judged, the leftover is the finding."""
    return EITHER_WAY.search(fold(str(fact.text))) is not None


def money(fact: Fact) -> Decimal | None:
    """A fact's amount in 万元, or None when it is not money (a count, a rate)."""
    return fact.value_wan if fact.unit in MONEY_UNITS and fact.value_wan is not None else None


def amounts(*facts: Fact) -> tuple[Decimal, ...] | None:
    """The facts' amounts in 万元, or None when one of them is not money (a rate is judged
    only against the money its sentence states)."""
    values = tuple(v for v in map(money, facts) if v is not None)
    return values if len(values) == len(facts) else None


@dataclass(frozen=True)
class Growth:
    """A stated growth rate (or rate against the budget) with the figures it is computed from:
    the change and the current value stated with it, the change's sign where the sentence
    leaves it open (`either`), and the base (current − change)."""

    rate: Fact
    kind: str  # "change" or "change_vs_budget"
    change: Fact
    current: Fact
    delta: Decimal
    base: Decimal
    either: bool


def stated_growth(ledger: Ledger) -> list[Growth]:
    """`growth_rates` of the disclosure's facts, once per reconcile (N4 and L3 read them)."""
    return ledger.shared("growth_rates", lambda lg: growth_rates(index(lg)))


def growth_rates(facts: Facts) -> list[Growth]:
    """Every attributed growth rate whose change and current value are stated with it (N4
    recomputes them, L3 reads their bases)."""
    out = []
    for fact in facts.where(("growth_rate", "rate_vs_budget")):
        if fact.subject == UNATTRIBUTED:
            continue
        kind = "change" if fact.measure == "growth_rate" else "change_vs_budget"
        change = facts.in_sentence(fact.subject, (kind,), fact)
        current = facts.in_sentence(fact.subject, ("actual", "amount"), fact, before=True)
        if change is None or current is None or (both := amounts(current, change)) is None:
            continue
        now, delta = both
        either = either_way(fact) or either_way(change)
        if either:  # the change's sign is unknown too: take the reading that fits the size
            delta = min((delta, -delta), key=lambda d: _misfit(d, now, fact.value))
        out.append(Growth(fact, kind, change, current, delta, now - delta, either))
    return out


def _misfit(delta: Decimal, now: Decimal, stated: Decimal) -> Decimal:
    base = now - delta
    return abs(abs(stated) - abs(delta / base * 100)) if base else Decimal("Infinity")
