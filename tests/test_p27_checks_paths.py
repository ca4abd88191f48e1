"""The seventh round's cuts in the checks stage, each against the path it replaces: the
budget-execution items' L2/L4 comparisons counted at once (one each per item, as counted one
by one); adds_up's sum made in C of the parts neither blank nor zero; a project list's key tested for NA only when it is not a text (pd.isna of a text is
False); tables_read's other tables found with the document's not_in_template read once."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import zhuzhou_budget as zb
from zhuzhou_budget.analysis import inventory
from zhuzhou_budget.checks import performance
from zhuzhou_budget.checks.engine.ledger import Ledger, adds_up
from zhuzhou_budget.checks.logic import statements
from zhuzhou_budget.checks.logic.suite import SUITE as LOGIC

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "data" / "raw" / "2024" / "zhuzhou-zjj-2024-final-accounts.txt",
             *sorted((ROOT / "tests" / "data").glob("*.txt"))[:6]]


@pytest.fixture(scope="module", params=DOCUMENTS, ids=lambda p: p.stem)
def document(request) -> zb.Disclosure:
    return zb.load(request.param)


def test_budget_execution_counts_each_item_once_per_check(document):
    ledger = Ledger(document)
    ledger.suite = LOGIC
    statements.budget_execution(ledger)
    items = len(document.budget_execution)
    assert ledger.comparisons[statements.DIRECTION.id] == items
    assert ledger.comparisons[statements.NAMES.id] == items
    if items:  # what the step reports it found is what reconcile reports of it
        found = zb.reconcile(document)
        l4 = found[found.check == statements.NAMES.id]
        assert sum(f.check == statements.NAMES.id for f in ledger.findings) == len(l4)


def _former_by_list(projects: pd.DataFrame, fields: tuple[str, ...]
                    ) -> dict[Any, dict[str, list[Any]]]:
    """The former _by_list: pd.isna asked of every key."""
    out: dict[Any, dict[str, list[Any]]] = {}
    if not len(projects):
        return out
    columns = [projects[f].tolist() for f in fields]
    for key, *values in zip(projects["list"].tolist(), *columns, strict=True):
        if key is None or pd.isna(key):
            continue
        group = out.setdefault(key, {f: [] for f in fields})
        for f, v in zip(fields, values, strict=True):
            group[f].append(v)
    return out


@pytest.mark.parametrize("keys", [
    ["initial", "initial", "midyear"],
    ["initial", None, "midyear"],
    [np.nan, "initial", pd.NA],
    [None, None, None],
    ["", "initial", float("nan")],
    [1, 1.0, np.float64("nan")],
])
def test_projects_by_list_leave_out_the_missing_keys(keys):
    projects = pd.DataFrame({
        "list": pd.Series(keys, dtype=object), "name": ["a", "b", "c"],
        "budget_initial": [Decimal("1.5"), None, Decimal(2)],
        "actual": [Decimal(1), Decimal("0.5"), None], "adjustment": [None, None, None]})
    fields = ("name", "budget_initial", "actual", "adjustment")
    got, expected = performance._by_list(projects, fields), _former_by_list(projects, fields)
    assert list(got) == list(expected) and got == expected


def test_projects_by_list_of_a_document(document):
    perf = document.performance
    fields = ("name", "budget_initial", "actual", "adjustment")
    assert performance._by_list(perf.projects, fields) == _former_by_list(perf.projects,
                                                                          fields)


def test_tables_read_reads_not_in_template_once(document, monkeypatch):
    calls = []
    cls = type(document)
    real = cls.not_in_template

    def counted(self):
        calls.append(1)
        return real.fget(self)

    expected = inventory._rows(document)
    monkeypatch.setattr(cls, "not_in_template", property(counted))
    assert inventory._rows(document) == expected
    assert len(calls) == 1


def _former_adds_up(parts, total) -> bool:
    """The former adds_up: a Python loop over the parts, a blank skipped."""
    from zhuzhou_budget.rounding import ZERO

    expected = ZERO
    for value in parts:
        if value is not None:
            expected += value
    return expected == (ZERO if total is None else total)


_AMOUNT = st.one_of(st.none(), st.decimals(allow_nan=False, allow_infinity=False, places=2,
                                           min_value=-10**6, max_value=10**6),
                    st.sampled_from([Decimal("0"), Decimal("0.00"), Decimal("-0"),
                                     Decimal("1.50"), Decimal("-1.5"), Decimal("1E+2")]))


@settings(max_examples=500, deadline=None)
@given(st.lists(_AMOUNT, max_size=8), _AMOUNT)
def test_adds_up_is_the_former_loop(parts, total):
    assert adds_up(parts, total) == _former_adds_up(parts, total)
    assert adds_up(iter(parts), total) == _former_adds_up(parts, total)


@pytest.mark.parametrize("parts,total", [
    ([], None), ([], Decimal(0)), ([None, None], None), ([Decimal("0.00")], None),
    ([Decimal("1.10"), Decimal("-0.1")], Decimal("1")), ([Decimal("1")], None),
    ([None, Decimal("2.5")], Decimal("2.50")), ([Decimal("0")], Decimal("0.01"))])
def test_adds_up_examples(parts, total):
    assert adds_up(parts, total) == _former_adds_up(parts, total)
