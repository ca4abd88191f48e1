"""Round 9's cuts in writing a document (helper c), each held to the code it replaced:

- `rows.metrics_of_cells` picks out the facts' total rows at C level (`compress`) and their
  tables by a set: the same metrics table, the same error for columns of unequal length;
- `build._column_cells` tests a column's kinds against sets made once: the cells `_cell` gives;
- `outfolder.write_new` writes the bytes in one call (the rest after a short write);
- `outfolder.checked(..., real_parent=True)` (the corpus's folders, just resolved) gives the path
  `checked` gives;
- `task.run` hashes a source it builds once (load's digest), and a failed document still gets
  the file's digest and the reason it got before.
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pytest
from conftest import TEXT_DOCUMENTS

import zhuzhou_budget as zb
from zhuzhou_budget.analysis import headline
from zhuzhou_budget.corpus import rows, task
from zhuzhou_budget.corpus.panel_schema import METRICS
from zhuzhou_budget.sources.folders import Source
from zhuzhou_budget.sources.manifest import sha256_of
from zhuzhou_budget.storage import build, outfolder
from zhuzhou_budget.storage.build import write_document

_METRIC_COLUMNS = ["code", "table", "level", "column", "amount"]


def _metrics_of_cells_before(facts: dict[str, list[str]]) -> pa.Table:
    """rows.metrics_of_cells as it was (c34a019), verbatim: the oracle."""
    n = len(next(iter(facts.values()), []))
    blank = [""] * n
    code, table, level, column, amount = (facts.get(c, blank) for c in _METRIC_COLUMNS)
    cells = {(t or None, lv or None, c or None): a or None for k, t, lv, c, a in zip(
        code, table, level, column, amount, strict=True) if not k}
    tables = {t for t in table if t}  # a blank names no table

    def cell(table: str, level: str, column: str) -> Decimal | None:
        amount = cells.get((table, level, column))
        return None if amount is None else Decimal(amount)

    values = headline.figures(cell, headline.kind_of(tables))
    rows = [(m, None if v is None else str(v), headline.UNITS[m], "tables")
            for m, v in values.items()]
    return pa.table([pa.array([r[i] for r in rows], pa.string()) for i in range(4)],
                    names=METRICS.columns)


def _written_cells(tmp_path: Path) -> list[tuple[str, dict[str, dict[str, list[str]]]]]:
    """The cells written of every text document that loads (resource → column → cells)."""
    out = []
    for k, path in enumerate(TEXT_DOCUMENTS):
        try:
            d = zb.load(path)
        except zb.DisclosureError:
            continue
        cells: dict[str, dict[str, list[str]]] = {}
        write_document(d, tmp_path / f"out-{k}", cells)
        out.append((path.name, cells))
    return out


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> list[tuple[str, dict[str, dict[str, list[str]]]]]:
    return _written_cells(tmp_path_factory.mktemp("written"))


def test_metrics_of_the_documents_facts_as_before(written):
    assert len(written) >= 8
    for name, cells in written:
        facts = cells["facts"]
        assert rows.metrics_of_cells(facts).equals(_metrics_of_cells_before(facts)), name


def test_metrics_of_edge_cases_as_before():
    seed = {"code": ["", "201", "", ""], "table": ["income", "income", "", "expenditure"],
            "level": ["", "类", "", ""], "column": ["total", "total", "", "total"],
            "amount": ["12.5", "3", "", "7"]}
    for facts in (seed, {}, {"code": []}, {"table": ["income"], "amount": ["1"]},
                  {k: v[1:2] for k, v in seed.items()}, {**seed, "code": ["", "", "", ""]}):
        assert rows.metrics_of_cells(facts).equals(_metrics_of_cells_before(facts)), facts
    # columns of unequal length: the error zip's strict check gave, whichever column is short
    for short in _METRIC_COLUMNS:
        uneven = {**seed, short: seed[short][:2]}
        with pytest.raises(ValueError) as before:
            _metrics_of_cells_before(uneven)
        with pytest.raises(ValueError) as now:
            rows.metrics_of_cells(uneven)
        assert str(now.value) == str(before.value)


def test_column_cells_are_the_cells_of_the_general_rule():
    columns = [["a", "b"], [Decimal("1.50"), Decimal("1E+3")], [Decimal("2"), None],
               [1, 2, True], [1, None], ["x", None, ""], [1.5, None, "t"], [],
               [Decimal("0.0000001"), None], [False, 3]]
    for values in columns:
        for column in ("amount", "value"):
            assert build._column_cells(list(values), column) == [
                build._cell(v, column) for v in values], (values, column)


def test_the_written_cells_are_the_general_rule_s(written):
    # every written column holds text cells only; each is its own _cell
    for name, cells in written:
        for resource, columns in cells.items():
            for column, values in columns.items():
                assert all(type(v) is str for v in values), (name, resource, column)


def test_write_new_writes_the_bytes_once_and_the_rest_after_a_short_write(tmp_path, monkeypatch):
    data = "表,1\n".encode() * 1000
    outfolder.write_new(str(tmp_path / "whole.csv"), data)
    assert (tmp_path / "whole.csv").read_bytes() == data
    outfolder.write_new(str(tmp_path / "empty.csv"), b"")
    assert (tmp_path / "empty.csv").read_bytes() == b""
    with pytest.raises(FileExistsError):  # never a file already there
        outfolder.write_new(str(tmp_path / "whole.csv"), b"x")
    real_write = os.write
    calls = []

    def short(fd, chunk):
        calls.append(len(chunk))
        return real_write(fd, bytes(chunk[:7]))

    monkeypatch.setattr(os, "write", short)
    outfolder.write_new(str(tmp_path / "short.csv"), data)
    monkeypatch.undo()
    assert (tmp_path / "short.csv").read_bytes() == data
    assert calls[0] == len(data) and len(calls) == -(-len(data) // 7)
    mode = os.stat(tmp_path / "whole.csv").st_mode & 0o777
    assert mode == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_checked_of_a_real_parent_is_checked(tmp_path):
    real = tmp_path.resolve() / "2024"
    real.mkdir()
    for name in ("dept", ".pending-dept"):
        assert outfolder.checked(real / name, real_parent=True) == outfolder.checked(real / name)
    (real / "dept").symlink_to(tmp_path)
    with pytest.raises(zb.DisclosureError, match="symbolic link"):
        outfolder.checked(real / "dept", real_parent=True)
    (real / "full").mkdir()
    (real / "full" / "mine.txt").write_text("x")
    with pytest.raises(zb.DisclosureError) as now:
        outfolder.checked(real / "full", real_parent=True)
    with pytest.raises(zb.DisclosureError) as before:
        outfolder.checked(real / "full")
    assert str(now.value) == str(before.value)


def _source(path: Path, ident: str = "dept") -> Source:
    return Source(path=path, label=path.name, department_id=ident)


def test_a_built_document_s_digest_is_its_file_s(tmp_path):
    seed = TEXT_DOCUMENTS[-1]
    result = task.run(_source(seed), tmp_path, force=True)
    assert result.row.status in ("ok", "partial"), result.row.reason
    assert result.row.sha256 == sha256_of(seed)


def test_a_failed_document_keeps_its_digest_and_reason(tmp_path, monkeypatch):
    bad = tmp_path / "no-tables.txt"
    bad.write_text("2024年度某单位部门决算\n没有表格。\n", encoding="utf-8")
    result = task.run(_source(bad), tmp_path / "out")
    assert result.row.status == "failed"
    assert result.row.sha256 == sha256_of(bad)
    with pytest.raises(zb.DisclosureError) as loading:
        zb.load(bad)
    assert result.row.reason == task._one_line(str(loading.value))
    # a file that cannot be read fails as sha256_of failed on it first (the former order)
    gone = tmp_path / "gone.txt"
    with pytest.raises(OSError) as reading:
        sha256_of(gone)
    result = task.run(_source(gone), tmp_path / "out")
    assert result.row.reason == task._one_line(
        f"unexpected {type(reading.value).__name__}: {reading.value}")
    assert result.row.sha256 == ""
    # a previous row to compare with: the digest is taken first, as before
    previous = task.run(_source(TEXT_DOCUMENTS[-1]), tmp_path / "prev", force=True).row
    hashed = []
    monkeypatch.setattr(task.raw_manifest, "sha256_of",
                        lambda p: hashed.append(p) or sha256_of(p))
    again = task.run(_source(TEXT_DOCUMENTS[-1]), tmp_path / "prev", previous)
    assert hashed[:1] == [TEXT_DOCUMENTS[-1]] and again.row.sha256 == previous.sha256
