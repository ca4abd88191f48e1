"""Batch reports: run every notebook of `notebooks/runs.yaml` for every chosen (department, year)
of the raw manifest with papermill, in parallel, and render each to HTML.

Output: `<out>/<year>/<department_id>/<notebook>.ipynb` and `.html`, plus the CSV results the
notebooks save beside themselves. A failing notebook is reported by name and failing cell; the
other notebooks still run and keep their results; the exit code is then 1.
"""

from __future__ import annotations

import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import config
from . import manifest as raw_manifest
from .manifest import Entry

KERNEL = "python3"  # papermill in .venv resolves this to the venv's own interpreter
# ipykernel ≥ 7.4 warns on every start that the local TCP channel is unencrypted (as Jupyter's
# always was), and logs "KeyboardInterrupt caught in kernel" at ERROR when the client
# interrupts it on shutdown. Neither is a failure: cell errors are in the notebooks and the
# runner reports them, so the kernel's own log only shows what is critical.
KERNEL_ARGS = ["--IPKernelApp.log_level=CRITICAL"]
RUNS = config.NOTEBOOKS / "runs.yaml"


@dataclass(frozen=True)
class Run:
    """One notebook of the runs list and the extra parameters it gets."""

    notebook: Path
    parameters: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.notebook.stem


@dataclass(frozen=True)
class Job:
    entry: Entry
    run: Run
    output: Path  # the executed .ipynb
    parameters: dict


@dataclass
class Outcome:
    job: Job
    ok: bool
    seconds: float
    html: Path | None = None
    cell: int | None = None  # index of the failing cell in the notebook (0-based)
    execution_count: int | None = None
    error: str = ""

    def describe(self) -> str:
        where = f"{self.job.output}"
        if self.ok:
            return f"ok     {where} ({self.seconds:.1f} s)"
        cell = "" if self.cell is None else (
            f", cell {self.cell}" + (f" (In [{self.execution_count}])"
                                     if self.execution_count else ""))
        return f"FAILED {self.job.run.notebook.name}{cell}: {self.error} (see {where})"


def load_runs(path: Path | None = None, only: list[str] | None = None) -> list[Run]:
    """The runs list: notebooks (relative to the list's folder) and their extra parameters."""
    path = Path(path or RUNS)
    spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    runs = [Run(path.parent / item["notebook"], dict(item.get("parameters") or {}))
            for item in spec.get("notebooks", [])]
    if only:
        runs = [r for r in runs if r.name in only or r.notebook.name in only]
    missing = [str(r.notebook) for r in runs if not r.notebook.is_file()]
    if missing:
        raise FileNotFoundError(f"{path}: notebooks not found: {', '.join(missing)}")
    return runs


def out_of_step(run: Run) -> str | None:
    """Why a notebook differs from its jupytext pair `<name>.py` (the reviewed source), or None
    when it has no pair or both hold the same cells (type, source, metadata such as tags)."""
    text = run.notebook.with_suffix(".py")
    if not text.is_file():
        return None
    import jupytext

    ipynb, py = jupytext.read(run.notebook), jupytext.read(text)
    for i, (a, b) in enumerate(zip(ipynb.cells, py.cells, strict=False)):
        if (a.cell_type, a.source, a.metadata) != (b.cell_type, b.source, b.metadata):
            return f"{run.notebook.name} and {text.name} differ at cell {i}"
    if len(ipynb.cells) != len(py.cells):
        return (f"{run.notebook.name} has {len(ipynb.cells)} cells, {text.name} "
                f"{len(py.cells)}")
    return None


def plan(entries: list[Entry], runs: list[Run], out: Path,
         manifest: Path | None = None) -> list[Job]:
    """Every (entry, notebook) pair with its output path and parameters.

    Paths handed to a kernel are absolute: the kernel runs in the output folder.
    """
    jobs = []
    for e in entries:
        folder = Path(out).resolve() / str(e.year) / e.department_id
        for r in runs:
            params = {**r.parameters, "year": e.year, "department": e.department_id,
                      "raw_path": str(e.path.resolve()), "output_dir": str(folder)}
            if manifest is not None:
                params["manifest"] = str(manifest)
            jobs.append(Job(e, r, folder / r.notebook.name, params))
    return jobs


def render_html(notebook: Path, hide_code: bool = False) -> Path:
    """HTML beside the notebook; `hide_code` leaves out code cells' input and prompts."""
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(exclude_input=hide_code, exclude_input_prompt=hide_code,
                            exclude_output_prompt=hide_code)
    body, _ = exporter.from_notebook_node(nbformat.read(notebook, as_version=4))
    html = notebook.with_suffix(".html")
    html.write_text(body, encoding="utf-8")
    return html


def execute(job: Job, hide_code: bool = False, kernel: str = KERNEL) -> Outcome:
    """Run one notebook with papermill, then render it; never raises for a notebook error."""
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    start = time.perf_counter()
    job.output.parent.mkdir(parents=True, exist_ok=True)
    outcome = Outcome(job, ok=True, seconds=0.0)
    try:
        # Not papermill's `cwd=`: it chdirs the whole process, which races between threads.
        # nbclient starts the kernel in resources["metadata"]["path"] instead.
        pm.execute_notebook(str(job.run.notebook.resolve()), str(job.output.resolve()),
                            parameters=job.parameters, kernel_name=kernel, progress_bar=False,
                            log_output=False, extra_arguments=KERNEL_ARGS,
                            resources={"metadata": {"path": str(job.output.parent.resolve())}})
    except PapermillExecutionError as exc:
        outcome.ok, outcome.cell, outcome.execution_count = False, exc.cell_index, exc.exec_count
        outcome.error = f"{exc.ename}: {exc.evalue}"
    except Exception as exc:  # kernel died, bad parameters…: still report and carry on
        outcome.ok, outcome.error = False, f"{type(exc).__name__}: {exc}"
    if job.output.exists():  # papermill writes the notebook, with the error, even on failure
        outcome.html = render_html(job.output, hide_code)
    outcome.seconds = time.perf_counter() - start
    return outcome


def _import_runner() -> None:
    """Import papermill and nbconvert once, in this thread, before the workers start.

    jsonschema (imported by nbformat) compiles ~35 Lark grammars for the `iri` formats when
    rfc3987_syntax is installed: ~2 s per batch for formats no notebook schema uses
    (python-jsonschema/jsonschema#1428). Marking the module absent makes jsonschema skip them.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)
    import nbconvert  # noqa: F401
    import papermill  # noqa: F401


def run_batch(jobs: list[Job], n_jobs: int = 1, hide_code: bool = False,
              progress: bool = True) -> list[Outcome]:
    """Run the jobs, up to `n_jobs` at a time; outcomes in the order of `jobs`.

    Threads suffice: each notebook runs in its own kernel process, the threads only wait on it.
    """
    from tqdm import tqdm

    _import_runner()

    outcomes: dict[int, Outcome] = {}
    with ThreadPoolExecutor(max_workers=max(1, n_jobs)) as pool, \
            tqdm(total=len(jobs), unit="notebook", disable=not progress, file=sys.stderr) as bar:
        futures = {pool.submit(execute, job, hide_code): i for i, job in enumerate(jobs)}
        for fut in as_completed(futures):
            i = futures[fut]
            outcomes[i] = fut.result()
            bar.set_postfix_str(f"{jobs[i].entry.year} {jobs[i].run.name}", refresh=False)
            bar.update()
            if not outcomes[i].ok:
                bar.write(outcomes[i].describe(), file=sys.stderr)
    return [outcomes[i] for i in range(len(jobs))]


def main(years: list[int] | None = None, departments: list[str] | None = None,
         every: bool = False, n_jobs: int | None = None, out: Path | None = None,
         manifest: Path | None = None, runs: Path | None = None,
         notebooks: list[str] | None = None, hide_code: bool = False,
         progress: bool = True) -> int:
    """The `report` command: 0 when every notebook ran, 1 when any failed, 2 for bad input."""
    if not (years or departments or every):
        print("error: choose --year YEAR (repeatable), --department ID or --all", file=sys.stderr)
        return 2
    entries = raw_manifest.select(years, departments, manifest=manifest)
    if not entries:
        print(f"error: no raw manifest entries for years {years or 'any'} and departments "
              f"{departments or 'any'}", file=sys.stderr)
        return 2
    out = Path(out or config.REPORTS)
    chosen = load_runs(runs, notebooks)
    # papermill runs the .ipynb: refuse one that is not what its reviewed .py says.
    stale = [why for why in map(out_of_step, chosen) if why]
    if stale:
        for why in stale:
            print(f"error: {why}; bring the pair into step with `make sync-notebooks` "
                  "(jupytext --sync)", file=sys.stderr)
        return 2
    jobs = plan(entries, chosen, out,
                Path(manifest).resolve() if manifest else None)
    warm(entries, manifest)
    n_jobs = n_jobs or min(len(jobs), _cpu_count())
    start = time.perf_counter()
    outcomes = run_batch(jobs, n_jobs, hide_code, progress)
    failed = [o for o in outcomes if not o.ok]
    for o in outcomes:
        print(o.describe(), file=sys.stderr if not o.ok else sys.stdout)
    print(f"{len(outcomes) - len(failed)} of {len(outcomes)} notebooks ran for "
          f"{len(entries)} (department, year) entries in {time.perf_counter() - start:.1f} s "
          f"with {n_jobs} at a time → {out}")
    return 1 if failed else 0


def warm(entries: list[Entry], manifest: Path | None) -> None:
    """Parse each document once, here, so that its notebooks' kernels read it from the cache
    instead of each parsing it again (zhuzhou_budget.cache)."""
    from .cache import load_cached
    from .errors import DisclosureError

    for e in entries:
        try:
            load_cached(e.path, manifest=manifest)
        except DisclosureError:
            pass  # its notebooks fail with the error, named with their cell


def _cpu_count() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)
