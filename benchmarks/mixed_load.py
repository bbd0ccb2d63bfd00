"""Benchmark: reads and writes at once, through `serve --workers 1` and `--workers 2`, beside a plain
Litestar app doing the same queries and the same INSERT, in the same run on the same data (issue 18).

Each subject gets the same fixed mix of closed-loop keep-alive HTTP/1.1 clients for `--seconds`:
writers appending one `ServicesDelivered` event per request to cases of their own (tracking
`expected_version`), metric readers alternating `METRIC_IDS` for the period 2021, one reader of the
case list's first page and one reader of single cases. Subjects: the API (`cpc-prosecution serve`,
access log on, as deployed) with 1 and with 2 workers, and the plain app (`_plain_mixed_app.py`,
uvicorn served the same way) with 1 and with 2 workers. All four run from the start; each repeat
measures them one after another, the order reversed every other repeat; medians of `--repeats`.
Target (issue 18): the metric API's p50 within max(1.5 x plain, plain + 3 ms).

Before the load, each metric's figures through the plain app are checked against the API's cells
(`_plain_check.py`); the run stops on a difference. Every answer must be 200 or 201.

    .venv/bin/python benchmarks/mixed_load.py --write docs/performance.md
    .venv/bin/python benchmarks/mixed_load.py --quick        # a few minutes
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import random
import signal
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import asyncpg
import msgspec
from _api_server import HOST, ApiServer, ChildServer
from _append_breakdown import append_events
from _caller import make_caller
from _database import BenchServer, create_database, drop_database, server_facts
from _http import HttpConnection
from _metrics_report import write
from _mixed_report import Sample, report
from _plain_check import check
from _plain_metrics import PLAIN_SETUP
from _plain_mixed_app import CASES_PATH, PlainMixedServer
from event_store import (
    OFFICE_IDS,
    code_revision,
    http_stack,
    import_all,
    machine,
    recordable_histories,
    register_reference_data,
    say,
)
from metrics_api import seed_capacity

from cpc_prosecution.services import api_keys
from cpc_prosecution.services.access import Role
from cpc_prosecution.services.projection import manila_today
from cpc_prosecution.store.migrate import upgrade

START: Final = "<!-- mixed-load:start -->"
END: Final = "<!-- mixed-load:end -->"
PERIOD: Final = "2021"
#: A flow over the period and a stock on its last day: both one aggregate over `case_summary`.
METRIC_IDS: Final = ("clearance_rate", "age_of_pending_caseload")
PLAIN_TABLE: Final = "bench_mixed_insert"
#: Seconds of the whole mix against each subject before the timed runs (plans, caches, snapshots).
WARM_UP: Final = 3.0


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


DEFAULT = Params(cases=10_000, seconds=15.0, repeats=5)
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


async def _client(port: int, stop_at: float, sample: Sample, kind: str, step: Any) -> None:
    """Closed loop until `stop_at`: `step(i)` gives (method, path, body, headers, on_answer)."""
    async with HttpConnection(HOST, port) as http:
        i = 0
        while time.monotonic() < stop_at:
            method, path, body, headers, on_answer = step(i)
            began = time.perf_counter()
            status, answer = await http.request(method, path, body, headers)
            sample.add(kind, time.perf_counter() - began)
            if status not in (200, 201):
                raise RuntimeError(f"{method} {path}: {status} {answer[:300]!r}")
            if on_answer is not None:
                on_answer(answer)
            i += 1


async def drive(subject: Subject, mix: Mix, params: Params, seconds: float) -> Sample:
    """One timed run of the whole mix against `subject`."""
    sample = Sample()
    stop_at = time.monotonic() + seconds
    rng = random.Random(params.seed)
    clients = []
    for cases in subject.owned:

        def write(i: int, cases: list[list[Any]] = cases) -> tuple[Any, ...]:
            case = cases[i % len(cases)]

            def acknowledged(answer: bytes) -> None:
                case[1] = json.loads(answer)["version"]

            body = b'{"expected_version":%d,"events":[%s]}' % (case[1], mix.bodies[i % len(mix.bodies)])
            return "POST", mix.append_path(case[0]), body, mix.writer_headers, acknowledged

        clients.append(_client(subject.server.port, stop_at, sample, "append", write))
    for n in range(params.metric_readers):
        metric_id = METRIC_IDS[n % len(METRIC_IDS)]
        path = mix.metric_path(metric_id)
        step = lambda i, p=path: ("GET", p, None, mix.analyst_headers, None)  # noqa: E731
        clients.append(_client(subject.server.port, stop_at, sample, f"metric {metric_id}", step))
    for _ in range(params.list_readers):
        step = lambda i: ("GET", mix.list_path(), None, mix.writer_headers, None)  # noqa: E731
        clients.append(_client(subject.server.port, stop_at, sample, "case list", step))
    for _ in range(params.case_readers):
        step = lambda i: ("GET", mix.case_path(rng.choice(mix.read_cases)), None, mix.writer_headers, None)  # noqa: E731
        clients.append(_client(subject.server.port, stop_at, sample, "case", step))
    began = time.monotonic()
    await asyncio.gather(*clients)
    sample.seconds = time.monotonic() - began
    return sample


async def check_figures(api: Subject, plain: Subject, mix_api: Mix, mix_plain: Mix) -> None:
    """Each metric's plain rows equal the API's ungrouped cells (or the comparison means nothing)."""
    async with HttpConnection(HOST, api.server.port) as a, HttpConnection(HOST, plain.server.port) as p:
        for metric_id in METRIC_IDS:
            status, body = await a.request("GET", mix_api.metric_path(metric_id), headers=mix_api.analyst_headers)
            if status != 200:
                raise RuntimeError(f"{metric_id}: API answered {status} {body[:300]!r}")
            status, rows = await p.request("GET", mix_plain.metric_path(metric_id))
            if status != 200:
                raise RuntimeError(f"{metric_id}: plain app answered {status} {rows[:300]!r}")
            check(metric_id, json.loads(rows), json.loads(body)["result"]["cells"])


async def run(server_url: str, params: Params) -> tuple[dict[str, list[Sample]], str]:
    name, url = await create_database(server_url)
    subjects: list[Subject] = []
    try:
        conn = await asyncpg.connect(url)
        try:
            await upgrade(conn)
            await conn.execute(PLAIN_SETUP)
            facts = await server_facts(conn)
            await register_reference_data(conn)
            caller = await make_caller(conn, OFFICE_IDS)
            analyst = await api_keys.issue_key(
                conn, api_keys.NewKey(role=Role.ANALYST, offices=list(OFFICE_IDS)), created_by=None
            )
            await seed_capacity(conn)
            say(f"importing {params.cases:,} generated cases")
            opened: list[list[Any]] = []
            for batch, start in enumerate(range(0, params.cases, 5_000)):
                count = min(5_000, params.cases - start)
                histories = recordable_histories(count, params.seed + batch, manila_today())
                opened += await import_all(conn, histories, caller)
            await conn.execute(
                f"CREATE TABLE {PLAIN_TABLE} "
                "(LIKE case_event INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)"
            )
            await conn.execute("VACUUM ANALYZE")
        finally:
            await conn.close()
        written = params.writers * params.cases_per_writer
        writer_cases, read_cases = opened[:written], [c[0] for c in opened[written:]]
        # Both API subjects write the same cases (one store); both plain ones their own copy (one table).
        api_owned = [writer_cases[i :: params.writers] for i in range(params.writers)]
        plain_owned = [[[case_id, version] for case_id, version in cases] for cases in api_owned]
        for workers in (1, 2):
            label = f"{workers} worker{'s' * (workers > 1)}"
            subjects.append(Subject(f"API, {label}", workers, ApiServer(url, workers=workers), True, api_owned))
            plain = PlainMixedServer(url, PLAIN_TABLE, workers=workers)
            subjects.append(Subject(f"plain, {label}", workers, plain, False, plain_owned))
        for subject in subjects:
            subject.server.start()
        for subject in subjects:
            await subject.server.wait_ready()
        mixes = {s.name: Mix(s, caller.token or "", analyst.token, read_cases) for s in subjects}
        await check_figures(subjects[0], subjects[1], mixes[subjects[0].name], mixes[subjects[1].name])
        say("warming up")
        for subject in subjects:
            await drive(subject, mixes[subject.name], params, WARM_UP)
        samples: dict[str, list[Sample]] = {s.name: [] for s in subjects}
        for r in range(params.repeats):
            order = subjects if r % 2 == 0 else subjects[::-1]
            for subject in order:
                samples[subject.name].append(await drive(subject, mixes[subject.name], params, params.seconds))
            lines = "; ".join(f"{s.name} {samples[s.name][-1].line()}" for s in subjects)
            say(f"repeat {r + 1}/{params.repeats}: {lines}")
        return samples, facts
    finally:
        for subject in subjects:
            subject.server.stop()
        await drop_database(server_url, name)


def _terminate(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help=f"{QUICK.cases:,} cases, {QUICK.seconds:g} s runs")
    parser.add_argument("--repeats", type=int, help="timed runs per subject")
    parser.add_argument("--seconds", type=float, help="length of each timed run")
    parser.add_argument("--database-url", metavar="URL", help="PostgreSQL 15+ server to use (default: embedded)")
    parser.add_argument("--write", type=Path, help="markdown file whose mixed-load section to replace")
    args = parser.parse_args(argv)
    params = QUICK if args.quick else DEFAULT
    params = Params(cases=params.cases, seconds=args.seconds or params.seconds, repeats=args.repeats or params.repeats)
    command = " ".join([".venv/bin/python benchmarks/mixed_load.py", *(argv if argv is not None else sys.argv[1:])])
    command = command.replace(args.database_url or "\0", "URL")
    signal.signal(signal.SIGTERM, _terminate)
    server = BenchServer(args.database_url)
    began = time.perf_counter()
    try:
        say(f"starting the {server.kind}")
        samples, facts = asyncio.run(run(server.start(), params))
    except KeyboardInterrupt:
        print("interrupted; cleaned up", file=sys.stderr)
        return 130
    finally:
        server.stop()
    context = {
        "start": START,
        "end": END,
        "period": PERIOD,
        "machine": machine(),
        "server": facts,
        "server_kind": server.kind,
        "http": http_stack(),
        "code": code_revision(),
        "date": dt.date.today().isoformat(),
        "elapsed": f"{(time.perf_counter() - began) / 60:.1f} min",
        "command": command,
    }
    section = report(samples, params, METRIC_IDS, context)
    print(section)
    if args.write is not None:
        write(args.write, section, START, END)
    return 0


if __name__ == "__main__":
    sys.exit(main())
