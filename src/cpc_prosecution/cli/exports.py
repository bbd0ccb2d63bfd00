"""`cpc-prosecution export summaries|events --format csv|xlsx [-o FILE]`: every case, for the operator.

`events` writes the `events` import layout, so its file imports into another database as it is.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import asyncpg

from cpc_prosecution.cli.common import load_settings, run_with_connection
from cpc_prosecution.services.exports import Table, export_events, export_summaries, write_table
from cpc_prosecution.store.database import provisioned_database
from cpc_prosecution.store.pool import register_codecs

__all__ = ("add_parser",)


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "export", parents=[common], help="export case summaries or event histories (docs/import-export.md)"
    )
    parser.add_argument("what", choices=("summaries", "events"), help="one row per case, or per event")
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv", help="default csv")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help="default cpc-<what>.<format>")
    parser.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    settings = load_settings(args)
    output: Path = args.output or Path(f"cpc-{args.what}.{args.format}")

    async def work(conn: asyncpg.Connection) -> Table:
        await register_codecs(conn)
        return await (export_events(conn) if args.what == "events" else export_summaries(conn))

    with provisioned_database(settings) as url:
        table = run_with_connection(settings, url, work)
    write_table(output, table, args.format)
    print(f"wrote {len(table.rows)} {args.what} rows to {output}")
    return 0
