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
* Plain Litestar route (`_plain_append_app.py`): the same request body through a minimal Litestar app
  served exactly as the API is, running the baseline's INSERT; same clients and load as the API.
* Bulk ingest: `services.case_import.import_cases` of generated histories (fold every history, then
  binary COPY of case_file, case_event, case_summary and case_clock in one transaction).
* Raw COPY baseline: `copy_records_to_table` of the same event rows into a table with `case_event`'s
  columns and no index, CHECK constraint or trigger.
* Indexed COPY ceiling: the rows `import_cases` writes (prepared beforehand, fresh case ids), COPY'd
  into case_file, case_event, case_summary and case_clock (their indexes and keys) with no Python work.

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
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any, Final, NoReturn

import asyncpg
import msgspec
from _api_server import HOST, RATE_LIMIT_PER_MINUTE, ApiServer
from _append_breakdown import (
    Breakdown,
    Step,
    append_breakdown,
    append_events,
    gc_paused,
    import_breakdown,
    patched,
)
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
from _plain_append_app import PlainAppendServer

import cpc_prosecution.services.case_import as case_import
from cpc_prosecution.domain import CaseEvent, event_tag
from cpc_prosecution.domain.examples import (
    CITY_OFFICE,
    FAMILY_COURT,
    HOTSPOT,
    PROVINCIAL_OFFICE,
    REGULAR_COURT,
)
from cpc_prosecution.domain.generate import generate_history
from cpc_prosecution.services.case_import import ImportedCase, import_cases
from cpc_prosecution.services.projection import manila_today
from cpc_prosecution.store import reference as reference_store
from cpc_prosecution.store.bulk import CASE_EVENT_COLUMNS, copy_cases, reserve_list_orders
from cpc_prosecution.store.case_summaries import ROW_COLUMNS
from cpc_prosecution.store.migrate import upgrade
from cpc_prosecution.store.pool import create_pool, register_codecs

START: Final = "<!-- event-store:start -->"
END: Final = "<!-- event-store:end -->"
WORKERS: Final = 2
RAW_INSERT_TABLE: Final = "bench_raw_insert"
RAW_COPY_TABLE: Final = "bench_raw_copy"
OFFICE_IDS: Final = (CITY_OFFICE.office_id, PROVINCIAL_OFFICE.office_id)
API_TARGET: Final = 0.30  # issue 13: without per-worker state; the 40 % target was retired
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
    plain: int | None = None
    postgres: int | None = None

    def named(self) -> dict[str, int | None]:
        return {"api": self.api, "plain": self.plain, "postgres": self.postgres}


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


API_ROUTE: Final = "/v1/cases/{}/events"
PLAIN_ROUTE: Final = "/append/{}"


async def api_appends(
    port: int,
    owned: Sequence[Sequence[list[Any]]],
    total: int,
    events: Sequence[bytes],
    roots: Roots,
    headers: dict[str, str],
    route: str = API_ROUTE,
) -> Run:
    """`total` single-event appends from one client per entry of `owned` (its cases), concurrently,
    each `POST route` (the case id in place of `{}`) with the API's body."""
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
                status, reply = await http.request("POST", route.format(case[0]), body, headers)
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
# The run


@dataclass
class Results:
    raw_insert: list[Run] = field(default_factory=list)
    plain: list[Run] = field(default_factory=list)
    api: list[Run] = field(default_factory=list)
    raw_copy: list[Run] = field(default_factory=list)
    indexed_copy: list[Run] = field(default_factory=list)
    bulk: list[Run] = field(default_factory=list)
    breakdown: Breakdown | None = None
    import_steps: list[Step] = field(default_factory=list)
    bulk_events: int = 0
    server: str = ""
    postgres_visible: bool = False
    api_events_per_case: tuple[float, float] = (0.0, 0.0)


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


async def capture_rows(conn: Any, cases: Sequence[ImportedCase], caller: Caller) -> tuple[list[Any], ...]:
    """The rows `import_cases` would COPY for `cases` (case_file, case_event, case_summary, case_clock),
    gathered over its chunks; nothing is stored (only list orders are taken)."""
    captured: list[tuple[Any, ...]] = []

    async def capture(conn: Any, *rows: Any) -> None:
        captured.append(rows)

    with patched([(case_import, "copy_cases", capture)]):
        await import_cases(conn, cases, **caller.identity(import_cases))
    return tuple([row for chunk in captured for row in chunk[table]] for table in range(4))


_CASE_ID_IN_SUMMARY: Final = ROW_COLUMNS.index("case_id")
_LIST_ORDER_IN_SUMMARY: Final = ROW_COLUMNS.index("list_order")


async def fresh_copy_rows(conn: Any, rows: tuple[list[Any], ...]) -> tuple[list[tuple[Any, ...]], ...]:
    """`rows` (as `capture_rows` gives them) under fresh case ids and list orders (untimed)."""
    case_rows, event_rows, summary_rows, clock_rows = rows
    ids = {r[0]: uuid.uuid4() for r in case_rows}
    orders = dict(zip(ids, await reserve_list_orders(conn, len(ids)), strict=True))

    def summary(r: Sequence[Any]) -> tuple[Any, ...]:
        row = list(r)
        old = row[_CASE_ID_IN_SUMMARY]
        row[_CASE_ID_IN_SUMMARY], row[_LIST_ORDER_IN_SUMMARY] = ids[old], orders[old]
        return tuple(row)

    return (
        [(ids[r[0]], orders[r[0]], *r[2:]) for r in case_rows],
        [(ids[r[0]], *r[1:]) for r in event_rows],
        [summary(r) for r in summary_rows],
        [(ids[r[0]], *r[1:]) for r in clock_rows],
    )


async def indexed_copy(conn: Any, rows: tuple[list[tuple[Any, ...]], ...], events: int) -> Run:
    """COPY prepared rows into the four tables `import_cases` writes, in one transaction, nothing else."""
    with gc_paused():
        began = time.perf_counter()
        async with conn.transaction():
            await copy_cases(conn, *rows)
        return Run(events=events, seconds=time.perf_counter() - began)


async def run(server_url: str, params: Params) -> Results:
    results = Results()
    name, url = await create_database(server_url)
    api: ApiServer | None = None
    plain: PlainAppendServer | None = None
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
        api_histories = recordable_histories(params.api_cases + params.profile_appends + 50, params.seed + 1, today)
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

        # API appends beside the plain Litestar route and the raw INSERT loop.
        api = ApiServer(url, workers=WORKERS, nodelay_fix=params.nodelay_fix)
        plain = PlainAppendServer(url, RAW_INSERT_TABLE, workers=WORKERS)
        api.start()
        plain.start()
        roots.api = api.process.pid if api.process else None
        roots.plain = plain.process.pid if plain.process else None
        await api.wait_ready()
        await plain.wait_ready()
        encoded = [msgspec.json.encode(e) for e in events]
        owned = [api_cases[i :: params.clients] for i in range(params.clients)]
        # The plain route's own copy of the cases and versions (its rows go to the INSERT baseline's table).
        plain_owned = [[[case_id, version] for case_id, version in cases] for cases in owned]
        raw = await asyncpg.connect(url)
        try:
            await register_codecs(raw)
            say("warming up")
            await raw_insert_loop(raw, raw_rows(min(500, params.appends), events, caller.recorded_by), roots)
            warm = min(1000, params.appends)
            await api_appends(plain.port, plain_owned, warm, encoded, roots, caller.headers, PLAIN_ROUTE)
            # One append to each imported case, so that every timed append finds a stored snapshot.
            await api_appends(api.port, owned, len(api_cases), encoded, roots, caller.headers)
            for r in range(params.repeats):
                rows = raw_rows(params.appends, events, caller.recorded_by)
                await checkpoint(raw)
                results.raw_insert.append(await raw_insert_loop(raw, rows, roots))
                await checkpoint(raw)
                results.plain.append(
                    await api_appends(
                        plain.port, plain_owned, params.appends, encoded, roots, caller.headers, PLAIN_ROUTE
                    )
                )
                await checkpoint(raw)
                results.api.append(await api_appends(api.port, owned, params.appends, encoded, roots, caller.headers))
                say(
                    f"repeat {r + 1}/{params.repeats}: raw INSERT {results.raw_insert[-1].rate:,.0f}/s, "
                    f"plain route {results.plain[-1].rate:,.0f}/s, API {results.api[-1].rate:,.0f}/s"
                )
        finally:
            await raw.close()
            api.stop()
            api = None
            plain.stop()
            plain = None
        results.api_events_per_case = (before_events, statistics.mean(c[1] for c in api_cases))

        say(f"in-process breakdown of {params.profile_appends:,} appends, without then with a snapshot")
        results.breakdown = await append_breakdown(pool, profile_cases, params.profile_appends, today, caller)

        # Bulk ingest beside raw COPY and COPY of the same rows into the indexed tables.
        imported = [ImportedCase(office_id=OFFICE_IDS[i % 2], events=h) for i, h in enumerate(bulk_histories)]
        copy_rows = [
            (uuid.uuid4(), seq, event_tag(event), event.occurred_on, event, caller.recorded_by)
            for history in bulk_histories
            for seq, event in enumerate(history, start=1)
        ]
        results.bulk_events = len(copy_rows)
        async with pool.acquire() as conn:
            prepared = await capture_rows(conn, imported, caller)
            for r in range(params.repeats):
                await conn.execute(f"TRUNCATE {RAW_COPY_TABLE}")
                await checkpoint(conn)
                with gc_paused():
                    began = time.perf_counter()
                    await conn.copy_records_to_table(RAW_COPY_TABLE, records=copy_rows, columns=CASE_EVENT_COLUMNS)
                    results.raw_copy.append(Run(events=len(copy_rows), seconds=time.perf_counter() - began))
                fresh = await fresh_copy_rows(conn, prepared)
                await checkpoint(conn)
                results.indexed_copy.append(await indexed_copy(conn, fresh, len(copy_rows)))
                await checkpoint(conn)
                with gc_paused():
                    began = time.perf_counter()
                    await import_cases(conn, imported, **caller.identity(import_cases))
                    results.bulk.append(Run(events=len(copy_rows), seconds=time.perf_counter() - began))
                say(
                    f"bulk repeat {r + 1}/{params.repeats}: raw COPY {results.raw_copy[-1].rate:,.0f}/s, "
                    f"indexed COPY {results.indexed_copy[-1].rate:,.0f}/s, "
                    f"import_cases {results.bulk[-1].rate:,.0f}/s"
                )
            say("in-process breakdown of one import batch")
            await checkpoint(conn)
            results.import_steps = await import_breakdown(conn, imported, caller)
        return results
    finally:
        if api is not None:
            api.stop()
        if plain is not None:
            plain.stop()
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


def ratio(subjects: Sequence[Run], baselines: Sequence[Run]) -> float:
    """The subject's median rate over the baseline's."""
    return median([r.rate for r in subjects]) / median([r.rate for r in baselines])


def paired(subjects: Sequence[Run], baselines: Sequence[Run]) -> str:
    """`ratio`, and the range of the ratios within each repeat."""
    ratios = [a.rate / b.rate for a, b in zip(subjects, baselines, strict=True)]
    return f"{ratio(subjects, baselines):.0%} (repeats {min(ratios):.0%} to {max(ratios):.0%})"


def latency(runs: Sequence[Run], digits: int) -> str:
    p50 = median([median(r.latencies) for r in runs]) * 1000
    return f"{p50:.{digits}f} / {median([p95(r.latencies) for r in runs]) * 1000:.{digits}f} ms"


_PATHS: Final = ("no snapshot", "snapshot")


def breakdown_table(breakdown: Breakdown) -> list[str]:
    """Steps of one append on the two paths side by side (ms per append), largest first."""
    paths = (breakdown.fold, breakdown.snapshot)
    by_label = [{step.label: step for step in steps} for steps in paths]
    header = " | ".join(f"{name}: wall ms | {name}: CPU ms (Python)" for name in _PATHS)
    rows = [f"| Step | {header} |", "|---" * (1 + 2 * len(paths)) + "|"]
    for step in sorted(breakdown.fold, key=lambda s: -sum(steps[s.label].wall for steps in by_label)):
        cells = [steps[step.label] for steps in by_label]
        if all(c.wall == 0 for c in cells):
            continue  # not run on any path (e.g. the locked path's row lock)
        rows.append(
            f"| {step.label} | " + " | ".join(f"{c.wall * 1000:.3f} | {c.cpu * 1000:.3f}" for c in cells) + " |"
        )
    totals = [sum(getattr(s, k) for s in steps) * 1000 for steps in paths for k in ("wall", "cpu")]
    rows.append("| **total** | " + " | ".join(f"{t:.3f}" for t in totals) + " |")
    return rows


def report(results: Results, params: Params, server_kind: str, command: str, elapsed: float) -> str:
    insert_rate = median([r.rate for r in results.raw_insert])
    plain_rate = median([r.rate for r in results.plain])
    api_rate = median([r.rate for r in results.api])
    copy_rate = median([r.rate for r in results.raw_copy])
    indexed_rate = median([r.rate for r in results.indexed_copy])
    bulk_rate = median([r.rate for r in results.bulk])
    api_ratio, bulk_ratio = ratio(results.api, results.raw_insert), ratio(results.bulk, results.raw_copy)
    copy_s = median([r.seconds for r in results.raw_copy])
    indexed_s = median([r.seconds for r in results.indexed_copy])
    bulk_s = median([r.seconds for r in results.bulk])
    per_case = results.bulk_events / params.bulk_cases
    before, after = results.api_events_per_case
    cpu = {k: cpu_per_event(results.api, k) for k in ("api", "postgres", "own")}
    plain_cpu = {k: cpu_per_event(results.plain, k) for k in ("plain", "postgres", "own")}
    raw_cpu = {k: cpu_per_event(results.raw_insert, k) for k in ("postgres", "own")}
    breakdown = results.breakdown
    assert breakdown is not None
    fold_wall, fold_cpu = (sum(getattr(s, k) for s in breakdown.fold) * 1000 for k in ("wall", "cpu"))
    snap_wall, snap_cpu = (sum(getattr(s, k) for s in breakdown.snapshot) * 1000 for k in ("wall", "cpu"))
    api_total = None if None in (cpu["api"], cpu["postgres"]) else (cpu["api"] or 0) + (cpu["postgres"] or 0)
    plain_total = (
        None
        if None in (plain_cpu["plain"], plain_cpu["postgres"])
        else (plain_cpu["plain"] or 0) + (plain_cpu["postgres"] or 0)
    )
    raw_total = (
        None if None in (raw_cpu["postgres"], raw_cpu["own"]) else (raw_cpu["postgres"] or 0) + (raw_cpu["own"] or 0)
    )
    import_wall = sum(s.wall for s in results.import_steps)
    served = f"{WORKERS} workers, {params.clients} clients"
    lines = [
        START,
        "## Event store",
        "",
        f"Write paths of the event store beside raw PostgreSQL baselines and ceilings measured in the same run "
        f"on the same server; medians of {params.repeats} repeats, baselines and subjects alternating within "
        "each repeat.",
        "",
        "| Measurement | Median events/s | Latency p50 / p95 | Ratio | Target | Result |",
        "|---|---|---|---|---|---|",
        f"| Baseline: asyncpg `INSERT` loop, 1 connection, autocommit | {insert_rate:,.0f} "
        f"| {latency(results.raw_insert, 2)} | | | |",
        f"| Ceiling: plain Litestar route, same body decoded by msgspec + the same `INSERT`, {served} "
        f"| {plain_rate:,.0f} | {latency(results.plain, 1)} | {paired(results.plain, results.raw_insert)} "
        "of INSERT | | |",
        f"| API{' (experiment: `--tcp-nodelay-fix`)' if params.nodelay_fix else ''}: "
        f"`POST /v1/cases/{{id}}/events`, 1 event, {served} "
        f"| {api_rate:,.0f} | {latency(results.api, 1)} | {paired(results.api, results.raw_insert)} of INSERT "
        f"| ≥ {API_TARGET:.0%} of INSERT | {verdict(api_ratio, API_TARGET)} |",
        f"| API / plain Litestar route | | | {paired(results.api, results.plain)} | | |",
        f"| Baseline: `copy_records_to_table` into an unindexed table | {copy_rate:,.0f} | {copy_s:.2f} s per batch "
        "| | | |",
        f"| Ceiling: COPY of the same cases' prepared rows into `case_file`, `case_event`, `case_summary`, "
        f"`case_clock` (their keys and indexes), no Python work | {indexed_rate:,.0f} | {indexed_s:.2f} s per batch "
        f"| {paired(results.indexed_copy, results.raw_copy)} of COPY | | |",
        f"| Bulk: `import_cases` ({params.bulk_cases:,} histories) | {bulk_rate:,.0f} | {bulk_s:.2f} s per batch "
        f"| {paired(results.bulk, results.raw_copy)} of COPY | ≥ {BULK_TARGET:.0%} of COPY "
        f"| {verdict(bulk_ratio, BULK_TARGET)} |",
        f"| Bulk / indexed COPY ceiling | | | {paired(results.bulk, results.indexed_copy)} | | |",
        "",
        "What each line measures:",
        "",
        f"- **INSERT baseline**: one asyncpg connection, one `INSERT … VALUES ($1 … $7)` per event (prepared "
        f"once, autocommit: one commit per event), {params.appends:,} events per repeat, into `{RAW_INSERT_TABLE}`, "
        "created `LIKE case_event INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES` (same columns, "
        "defaults, CHECK and primary key `(case_id, seq)`; no trigger). Rows are the API's rows: a "
        "`ServicesDelivered` event as jsonb through the application's codec.",
        f"- **Plain Litestar route** (`benchmarks/_plain_append_app.py`): a minimal Litestar app with one route, "
        f"`POST /append/{{id}}`, served like the API (uvicorn, {WORKERS} workers, uvloop and httptools, the "
        "TCP_NODELAY listener fix of `cli/serve.py`, no access log); it decodes the API's request body into "
        "the same `AppendEvents` Struct and runs the baseline's `INSERT` (autocommit) on a pooled connection "
        f"into `{RAW_INSERT_TABLE}`, answering 201 with the new version. Same client, load and cases as the "
        "API (its own version counters). It is what any Python HTTP API doing one INSERT per request reaches "
        "on this machine.",
        f"- **API**: `cpc-prosecution serve --workers {WORKERS}` (uvicorn, default settings, access log at "
        f"`info` as JSON lines to a file, the per-key rate limit raised to {RATE_LIMIT_PER_MINUTE:,}/min) "
        f"on the same server; {params.clients} concurrent keep-alive HTTP/1.1 "
        "connections (a minimal asyncio client, `benchmarks/_http.py`), each owning "
        f"{params.api_cases // params.clients} of {params.api_cases:,} cases and sending the next "
        f"`expected_version`; {params.appends:,} appends per repeat, one `ServicesDelivered` event each, "
        "every answer a 201 (any other status stops the benchmark). "
        f"Histories grew from {before:.1f} to {after:.1f} events per case over the run. The cases are "
        "imported (no state snapshot); the warm-up appends once to each, so every timed append finds a "
        "snapshot. Each repeat opens new connections, which the kernel hands to either worker, and appends "
        "once to each case; every append reads the case's stored snapshot (no worker keeps state between "
        "requests). The load "
        "generator runs on the same machine as the servers and PostgreSQL.",
        f"- **COPY baseline**: the {results.bulk_events:,} event rows of the bulk batch "
        f"(`case_event`'s columns, payload as binary jsonb) into `{RAW_COPY_TABLE}`, created `LIKE case_event "
        "INCLUDING DEFAULTS` (no primary key, CHECK or trigger), truncated before each repeat.",
        "- **Indexed COPY ceiling**: the rows `import_cases` writes for the same batch (taken from one "
        "untimed run, given fresh case ids and list orders before each repeat) COPY'd by `store.bulk.copy_cases` "
        "in one transaction: what bulk ingest costs with every Python step (validation, fold, summary, "
        "clocks) taken away.",
        f"- **Bulk**: `import_cases` of {params.bulk_cases:,} generated histories ({results.bulk_events:,} events, "
        f"{per_case:.1f} per case) in one call: fold and summarize every history, then binary COPY into "
        "`case_file`, `case_event` (primary key), `case_summary` (six indexes) and `case_clock` in one "
        "transaction; fresh case ids each repeat. Garbage collection paused while timing (as `timeit` does).",
        "",
        "### Where the time goes",
        "",
        "CPU milliseconds per event by process tree (medians over the repeats, from `/proc`), the cores "
        "those processes kept busy, and the whole machine's load (all processes, including other users of "
        "this shared machine; sampled by ticks, so only indicative):",
        "",
        "| | HTTP workers | PostgreSQL | load generator / client | cores used by these | machine busy |",
        "|---|---|---|---|---|---|",
        f"| INSERT baseline | n/a | {ms(raw_cpu['postgres'])} | {ms(raw_cpu['own'])} "
        f"| {cores_used(results.raw_insert)} | {busy(results.raw_insert)} |",
        f"| plain Litestar route | {ms(plain_cpu['plain'])} | {ms(plain_cpu['postgres'])} | {ms(plain_cpu['own'])} "
        f"| {cores_used(results.plain)} | {busy(results.plain)} |",
        f"| API append | {ms(cpu['api'])} | {ms(cpu['postgres'])} | {ms(cpu['own'])} | {cores_used(results.api)} "
        f"| {busy(results.api)} |",
        "",
        f"Server side (HTTP workers + PostgreSQL), an API append costs {ms(api_total)} ms of CPU, a plain-route "
        f"append {ms(plain_total)} ms and a raw INSERT {ms(raw_total)} ms (PostgreSQL + client). The plain "
        "route's workers show what HTTP (uvicorn), Litestar (routing, msgspec decoding, the response) and one "
        "pooled INSERT cost per request; the API's workers add the key's proof (one round trip), the use "
        "case below, dependency injection, the rate limiter, security headers "
        "and the access log.",
        "",
        f"One append inside `services.cases.append_events`, in process (no HTTP), on one pooled connection, "
        f"one at a time, as the API's handler runs it (acquire, prove the key, the use case): two appends "
        f"to each of {params.profile_appends:,} freshly imported cases. The first finds "
        "**no snapshot** (an imported case: read and fold the history), the second the **snapshot** the "
        f"first one stored. Mean per append: no snapshot {fold_wall:.2f} ms wall ({fold_cpu:.2f} ms "
        f"Python CPU), snapshot {snap_wall:.2f} ms wall ({snap_cpu:.2f} ms); the rest of the wall time "
        "waits on PostgreSQL:",
        "",
        *breakdown_table(breakdown),
        "",
        f"For scale, {breakdown.round_trip.label} on the same connection: "
        f"{breakdown.round_trip.wall * 1000:.3f} ms wall, {breakdown.round_trip.cpu * 1000:.3f} ms Python CPU.",
        "",
        f"One `import_cases` batch ({params.bulk_cases:,} histories, {results.bulk_events:,} events, "
        f"{import_wall:.2f} s) split the same way:",
        "",
        *steps_table(results.import_steps, "s", 1, 3),
        "",
        f"- Machine: {machine()}.",
        f"- Server: {results.server}; {server_kind}. HTTP: {http_stack()}. Client, servers and PostgreSQL share "
        "the machine.",
        f"- Code: {code_revision()}; histories from `generate_history` with seed {params.seed}.",
        f"- Date: {dt.date.today().isoformat()}; whole run {elapsed / 60:.1f} min.",
        f"- Reproduce: `{command}` (`--quick` for a run of a few minutes, `--database-url URL` for another server).",
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
