"""`cpc-prosecution release build --period 2025Q4`: build and store a disclosure-controlled release."""

from __future__ import annotations

import argparse
import sys
from typing import Any

import asyncpg

from cpc_prosecution.cli.common import load_settings, run_with_connection
from cpc_prosecution.releases.build import BuiltRelease
from cpc_prosecution.services import releases
from cpc_prosecution.services.errors import InvalidInput, Refused
from cpc_prosecution.store.database import provisioned_database
from cpc_prosecution.store.pool import register_codecs

__all__ = ("add_parser",)


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    release = commands.add_parser("release", help="build disclosure-controlled releases")
    actions = release.add_subparsers(dest="release_command", required=True, metavar="ACTION")
    build = actions.add_parser(
        "build", parents=[common], help="build and store the release of a quarter (a revision if one exists)"
    )
    build.add_argument("--period", required=True, metavar="QUARTER", help="the quarter, e.g. 2025Q4")
    build.add_argument(
        "--threshold",
        type=int,
        metavar="K",
        help="k: counts 1..k-1 are hidden (default: the year's policy, else 11; min 3)",
    )
    build.add_argument(
        "--cases-per-child",
        type=int,
        metavar="C",
        help="most cases one child is assumed to be named in (default: the year's policy, else 2)",
    )
    build.add_argument(
        "--differential-privacy",
        action="store_true",
        default=None,
        help="noise the region and national tables (needs the dp extra; charges the year's privacy budget); "
        "default: the year's policy",
    )
    build.add_argument(
        "--dp-epsilon",
        type=float,
        metavar="EPSILON",
        help="total ε this release may spend (default 1.0; the annual cap is 4.0)",
    )
    build.set_defaults(run=_build)


def _build(args: argparse.Namespace) -> int:
    settings = load_settings(args)
    request = releases.BuildRequest(
        period=args.period,
        threshold=args.threshold,
        cases_per_child=args.cases_per_child,
        differential_privacy=args.differential_privacy,
        dp_epsilon=args.dp_epsilon,
    )

    async def work(conn: asyncpg.Connection) -> BuiltRelease:
        await register_codecs(conn)
        return await releases.build(conn, request, principal=None)

    try:
        with provisioned_database(settings) as url:
            built = run_with_connection(settings, url, work)
    except (InvalidInput, Refused) as exc:
        print(f"cpc-prosecution: release not built: {exc.detail}", file=sys.stderr)
        return 2 if isinstance(exc, InvalidInput) else 1
    hidden = len(built.protection.hidden())
    steps = ", ".join(f"{step} {seconds:.2f} s" for step, seconds in built.timings.items())
    cells = len(built.protection.cells)
    print(f"built release {built.release_id}: {len(built.rendered)} tables, {hidden} of {cells} cells hidden")
    print(f"content hash {built.content_hash}")
    if built.dp is not None:
        print(f"differential privacy: ε={built.dp['epsilon']:g} charged to {built.dp['budget_period']}")
    print(f"time: {steps}")
    return 0
