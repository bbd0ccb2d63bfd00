"""Benchmark: the event store's write paths beside raw PostgreSQL baselines, in events per second.

Everything is measured in one run, on one PostgreSQL server, in a fresh database dropped at the end:
the embedded server (started in a temporary folder, like a newcomer's `serve`) unless
`--database-url` names another server on which the benchmark may create databases.

* API appends: sustained single-event appends, `POST /v1/cases/{id}/events` with one
  `ServicesDelivered` event, through `cpc-prosecution serve --workers 2`, from `--clients`
  concurrent keep-alive HTTP/1.1 connections; each client owns its own cases and tracks their
  `expected_version`; every response must be 201.
* Raw INSERT baseline: one asyncpg connection, one autocommit `INSERT` per event (the same event rows),
  into a table with `case_event`'s columns, defaults, CHECK and primary key (no trigger).
* Bulk ingest: `services.case_import.import_cases` of generated histories (fold every history, then
  binary COPY of case_file, case_event and case_summary in one transaction).
* Raw COPY baseline: `copy_records_to_table` of the same event rows into a table with `case_event`'s
  columns and no index, CHECK constraint or trigger.

Baseline and subject alternate within each repeat; the script prints medians, ratios against the
targets of issue 4 (API >= 40 % of raw INSERT, bulk >= 50 % of raw COPY), a CPU account and an
in-process breakdown of one append. `--write docs/performance.md` puts the results into that file's
"Event store" section. Run from the repository root:

    .venv/bin/python benchmarks/event_store.py --write docs/performance.md
    .venv/bin/python benchmarks/event_store.py --quick        # under a minute
    .venv/bin/python benchmarks/event_store.py --database-url postgresql://postgres@127.0.0.1:5432/postgres
    .venv/bin/python benchmarks/event_store.py --tcp-nodelay-fix   # experiment: serve with TCP_NODELAY
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import datetime as dt
import gc
import inspect
import itertools
import os
import platform
import random
import signal
import statistics
import subprocess
import sys
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType, ModuleType
from typing import Any, Final, NoReturn

import asyncpg
import msgspec
from _api_server import HOST, RATE_LIMIT_PER_MINUTE, ApiServer
from _caller import Caller, make_caller
from _cpu import CpuSample, sample
from _database import (
    BenchServer,
    create_database,
    drop_database,
    postmaster_pid,
    server_facts,
)
from _http import HttpConnection, HttpError

import cpc_prosecution.services.case_import as case_import
import cpc_prosecution.services.cases as case_service
import cpc_prosecution.store.case_events as case_event_store
from cpc_prosecution.domain import CaseEvent, ServicesDelivered, VictimService, event_tag
from cpc_prosecution.domain.examples import (
    CITY_OFFICE,
    FAMILY_COURT,
    HOTSPOT,
    PROVINCIAL_OFFICE,
    REGULAR_COURT,
)
from cpc_prosecution.domain.generate import generate_history
from cpc_prosecution.services.case_commands import AppendEvents
from cpc_prosecution.services.case_import import ImportedCase, import_cases
from cpc_prosecution.services.projection import manila_today
from cpc_prosecution.services.state_cache import CaseStateCache
from cpc_prosecution.store import reference as reference_store
from cpc_prosecution.store.bulk import CASE_EVENT_COLUMNS
from cpc_prosecution.store.migrate import upgrade
from cpc_prosecution.store.pool import create_pool, register_codecs

START: Final = "<!-- event-store:start -->"
END: Final = "<!-- event-store:end -->"
WORKERS: Final = 2
RAW_INSERT_TABLE: Final = "bench_raw_insert"
RAW_COPY_TABLE: Final = "bench_raw_copy"
OFFICE_IDS: Final = (CITY_OFFICE.office_id, PROVINCIAL_OFFICE.office_id)
API_TARGET: Final = 0.40
BULK_TARGET: Final = 0.50
INSERT_COLUMNS: Final = (*CASE_EVENT_COLUMNS, "idempotency_key")
_INSERT_SQL: Final = (
    f"INSERT INTO {RAW_INSERT_TABLE} ({', '.join(INSERT_COLUMNS)}) "
    f"VALUES ({', '.join(f'${i}' for i in range(1, len(INSERT_COLUMNS) + 1))})"
)


@dataclass(frozen=True)
class Params:
    repeats: int
    clients: int
    appends: int
    """Single-event appends per API repeat (and raw INSERTs per baseline repeat)."""
    api_cases: int
    bulk_cases: int
    profile_appends: int
    seed: int
    nodelay_fix: bool = False


DEFAULT = Params(
    repeats=5, clients=16, appends=3000, api_cases=3000, bulk_cases=5000, profile_appends=600, seed=20_170_411
)
QUICK = Params(repeats=3, clients=16, appends=600, api_cases=600, bulk_cases=800, profile_appends=150, seed=20_170_411)


# --------------------------------------------------------------------------------------------------
# Inputs


def recordable_histories(count: int, seed: int, today: dt.date) -> list[list[CaseEvent]]:
    """`count` generated legal histories (10 to 15 events before the cut), each cut before its first
    event dated after `today` (a prefix of a legal history is legal)."""
    master = random.Random(seed)
    histories = []
    for i in range(count):
        history = generate_history(random.Random(master.getrandbits(64)), max_events=10 + i % 6)
        cut = next((j for j, event in enumerate(history) if event.occurred_on > today), len(history))
        histories.append(history[: max(cut, 1)])
    return histories


def append_events(today: dt.date) -> list[ServicesDelivered]:
    """The single events appended: legal at any point of a case once it exists (dated today)."""
    return [ServicesDelivered(occurred_on=today, service=service, children=1) for service in VictimService]


def raw_rows(count: int, events: Sequence[CaseEvent], recorded_by: str) -> list[tuple[Any, ...]]:
    """`count` fresh case_event rows (10 events per random case id), in INSERT_COLUMNS order."""
    rows: list[tuple[Any, ...]] = []
    case_id = uuid.uuid4()
    for i in range(count):
        if i % 10 == 0:
            case_id = uuid.uuid4()
        event = events[i % len(events)]
        rows.append((case_id, i % 10 + 1, event_tag(event), event.occurred_on, event, recorded_by, None))
    return rows


async def register_reference_data(conn: Any) -> None:
    """The offices, courts and hotspot the generated histories name (straight into the store)."""
    for office in (CITY_OFFICE, PROVINCIAL_OFFICE):
        await reference_store.insert_office(conn, office)
    for court in (FAMILY_COURT, REGULAR_COURT):
        await reference_store.insert_court(conn, court)
    await reference_store.insert_hotspot(conn, HOTSPOT)


async def import_all(conn: Any, histories: Sequence[list[CaseEvent]], caller: Caller) -> list[list[Any]]:
    """Import histories (untimed setup); returns [case_id, version] per case."""
    cases = [ImportedCase(office_id=OFFICE_IDS[i % 2], events=h) for i, h in enumerate(histories)]
    ids = await import_cases(conn, cases, **caller.identity(import_cases))
    return [[case_id, len(h)] for case_id, h in zip(ids, histories, strict=True)]


# --------------------------------------------------------------------------------------------------
# Measuring


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def p95(values: Sequence[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else values[0]


@contextmanager
def gc_paused() -> Iterator[None]:
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


async def checkpoint(conn: Any) -> None:
    """Flush dirty pages before a timed step, so a checkpoint does not land inside one (best effort)."""
    with suppress(asyncpg.PostgresError):
        await conn.execute("CHECKPOINT")


@dataclass
class Run:
    """One timed repeat: how many events, how long, per-request latencies, CPU used meanwhile."""

    events: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    cpu: CpuSample | None = None

    @property
    def rate(self) -> float:
        return self.events / self.seconds


@dataclass
class Roots:
    """Process trees whose CPU time is accounted."""

    api: int | None = None
    postgres: int | None = None

    def named(self) -> dict[str, int | None]:
        return {"api": self.api, "postgres": self.postgres}


async def raw_insert_loop(conn: Any, rows: Sequence[tuple[Any, ...]], roots: Roots) -> Run:
    latencies = []
    with gc_paused():
        before = sample(roots.named())
        began = time.perf_counter()
        for row in rows:
            t = time.perf_counter()
            await conn.execute(_INSERT_SQL, *row)
            latencies.append(time.perf_counter() - t)
        seconds = time.perf_counter() - began
        cpu = sample(roots.named()) - before
    return Run(events=len(rows), seconds=seconds, latencies=latencies, cpu=cpu)


class AppendReply(msgspec.Struct):
    version: int


_REPLY = msgspec.json.Decoder(AppendReply)


async def open_clients(port: int, count: int) -> list[HttpConnection]:
    clients = [HttpConnection(HOST, port) for _ in range(count)]
    for client in clients:
        status, _ = await client.request("GET", "/healthz")
        if status != 200:
            raise RuntimeError(f"GET /healthz answered {status}")
    return clients


async def api_appends(
    port: int,
    owned: Sequence[Sequence[list[Any]]],
    total: int,
    events: Sequence[bytes],
    roots: Roots,
    headers: dict[str, str],
) -> Run:
    """`total` single-event appends from one client per entry of `owned` (its cases), concurrently."""
    clients = await open_clients(port, len(owned))
    remaining = total
    latencies: list[float] = []
    failures: list[str] = []

    async def drive(http: HttpConnection, cases: Sequence[list[Any]], offset: int) -> None:
        nonlocal remaining
        for i in itertools.count(offset):
            if remaining <= 0:
                return
            remaining -= 1
            case = cases[i % len(cases)]
            body = b'{"expected_version":%d,"events":[%s]}' % (case[1], events[i % len(events)])
            began = time.perf_counter()
            try:
                status, reply = await http.request("POST", f"/v1/cases/{case[0]}/events", body, headers)
            except (OSError, HttpError, asyncio.IncompleteReadError) as exc:
                failures.append(f"{type(exc).__name__}: {exc}")
                continue
            latencies.append(time.perf_counter() - began)
            if status == 201:
                case[1] = _REPLY.decode(reply).version
            else:
                failures.append(f"{status} {reply[:300].decode(errors='replace')}")
                current = msgspec.json.decode(reply).get("current_version") if status == 409 else None
                if isinstance(current, int):
                    case[1] = current

    try:
        before = sample(roots.named())
        began = time.perf_counter()
        await asyncio.gather(*(drive(c, cases, i) for i, (c, cases) in enumerate(zip(clients, owned, strict=True))))
        seconds = time.perf_counter() - began
        cpu = sample(roots.named()) - before
    finally:
        for client in clients:
            await client.close()
    if failures:
        shown = "\n  ".join(failures[:5])
        raise RuntimeError(f"{len(failures)} of {total} appends did not answer 201, e.g.:\n  {shown}")
    return Run(events=total, seconds=seconds, latencies=latencies, cpu=cpu)


# --------------------------------------------------------------------------------------------------
# The API server


# --------------------------------------------------------------------------------------------------
# Where one append spends its time (in process, one connection, no HTTP)

_APPEND_STEPS: Final = (
    (case_event_store, "lock_case", "lock the case row (`SELECT … FOR UPDATE`)"),
    (case_service, "check_event_references", "check references named by the event"),
    (case_service, "_state_after", "state after the event (cached fold; load + full fold on a miss)"),
    (case_service, "projection_record", "summarize + legal deadlines"),
    (case_service, "clock_outcomes", "legal clocks for `case_clock`"),
    (
        case_service,
        "append_and_project",
        "one statement: `INSERT` event, `UPDATE` version, upsert summary, replace clocks, audit entry",
    ),
)
_IMPORT_STEPS: Final = (
    (case_import, "check_event_references", "check references named by each event"),
    (case_import, "fold", "fold every history"),
    (case_import, "projection_record", "summarize + legal deadlines"),
    (case_import, "clock_outcomes", "legal clocks for `case_clock`"),
    (case_import, "reserve_list_orders", "reserve list orders (one `nextval` per case)"),
)
_APPEND_REST: Final = "`BEGIN`, `COMMIT` and the rest of `append_events`"
_IMPORT_REST: Final = "`BEGIN`, `COMMIT` and the rest of `import_cases` (loops, `structs.replace`)"
_POOL: Final = "pool acquire + release (asyncpg's reset query on release)"
_ROUND_TRIP: Final = "one trivial round trip (`SELECT 1`)"
_AUTH: Final = "prove the API key (`SELECT`, as the API's dependency does)"


@dataclass(frozen=True)
class Step:
    label: str
    wall: float
    """Seconds of wall-clock time."""
    cpu: float
    """Seconds of CPU time of this process (the rest of the wall time is spent waiting on PostgreSQL)."""


class Stopwatch:
    """Wall-clock and CPU seconds per label, accumulated."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = defaultdict(float)
        self.cpu: dict[str, float] = defaultdict(float)

    @contextmanager
    def measure(self, label: str) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.wall[label] += time.perf_counter() - wall
            self.cpu[label] += time.process_time() - cpu

    def steps(self, labels: Sequence[str], total: str, rest: str, per: int) -> list[Step]:
        """The labelled steps plus `rest` (= `total` minus the steps), each divided by `per`."""
        steps = [Step(label, self.wall[label] / per, self.cpu[label] / per) for label in labels]
        rest_wall = self.wall[total] / per - sum(s.wall for s in steps)
        rest_cpu = self.cpu[total] / per - sum(s.cpu for s in steps)
        return [*steps, Step(rest, rest_wall, rest_cpu)]


def _timed(watch: Stopwatch, label: str, func: Callable[..., Any]) -> Callable[..., Any]:
    if inspect.iscoroutinefunction(func):

        async def timed_async(*args: Any, **kwargs: Any) -> Any:
            with watch.measure(label):
                return await func(*args, **kwargs)

        return timed_async

    def timed_sync(*args: Any, **kwargs: Any) -> Any:
        with watch.measure(label):
            return func(*args, **kwargs)

    return timed_sync


@contextmanager
def patched(replacements: Sequence[tuple[ModuleType, str, Callable[..., Any]]]) -> Iterator[None]:
    """Replace module attributes for the duration (this process only), then restore them."""
    originals = [(module, name, getattr(module, name)) for module, name, _ in replacements]
    try:
        for module, name, replacement in replacements:
            setattr(module, name, replacement)
        yield
    finally:
        for module, name, original in originals:
            setattr(module, name, original)


def timing(watch: Stopwatch, steps: Sequence[tuple[ModuleType, str, str]]) -> Any:
    """Wrap each named function of a use case with a timer."""
    return patched([(module, name, _timed(watch, label, getattr(module, name))) for module, name, label in steps])


def append_steps() -> list[tuple[ModuleType, str, str]]:
    """The timed steps of `append_events` (an audit record once the code writes one)."""
    return list(_APPEND_STEPS)


async def append_breakdown(
    pool: asyncpg.Pool, cases: Sequence[list[Any]], count: int, today: dt.date, caller: Caller
) -> tuple[list[Step], Step]:
    """Time per single-event append for each step, sequentially on one pooled connection, as the API
    does it: acquire a connection, prove the API key (once keys exist), run the use case."""
    events = append_events(today)
    steps = append_steps()
    watch = Stopwatch()
    state_cache = CaseStateCache()  # one per worker in the API

    async def one(i: int) -> None:
        case = cases[i % len(cases)]
        command = AppendEvents(expected_version=case[1], events=[events[i % len(events)]])
        with watch.measure("outer"):
            async with pool.acquire() as conn:
                with watch.measure(_AUTH):
                    principal = await caller.authenticate(conn)
                identity = caller.identity(case_service.append_events)
                if principal is not None:
                    identity = {"principal": principal, "cache": state_cache}
                with watch.measure("service"):
                    result = await case_service.append_events(conn, case[0], command, **identity)
        case[1] = result.version

    for i in range(min(50, count)):  # warm-up: statements prepared, caches filled
        await one(i)
    watch = Stopwatch()
    with timing(watch, steps), gc_paused():
        for i in range(count):
            await one(50 + i)
        async with pool.acquire() as conn:
            for _ in range(count):
                with watch.measure(_ROUND_TRIP):
                    await conn.fetchval("SELECT 1")
    measured = watch.steps([label for _, _, label in steps], "service", _APPEND_REST, count)
    auth = [Step(_AUTH, watch.wall[_AUTH] / count, watch.cpu[_AUTH] / count)] if caller.token else []
    pool_wall = (watch.wall["outer"] - watch.wall["service"] - watch.wall[_AUTH]) / count
    pool_cpu = (watch.cpu["outer"] - watch.cpu["service"] - watch.cpu[_AUTH]) / count
    round_trip = Step(_ROUND_TRIP, watch.wall[_ROUND_TRIP] / count, watch.cpu[_ROUND_TRIP] / count)
    return [*measured, *auth, Step(_POOL, pool_wall, pool_cpu)], round_trip


class _TimedCopies:
    """A connection whose `copy_records_to_table` is timed per table."""

    def __init__(self, conn: Any, watch: Stopwatch) -> None:
        self._conn = conn
        self._watch = watch

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)

    async def copy_records_to_table(self, table: str, **kwargs: Any) -> Any:
        with self._watch.measure(f"binary COPY into `{table}`"):
            return await self._conn.copy_records_to_table(table, **kwargs)


async def import_breakdown(conn: Any, cases: Sequence[ImportedCase], caller: Caller) -> list[Step]:
    """Time of one `import_cases` batch, per step."""
    watch = Stopwatch()
    copy_cases = case_import.copy_cases

    async def timed_copy_cases(conn: Any, *rows: Any) -> None:
        await copy_cases(_TimedCopies(conn, watch), *rows)

    copies = patched([(case_import, "copy_cases", timed_copy_cases)])
    with timing(watch, _IMPORT_STEPS), copies, gc_paused(), watch.measure("total"):
        await import_cases(conn, cases, **caller.identity(import_cases))
    labels = [label for _, _, label in _IMPORT_STEPS]
    labels += [f"binary COPY into `{table}`" for table in ("case_file", "case_event", "case_summary", "case_clock")]
    return watch.steps(labels, "total", _IMPORT_REST, 1)


# --------------------------------------------------------------------------------------------------
# The run


@dataclass
class Results:
    raw_insert: list[Run] = field(default_factory=list)
    api: list[Run] = field(default_factory=list)
    raw_copy: list[Run] = field(default_factory=list)
    bulk: list[Run] = field(default_factory=list)
    append_steps: list[Step] = field(default_factory=list)
    import_steps: list[Step] = field(default_factory=list)
    round_trip: Step | None = None
    bulk_events: int = 0
    server: str = ""
    postgres_visible: bool = False
    api_events_per_case: tuple[float, float] = (0.0, 0.0)


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


async def run(server_url: str, params: Params) -> Results:
    results = Results()
    name, url = await create_database(server_url)
    api: ApiServer | None = None
    pool: asyncpg.Pool | None = None
    try:
        conn = await asyncpg.connect(url)
        try:
            await upgrade(conn)
            results.server = await server_facts(conn)
            roots = Roots(postgres=await postmaster_pid(conn))
            results.postgres_visible = roots.postgres is not None
        finally:
            await conn.close()
        pool = await create_pool(url, max_size=2)
        today = manila_today()
        events = append_events(today)
        say("generating histories")
        bulk_histories = recordable_histories(params.bulk_cases, params.seed, today)
        api_histories = recordable_histories(params.api_cases + params.profile_appends, params.seed + 1, today)
        async with pool.acquire() as admin:
            await register_reference_data(admin)
            caller = await make_caller(admin, OFFICE_IDS)
            say(f"opening {len(api_histories):,} cases for the API and the breakdown (import_cases, untimed)")
            opened = await import_all(admin, api_histories, caller)
            await admin.execute(
                f"CREATE TABLE {RAW_INSERT_TABLE} (LIKE case_event INCLUDING DEFAULTS INCLUDING CONSTRAINTS "
                "INCLUDING INDEXES)"
            )
            await admin.execute(f"CREATE TABLE {RAW_COPY_TABLE} (LIKE case_event INCLUDING DEFAULTS)")
        api_cases, profile_cases = opened[: params.api_cases], opened[params.api_cases :]
        before_events = statistics.mean(c[1] for c in api_cases)

        # API appends beside the raw INSERT loop.
        api = ApiServer(url, workers=WORKERS, nodelay_fix=params.nodelay_fix)
        api.start()
        roots.api = api.process.pid if api.process else None
        await api.wait_ready()
        encoded = [msgspec.json.encode(e) for e in events]
        owned = [api_cases[i :: params.clients] for i in range(params.clients)]
        raw = await asyncpg.connect(url)
        try:
            await register_codecs(raw)
            say("warming up")
            await raw_insert_loop(raw, raw_rows(min(500, params.appends), events, caller.recorded_by), roots)
            await api_appends(api.port, owned, min(1000, params.appends), encoded, roots, caller.headers)
            for r in range(params.repeats):
                rows = raw_rows(params.appends, events, caller.recorded_by)
                await checkpoint(raw)
                results.raw_insert.append(await raw_insert_loop(raw, rows, roots))
                await checkpoint(raw)
                results.api.append(await api_appends(api.port, owned, params.appends, encoded, roots, caller.headers))
                say(
                    f"repeat {r + 1}/{params.repeats}: raw INSERT {results.raw_insert[-1].rate:,.0f}/s, "
                    f"API {results.api[-1].rate:,.0f}/s"
                )
        finally:
            await raw.close()
            api.stop()
            api = None
        results.api_events_per_case = (before_events, statistics.mean(c[1] for c in api_cases))

        say(f"in-process breakdown of {params.profile_appends:,} appends")
        results.append_steps, results.round_trip = await append_breakdown(
            pool, profile_cases, params.profile_appends, today, caller
        )

        # Bulk ingest beside raw COPY.
        imported = [ImportedCase(office_id=OFFICE_IDS[i % 2], events=h) for i, h in enumerate(bulk_histories)]
        copy_rows = [
            (uuid.uuid4(), seq, event_tag(event), event.occurred_on, event, caller.recorded_by)
            for history in bulk_histories
            for seq, event in enumerate(history, start=1)
        ]
        results.bulk_events = len(copy_rows)
        async with pool.acquire() as conn:
            for r in range(params.repeats):
                await conn.execute(f"TRUNCATE {RAW_COPY_TABLE}")
                await checkpoint(conn)
                with gc_paused():
                    began = time.perf_counter()
                    await conn.copy_records_to_table(RAW_COPY_TABLE, records=copy_rows, columns=CASE_EVENT_COLUMNS)
                    results.raw_copy.append(Run(events=len(copy_rows), seconds=time.perf_counter() - began))
                await checkpoint(conn)
                with gc_paused():
                    began = time.perf_counter()
                    await import_cases(conn, imported, **caller.identity(import_cases))
                    results.bulk.append(Run(events=len(copy_rows), seconds=time.perf_counter() - began))
                say(
                    f"bulk repeat {r + 1}/{params.repeats}: raw COPY {results.raw_copy[-1].rate:,.0f}/s, "
                    f"import_cases {results.bulk[-1].rate:,.0f}/s"
                )
            say("in-process breakdown of one import batch")
            await checkpoint(conn)
            results.import_steps = await import_breakdown(conn, imported, caller)
        return results
    finally:
        if api is not None:
            api.stop()
        if pool is not None:
            await pool.close()
        await drop_database(server_url, name)


# --------------------------------------------------------------------------------------------------
# Reporting


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [
            line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines() if line.startswith("model name")
        ]
        if names:
            cpu = f"{names[0]} x {len(names)}"
    return (
        f"{cpu} ({os.cpu_count()} CPUs); {platform.system()} {platform.release()}; Python "
        f"{platform.python_version()}; asyncpg {asyncpg.__version__}"
    )


def verdict(ratio: float, target: float) -> str:
    return "PASS" if ratio >= target else "**FAIL**"


def cpu_per_event(runs: Sequence[Run], key: str) -> float | None:
    """Median CPU milliseconds per event of one process tree ("own": this process)."""
    values = []
    for run in runs:
        cpu = run.cpu
        if cpu is None:
            return None
        if key == "own":
            seconds: float | None = cpu.own
        else:
            seconds = cpu.trees.get(key)
        if seconds is None:
            return None
        values.append(seconds / run.events * 1000)
    return median(values)


def ms(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def steps_table(steps: Sequence[Step], unit: str, scale: float, digits: int) -> list[str]:
    total_wall = sum(s.wall for s in steps)
    total_cpu = sum(s.cpu for s in steps)
    rows = [f"| Step | wall {unit} | CPU {unit} (Python) | share of wall |", "|---|---|---|---|"]
    for step in sorted(steps, key=lambda s: -s.wall):
        rows.append(
            f"| {step.label} | {step.wall * scale:.{digits}f} | {step.cpu * scale:.{digits}f} "
            f"| {step.wall / total_wall:.0%} |"
        )
    rows.append(f"| **total** | {total_wall * scale:.{digits}f} | {total_cpu * scale:.{digits}f} | |")
    return rows


def busy(runs: Sequence[Run]) -> str:
    """Median cores the whole machine kept busy (all processes, from /proc/stat)."""
    values = [r.cpu.machine / r.seconds for r in runs if r.cpu is not None and r.cpu.machine is not None]
    return f"{median(values):.2f}" if values else "n/a"


def cores_used(runs: Sequence[Run]) -> str:
    """Median cores used by the measured processes: API workers, PostgreSQL and this process."""
    values = [(r.cpu.own + sum(r.cpu.trees.values())) / r.seconds for r in runs if r.cpu is not None]
    return f"{median(values):.2f}" if values else "n/a"


def code_revision() -> str:
    """The commit measured, and whether src/ or api/ had uncommitted changes."""
    root = Path(__file__).resolve().parent.parent
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "src", "api"], cwd=root, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return f"commit {head}" + (" plus uncommitted changes in src/ or api/" if dirty else "")


def http_stack() -> str:
    """The server's HTTP stack as uvicorn will pick it ("auto" loop and parser)."""
    import importlib.util

    import uvicorn

    loop = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"
    parser = "httptools" if importlib.util.find_spec("httptools") else "h11"
    return f"uvicorn {uvicorn.__version__} with {loop} and {parser}"


def report(results: Results, params: Params, server_kind: str, command: str, elapsed: float) -> str:
    insert_rate = median([r.rate for r in results.raw_insert])
    api_rate = median([r.rate for r in results.api])
    copy_rate = median([r.rate for r in results.raw_copy])
    bulk_rate = median([r.rate for r in results.bulk])
    api_ratio, bulk_ratio = api_rate / insert_rate, bulk_rate / copy_rate
    paired_api = [a.rate / b.rate for a, b in zip(results.api, results.raw_insert, strict=True)]
    paired_bulk = [a.rate / b.rate for a, b in zip(results.bulk, results.raw_copy, strict=True)]
    api_p50 = median([median(r.latencies) for r in results.api]) * 1000
    api_p95 = median([p95(r.latencies) for r in results.api]) * 1000
    raw_p50 = median([median(r.latencies) for r in results.raw_insert]) * 1000
    raw_p95 = median([p95(r.latencies) for r in results.raw_insert]) * 1000
    copy_s = median([r.seconds for r in results.raw_copy])
    bulk_s = median([r.seconds for r in results.bulk])
    per_case = results.bulk_events / params.bulk_cases
    before, after = results.api_events_per_case
    cpu = {k: cpu_per_event(results.api, k) for k in ("api", "postgres", "own")}
    raw_cpu = {k: cpu_per_event(results.raw_insert, k) for k in ("postgres", "own")}
    service_cpu = sum(s.cpu for s in results.append_steps) * 1000
    service_wall = sum(s.wall for s in results.append_steps) * 1000
    http_cpu = None if cpu["api"] is None else cpu["api"] - service_cpu
    api_total = None if None in (cpu["api"], cpu["postgres"]) else (cpu["api"] or 0) + (cpu["postgres"] or 0)
    raw_total = (
        None if None in (raw_cpu["postgres"], raw_cpu["own"]) else (raw_cpu["postgres"] or 0) + (raw_cpu["own"] or 0)
    )
    import_wall = sum(s.wall for s in results.import_steps)
    lines = [
        START,
        "## Event store",
        "",
        f"Write paths of the event store beside raw PostgreSQL baselines measured in the same run on the same "
        f"server; medians of {params.repeats} repeats, baseline and subject alternating within each repeat.",
        "",
        "| Measurement | Median events/s | Latency p50 / p95 | Ratio to baseline | Target | Result |",
        "|---|---|---|---|---|---|",
        f"| Baseline: asyncpg `INSERT` loop, 1 connection, autocommit | {insert_rate:,.0f} "
        f"| {raw_p50:.2f} / {raw_p95:.2f} ms | | | |",
        f"| API{' (experiment: `--tcp-nodelay-fix`)' if params.nodelay_fix else ''}: "
        f"`POST /v1/cases/{{id}}/events`, 1 event, {WORKERS} workers, {params.clients} clients "
        f"| {api_rate:,.0f} | {api_p50:.1f} / {api_p95:.1f} ms | {api_ratio:.0%} "
        f"(repeats {min(paired_api):.0%} to {max(paired_api):.0%}) | ≥ {API_TARGET:.0%} "
        f"| {verdict(api_ratio, API_TARGET)} |",
        f"| Baseline: `copy_records_to_table` into an unindexed table | {copy_rate:,.0f} | {copy_s:.2f} s per batch "
        "| | | |",
        f"| Bulk: `import_cases` ({params.bulk_cases:,} histories) | {bulk_rate:,.0f} | {bulk_s:.2f} s per batch "
        f"| {bulk_ratio:.0%} (repeats {min(paired_bulk):.0%} to {max(paired_bulk):.0%}) | ≥ {BULK_TARGET:.0%} "
        f"| {verdict(bulk_ratio, BULK_TARGET)} |",
        "",
        "What each line measures:",
        "",
        f"- **INSERT baseline**: one asyncpg connection, one `INSERT … VALUES ($1 … $7)` per event (prepared "
        f"once, autocommit: one commit per event), {params.appends:,} events per repeat, into `{RAW_INSERT_TABLE}`, "
        "created `LIKE case_event INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES` (same columns, "
        "defaults, CHECK and primary key `(case_id, seq)`; no trigger). Rows are the API's rows: a "
        "`ServicesDelivered` event as jsonb through the application's codec.",
        f"- **API**: `cpc-prosecution serve --workers {WORKERS}` (uvicorn, default settings, access log at "
        f"`info` as JSON lines to a file, the per-key rate limit raised to {RATE_LIMIT_PER_MINUTE:,}/min) "
        f"on the same server; {params.clients} concurrent keep-alive HTTP/1.1 "
        "connections (a minimal asyncio client, `benchmarks/_http.py`), each owning "
        f"{params.api_cases // params.clients} of {params.api_cases:,} cases and sending the next "
        f"`expected_version`; {params.appends:,} appends per repeat, one `ServicesDelivered` event each, "
        "every answer a 201 (any other status stops the benchmark). "
        f"Histories grew from {before:.1f} to {after:.1f} events per case over the run (each append "
        "reloads and folds its case's whole history). The load generator runs on the same machine as the "
        "server and PostgreSQL.",
        f"- **COPY baseline**: the {results.bulk_events:,} event rows of the bulk batch "
        f"(`case_event`'s columns, payload as binary jsonb) into `{RAW_COPY_TABLE}`, created `LIKE case_event "
        "INCLUDING DEFAULTS` (no primary key, CHECK or trigger), truncated before each repeat.",
        f"- **Bulk**: `import_cases` of {params.bulk_cases:,} generated histories ({results.bulk_events:,} events, "
        f"{per_case:.1f} per case) in one call: fold and summarize every history, then binary COPY into "
        "`case_file`, `case_event` (primary key) and `case_summary` (six indexes) in one transaction; fresh "
        "case ids each repeat. Garbage collection paused while timing both sides (as `timeit` does).",
        "",
        "### Where the time goes",
        "",
        "CPU milliseconds per event by process tree (medians over the repeats, from `/proc`), the cores "
        "those processes kept busy, and the whole machine's load (all processes, including other users of "
        "this shared machine; sampled by ticks, so only indicative):",
        "",
        "| | API workers | PostgreSQL | load generator / client | cores used by these | machine busy |",
        "|---|---|---|---|---|---|",
        f"| INSERT baseline | n/a | {ms(raw_cpu['postgres'])} | {ms(raw_cpu['own'])} "
        f"| {cores_used(results.raw_insert)} | {busy(results.raw_insert)} |",
        f"| API append | {ms(cpu['api'])} | {ms(cpu['postgres'])} | {ms(cpu['own'])} | {cores_used(results.api)} "
        f"| {busy(results.api)} |",
        "",
        f"Server side, an API append costs {ms(api_total)} ms of CPU (API worker + PostgreSQL) against "
        f"{ms(raw_total)} ms for a raw INSERT (PostgreSQL + client). Of the worker's {ms(cpu['api'])} ms, "
        f"{service_cpu:.2f} ms is the use case itself (`append_events` plus the pool, measured below); the "
        f"other {ms(http_cpu)} ms is HTTP (uvicorn), Litestar (routing, dependency injection, msgspec "
        "validation, the response) and the access log.",
        "",
        f"One append inside `services.cases.append_events`, in process (no HTTP), on one pooled connection, "
        f"one at a time, {params.profile_appends:,} appends to freshly imported cases; mean per append "
        f"({service_wall:.2f} ms wall, of which {service_cpu:.2f} ms Python CPU; the rest waits on "
        "PostgreSQL):",
        "",
        *steps_table(results.append_steps, "ms", 1000, 3),
        "",
        *(
            [
                f"For scale, {results.round_trip.label} on the same connection: "
                f"{results.round_trip.wall * 1000:.3f} ms wall, {results.round_trip.cpu * 1000:.3f} ms Python CPU.",
                "",
            ]
            if results.round_trip is not None
            else []
        ),
        f"One `import_cases` batch ({params.bulk_cases:,} histories, {results.bulk_events:,} events, "
        f"{import_wall:.2f} s) split the same way:",
        "",
        *steps_table(results.import_steps, "s", 1, 3),
        "",
        f"- Machine: {machine()}.",
        f"- Server: {results.server}; {server_kind}. API: {http_stack()}. Client, API and PostgreSQL share "
        "the machine.",
        f"- Code: {code_revision()}; histories from `generate_history` with seed {params.seed}.",
        f"- Date: {dt.date.today().isoformat()}; whole run {elapsed / 60:.1f} min.",
        f"- Reproduce: `{command}` (`--quick` for a run under a minute, `--database-url URL` for another server).",
        END,
    ]
    return "\n".join(lines)


def write(path: Path, section: str) -> None:
    """Replace (or append) the Event store section of `path`."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    if START in text and END in text:
        head, rest = text.split(START, 1)
        text = head + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")


def _terminate(signum: int, frame: FrameType | None) -> NoReturn:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="small counts, under a minute")
    parser.add_argument("--database-url", metavar="URL", help="PostgreSQL 15+ server to use (default: embedded)")
    parser.add_argument("--repeats", type=int, help="timed repeats per measurement")
    parser.add_argument("--clients", type=int, help="concurrent API clients")
    parser.add_argument("--appends", type=int, help="single-event appends per API repeat")
    parser.add_argument("--bulk-cases", type=int, help="histories per bulk import")
    parser.add_argument("--write", type=Path, help="markdown file whose Event store section to replace")
    parser.add_argument(
        "--tcp-nodelay-fix",
        action="store_true",
        help="experiment: run serve with its listener re-created as IPPROTO_TCP (TCP_NODELAY on keep-alive)",
    )
    args = parser.parse_args(argv)
    params = QUICK if args.quick else DEFAULT
    overrides = {
        k: v
        for k, v in {
            "repeats": args.repeats,
            "clients": args.clients,
            "appends": args.appends,
            "bulk_cases": args.bulk_cases,
            "nodelay_fix": args.tcp_nodelay_fix or None,
        }.items()
        if v is not None
    }
    if overrides:
        params = dataclasses.replace(params, **overrides)
    command = " ".join(["benchmarks/event_store.py", *(argv if argv is not None else sys.argv[1:])])
    command = ".venv/bin/python " + command.replace(args.database_url or "\0", "URL")
    signal.signal(signal.SIGTERM, _terminate)
    server = BenchServer(args.database_url)
    began = time.perf_counter()
    try:
        say(f"starting the {server.kind}")
        server_url = server.start()
        results = asyncio.run(run(server_url, params))
    except KeyboardInterrupt:
        print("interrupted; cleaned up", file=sys.stderr)
        return 130
    finally:
        server.stop()
    section = report(results, params, server.kind, command, time.perf_counter() - began)
    print(section)
    if args.write is not None:
        write(args.write, section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
