"""`cpc-prosecution db upgrade | status`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import asyncpg

from cpc_prosecution.cli.common import load_settings, run_with_connection
from cpc_prosecution.domain.psgc_file import PsgcFileError
from cpc_prosecution.services.places import MasterlistLoaded, load_masterlist
from cpc_prosecution.services.summaries import RebuildReport, rebuild_summaries
from cpc_prosecution.store.database import provisioned_database
from cpc_prosecution.store.migrate import SchemaStatus, schema_status, upgrade
from cpc_prosecution.store.pool import register_codecs

__all__ = ("add_parser",)


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    db = commands.add_parser("db", help="manage the database schema")
    actions = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    up = actions.add_parser("upgrade", parents=[common], help="apply pending migrations")
    up.set_defaults(run=_upgrade)
    st = actions.add_parser(
        "status", parents=[common], help="list applied and pending migrations (exit 1 unless current)"
    )
    st.set_defaults(run=_status)
    rb = actions.add_parser(
        "rebuild-summaries",
        parents=[common],
        help="rebuild case_summary from the events (--check: only report differences, exit 1 if any)",
    )
    rb.add_argument("--check", action="store_true", help="report differences without rewriting")
    rb.set_defaults(run=_rebuild)
    ps = actions.add_parser(
        "load-psgc",
        parents=[common],
        help="load a PSGC masterlist edition (CSV: psgc,name,level,parent_psgc,city_class), replacing the loaded one",
    )
    ps.add_argument("file", type=Path, help="the masterlist as CSV (UTF-8); see docs/geography.md")
    ps.add_argument("--edition", required=True, help="the PSA edition (psgc_version), year and quarter, e.g. 2024Q4")
    ps.set_defaults(run=_load_psgc)


def _upgrade(args: argparse.Namespace) -> int:
    settings = load_settings(args)
    with provisioned_database(settings) as url:
        applied = run_with_connection(settings, url, upgrade)
    if applied:
        for migration in applied:
            print(f"applied {migration.filename}")
    else:
        print("schema already current")
    return 0


def _status(args: argparse.Namespace) -> int:
    settings = load_settings(args)

    async def work(conn: asyncpg.Connection) -> SchemaStatus:
        return await schema_status(conn)

    with provisioned_database(settings) as url:
        status = run_with_connection(settings, url, work)
    changed = {m.version for m in status.changed}
    for applied in status.applied:
        mark = "CHANGED" if applied.version in changed else "applied"
        print(f"{mark:8} {applied.version:04d}_{applied.name}.sql")
    for pending in status.pending:
        print(f"{'pending':8} {pending.filename}")
    print(status.describe())
    return 0 if status.current else 1


def _rebuild(args: argparse.Namespace) -> int:
    settings = load_settings(args)

    async def work(conn: asyncpg.Connection) -> RebuildReport:
        await register_codecs(conn)
        return await rebuild_summaries(conn, check_only=args.check)

    with provisioned_database(settings) as url:
        report = run_with_connection(settings, url, work)
    for diff in report.differing[:50]:
        print(f"differs  {diff.case_id}  {', '.join(diff.columns)}")
    if len(report.differing) > 50:
        print(f"... and {len(report.differing) - 50} more")
    verb = "checked" if args.check else "rebuilt"
    print(f"{verb} {report.cases} case(s): {len(report.differing)} differing, {report.rewritten} rewritten")
    return 1 if args.check and report.differing else 0


def _load_psgc(args: argparse.Namespace) -> int:
    settings = load_settings(args)
    try:
        text = args.file.read_text(encoding="utf-8-sig")  # a spreadsheet's CSV export may carry a BOM
    except OSError as exc:
        print(f"cannot read {args.file}: {exc.strerror}")
        return 2

    async def work(conn: asyncpg.Connection) -> MasterlistLoaded:
        return await load_masterlist(conn, text.splitlines(), args.edition)

    with provisioned_database(settings) as url:
        try:
            loaded = run_with_connection(settings, url, work)
        except (PsgcFileError, ValueError) as exc:
            print(f"{args.file}: {exc}; nothing loaded")
            return 1
    print(f"loaded PSGC {loaded.version}: {loaded.areas} area(s)")
    if loaded.cases_with_unlisted_place:
        print(f"{loaded.cases_with_unlisted_place} case(s) have a place not in this edition (NOT_RECORDED by place)")
    return 0
