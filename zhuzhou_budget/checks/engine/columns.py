"""Small frames from their columns, and frames' columns as arrays, without pandas' per-column
overhead.

The checks make three small frames per document (the findings, tables_read, the project lists'
verdicts) and read a few back as rows (`facts.frame_rows`). For a few dozen rows pandas'
constructor (a dtype inference, a Series and an alignment per column) and `DataFrame.items`
(a Series per column) cost more than the values: here a frame is made from arrays that are
already what its blocks store (`DataFrame._from_arrays`), each column typed as pandas' own
constructor would type it (`inferred`), and a column is read as its array (`column_arrays`).
Where this pandas lacks those internals, `fast()` is False and the callers take pandas' public
way (the reference the tests hold these to).
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

_OBJECTS = {Decimal, type(None)}  # pandas keeps such a column object (no inference to do)


@functools.cache
def fast() -> bool:
    """Has this pandas the internals `frame` and `column_arrays` read?"""
    return hasattr(pd.DataFrame, "_from_arrays") \
        and hasattr(getattr(pd.DataFrame(), "_mgr", None), "iget_values")


@functools.lru_cache(maxsize=64)
def _columns_index(names: tuple[str, ...], options: tuple[object, ...]) -> pd.Index:
    # Made once per set of names and state of pandas' string options (the names' inferred
    # dtype depends on them): pandas infers it each time (callers take a view).
    return pd.Index(list(names))


@functools.lru_cache(maxsize=16)
def _text_dtype(options: tuple[object, ...]) -> Any:
    """The dtype pandas infers for a column of texts under these string options."""
    return pd.Series(["a"], dtype=None).dtype


def _string_options() -> tuple[object, ...]:
    """What pandas' inference of texts depends on: its string inference, and storage."""
    infers = _using_string_dtype() if _using_string_dtype is not None else None
    return infers, pd.get_option("mode.string_storage")


def frame(arrays: list, names: Sequence[str], index: pd.Index | None = None) -> pd.DataFrame:
    """The frame of these column arrays as they are (each already the array its block keeps:
    a 1-D ndarray or an extension array of the index's length)."""
    n = len(arrays[0]) if arrays else 0
    return pd.DataFrame._from_arrays(  # type: ignore[attr-defined]
        arrays, columns=_columns_index(tuple(names), _string_options()).view(),
        index=pd.RangeIndex(n) if index is None else index, verify_integrity=False)


class Inference:
    """The dtype pandas' constructor gives a column of Python values (a list of at least one:
    a frame of no rows is made pandas' way), as an array.

    A column of Decimal or None stays object; of bool, numpy's bool; of texts, the dtype pandas
    infers for texts (its string dtype, or object: learnt once per state of pandas' string
    options); anything else goes through pandas' own inference. One Inference per frame."""

    def __init__(self) -> None:
        options = _string_options()
        # The dtype pandas infers for texts (not cached where pandas does not tell its options).
        self._text: Any = (_text_dtype(options) if options[0] is not None
                           else _text_dtype.__wrapped__(options))

    def array(self, values: list) -> Any:
        kinds = set(map(type, values))
        n = len(values)
        if kinds and kinds <= _OBJECTS:
            return np.fromiter(values, dtype=object, count=n)  # fromiter: each value one object
        if kinds == {bool}:
            return np.fromiter(values, dtype=bool, count=n)
        if kinds == {str}:
            return self._texts(values)
        array = pd.Series(values, dtype=None).array  # pandas' inference (and its error)
        # A numpy column comes wrapped (NumpyExtensionArray; pandas' python-storage strings
        # subclass it, and stay as they are): its block keeps the ndarray.
        return array.to_numpy() if type(array) is pd.arrays.NumpyExtensionArray else array

    def _texts(self, values: list) -> Any:
        dtype = self._text
        if dtype == np.dtype(object):
            return np.fromiter(values, dtype=object, count=len(values))
        if getattr(dtype, "storage", None) == "pyarrow" and _pa is not None:
            # What pd.array(texts, dtype) makes of texts only, without its pass over them.
            return pd.arrays.ArrowStringArray(_pa.array(values, type=_pa.large_string()),
                                              dtype=dtype)  # type: ignore[call-arg]
        return pd.array(values, dtype=dtype)


def ints(values: list) -> Any:
    """A column of int or None as Int64 (what `astype("Int64")` of the inferred column gives)."""
    if set(map(type, values)) <= {int, type(None)}:
        mask = np.fromiter((v is None for v in values), dtype=bool, count=len(values))
        try:
            data = np.fromiter((0 if v is None else v for v in values), dtype=np.int64,
                               count=len(values))
        except OverflowError:
            pass
        else:
            return pd.arrays.IntegerArray(data, mask)
    return pd.array(values, dtype="Int64")  # pandas' own cast, and its error


def column_arrays(frame: pd.DataFrame) -> list[Any]:
    """Each column's array, by position: what `frame.items()` gives each Series of (a numpy
    column's ndarray, an extension column's array), without making the Series. Read-only use:
    they are the frame's own arrays, not copies."""
    manager = frame._mgr
    return [manager.iget_values(i) for i in range(frame.shape[1])]


# Whether pandas infers its string dtype (read directly: the option is deprecated in pandas 3,
# and reading it warns); None where a pandas does not tell.
_using_string_dtype: Callable[[], bool] | None = getattr(
    importlib.import_module("pandas._config"), "using_string_dtype", None)
try:  # texts made straight into pandas' pyarrow string array
    import pyarrow as _pa
except ImportError:  # pragma: no cover - pandas' string dtype then has no pyarrow storage
    _pa = None


__all__ = ["Inference", "column_arrays", "fast", "frame", "ints"]
