"""Writers keep writing while the embedded PostgreSQL is killed and then frozen under them: every
answer is a success or a bounded 503 with Retry-After (never a 500, never a hang), `serve` recovers
by itself, and after retries with the same Idempotency-Key every acknowledged event is stored exactly
once and every summary equals its rebuild.

Profiles (`CPC_RELIABILITY_PROFILE`): `short` (default, CI: 4 writers) and `full` (16 writers); each
writer records whole cases until the faults are over, and at least 1 (short) or 3 (full) cases.
Figures in docs/operations.md, "Faults".
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec
import psutil
from tests.support.cases import COURTS, HOTSPOTS, OFFICES, events_body, open_body
from tests.support.passes import EMBEDDED_PASS_ONLY
from tests.support.processes import postgres_processes_for
from tests.support.server import COMMAND, clean_env, free_port, wait_ready

from cpc_prosecution.domain.examples import plea_bargain_history

pytestmark = EMBEDDED_PASS_ONLY

PROFILES = {"short": (4, 1), "full": (16, 3)}
WRITERS, CASES_PER_WRITER = PROFILES[os.environ.get("CPC_RELIABILITY_PROFILE", "short")]
#: CPC_STATEMENT_TIMEOUT of the server under test, and the longest any answer may take.
STATEMENT_TIMEOUT = 2.0
ANSWER_BOUND = 3 * STATEMENT_TIMEOUT + 2
#: The whole load must finish within this (each writer stops retrying after it).
DEADLINE = 120.0


@dataclass
class Tally:
    statuses: dict[int, int] = field(default_factory=dict)
    slowest: float = 0.0
    transport_errors: int = 0
    acknowledged: dict[str, int] = field(default_factory=dict)  # case id -> last acknowledged version
    problems: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, status: int, seconds: float) -> None:
        with self.lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1
            self.slowest = max(self.slowest, seconds)


def _request(
    base: str, method: str, path: str, token: str, body: Any, key: str | None
) -> tuple[int, Any, dict[str, str]]:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    if key is not None:
        headers["Idempotency-Key"] = key
    request = urllib.request.Request(
        base + path, data=json.dumps(body).encode() if body is not None else None, method=method, headers=headers
    )
    try:
        with urllib.request.urlopen(request, timeout=ANSWER_BOUND + 5) as response:
            return response.status, json.loads(response.read() or b"null"), _lower(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"null"), _lower(exc.headers)


def _lower(headers: Any) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}


def _until_done(base: str, tally: Tally, path: str, token: str, body: Any, key: str, stop_at: float) -> Any:
    """Send until a final answer, with the same Idempotency-Key: 503 and lost connections are retried."""
    while time.monotonic() < stop_at:
        started = time.monotonic()
        try:
            status, answer, headers = _request(base, "POST", path, token, body, key)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            with tally.lock:
                tally.transport_errors += 1
            time.sleep(0.5)
            continue
        tally.count(status, time.monotonic() - started)
        if status == 503:
            if headers.get("retry-after") != "5" or answer.get("type", "").rsplit("/", 1)[-1] != "database-unavailable":
                tally.problems.append(f"503 without Retry-After or problem type: {headers} {answer}")
            time.sleep(0.3)  # shorter than Retry-After: the test wants many tries during the fault
            continue
        if status not in (200, 201):
            tally.problems.append(f"{path}: {status} {answer}")
            return None
        return answer
    tally.problems.append(f"{path}: no final answer before the deadline")
    return None


def _writer(base: str, token: str, tally: Tally, stop_at: float, faults_over: threading.Event) -> None:
    """Open cases and append their histories until the faults are over (at least `CASES_PER_WRITER`)."""
    history = plea_bargain_history()
    written = 0
    while written < CASES_PER_WRITER or not faults_over.is_set():
        written += 1
        opened = _until_done(base, tally, "/v1/cases", token, open_body(history), str(uuid.uuid4()), stop_at)
        if opened is None:
            return
        case_id = opened["case_id"]
        with tally.lock:
            tally.acknowledged[case_id] = 1
        for version in range(1, len(history)):
            body = events_body(history[version : version + 1], version)
            answer = _until_done(base, tally, f"/v1/cases/{case_id}/events", token, body, str(uuid.uuid4()), stop_at)
            if answer is None:
                return
            with tally.lock:
                tally.acknowledged[case_id] = answer["version"]


def _server_processes(data_dir: Path) -> list[psutil.Process]:
    processes = []
    for pid in postgres_processes_for(data_dir):
        with suppress(psutil.NoSuchProcess):
            postmaster = psutil.Process(pid)
            if postmaster.status() != psutil.STATUS_ZOMBIE:
                processes += [postmaster, *postmaster.children(recursive=True)]
    return processes


def _seed(base: str, admin: str) -> str:
    for office in OFFICES:
        assert _request(base, "POST", "/v1/offices", admin, msgspec.to_builtins(office), None)[0] == 201
    for court in COURTS:
        assert _request(base, "POST", "/v1/courts", admin, msgspec.to_builtins(court), None)[0] == 201
    for hotspot in HOTSPOTS:
        assert _request(base, "POST", "/v1/hotspots", admin, msgspec.to_builtins(hotspot), None)[0] == 201
    status, liaison, _ = _request(
        base, "POST", "/v1/keys", admin, {"role": "liaison", "offices": [OFFICES[0].office_id]}, None
    )
    assert status == 201
    token: str = liaison["token"]
    return token


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
        liaison = _seed(base, (root / "first-admin-key").read_text().strip())
        stop_at = time.monotonic() + DEADLINE
        faults_over = threading.Event()
        writers = [
            threading.Thread(target=_writer, args=(base, liaison, tally, stop_at, faults_over)) for _ in range(WRITERS)
        ]
        for writer in writers:
            writer.start()
        time.sleep(1.0)
        os.kill(postgres_processes_for(data_dir)[0], signal.SIGKILL)
        assert wait_ready(f"{base}/readyz", within=30) is not None, log.read_text()[-3000:]
        time.sleep(0.5)
        frozen = _server_processes(data_dir)
        for process in frozen:
            process.suspend()
        time.sleep(4.0)
        for process in frozen:
            with suppress(psutil.NoSuchProcess):
                process.resume()
        faults_over.set()
        for writer in writers:
            writer.join(timeout=DEADLINE + 10)

        assert tally.problems == []
        assert set(tally.statuses) <= {200, 201, 503}, tally.statuses
        assert tally.statuses.get(503, 0) > 0, "the faults should have been seen by some request"
        assert tally.slowest <= ANSWER_BOUND, tally.slowest
        history = plea_bargain_history()
        assert len(tally.acknowledged) >= WRITERS * CASES_PER_WRITER
        for case_id, version in tally.acknowledged.items():
            assert version == len(history)
            status, record, _ = _request(base, "GET", f"/v1/cases/{case_id}", liaison, None, None)
            assert status == 200
            assert record["version"] == version
            assert [entry["seq"] for entry in record["timeline"]] == list(range(1, version + 1))
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
        f"\nprofile {WRITERS}x{CASES_PER_WRITER}: statuses {tally.statuses}, slowest {tally.slowest:.2f} s, "
        f"lost connections {tally.transport_errors}"
    )
