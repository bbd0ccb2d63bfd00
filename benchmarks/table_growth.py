"""Benchmark: what grows with the case count, for deciding when partitioning by office would pay.

At each scale: the rows and on-disk size of `case_event`, `case_summary` and `case_clock`; a full
VACUUM pass of `case_summary` and `case_event` (`DISABLE_PAGE_SKIPPING`: every page read, as the
anti-wraparound vacuum does); and two metric queries (`stage_funnel`, `legal_clock_compliance`) for
the whole country and for one office's scope (one of the two offices: half the cases), beside a
baseline from the same run, a sequential `count(*)` of `case_summary`. Medians of `--repeats`.

Data: generated histories imported with `import_cases` up to `--base-cases`; larger scales copy the
base's rows, events included, under fresh case ids inside the server. docs/operations.md
("Partitioning by office") reads the figures. Run from the repository root:

    .venv/bin/python benchmarks/table_growth.py --write docs/operations.md
    .venv/bin/python benchmarks/table_growth.py --quick      # 5k and 20k cases, about a minute
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import statistics
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

from _cases import import_histories, replicate
from _database import BenchServer, create_database, drop_database, server_facts
from _metrics_report import write
from event_store import OFFICE_IDS, make_caller, register_reference_data

from cpc_prosecution.store.metric_queries import compute_sql
from cpc_prosecution.store.migrate import upgrade
from cpc_prosecution.store.pool import create_pool

START, END = "<!-- table-growth:start -->", "<!-- table-growth:end -->"
TABLES = ("case_event", "case_summary", "case_clock")
METRICS = ("stage_funnel", "legal_clock_compliance")


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


async def median_seconds(action: Callable[[], Awaitable[Any]], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        await action()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


async def measure(conn: Any, cases: int, repeats: int) -> dict[str, Any]:
    row: dict[str, Any] = {"cases": cases}
    for table in TABLES:
        row[f"{table}_rows"] = await conn.fetchval(f"SELECT count(*) FROM {table}")
        row[f"{table}_mb"] = await conn.fetchval(f"SELECT pg_total_relation_size('{table}') / 1048576.0")
    for table in ("case_summary", "case_event"):
        row[f"vacuum_{table}"] = await median_seconds(
            lambda t=table: conn.execute(f"VACUUM (DISABLE_PAGE_SKIPPING) {t}"), repeats
        )
    row["scan"] = await median_seconds(lambda: conn.fetchval("SELECT count(*) FROM case_summary"), repeats)
    for metric in METRICS:
        for label, offices in (("country", list(OFFICE_IDS)), ("office", [OFFICE_IDS[0]])):
            row[f"{metric}_{label}"] = await median_seconds(
                lambda m=metric, o=offices: compute_sql(conn, m, period="2021", scope=(o, [])), repeats
            )
    return row


async def run(server_url: str, scales: Sequence[int], base: int, repeats: int) -> tuple[list[dict[str, Any]], str]:
    name, url = await create_database(server_url)
    pool = await create_pool(url, max_size=1, command_timeout=3600)
    rows = []
    try:
        async with pool.acquire() as conn:
            await upgrade(conn)
            facts = await server_facts(conn)
            await register_reference_data(conn)
            caller = await make_caller(conn, OFFICE_IDS)
            say(f"importing {base:,} generated cases")
            await import_histories(conn, base, 20170411, caller)
            have = base
            for scale in scales:
                if scale > have:
                    say(f"replicating to {scale:,} cases")
                    # Each round copies every row there is now: `have` more cases per round.
                    await replicate(conn, (scale - have) // have, events=True)
                    have = await conn.fetchval("SELECT count(*) FROM case_file")
                await conn.execute("ANALYZE")
                say(f"measuring at {have:,} cases")
                rows.append(await measure(conn, have, repeats))
    finally:
        await pool.close()
        await drop_database(server_url, name)
    return rows, facts


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f}"


def report(rows: list[dict[str, Any]], context: dict[str, str]) -> str:
    lines = [
        START,
        "### Measured: table growth, vacuum and metric times by case count",
        "",
        "| cases | `case_event` rows / MB | `case_summary` MB | `case_clock` rows / MB "
        "| VACUUM full pass `case_event` / `case_summary` ms | baseline `count(*)` of `case_summary` ms "
        "| `stage_funnel` country / one office ms | `legal_clock_compliance` country / one office ms "
        "| `legal_clock_compliance` country ÷ baseline |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['cases']:,} | {r['case_event_rows']:,} / {r['case_event_mb']:,.0f} | {r['case_summary_mb']:,.0f} "
            f"| {r['case_clock_rows']:,} / {r['case_clock_mb']:,.0f} "
            f"| {_ms(r['vacuum_case_event'])} / {_ms(r['vacuum_case_summary'])} | {_ms(r['scan'])} "
            f"| {_ms(r['stage_funnel_country'])} / {_ms(r['stage_funnel_office'])} "
            f"| {_ms(r['legal_clock_compliance_country'])} / {_ms(r['legal_clock_compliance_office'])} "
            f"| {r['legal_clock_compliance_country'] / r['scan']:.1f}x |"
        )
    lines += [
        "",
        f"- Medians of {context['repeats']} repeats per figure; one office's scope is one of the two offices "
        "of the generated data (half the cases). Metric times are the SQL of `store/metric_queries.py` on one "
        "pooled connection (the API's server settings), without HTTP.",
        f"- Data: {context['base']} generated cases imported with `import_cases`; larger scales copy their "
        "`case_file`, `case_event`, `case_summary` and `case_clock` rows under fresh case ids in the server.",
        f"- Server: {context['server']}; {context['server_kind']}. Machine: 2 cores shared with other work "
        "(figures are noisy: compare within a row).",
        f"- Date: {context['date']}; whole run {context['elapsed']}.",
        f"- Reproduce: `{context['command']}`.",
        END,
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="5,000 and 20,000 cases")
    parser.add_argument("--base-cases", type=int, default=20_000)
    parser.add_argument("--scales", type=int, nargs="+", default=[20_000, 100_000, 1_100_000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--database-url", metavar="URL", help="PostgreSQL 15+ server to use (default: embedded)")
    parser.add_argument("--write", type=Path, help="markdown file whose table-growth section to replace")
    args = parser.parse_args(argv)
    base, scales = (5_000, [5_000, 20_000]) if args.quick else (args.base_cases, args.scales)
    command = " ".join([".venv/bin/python benchmarks/table_growth.py", *(argv if argv is not None else sys.argv[1:])])
    server = BenchServer(args.database_url)
    began = time.perf_counter()
    try:
        rows, facts = asyncio.run(run(server.start(), scales, base, args.repeats))
    finally:
        server.stop()
    context = {
        "repeats": str(args.repeats),
        "base": f"{base:,}",
        "server": facts,
        "server_kind": server.kind,
        "date": dt.date.today().isoformat(),
        "elapsed": f"{(time.perf_counter() - began) / 60:.1f} min",
        "command": command.replace(args.database_url or "\0", "URL"),
    }
    section = report(rows, context)
    print(section)
    if args.write is not None:
        write(args.write, section, START, END)
    return 0


if __name__ == "__main__":
    sys.exit(main())
