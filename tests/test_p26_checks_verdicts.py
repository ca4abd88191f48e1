"""A stated figure equal to the sum of its parts is settled before its tolerance is worked
out (the project lists' verdicts, P1–P5's `_compare`, N5, N6): the verdicts equal those of
`stated_sum` worked out every time (the former way, kept here as the oracle)."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from zhuzhou_budget.checks.performance import (
    _MEASURES,
    _VERDICTS,
    _by_list,
    _equal,
    project_list_agreement,
)
from zhuzhou_budget.rounding import stated_sum

_amount = st.decimals(min_value=Decimal("-1000"), max_value=Decimal("1000"), places=2,
                      allow_nan=False, allow_infinity=False) | st.integers(-50, 50).map(Decimal)


@settings(max_examples=300, deadline=None)
@given(_amount, st.lists(_amount, max_size=5), st.booleans())
def test_equal_means_stated_sum_finds_nothing(stated, parts, heuristic):
    level = stated_sum(stated, parts, heuristic=heuristic)[3]
    assert _equal(stated, parts) == (level is None)


def _verdicts_former(project_lists: pd.DataFrame, projects: pd.DataFrame) -> dict:
    """project_list_agreement's verdict columns as they were: stated_sum for every list."""
    verdicts: dict = {f"{key}_matches": [] for _, key in _VERDICTS}
    by_list = _by_list(projects, tuple(_MEASURES))
    for lst in project_lists.itertuples():
        items = by_list.get(lst.list, {m: [] for m in _MEASURES})
        for measure, key in _VERDICTS:
            stated, listed = getattr(lst, f"stated_{measure}"), getattr(lst, f"listed_{measure}")
            if stated is None or listed is None:
                verdicts[f"{key}_matches"].append(None)
            elif measure == "count":
                verdicts[f"{key}_matches"].append(bool(stated == listed))
            else:
                *_, level = stated_sum(stated, [v for v in items[measure] if v is not None])
                verdicts[f"{key}_matches"].append(level in (None, "rounding"))
    return verdicts


_LIST_COLUMNS = ["list", "no", "title", "stated_count", "listed_count", "stated_budget_initial",
                 "listed_budget_initial", "stated_actual", "listed_actual", "stated_adjustment",
                 "listed_adjustment", "section", "line", "text"]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), _amount | st.none(),
                          _amount | st.none()), max_size=6),
       st.lists(st.tuples(_amount | st.none(), _amount | st.none()), min_size=3, max_size=3))
def test_project_list_verdicts_are_the_former(projects, stated):
    frame = pd.DataFrame({
        "list": pd.Series([p[0] for p in projects], dtype=object),
        "name": pd.Series([f"项目{k}" for k in range(len(projects))], dtype=object),
        "budget_initial": pd.Series([p[1] for p in projects], dtype=object),
        "actual": pd.Series([p[2] for p in projects], dtype=object),
        "adjustment": pd.Series([p[1] for p in projects], dtype=object)})
    sums = {key: {m: sum((p[1 if m != "actual" else 2] or 0 for p in projects if p[0] == key),
                         Decimal(0)) for m in _MEASURES} for key in "abc"}
    rows = []
    for key, (budget, actual) in zip("abc", stated, strict=True):
        count = sum(p[0] == key for p in projects)
        rows.append([key, "一", f"清单{key}", count, count,
                     budget if budget is None else sums[key]["budget_initial"] + budget % 1,
                     sums[key]["budget_initial"], actual, sums[key]["actual"],
                     sums[key]["adjustment"], sums[key]["adjustment"], "s", 1, "t"])
    lists = pd.DataFrame(rows, columns=_LIST_COLUMNS, dtype=object)
    got = project_list_agreement(lists, frame)
    for name, values in _verdicts_former(lists, frame).items():
        assert got[name].tolist() == values
