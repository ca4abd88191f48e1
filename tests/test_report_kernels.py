"""The report batch keeps one kernel per worker across notebooks (reporting/kernels.py): each
notebook must still run as in a fresh kernel (state put back in between), a failing or
crashing notebook fails alone, and the kernels end with the batch."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import psutil
import pytest
from conftest import ROOT

from zhuzhou_budget import cli
from zhuzhou_budget.reporting import batch as report
from zhuzhou_budget.reporting import kernels

DEPT = "zhuzhou-zjj"
PARAMS = "year = 2024\ndepartment = 'x'\nraw_path = None\noutput_dir = None"


def _notebook(path: Path, *cells: str) -> Path:
    params = nbformat.v4.new_code_cell(PARAMS)
    params.metadata["tags"] = ["parameters"]
    nb = nbformat.v4.new_notebook(
        cells=[params, *(nbformat.v4.new_code_cell(c) for c in cells)],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}})
    nbformat.write(nb, path)
    return path


def _runs(folder: Path, *names: str) -> Path:
    runs = folder / "runs.yaml"
    runs.write_text("notebooks:\n" + "".join(f"  - notebook: {n}.ipynb\n" for n in names),
                    encoding="utf-8")
    return runs


def _report(runs: Path, out: Path, *extra: str) -> int:
    return cli.main(["report", "--department", DEPT, "--runs", str(runs), "--out", str(out),
                     "--no-progress", *extra])


_ADDRESS = re.compile(r" at 0x[0-9a-f]+")


def _executed(path: Path) -> list[tuple]:
    """Per code cell: execution count and every output's text (not images, whose bytes
    vary), with object addresses and the output root masked."""
    nb = nbformat.read(path, as_version=4)
    root = str(path.parent.parent.parent)
    cells = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        outputs = []
        for o in cell.get("outputs", []):
            if o.get("output_type") == "stream":
                text = o.get("text", "")
            elif o.get("output_type") == "error":
                text = o.get("ename", "") + ": " + o.get("evalue", "")
            else:
                data = o.get("data", {})
                text = "\n".join(str(data[k]) for k in sorted(data) if k.startswith("text/"))
            outputs.append((o.get("output_type"), _ADDRESS.sub(" at 0x…",
                                                              text.replace(root, "ROOT"))))
        cells.append((cell.get("execution_count"), outputs))
    return cells


# A notebook that changes every piece of kernel state the batch puts back, then fails.
DIRTY = (
    "import os, sys, warnings\nfrom pathlib import Path\nimport matplotlib as mpl\n"
    "import matplotlib.pyplot as plt\nimport pandas as pd\n"
    "Path(output_dir, 'dirty.pid').write_text(str(os.getpid()))",
    "leak = 'from the notebook before'\nyear = 1999\nimport json\n"
    "os.environ['ZB_LEAK'] = '1'\nsys.path.append('/leak')\n"
    "mpl.rcParams['lines.linewidth'] = 9.0\nmpl.rcParams['axes.unicode_minus'] = False\n"
    "pd.set_option('display.max_rows', 3)\nwarnings.simplefilter('ignore')\n"
    "plt.figure()\nos.chdir('/')\n41 + 1",
    "raise RuntimeError('dirty fails after making its mess')",
)
# A notebook that shows that state, and saves it as a CSV.
PROBE = (
    "import os, sys, warnings\nfrom pathlib import Path\nimport matplotlib as mpl\n"
    "import matplotlib.pyplot as plt\nimport pandas as pd\n"
    "from zhuzhou_budget.reporting.notebook import Results\n"
    "Path(output_dir, 'probe.pid').write_text(str(os.getpid()))",
    "state = {'names': sorted(n for n in globals() if not n.startswith('_')),\n"
    "         'leak': 'leak' in globals(), 'json': 'json' in globals(), 'year': year,\n"
    "         'cwd is output_dir': os.getcwd() == output_dir,\n"
    "         'ZB_LEAK': os.environ.get('ZB_LEAK'), 'leak on path': '/leak' in sys.path,\n"
    "         'linewidth': mpl.rcParams['lines.linewidth'],\n"
    "         'unicode_minus': mpl.rcParams['axes.unicode_minus'],\n"
    "         'max_rows': pd.get_option('display.max_rows'), 'figures': plt.get_fignums(),\n"
    "         'In': len(In), 'Out': sorted(Out),\n"
    "         'main spec': hasattr(sys.modules['__main__'], '__spec__')}\n"
    "with warnings.catch_warnings(record=True) as caught:\n"
    "    warnings.warn('shown unless filtered', UserWarning)\n"
    "state['warnings'] = len(caught)\n"
    "for k, v in state.items():\n"
    "    print(k, v)",
    "Results(Path(output_dir), 'probe', keys={}).save('state', pd.DataFrame(\n"
    "    {'what': list(state), 'value': [str(v) for v in state.values()]}))\n"
    "state['year'], state['leak']",
)


def test_imported_modules_reads_every_code_cell(tmp_path):
    path = _notebook(tmp_path / "n.ipynb", "import os, matplotlib.pyplot as plt",
                     "from zhuzhou_budget.analysis import execution as ex, summary\n"
                     "from . import nothing", "%matplotlib inline\nimport skipped")
    assert kernels.imported_modules([path, path]) == (
        "os", "matplotlib.pyplot", "zhuzhou_budget.analysis",
        "zhuzhou_budget.analysis.execution", "zhuzhou_budget.analysis.summary")


@pytest.mark.slow
def test_a_notebook_after_another_in_the_same_kernel_is_as_in_a_fresh_kernel(tmp_path,
                                                                            capsys):
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    _notebook(nbs / "dirty.ipynb", *DIRTY)
    _notebook(nbs / "probe.ipynb", *PROBE)
    shared, fresh = tmp_path / "shared", tmp_path / "fresh"
    # One worker: dirty, then probe, on one kernel.
    assert _report(_runs(nbs, "dirty", "probe"), shared, "--jobs", "1") == 1
    assert "FAILED dirty.ipynb, cell 4 (In [5]): RuntimeError" in capsys.readouterr().err
    assert _report(_runs(nbs, "probe"), fresh, "--fresh-kernels") == 0
    s, f = (root / "2024" / DEPT for root in (shared, fresh))
    assert (s / "dirty.pid").read_text() == (s / "probe.pid").read_text()  # one kernel
    printed = _executed(s / "probe.ipynb")
    assert printed == _executed(f / "probe.ipynb")
    assert [c[0] for c in printed] == [1, 2, 3, 4, 5]  # from 1, as in a fresh kernel
    text = printed[3][1][0][1]
    for line in ("leak False", "json False", "year 2024", "cwd is output_dir True",
                 "ZB_LEAK None", "leak on path False", "linewidth 1.5", "unicode_minus True",
                 "max_rows 60", "figures []", "warnings 1", "In 5",
                 "main spec True"):  # multiprocessing's spawn reads __main__.__spec__
        assert line + "\n" in text, line
    assert (s / "probe.state.csv").read_bytes() == (f / "probe.state.csv").read_bytes()
    dirty = nbformat.read(s / "dirty.ipynb", as_version=4)  # papermill's record of the failure
    assert dirty.metadata["papermill"]["exception"] is True
    assert dirty.metadata["papermill"]["parameters"]["department"] == DEPT
    assert [c.metadata["papermill"]["exception"] for c in dirty.cells
            if c.cell_type == "code"] == [False, False, False, False, True]


@pytest.mark.slow
def test_a_crashed_kernel_fails_its_notebook_and_the_next_gets_a_new_one(tmp_path, capsys):
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    _notebook(nbs / "crash.ipynb", "import os\nfrom pathlib import Path\n"
              "Path(output_dir, 'crash.pid').write_text(str(os.getpid()))", "os._exit(3)")
    _notebook(nbs / "probe.ipynb", *PROBE)
    out = tmp_path / "out"
    assert _report(_runs(nbs, "crash", "probe"), out, "--jobs", "1") == 1
    err = capsys.readouterr().err
    assert "FAILED crash.ipynb" in err and "DeadKernelError" in err
    assert "probe" not in err
    folder = out / "2024" / DEPT
    assert (folder / "crash.pid").read_text() != (folder / "probe.pid").read_text()
    assert (folder / "crash.html").is_file() and (folder / "probe.html").is_file()
    assert [c[0] for c in _executed(folder / "probe.ipynb")] == [1, 2, 3, 4, 5]


@pytest.mark.slow
def test_the_bundled_notebooks_match_fresh_kernels(tmp_path):
    """Two real notebooks one after the other on one kernel, against each on its own."""
    names = ("02_budget_execution_variance", "00_summary")
    argv = ["report", "--department", DEPT, "--no-progress", "--jobs", "1"]
    for name in names:
        argv += ["--notebook", name]
    shared, fresh = tmp_path / "shared", tmp_path / "fresh"
    assert cli.main([*argv, "--out", str(shared)]) == 0
    assert cli.main([*argv, "--out", str(fresh), "--fresh-kernels"]) == 0
    s, f = (root / "2024" / DEPT for root in (shared, fresh))
    for name in names:
        assert _executed(s / f"{name}.ipynb") == _executed(f / f"{name}.ipynb"), name
    csvs = sorted(p.name for p in s.glob("*.csv"))
    assert csvs == sorted(p.name for p in f.glob("*.csv")) and len(csvs) > 4
    for csv_name in csvs:
        assert (s / csv_name).read_bytes() == (f / csv_name).read_bytes(), csv_name
    info = json.loads((s / "00_summary.run.json").read_text(encoding="utf-8"))
    assert info["department_id"] == DEPT


def _kernels_of(proc: subprocess.Popen, n: int) -> list[psutil.Process]:
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        found = [p for p in parent.children(recursive=True)
                 if "ipykernel_launcher" in " ".join(p.cmdline())]
        if len(found) >= n:
            return found
        time.sleep(0.1)
    proc.kill()
    raise AssertionError(f"the batch did not start {n} kernels")


def _sleeping_batch(tmp_path: Path) -> subprocess.Popen:
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    for name in ("a", "b", "c"):
        _notebook(nbs / f"{name}.ipynb", "import time\ntime.sleep(300)")
    return subprocess.Popen(
        [sys.executable, "-m", "zhuzhou_budget", "report", "--department", DEPT, "--runs",
         str(_runs(nbs, "a", "b", "c")), "--out", str(tmp_path / "out"), "--jobs", "2",
         "--no-progress"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


@pytest.mark.slow
def test_killing_the_batch_leaves_no_kernel(tmp_path):
    proc = _sleeping_batch(tmp_path)
    found = _kernels_of(proc, 2)
    proc.kill()  # SIGKILL: no finally runs; ipykernel sees its parent go
    proc.wait()
    gone, alive = psutil.wait_procs(found, timeout=20)
    assert alive == [], [p.pid for p in alive]


@pytest.mark.slow
def test_sigterm_stops_the_running_notebooks_and_their_kernels(tmp_path):
    proc = _sleeping_batch(tmp_path)
    found = _kernels_of(proc, 2)
    time.sleep(1)  # the notebooks are sleeping in their cells
    start = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 130
    assert time.monotonic() - start < 60  # not the 300 s the cells would sleep
    gone, alive = psutil.wait_procs(found, timeout=20)
    assert alive == []
    assert "Traceback" not in proc.stderr.read().decode()
    assert not list((tmp_path / "out").rglob("c.ipynb"))  # the third never started


def test_fresh_kernels_is_an_option_of_report():
    import argparse

    parser = argparse.ArgumentParser()
    report.add_arguments(parser)
    assert parser.parse_args(["--fresh-kernels"]).fresh_kernels is True
    assert parser.parse_args([]).fresh_kernels is False


def test_a_notebooks_own_kernel_is_stopped_at_once(tmp_path, monkeypatch):
    """--fresh-kernels: the client papermill builds for each notebook stops the kernel it
    started at once (its outputs are all in when the last cell has run), not by asking it to
    exit and waiting (nbclient's default, under which one kernel in five took 3.2 s more to go);
    the kept kernels' client owns no kernel to stop."""
    from papermill import clientwrap

    made: list[tuple[str, bool]] = []
    original = clientwrap.PapermillNotebookClient.__init__

    def spy(self, *args, **kwargs):
        original(self, *args, **kwargs)
        made.append((self.shutdown_kernel, kwargs.get("km") is None))

    monkeypatch.setattr(clientwrap.PapermillNotebookClient, "__init__", spy)
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    _notebook(nbs / "one.ipynb", "print(year)")
    assert _report(_runs(nbs, "one"), tmp_path / "fresh", "--fresh-kernels") == 0
    assert made == [("immediate", True)]  # started by the client, stopped at once
    assert _report(_runs(nbs, "one"), tmp_path / "kept") == 0
    assert made[1:] == [("graceful", False)]  # nbclient's default, on a kernel it does not own
    assert "2024" in (tmp_path / "fresh" / "2024" / DEPT / "one.ipynb").read_text("utf-8")
