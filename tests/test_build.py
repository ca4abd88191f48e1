"""Processed data: reproducible byte for byte, written atomically, CLI errors exit 2."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import RAW_2024, ROOT

from zhuzhou_budget import cli
from zhuzhou_budget.storage.build import write_outputs

COMMITTED = ROOT / "data" / "processed" / "2024" / "zhuzhou-zjj"


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_rebuild_equals_committed_processed_data(tmp_path):
    assert cli.main(["build-all", "--out", str(tmp_path)]) == 0
    rebuilt = _tree(tmp_path / "2024" / "zhuzhou-zjj")
    committed = _tree(COMMITTED)
    assert sorted(rebuilt) == sorted(committed)
    for name in committed:
        assert rebuilt[name] == committed[name], name


def test_facts_csv_format():
    raw = (COMMITTED / "facts.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" not in raw
    rows = list(csv.DictReader(raw.decode("utf-8").splitlines()))
    assert list(rows[0])[:5] == ["table", "code", "item", "column", "amount"]
    assert len(rows) == 1008
    gb_total = next(r for r in rows if r["table"] == "general_budget_expenditure"
                    and r["level"] == "total" and r["column"] == "project")
    assert gb_total["amount"] == "11459.60"
    blank = next(r for r in rows if r["table"] == "income" and r["code"] == "2080501"
                 and r["column"] == "superior_subsidy")
    assert blank["amount"] == ""


def test_datapackage_describes_every_resource():
    pkg = json.loads((COMMITTED / "datapackage.json").read_text(encoding="utf-8"))
    assert pkg["profile"] == "tabular-data-package"
    assert pkg["sources"][0]["sha256"] == (
        "0655831a70f23478d0f08fc3b9e5c3da1e2a570216dad6423e83141af643c12d")
    paths = {r["path"] for r in pkg["resources"]}
    assert {"facts.csv", "tables/income.csv", "tables/three_public.csv"} <= paths
    for res in pkg["resources"]:
        csv_header = (COMMITTED / res["path"]).read_text(encoding="utf-8").split("\n")[0]
        assert [f["name"] for f in res["schema"]["fields"]] == csv_header.split(",")
        for f in res["schema"]["fields"]:
            if f["type"] == "number" and (res["name"] == "facts" or res["path"].startswith(
                    "tables/")):
                assert f["unit"] == "万元"
    sc = next(r for r in pkg["resources"] if r["name"] == "state-capital")
    assert "无数据" in sc["empty_table_explanation"]


def test_sections_json_has_lines():
    sections = json.loads((COMMITTED / "sections.json").read_text(encoding="utf-8"))
    by_heading = {s["heading"]: s for s in sections}
    sec = by_heading["九、关于机关运行经费支出说明"]
    assert sec["start_line"] == 611 and sec["lines"][0][0] == 613
    assert sec["lines"][0][1].startswith("本部门 2024 年度机关运行经费支出 1024.95 万元")


def test_build_cli_writes_requested_folder(tmp_path):
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "zhuzhou_budget", "build", str(RAW_2024),
                           "--out", str(out)], capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (out / "facts.csv").exists() and (out / "tables" / "state_capital.csv").exists()


@pytest.mark.parametrize("content", [b"", "随便一段文字\n".encode(), b"\x00\x00binary"])
def test_bad_input_exits_2_with_one_line_and_no_output(tmp_path, content):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "zhuzhou_budget", "build", str(bad), "--out",
                           str(out)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "bad.txt" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == [bad]


def test_failed_write_leaves_previous_output_untouched(tmp_path, d2024, monkeypatch):
    out = tmp_path / "out"
    write_outputs(d2024, out)
    before = _tree(out)
    import zhuzhou_budget.storage.build as build

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(build, "_write_text", boom)
    with pytest.raises(RuntimeError):
        write_outputs(d2024, out)
    assert _tree(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no temporary folder left


def test_refuses_to_write_into_raw(d2024):
    from zhuzhou_budget.errors import DisclosureError
    with pytest.raises(DisclosureError):
        write_outputs(d2024, ROOT / "data" / "raw" / "2024" / "out")


EXIT_PROBE = """
import atexit, gc, sys
from zhuzhou_budget import cli
atexit.register(lambda: print("frozen", gc.get_freeze_count() > 0, flush=True))
cli.main = lambda: {code}
cli.run()
"""


@pytest.mark.parametrize("code", [0, 1])
def test_the_command_line_leaves_its_objects_to_the_exit_with_its_exit_code(code):
    # the collector's last pass over everything alive (~0.1 s) is skipped: frozen first
    out = subprocess.run([sys.executable, "-c", EXIT_PROBE.format(code=code)],
                         capture_output=True, text=True, timeout=120)
    assert (out.returncode, out.stdout.split()) == (code, ["frozen", "True"])
