"""A write load on a real `serve` process, for the reliability tests: writers that open cases and
append whole histories one event per request, retrying with the same Idempotency-Key until a final
answer, and a tally of every answer (status, slowest, lost connections, last acknowledged versions).

`CPC_RELIABILITY_PROFILE` picks the sizes: `short` (the default, what CI runs) or `full`.
"""

from __future__ import annotations

import http.client
import json
import os
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from typing import Any

import msgspec

from cpc_prosecution.domain.examples import plea_bargain_history
from tests.support.cases import COURTS, HOTSPOTS, OFFICES, events_body, open_body

#: The reliability profile of this run: `short` (default) or `full`.
PROFILE = os.environ.get("CPC_RELIABILITY_PROFILE", "short")
if PROFILE not in ("short", "full"):
    raise ValueError(f"CPC_RELIABILITY_PROFILE must be short or full, not {PROFILE!r}")


def sized(short: int, full: int) -> int:
    """The size of this run's profile."""
    return full if PROFILE == "full" else short


@dataclass
class Tally:
    """Every answer the writers got; `acknowledged` maps a case id to its last acknowledged version."""

    statuses: dict[int, int] = field(default_factory=dict)
    slowest: float = 0.0
    transport_errors: int = 0
    acknowledged: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, status: int, seconds: float) -> None:
        with self.lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1
            self.slowest = max(self.slowest, seconds)

    def summary(self) -> str:
        return (
            f"statuses {dict(sorted(self.statuses.items()))}, slowest {self.slowest:.2f} s, "
            f"lost connections {self.transport_errors}, cases {len(self.acknowledged)}"
        )


def request(
    base: str, method: str, path: str, token: str, body: Any, key: str | None, timeout: float = 30.0
) -> tuple[int, Any, dict[str, str]]:
    """One request on a new connection: (status, decoded JSON body, lower-cased headers)."""
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    if key is not None:
        headers["Idempotency-Key"] = key
    data = json.dumps(body).encode() if body is not None else None
    prepared = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(prepared, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"null"), _lower(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"null"), _lower(exc.headers)


def _lower(headers: Any) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}


@dataclass(frozen=True)
class Load:
    """Where and how the writers write: `answer_bound` is each request's client timeout (less 5 s)."""

    base: str
    token: str
    tally: Tally
    stop_at: float
    answer_bound: float = 30.0


def until_done(load: Load, path: str, body: Any, key: str) -> Any:
    """Send until a final answer, with the same Idempotency-Key: 503 and lost connections are retried."""
    tally = load.tally
    while time.monotonic() < load.stop_at:
        started = time.monotonic()
        try:
            status, answer, headers = request(load.base, "POST", path, load.token, body, key, load.answer_bound + 5)
        except (urllib.error.URLError, http.client.HTTPException, ConnectionError, TimeoutError):
            # A lost connection, also mid-response (a killed worker): retried with the same key.
            with tally.lock:
                tally.transport_errors += 1
            time.sleep(0.5)
            continue
        tally.count(status, time.monotonic() - started)
        if status == 503:
            if headers.get("retry-after") != "5" or answer.get("type", "").rsplit("/", 1)[-1] != "database-unavailable":
                tally.problems.append(f"503 without Retry-After or problem type: {headers} {answer}")
            time.sleep(0.3)  # shorter than Retry-After: the tests want many tries during a fault
            continue
        if status not in (200, 201):
            tally.problems.append(f"{path}: {status} {answer}")
            return None
        return answer
    tally.problems.append(f"{path}: no final answer before the deadline")
    return None


def writer(load: Load, at_least: int, done: threading.Event) -> None:
    """Open cases and append their histories one event per request until `done` is set, and at least
    `at_least` cases."""
    history = plea_bargain_history()
    written = 0
    while written < at_least or not done.is_set():
        written += 1
        opened = until_done(load, "/v1/cases", open_body(history), str(uuid.uuid4()))
        if opened is None:
            return
        case_id = opened["case_id"]
        with load.tally.lock:
            load.tally.acknowledged[case_id] = 1
        for version in range(1, len(history)):
            body = events_body(history[version : version + 1], version)
            answer = until_done(load, f"/v1/cases/{case_id}/events", body, str(uuid.uuid4()))
            if answer is None:
                return
            with load.tally.lock:
                load.tally.acknowledged[case_id] = answer["version"]


def seed(base: str, admin: str) -> str:
    """The examples' offices, courts and hotspots; returns a liaison key for the first office."""
    for office in OFFICES:
        assert request(base, "POST", "/v1/offices", admin, msgspec.to_builtins(office), None)[0] == 201
    for court in COURTS:
        assert request(base, "POST", "/v1/courts", admin, msgspec.to_builtins(court), None)[0] == 201
    for hotspot in HOTSPOTS:
        assert request(base, "POST", "/v1/hotspots", admin, msgspec.to_builtins(hotspot), None)[0] == 201
    body = {"role": "liaison", "offices": [OFFICES[0].office_id]}
    status, liaison, _ = request(base, "POST", "/v1/keys", admin, body, None)
    assert status == 201
    token: str = liaison["token"]
    return token


def assert_exactly_once(base: str, token: str, tally: Tally) -> None:
    """Every acknowledged case holds its whole history, each event once: the stored version equals the
    last acknowledged one and the timeline's sequence numbers are 1..version without a gap."""
    whole = len(plea_bargain_history())
    for case_id, version in tally.acknowledged.items():
        assert version == whole, (case_id, version)
        status, record, _ = request(base, "GET", f"/v1/cases/{case_id}", token, None, None)
        assert status == 200
        assert record["version"] == version
        assert [entry["seq"] for entry in record["timeline"]] == list(range(1, version + 1))
