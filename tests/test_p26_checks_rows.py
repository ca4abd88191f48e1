"""The checks' faster reads of frames and lines, each held to the general way it replaces:
`performance._values` to `frame[name].tolist()`, `_by_list` to its former pandas selection,
`frame_rows` (Int64 and other masked columns, a RangeIndex, Arrow-backed names) to
`itertuples`, and L6's gate (a line without 无) to its patterns."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhuzhou_budget.checks.engine.facts import _masked_values, frame_rows
from zhuzhou_budget.checks.logic import statements
from zhuzhou_budget.checks.performance import _by_list, _values
from zhuzhou_budget.transform import arrays

PROJECTS = pd.DataFrame({
    "list": ["initial", "initial", None, "midyear", float("nan")],
    "name": ["甲", "乙", "丙", "丁", "戊"],
    "budget_initial": [Decimal("1.50"), None, Decimal("2"), Decimal("0.10"), None],
    "actual": [Decimal("1.4"), Decimal("3"), None, None, Decimal("5")],
    "adjustment": [None, None, None, None, None],
    "line": pd.array([3, 4, None, 9, 10], dtype="Int64"),
    "text": pd.array(["a", None, "c", "d", "e"], dtype="str"),
})


def _by_list_former(projects: pd.DataFrame, fields: tuple[str, ...] = (
        "name", "budget_initial", "actual", "adjustment")) -> dict[Any, dict[str, list[Any]]]:
    """`_by_list` as it was (a Series per column): the oracle."""
    out: dict[Any, dict[str, list[Any]]] = {}
    if not len(projects):
        return out
    columns = [projects[f].tolist() for f in fields]
    for key, *values in zip(projects["list"].tolist(), *columns, strict=True):
        if key is None or pd.isna(key):
            continue
        group = out.setdefault(key, {f: [] for f in fields})
        for f, v in zip(fields, values, strict=True):
            group[f].append(v)
    return out


def _typed_values(values: list) -> list:
    return [(type(v), repr(v)) for v in values]


@pytest.mark.parametrize("name", list(PROJECTS.columns))
def test_values_are_the_series_tolist(name):
    assert _typed_values(_values(PROJECTS, name)) == _typed_values(PROJECTS[name].tolist())


def test_values_of_duplicate_names_go_pandas_way():
    frame = pd.DataFrame([[1, 2]], columns=["x", "x"], dtype=object)
    with pytest.raises(AttributeError):  # frame["x"] is a frame: as before, no tolist
        _values(frame, "x")


@pytest.mark.parametrize("fields", [("name", "budget_initial", "actual", "adjustment"),
                                    ("budget_initial", "actual", "adjustment")])
def test_by_list_is_the_former_selection(fields):
    got = _by_list(PROJECTS, fields)
    assert got == _by_list_former(PROJECTS, fields)
    assert list(got) == ["initial", "midyear"]
    assert got["initial"]["budget_initial"] == [Decimal("1.50"), None]


def test_by_list_either_way(monkeypatch):
    expected = _by_list_former(PROJECTS)
    monkeypatch.setattr(arrays, "fast", lambda: False)
    assert _by_list(PROJECTS) == expected


def test_by_list_of_no_projects():
    assert _by_list(PROJECTS.iloc[:0]) == {}


_decimal = st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-10**6,
                       max_value=10**6)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", None]), st.text(max_size=3),
                          st.one_of(st.none(), _decimal)), max_size=8))
def test_by_list_any_projects(rows):
    frame = pd.DataFrame({"list": pd.Series([r[0] for r in rows], dtype=object),
                          "name": pd.Series([r[1] for r in rows], dtype=object),
                          "budget_initial": pd.Series([r[2] for r in rows], dtype=object),
                          "actual": pd.Series([r[2] for r in rows], dtype=object),
                          "adjustment": pd.Series([None] * len(rows), dtype=object)})
    assert _by_list(frame) == _by_list_former(frame)


def _typed(rows: list) -> list:
    return [(type(r)._fields, [(type(v), repr(v)) for v in r]) for r in rows]


FRAMES = [
    PROJECTS,
    pd.DataFrame({"line": pd.array([1, None, 3], dtype="Int64"),
                  "flag": pd.array([True, None, False], dtype="boolean"),
                  "share": pd.array([1.5, None, 2.0], dtype="Float64"),
                  "n": pd.array([7, 8, 9], dtype="Int64")}),
    pd.DataFrame({"line": pd.array([5, 6], dtype="Int64")}, index=pd.RangeIndex(10, 2, -4)),
    pd.DataFrame({"x": [1, 2]}, index=pd.RangeIndex(3, 7, 2)),
    pd.DataFrame({"x": [1, 2]}, index=["p", "q"]),
    pd.DataFrame({"x": pd.array([], dtype="Int64")}),
    pd.DataFrame({0: ["a"], 1: [Decimal("1")]}),  # labels that are no texts
]


@pytest.mark.parametrize("frame", FRAMES)
def test_frame_rows_either_way_are_itertuples(frame, monkeypatch):
    expected = _typed(list(frame.itertuples()))
    assert _typed(frame_rows(frame)) == expected
    monkeypatch.setattr(arrays, "fast", lambda: False)
    assert _typed(frame_rows(frame)) == expected


@pytest.mark.parametrize("array", [pd.array([1, None, 3], dtype="Int64"),
                                   pd.array([True, None], dtype="boolean"),
                                   pd.array([None, 0.5], dtype="Float64"),
                                   pd.array([2, 3], dtype="Int32")])
def test_masked_values_are_the_arrays_iteration(array):
    assert _typed_values(_masked_values(array)) == _typed_values(list(array))


@pytest.mark.parametrize("array", [np.array([1, 2]), pd.array(["a"], dtype="str"),
                                   pd.array([Decimal("1")], dtype=object)])
def test_masked_values_leave_other_arrays(array):
    assert _masked_values(array) is None


@pytest.mark.parametrize("pattern", [p for p, *_ in statements._NONE])
def test_every_none_pattern_opens_with_the_gate_word(pattern):
    # A top-level alternation would parse as one BRANCH item, not the literal first.
    first = re._parser.parse(pattern.pattern)[0]  # type: ignore[attr-defined]
    assert first == (re._constants.LITERAL, ord(statements._NONE_WORD))  # type: ignore[attr-defined]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="无三公经费支出政府性基金预算国有资本经营因公出国（境）费购置接待上年，。 ",
               max_size=30))
def test_a_line_without_the_gate_word_matches_no_none_pattern(text):
    if statements._NONE_WORD not in text:
        assert not any(p.search(text) for p, *_ in statements._NONE)
