"""Writers keep writing while the embedded PostgreSQL is killed and then frozen under them: every
answer is a success or a bounded 503 with Retry-After (never a 500, never a hang), `serve` recovers
by itself, and after retries with the same Idempotency-Key every acknowledged event is stored exactly
once and every summary equals its rebuild.

Profiles (`CPC_RELIABILITY_PROFILE`): `short` (default, CI: 4 writers) and `full` (16 writers); each
writer records whole cases until the faults are over, and at least 1 (short) or 3 (full) cases.
Figures in docs/operations.md, "Faults".
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from contextlib import suppress
from pathlib import Path

import psutil
from tests.support.load import PROFILE, Load, Tally, assert_exactly_once, seed, sized, writer
from tests.support.passes import EMBEDDED_PASS_ONLY
from tests.support.processes import postgres_processes_for
from tests.support.server import COMMAND, clean_env, free_port, status_of, wait_ready

pytestmark = EMBEDDED_PASS_ONLY

WRITERS, CASES_PER_WRITER = sized(4, 16), sized(1, 3)
#: CPC_STATEMENT_TIMEOUT of the server under test, and the longest any answer may take.
STATEMENT_TIMEOUT = 2.0
ANSWER_BOUND = 3 * STATEMENT_TIMEOUT + 2
#: The whole load must finish within this (each writer stops retrying after it).
DEADLINE = 120.0


def _server_processes(data_dir: Path) -> list[psutil.Process]:
    processes = []
    for pid in postgres_processes_for(data_dir):
        with suppress(psutil.NoSuchProcess):
            postmaster = psutil.Process(pid)
            if postmaster.status() != psutil.STATUS_ZOMBIE:
                processes += [postmaster, *postmaster.children(recursive=True)]
    return processes


def test_writes_through_a_killed_then_frozen_database_are_503_bounded_and_exactly_once() -> None:
    """Load: `WRITERS` writers, each opening cases and appending a whole history one event per request
    until the faults are over. Faults, in the middle: kill -9 of the postmaster (the supervisor restarts it),
    then SIGSTOP of every server process for 4 s. Then: no status but 200/201/503; each 503 a
    problem with Retry-After; no answer slower than `ANSWER_BOUND`; each case's stored version equals
    its last acknowledged version and its timeline has each event once; `db rebuild-summaries
    --check` finds no summary that differs from its rebuild."""
    root = Path(tempfile.mkdtemp(prefix="cpc-load-", dir="/tmp"))
    data_dir, port = root / "pgdata", free_port()
    base = f"http://127.0.0.1:{port}"
    env = clean_env(
        CPC_DATA_DIR=str(data_dir),
        CPC_LOG_FORMAT="json",
        CPC_LOG_LEVEL="warning",
        CPC_RATE_LIMIT_PER_MINUTE="0",
        CPC_STATEMENT_TIMEOUT=str(STATEMENT_TIMEOUT),
    )
    log = root / "serve.log"
    with log.open("w") as sink:
        server = subprocess.Popen(
            [COMMAND, "serve", "--port", str(port), "--workers", "2"], env=env, stdout=subprocess.DEVNULL, stderr=sink
        )
    tally = Tally()
    try:
        assert wait_ready(f"{base}/readyz", within=60) is not None, log.read_text()[-2000:]
        liaison = seed(base, (root / "first-admin-key").read_text().strip())
        load = Load(base, liaison, tally, time.monotonic() + DEADLINE, ANSWER_BOUND)
        faults_over = threading.Event()
        writers = [threading.Thread(target=writer, args=(load, CASES_PER_WRITER, faults_over)) for _ in range(WRITERS)]
        for thread in writers:
            thread.start()
        time.sleep(1.0)
        killed_at = time.monotonic()
        os.kill(postgres_processes_for(data_dir)[0], signal.SIGKILL)
        # Ready again: first seen not ready (unless the restart beat the probe), then ready.
        deadline = killed_at + 5
        while status_of(f"{base}/readyz") == 200 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert wait_ready(f"{base}/readyz", within=30) is not None, log.read_text()[-3000:]
        after_kill = time.monotonic() - killed_at
        time.sleep(0.5)
        frozen = _server_processes(data_dir)
        for process in frozen:
            process.suspend()
        time.sleep(4.0)
        for process in frozen:
            with suppress(psutil.NoSuchProcess):
                process.resume()
        after_freeze = wait_ready(f"{base}/readyz", within=30)
        assert after_freeze is not None, log.read_text()[-3000:]
        faults_over.set()
        for thread in writers:
            thread.join(timeout=DEADLINE + 10)

        assert tally.problems == []
        assert set(tally.statuses) <= {200, 201, 503}, tally.statuses
        assert tally.statuses.get(503, 0) > 0, "the faults should have been seen by some request"
        assert tally.slowest <= ANSWER_BOUND, tally.slowest
        assert len(tally.acknowledged) >= WRITERS * CASES_PER_WRITER
        assert_exactly_once(base, liaison, tally)
    finally:
        for process in _server_processes(data_dir):
            with suppress(psutil.NoSuchProcess):
                process.resume()
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    check = subprocess.run(
        [COMMAND, "db", "rebuild-summaries", "--check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert postgres_processes_for(data_dir) == []
    shutil.rmtree(root, ignore_errors=True)
    print(
        f"\nprofile {PROFILE} ({WRITERS}x{CASES_PER_WRITER}): {tally.summary()}; ready again "
        f"{after_kill:.1f} s after the kill, {after_freeze:.1f} s after the thaw"
    )
