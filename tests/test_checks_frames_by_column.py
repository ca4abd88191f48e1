"""Fast paths of the checks and the analysis frames, asserted against the pandas code they
replace: tables_read built column by column is the row-by-row frame; the general budget's
items read from the shared rows are the rows the pandas selection gives; the project lists'
verdict frame built at once is the copy-set-select frame; Facts.where by its index of
measures is the scan of every fact."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

import zhuzhou_budget as zb
from zhuzhou_budget.analysis.inventory import _frame, _records_frame, _rows, tables_read
from zhuzhou_budget.checks.engine.facts import Facts, general_budget_items
from zhuzhou_budget.checks.engine.ledger import Ledger
from zhuzhou_budget.checks.performance import _with_columns, project_list_agreement
from zhuzhou_budget.metadata.fields import columns

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "data" / "raw" / "2024" / "zhuzhou-zjj-2024-final-accounts.txt",
             *sorted((ROOT / "tests" / "data").glob("*.txt"))]


@pytest.fixture(scope="module", params=DOCUMENTS, ids=lambda p: p.stem)
def document(request) -> zb.Disclosure:
    return zb.load(request.param)


def test_tables_read_by_column_is_by_row(document):
    rows = _rows(document)
    assert rows  # every template has tables
    pd.testing.assert_frame_equal(_frame(rows), _records_frame(rows))
    pd.testing.assert_frame_equal(tables_read(document), _records_frame(rows))


def test_tables_read_rows_of_every_kind():
    rows = [{"table": "income", "zh": "收入决算表", "title": "t", "template": "x",
             "in_template": True, "pages": "1–2", "first_line": 12, "rows": 40,
             "columns": "a=b", "status": "parsed", "reason": ""},
            {"table": "x", "zh": "z", "title": "", "template": "x", "in_template": False,
             "pages": "", "first_line": None, "rows": None, "columns": "", "status": "missing",
             "reason": "无"}]
    pd.testing.assert_frame_equal(_frame(rows), _records_frame(rows))
    pd.testing.assert_frame_equal(_frame(rows[1:]), _records_frame(rows[1:]))


def _selected(frame: pd.DataFrame) -> list:
    return list(frame[frame.fund == "general_budget"].itertuples())


def test_general_budget_items_are_the_selection(document):
    items = general_budget_items(Ledger(document))
    assert items == _selected(document.budget_execution)


def test_general_budget_items_skip_a_missing_fund():
    frame = pd.DataFrame({"fund": ["general_budget", None, float("nan"), "government_fund",
                                   "general_budget"],
                          "code": ["2010101", "2", "3", "4", "2010102"],
                          "budget_initial": [Decimal("1.5"), None, None, None, None]})
    items = general_budget_items(Ledger(SimpleNamespace(budget_execution=frame)))
    assert [r.code for r in items] == ["2010101", "2010102"]
    assert items == _selected(frame)


def _with_columns_reference(frame: pd.DataFrame, added: dict, names: list) -> pd.DataFrame:
    """How project_list_agreement built its frame before: copy, set, select."""
    out = frame.copy()
    for name, values in added.items():
        out[name] = pd.Series(values, index=out.index, dtype=object)
    return out[names]


_LISTS = pd.DataFrame({"list": ["initial", "midyear", None], "stated_count": [2, None, 1],
                       "line": pd.array([3, None, 9], dtype="Int64"),
                       "text": pd.array(["a", "b", None], dtype="str")})


@pytest.mark.parametrize("frame", [
    _LISTS,
    _LISTS.set_index(pd.Index([5, 5, 2])),  # a repeated, unordered index
    _LISTS.iloc[:0],  # no lists
    _LISTS.assign(score=[1.5, float("nan"), 2.0]),
])
def test_with_columns_is_copy_set_select(frame):
    frame = frame.copy()
    frame.attrs["source"] = {"file": "x"}
    n = len(frame)
    added = {"count_matches": [True, None, False][:n], "budget_matches": [None] * n}
    names = ["list", "stated_count", "count_matches", "budget_matches", "line", "text"]
    names += ["score"] if "score" in frame else []
    out = _with_columns(frame, added, names)
    pd.testing.assert_frame_equal(out, _with_columns_reference(frame, added, names))
    assert out.attrs == frame.attrs and out.attrs["source"] is not frame.attrs["source"]
    out.loc[out.index[:1], "list"] = "changed"  # the result is its own: the input keeps its rows
    assert "changed" not in frame["list"].tolist()


def test_project_list_agreement_of_documents(document):
    perf = document.performance
    lists = perf.project_lists
    out = project_list_agreement(lists, perf.projects)
    assert list(out.columns) == list(columns("performance_project_lists"))
    assert len(out) == len(lists) and out.index.equals(lists.index)


def _where_reference(facts: Facts, measures: tuple, derived) -> list:
    """Facts.where before its index by measure: a scan of every fact."""
    return [r for r in facts.rows if r.measure in measures
            and (derived is None or bool(r.derived) == derived)]


_MEASURE_SETS = [("amount",), ("amount", "actual"), ("actual", "amount"), ("share",),
                 ("growth_rate", "rate_vs_budget"), ("amount", "amount"), ("nothing",), ()]


@pytest.mark.parametrize("derived", [False, True, None])
def test_facts_where_is_the_scan(document, derived):
    facts = Facts(document.narrative_facts)
    for measures in _MEASURE_SETS + [tuple(dict.fromkeys(r.measure for r in facts.rows))]:
        assert facts.where(measures, derived) == _where_reference(facts, measures, derived)


def test_facts_where_with_odd_measures():
    frame = pd.DataFrame({"subject": ["a", "b", "c", "d", "e"],
                          "measure": ["amount", None, "actual", float("nan"), "amount"],
                          "derived": [False, False, True, False, True],
                          "section": ["s"] * 5, "text": ["t1", "t1", "t2", "t3", "t3"]})
    facts = Facts(frame)
    for measures in _MEASURE_SETS:
        for derived in (False, True, None):
            assert facts.where(measures, derived) == _where_reference(facts, measures, derived)
