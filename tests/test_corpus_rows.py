"""A document's panel rows are the same whether made from the cells its build wrote (a
document built now) or from its files read back (a document found up to date): the two
paths of corpus.rows, compared table by table on a built document."""

from __future__ import annotations

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhuzhou_budget.corpus.panel_schema import KEYS, PANEL_RESOURCES
from zhuzhou_budget.corpus.rows import (
    document_tables,
    document_tables_from_cells,
    strings,
    text_array,
)
from zhuzhou_budget.metadata.fields import RESOURCES
from zhuzhou_budget.storage.build import write_outputs

KEY_VALUES = {"department_id": "zjj", "department": "株洲市某局", "year": "2024",
              "source_sha256": "ab" * 32}


def test_rows_from_cells_are_the_rows_read_back(tmp_path, d2024):
    cells: dict[str, dict[str, list[str]]] = {}
    out = tmp_path / "out"
    write_outputs(d2024, out, cells)
    texts = {name: (out / RESOURCES[name].path).read_text(encoding="utf-8")
             for name in PANEL_RESOURCES}
    from_cells = document_tables_from_cells(cells, KEY_VALUES)
    read_back = document_tables(texts, KEY_VALUES)
    assert list(from_cells) == list(read_back) == [*PANEL_RESOURCES, "metrics"]
    for name, table in from_cells.items():
        assert table.column_names[:len(KEYS)] == KEYS
        assert table.equals(read_back[name]), name
    facts = from_cells["facts"]
    assert len(facts) > 100 and facts["department"].unique().to_pylist() == ["株洲市某局"]
    assert facts["code"].null_count > 0  # blank cells (the total rows' codes) are null


def test_a_missing_resource_is_an_empty_table_with_its_columns():
    tables = document_tables_from_cells({"facts": {"table": ["t"], "amount": [""]}},
                                        KEY_VALUES)
    assert len(tables["findings"]) == 0 and tables["findings"].column_names[0] == KEYS[0]
    assert tables["facts"]["amount"].to_pylist() == [None]
    assert tables["facts"]["code"].to_pylist() == [None]  # a column the cells lack: null


def test_text_array_nulls_blanks_only():
    assert text_array(["a", "", "b"]).equals(pa.array(["a", None, "b"], pa.string()))
    assert text_array([]).equals(pa.array([], pa.string()))
    assert text_array([" ", "0"]).to_pylist() == [" ", "0"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.none() | st.text(), max_size=40))
def test_strings_is_pa_array_of_the_list(values):
    """rows.strings builds from buffers what pa.array(values, pa.string()) gives (None null,
    "" kept as ""), so the merge's own rows are the rows they were."""
    made, expected = strings(values), pa.array(values, pa.string())
    assert made.equals(expected)
    assert made.type == pa.string() and made.null_count == expected.null_count
    made.validate(full=True)


@pytest.mark.parametrize("values", [[], [None], [""], ["", None, "株洲"], [None] * 9 + ["x"],
                                    ["a\x00b", "\u00e9"]])
def test_strings_examples(values):
    assert strings(values).to_pylist() == values
    assert strings(values).equals(pa.array(values, pa.string()))


def test_strings_refuses_what_the_list_refuses():
    with pytest.raises(UnicodeEncodeError):  # a lone surrogate is no UTF-8
        pa.array(["a", "\ud800"], pa.string())
    with pytest.raises(UnicodeEncodeError):
        strings(["a", "\ud800"])
