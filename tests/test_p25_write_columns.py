"""storage.build reads a frame's columns from their own arrays (column_values) and gives
the cells the former route gave: the whole frame interleaved into one object array
(`frame.to_numpy(dtype=object)`), each column's cells by the general rule (_cell) — for
every column type the frames hold (pandas' Arrow-backed text, object columns of Decimals,
text and blanks, masked and plain integers, booleans, floats) and the general path's
(dates, categories), with blanks of each kind."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhuzhou_budget.storage.build import _cell, _column_cells
from zhuzhou_budget.transform.arrays import column_names, column_values


def _former_cells(frame: pd.DataFrame) -> list[list[str]]:
    """The former route (the oracle): one object array, sliced column by column."""
    values = frame.to_numpy(dtype=object)
    return [[_cell(v, c) for v in values[:, k].tolist()]
            for k, c in enumerate(frame.columns.tolist())]


def _cells(frame: pd.DataFrame) -> list[list[str]]:
    return [_column_cells(column_values(frame, k), c)
            for k, c in enumerate(frame.columns.tolist())]


def _frame() -> pd.DataFrame:
    frame = pd.DataFrame({
        "table": pd.array(["a", None, "c,d", ""], dtype="string[pyarrow]"),
        "code": pd.Series(["1", None, "", "x"], dtype="str"),
        "amount": [Decimal("1.50"), None, Decimal("-0.0"), 3],
        "item": ["x", None, float("nan"), pd.NA],
        "line": pd.array([1, None, 3, 4], dtype="Int64"),
        "row": np.array([1, 2, 3, 4], dtype=np.int64),
        "derived": [True, False, True, False],
        "flag": pd.array([True, None, False, True], dtype="boolean"),
        "share": [0.5, float("nan"), 2.0, -1.25],
        "text": pd.array(["é", "b", None, "d"], dtype="string[python]"),
        "when": pd.to_datetime(["2024-01-02", None, "2024-03-04", "2024-05-06"]),
        "kind": pd.Categorical(["a", None, "b", "a"]),
        "small": np.array([1, 2, 3, 4], dtype=np.uint8),
    })
    frame.attrs["title"] = "表"
    return frame


def test_a_pandas_without_the_internals_gives_the_same_cells(monkeypatch):
    from zhuzhou_budget.transform import arrays

    monkeypatch.setattr(arrays, "fast", lambda: False)  # pandas' public way, column by column
    frame = _frame()
    assert _cells(frame) == _former_cells(frame)


def test_every_column_type_gives_the_former_cells():
    frame = _frame()
    assert _cells(frame) == _former_cells(frame)
    cells = dict(zip(frame.columns, _cells(frame), strict=True))
    assert cells["table"] == ["a", "", "c,d", ""]
    assert cells["amount"] == ["1.50", "", "-0.0", "3.000000"]
    assert cells["line"] == ["1", "", "3", "4"]
    assert cells["derived"] == ["True", "False", "True", "False"]
    assert cells["flag"] == ["True", "", "False", "True"]
    assert cells["when"][1] == "" and cells["when"][0].startswith("2024-01-02")


def test_a_frame_of_one_type_and_an_empty_frame():
    text = pd.DataFrame({"a": pd.Series(["x", None], dtype="str"),
                         "b": pd.Series(["y", "z"], dtype="str")})
    assert _cells(text) == _former_cells(text) == [["x", ""], ["y", "z"]]
    empty = _frame().iloc[0:0]
    assert _cells(empty) == _former_cells(empty) == [[] for _ in empty.columns]


def test_a_subset_of_columns_and_its_order(tmp_path):
    from zhuzhou_budget.storage.build import _write_frame

    frame = _frame()
    written = _write_frame(str(tmp_path), "f.csv", frame, ["line", "table"])
    assert written.cells == {"line": ["1", "", "3", "4"], "table": ["a", "", "c,d", ""]}
    assert (tmp_path / "f.csv").read_text(encoding="utf-8") == (
        'line,table\n1,a\n,\n3,"c,d"\n4,\n')


_OBJECT = (st.text(max_size=4) | st.none() | st.decimals(allow_nan=False, allow_infinity=False)
           | st.integers() | st.booleans() | st.just(pd.NA) | st.just(float("nan")))


@settings(max_examples=200, deadline=None)
@given(st.data(), st.integers(min_value=0, max_value=6))
def test_random_frames_give_the_former_cells(data, n):
    texts = data.draw(st.lists(st.text(max_size=4) | st.none(), min_size=n, max_size=n))
    ints = data.draw(st.lists(st.integers(-10**9, 10**9) | st.none(), min_size=n, max_size=n))
    objects = data.draw(st.lists(_OBJECT, min_size=n, max_size=n))
    kind = data.draw(st.sampled_from(["str", "string[pyarrow]", "object"]))
    frame = pd.DataFrame({
        "code": pd.Series(texts, dtype=kind),
        "line": pd.array(ints, dtype="Int64"),
        "amount": pd.Series(objects, dtype=object),
        "value": pd.Series(objects, dtype=object),
    })
    assert _cells(frame) == _former_cells(frame)


@pytest.mark.parametrize("values", [
    ["a", None, ""], [None, None], [1, None, -2], [True, 1, None], ["a", 1, None],
])
def test_the_blank_shortcuts_give_the_general_rule(values):
    for column in ("code", "amount"):
        assert _column_cells(list(values), column) == [_cell(v, column) for v in values]


@pytest.mark.parametrize("labels", [
    pd.Index(["a", "b,c", "é"], dtype="str"),
    pd.Index(["a", None], dtype="str"),  # a missing label: NaN, as tolist gives it
    pd.Index(["a", "b"], dtype=object),
    pd.Index([3, 1], dtype="int64"),
    pd.Index([], dtype="str"),
])
def test_column_names_are_what_tolist_gives(labels):
    frame = pd.DataFrame([[1] * len(labels)], columns=labels)
    names, expected = column_names(frame), frame.columns.tolist()
    assert [type(n) for n in names] == [type(n) for n in expected]
    assert str(names) == str(expected)
