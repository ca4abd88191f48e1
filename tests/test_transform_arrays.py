"""transform/arrays.py makes frames from column arrays, a block per column: the same frame
(values, dtypes, column order, index) as pandas' own constructor from the same arrays."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from zhuzhou_budget.transform import arrays

NAMES = ["code", "amount", "line", "n", "flag", "item"]


def _columns() -> list:
    inference = arrays.Inference()
    return [inference.array(["201", "2010101", "301"]),
            np.array([Decimal("1.50"), None, Decimal("-3")], dtype=object),
            arrays.ints([12, None, 14]),
            np.array([1, 2, 3], dtype=np.int64),
            np.array([True, False, True]),
            inference.array(["一般公共服务支出", "行政运行", "工资福利支出"])]


@pytest.mark.skipif(not arrays.fast(), reason="this pandas lacks the internals: public way")
def test_a_frame_of_arrays_is_pandas_own_frame_of_them_a_block_per_column():
    columns = _columns()
    made = arrays.frame(columns, NAMES)
    public = pd.DataFrame(dict(zip(NAMES, [pd.Series(c, dtype=c.dtype) for c in columns],
                                   strict=True)))
    pd.testing.assert_frame_equal(made, public)
    assert made.columns.tolist() == NAMES and made.index.equals(pd.RangeIndex(3))
    assert made._mgr.nblocks == len(NAMES)  # not consolidated: no 2-D copy of the columns
    pd.testing.assert_frame_equal(made.copy(), public)  # pandas consolidates where it wants
    assert [list(a) for a in arrays.column_arrays(made)][1] == [Decimal("1.50"), None,
                                                                Decimal("-3")]
    assert made.to_numpy(dtype=object).tolist() == public.to_numpy(dtype=object).tolist()


@pytest.mark.skipif(not arrays.fast(), reason="this pandas lacks the internals: public way")
def test_a_frame_of_arrays_takes_the_index_given():
    made = arrays.frame(_columns(), NAMES, pd.RangeIndex(3))
    assert made.index.equals(pd.RangeIndex(3)) and len(made) == 3
    assert arrays.frame([], [], pd.RangeIndex(0)).shape == (0, 0)
