"""How the report batch overlaps its work (reporting/batch.py, kernels.py, kernel_state.py,
reader_html.py): the kept kernels start while the cache is warmed, pages are rendered by a
thread of their own, papermill's record of a notebook is written once, a kept kernel's
imports are out of the garbage collector's sight, and one HTML exporter serves every page.
Each test fails when its piece is undone; none measures time."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import nbformat
import psutil
import pytest
from conftest import ROOT
from test_report_kernels import DEPT, _notebook, _report, _runs

from zhuzhou_budget.reporting import batch as report
from zhuzhou_budget.reporting import reader_html


def _kernel_children() -> list[psutil.Process]:
    return [p for p in psutil.Process().children(recursive=True)
            if "ipykernel_launcher" in " ".join(p.cmdline())]


@pytest.mark.slow
def test_the_kernels_start_while_the_cache_is_warmed(tmp_path, monkeypatch):
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    _notebook(nbs / "a.ipynb", "1 + 1")
    seen: list[int] = []
    warm = report.warm

    def watching(*args, **kwargs):
        deadline = time.monotonic() + 60
        while not _kernel_children() and time.monotonic() < deadline:
            time.sleep(0.05)
        seen.append(len(_kernel_children()))
        return warm(*args, **kwargs)

    monkeypatch.setattr(report, "warm", watching)
    assert _report(_runs(nbs, "a"), tmp_path / "out", "--jobs", "1") == 0
    assert seen == [1]  # the one kernel of the one worker, already starting
    assert (tmp_path / "out" / "2024" / DEPT / "a.html").is_file()


@pytest.mark.slow
def test_a_kernel_runs_the_next_notebook_while_the_last_page_is_rendered(tmp_path,
                                                                         monkeypatch):
    """One worker, two notebooks: the first page is only written once the second notebook
    runs, which it could not if the worker rendered its pages itself."""
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    _notebook(nbs / "a.ipynb", "1 + 1")
    _notebook(nbs / "b.ipynb", "2 + 2")
    second = threading.Event()
    waited: list[bool] = []
    execute, render = report.execute, report.render_html

    def executing(job, *args, **kwargs):
        if job.run.name == "b":
            second.set()
        return execute(job, *args, **kwargs)

    def rendering(notebook, *args, **kwargs):
        if notebook.stem == "a":
            waited.append(second.wait(timeout=60))
        return render(notebook, *args, **kwargs)

    monkeypatch.setattr(report, "execute", executing)
    monkeypatch.setattr(report, "render_html", rendering)
    assert _report(_runs(nbs, "a", "b"), tmp_path / "out", "--jobs", "1") == 0
    assert waited == [True]
    folder = tmp_path / "out" / "2024" / DEPT
    assert (folder / "a.html").is_file() and (folder / "b.html").is_file()


@pytest.mark.slow
def test_the_executed_notebook_is_written_once_when_its_run_ends(tmp_path):
    """papermill would save the notebook at every cell's start and end: a cell would find
    the temporary output file (safe_write's `.<name>.*.part.ipynb`) holding the cells before
    it. Written once, it is still empty while the cells run, and whole at the end."""
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    probe = ("from pathlib import Path\n"
             "print(sorted(p.stat().st_size for p in Path(output_dir).glob('.w.*.part.ipynb')))")
    _notebook(nbs / "w.ipynb", "x = 1", probe)
    for extra in ((), ("--fresh-kernels",)):
        out = tmp_path / f"out{len(extra)}"
        assert _report(_runs(nbs, "w"), out, "--jobs", "1", *extra) == 0
        nb = nbformat.read(out / "2024" / DEPT / "w.ipynb", as_version=4)
        assert nb.cells[-1].outputs[0]["text"] == "[0]\n", extra
        assert nb.metadata["papermill"]["duration"] > 0
        assert [c.metadata["papermill"]["status"] for c in nb.cells] == ["completed"] * 4


def test_a_kept_kernel_freezes_what_its_imports_made():
    """snapshot() collects, then freezes: a full collection (IPython's reset runs one before
    every notebook) then walks only what the notebooks made."""
    code = ("import gc\nfrom zhuzhou_budget.reporting import kernel_state\n"
            "assert gc.get_freeze_count() == 0\n"
            "print(kernel_state.snapshot(['json', 'decimal', 'no_such_module_zb']))\n"
            "print(gc.get_freeze_count() > 1000)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    assert done.stdout == "['no_such_module_zb']\nTrue\n"


@pytest.mark.slow
def test_garbage_of_one_notebook_is_collected_before_the_next(tmp_path):
    """Frozen are only the kernel's imports: a cycle a notebook leaves (here with a finalizer
    that writes a file) is collected by the reset before the next notebook runs."""
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    _notebook(nbs / "a.ipynb", "import gc\nfrom pathlib import Path\n"
              "class Cycle:\n    def __del__(self):\n"
              "        Path(self.folder, 'collected').write_text('yes')\n"
              "c = Cycle()\nc.folder, c.me = output_dir, c\ndel c")
    _notebook(nbs / "b.ipynb", "import gc\nfrom pathlib import Path\n"
              "print(Path(output_dir, 'collected').read_text())")
    assert _report(_runs(nbs, "a", "b"), tmp_path / "out", "--jobs", "1") == 0
    nb = nbformat.read(tmp_path / "out" / "2024" / DEPT / "b.ipynb", as_version=4)
    assert nb.cells[-1].outputs[0]["text"] == "yes\n"


def test_one_exporter_renders_every_page_as_a_new_one_would(tmp_path):
    def executed(name: str, text: str):
        cell = nbformat.v4.new_code_cell("zb_source_marker = 1", execution_count=1, outputs=[
            nbformat.v4.new_output("stream", name="stdout", text=text)])
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(f"# {name}"), cell],
                                      metadata={"language_info": {"name": "python"}})
        path = tmp_path / f"{name}.ipynb"
        nbformat.write(nb, path)
        return path

    a, b = executed("a", "甲 <b>1</b>"), executed("b", "乙 2")
    reader_html._exporter.cache_clear()
    kept = [reader_html.render(p, siblings=("a", "b")) for p in (a, b, a)]
    assert reader_html._exporter(False) is reader_html._exporter(False)
    for path, html in zip((a, b, a), kept, strict=True):
        reader_html._exporter.cache_clear()
        assert html == reader_html.render(path, siblings=("a", "b")), path.name
    assert "乙 2" in kept[1] and "&lt;b&gt;1&lt;/b&gt;" in kept[0] and "乙" not in kept[0]
    code = reader_html.render(a, show_code=True)
    assert "zb_source_marker" in code and "zb_source_marker" not in kept[0]


@pytest.mark.slow
def test_a_kernel_killed_as_it_starts_leaves_no_traceback_and_no_process(tmp_path,
                                                                          monkeypatch):
    from zhuzhou_budget.reporting.kernels import KernelError, SharedKernel

    raised: list[BaseException | None] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: raised.append(args.exc_value))
    for wait in (0.0, 0.3, 0.8):
        shared = SharedKernel(report.KERNEL, report.KERNEL_ARGS, ("pandas", "matplotlib"))
        shared.start_soon(tmp_path)
        time.sleep(wait)
        shared.kill()
        with pytest.raises(KernelError):
            shared.prepare(tmp_path)
        shared.shutdown(now=True)
        assert shared.km is None
    assert raised == []
    deadline = time.monotonic() + 20
    while _kernel_children() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _kernel_children() == []
