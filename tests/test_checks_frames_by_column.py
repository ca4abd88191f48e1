"""Fast paths of the checks and the analysis frames, asserted against the pandas code they
replace: tables_read built column by column is the row-by-row frame; the general budget's
items read from the shared rows are the rows the pandas selection gives."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

import zhuzhou_budget as zb
from zhuzhou_budget.analysis.inventory import _frame, _records_frame, _rows, tables_read
from zhuzhou_budget.checks.engine.facts import general_budget_items
from zhuzhou_budget.checks.engine.ledger import Ledger

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
