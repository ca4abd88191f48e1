"""The sixth round's fast paths of the narrative readers (issue 23) give what the plain ways give.

Each is held against the code it replaced (kept here as the oracle): a table's column read from
its own array (scanner.column_list) against `frame[name].tolist()`, on the seed tables and on
frames with missing values of every dtype; facts made by one dict update (scanner.new_fact)
against the Fact dataclass's own constructor.
"""

from __future__ import annotations

import math
from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhuzhou_budget.transform import scanner
from zhuzhou_budget.transform.frames import Fact
from zhuzhou_budget.transform.scanner import Codes, column_list


def _same_values(a: list, b: list) -> bool:
    """Equal lists, NaN equal to NaN and pd.NA to pd.NA (never to None), each value of the same
    type."""
    if len(a) != len(b):
        return False
    for x, y in zip(a, b, strict=True):
        if type(x) is not type(y):
            return False
        if x is pd.NA:
            continue  # the same type: both pd.NA
        if isinstance(x, float) and math.isnan(x):
            if not math.isnan(y):
                return False
        elif x != y:
            return False
    return True


# ---- a table's column from its own array -------------------------------------------------------


def test_column_list_as_the_series_on_the_seed_tables(d2024):
    for tid, frame in d2024.tables.items():
        for name in frame.columns:
            assert _same_values(column_list(frame, name), frame[name].tolist()), (tid, name)


@pytest.mark.parametrize("values, dtype", [
    (["208", None, ""], None),            # texts with a missing one: NaN in pandas' list
    (["208", None, ""], "object"),        # objects: None stays None either way
    (["208", "20805", ""], None),
    ([Decimal("1.5"), None, Decimal("0")], "object"),
    ([1, 2, 3], "int64"),
    ([1.5, float("nan"), 2.0], "float64"),
    ([1, None, 3], "Int64"),
    ([True, False, True], "bool"),
    ([], None),
])
def test_column_list_as_the_series(values, dtype):
    frame = pd.DataFrame({"code": pd.Series(values, dtype=dtype), "item": ["x"] * len(values)})
    frame.attrs["title"] = "t"
    assert _same_values(column_list(frame, "code"), frame["code"].tolist())


def test_column_list_of_a_missing_or_repeated_name():
    frame = pd.DataFrame([[1, 2, 3]], columns=["code", "code", "total"])
    assert column_list(frame, "total") == [3]
    with pytest.raises(KeyError):
        column_list(frame, "item")
    with pytest.raises(Exception) as plain:  # what pandas' way raises for a repeated name
        frame["code"].tolist()
    with pytest.raises(type(plain.value)):
        column_list(frame, "code")


def test_codes_read_as_from_the_series(d2024):
    codes = Codes(d2024.tables)
    for table in ("general_budget_expenditure", "government_fund", "expenditure"):
        frame = d2024.tables[table]
        want = {c: i for c, i in zip(frame["code"].tolist(), frame["item"].tolist(),
                                     strict=True) if c}
        assert codes.rows(table) == want and want
        totals = dict(zip(frame["code"].tolist(), frame["total"].tolist(), strict=True))
        for code in want:
            assert codes.total(table, code) == totals[code]


# ---- facts made by one dict update ------------------------------------------------------------

_texts = st.text(max_size=8)
_amounts = st.decimals(allow_nan=False, allow_infinity=False, places=2,
                       min_value=-10**6, max_value=10**6)


@settings(max_examples=200, deadline=None)
@given(_texts, st.integers(0, 10**6), _texts, _texts, _amounts, _texts,
       st.none() | _amounts, _texts, _texts, _texts, _texts, _texts)
def test_new_fact_as_the_dataclass(section, line, subject, measure, value, unit, wan, table,
                                   code, column, basis, text):
    fast = scanner.new_fact(section, line, subject, measure, value, unit, wan, table, code,
                            column, basis, text)
    plain = Fact(section, line, subject, measure, value, unit, wan, False, table, code, column,
                 basis, text)
    assert type(fast) is Fact
    assert fast == plain and hash(fast) == hash(plain) and repr(fast) == repr(plain)
    assert list(vars(fast).items()) == list(vars(plain).items())
    assert fast.row() == plain.row()
    with pytest.raises(AttributeError):  # frozen all the same
        fast.line = 1  # type: ignore[misc]
