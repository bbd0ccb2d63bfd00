"""The clients of benchmarks/mixed_load.py: one subject (a server and its writers' cases), the paths
and bodies of its requests, and one timed run of the whole mix against it, closed-loop or paced."""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

import msgspec
from _api_server import HOST, ChildServer
from _append_breakdown import append_events
from _http import HttpConnection
from _mixed_report import Sample
from _plain_mixed_app import CASES_PATH

from cpc_prosecution.services.projection import manila_today

__all__ = ("DEFAULT", "METRIC_IDS", "PACED_RATES", "PERIOD", "QUICK", "Mix", "Params", "Subject", "drive")

PERIOD: Final = "2021"
#: A flow over the period and a stock on its last day: both one aggregate over `case_summary`.
METRIC_IDS: Final = ("clearance_rate", "age_of_pending_caseload")
#: Requests per second of each client of a kind in the paced runs: about 40 % of what the API with one
#: worker answers closed-loop here, so both subjects answer the same offered load without a queue.
PACED_RATES: Final = {"append": 15.0, "metric": 5.0, "case": 8.0}


@dataclass(frozen=True)
class Params:
    cases: int
    seconds: float
    repeats: int
    writers: int = 4
    metric_readers: int = 2
    list_readers: int = 1
    case_readers: int = 1
    cases_per_writer: int = 50
    seed: int = 20_170_411


DEFAULT = Params(cases=10_000, seconds=10.0, repeats=5)
QUICK = Params(cases=2_000, seconds=5.0, repeats=3)


@dataclass
class Subject:
    name: str
    workers: int
    server: ChildServer
    api: bool
    owned: list[list[list[Any]]]  # per writer: [case_id, version] of its cases (its own copy)


class Mix:
    """The paths, bodies and keys of one subject's requests."""

    def __init__(self, subject: Subject, liaison: str, analyst: str, read_cases: Sequence[Any]) -> None:
        self.api = subject.api
        self.writer_headers = {"Authorization": f"Bearer {liaison}"} if self.api else {}
        self.analyst_headers = {"Authorization": f"Bearer {analyst}"} if self.api else {}
        self.read_cases = read_cases
        self.bodies = [msgspec.json.encode(e) for e in append_events(manila_today())]

    def append_path(self, case_id: Any) -> str:
        return f"/v1/cases/{case_id}/events" if self.api else f"/append/{case_id}"

    def metric_path(self, metric_id: str) -> str:
        return f"/v1/metrics/{metric_id}?period={PERIOD}" if self.api else f"/plain/{metric_id}?period={PERIOD}"

    def list_path(self) -> str:
        return "/v1/cases?limit=50" if self.api else f"{CASES_PATH}?limit=50"

    def case_path(self, case_id: Any) -> str:
        return f"/v1/cases/{case_id}" if self.api else f"{CASES_PATH}/{case_id}"


async def _client(port: int, until: float, sample: Sample, kind: str, step: Any, interval: float | None) -> None:
    """Until `until`: `step(i)` gives (method, path, body, headers, on_answer) of the i-th request. Closed
    loop (`interval` None: the next request when the last one is answered) or paced (one request every
    `interval` seconds from a random offset, or at once when the last answer came later than that)."""
    next_at = time.monotonic() + (random.uniform(0, interval) if interval else 0.0)
    async with HttpConnection(HOST, port) as http:
        i = 0
        while True:
            if interval is not None and (delay := next_at - time.monotonic()) > 0:
                await asyncio.sleep(delay)
            if time.monotonic() >= until:
                return
            method, path, body, headers, on_answer = step(i)
            began = time.perf_counter()
            status, answer = await http.request(method, path, body, headers)
            sample.add(kind, time.perf_counter() - began)
            if status not in (200, 201):
                raise RuntimeError(f"{method} {path}: {status} {answer[:300]!r}")
            if on_answer is not None:
                on_answer(answer)
            if interval is not None:
                next_at = max(next_at + interval, time.monotonic())
            i += 1


async def drive(subject: Subject, mix: Mix, params: Params, seconds: float, *, paced: bool) -> Sample:
    """One timed run of the whole mix against `subject`, closed-loop or paced at `PACED_RATES`."""
    sample = Sample()
    until = time.monotonic() + seconds
    rng = random.Random(params.seed)
    clients = []

    def client(kind: str, step: Any) -> Any:
        interval = 1 / PACED_RATES[kind.split(" ")[0]] if paced else None
        return _client(subject.server.port, until, sample, kind, step, interval)

    for cases in subject.owned:

        def write(i: int, cases: list[list[Any]] = cases) -> tuple[Any, ...]:
            case = cases[i % len(cases)]

            def acknowledged(answer: bytes) -> None:
                case[1] = json.loads(answer)["version"]

            body = b'{"expected_version":%d,"events":[%s]}' % (case[1], mix.bodies[i % len(mix.bodies)])
            return "POST", mix.append_path(case[0]), body, mix.writer_headers, acknowledged

        clients.append(client("append", write))
    for n in range(params.metric_readers):
        metric_id = METRIC_IDS[n % len(METRIC_IDS)]
        path = mix.metric_path(metric_id)
        clients.append(client(f"metric {metric_id}", lambda i, p=path: ("GET", p, None, mix.analyst_headers, None)))
    for _ in range(params.list_readers):
        clients.append(client("case list", lambda i: ("GET", mix.list_path(), None, mix.writer_headers, None)))
    for _ in range(params.case_readers):
        step = lambda i: ("GET", mix.case_path(rng.choice(mix.read_cases)), None, mix.writer_headers, None)  # noqa: E731
        clients.append(client("case", step))
    began = time.monotonic()
    await asyncio.gather(*clients)
    sample.seconds = time.monotonic() - began
    return sample
