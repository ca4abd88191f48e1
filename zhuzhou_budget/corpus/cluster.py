"""Documents on a dask.distributed cluster: one task per document, the same `task.run` the
process pool calls. The client gathers each document's result (its documents.csv row and the
CSV text of its panel resources), so the panel is written by the client from the results even
when the workers run on other machines. The per-document folders are written by the workers:
give an output folder every worker sees at the same path (a shared file system), and make the
package importable on every worker (the same checkout or install)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from pathlib import Path

from ..errors import DisclosureError
from .ledger import Row
from .sources import Source
from .task import Result, run

ENV = "DASK_SCHEDULER_ADDRESS"
CONNECT_TIMEOUT = 30.0  # seconds to reach the scheduler before the run is bad input


def scheduler_address(given: str | None) -> str | None:
    """--scheduler, else $DASK_SCHEDULER_ADDRESS, else None (run locally)."""
    return given or os.environ.get(ENV) or None


def run_cluster(sources: list[Source], root: Path, previous: dict[str, Row], force: bool,
                address: str, on_result: Callable[[Result], None]) -> list[Result]:
    from distributed import Client, as_completed

    try:
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise DisclosureError(f"cannot reach the dask scheduler at {address} ({exc})") from None
    results: list[Result] = []
    try:
        # pure=False: a document rebuilt with --force must run again, not reuse a cached key.
        run_id = uuid.uuid4().hex[:8]  # keys unique per run on a long-lived scheduler
        futures = {client.submit(run, s, root, previous.get(s.label), force, pure=False,
                                 key=f"zhuzhou-budget-{run_id}-{i}"): s
                   for i, s in enumerate(sources)}
        for fut in as_completed(list(futures), loop=client.loop):
            source = futures[fut]
            try:
                result = fut.result()
            except Exception as exc:  # the worker died or could not run the task
                row = Row(source=source.label, department_id=source.department_id,
                          reason=f"dask task failed: {type(exc).__name__}: {exc}".splitlines()[0])
                result = Result(row)
            results.append(result)
            on_result(result)
    finally:
        client.close()
    return results
