"""arrays.frame's blocks made directly (`_blocks`) are the blocks pandas' own
`create_block_manager_from_column_arrays(consolidate=False)` makes of the same columns (the
way it took before), and the frames equal; a column of any other kind goes pandas' way. The
row index and the string option read directly are what pandas' public calls give."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.core.internals.managers import create_block_manager_from_column_arrays

from zhuzhou_budget.transform import arrays

pytestmark = pytest.mark.skipif(not arrays.fast() or arrays._Placement is None,
                                reason="this pandas lacks the internals: pandas' way")


def _columns(n: int) -> list:
    inference = arrays.Inference()
    return [inference.array([f"code{k}" for k in range(n)]),
            np.fromiter((Decimal(k) / 4 if k % 3 else None for k in range(n)), dtype=object,
                        count=n),
            arrays.ints([k if k % 2 else None for k in range(n)]),
            np.arange(n, dtype=np.int64),
            np.arange(n) % 2 == 0,
            np.arange(n, dtype=np.float64) / 3,
            pd.array([True, None] * (n // 2) + [False] * (n % 2), dtype="boolean"),
            pd.array([1.5] * n, dtype="Float64"),
            pd.array(["文字"] * n, dtype=pd.StringDtype("python")),
            np.arange(n, dtype=np.uint8),
            np.fromiter(("一般公共服务支出" for _ in range(n)), dtype=object, count=n)]


def _pandas_way(columns: list, names: list[str]) -> pd.DataFrame:
    manager = create_block_manager_from_column_arrays(
        columns, [arrays.columns_index(names), pd.RangeIndex(len(columns[0]))],
        consolidate=False, refs=[None] * len(columns))
    return pd.DataFrame._from_mgr(manager, axes=manager.axes)


@pytest.mark.parametrize("n", [0, 1, 3, 20])
def test_blocks_are_pandas_own_blocks_of_the_columns(n):
    columns = _columns(n)
    names = [f"c{k}" for k in range(len(columns))]
    made, reference = arrays.frame(columns, names), _pandas_way(columns, names)
    pd.testing.assert_frame_equal(made, reference)
    assert made.dtypes.tolist() == reference.dtypes.tolist()
    for ours, theirs in zip(made._mgr.blocks, reference._mgr.blocks, strict=True):
        assert type(ours) is type(theirs)
        assert ours.mgr_locs.as_array.tolist() == theirs.mgr_locs.as_array.tolist()
        assert ours.shape == theirs.shape and ours.ndim == theirs.ndim == 2
        assert type(ours.values) is type(theirs.values) and ours.dtype == theirs.dtype
        given = columns[ours.mgr_locs.as_array[0]]  # both keep the column given, not a copy
        if isinstance(given, np.ndarray):
            assert ours.values.base is given and theirs.values.base is given
        else:
            assert ours.values is given and theirs.values is given
    assert made._mgr.blknos.tolist() == reference._mgr.blknos.tolist()
    assert made.to_numpy(dtype=object).tolist() == reference.to_numpy(dtype=object).tolist()
    # and the frame behaves as pandas' own: set, copy, consolidate
    if n:
        made.loc[0, "c1"] = Decimal("9")
        assert made["c1"].tolist()[0] == Decimal("9")
        assert columns[1][0] == Decimal("9")  # the block keeps the array itself, as pandas'
    pd.testing.assert_frame_equal(made.copy(), made)


def test_columns_of_other_kinds_go_pandas_way():
    n = 3
    for other in (np.array(["a", "b", "c"]),  # numpy text: pandas makes it object
                  np.array(["2024-01-01"] * n, dtype="datetime64[ns]"),
                  pd.array(pd.date_range("2024", periods=n, tz="Asia/Shanghai")),
                  pd.Categorical(["a", "b", "a"]),
                  np.zeros((n, 1))[:, 0].astype("timedelta64[ns]")):
        columns = [np.arange(n, dtype=np.int64), other]
        assert arrays._blocks(columns) is None
        pd.testing.assert_frame_equal(arrays.frame(columns, ["n", "x"]),
                                      _pandas_way(columns, ["n", "x"]))


@pytest.mark.parametrize("n", [0, 1, 7])
def test_the_row_index_is_pandas_own(n):
    index = arrays._range_index(n)
    assert type(index) is pd.RangeIndex and index.equals(pd.RangeIndex(n))
    assert index.name is None and index is not arrays._range_index(n)
    pd.testing.assert_index_equal(index, pd.RangeIndex(n), exact=True)


def test_the_string_storage_read_is_pandas_option():
    assert arrays._string_storage() == pd.get_option("mode.string_storage")
    for storage in ("python", "pyarrow"):
        with pd.option_context("mode.string_storage", storage):
            assert arrays._string_storage() == storage
            assert arrays.string_options()[1] == storage
    assert arrays._string_storage() == pd.get_option("mode.string_storage")


def _former_int_array(values: list) -> pd.arrays.IntegerArray | None:
    """arrays.int_array as it was (the reference)."""
    if not set(map(type, values)) <= {int, type(None)}:
        return None
    n = len(values)
    mask = np.fromiter((v is None for v in values), dtype=bool, count=n)
    try:
        data = np.fromiter((0 if v is None else v for v in values), dtype=np.int64, count=n)
    except OverflowError:
        return None
    return pd.arrays.IntegerArray(data, mask)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.none() | st.integers(-2**63, 2**63 - 1) | st.integers() | st.booleans()
                | st.just(1.0) | st.just("1"), max_size=12))
def test_int_array_is_the_former_one(values):
    made, former = arrays.int_array(values), _former_int_array(values)
    assert (made is None) == (former is None)
    if made is not None:
        assert type(made) is type(former) and made.dtype == former.dtype
        assert made._data.dtype == former._data.dtype and made._mask.dtype == np.bool_
        assert made._data.tolist() == former._data.tolist()
        assert made._mask.tolist() == former._mask.tolist()
        assert made.tolist() == former.tolist()
        pd.testing.assert_extension_array_equal(made, former)


@pytest.mark.skipif(getattr(arrays.text_dtype(), "storage", None) != "pyarrow",
                    reason="pandas' text dtype is not pyarrow's here")
@pytest.mark.parametrize("values", [[], ["a"], ["株洲", None, ""], ["x"] * 5])
def test_arrow_texts_are_the_constructor_s(values):
    import pyarrow as pa

    dtype = arrays.text_dtype()
    for source in (pa.array(values, type=pa.large_string()),
                   pa.chunked_array([pa.array(values, type=pa.large_string())]),
                   pa.array(values, type=pa.string())):  # (cast by the constructor)
        made = arrays.arrow_texts(source, dtype)
        reference = pd.arrays.ArrowStringArray(source, dtype=dtype)
        assert type(made) is type(reference) and made.dtype is dtype
        assert made._pa_array.type == reference._pa_array.type == pa.large_string()
        assert made._pa_array.equals(reference._pa_array)
        assert made.tolist() == reference.tolist()
        pd.testing.assert_extension_array_equal(made, reference)
    other = pd.StringDtype("pyarrow", na_value=pd.NA)  # any other dtype: the constructor
    assert arrays.arrow_texts(pa.array(values, type=pa.large_string()), other).dtype is other
