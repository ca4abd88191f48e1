"""transform/arrays.py's frames made with their blocks' placements shared and their column →
block map given at once, and their columns read from that map, held to the ways they replace
(kept here verbatim as the oracles): pandas' `iget_values`, pandas' own rebuilt map, and
the `_blocks` that made a placement per column and reshaped each numpy column."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from zhuzhou_budget.disclosure import load
from zhuzhou_budget.transform import arrays

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = [ROOT / "data/raw/2024/zhuzhou-zjj-2024-final-accounts.txt",
             *sorted((ROOT / "tests/data").glob("*.txt")),
             *sorted((ROOT / "tests/data/plain").glob("*.txt"))]


def _old_blocks(columns: list) -> list | None:
    """The former `arrays._blocks` (verbatim but for the module prefixes)."""
    if arrays._Placement is None:
        return None
    blocks = []
    for k, values in enumerate(columns):
        kind = type(values)
        if kind is np.ndarray and values.ndim == 1 and values.dtype.kind in arrays._PLAIN_KINDS:
            blocks.append(arrays._NumpyBlock(values.reshape(1, -1),
                                             arrays._Placement(slice(k, k + 1)), 2))
        elif kind in arrays._EXTENSION_ARRAYS:
            blocks.append(arrays._ExtensionBlock(values, arrays._Placement(slice(k, k + 1)), 2))
        else:
            return None
    return blocks


def _old_column_array(frame: pd.DataFrame, k: int):
    """The former `arrays.column_array`."""
    return frame._mgr.iget_values(k)


def _same(made, expected) -> bool:
    """The very array, or a numpy view of the very same memory, shape, strides, dtype."""
    if made is expected:
        return True
    return (type(made) is np.ndarray and type(expected) is np.ndarray
            and made.dtype == expected.dtype and made.shape == expected.shape
            and made.strides == expected.strides
            and made.__array_interface__["data"] == expected.__array_interface__["data"])


def _sample_columns() -> list:
    return [np.array([1, 2, 3], dtype=np.int64), np.array([0.5, np.nan, 2.0]),
            np.array([True, False, True]), np.array([Decimal("1.5"), None, "x"], dtype=object),
            arrays.int_array([1, None, 3]), pd.array([True, None, False], dtype="boolean"),
            arrays.texts(["甲", "乙", "丙"], arrays.text_dtype())]


@pytest.fixture(scope="module")
def loaded() -> list:
    return [load(path) for path in DOCUMENTS]


def _frames(disclosures: list) -> list[pd.DataFrame]:
    frames = []
    for d in disclosures:
        frames += [*d.tables.values(), d.facts]
    return frames


def test_the_direct_ways_are_taken() -> None:
    assert arrays.direct() is True  # else the tests below hold nothing


def test_blocks_match_the_former_blocks() -> None:
    columns = _sample_columns()
    made, old = arrays._blocks(columns), _old_blocks(columns)
    assert made is not None and old is not None
    for new_block, old_block in zip(made, old, strict=True):
        assert type(new_block) is type(old_block)
        assert new_block.mgr_locs.as_slice == old_block.mgr_locs.as_slice
        assert new_block.shape == old_block.shape and new_block.ndim == old_block.ndim
        assert new_block.values.shape == old_block.values.shape
        assert new_block.values.dtype == old_block.values.dtype
        if isinstance(old_block.values, np.ndarray):
            assert new_block.values.flags.c_contiguous == old_block.values.flags.c_contiguous
            # a view of the very same memory (so the very same values, NaN included)
            assert new_block.values.__array_interface__["data"] == \
                old_block.values.__array_interface__["data"]
        else:
            assert new_block.values is old_block.values
    names = [f"c{k}" for k in range(len(columns))]
    rows = pd.RangeIndex(3)
    old_frame = pd.DataFrame._from_mgr(
        arrays._BlockManager(old, [pd.Index(names), rows], verify_integrity=False),
        axes=[pd.Index(names), rows])
    assert arrays.frame(columns, names).equals(old_frame)


def test_a_frames_map_is_pandas_rebuilt_one(loaded) -> None:
    for frame in [arrays.frame(_sample_columns(), list("abcdefg")), *_frames(loaded)]:
        manager = frame._mgr
        if manager._blknos is None:  # a frame pandas made (the public way): nothing given
            continue
        rebuilt = arrays._BlockManager(manager.blocks, manager.axes, verify_integrity=False)
        rebuilt._rebuild_blknos_and_blklocs()
        assert manager._blknos.dtype == rebuilt._blknos.dtype
        assert manager._blknos.tolist() == rebuilt._blknos.tolist()
        assert manager._blklocs.tolist() == rebuilt._blklocs.tolist()


def test_columns_read_as_pandas_reads_them(loaded) -> None:
    frames = _frames(loaded)
    assert len(frames) > 50
    for frame in frames:
        for k in range(frame.shape[1]):
            assert _same(arrays.column_array(frame, k), _old_column_array(frame, k))


def test_columns_of_frames_pandas_made_or_changed() -> None:
    # consolidated 2-D blocks (pandas' own constructor), a frame changed after it was made,
    # a copy: every column as iget_values gives it
    public = pd.DataFrame({"a": [1, 2], "b": [3, 4], "c": ["x", "y"], "d": [5.0, 6.0]})
    public["a"]  # noqa: B018 (a read: pandas builds its map)
    made = arrays.frame(_sample_columns(), list("abcdefg"))
    changed = arrays.frame(_sample_columns(), list("abcdefg"))
    changed.insert(1, "new", [7, 8, 9])
    del changed["c"]
    changed["e"] = [Decimal(1), Decimal(2), None]
    changed.iloc[0, 0] = 99
    for frame in (public, made, changed, changed.copy(), made.iloc[:, 2:5], made[made.a > 1]):
        for k in range(frame.shape[1]):
            assert _same(arrays.column_array(frame, k), _old_column_array(frame, k))
    # the shared placements: editing one frame leaves every other frame's columns as made
    again = arrays.frame(_sample_columns(), list("abcdefg"))
    assert again.equals(made) and made.equals(arrays.frame(_sample_columns(), list("abcdefg")))
    assert [b.mgr_locs.as_slice for b in made._mgr.blocks] == \
        [slice(k, k + 1, 1) for k in range(7)]


def test_a_wrong_map_is_caught_by_the_check(monkeypatch) -> None:
    """The check fails where the map given is not pandas' (a test that can fail)."""
    monkeypatch.setattr(arrays, "_DIRECT", [None])
    arrays._LIKE.clear()
    real = arrays._block_manager

    def shifted(blocks, columns, rows):
        manager = real(blocks, columns, rows)
        manager._blknos = manager._blknos[::-1].copy()
        return manager

    monkeypatch.setattr(arrays, "_block_manager", shifted)
    assert arrays.direct() is False
    arrays._LIKE.clear()
