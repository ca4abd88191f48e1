"""The CSV writer's fast reads of a frame's columns (transform/arrays.py) give what the general
reads give: texts kept beside the pyarrow array made of them (`keep_texts`) only while the
array is still that one, and an Int64 column read from its data and mask."""

from __future__ import annotations

import copy
import pickle

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhuzhou_budget.transform import arrays
from zhuzhou_budget.transform.frames import (
    _repeated_text_columns,
    _repeated_texts,
    inferred_frame,
)

pytestmark = pytest.mark.skipif(
    getattr(arrays.text_dtype(), "storage", None) != "pyarrow",
    reason="pandas infers texts as pyarrow's strings only where pyarrow is its string storage")


def _converted(array) -> list:
    """The general read of pandas' pyarrow text (what column_values did before the texts were
    kept)."""
    return array.__arrow_array__().to_numpy(zero_copy_only=False).tolist()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(), min_size=1, max_size=30))
def test_kept_texts_are_the_texts_pyarrow_holds(values):
    array = arrays.texts(values, arrays.text_dtype())
    assert arrays.kept_texts(array) == _converted(array) == values
    frame = arrays.frame([array], ["x"])
    assert arrays.column_values(frame, 0) == values
    assert arrays.column_values(frame, 0) is not arrays.column_values(frame, 0)  # a new list


def test_the_kept_texts_are_a_copy_of_the_values_given():
    values = ["a", "b"]
    array = arrays.texts(values, arrays.text_dtype())
    values[0] = "changed"
    assert arrays.kept_texts(array) == ["a", "b"] == _converted(array)


def test_a_value_set_in_the_frame_is_read_from_the_array():
    frame = inferred_frame([["a", "b", "c"], [1, 2, 3]], ("x", "n"), 3)
    assert arrays.column_values(frame, 0) == ["a", "b", "c"]
    frame.loc[1, "x"] = "z"  # pandas replaces the column's pyarrow array (or the array)
    assert arrays.column_values(frame, 0) == ["a", "z", "c"]
    frame["x"] = frame["x"].str.upper()
    assert arrays.column_values(frame, 0) == ["A", "Z", "C"]


def test_an_array_changed_in_place_is_read_from_its_new_pyarrow_array():
    array = arrays.texts(["a", "b", "c"], arrays.text_dtype())
    array[0] = "q"  # ArrowExtensionArray.__setitem__: a new pyarrow array, its cache cleared
    assert arrays.kept_texts(array) is None
    array2 = arrays.texts(["a", "b", "c"], arrays.text_dtype())
    array2._pa_array = array2._pa_array.slice(1)  # replaced behind the cache's back
    assert arrays.kept_texts(array2) is None
    frame = arrays.frame([array, np.arange(3)], ["x", "n"])
    assert arrays.column_values(frame, 0) == ["q", "b", "c"]


def test_copies_and_pickles_read_their_own_array():
    array = arrays.texts(["a", "", "c"], arrays.text_dtype())
    for other in (array.copy(), copy.copy(array), copy.deepcopy(array),
                  pickle.loads(pickle.dumps(array))):
        assert _converted(other) == ["a", "", "c"]
        kept = arrays.kept_texts(other)
        assert kept is None or kept == ["a", "", "c"]
    frame = arrays.frame([array], ["x"])
    for other in (frame.copy(), frame.copy(deep=False), pickle.loads(pickle.dumps(frame)),
                  frame.iloc[::-1].reset_index(drop=True)):
        values = arrays.column_values(other, 0)
        assert values == other["x"].tolist()
    assert arrays.column_values(frame.iloc[::-1].reset_index(drop=True), 0) == ["c", "", "a"]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=4), min_size=1, max_size=8), st.data())
def test_repeated_columns_keep_their_texts_taken(values, data):
    repeat = np.array(data.draw(st.lists(st.integers(0, len(values) - 1), max_size=40)),
                      dtype=np.intp)
    inference = arrays.Inference()
    taken = _repeated_text_columns({"x": values, "n": list(range(len(values)))}, repeat,
                                   inference)
    assert list(taken) == ["x"]  # only texts are made here
    assert arrays.kept_texts(taken["x"]) == _converted(taken["x"]) == [
        values[k] for k in repeat]
    repeat[:] = 0  # the caller's positions changed afterwards: the kept ones are a copy
    assert arrays.kept_texts(taken["x"]) == _converted(taken["x"])
    one = _repeated_texts(values, repeat, inference)
    assert one is not None and arrays.kept_texts(one) == _converted(one) == [values[0]] * len(
        repeat)


def test_an_array_not_made_here_is_converted():
    array = pd.array(["a", None, "b"], dtype=arrays.text_dtype())
    assert arrays.kept_texts(array) is None
    frame = arrays.frame([array], ["x"])
    assert arrays.column_values(frame, 0) == ["a", None, "b"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.none() | st.integers(-2**63, 2**63 - 1), max_size=20))
def test_int64_columns_read_as_their_to_numpy_gives_them(values):
    array = pd.array(values, dtype="Int64")
    frame = arrays.frame([array], ["n"]) if values else pd.DataFrame({"n": array})
    expected = array.to_numpy(dtype=object, na_value=None).tolist()
    got = arrays.column_values(frame, 0)
    assert got == expected
    assert [type(v) for v in got] == [type(v) for v in expected]


def test_column_labels_are_kept_for_every_view_of_the_index():
    names = ["table", "code", "金额"]
    frame = arrays.frame([np.zeros(2)] * 3, names)
    again = arrays.frame([np.ones(2)] * 3, names)  # a view of the same index, made once
    assert arrays.column_names(frame) == arrays.column_names(again) == names
    assert arrays.kept_texts(frame.columns.array) == names == frame.columns.tolist()
    renamed = frame.rename(columns={"code": "item"})
    assert arrays.column_names(renamed) == ["table", "item", "金额"]
    frame.columns = ["a", "b", "c"]
    assert arrays.column_names(frame) == ["a", "b", "c"]
    assert arrays.column_names(again) == names
