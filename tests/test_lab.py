"""A researcher's JupyterLab (`make lab`): running every notebook and saving it (or autosave)
leaves the repository clean, because the project's server config strips what a session adds."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest
from conftest import ROOT

NOTEBOOKS = ROOT / "notebooks"
CONFIG = ROOT / "scripts" / "jupyter_server_config.py"


def _contents_manager(root):
    from jupytext import AsyncTextFileContentsManager
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader(CONFIG.name, str(CONFIG.parent)).load_config()
    return AsyncTextFileContentsManager(root_dir=str(root), config=config)


def test_run_all_then_save_leaves_every_pair_as_committed(tmp_path):
    names = sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb"))
    assert len(names) >= 4
    for name in names:
        for ext in (".ipynb", ".py"):
            shutil.copy(NOTEBOOKS / f"{name}{ext}", tmp_path / f"{name}{ext}")
    (tmp_path / "jupytext.toml").write_bytes((NOTEBOOKS / "jupytext.toml").read_bytes())
    cm = _contents_manager(tmp_path)
    assert cm.pre_save_hook is not None

    async def run_all_and_save(path: str) -> None:
        model = await cm.get(path)
        nb = model["content"]
        for k, cell in enumerate(nb.cells):
            if cell.cell_type == "code":  # what a kernel and Lab put into a notebook
                cell.execution_count = k
                cell.outputs = [{"output_type": "stream", "name": "stdout", "text": "42\n"}]
                cell.metadata["execution"] = {"iopub.execute_input": "2026-12-02T10:00:00Z"}
        nb.metadata["language_info"]["version"] = "3.11.7"
        nb.metadata["language_info"]["nbconvert_exporter"] = "python"
        await cm.save(model, path)

    for name in names:
        asyncio.run(run_all_and_save(f"{name}.ipynb"))
    for name in names:
        for ext in (".ipynb", ".py"):
            assert (tmp_path / f"{name}{ext}").read_bytes() == (
                NOTEBOOKS / f"{name}{ext}").read_bytes(), f"{name}{ext}"


def test_make_lab_opens_jupyterlab_with_that_config():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "lab: setup\n\t$(BIN)/jupyter lab --config=scripts/jupyter_server_config.py" in makefile


def test_frames_pandas_can_plot_and_sum(d2024):
    """Decimal stays the exact form; frame() gives floats and one level for ordinary use."""
    import zhuzhou_budget as zb

    exact = d2024.tables["general_budget_expenditure"]
    assert exact["total"].map(type).eq(type(exact["total"].iloc[0])).all()
    items = d2024.frame("general_budget_expenditure", numeric=True, level="项")
    assert items["total"].dtype == "float64" and round(items["total"].sum(), 2) == 22393.84
    classes = d2024.frame("general_budget_expenditure", numeric=True, level="类")
    assert round(classes["total"].sum(), 2) == 22393.84  # 类 rows add up to the 合计 22,393.85
    # up to rounding; all rows together count every yuan four times (合计, 类, 款, 项)
    every_row = d2024.frame("general_budget_expenditure", numeric=True)["total"].sum()
    assert round(every_row, 2) == 89575.38
    be = d2024.frame("budget_execution", numeric=True)
    assert be["budget_initial"].dtype == "float64" and be["budget_initial"].notna().sum() == 23
    assert len(d2024.frame("facts", numeric=True).describe()) == 8
    assert zb.Disclosure.__doc__ and "narrative_facts" in zb.Disclosure.__doc__
    assert "subject" in zb.Disclosure.__doc__  # the columns, from the schema registry


def test_open_by_id_and_unknown_ids_list_the_known():
    import pytest

    import zhuzhou_budget as zb

    assert zb.available() == [("shanghai-putuo-czj", 2024), ("zhuzhou-zjj", 2024)]
    d = zb.open("zhuzhou-zjj", 2024, cached=False)
    assert d.meta.department_id == "zhuzhou-zjj" and len(d.facts) == 1008
    with pytest.raises(LookupError, match="known: shanghai-putuo-czj 2024, zhuzhou-zjj 2024"):
        zb.open("nope", 2024)


def test_unknown_ids_in_notebooks_and_reports_list_the_known(capsys):
    import pytest

    from zhuzhou_budget import cli
    from zhuzhou_budget.reporting import notebook

    with pytest.raises(LookupError, match="known: shanghai-putuo-czj 2024, zhuzhou-zjj 2024"):
        notebook.open_disclosure(2024, "nope")
    assert cli.main(["report", "--department", "nope", "--year", "2024"]) == 2
    err = capsys.readouterr().err
    assert "manifest.csv (known: shanghai-putuo-czj 2024, zhuzhou-zjj 2024)" in err


def test_the_economic_tables_amount_label_is_the_amount_heading(d2024):
    # one column holds 人员经费 and 公用经费 rows: its label names neither block
    assert d2024.tables["basic_expenditure"].attrs["column_labels"] == {"amount": "决算数"}


def _make_lab(*assignments: str) -> list[str]:
    """The command `make lab` runs, as make prints it (-n: nothing is run)."""
    import os
    import shlex
    import subprocess

    # Run under `make test` (CI), make would print "Entering directory" lines of a nested
    # make: a make of its own, and the line of the jupyter command.
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    out = subprocess.run(["make", "--no-print-directory", "-n", "lab", *assignments], cwd=ROOT,
                         capture_output=True, text=True, check=True, env=env).stdout
    (line,) = [ln for ln in out.splitlines() if " lab --config=" in ln]
    return shlex.split(line)


def test_make_lab_allows_root_only_as_root():
    assert _make_lab("LAB_USER_ID=0")[-1] == "--allow-root"
    assert "--allow-root" not in _make_lab("LAB_USER_ID=1000")


@pytest.mark.slow
def test_make_lab_starts_jupyterlab_as_whoever_runs_it(tmp_path):
    """The server `make lab` starts is up (as root too, where Jupyter refuses without
    --allow-root), then stopped."""
    import os
    import subprocess
    import sys
    import time

    command = _make_lab()
    command[0] = str(Path(sys.executable).parent / "jupyter")
    log = tmp_path / "lab.log"
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
           "JUPYTER_CONFIG_DIR": str(tmp_path / "config")}
    with log.open("w") as fh:
        proc = subprocess.Popen([*command, "--no-browser", "--ServerApp.port=0",
                                 "--ServerApp.token=test"], cwd=ROOT, stdout=fh,
                                stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and proc.poll() is None:
            if "is running at" in log.read_text():
                break
            time.sleep(0.5)
        text = log.read_text()
        assert "Running as root is not recommended" not in text
        assert "is running at" in text, text[-2000:]
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
