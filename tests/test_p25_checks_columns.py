"""`transform.arrays` makes the checks' small frames from typed arrays and reads frames'
columns as arrays; each must give what pandas' public way gives: a column typed as the
constructor types a list, Int64 as `pd.array(…, "Int64")`, the arrays `items()`' Series hold;
and the frames built with them (findings, tables_read, the project lists' verdicts, the rows
of frame_rows) the same with pandas' public way forced (`fast()` False)."""

from __future__ import annotations

import warnings
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhuzhou_budget.checks.engine.facts import frame_rows
from zhuzhou_budget.checks.engine.findings import Finding, _columns_frame, _records_frame
from zhuzhou_budget.checks.performance import _with_columns
from zhuzhou_budget.transform import arrays as columns

COLUMNS = [
    ["a", "b"], ["一般", ""], [Decimal("1.50"), None], [None, None], [True, False],
    [1, 2], [1, None], [1.5, float("nan")], ["a", None], ["a", float("nan")],
    [Decimal("1"), "x"], [True, None], [1, "a"], [2**70, 1],
]


def _inferred(values_by_column: list[list]) -> pd.DataFrame:
    inference = columns.Inference()
    names = [f"c{k}" for k in range(len(values_by_column))]
    return columns.frame([inference.array(v) for v in values_by_column], names)


def _constructed(values_by_column: list[list]) -> pd.DataFrame:
    return pd.DataFrame({f"c{k}": v for k, v in enumerate(values_by_column)})


@pytest.mark.parametrize("values", COLUMNS)
def test_a_column_is_typed_as_the_constructor_types_it(values):
    # The texts first, so a later column of texts takes the learnt dtype.
    both = [["x", "y"], values, ["p", "q"]]
    pd.testing.assert_frame_equal(_inferred(both), _constructed(both))


def test_no_columns():
    # (No rows: the callers make such a frame pandas' way, whose empty columns are typed by
    # other rules than a column of values.)
    assert columns.frame([], []).shape == (0, 0)


@pytest.mark.parametrize("storage", ["python", "pyarrow"])
def test_texts_follow_the_string_storage(storage):
    with pd.option_context("mode.string_storage", storage):
        both = [["a", "b"], ["c", ""], [Decimal("1"), None]]
        pd.testing.assert_frame_equal(_inferred(both), _constructed(both))
        assert _inferred(both)["c1"].dtype.storage == storage


def test_texts_without_pandas_string_inference():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the option is deprecated in pandas 3, still honoured
        with pd.option_context("future.infer_string", False):
            both = [["a", "b"], ["c", ""], [Decimal("1"), None]]
            frame = _inferred(both)
            pd.testing.assert_frame_equal(frame, _constructed(both))
            assert [str(t) for t in frame.dtypes] == ["object"] * 3


_value = st.one_of(st.none(), st.text(max_size=3), st.integers(-5, 5),
                   st.decimals(allow_nan=False, allow_infinity=False, places=2), st.booleans(),
                   st.floats(allow_nan=True, allow_infinity=False))


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 4).flatmap(lambda n: st.lists(
    st.one_of(st.lists(_value, min_size=n, max_size=n),
              st.lists(st.text(max_size=3), min_size=n, max_size=n)),
    min_size=1, max_size=4)))
def test_any_columns_are_typed_as_the_constructor_types_them(values_by_column):
    pd.testing.assert_frame_equal(_inferred(values_by_column), _constructed(values_by_column))


@pytest.mark.parametrize("values", [[1, None, 3], [None, None], [], [0], [2**40, -1],
                                    [2**70, None], [1.0, None], [np.int64(3), None]])
def test_ints_are_pandas_cast(values):
    try:
        expected = pd.array(values, dtype="Int64")
    except (TypeError, ValueError, OverflowError) as refused:
        with pytest.raises(type(refused)):
            columns.ints(values)
        return
    pd.testing.assert_extension_array_equal(columns.ints(values), expected)


def test_ints_refuse_what_pandas_refuses():
    with pytest.raises((TypeError, ValueError)):
        columns.ints(["x"])


FRAMES = [
    pd.DataFrame({"subject": ["a", None], "value": [Decimal("1.50"), None],
                  "line": pd.array([3, None], dtype="Int64"), "derived": [True, False],
                  "share": [1.5, float("nan")], "count": [1, 2],
                  "text": pd.array(["x", None], dtype="str"),
                  "when": pd.to_datetime(["2024-01-01", None])}, index=[5, 7]),
    pd.DataFrame([[1, 2], [3, 4]], columns=["x", "x"]),
    pd.DataFrame({"subject": pd.Series([], dtype=object)}),
    pd.DataFrame(),
]


@pytest.mark.parametrize("frame", FRAMES)
def test_column_arrays_are_the_series_arrays(frame):
    got = columns.column_arrays(frame)
    assert len(got) == frame.shape[1]
    for array, (_, series) in zip(got, frame.items(), strict=True):
        assert type(array) is type(series._values) and array.dtype == series.dtype
        values = array.tolist() if isinstance(array, np.ndarray) else list(array)
        assert [(type(v), repr(v)) for v in values] == [(type(v), repr(v)) for v in series]


def _typed(rows: list) -> list:
    return [(type(r)._fields, [(type(v), repr(v)) for v in r]) for r in rows]


@pytest.mark.parametrize("frame", FRAMES[:3])
def test_frame_rows_either_way_are_itertuples(frame, monkeypatch):
    expected = _typed(list(frame.itertuples()))
    assert _typed(frame_rows(frame)) == expected
    monkeypatch.setattr(columns, "fast", lambda: False)
    assert _typed(frame_rows(frame)) == expected


def _finding(**kw) -> Finding:
    return Finding("W1.hierarchy", "within", "error", "[W1.hierarchy] m", **kw)


def test_findings_frame_either_way(monkeypatch):
    findings = [_finding(line=3, page=None, expected=Decimal("1.5"), table="income"),
                _finding(excerpt=float("nan"), section="s")]  # type: ignore[arg-type]
    fast = _columns_frame(findings)
    monkeypatch.setattr(columns, "fast", lambda: False)
    pd.testing.assert_frame_equal(fast, _columns_frame(findings))
    pd.testing.assert_frame_equal(fast, _records_frame(findings))


_LISTS = pd.DataFrame({"list": ["initial", "midyear"], "stated_count": [2, None],
                       "line": pd.array([3, None], dtype="Int64"),
                       "text": pd.array(["a", None], dtype="str")}, index=[4, 4])


def test_with_columns_either_way(monkeypatch):
    added = {"ok": [True, None]}
    names = ["list", "ok", "line", "text"]
    fast = _with_columns(_LISTS, added, names)
    monkeypatch.setattr(columns, "fast", lambda: False)
    pd.testing.assert_frame_equal(fast, _with_columns(_LISTS, added, names))


def test_with_columns_does_not_share_the_frames_columns():
    frame = _LISTS.copy()
    out = _with_columns(frame, {"ok": [True, None]}, ["list", "ok", "line", "text"])
    out.loc[4, "list"] = "changed"
    out.iloc[0, 2] = 99
    assert frame["list"].tolist() == ["initial", "midyear"]
    assert frame["line"].tolist()[0] == 3


def test_texts_when_pandas_does_not_tell_its_options(monkeypatch):
    monkeypatch.setattr(columns, "_using_string_dtype", None)
    both = [["a", "b"], ["c", ""], [Decimal("1"), None]]
    pd.testing.assert_frame_equal(_inferred(both), _constructed(both))
