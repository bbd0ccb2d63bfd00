"""`cpc-prosecution export summaries|events|crosswalk|release …`: every case, for the operator.

`events` writes the `events` import layout, so its file imports into another database as it is.
`crosswalk --target T [--period P] [--mapping]` writes a crosswalk (docs/crosswalks.md) or its mapping;
`release --release ID` writes a stored release's tables as one .xlsx (the published cells).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import asyncpg

from cpc_prosecution.cli.common import load_settings, run_with_connection
from cpc_prosecution.crosswalks import CROSSWALKS
from cpc_prosecution.services.errors import InvalidInput, NotFound
from cpc_prosecution.services.exports import (
    Table,
    crosswalk_mapping,
    export_crosswalk,
    export_events,
    export_summaries,
    release_workbook,
    write_table,
)
from cpc_prosecution.store.database import provisioned_database
from cpc_prosecution.store.pool import register_codecs

__all__ = ("add_parser",)


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "export",
        parents=[common],
        help="export case summaries, event histories, crosswalks or release tables (docs/import-export.md)",
    )
    parser.add_argument(
        "what",
        choices=("summaries", "events", "crosswalk", "release"),
        help="one row per case, per event, a crosswalk (--target), or a release's tables as .xlsx (--release)",
    )
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv", help="default csv (release: xlsx)")
    parser.add_argument("--target", choices=sorted(CROSSWALKS), help="crosswalk: the target (docs/crosswalks.md)")
    parser.add_argument("--period", metavar="PERIOD", help="crosswalk: 2025, 2025Q4, 2025-03 or FY2025")
    parser.add_argument("--mapping", action="store_true", help="crosswalk: write the mapping, not the data")
    parser.add_argument("--release", metavar="ID", help="release: the release id, e.g. 2025Q4.1")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help="default cpc-<what>.<format>")
    parser.set_defaults(run=_run)


def _name(args: argparse.Namespace) -> str:
    if args.what == "crosswalk":
        return f"cpc-{args.target}{'-mapping' if args.mapping else ''}.{args.format}"
    if args.what == "release":
        return f"cpc-release-{args.release}.xlsx"
    return f"cpc-{args.what}.{args.format}"


def _run(args: argparse.Namespace) -> int:
    if args.what == "crosswalk" and args.target is None:
        print("cpc-prosecution: export crosswalk needs --target", file=sys.stderr)
        return 2
    if args.what == "release" and args.release is None:
        print("cpc-prosecution: export release needs --release ID", file=sys.stderr)
        return 2
    output: Path = args.output or Path(_name(args))
    if args.what == "crosswalk" and args.mapping:
        table = crosswalk_mapping(args.target)
        write_table(output, table, args.format)
        print(f"wrote the {args.target} mapping ({len(table.rows)} lines) to {output}")
        return 0
    settings = load_settings(args)

    async def work(conn: asyncpg.Connection) -> Table | bytes:
        await register_codecs(conn)
        if args.what == "release":
            return await release_workbook(conn, args.release)
        if args.what == "crosswalk":
            return await export_crosswalk(conn, args.target, period=args.period)
        return await (export_events(conn) if args.what == "events" else export_summaries(conn))

    try:
        with provisioned_database(settings) as url:
            result = run_with_connection(settings, url, work)
    except (InvalidInput, NotFound) as exc:
        print(f"cpc-prosecution: nothing exported: {exc.detail}", file=sys.stderr)
        return 2
    if isinstance(result, bytes):
        output.write_bytes(result)
        print(f"wrote release {args.release} to {output}")
        return 0
    write_table(output, result, args.format)
    print(f"wrote {len(result.rows)} {args.what} rows to {output}")
    return 0
