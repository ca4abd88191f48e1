"""The direct ways of transform/arrays.py (blocks made directly, text arrays made as pandas
makes an operation's result, Int64 arrays and row indexes without their constructors' checks,
texts kept with their array) are taken only where a check against pandas' public way, once a
process, found them to agree: in the pandas the suite runs with they do; with an internal
that moved they are all left, and frames come out the same, by pandas' public way."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from zhuzhou_budget.transform import arrays


@pytest.fixture
def checked_again(monkeypatch):
    """The process's verdict forgotten for the test (and put back after)."""
    monkeypatch.setattr(arrays, "_DIRECT", [None])
    arrays._LIKE.clear()
    yield
    arrays._LIKE.clear()


def _columns() -> list:
    return [np.array([1, 2], dtype=np.int64), np.array([Decimal("1.50"), None], dtype=object),
            arrays.int_array([None, 7]), arrays.texts(["甲", "乙"], arrays.text_dtype())]


def _public() -> pd.DataFrame:
    return pd.DataFrame({"n": [1, 2], "amount": [Decimal("1.50"), None],
                         "line": pd.array([None, 7], dtype="Int64"),
                         "item": pd.array(["甲", "乙"], dtype=arrays.text_dtype())})


def test_the_direct_ways_agree_with_this_pandas(checked_again) -> None:
    assert arrays.direct() is True
    made = arrays.frame(_columns(), ["n", "amount", "line", "item"])
    assert list(made.dtypes) == list(_public().dtypes)
    assert made.equals(_public())
    assert arrays.column_values(made, 2) == [None, 7]
    assert arrays.column_values(made, 3) == ["甲", "乙"]


@pytest.mark.parametrize("moved", ["blocks", "ints", "texts"])
def test_an_internal_that_moved_sends_every_caller_the_public_way(checked_again, monkeypatch,
                                                                 moved) -> None:
    if moved == "blocks":  # a block constructor that takes other arguments now
        def placement(*args):
            raise TypeError("BlockPlacement() takes other arguments")
        monkeypatch.setattr(arrays, "_Placement", placement)
    elif moved == "ints":  # a constructor that now makes something else
        monkeypatch.setattr(arrays, "_direct_ints", lambda data, mask: pd.array(data))
    else:  # texts made wrong
        monkeypatch.setattr(arrays, "_direct_texts", lambda values, dtype: None)
        # (pyarrow is a dependency: pandas infers its pyarrow-backed texts, made directly)
        assert arrays.text_dtype().storage == "pyarrow"
    assert arrays.direct() is False
    texts = arrays.texts(["甲", "乙"], arrays.text_dtype())
    assert arrays.kept_texts(arrays.keep_texts(texts, ["甲", "乙"])) is None  # nothing kept
    made = arrays.frame(_columns(), ["n", "amount", "line", "item"])
    assert list(made.dtypes) == list(_public().dtypes)
    assert made.equals(_public())
    assert arrays.column_values(made, 2) == [None, 7]
    assert arrays.column_values(made, 3) == ["甲", "乙"]
