"""The checks read frames' rows through `frame_rows`, a faster `list(frame.itertuples())`: it
must give the same rows, field names, values and value types, whatever the columns' dtypes."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

from zhuzhou_budget.checks.engine.facts import frame_rows


def _typed(rows: list) -> list:
    return [(type(r)._fields, [(type(v), repr(v)) for v in r]) for r in rows]


@pytest.mark.parametrize("frame", [
    pd.DataFrame({"subject": ["a", None], "value": [Decimal("1.50"), None],
                  "line": pd.array([3, None], dtype="Int64"), "derived": [True, False],
                  "share": [1.5, float("nan")], "count": [1, 2],
                  "text": pd.array(["x", None], dtype="str"),
                  "when": pd.to_datetime(["2024-01-01", None])}, index=[5, 7]),
    pd.DataFrame([[1, 2], [3, 4]], columns=["x", "x"]),  # duplicate names: read by position
    pd.DataFrame({"a b": [1], "class": ["c"]}),  # names itertuples renames (_1, _2)
    pd.DataFrame({"subject": pd.Series([], dtype=object)}),
])
def test_frame_rows_are_itertuples(frame):
    rows = frame_rows(frame)
    assert _typed(rows) == _typed(list(frame.itertuples()))
    assert [r.Index for r in rows] == list(frame.index)


def test_frame_rows_reads_attributes_by_name():
    (row,) = frame_rows(pd.DataFrame({"section": ["s1"], "line": pd.array([12], dtype="Int64"),
                                      "text": ["全文"]}))
    assert (row.section, int(row.line), row.text) == ("s1", 12, "全文")
