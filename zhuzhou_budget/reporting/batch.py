"""Batch reports: run every notebook of `notebooks/runs.yaml` for every chosen (department, year)
of the raw manifest with papermill, in parallel, and render each to reader-facing HTML; run the
corpus notebooks (`scope: corpus`) once over the panel; write `index.html`.

Output: `<out>/<year>/<department_id>/<notebook>.ipynb` and `.html`, plus the CSV results the
notebooks save beside themselves; `<out>/corpus/` for corpus notebooks; `<out>/index.html`; the
font the pages use in `<out>/assets/`. A failing notebook is reported by name and failing cell;
the other notebooks still run and keep their results; the exit code is then 1.

Safety: every file is written to a temporary name in its folder and renamed into place
(`safe_write`), so a symlink placed in the output folder is replaced, never written through;
output folders whose components below the root are symlinks are refused, as is any path that
resolves outside the root; `runs.yaml` may only set parameters the notebook's parameters cell
declares (papermill writes the names into code).
"""

from __future__ import annotations

import ast
import os
import queue
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from .. import config
from ..corpus.command import check_jobs
from ..errors import DisclosureError
from ..sources import manifest as raw_manifest
from ..sources.manifest import Entry
from ..storage import outfolder, safe_write

if TYPE_CHECKING:
    from .kernels import SharedKernel

KERNEL = "python3"  # papermill in .venv resolves this to the venv's own interpreter
# ipykernel ≥ 7.4 warns on every start that the local TCP channel is unencrypted (as Jupyter's
# always was), and logs "KeyboardInterrupt caught in kernel" at ERROR when the client
# interrupts it on shutdown. Neither is a failure: cell errors are in the notebooks and the
# runner reports them, so the kernel's own log only shows what is critical.
KERNEL_ARGS = ["--IPKernelApp.log_level=CRITICAL"]
RUNS = config.NOTEBOOKS / "runs.yaml"
SCOPES = ("document", "corpus")
CORPUS_FOLDER = "corpus"
# What the batch itself sets, by scope: every notebook of that scope must declare these.
BATCH_PARAMETERS = {"document": ("year", "department", "raw_path", "output_dir"),
                    "corpus": ("panel", "output_dir", "years", "departments")}


MARKER = ".zhuzhou-budget-reports"
MARKER_TEXT = ("This folder holds reports written by zhuzhou_budget (`report`): <year>/<id>/, "
               "corpus/, index.html.\nIts pages are rewritten by the tool; files put here by "
               "hand may be lost.\n")


def prepare_root(out: str | Path, create: bool = True) -> Path:
    """The absolute reports root, created and marked; a one-line error when the tool may not
    write there (the rules of `build --out`, outfolder.checked): a symbolic link, the raw data
    or a folder holding it, a non-empty folder without the reports marker (a user's folder,
    whose index.html would be overwritten). The project's own reports/ predates the marker:
    it is marked on first use."""
    given = Path(out)
    path = Path(os.path.abspath(given))
    try:
        if create and path == Path(os.path.abspath(config.REPORTS)) and path.is_dir() \
                and not path.is_symlink() and not (path / MARKER).is_file():
            (path / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        if not create and path == Path(os.path.abspath(config.REPORTS)):
            return path  # checked and marked when created
        path = outfolder.checked(given, MARKER, "is not a reports folder of zhuzhou_budget")
        if not create:
            return path
        path.mkdir(parents=True, exist_ok=True)
        if not (path / MARKER).is_file():
            safe_write.write_text(path / MARKER, MARKER_TEXT)
    except OSError as exc:
        raise DisclosureError(f"{given}: cannot write the reports ({exc.strerror or exc})"
                              ) from None
    return path


class RunsError(DisclosureError):
    """A runs list the batch refuses (one line, exit 2)."""


@dataclass(frozen=True)
class Run:
    """One notebook of the runs list, its scope and the extra parameters it gets."""

    notebook: Path
    parameters: dict = field(default_factory=dict)
    scope: str = "document"

    @property
    def name(self) -> str:
        return self.notebook.stem


@dataclass(frozen=True)
class Job:
    entry: Entry | None  # None for a corpus notebook
    run: Run
    output: Path  # the executed .ipynb
    parameters: dict
    siblings: tuple[str, ...] = ()  # notebook names of the same folder, for the page's links
    root: Path | None = None  # the output root (for the link to index.html)

    @property
    def label(self) -> str:
        return CORPUS_FOLDER if self.entry is None else f"{self.entry.year}"


@dataclass
class Outcome:
    job: Job
    ok: bool
    seconds: float
    html: Path | None = None
    cell: int | None = None  # index of the failing cell in the notebook (0-based)
    execution_count: int | None = None
    error: str = ""
    ran: bool = False  # papermill ran (its output folder was safe to write in)

    def describe(self) -> str:
        where = f"{self.job.output}"
        if self.ok:
            return f"ok     {where} ({self.seconds:.1f} s)"
        cell = "" if self.cell is None else (
            f", cell {self.cell}" + (f" (In [{self.execution_count}])"
                                     if self.execution_count else ""))
        return f"FAILED {self.job.run.notebook.name}{cell}: {self.error} (see {where})"


def declared_parameters(notebook: Path) -> set[str]:
    """The names the notebook's `parameters` cell assigns, read with `ast` (never run)."""
    _skip_iri_grammars()
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    cell = next((c for c in nb.cells if c.cell_type == "code"
                 and "parameters" in c.metadata.get("tags", [])), None)
    if cell is None:
        raise RunsError(f"{notebook.name}: no cell tagged `parameters`")
    names = set()
    for node in ast.walk(ast.parse(cell.source)):
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return names


_PLAIN = (str, int, float, bool, type(None))


def _plain_value(value) -> bool:
    if isinstance(value, list | tuple):
        return all(_plain_value(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain_value(v) for k, v in value.items())
    return isinstance(value, _PLAIN)


def check_run(run: Run, list_path: Path) -> None:
    """Refuse parameter names the notebook does not declare (papermill writes them as code)
    and values that are not plain data; refuse a notebook that lacks the batch's parameters."""
    declared = declared_parameters(run.notebook)
    for name, value in run.parameters.items():
        if not isinstance(name, str) or not name.isidentifier() or name not in declared:
            raise RunsError(f"{list_path}: {run.notebook.name}: parameter {name!r} is not "
                            f"declared in its parameters cell ({', '.join(sorted(declared))})")
        if not _plain_value(value):
            raise RunsError(f"{list_path}: {run.notebook.name}: parameter {name!r} must be "
                            "plain data (text, number, true/false, null, lists of them)")
    missing = [p for p in BATCH_PARAMETERS[run.scope] if p not in declared]
    if missing:
        raise RunsError(f"{list_path}: {run.notebook.name} ({run.scope} scope) does not declare "
                        f"{', '.join(missing)} in its parameters cell")


def load_runs(path: Path | None = None, only: list[str] | None = None) -> list[Run]:
    """The runs list: notebooks (relative to the list's folder), scope and extra parameters."""
    path = Path(path or RUNS)
    try:
        spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc).splitlines()[0]
        raise RunsError(f"{path}: not a readable runs list ({reason})") from None
    items = spec.get("notebooks", []) if isinstance(spec, dict) else None
    if not isinstance(items, list) or not all(
            isinstance(i, dict) and isinstance(i.get("notebook"), str) for i in items):
        raise RunsError(f"{path}: a runs list is `notebooks:` followed by items with a "
                        "`notebook:` name each")
    runs = []
    for item in items:
        scope = item.get("scope", "document")
        if scope not in SCOPES:
            raise RunsError(f"{path}: {item.get('notebook')}: scope must be one of "
                            f"{', '.join(SCOPES)}, not {scope!r}")
        params = item.get("parameters") or {}
        if not isinstance(params, dict):
            raise RunsError(f"{path}: {item.get('notebook')}: parameters must be a mapping")
        runs.append(Run(path.parent / item["notebook"], dict(params), scope))
    if only:
        runs = [r for r in runs if r.name in only or r.notebook.name in only]
    missing = [str(r.notebook) for r in runs if not r.notebook.is_file()]
    if missing:
        raise RunsError(f"{path}: notebooks not found: {', '.join(missing)}")
    for r in runs:
        check_run(r, path)
    return runs


def out_of_step(run: Run) -> str | None:
    """Why a notebook differs from its jupytext pair `<name>.py` (the reviewed source), or None
    when it has no pair or both hold the same cells (type, source, metadata such as tags)."""
    text = run.notebook.with_suffix(".py")
    if not text.is_file():
        return None
    # A pair found in step is noted by the digests of both files (and the code and jupytext
    # that compared them): the next report skips jupytext's import and parse, ~0.6 s of CPU
    # before any kernel starts. A pair out of step is compared every time, to say where.
    import hashlib
    from importlib.metadata import version

    from ..storage import cache
    from ..version import package_version

    key = hashlib.sha256("|".join([
        raw_manifest.sha256_of(run.notebook), raw_manifest.sha256_of(text), package_version(),
        version("jupytext")]).encode()).hexdigest()[:32]
    if cache.noted(PAIRS_IN_STEP, key):
        return None
    _skip_iri_grammars()
    import jupytext

    ipynb, py = jupytext.read(run.notebook), jupytext.read(text)
    for i, (a, b) in enumerate(zip(ipynb.cells, py.cells, strict=False)):
        if (a.cell_type, a.source, a.metadata) != (b.cell_type, b.source, b.metadata):
            return f"{run.notebook.name} and {text.name} differ at cell {i}"
    if len(ipynb.cells) != len(py.cells):
        return (f"{run.notebook.name} has {len(ipynb.cells)} cells, {text.name} "
                f"{len(py.cells)}")
    cache.note(PAIRS_IN_STEP, key)
    return None


PAIRS_IN_STEP = "notebook-pairs"  # the cache's folder of pairs found in step


def plan(entries: list[Entry], runs: list[Run], out: Path,
         manifest: Path | None = None, panel: Path | None = None,
         years: list[int] | None = None, departments: list[str] | None = None,
         manifests: dict[tuple[str, int], Path | None] | None = None) -> list[Job]:
    """Every (entry, document notebook) pair and every corpus notebook, with output path and
    parameters. Paths handed to a kernel are absolute: the kernel runs in the output folder.
    Output folders are checked (no symlink below the root, nothing outside it). `manifests`
    gives each entry's own manifest (a corpus's documents), else `manifest` is every entry's."""
    root = Path(out).resolve() if Path(out).exists() else Path(out).absolute()
    jobs = []
    doc_runs = [r for r in runs if r.scope == "document"]
    corpus_runs = [r for r in runs if r.scope == "corpus"]
    # A document notebook that declares `corpus` gets the corpus it reports from (its budget
    # may be paired with the final accounts there); None leaves it to look in data/processed.
    pairs_from = {r.notebook: "corpus" in declared_parameters(r.notebook) for r in doc_runs}
    for e in entries:
        folder = safe_write.folder(root, root / str(e.year) / e.department_id, create=False)
        for r in doc_runs:
            params = {**r.parameters, "year": e.year, "department": e.department_id,
                      "raw_path": str(e.path.resolve()), "output_dir": str(folder)}
            own = manifest if manifests is None else manifests.get((e.department_id, e.year))
            if own is not None:
                params["manifest"] = str(own)
            if panel is not None and pairs_from[r.notebook]:
                params["corpus"] = str(Path(panel).resolve())
            jobs.append(Job(e, r, folder / r.notebook.name, params,
                            tuple(x.name for x in doc_runs), root))
    if corpus_runs:
        folder = safe_write.folder(root, root / CORPUS_FOLDER, create=False)
        for r in corpus_runs:
            params = {**r.parameters, "panel": str(Path(panel or config.PROCESSED).resolve()),
                      "output_dir": str(folder), "years": list(years or []),
                      "departments": list(departments or [])}
            jobs.append(Job(None, r, folder / r.notebook.name, params,
                            tuple(x.name for x in corpus_runs), root))
    return jobs


def render_html(notebook: Path, show_code: bool = False, siblings: tuple[str, ...] = (),
                root: Path | None = None) -> Path:
    """Reader-facing HTML beside the notebook (`reader_html`), written atomically."""
    from .reader_html import render

    html = notebook.with_suffix(".html")
    body = render(notebook, show_code=show_code, siblings=siblings,
                  index=None if root is None else _relative(root / "index.html", html.parent),
                  assets=None if root is None else _relative(root / "assets", html.parent))
    return safe_write.write_text(html, body)


def _relative(target: Path, start: Path) -> str:
    return Path(os.path.relpath(target, start)).as_posix()


def execute(job: Job, show_code: bool = False, kernel: str = KERNEL,
            shared: SharedKernel | None = None, render: bool = True) -> Outcome:
    """Run one notebook with papermill into a temporary file, rename it into place, render it
    (unless not `render`: then `finish` does); never raises for a notebook error. With
    `shared`, on that kept kernel (its state put back first, reporting/kernels.py), else on a
    kernel of its own."""
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    start = time.perf_counter()
    outcome = Outcome(job, ok=True, seconds=0.0)
    root = job.root or job.output.parent
    try:
        folder = safe_write.folder(root, job.output.parent)
        safe_write.inside(root, job.output.parent)
    except DisclosureError as exc:
        outcome.ok, outcome.error = False, str(exc)
        return outcome

    def run(tmp: Path) -> None:
        # Not papermill's `cwd=`: it chdirs the whole process, which races between threads.
        # nbclient starts the kernel in resources["metadata"]["path"] instead.
        try:
            from .kernels import ENGINE, FRESH_ENGINE

            # A notebook's own kernel is stopped at once when it has run (its outputs are all
            # in by then): asked to exit and waited for, as nbclient does by default, one in
            # five took 3.2 s more to go (benchmarks/bench_report.py).
            engine: dict = {"engine_name": FRESH_ENGINE, "shutdown_kernel": "immediate"}
            if shared is not None:
                shared.prepare(folder)
                engine = {"engine_name": ENGINE, "shared": shared}
            pm.execute_notebook(str(job.run.notebook.resolve()), str(tmp),
                                parameters=job.parameters, kernel_name=kernel,
                                progress_bar=False, log_output=False,
                                extra_arguments=KERNEL_ARGS,
                                resources={"metadata": {"path": str(folder)}}, **engine)
        except PapermillExecutionError as exc:
            outcome.ok, outcome.cell = False, exc.cell_index
            outcome.execution_count = exc.exec_count
            outcome.error = f"{exc.ename}: {exc.evalue}"
        except Exception as exc:  # kernel died, bad parameters…: still report and carry on
            outcome.ok, outcome.error = False, f"{type(exc).__name__}: {exc}"
        if tmp.stat().st_size == 0:  # papermill wrote nothing: nothing to put in place
            raise _NothingWritten

    try:
        safe_write.replace(job.output, run)
    except _NothingWritten:
        pass
    outcome.ran = True
    outcome.seconds = time.perf_counter() - start
    return finish(outcome, show_code) if render else outcome


def finish(outcome: Outcome, show_code: bool = False) -> Outcome:
    """Render the executed notebook of `outcome` (papermill writes it, with the error, even on
    failure), its seconds counting the rendering too."""
    start = time.perf_counter()
    job = outcome.job
    if outcome.ran and job.output.exists():
        outcome.html = render_html(job.output, show_code, job.siblings, job.root)
    outcome.seconds += time.perf_counter() - start
    return outcome


class _NothingWritten(Exception):
    pass


def _skip_iri_grammars() -> None:
    """Before anything imports nbformat (the runs list is read with it, before the batch).

    jsonschema (imported by nbformat) compiles ~35 Lark grammars for the `iri` formats when
    rfc3987_syntax is installed: ~2 s per batch (10+ s on a loaded machine) for formats no
    notebook schema uses (python-jsonschema/jsonschema#1428). Marking the module absent makes
    jsonschema skip them."""
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)


def _import_runner() -> None:
    """Import papermill and nbconvert once, in this thread, before the workers start."""
    _skip_iri_grammars()
    import nbconvert  # noqa: F401
    import papermill  # noqa: F401


def start_kernels(n: int, notebooks: list[Path], folder: Path) -> list[SharedKernel]:
    """`n` kept kernels, starting now in the background (each imports what the notebooks
    import): the batch's cache warm-up (or corpus build) goes on meanwhile."""
    _skip_iri_grammars()
    from .kernels import SharedKernel, imported_modules

    preload = imported_modules(dict.fromkeys(notebooks))
    kernels = [SharedKernel(KERNEL, KERNEL_ARGS, preload) for _ in range(n)]
    for shared in kernels:
        shared.start_soon(folder)
    _import_runner()  # nbconvert, while they start
    return kernels


def lanes(jobs: list[Job], n_jobs: int) -> int:
    """How many notebooks run at once: `n_jobs`, at most one per job, at least one."""
    return max(1, min(n_jobs, len(jobs)))


def run_batch(jobs: list[Job], n_jobs: int = 1, show_code: bool = False,
              progress: bool = True, fresh_kernels: bool = False,
              kernels: list[SharedKernel] | None = None) -> list[Outcome]:
    """Run the jobs, up to `n_jobs` at a time; outcomes in the order of `jobs`.

    Threads suffice: the notebooks run in kernel processes, the threads only wait on them.
    Each thread keeps one kernel for all the notebooks it runs (reporting/kernels.py: the
    kernel's state is put back before each notebook; `kernels` may be already starting,
    `start_kernels`), unless `fresh_kernels`: then every notebook starts a kernel of its own.
    A thread of its own renders the executed notebooks to HTML, so that a kernel never waits
    on a page. The corpus notebooks start first, so that a long one does not start alone at
    the end. The kernels are stopped when the batch ends.
    """
    from tqdm import tqdm

    _import_runner()
    workers = lanes(jobs, n_jobs)
    if not fresh_kernels and kernels is None:
        kernels = start_kernels(workers, [j.run.notebook for j in jobs],
                                (jobs[0].root or jobs[0].output.parent) if jobs else Path())
    kept: list[SharedKernel] = list(kernels or []) if not fresh_kernels else []
    for extra in kept[workers:]:  # more than the jobs need
        extra.shutdown(now=True)
    kept = kept[:workers]

    todo: queue.SimpleQueue[int] = queue.SimpleQueue()
    for i in sorted(range(len(jobs)), key=lambda i: jobs[i].entry is not None):
        todo.put(i)
    done: queue.SimpleQueue[tuple[int, Outcome | BaseException]] = queue.SimpleQueue()
    executed: queue.SimpleQueue[tuple[int, Outcome] | None] = queue.SimpleQueue()

    def worker(shared: SharedKernel | None) -> None:
        try:
            while True:
                try:
                    i = todo.get_nowait()
                except queue.Empty:
                    return
                try:
                    executed.put((i, execute(jobs[i], show_code, shared=shared, render=False)))
                except BaseException as exc:  # re-raised by the caller, never lost in a thread
                    done.put((i, exc))
                    return
        finally:
            if shared is not None:
                shared.shutdown(now=True)  # done with it: nothing in it is needed

    def renderer() -> None:
        while (item := executed.get()) is not None:
            i, outcome = item
            try:
                done.put((i, finish(outcome, show_code)))
            except BaseException as exc:
                done.put((i, exc))

    outcomes: dict[int, Outcome] = {}
    with ThreadPoolExecutor(max_workers=workers + 1) as pool, \
            tqdm(total=len(jobs), unit="notebook", disable=not progress, file=sys.stderr) as bar:
        for n in range(workers):
            pool.submit(worker, kept[n] if kept else None)
        pool.submit(renderer)
        try:
            for _ in range(len(jobs)):
                i, result = done.get()
                if isinstance(result, BaseException):
                    raise result
                outcomes[i] = result
                bar.set_postfix_str(f"{jobs[i].label} {jobs[i].run.name}", refresh=False)
                bar.update()
                if not result.ok:
                    bar.write(result.describe(), file=sys.stderr)
        except BaseException:  # Ctrl-C, SIGTERM: no new notebook starts; the kernels stop
            while not todo.empty():
                todo.get_nowait()
            for shared in kept:
                shared.kill()  # the running notebooks end now, not when their cells finish
            raise
        finally:
            executed.put(None)  # the renderer ends once the pages it was given are written
    return [outcomes[i] for i in range(len(jobs))]


def main(years: list[int] | None = None, departments: list[str] | None = None,
         every: bool = False, n_jobs: int | None = None, out: Path | None = None,
         manifest: Path | None = None, runs: Path | None = None,
         notebooks: list[str] | None = None, show_code: bool = False,
         progress: bool = True, panel: Path | None = None, corpus: Path | None = None,
         fresh_kernels: bool = False) -> int:
    """The `report` command: 0 when every notebook ran, 1 when any failed, 2 for bad input.

    The documents are the chosen manifest entries, or with `corpus` the documents of a built
    corpus (`corpus build`, of a folder, files or a manifest). The corpus notebooks read that
    corpus; for manifest entries, the corpus of exactly those entries, built (or found up to
    date) first: data/processed for the whole bundled manifest, else <out>/data/. `panel`
    names another corpus for them instead."""
    if corpus is None and not (years or departments or every):
        print("error: choose --year YEAR (repeatable), --department ID, --all or --corpus DIR",
              file=sys.stderr)
        return 2
    if corpus is not None and (manifest is not None or panel is not None):
        print("error: --corpus DIR names the documents and their panel: not with --manifest "
              "or --panel", file=sys.stderr)
        return 2
    manifests: dict[tuple[str, int], Path | None] | None = None
    try:
        if corpus is not None:
            entries, manifests = _corpus_documents(corpus, years, departments)
        else:
            entries = raw_manifest.select(years, departments, manifest=manifest)
        if not entries:
            raise DisclosureError(_nothing_chosen(years, departments, manifest, corpus))
        check_jobs(n_jobs)
        out = prepare_root(out or config.REPORTS, create=False)  # made once all is checked
        chosen = load_runs(runs, notebooks)
        # papermill runs the .ipynb: refuse one that is not what its reviewed .py says.
        stale = [why for why in map(out_of_step, chosen) if why]
        if stale:
            for why in stale:
                print(f"error: {why}; bring the pair into step with `make sync-notebooks` "
                      "(jupytext --sync)", file=sys.stderr)
            return 2
        build_here = None
        if corpus is not None:  # its documents' notebooks read it too (a paired budget)
            panel = corpus
        if any(r.scope == "corpus" for r in chosen):
            from ..corpus.query import panel_dir

            if corpus is not None:
                panel = corpus
            elif panel is None:  # the corpus of exactly these entries
                build_here = panel = own_corpus(entries, manifest, out)
            if build_here is None:
                panel_dir(panel)  # a corpus notebook needs a built panel: say so before any kernel
        jobs = plan(entries, chosen, out, Path(manifest).resolve() if manifest else None,
                    panel, years, departments, manifests)
        prepare_root(out)
    except DisclosureError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    n_jobs = n_jobs or min(len(jobs), _cpu_count())
    # The kernels start (and import pandas, matplotlib, the package) while the corpus is built
    # and the documents are parsed into the cache: they only need the output root.
    kernels = None if fresh_kernels else start_kernels(
        lanes(jobs, n_jobs), [r.notebook for r in chosen], out)
    try:
        if build_here is not None:
            build_corpus(entries, manifest, build_here, n_jobs, progress)
        warm(entries, manifest, manifests)
    except BaseException as exc:  # no batch: its kernels stop now
        for shared in kernels or []:
            shared.kill()
            shared.shutdown(now=True)
        if isinstance(exc, DisclosureError):
            print(f"error: {exc}", file=sys.stderr)
            return 2
        raise
    start = time.perf_counter()
    outcomes = run_batch(jobs, n_jobs, show_code, progress, fresh_kernels, kernels)
    from .reader_html import write_index

    index = write_index(out, manifest, {(e.year, e.department_id) for e in entries})
    failed = [o for o in outcomes if not o.ok]
    for o in outcomes:
        print(o.describe(), file=sys.stderr if not o.ok else sys.stdout)
    print(f"{len(outcomes) - len(failed)} of {len(outcomes)} notebooks ran for "
          f"{len(entries)} (department, year) entries in {time.perf_counter() - start:.1f} s "
          f"with {n_jobs} at a time → {index}")
    return 1 if failed else 0


CORPUS_DATA = "data"  # <out>/data/: the corpus a report builds for its own entries


def own_corpus(entries: list[Entry], manifest: Path | None, out: Path) -> Path:
    """Where the corpus of exactly `entries` is built: data/processed when they are every entry
    of the bundled manifest (what `make data` builds), else <out>/data/ (a corpus root of its
    own, so data/processed never loses documents to a narrower report)."""
    bundled = Path(os.path.abspath(config.MANIFEST))
    if manifest is None or Path(os.path.abspath(manifest)) == bundled:
        every = {(e.department_id, e.year) for e in raw_manifest.read_manifest(bundled)}
        if every == {(e.department_id, e.year) for e in entries}:
            return Path(os.path.abspath(config.PROCESSED))
    return Path(out) / CORPUS_DATA


def build_corpus(entries: list[Entry], manifest: Path | None, root: Path,
                 n_jobs: int | None, progress: bool) -> None:
    """Build the corpus of `entries` into `root` (documents up to date are skipped), one line
    saying what it holds; a document that fails there fails its notebooks too, named there."""
    from ..corpus.batch import build_manifest
    from ..corpus.command import summarize

    outcome = build_manifest(entries, Path(manifest or config.MANIFEST), root, jobs=n_jobs,
                             progress=progress)
    summarize(outcome)


def _corpus_documents(corpus: Path, years: list[int] | None, departments: list[str] | None
                      ) -> tuple[list[Entry], dict[tuple[str, int], Path | None]]:
    from ..corpus.recorded import documents

    docs = documents(corpus, years, departments)
    return [d.entry for d in docs], {(d.entry.department_id, d.entry.year): d.manifest
                                     for d in docs}


def _nothing_chosen(years: list[int] | None, departments: list[str] | None,
                    manifest: Path | None, corpus: Path | None) -> str:
    if corpus is not None:
        return (f"no documents of years {years or 'any'} and departments "
                f"{departments or 'any'} built in the corpus {corpus}")
    from ..storage.catalog import available

    known = ", ".join(f"{d} {y}" for d, y in available(manifest)) or "none"
    return (f"no raw manifest entries for years {years or 'any'} and departments "
            f"{departments or 'any'} in {manifest or config.MANIFEST} (known: {known})")


def add_arguments(r) -> None:
    """The `report` command's options (cli.py hands its sub-parser here)."""
    r.add_argument("--year", type=int, action="append", help="this year (repeatable)")
    r.add_argument("--department", action="append", help="this department id (repeatable)")
    r.add_argument("--all", action="store_true", help="every entry of the raw manifest")
    r.add_argument("--jobs", "-j", type=int, default=None,
                   help="notebooks run at once (default: CPU count)")
    r.add_argument("--out", type=Path, default=None, help="reports root (default reports/)")
    r.add_argument("--manifest", type=Path, default=None)
    r.add_argument("--corpus", type=Path, default=None,
                   help="every document of a corpus built by `corpus build` (a folder, files "
                   "or a manifest) and its panel (with --year/--department: those of it)")
    r.add_argument("--runs", type=Path, default=None, help="runs list (default notebooks/runs.yaml)")
    r.add_argument("--notebook", action="append", help="only this notebook (repeatable)")
    r.add_argument("--panel", type=Path, default=None, help="corpus root or panel folder the "
                   "corpus notebooks read (default: the corpus of the chosen entries, built "
                   "first: data/processed for the whole bundled manifest, else OUT/data)")
    r.add_argument("--show-code", action="store_true",
                   help="HTML with the code cells (default: code hidden for readers)")
    r.add_argument("--hide-code", action="store_true", help="(the default; kept for scripts)")
    r.add_argument("--no-progress", action="store_true", help="no progress bar")
    r.add_argument("--fresh-kernels", action="store_true",
                   help="a new kernel for every notebook (slower; by default each worker keeps "
                   "one kernel and puts its state back between notebooks)")


def from_args(args) -> int:
    return main(args.year, args.department, args.all, args.jobs, args.out, args.manifest,
                args.runs, args.notebook, args.show_code, not args.no_progress, args.panel,
                args.corpus, args.fresh_kernels)


def warm(entries: list[Entry], manifest: Path | None,
         manifests: dict[tuple[str, int], Path | None] | None = None) -> None:
    """Parse each document once, here, so that its notebooks' kernels read it from the cache
    instead of each parsing it again (zhuzhou_budget.storage.cache)."""
    from ..storage.cache import load_cached

    for e in entries:
        own = manifest if manifests is None else manifests.get((e.department_id, e.year))
        try:
            load_cached(e.path, manifest=own)
        except DisclosureError:
            pass  # its notebooks fail with the error, named with their cell


def _cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)
