"""Documents on a dask.distributed cluster: one task per document, the same `task.run` the
process pool calls. The workers write each document's folder and its panel rows (a fragment
in the run's staging area, stage.py); the client gathers only each document's documents.csv
row and where its fragment is, never its rows, and merges the fragments into the panel one
document at a time (panel.py), so its memory does not grow with the corpus. Give an output
folder every worker sees at the same path (a shared file system), and make the package
importable on every worker (the same checkout or install)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from pathlib import Path

from ..errors import DisclosureError
from ..sources.folders import Source
from .ledger import Row
from .pool import run_task
from .result import Result

ENV = "DASK_SCHEDULER_ADDRESS"
CONNECT_TIMEOUT = 30.0  # seconds to reach the scheduler before the run is bad input
PROBE_TIMEOUT = 5.0  # seconds a plain TCP connection to it may take (an unroutable host)
SCHEMES = ("tcp", "tls")


def scheduler_address(given: str | None) -> str | None:
    """--scheduler, else $DASK_SCHEDULER_ADDRESS, else None (run locally)."""
    return given or os.environ.get(ENV) or None


def check_address(address: str) -> tuple[str, str, int]:
    """(scheme, host, port) of a scheduler address, or a one-line error: a malformed address,
    a scheme other than tcp/tls (tls needs the cluster's certificates: configure them with
    dask's `distributed.comm.tls` settings), or nothing listening there within PROBE_TIMEOUT.

    Checked before a dask Client is made: a Client that fails to connect hangs for a minute
    in its finaliser and prints a traceback."""
    import socket

    from distributed.comm.addressing import parse_address, parse_host_port

    try:
        scheme, location = parse_address(address.strip())
        if scheme == "inproc":  # a scheduler of this very process (tests, notebooks)
            return scheme, location, 0
        host, port = parse_host_port(location)
    except (ValueError, TypeError) as exc:
        raise DisclosureError(f"--scheduler {address!r}: not a scheduler address ({exc}); "
                              "give tcp://HOST:PORT") from None
    if scheme not in SCHEMES:
        raise DisclosureError(f"--scheduler {address!r}: scheme {scheme}:// is not supported; "
                              "give tcp://HOST:PORT")
    if scheme == "tls":
        import dask

        if not dask.config.get("distributed.comm.tls.client.cert", None):
            raise DisclosureError(f"--scheduler {address!r}: a tls:// scheduler needs the "
                                  "client certificate (dask config distributed.comm.tls)")
    try:
        with socket.create_connection((host, int(port)), timeout=PROBE_TIMEOUT):
            pass
    except OSError as exc:
        reason = "timed out" if isinstance(exc, TimeoutError) else (exc.strerror or str(exc))
        raise DisclosureError(f"cannot reach the dask scheduler at {address} ({reason})"
                              ) from None
    _identity(address)
    return scheme, str(host), int(port)


def _identity(address: str) -> dict:
    """Ask what answers at `address` for its identity, within PROBE_TIMEOUT: something that
    accepts connections but is not a dask scheduler (another service, a proxy) is refused in
    one line instead of a Client trying for a minute."""
    import asyncio

    from distributed.comm import connect

    async def ask() -> dict:
        comm = await connect(address, timeout=PROBE_TIMEOUT)
        try:
            await asyncio.wait_for(comm.write({"op": "identity", "reply": True}), PROBE_TIMEOUT)
            return await asyncio.wait_for(comm.read(), PROBE_TIMEOUT)
        finally:
            comm.abort()

    try:
        answer = asyncio.run(ask())
    except Exception as exc:  # garbage, a closed connection, a timeout: not a scheduler
        raise DisclosureError(f"no dask scheduler answers at {address} "
                              f"({type(exc).__name__}: {str(exc)[:80]})".splitlines()[0]
                              ) from None
    if not isinstance(answer, dict) or answer.get("type") != "Scheduler":
        raise DisclosureError(f"what answers at {address} is not a dask scheduler")
    return answer


def run_cluster(sources: list[Source], root: Path, previous: dict[str, Row], force: bool,
                address: str, on_result: Callable[[Result], None],
                stage: Path | None = None) -> list[Result]:
    from distributed import Client, as_completed

    check_address(address)
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise DisclosureError(f"cannot reach the dask scheduler at {address} ({exc})") from None
    results: list[Result] = []
    try:
        # pure=False: a document rebuilt with --force must run again, not reuse a cached key.
        run_id = uuid.uuid4().hex[:8]  # keys unique per run on a long-lived scheduler
        futures = {client.submit(run_task, s, root, previous.get(s.label), force, stage, pure=False,
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
