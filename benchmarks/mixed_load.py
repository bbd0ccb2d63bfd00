"""Benchmark: reads and writes at once, through `serve --workers 1` and `--workers 2`, beside a plain
Litestar app doing the same queries and the same INSERT, in the same run on the same data (issue 18).

Each subject gets the same fixed mix of keep-alive HTTP/1.1 clients: writers appending one
`ServicesDelivered` event per request to cases of their own (tracking `expected_version`), one reader
per metric of `METRIC_IDS` for the period 2021, one reader of the case list's first page and one reader
of single cases; first `--seconds` closed-loop (throughput), then `--seconds` paced at `PACED_RATES`
(the same offered load for every subject: latency). Subjects: the API (`cpc-prosecution serve`, access
log on, as deployed) with 1 and with 2 workers, and the plain app (`_plain_mixed_app.py`, uvicorn
served the same way) with 1 and with 2 workers. All four run from the start; each repeat measures them
one after another, the order reversed every other repeat; medians of `--repeats`. Target (issue 18):
the metric API's paced p50 within max(1.5 x plain, plain + 3 ms).

Before the load, each metric's figures through the plain app are checked against the API's cells
(`_plain_check.py`); the run stops on a difference. Every answer must be 200 or 201.

    .venv/bin/python benchmarks/mixed_load.py --write docs/performance.md
    .venv/bin/python benchmarks/mixed_load.py --quick        # a few minutes
    .venv/bin/python benchmarks/mixed_load.py --quick --writers 0   # reads only
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import datetime as dt
import json
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

import asyncpg
from _api_server import HOST, ApiServer
from _caller import make_caller
from _database import BenchServer, create_database, drop_database, server_facts
from _http import HttpConnection
from _metrics_report import write
from _mixed_clients import DEFAULT, METRIC_IDS, PACED_RATES, PERIOD, QUICK, Mix, Params, Subject, drive
from _mixed_report import Sample, report
from _plain_check import check
from _plain_metrics import PLAIN_SETUP
from _plain_mixed_app import PlainMixedServer
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
from cpc_prosecution.store.pool import register_codecs

START: Final = "<!-- mixed-load:start -->"
END: Final = "<!-- mixed-load:end -->"
PLAIN_TABLE: Final = "bench_mixed_insert"
#: Seconds of the whole mix against each subject before the timed runs (plans, caches, snapshots).
WARM_UP: Final = 3.0


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


async def run(server_url: str, params: Params) -> tuple[dict[str, list[Sample]], dict[str, list[Sample]], str]:
    name, url = await create_database(server_url)
    subjects: list[Subject] = []
    try:
        conn = await asyncpg.connect(url)
        try:
            await upgrade(conn)
            await register_codecs(conn)
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
            await drive(subject, mixes[subject.name], params, WARM_UP, paced=False)
        saturated: dict[str, list[Sample]] = {s.name: [] for s in subjects}
        paced: dict[str, list[Sample]] = {s.name: [] for s in subjects}
        for r in range(params.repeats):
            order = subjects if r % 2 == 0 else subjects[::-1]
            for subject in order:
                mix = mixes[subject.name]
                saturated[subject.name].append(await drive(subject, mix, params, params.seconds, paced=False))
                paced[subject.name].append(await drive(subject, mix, params, params.seconds, paced=True))
            for mode, samples in (("closed loop", saturated), ("paced", paced)):
                lines = "; ".join(f"{s.name} {samples[s.name][-1].line()}" for s in subjects)
                say(f"repeat {r + 1}/{params.repeats}, {mode}: {lines}")
        return saturated, paced, facts
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
    parser.add_argument("--writers", type=int, help="writer clients (0: reads only, to see what writes cost reads)")
    parser.add_argument("--database-url", metavar="URL", help="PostgreSQL 15+ server to use (default: embedded)")
    parser.add_argument("--write", type=Path, help="markdown file whose mixed-load section to replace")
    args = parser.parse_args(argv)
    params = QUICK if args.quick else DEFAULT
    params = dataclasses.replace(
        params,
        seconds=args.seconds or params.seconds,
        repeats=args.repeats or params.repeats,
        writers=params.writers if args.writers is None else args.writers,
    )
    command = " ".join([".venv/bin/python benchmarks/mixed_load.py", *(argv if argv is not None else sys.argv[1:])])
    command = command.replace(args.database_url or "\0", "URL")
    signal.signal(signal.SIGTERM, _terminate)
    server = BenchServer(args.database_url)
    began = time.perf_counter()
    try:
        say(f"starting the {server.kind}")
        saturated, paced, facts = asyncio.run(run(server.start(), params))
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
    section = report(saturated, paced, params, METRIC_IDS, context, PACED_RATES)
    print(section)
    if args.write is not None:
        write(args.write, section, START, END)
    return 0


if __name__ == "__main__":
    sys.exit(main())
