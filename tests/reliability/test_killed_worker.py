"""Worker processes of `serve --workers 2` killed (SIGKILL) under a write load: the port keeps
answering, uvicorn starts a replacement by itself, every acknowledged event is stored exactly once
after the clients' retries (same Idempotency-Key), every summary equals its rebuild, a normal stop of
`serve` afterwards leaves no process behind, and the next `serve` on the same folder works.

uvicorn 0.55 (`supervisors/multiprocess.py`): the master polls its workers every 0.5 s and starts a
new one in place of a dead one; the workers share one listening socket, so while the replacement
starts, the surviving worker accepts every new connection. A request in flight on the killed worker
is a lost connection for its client, which retries it. kill -9 of the master itself:
tests/reliability/test_serve_supervision.py.

Profiles (`CPC_RELIABILITY_PROFILE`): `short` (default, CI: 4 writers, at least 1 case each) and
`full` (12 writers, at least 3 cases each). Figures in docs/operations.md.
"""

from __future__ import annotations

import http.client
import json
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

import psutil
from tests.support.load import PROFILE, Load, Tally, assert_exactly_once, request, seed, sized, writer
from tests.support.passes import EMBEDDED_PASS_ONLY
from tests.support.processes import postgres_processes_for
from tests.support.server import COMMAND, clean_env, free_port, wait_ready, wait_until

pytestmark = EMBEDDED_PASS_ONLY

WRITERS, CASES_PER_WRITER = sized(4, 12), sized(1, 3)
#: Seconds any one phase (a replacement worker, a stop, a start) may take.
BOUND = 30.0
#: The whole load must finish within this (each writer stops retrying after it).
DEADLINE = 120.0
#: What uvicorn logs (at info) when a worker's application is ready.
STARTED = "Application startup complete."


@dataclass
class Poller:
    """GET /healthz every 50 ms on a new connection; when each answer came and which failed."""

    url: str
    answered: list[float] = field(default_factory=list)
    failed: list[float] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                with urllib.request.urlopen(self.url, timeout=5) as response:
                    (self.answered if response.status == 200 else self.failed).append(time.monotonic())
            except (urllib.error.URLError, http.client.HTTPException, ConnectionError, TimeoutError):
                self.failed.append(time.monotonic())
            time.sleep(0.05)

    def answered_between(self, start: float, end: float) -> int:
        return sum(start < at < end for at in self.answered)


def _workers(serve: psutil.Process) -> set[int]:
    """Live uvicorn worker processes of `serve` (multiprocessing children; not PostgreSQL, not the watchdog)."""
    found = set()
    for child in serve.children():
        with suppress(psutil.NoSuchProcess):
            if child.status() != psutil.STATUS_ZOMBIE and "spawn_main" in " ".join(child.cmdline()):
                found.add(child.pid)
    return found


def _wait_until(condition: Callable[[], bool], within: float = BOUND) -> bool:
    return wait_until(condition, within, step=0.05)


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _events(log: Path) -> list[str]:
    """The `event` of every JSON line `serve` and its workers logged."""
    events = []
    for line in log.read_text().splitlines():
        with suppress(ValueError):
            events.append(str(json.loads(line).get("event")))
    return events


def _replace(serve: psutil.Process, victim: int, log: Path) -> tuple[float, float]:
    """SIGKILL the worker `victim`; wait until uvicorn logged its death and its replacement's start
    and application startup: (killed at, replacement ready at)."""
    before = _workers(serve)
    assert victim in before, before
    assert len(before) == 2, before
    ready_before = _events(log).count(STARTED)
    psutil.Process(victim).kill()
    killed = time.monotonic()

    def replaced() -> bool:
        new = _workers(serve) - before
        events = _events(log)
        return (
            len(new) == 1
            and f"Child process [{victim}] died" in events
            and f"Started server process [{next(iter(new))}]" in events
            and events.count(STARTED) > ready_before
        )

    assert _wait_until(replaced), (_workers(serve), _events(log)[-5:])
    return killed, time.monotonic()


def test_killed_workers_are_replaced_and_every_acknowledged_event_is_stored_once() -> None:
    """Load: `WRITERS` writers appending whole histories one event per request, and a /healthz poller.
    One worker is killed, and once uvicorn has replaced it the other one is killed too (so the
    replacement alone serves until the second replacement is up). Then: every answer 200 or 201; at
    most one lost connection per client and kill (only its request in flight on the killed worker); /healthz
    answered while each replacement started; each acknowledged case stored exactly once; after a
    SIGTERM, `serve` exits 0 and none of its processes (workers, replacements, watchdog, PostgreSQL)
    is left; `db rebuild-summaries --check` finds no summary that differs from its rebuild; the next
    `serve` on the same folder starts and answers with the same cases."""
    root = Path(tempfile.mkdtemp(prefix="cpc-kw-", dir="/tmp"))
    data_dir, port = root / "pgdata", free_port()
    base = f"http://127.0.0.1:{port}"
    env = clean_env(
        CPC_DATA_DIR=str(data_dir), CPC_LOG_FORMAT="json", CPC_LOG_LEVEL="info", CPC_RATE_LIMIT_PER_MINUTE="0"
    )
    log = root / "serve.log"
    with log.open("w") as sink:
        process = subprocess.Popen(
            [COMMAND, "serve", "--port", str(port), "--workers", "2"], env=env, stdout=subprocess.DEVNULL, stderr=sink
        )
    serve = psutil.Process(process.pid)
    tally, poller = Tally(), Poller(f"{base}/healthz")
    began = time.monotonic()
    try:
        assert wait_ready(f"{base}/readyz", within=60) is not None, log.read_text()[-2000:]
        liaison = seed(base, (root / "first-admin-key").read_text().strip())
        load = Load(base, liaison, tally, time.monotonic() + DEADLINE)
        done = threading.Event()
        threads = [threading.Thread(target=writer, args=(load, CASES_PER_WRITER, done)) for _ in range(WRITERS)]
        threads.append(threading.Thread(target=poller.run))
        for thread in threads:
            thread.start()
        time.sleep(1.0)
        first, second = sorted(_workers(serve))
        windows = [_replace(serve, first, log)]
        time.sleep(1.0)
        windows.append(_replace(serve, second, log))
        time.sleep(1.0)  # writes through both replacements
        done.set()
        for thread in threads[:-1]:
            thread.join(timeout=DEADLINE + 10)
        poller.stop.set()
        threads[-1].join(timeout=10)

        assert tally.problems == []
        assert set(tally.statuses) <= {200, 201}, tally.statuses
        assert tally.transport_errors <= len(windows) * WRITERS, tally.transport_errors
        assert len(tally.acknowledged) >= WRITERS * CASES_PER_WRITER
        for killed, replaced in windows:
            assert poller.answered_between(killed, replaced) >= 3, "the port did not answer while a worker was replaced"
        assert len(poller.failed) <= 2, poller.failed
        assert_exactly_once(base, liaison, tally)

        family = [p.pid for p in serve.children(recursive=True)] + postgres_processes_for(data_dir)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=BOUND) == 0, log.read_text()[-2000:]
        assert _wait_until(lambda: not any(_alive(pid) for pid in family)), [p for p in family if _alive(p)]
        assert postgres_processes_for(data_dir) == []
    finally:
        poller.stop.set()
        with suppress(psutil.NoSuchProcess):
            for child in serve.children(recursive=True):
                with suppress(psutil.NoSuchProcess):
                    child.kill()
        if process.poll() is None:
            process.kill()
        process.wait(timeout=BOUND)
    check = subprocess.run(
        [COMMAND, "db", "rebuild-summaries", "--check"], env=env, capture_output=True, text=True, timeout=120
    )
    assert check.returncode == 0, check.stdout + check.stderr

    port = free_port()
    with log.open("a") as sink:
        again = subprocess.Popen(
            [COMMAND, "serve", "--port", str(port), "--workers", "1"], env=env, stdout=subprocess.DEVNULL, stderr=sink
        )
    try:
        assert wait_ready(f"http://127.0.0.1:{port}/readyz", within=60) is not None, log.read_text()[-2000:]
        case_id = next(iter(tally.acknowledged))
        status, record, _ = request(f"http://127.0.0.1:{port}", "GET", f"/v1/cases/{case_id}", liaison, None, None)
        assert (status, record["version"]) == (200, tally.acknowledged[case_id])
        again.send_signal(signal.SIGTERM)
        assert again.wait(timeout=BOUND) == 0, log.read_text()[-2000:]
    finally:
        if again.poll() is None:
            again.kill()
            again.wait()
    assert _wait_until(lambda: postgres_processes_for(data_dir) == [], within=10)
    shutil.rmtree(root, ignore_errors=True)
    replaced = ", ".join(f"{end - start:.1f} s" for start, end in windows)
    print(
        f"\nprofile {PROFILE} ({WRITERS}x{CASES_PER_WRITER}): {tally.summary()}; replacement workers up after "
        f"{replaced}; /healthz failed {len(poller.failed)} of {len(poller.answered) + len(poller.failed)}; "
        f"whole test {time.monotonic() - began:.0f} s"
    )
