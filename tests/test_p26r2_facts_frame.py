"""frames.facts_frame reads each fact's values in one call (attrgetter of every column) and
transposes them; the former way, one getattr per fact and column, is kept here as the oracle."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

from zhuzhou_budget.transform.frames import FACT_COLUMNS, Fact, _column_frame, facts_frame


def _former_facts_frame(facts: list[Fact]) -> pd.DataFrame:
    """facts_frame as it was: one getattr per fact and column (the oracle)."""
    ordered = sorted(facts, key=lambda f: f.line)
    columns = {c: [getattr(f, c) for f in ordered] for c in FACT_COLUMNS}
    return _column_frame(columns, len(ordered), FACT_COLUMNS, flags=("derived",))


def _fact(k: int, **changes: object) -> Fact:
    values: dict = {"section": f"第{k % 3}节", "line": (k * 7) % 5, "subject": f"主体{k}",
                    "measure": "支出", "value": Decimal(k) / 10, "unit": "万元",
                    "value_wan": Decimal(k) if k % 2 else None}
    values.update(changes)
    return Fact(**values)


@pytest.mark.parametrize("facts", [
    [],
    [_fact(1)],
    [_fact(k) for k in range(12)],
    [_fact(k, derived=bool(k % 2), table="A01", code=f"20{k}", column="amount",
           basis="b", text=f"句子{k}") for k in range(9)],
    [_fact(1, line=3), _fact(2, line=3), _fact(3, line=1)],  # ties keep their order
])
def test_facts_frame_equals_the_former_one(facts: list[Fact]) -> None:
    fast, former = facts_frame(facts), _former_facts_frame(facts)
    pd.testing.assert_frame_equal(fast, former, check_exact=True)
    assert fast.dtypes.tolist() == former.dtypes.tolist()
    assert fast.to_numpy(dtype=object).tolist() == former.to_numpy(dtype=object).tolist()
