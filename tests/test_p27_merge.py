"""The merge after a pool (issue 23): a final account's metrics rows made without pandas
(pairs._rows_tables: the very panel text rows the former two-row frame gave), and the panel's
DuckDB database opened while the documents build (panel.Opening)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from corpus_helpers import make_corpus

import zhuzhou_budget as zb
from zhuzhou_budget.corpus import batch, pairs, panel, stage
from zhuzhou_budget.corpus.ledger import Row
from zhuzhou_budget.corpus.panel_schema import METRICS, PANEL_RESOURCES
from zhuzhou_budget.corpus.task import Result
from zhuzhou_budget.errors import DisclosureError

OWNER = Result(Row(source="a/b.txt", department_id="dept-001", department="某局", year=2023,
                   sha256="ab" * 32))


@pytest.mark.parametrize("p1, p2", [
    (Decimal("182.1"), Decimal("-3.40")),
    (None, None),
    (Decimal("0"), None),
    (float("nan"), Decimal("12.345")),
    (np.bool_(True), "text, with a comma"),
])
def test_metrics_rows_equal_the_frame_they_replace(p1, p2) -> None:
    rows = [("pi1_pct", p1, "%", pairs.STATED_BASIS), ("pi2_pct", p2, "%", pairs.STATED_BASIS)]
    former = pairs._text_table(pd.DataFrame(rows, columns=METRICS.columns), OWNER, "metrics")
    table, = pairs._rows_tables([(OWNER, rows)], "metrics")
    assert table.equals(former)
    assert table.column("department_id").to_pylist() == ["dept-001", "dept-001"]
    assert table.column("metric").to_pylist() == ["pi1_pct", "pi2_pct"]


def test_pi_metrics_of_an_unpaired_final_account_are_its_stated_figures() -> None:
    from zhuzhou_budget.corpus.stage import Fragment

    owner = Result(OWNER.row, fragment=Fragment(stated_pi={
        "pi1_pct": Decimal("182.4"), "pi1_band": "D", "pi2_pct": None}))
    table, = pairs._rows_tables([(owner, pairs._pi_metrics(owner, None))], "metrics")
    assert table.column("value").to_pylist() == ["182.4", None]
    assert table.column("basis").to_pylist() == [pairs.STATED_BASIS] * 2


def test_metrics_rows_of_many_owners_are_each_owner_s_frame() -> None:
    """pairs._rows_tables makes every final account's rows as one table cut per owner: each
    slice is the rows its own frame gave, an owner without rows an empty slice."""
    owners = [Result(Row(source=f"s{i}.txt", department_id=f"dept-{i:03d}", department=f"局{i}",
                         year=2022 + i, sha256=f"{i:02d}" * 32)) for i in range(3)]
    rows = [[("pi1_pct", Decimal(i), "%", pairs.STATED_BASIS),
             ("pi2_pct", None, "%", pairs.PUBLISHED_BASIS)] for i in range(3)]
    rows[1] = []
    tables = pairs._rows_tables(list(zip(owners, rows, strict=True)), "metrics")
    assert [len(t) for t in tables] == [2, 0, 2]
    for owner, mine, table in zip(owners, rows, tables, strict=True):
        former = pairs._text_table(pd.DataFrame(mine, columns=METRICS.columns), owner, "metrics")
        assert table.equals(former)
    assert tables[2].column("year").to_pylist() == ["2024", "2024"]
    assert pairs._rows_tables([], "metrics") == []


def test_no_rows_give_an_empty_table_of_the_resource() -> None:
    table, = pairs._rows_tables([(OWNER, [])], "metrics")
    assert len(table) == 0
    assert table.column_names == [*pairs.KEYS, *METRICS.columns]


# The panel's database, opened while a pool builds (panel.Opening): the same tables as one
# made at the merge, closed whatever happens, and its failure is the panel's.

@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    make_corpus.generate(folder, 3, [2023, 2024])
    return folder


def _openings(monkeypatch) -> list[panel.Opening]:
    made: list[panel.Opening] = []
    real = panel.prepare

    def recorded(area: Path) -> panel.Opening:
        made.append(real(area))
        return made[-1]

    monkeypatch.setattr(panel, "prepare", recorded)
    return made


def test_a_pool_fills_the_database_it_opened_early(corpus, tmp_path, monkeypatch) -> None:
    made = _openings(monkeypatch)
    pooled = batch.build([corpus], tmp_path / "pool", jobs=2, progress=False)
    alone = batch.build([corpus], tmp_path / "one", jobs=1, progress=False)
    assert len(made) == 1 and made[0]._connection is None  # opened once, closed
    assert made[0].path.parent.parent.name == stage.STAGING
    assert not (tmp_path / "pool" / stage.STAGING).exists()
    assert pooled.exit_code == alone.exit_code == 0
    for name in [*PANEL_RESOURCES, "metrics", "documents"]:
        query = f"select * exclude (seconds) from {name}" if name == "documents" else \
            f"select * from {name}"
        left = zb.sql(query, path=pooled.root)
        assert len(left) == len(zb.sql(query, path=alone.root)) > 0, name
        assert left.equals(zb.sql(query, path=alone.root)), name


def test_a_run_stopped_before_its_merge_closes_the_database(corpus, tmp_path,
                                                            monkeypatch) -> None:
    made = _openings(monkeypatch)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(batch, "run_pool", interrupted)
    with pytest.raises(KeyboardInterrupt):
        batch.build([corpus], tmp_path / "out", jobs=2, progress=False)
    assert len(made) == 1 and made[0]._connection is None
    assert not (tmp_path / "out" / stage.STAGING).exists()
    assert not (tmp_path / "out" / "panel").exists()


def test_a_database_that_cannot_be_opened_fails_the_panel(corpus, tmp_path,
                                                          monkeypatch) -> None:
    out = tmp_path / "out"
    batch.build([corpus], out, jobs=2, progress=False)
    before = (out / "panel" / "datapackage.json").read_bytes()

    def refused(path: Path):
        raise OSError("no space left on device")

    monkeypatch.setattr(panel, "_connect", refused)
    with pytest.raises(DisclosureError, match="panel: cannot write the output") as raised:
        batch.build([corpus], out, jobs=2, progress=False, force=True)
    assert str(raised.value.__cause__) == "no space left on device"
    assert (out / "panel" / "datapackage.json").read_bytes() == before


def test_the_corpus_s_own_rows_go_to_their_years_parts() -> None:
    """panel._parts: a table of one year (each owner's rows) goes whole to that year's part; a
    table of several years is split by year, in its order; a year not built gets nothing."""
    owners = [Result(Row(source=f"s{i}.txt", department_id=f"d{i}", department="局",
                         year=year, sha256="ab" * 32)) for i, year in enumerate([2023, 2024])]
    one, two = pairs._rows_tables([(o, [("pi1_pct", Decimal(7), "%", pairs.STATED_BASIS)])
                                   for o in owners], "metrics")
    mixed = pa.concat_tables([two, one, two])
    parts = panel._parts(["metrics"], [2023, 2024], [], {"metrics": [mixed, one, two]})
    assert [t.column("year").to_pylist() for t in parts["metrics", 2023].own] == [
        ["2023"], ["2023"]]
    assert [t.column("year").to_pylist() for t in parts["metrics", 2024].own] == [
        ["2024", "2024"], ["2024"]]
    assert parts["metrics", 2023].own[1] is one and parts["metrics", 2024].own[1] is two
    alone = panel._parts(["metrics"], [2024], [], {"metrics": [one]})
    assert alone["metrics", 2024].own == []
