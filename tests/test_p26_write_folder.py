"""The sixth round's cuts in writing a document's folder and summarizing it, each against the
general path it replaces: the output checked once (not again by the replacement), the
temporary folder made by mkdir with the umask's permissions (not mkdtemp's 0700 and a chmod),
the marker written at the os level, the work folder found absent by one lstat; a document's
datapackage.json taken as written instead of read back; the panel's text converted as one
text split by Arrow; the CSV's special cells found by one search a column."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_build_cells import _writer_text  # the csv module's text, the writer's oracle

from zhuzhou_budget.corpus import task
from zhuzhou_budget.corpus.rows import text_array
from zhuzhou_budget.errors import DisclosureError
from zhuzhou_budget.extract.numbers import format_amount
from zhuzhou_budget.storage import build, outfolder


def test_the_output_is_checked_once(tmp_path, d2024, monkeypatch):
    calls: list[Path] = []
    real = outfolder.checked

    def counted(out, *args, **kwargs):
        calls.append(Path(out))
        return real(out, *args, **kwargs)

    monkeypatch.setattr(outfolder, "checked", counted)
    build.write_outputs(d2024, tmp_path / "out")
    assert calls == [tmp_path / "out"]
    outfolder.replace(tmp_path / "other", lambda tmp: None)  # replace alone still checks
    assert calls[-1] == tmp_path / "other"


def test_folders_get_the_permissions_mkdir_gives(tmp_path, d2024):
    """The output folder (the temporary renamed) has the mode of a folder made by mkdir, as
    mkdtemp's folder had once chmod-ed to the umask's: the same for any umask."""
    for mask in (0o022, 0o077, 0o002):
        old = os.umask(mask)
        try:
            out = tmp_path / f"out{mask:o}"
            build.write_outputs(d2024, out)
            plain = tmp_path / f"plain{mask:o}"
            plain.mkdir()
        finally:
            os.umask(old)
        assert out.stat().st_mode & 0o777 == plain.stat().st_mode & 0o777 == 0o777 & ~mask
        assert (out / "tables").stat().st_mode & 0o777 == 0o777 & ~mask
        marker = out / outfolder.MARKER
        assert marker.read_text(encoding="utf-8") == outfolder.MARKER_TEXT
        assert marker.stat().st_mode & 0o777 == 0o666 & ~mask
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"{kind}{m:o}" for kind in ("out", "plain") for m in (0o022, 0o077, 0o002))


def test_a_temporary_name_taken_is_passed_over(tmp_path, monkeypatch):
    names = iter(["taken", "taken", "free"])
    monkeypatch.setattr(outfolder, "_temporary_names", lambda: names)
    (tmp_path / "tmp-taken").mkdir()
    made = outfolder._new_temporary(tmp_path)
    assert made == tmp_path / "tmp-free" and made.is_dir()


def test_a_work_folder_that_is_a_link_or_a_file_is_refused(tmp_path, d2024):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / ".out.work").symlink_to(elsewhere)
    with pytest.raises(DisclosureError, match="symbolic link"):
        build.write_outputs(d2024, tmp_path / "out")
    assert list(elsewhere.iterdir()) == [] and not (tmp_path / "out").exists()
    (tmp_path / ".out.work").unlink()
    (tmp_path / ".out.work").write_text("a file", encoding="utf-8")
    with pytest.raises(DisclosureError, match="cannot write the output"):
        build.write_outputs(d2024, tmp_path / "out")
    assert (tmp_path / ".out.work").read_text(encoding="utf-8") == "a file"


def test_a_work_folder_left_is_repaired_and_removed(tmp_path, d2024):
    build.write_outputs(d2024, tmp_path / "out")
    stale = tmp_path / ".out.work" / "tmp-stale"
    stale.mkdir(parents=True)
    (stale / outfolder.MARKER).write_text(outfolder.MARKER_TEXT, encoding="utf-8")
    build.write_outputs(d2024, tmp_path / "out")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_the_package_returned_is_the_datapackage_written(tmp_path, d2024):
    written = build.write_document(d2024, tmp_path / "out")
    text = (tmp_path / "out" / "datapackage.json").read_text(encoding="utf-8")
    assert written.package == json.loads(text)
    assert written.folder == tmp_path / "out"
    assert build.write_outputs(d2024, tmp_path / "again") == [
        tmp_path / "again" / f for f in written.files]
    assert sorted(written.files) == sorted(
        str(p.relative_to(tmp_path / "out")) for p in (tmp_path / "out").rglob("*")
        if p.is_file() and p.name != outfolder.MARKER)


def test_a_summary_from_the_package_in_hand_is_the_one_read_back(tmp_path, d2024):
    """_summarize given the package as written gives what reading datapackage.json gives
    (the former way, still taken for a document found up to date)."""
    cells: dict[str, dict[str, list[str]]] = {}
    written = build.write_document(d2024, tmp_path / ".pending-zjj", cells)
    rows = []
    for package in (written.package, None):
        row = task.Row(source="s", department_id="x", department="", year=2024,
                       package_version="v", sha256="ab" * 32)
        result = task.Result(row)
        stage = tmp_path / f"stage-{package is None}"
        stage.mkdir()
        task._summarize(written.folder, row, result, stage, cells, package)
        assert result.fragment is not None
        rows.append((row, result.fragment.rows, result.fragment.scales,
                     result.fragment.stated_pi))
    assert rows[0] == rows[1]
    assert rows[0][0].department_id == "zjj" and rows[0][0].facts > 100


_CELL = st.sampled_from(["", " ", "a", "0", "株洲", "a,b", "\0", "a\0b", "é"]) | st.text(
    max_size=3)


@settings(max_examples=300, deadline=None)
@given(st.lists(_CELL, max_size=12))
def test_text_array_is_the_list_converted_cell_by_cell(cells):
    expected = pa.array([c or None for c in cells], pa.string())
    array = text_array(cells)
    assert array.type == pa.string() and array.equals(expected)
    assert array.slice(1, 3).to_pylist() == expected.slice(1, 3).to_pylist()


@pytest.mark.parametrize("cells", [[], [""], ["", ""], ["\0"], ["a", "\0", ""], ["株洲"] * 3])
def test_text_array_examples(cells):
    assert text_array(cells).equals(pa.array([c or None for c in cells], pa.string()))


@settings(max_examples=400, deadline=None)
@given(st.integers(min_value=1, max_value=4).flatmap(lambda k: st.tuples(
    st.lists(st.sampled_from(["a", "b,c", 'q"', "n\nl"]), min_size=k, max_size=k),
    st.lists(st.lists(_CELL | st.sampled_from([",", '"', "\n", "\r", "x\r\ny"]),
                      min_size=k, max_size=k), max_size=5))))
def test_csv_text_is_the_csv_writer_s(case):
    header, rows = case
    columns = [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in header]
    assert build.csv_text(header, columns) == _writer_text(header, columns)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.decimals(allow_nan=False, allow_infinity=False) | st.none(), max_size=8))
def test_amounts_with_blanks_are_format_amount_s(values):
    if not any(type(v) is Decimal for v in values):
        values = [*values, Decimal("1.50")]
    assert build._column_cells(list(values), "amount") == [format_amount(v) for v in values]
    assert build._column_cells(list(values), "total") == [format_amount(v) for v in values]
