"""Frames from their columns, and frames' columns as arrays, without pandas' per-column
overhead: the one place the package reaches under pandas' public constructor.

A document's build makes dozens of frames (the tables, the facts, the narrative frames, the
checks' findings, tables_read) and reads several back (the checks' rows, the CSV writer). For
frames of a few hundred rows pandas' constructor (a dtype inference, a Series and an alignment
per column) and `DataFrame.items` (a Series per column) cost more than the values: here a
frame is made from arrays that are already what its blocks store, a block per column,
each column typed as pandas' own constructor would type it, and a column is read as its array
(or as its Python values, for the CSV writer).
What pandas infers for texts (its string dtype or object, by its options) is learnt once per
state of those options. Where this pandas lacks those internals, `fast()` is False and the
callers take pandas' public way (the reference the tests hold these to: test_p25_checks_columns,
test_frames_inferred). The ways that reach further (blocks made here, texts kept with their
array: `direct()`) are taken only once a check against pandas' public way, made once a
process, found them to agree in this pandas (test_p27_direct).
"""

from __future__ import annotations

import functools
import importlib
import operator
from collections.abc import Callable, Sequence
from decimal import Decimal
from itertools import repeat
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.extensions import ExtensionArray

_OBJECTS = {Decimal, type(None)}  # pandas keeps such a column object (no inference to do)


@functools.cache
def fast() -> bool:
    """Has this pandas the internals `frame` and `column_arrays` read?"""
    return hasattr(pd.DataFrame, "_from_arrays") \
        and hasattr(getattr(pd.DataFrame(), "_mgr", None), "iget_values")


def direct() -> bool:
    """May the direct ways below be taken: blocks made here (`_blocks`), text arrays made as
    pandas makes an operation's result (`arrow_texts`), Int64 arrays and row indexes without
    their constructors' checks, texts kept with their array (`keep_texts`), pandas' string
    option read from its options? They reach further under pandas than `fast`, so they are
    checked once a process against pandas' public way, on a sample of every kind of column
    they make (`_direct_agrees`): any difference or error, and every caller takes the public
    way — a pandas whose internals moved makes frames more slowly, never other frames."""
    if _DIRECT[0] is None:
        _DIRECT[0] = False  # while checking, the public way (the check calls the direct
        _DIRECT[0] = _direct_agrees()  # ways themselves, never this)
    return bool(_DIRECT[0])


_DIRECT: list[bool | None] = [None]


def _direct_agrees() -> bool:
    """Whether every direct way gives, on a sample, what pandas' public way gives."""
    try:
        if not fast() or _Placement is None:
            return False
        n = 3
        rows = _direct_range(n)
        if type(rows) is not pd.RangeIndex or not rows.equals(pd.RangeIndex(n)):
            return False
        data, mask = np.array([1, 0, 3], dtype=np.int64), np.array([False, True, False])
        ints = _direct_ints(data, mask)
        same = ints.equals(pd.arrays.IntegerArray(data, mask))  # type: ignore[attr-defined]
        if type(ints) is not pd.arrays.IntegerArray or not same or \
                _direct_masked_ints(ints) != [1, None, 3]:
            return False
        if _direct_storage() != pd.get_option("mode.string_storage"):
            return False
        columns: list[Any] = [
            np.array([1, 2, 3], dtype=np.int64), np.array([0.5, np.nan, 2.0]),
            np.array([True, False, True]), np.array([Decimal("1.5"), None, "x"], dtype=object),
            ints, pd.array([True, None, False], dtype="boolean")]
        dtype = text_dtype()
        if getattr(dtype, "storage", None) == "pyarrow" and _pa is not None:
            cells = ["a", None, "c"]
            public = pd.arrays.ArrowStringArray(  # type: ignore[call-arg]
                _pa.array(cells, type=_pa.large_string()), dtype=dtype)
            made = _direct_texts(_pa.array(cells, type=_pa.large_string()), dtype)
            if made is None or made.dtype != public.dtype or not made.equals(public):
                return False
            _direct_keep(made, cells)  # type: ignore[arg-type]
            changed = made.copy()
            changed[0] = "z"
            if _direct_kept(made) != cells or _direct_kept(changed) is not None:
                return False
            made[0] = "z"  # a value set: what was kept no longer answers
            if _direct_kept(made) is not None:
                return False
            columns.append(public)
        names = [f"c{k}" for k in range(len(columns))]
        # the placements made once and shared (`_placements`): what this pandas makes now
        fresh = [_Placement(slice(k, k + 1)) for k in range(len(columns))]
        if [p.as_slice for p in _placements(len(columns))[:len(columns)]] != \
                [p.as_slice for p in fresh]:
            return False
        blocks = _blocks(columns)
        if blocks is None:
            return False
        manager = _block_manager(blocks, pd.Index(names), rows)
        rebuilt = _BlockManager(blocks, [pd.Index(names), rows], verify_integrity=False)
        rebuilt._rebuild_blknos_and_blklocs()
        if not _same_index_array(manager._blknos, rebuilt._blknos) or \
                not _same_index_array(manager._blklocs, rebuilt._blklocs):
            return False
        made_frame = pd.DataFrame._from_mgr(manager, axes=manager.axes)  # type: ignore[attr-defined]
        if not all(_same_column(_direct_column(made_frame, k), manager.iget_values(k))
                   for k in range(len(names))):
            return False
        expected = pd.DataFrame(dict(zip(names, columns, strict=True)))
        return made_frame.shape == expected.shape and \
            list(made_frame.dtypes) == list(expected.dtypes) and \
            made_frame.index.equals(expected.index) and \
            made_frame.columns.equals(expected.columns) and \
            all(made_frame.iloc[:, k].equals(expected.iloc[:, k]) for k in range(len(names))) \
            and made_frame.copy().equals(expected.copy())
    except Exception:  # noqa: BLE001 (any failure of the internals: the public way)
        return False


def _same_index_array(made: Any, expected: Any) -> bool:
    return type(made) is np.ndarray and made.dtype == expected.dtype and \
        made.shape == expected.shape and bool((made == expected).all())


def _same_column(made: Any, expected: Any) -> bool:
    """The very array (an extension column), or a view of the very same memory, shape,
    strides and dtype (a numpy column)."""
    if made is expected:
        return True
    return type(made) is np.ndarray and type(expected) is np.ndarray and \
        made.dtype == expected.dtype and made.shape == expected.shape and \
        made.strides == expected.strides and \
        made.__array_interface__["data"] == expected.__array_interface__["data"]


@functools.lru_cache(maxsize=64)
def _columns_index(names: tuple[str, ...], options: tuple[object, ...] | None) -> pd.Index:
    # Made once per set of names and state of pandas' string options (the names' inferred
    # dtype depends on them): pandas infers it each time (callers take a view). Its labels
    # kept with its pyarrow text (keep_texts): the CSV writer reads every frame's labels, and
    # a view shares this index's array, never changed (an index is immutable).
    index = pd.Index(list(names))
    if isinstance(index.array, pd.arrays.ArrowStringArray) and set(map(type, names)) == {str}:
        keep_texts(index.array, names)
    return index


def columns_index(names: Sequence[str]) -> pd.Index:
    """The columns index pandas makes of these names (a view of one made once)."""
    options = string_options()
    if options is None:  # a pandas that does not tell its options: made each time
        return pd.Index(list(names))
    return _columns_index(tuple(names), options).view()


@functools.lru_cache(maxsize=16)
def _text_dtype(options: tuple[object, ...] | None) -> Any:
    return pd.Series(["a"], dtype=None).dtype


def text_dtype() -> Any:
    """The dtype pandas infers for a column of texts under its string options now (learnt
    once per state of them; each time where pandas does not tell them)."""
    options = string_options()
    return _text_dtype(options) if options is not None else _text_dtype.__wrapped__(options)


def string_options() -> tuple[object, ...] | None:
    """What pandas' inference of texts depends on: whether it infers its string dtype, and
    that dtype's storage (None: a pandas that does not tell the first)."""
    if _using_string_dtype is None:
        return None
    return _using_string_dtype(), _string_storage()


def _string_storage() -> object:
    """`pd.get_option("mode.string_storage")` (asked for each frame made), read from pandas'
    options directly on the direct way (the public call resolves the name through pandas'
    registry each time)."""
    return _direct_storage() if direct() else pd.get_option("mode.string_storage")


def _direct_storage() -> object:
    try:
        return _OPTIONS["mode"]["string_storage"]
    except (KeyError, TypeError):
        return pd.get_option("mode.string_storage")


def texts(values: list, dtype: Any) -> Any:
    """A column of texts (str only) as an array of `dtype` (what `pd.array(values, dtype)`
    makes of them: for pyarrow's storage one pyarrow array of the list, without pandas' pass
    over the values)."""
    if dtype == np.dtype(object):
        return np.fromiter(values, dtype=object, count=len(values))
    if getattr(dtype, "storage", None) == "pyarrow" and _pa is not None:
        return keep_texts(arrow_texts(_pa.array(values, type=_pa.large_string()), dtype),
                          values)
    return pd.array(np.fromiter(values, dtype=object, count=len(values)),
                    dtype=dtype)


def arrow_texts(values: Any, dtype: Any) -> Any:
    """`pd.arrays.ArrowStringArray(values, dtype=dtype)` of a pyarrow large_string array (or
    chunked array): made as pandas makes the result of an operation on such an array
    (`_from_pyarrow_array` of one of that very dtype), without the constructor's checks and
    casts of its argument (which cost more than the array of a short column)."""
    made = _direct_texts(values, dtype) if direct() else None
    if made is None:
        return pd.arrays.ArrowStringArray(values, dtype=dtype)  # type: ignore[call-arg]
    return made


def _direct_texts(values: Any, dtype: Any) -> Any:
    kept = _LIKE.get(id(dtype))
    like = kept[1] if kept is not None and kept[0] is dtype else _empty_texts(dtype)
    if like is None or not _pa.types.is_large_string(values.type):
        return None
    return like._from_pyarrow_array(values)


def _empty_texts(dtype: Any) -> Any:
    """An empty array of `dtype`, whose `_from_pyarrow_array` makes arrays of it (None where
    this pandas has not that method), kept by the dtype's identity: the text dtype, one or
    two a process (a dtype's own hash is computed in Python, dearer than what it saves)."""
    like = None
    if _pa is not None:
        like = pd.arrays.ArrowStringArray(_pa.array([], type=_pa.large_string()),
                                          dtype=dtype)  # type: ignore[call-arg]
        if not hasattr(like, "_from_pyarrow_array") or like.dtype is not dtype:
            like = None
    if len(_LIKE) >= 8:  # bounded, whatever dtypes are asked for
        _LIKE.clear()
    _LIKE[id(dtype)] = (dtype, like)  # (the dtype held: its identity is not reused meanwhile)
    return like


_LIKE: dict[int, tuple[Any, Any]] = {}  # id(dtype) → (dtype, `_empty_texts(dtype)`)


def frame(arrays: list, names: Sequence[str], index: pd.Index | None = None) -> pd.DataFrame:
    """The frame of these column arrays as they are (each already the array its block keeps:
    a 1-D ndarray or an extension array of the index's length)."""
    n = len(arrays[0]) if arrays else 0
    columns = columns_index(names)
    rows = _range_index(n) if index is None else index
    if direct() and (blocks := _blocks(arrays)) is not None:  # the usual columns: made here
        manager = _block_manager(blocks, columns, rows)
        return pd.DataFrame._from_mgr(manager, axes=manager.axes)  # type: ignore[attr-defined]
    if _column_blocks is not None and hasattr(pd.DataFrame, "_from_mgr"):
        # A block per column, not consolidated: pandas' constructor copies the columns of
        # one dtype into one 2-D block (np.vstack), which cost a fifth of making a frame,
        # and the frames here are read column by column (their values, dtypes and order
        # are the same; pandas consolidates later where an operation wants it).
        manager = _column_blocks(arrays, [columns, rows], consolidate=False,
                                 refs=[None] * len(arrays))
        return pd.DataFrame._from_mgr(manager, axes=manager.axes)  # type: ignore[attr-defined]
    return pd.DataFrame._from_arrays(  # type: ignore[attr-defined]
        arrays, columns=columns, index=rows, verify_integrity=False)


def _blocks(arrays: list) -> list | None:
    """The blocks `create_block_manager_from_column_arrays(consolidate=False)` makes of these
    columns, a block per column, made directly (pandas' way asks each column's block type,
    coerces and reshapes it through five calls; a document makes a few hundred columns):
    a numpy column of a plain kind is a NumpyBlock of its one row, pandas' text, integer,
    boolean or float array an ExtensionBlock of it. None when a column is of any other kind
    (dates and the like), or this pandas has not those internals: pandas' way then. (Called
    on the direct way only.)"""
    if _Placement is None:
        return None
    places = _placements(len(arrays))
    blocks = []
    for k, values in enumerate(arrays):
        kind = type(values)
        if kind is np.ndarray and values.ndim == 1 and values.dtype.kind in _PLAIN_KINDS:
            # values[None]: the (1, n) view reshape(1, -1) makes, at half its cost (the
            # stride of an axis of length one is never read)
            blocks.append(_NumpyBlock(values[None], places[k], 2))
        elif kind in _EXTENSION_ARRAYS:
            blocks.append(_ExtensionBlock(values, places[k], 2))
        else:
            return None
    return blocks


def _placements(n: int) -> list:
    """`BlockPlacement(slice(k, k + 1))` for k < n, made once a process and shared by the
    blocks of every frame (pandas shares a block's placement itself: `Block.copy` gives the
    copy the very same one; a placement is never changed, only replaced). Making one cost
    ~3,000 instructions, a third of a column's block."""
    if len(_PLACEMENTS) < n:
        _PLACEMENTS.extend(_Placement(slice(k, k + 1)) for k in range(len(_PLACEMENTS), n))
    return _PLACEMENTS


_PLACEMENTS: list = []  # BlockPlacement(slice(k, k + 1)) at k (`_placements`)


def _block_manager(blocks: list, columns: pd.Index, rows: pd.Index) -> Any:
    """The block manager of these blocks, a block per column in order (`_blocks`), with the
    column → block map pandas builds at a frame's first column read (`blknos`: column k in
    block k, `blklocs`: at its row 0) given at once: pandas' `_rebuild_blknos_and_blklocs`
    walks every block's placement (~45,000 instructions a frame of 16 columns) to find what
    is known here. Fresh arrays each frame: pandas changes them in place as it edits a
    frame's columns. (On the direct way: `_direct_agrees` checks them against pandas'
    rebuilt ones.)"""
    manager = _BlockManager(blocks, [columns, rows], verify_integrity=False)
    n = len(blocks)
    manager._blknos = np.arange(n, dtype=np.intp)
    manager._blklocs = np.zeros(n, dtype=np.intp)
    return manager


def _range_index(n: int) -> pd.RangeIndex:
    """`pd.RangeIndex(n)`, on the direct way made without its constructor's checks of its
    arguments."""
    return _direct_range(n) if direct() else pd.RangeIndex(n)


def _direct_range(n: int) -> pd.RangeIndex:
    simple_new = getattr(pd.RangeIndex, "_simple_new", None)
    return pd.RangeIndex(n) if simple_new is None else simple_new(range(n))


class Inference:
    """The dtype pandas' constructor gives a column of Python values (a list of at least one:
    a frame of no rows is made pandas' way), as an array.

    A column of Decimal or None stays object; of bool, numpy's bool; of int, int64; of texts,
    the dtype pandas infers for texts (its string dtype, or object: learnt once per state of
    pandas' string options); anything else goes through pandas' own inference (what
    `DataFrame.from_records` infers of a column too). One Inference per frame."""

    def __init__(self) -> None:
        self.text: Any = text_dtype()  # the dtype of a column of texts

    def array(self, values: list) -> Any:
        kinds = set(map(type, values))
        n = len(values)
        if kinds and kinds <= _OBJECTS:
            return np.fromiter(values, dtype=object, count=n)  # fromiter: each value one object
        if kinds == {bool}:
            return np.fromiter(values, dtype=bool, count=n)
        if kinds == {int}:
            try:
                return np.fromiter(values, dtype=np.int64, count=n)
            except OverflowError:  # beyond int64: pandas' inference decides
                pass
        if kinds == {str}:
            return texts(values, self.text)
        array = pd.Series(values, dtype=None).array  # pandas' inference (and its error)
        # A numpy column comes wrapped (NumpyExtensionArray; pandas' python-storage strings
        # subclass it, and stay as they are): its block keeps the ndarray.
        return array.to_numpy() if type(array) is pd.arrays.NumpyExtensionArray else array


def int_array(values: list) -> pd.arrays.IntegerArray | None:
    """A column of int or None as Int64 (what `astype("Int64")` of the inferred column
    gives); None when a value is not an int or None, or beyond int64 (left to pandas)."""
    kinds = set(map(type, values))
    if not kinds <= _INTS:
        return None
    n = len(values)
    try:
        if type(None) in kinds:
            mask = np.fromiter(map(operator.is_, values, repeat(None)), dtype=bool, count=n)
            data = np.fromiter([0 if v is None else v for v in values], dtype=np.int64,
                               count=n)
        else:  # no blank (most line columns): no mask to work out, each value as it is
            mask = np.zeros(n, dtype=bool)
            data = np.fromiter(values, dtype=np.int64, count=n)
    except OverflowError:
        return None
    return _integer_array(data, mask)


def _integer_array(data: np.ndarray, mask: np.ndarray) -> pd.arrays.IntegerArray:
    """`IntegerArray(data, mask)` of an int64 array and its bool mask of the same length,
    without the constructor's checks of them (made just so here: the checks cost more than
    the array of a short column; on the direct way)."""
    return _direct_ints(data, mask) if direct() else pd.arrays.IntegerArray(data, mask)


def _direct_ints(data: np.ndarray, mask: np.ndarray) -> pd.arrays.IntegerArray:
    simple_new = getattr(pd.arrays.IntegerArray, "_simple_new", None)
    if simple_new is None:
        return pd.arrays.IntegerArray(data, mask)
    return simple_new(data, mask)


_INTS = frozenset({int, type(None)})


def ints(values: list) -> Any:
    """A column of int or None as Int64; anything else by pandas' own cast (and its error)."""
    array = int_array(values)
    return array if array is not None else pd.array(values, dtype="Int64")


def column_array(frame: pd.DataFrame, k: int) -> Any:
    """The array of the column at position `k`: what `frame.iloc[:, k]` is a Series of (a
    numpy column's ndarray, an extension column's array), without making the Series (each
    copies the frame's attrs). Read-only use: the frame's own array, not a copy."""
    if _DIRECT[0] is True:  # checked (`direct`): read without pandas' properties
        return _direct_column(frame, k)
    return frame._mgr.iget_values(k)


def _direct_column(frame: pd.DataFrame, k: int) -> Any:
    """`frame._mgr.iget_values(k)` read from the manager's column → block map directly:
    that call goes through two Python properties and the block's `iget` (~7,000
    instructions; a document's writer and checks read a few hundred columns). A block of
    a kind other than the two made here, or a map not yet built: pandas' own call."""
    manager = frame._mgr
    blknos = manager._blknos
    if blknos is None:
        return manager.iget_values(k)
    block = manager.blocks[blknos[k]]
    kind = type(block)
    if kind is _NumpyBlock:
        return block.values[manager._blklocs[k]]
    if kind is _ExtensionBlock:
        return block.values  # (its one column: iget checks the position is 0)
    return manager.iget_values(k)


def column_arrays(frame: pd.DataFrame) -> list[Any]:
    """Each column's array, by position (`column_array`)."""
    return [column_array(frame, k) for k in range(frame.shape[1])]


def column_values(frame: pd.DataFrame, k: int) -> list:
    """The Python values of the frame's column at position `k`, as
    `frame.to_numpy(dtype=object)[:, k].tolist()` gives them except that a missing value may
    be None where that gives NaN or pd.NA (a blank cell either way): read from the column's
    own array, not the whole frame interleaved into one object array (for pandas'
    Arrow-backed text, a conversion of every cell of the frame), and no Series made (each
    would copy the frame's attrs)."""
    if _DIRECT[0] is not True and not fast():  # pandas' public way (checked direct: fast)
        return frame.iloc[:, [k]].to_numpy(dtype=object)[:, 0].tolist()
    values = column_array(frame, k)  # the column's own array, read-only
    if isinstance(values, np.ndarray):
        if values.dtype.kind in _PLAIN_KINDS:  # tolist gives the objects astype(object) does
            return values.tolist()
    elif isinstance(values, pd.arrays.ArrowStringArray):
        return _arrow_text(values)
    elif type(values) is pd.arrays.IntegerArray:
        return _masked_ints(values)
    elif isinstance(values, ExtensionArray):
        # (the stubs leave None out of na_value's types; pandas takes any scalar)
        return values.to_numpy(dtype=object, na_value=None).tolist()  # type: ignore[arg-type]
    return frame.iloc[:, [k]].to_numpy(dtype=object)[:, 0].tolist()  # dates and the like


def _masked_ints(values: pd.arrays.IntegerArray) -> list[int | None]:
    """An Int64 column's values, a missing one None (what its `to_numpy(dtype=object,
    na_value=None)` gives), from its data and mask directly (that call spends more deciding
    and warning than converting a short column; on the direct way)."""
    if not direct():
        return values.to_numpy(dtype=object, na_value=None).tolist()  # type: ignore[arg-type]
    return _direct_masked_ints(values)


def _direct_masked_ints(values: pd.arrays.IntegerArray) -> list[int | None]:
    data = values._data.tolist()  # type: ignore[attr-defined]
    mask = values._mask  # type: ignore[attr-defined]
    if not mask.any():
        return data
    return [None if missing else v for v, missing in zip(data, mask.tolist(), strict=True)]


def keep_texts(array: Any, values: Sequence[str], take: np.ndarray | None = None) -> Any:
    """`array` (pandas' pyarrow-backed text, made of `values`, or of `values` taken at the
    positions `take`) with those texts kept in its own cache, for `column_values` to give
    back without converting every cell from pyarrow (the CSV writer reads most text columns
    of a document's frames once, right after they are made). Kept beside the very pyarrow
    array they made: pyarrow's arrays are immutable, and pandas replaces its array (and
    clears that cache) when a value is set, so `kept_texts` answers only while the array is
    still that one; the cache is not pickled, nor copied with the array. On the direct way
    only (`direct`: that pandas keeps to all this was checked)."""
    if direct():
        _direct_keep(array, values, take)
    return array


def _direct_keep(array: Any, values: Sequence[str], take: np.ndarray | None = None) -> None:
    cache = getattr(array, "_cache", None)
    held = getattr(array, "_pa_array", None)
    if isinstance(cache, dict) and held is not None:
        cache[_KEPT] = (held, tuple(values), None if take is None else take.copy())


def kept_texts(array: Any) -> list[str | None] | None:
    """The texts `keep_texts` kept of this array, in its order, if it still holds the pyarrow
    array made of them (None otherwise: read the array)."""
    return _direct_kept(array) if direct() else None


def _direct_kept(array: Any) -> list[str | None] | None:
    cache = getattr(array, "_cache", None)
    kept = cache.get(_KEPT) if isinstance(cache, dict) else None
    if kept is None or kept[0] is not getattr(array, "_pa_array", None):
        return None
    _, values, take = kept
    if take is None:
        return list(values)
    return np.fromiter(values, dtype=object, count=len(values))[take].tolist()


_KEPT = "zhuzhou_budget.kept_texts"  # the key of `keep_texts` in an array's cache


def column_names(frame: pd.DataFrame) -> list:
    """The frame's column labels, as `frame.columns.tolist()` gives them (an Arrow-backed
    index converted by pyarrow, not iterated: it yields slowly)."""
    labels = frame.columns.array
    if isinstance(labels, pd.arrays.ArrowStringArray):
        if not labels.__arrow_array__().null_count:  # (tolist gives a missing label NaN)
            return _arrow_text(labels)
    return frame.columns.tolist()


def _arrow_text(values: pd.arrays.ArrowStringArray) -> list[str | None]:
    """pandas' Arrow-backed text as Python strings, a missing value None: the texts it was
    made of where they were kept (`keep_texts`), else converted by pyarrow itself (pandas'
    to_numpy spends more deciding types than converting a short column)."""
    kept = kept_texts(values)
    if kept is not None:
        return kept
    return values.__arrow_array__().to_numpy(zero_copy_only=False).tolist()


# numpy kinds whose tolist() holds the values astype(object) holds: bool, integers, floats,
# objects (dates and times convert differently: they take the general path)
_PLAIN_KINDS = frozenset("biufO")


# Whether pandas infers its string dtype (read directly: the option is deprecated in pandas 3,
# and reading it warns); None where a pandas does not tell.
_using_string_dtype: Callable[[], bool] | None = getattr(
    importlib.import_module("pandas._config"), "using_string_dtype", None)
try:  # the block manager of column arrays, one block a column (pandas ≥ 2.0)
    from pandas.core.internals.managers import (
        create_block_manager_from_column_arrays as _column_blocks,
    )
except ImportError:  # pragma: no cover - then pandas' own constructor from arrays
    _column_blocks = None
try:  # blocks made directly (`_blocks`)
    from pandas._libs.internals import BlockPlacement as _Placement
    from pandas.core.internals.blocks import ExtensionBlock as _ExtensionBlock
    from pandas.core.internals.blocks import NumpyBlock as _NumpyBlock
    from pandas.core.internals.managers import BlockManager as _BlockManager
except ImportError:  # pragma: no cover - then pandas' own way
    _Placement = None
# pandas' arrays a block keeps as they are, one ExtensionBlock each (pandas' block type for
# their dtypes; its coercion leaves them as they are)
_EXTENSION_ARRAYS = frozenset({pd.arrays.ArrowStringArray, pd.arrays.IntegerArray,
                               pd.arrays.BooleanArray, pd.arrays.FloatingArray,
                               pd.arrays.StringArray})
_OPTIONS: Any = getattr(importlib.import_module("pandas._config.config"), "_global_config", None)
try:  # texts made straight into pandas' pyarrow string array
    import pyarrow as _pa
except ImportError:  # pragma: no cover - pandas' string dtype then has no pyarrow storage
    _pa = None


__all__ = ["Inference", "arrow_texts", "column_array", "column_arrays", "column_names",
           "column_values", "columns_index", "direct", "fast", "frame", "int_array", "ints",
           "keep_texts", "kept_texts", "string_options", "text_dtype", "texts"]
