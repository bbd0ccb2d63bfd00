"""`serve` on the embedded PostgreSQL, with real processes: the database is restarted when it dies,
`serve` gives up with exit code 4 when it cannot be, a killed `serve` leaves nothing running, and a
busy port is one line and exit code 2 before anything starts.

Reproducers of issue 18: a dead embedded PostgreSQL was never revived; kill -9 of the master left both
workers serving the port and PostgreSQL running, the next `serve` exited with code 3, and later
normal stops no longer stopped the database (a stale PID in its handle file).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import psutil
from tests.support.passes import EMBEDDED_PASS_ONLY
from tests.support.processes import postgres_processes_for
from tests.support.server import COMMAND, clean_env, free_port, status_of, wait_ready, wait_until

pytestmark = EMBEDDED_PASS_ONLY

#: Seconds any one phase may take before the test fails (each process is killed at the end).
BOUND = 30.0


def _wait_until(condition: Callable[[], bool], within: float = BOUND) -> bool:
    return wait_until(condition, within)


def _postmaster(data_dir: Path) -> int:
    pids = [p for p in postgres_processes_for(data_dir) if psutil.Process(p).status() != psutil.STATUS_ZOMBIE]
    assert len(pids) == 1, pids
    return pids[0]


@contextmanager
def _serve(data_dir: Path, port: int, workers: int) -> Iterator[tuple[subprocess.Popen[str], Path]]:
    """`serve` on the embedded database in `data_dir`; its stderr goes to a file (yielded)."""
    log = data_dir.parent / f"serve-{time.monotonic_ns()}.log"
    with log.open("w") as sink:
        process = subprocess.Popen(
            [COMMAND, "serve", "--port", str(port), "--workers", str(workers)],
            env=clean_env(CPC_DATA_DIR=str(data_dir), CPC_LOG_FORMAT="json", CPC_STATEMENT_TIMEOUT="2"),
            stdout=subprocess.DEVNULL,
            stderr=sink,
            text=True,
        )
    try:
        yield process, log
    finally:
        with suppress(psutil.NoSuchProcess):
            family = psutil.Process(process.pid).children(recursive=True)
            for proc in family:
                with suppress(psutil.NoSuchProcess):
                    proc.kill()
        if process.poll() is None:
            process.kill()
        process.wait(timeout=BOUND)


@contextmanager
def _data_dir() -> Iterator[Path]:
    root = Path(tempfile.mkdtemp(prefix="cpc-sup-", dir="/tmp"))
    try:
        yield root / "pgdata"
    finally:
        for pid in postgres_processes_for(root / "pgdata"):
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        shutil.rmtree(root, ignore_errors=True)


def _events(log: Path) -> list[str]:
    events = []
    for line in log.read_text().splitlines():
        with suppress(ValueError):
            events.append(str(json.loads(line).get("event")))
    return events


def test_a_killed_database_is_restarted_and_a_killed_serve_leaves_nothing_running() -> None:
    """kill -9 of the embedded postmaster: `serve` starts it again and /readyz is 200 again by itself.
    kill -9 of `serve` itself (2 workers): the workers exit, the port is closed, PostgreSQL stops
    (the watchdog) within the bound; the next `serve` on the same folder starts, and its SIGTERM
    stop exits 0 and stops PostgreSQL (no stale handle keeps it running)."""
    with _data_dir() as data_dir:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        with _serve(data_dir, port, workers=2) as (process, log):
            assert wait_ready(f"{base}/readyz", within=60) is not None, log.read_text()[-2000:]
            first = _postmaster(data_dir)
            os.kill(first, signal.SIGKILL)
            assert wait_ready(f"{base}/readyz", within=BOUND) is not None, log.read_text()[-3000:]
            assert _postmaster(data_dir) != first
            assert _wait_until(lambda: "embedded_database_restarted" in _events(log), within=10)

            workers = [p.pid for p in psutil.Process(process.pid).children() if "postgres" not in p.name()]
            process.kill()
            process.wait(timeout=BOUND)
            assert _wait_until(lambda: status_of(f"{base}/healthz") is None), "a worker still serves the port"
            assert _wait_until(lambda: not any(psutil.pid_exists(w) for w in workers)), "workers outlived serve"
            assert _wait_until(lambda: postgres_processes_for(data_dir) == []), "PostgreSQL outlived serve"

        port = free_port()
        with _serve(data_dir, port, workers=1) as (process, log):
            assert wait_ready(f"http://127.0.0.1:{port}/readyz", within=60) is not None, log.read_text()[-2000:]
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=BOUND) == 0, log.read_text()[-2000:]
        assert _wait_until(lambda: postgres_processes_for(data_dir) == [], within=10)


def test_serve_gives_up_with_exit_code_4_when_the_database_cannot_start_again() -> None:
    """The embedded server killed and its control file gone (it cannot start): `serve` tries three
    times, then stops with exit code 4 and a log line naming the server's log, within the bound."""
    with _data_dir() as data_dir:
        port = free_port()
        with _serve(data_dir, port, workers=1) as (process, log):
            assert wait_ready(f"http://127.0.0.1:{port}/readyz", within=60) is not None, log.read_text()[-2000:]
            control = data_dir / "global" / "pg_control"
            control.rename(control.with_suffix(".away"))
            os.kill(_postmaster(data_dir), signal.SIGKILL)
            assert process.wait(timeout=BOUND) == 4, log.read_text()[-3000:]
            events = _events(log)
            assert "embedded_database_lost" in events
            assert events.count("embedded_database_start_failed") == 3


def test_a_busy_port_is_one_line_and_exit_code_2_before_anything_starts() -> None:
    """The port is taken: `serve` prints one line naming the port and exits 2, before the "API on"
    banner and before the database starts (before: uvicorn's exit code 3 after the database started)."""
    with _data_dir() as data_dir, socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [COMMAND, "serve", "--port", str(port)],
            env=clean_env(CPC_DATA_DIR=str(data_dir)),
            capture_output=True,
            text=True,
            timeout=BOUND,
            check=False,
        )
        assert result.returncode == 2, result.stderr
        assert result.stderr.strip().splitlines() == [
            f"cpc-prosecution: invalid setting CPC_PORT (--port): cannot listen on 127.0.0.1:{port}: already in use"
        ]
        assert not (data_dir / "PG_VERSION").exists()
