"""Benchmark: every metric through the live API beside a plain hand-written SQL query and a plain
Litestar route over that query, at growing case counts.

For each scale (10k, 100k, 1M cases) and each registered metric, alternating, medians of `--repeats`
after one warm-up each:

- plain SQL: the metric's plain query (`_plain_metrics.py`) on one asyncpg connection to the database;
- plain route: `GET /plain/{id}?period=2021` of a minimal Litestar app (`_plain_route.py`: the same
  query on a pooled connection, rows as JSON; uvicorn, one worker, uvloop and httptools, like the API);
- API: `GET /v1/metrics/{id}?period=2021` with an analyst key whose scope covers every case
  (`cpc-prosecution serve --workers 1`);

each over one keep-alive HTTP/1.1 connection, one request at a time. Targets (issue 6): API / plain SQL
<= 1.5 for every metric, and API time growing no faster than the case count. API / plain route shows
what the API's own work per request (key, scope, audit entry, targets, cells) costs beyond HTTP and JSON.

The plain query computes the same figures as the API: at the first scale, the warm-up's rows (of the
query and of the plain route) are checked against the API response's ungrouped cells (`_plain_check.py`:
each plain column names the cell it equals) and the run stops on any difference. It also refuses to
start when a registered metric has no plain query (or a plain query no registered metric).

Data: generated legal histories imported with `import_cases` (fold, summarize, COPY) up to `--base-cases`
(100,000); beyond that the metrics still read only `case_summary` and `case_clock`, so the scale is
reached by replicating the base's `case_file`, `case_summary` and `case_clock` rows under fresh case ids
(`INSERT ... SELECT` inside the server, `gen_random_uuid()`; same effect as COPY without a round trip
through the client).
Staffing snapshots and trainings are a few rows per office. Run from the repository root:

    .venv/bin/python benchmarks/metrics_api.py --write docs/performance.md
    .venv/bin/python benchmarks/metrics_api.py --quick        # 10k cases only, a few minutes
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import random
import signal
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import asyncpg
from _api_server import HOST, ApiServer
from _caller import make_caller
from _cases import import_histories, replicate
from _database import BenchServer, create_database, drop_database, server_facts
from _http import HttpConnection
from _metrics_report import report, write
from _plain_check import check
from _plain_metrics import PLAIN, PLAIN_SETUP, missing
from _plain_route import PATH as PLAIN_ROUTE_PATH
from _plain_route import PlainRouteServer
from event_store import (
    OFFICE_IDS,
    code_revision,
    http_stack,
    machine,
    register_reference_data,
    say,
)

from cpc_prosecution.domain.capacity import StaffingSnapshot, TrainingEvent, TrainingProvider, TrainingTopic
from cpc_prosecution.metrics import METRICS, window
from cpc_prosecution.services import api_keys
from cpc_prosecution.services.access import Role
from cpc_prosecution.store import capacity as capacity_store
from cpc_prosecution.store.migrate import upgrade
from cpc_prosecution.store.pool import METRIC_READ_SETTINGS, register_codecs

START: Final = "<!-- metrics-api:start -->"
END: Final = "<!-- metrics-api:end -->"
PERIOD: Final = "2021"
RATIO_TARGET: Final = 1.5
WORKERS: Final = 1


@dataclass(frozen=True)
class Params:
    scales: tuple[int, ...] = (10_000, 100_000, 1_000_000)
    base_cases: int = 100_000
    repeats: int = 5
    seed: int = 20_170_411


@dataclass
class Results:
    server: str = ""
    api: dict[tuple[int, str], list[float]] = field(default_factory=dict)
    plain: dict[tuple[int, str], list[float]] = field(default_factory=dict)
    route: dict[tuple[int, str], list[float]] = field(default_factory=dict)
    response_bytes: dict[str, int] = field(default_factory=dict)
    compared: dict[str, tuple[int, int]] = field(default_factory=dict)
    setup_seconds: dict[int, float] = field(default_factory=dict)


async def grow_to(conn: Any, have: int, target: int, params: Params, caller: Any) -> None:
    imported = min(target, params.base_cases)
    if imported > have:
        say(f"importing {imported - have:,} generated cases")
        await import_histories(conn, imported - have, params.seed + have, caller)
    if target > imported:
        if target % params.base_cases:
            raise SystemExit("scales beyond --base-cases must be multiples of it")
        say(f"replicating the {params.base_cases:,} base cases to {target:,}")
        await replicate(conn, target // params.base_cases - 1)
    await conn.execute("VACUUM ANALYZE case_file, case_summary, case_clock")


async def seed_capacity(conn: Any) -> None:
    """Three snapshots per office (one meeting the trained-capacity threshold) and a year of trainings."""
    rng = random.Random(6)
    for office in OFFICE_IDS:
        for year, trained in ((2019, 2), (2020, 5), (2021, 7)):
            snapshot = StaffingSnapshot(
                office_id=office,
                as_of=dt.date(year, 1, 1),
                positions_filled=10,
                positions_vacant=2,
                carrying_caseload=9,
                trained_trafficking=trained,
                trained_child_sensitive=trained - 1,
            )
            await capacity_store.insert_staffing(conn, snapshot, "bench")
        for month in range(1, 13):
            training = TrainingEvent(
                office_id=office,
                held_on=dt.date(2021, month, 10),
                topic=rng.choice(list(TrainingTopic)),
                provider=TrainingProvider.DOJ,
                participants=rng.randint(5, 30),
                hours=8,
            )
            await capacity_store.insert_training(conn, training, "bench")


async def measure(
    scale: int, http: HttpConnection, route: HttpConnection, raw: Any, token: str, params: Params, results: Results
) -> None:
    w = window(PERIOD)
    arguments = (w.start, w.end, w.as_of)
    headers = {"Authorization": f"Bearer {token}"}
    # The servers drop keep-alive connections left idle during the set-up; reconnect.
    await http.close()
    await route.close()
    for metric in METRICS:
        sql, path = PLAIN[metric.id], f"/v1/metrics/{metric.id}?period={PERIOD}"
        route_path = f"{PLAIN_ROUTE_PATH}/{metric.id}?period={PERIOD}"
        rows = await raw.fetch(sql, *arguments)  # warm-up: plan, cache
        status, routed = await route.request("GET", route_path)
        if status != 200:
            raise RuntimeError(f"GET {route_path}: {status} {routed[:300]!r}")
        status, body = await http.request("GET", path, headers=headers)
        if status != 200:
            raise RuntimeError(f"GET {path}: {status} {body[:300]!r}")
        if scale == params.scales[0]:  # the same figures, or the ratio means nothing
            cells = json.loads(body)["result"]["cells"]
            results.compared[metric.id] = check(metric.id, [dict(r) for r in rows], cells)
            check(metric.id, json.loads(routed), cells)
        results.response_bytes[metric.id] = len(body)
        key = (scale, metric.id)
        api, plain, routes = (
            results.api.setdefault(key, []),
            results.plain.setdefault(key, []),
            results.route.setdefault(key, []),
        )
        for _ in range(params.repeats):
            began = time.perf_counter()
            await raw.fetch(sql, *arguments)
            plain.append(time.perf_counter() - began)
            began = time.perf_counter()
            status, _ = await route.request("GET", route_path)
            routes.append(time.perf_counter() - began)
            if status != 200:
                raise RuntimeError(f"GET {route_path}: {status}")
            began = time.perf_counter()
            status, _ = await http.request("GET", path, headers=headers)
            api.append(time.perf_counter() - began)
            if status != 200:
                raise RuntimeError(f"GET {path}: {status}")
        say(
            f"{scale:>9,} {metric.id:<38} plain {statistics.median(plain) * 1000:8.1f} ms  "
            f"route {statistics.median(routes) * 1000:8.1f} ms  API {statistics.median(api) * 1000:8.1f} ms"
        )


async def run(server_url: str, params: Params) -> Results:
    results = Results()
    name, url = await create_database(server_url)
    api: ApiServer | None = None
    route: PlainRouteServer | None = None
    try:
        conn = await asyncpg.connect(url)
        try:
            await upgrade(conn)
            await register_codecs(conn)
            await conn.execute(PLAIN_SETUP)
            results.server = await server_facts(conn)
            await register_reference_data(conn)
            caller = await make_caller(conn, OFFICE_IDS)
            analyst = await api_keys.issue_key(
                conn, api_keys.NewKey(role=Role.ANALYST, offices=list(OFFICE_IDS)), created_by=None
            )
            await seed_capacity(conn)
            api = ApiServer(url, workers=WORKERS)
            api.start()
            route = PlainRouteServer(url)
            route.start()
            await api.wait_ready()
            await route.wait_ready()
            # The plain queries' own connection, with the server settings of the API's metric reads.
            raw = await asyncpg.connect(url, server_settings=METRIC_READ_SETTINGS)
            have = 0
            try:
                async with HttpConnection(HOST, api.port) as http, HttpConnection(HOST, route.port) as plain_route:
                    for scale in params.scales:
                        began = time.perf_counter()
                        await grow_to(conn, have, scale, params, caller)
                        have = scale
                        results.setup_seconds[scale] = time.perf_counter() - began
                        await measure(scale, http, plain_route, raw, analyst.token, params, results)
            finally:
                await raw.close()
        finally:
            await conn.close()
        return results
    finally:
        if api is not None:
            api.stop()
        if route is not None:
            route.stop()
        await drop_database(server_url, name)


def _terminate(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="10,000 cases only")
    parser.add_argument("--scales", type=int, nargs="+", help="case counts to measure at (ascending)")
    parser.add_argument("--base-cases", type=int, help="cases imported; larger scales replicate them")
    parser.add_argument("--repeats", type=int, help="timed repeats per metric and scale")
    parser.add_argument("--database-url", metavar="URL", help="PostgreSQL 15+ server to use (default: embedded)")
    parser.add_argument("--write", type=Path, help="markdown file whose Metrics API section to replace")
    args = parser.parse_args(argv)
    if (gap := missing([m.id for m in METRICS])) is not None:
        parser.exit(2, f"every registered metric must be measured: {gap}\n")
    params = Params(scales=(10_000,)) if args.quick else Params()
    params = Params(
        scales=tuple(args.scales) if args.scales else params.scales,
        base_cases=args.base_cases or params.base_cases,
        repeats=args.repeats or params.repeats,
    )
    command = " ".join([".venv/bin/python benchmarks/metrics_api.py", *(argv if argv is not None else sys.argv[1:])])
    command = command.replace(args.database_url or "\0", "URL")
    signal.signal(signal.SIGTERM, _terminate)
    server = BenchServer(args.database_url)
    began = time.perf_counter()
    try:
        say(f"starting the {server.kind}")
        results = asyncio.run(run(server.start(), params))
    except KeyboardInterrupt:
        print("interrupted; cleaned up", file=sys.stderr)
        return 130
    finally:
        server.stop()
    context = {
        "start": START,
        "end": END,
        "period": PERIOD,
        "workers": str(WORKERS),
        "machine": machine(),
        "server": results.server,
        "server_kind": server.kind,
        "http": http_stack(),
        "code": code_revision(),
        "date": dt.date.today().isoformat(),
        "elapsed": f"{(time.perf_counter() - began) / 60:.1f} min",
        "command": command,
        "read_settings": ", ".join(f"`{k} = {v}`" for k, v in METRIC_READ_SETTINGS.items()),
    }
    section = report(results, params, [m.id for m in METRICS], context, RATIO_TARGET)
    print(section)
    if args.write is not None:
        write(args.write, section, START, END)
    return 0


if __name__ == "__main__":
    sys.exit(main())
