"""`cpc-prosecution demo`: load the seeded demo dataset (src/cpc_prosecution/demo) into the database.

`serve --demo` calls `load_demo` before starting the API. Either way the data goes in only when the
database holds no case, so a second start reuses what the first one loaded.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from typing import Any

import asyncpg

from cpc_prosecution.cli.common import load_settings, run_with_connection
from cpc_prosecution.demo import generate
from cpc_prosecution.demo.load import DemoLoaded, already_loaded, load
from cpc_prosecution.settings import Settings
from cpc_prosecution.store.database import provisioned_database
from cpc_prosecution.store.migrate import upgrade
from cpc_prosecution.store.pool import register_codecs

__all__ = ("add_demo_options", "add_parser", "load_demo")


def add_demo_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("demo data")
    group.add_argument("--cases", type=int, default=2000, help="number of cases (default 2000)")
    group.add_argument("--courts", type=int, default=14, help="family-court branches, at least 7 (default 14)")
    group.add_argument("--years", type=int, default=10, help="years of detections before the as-of date (default 10)")
    group.add_argument("--as-of", type=dt.date.fromisoformat, help="last day with events (default today)")
    group.add_argument("--seed", type=int, default=7, help="random seed (default 7): same seed, same data")


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    demo = commands.add_parser("demo", parents=[common], help="load a seeded demo dataset into an empty database")
    add_demo_options(demo)
    demo.set_defaults(run=_demo)


def _demo(args: argparse.Namespace) -> int:
    settings = load_settings(args)
    with provisioned_database(settings) as url:
        return load_demo(settings, url, args, migrate=True)


def load_demo(settings: Settings, url: str, args: argparse.Namespace, *, migrate: bool = False) -> int:
    """Generate and store the demo dataset unless the database already holds cases; print what was done."""
    today = dt.date.today()
    as_of = args.as_of or today
    if as_of > today:
        print(f"cpc-prosecution: --as-of {as_of} is after today: events cannot be in the future", file=sys.stderr)
        return 2
    started = time.monotonic()

    async def work(conn: asyncpg.Connection) -> DemoLoaded | None:
        if migrate:
            await upgrade(conn)
        await register_codecs(conn)
        if await already_loaded(conn):
            return None
        data = generate(cases=args.cases, courts_count=args.courts, years=args.years, as_of=as_of, seed=args.seed)
        return await load(conn, data)

    try:
        loaded = run_with_connection(settings, url, work)
    except ValueError as exc:
        print(f"cpc-prosecution: demo not loaded: {exc}", file=sys.stderr)
        return 2
    if loaded is None:
        print("demo: the database already holds cases; nothing loaded", file=sys.stderr)
        return 0
    seconds = time.monotonic() - started
    print(
        f"demo: {loaded.cases} cases ({loaded.events} events) loaded in {seconds:.1f} s; release {loaded.release_id}",
        file=sys.stderr,
    )
    # Printed to the terminal only, never logged: the key is stored hashed.
    print(f"demo: analyst API key (type it into /dashboard): {loaded.analyst_key}", file=sys.stderr)
    return 0
