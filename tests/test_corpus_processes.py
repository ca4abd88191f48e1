"""Corpus builds across processes: a dask.distributed cluster gives the same panel as the
process pool, and no worker outlives its parent (killed, or stopped by SIGTERM)."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest
from conftest import ROOT
from corpus_helpers import make_corpus, without_seconds

import zhuzhou_budget as zb
from zhuzhou_budget.corpus import batch


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    make_corpus.generate(folder, 4, [2023, 2024], partial=1, failed=1)
    return folder


def test_dask_cluster_gives_the_pool_panel(corpus, tmp_path):
    from distributed import LocalCluster

    pool = batch.build([corpus], tmp_path / "pool", jobs=2, progress=False)
    with LocalCluster(processes=True, n_workers=2, threads_per_worker=1,
                      dashboard_address=None) as cluster:
        dask = batch.build([corpus], tmp_path / "dask", scheduler=cluster.scheduler_address,
                           progress=False)
    assert {r.worker for r in dask.results if r.row.status != "failed"} - {
        r.worker for r in pool.results}  # ran elsewhere: in the cluster's worker processes
    assert dask.exit_code == pool.exit_code == 1
    assert without_seconds((tmp_path / "dask" / "documents.csv").read_text("utf-8")) == \
        without_seconds((tmp_path / "pool" / "documents.csv").read_text("utf-8"))
    a, b = zb.panel(tmp_path / "pool"), zb.panel(tmp_path / "dask")
    assert sorted(a) == sorted(b)
    for name in a:
        left, right = a[name], b[name]
        if name == "documents":
            left, right = left.drop(columns="seconds"), right.drop(columns="seconds")
        assert left.equals(right), name  # row for row, value for value
    assert len(b["facts"]) == 3 * 1008 + 1005
    parts = sorted(p.parent.name for p in (tmp_path / "dask" / "panel" / "facts").glob("*/*"))
    assert parts == ["year=2023", "year=2024"]
    # The client received each document's row and where its rows were staged, never the
    # rows (one document's facts alone are ~100 kB): the workers wrote them, the client
    # merged them from disk.
    import pickle

    assert max(len(pickle.dumps(r)) for r in dask.results) < 4096
    assert all(Path(r.fragment.file).is_relative_to(tmp_path / "dask" / ".panel-staging")
               for r in dask.results if r.row.status != "failed")
    assert not (tmp_path / "dask" / ".panel-staging").exists()  # removed with the run


def test_unreachable_scheduler_is_bad_input(corpus, tmp_path, capsys, monkeypatch):
    from zhuzhou_budget import cli
    from zhuzhou_budget.corpus import cluster

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 2.0)
    code = cli.main(["corpus", "build", str(corpus / "dept-000-2023.txt"), "--out",
                     str(tmp_path / "o"), "--scheduler", "tcp://127.0.0.1:9"])
    assert code == 2
    assert "cannot reach the dask scheduler at tcp://127.0.0.1:9" in capsys.readouterr().err


@pytest.mark.parametrize("address", ["not a url", "tls://127.0.0.1:1", "tcp://host",
                                     "ftp://127.0.0.1:8786", "tcp://127.0.0.1:9", "garbage"])
def test_a_bad_scheduler_address_fails_in_seconds_in_one_line(corpus, tmp_path, address,
                                                              garbage_server):
    """In a child process, so what dask prints when the interpreter exits is seen too (a
    Client that failed to connect used to hang 60 s in its finaliser, then print a
    traceback). "garbage": a server on loopback that answers, but not as a scheduler (what a
    proxy in front of an unroutable address does). Only loopback addresses are used."""
    if address == "garbage":
        address = garbage_server
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "zhuzhou_budget", "corpus", "build",
                           str(corpus / "dept-000-2023.txt"), "--out", str(tmp_path / "o"),
                           "--scheduler", address, "--no-progress"],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert time.monotonic() - start < 25
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("error: "), done.stderr
    assert "Traceback" not in done.stderr and "unexpected" not in done.stderr


@pytest.fixture
def garbage_server():
    """A TCP server on 127.0.0.1 that answers every connection with bytes no dask scheduler
    sends, then closes; it serves at most 20 connections and stops with the test."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.settimeout(0.5)
    stop = threading.Event()

    def serve() -> None:
        for _ in range(20):
            if stop.is_set():
                break
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            with conn:
                conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
        server.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"tcp://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join(5)


def _start(corpus: Path, out: Path) -> tuple[subprocess.Popen, list[psutil.Process]]:
    """A corpus build of 30 documents in a child process, once its two workers are busy."""
    proc = subprocess.Popen([sys.executable, "-m", "zhuzhou_budget", "corpus", "build",
                             str(corpus), "--out", str(out), "-j", "2", "--no-progress"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        descendants = parent.children(recursive=True)
        # a document built: written beside its folder until the batch moves it in (task.py)
        if any((out / "2024").glob(".pending-dept-*/facts.csv")) and len(descendants) >= 3:
            return proc, descendants  # the fork server (and tracker) and the two workers
        time.sleep(0.05)
    proc.kill()
    raise AssertionError(f"the batch did not start its workers: {proc.stderr.read()}")


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("big")
    make_corpus.generate(folder, 30, [2024])
    return folder


def test_killing_the_parent_leaves_no_worker(big, tmp_path):
    proc, descendants = _start(big, tmp_path / "o")
    proc.kill()  # SIGKILL: no finally runs in the parent
    proc.wait()
    gone, alive = psutil.wait_procs(descendants, timeout=15)
    assert alive == [], [p.pid for p in alive]
    assert len(gone) >= 3


def test_sigterm_stops_the_pool_and_writes_no_panel(big, tmp_path):
    proc, descendants = _start(big, tmp_path / "o")
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 130
    gone, alive = psutil.wait_procs(descendants, timeout=15)
    assert alive == []
    assert not (tmp_path / "o" / "panel").exists()
    assert not (tmp_path / "o" / "documents.csv").exists()
    assert "Traceback" not in proc.stderr.read().decode()
