"""`to_frame` builds the findings' frame column by column (`_columns_frame`); it must be the
frame the row-by-row reference (`_records_frame`) builds: same columns, dtypes, values, index,
whatever the findings hold (blank and NaN strings, no amounts, no lines)."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhuzhou_budget.checks.engine.findings import (
    COLUMNS,
    Finding,
    _columns_frame,
    _records_frame,
    to_frame,
)


def _finding(**kw) -> Finding:
    return Finding("W1.hierarchy", "within", kw.pop("severity", "error"), "[W1.hierarchy] m",
                   **kw)


CASES = [
    [_finding()],
    [_finding(line=3, page=1, expected=Decimal("1.50"), table="income", code="201")],
    [_finding(line=None, page=None), _finding(line=7, page=None, actual=Decimal("-2"))],
    [_finding(excerpt=float("nan")), _finding(excerpt="全文")],  # a frame row's NaN text
    [_finding(section=None), _finding(section="s1")],  # type: ignore[arg-type]
    [_finding(severity="rounding", tolerance=Decimal("0.005"), terms="a/b/c=1")] * 3,
]


@pytest.mark.parametrize("findings", CASES)
def test_columns_frame_is_records_frame(findings):
    pd.testing.assert_frame_equal(_columns_frame(findings), _records_frame(findings))


_text = st.one_of(st.just(""), st.text(max_size=5), st.none())
_amount = st.one_of(st.none(), st.decimals(allow_nan=False, allow_infinity=False, places=2))
_int = st.one_of(st.none(), st.integers(0, 10_000))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.builds(
    _finding, severity=st.sampled_from(["error", "rounding"]), expected=_amount,
    actual=_amount, table=_text, code=_text, column=_text, section=_text, line=_int,
    page=_int, excerpt=_text, terms=_text), min_size=1, max_size=6))
def test_columns_frame_is_records_frame_any_findings(findings):
    pd.testing.assert_frame_equal(_columns_frame(findings), _records_frame(findings))


def test_no_findings_keep_the_schema():
    frame = to_frame([], {"W1.hierarchy": 4})
    assert list(frame.columns) == list(COLUMNS) and frame.empty
    assert str(frame["line"].dtype) == "Int64" and frame.attrs["checks_run"] == 4
