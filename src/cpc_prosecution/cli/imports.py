"""`cpc-prosecution import FILE`: bring a case list kept in Excel or CSV into the database;
`cpc-prosecution import template --layout events|cases [-o FILE]`: the empty template of a layout.

Everything is checked before anything is written; problems are printed one per line as row,
column, value and reason (with the code it most likely meant). Exit 0 when imported (or when a dry
run found nothing wrong), 1 when problems stopped the import, 2 when the file cannot be read.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path
from typing import Any

import asyncpg

from cpc_prosecution.cli.common import load_settings, run_with_connection
from cpc_prosecution.cli.import_progress import import_bar
from cpc_prosecution.services.imports import ImportReport, import_sheet
from cpc_prosecution.services.secrets import resolve_docket_secret
from cpc_prosecution.services.templates import write_template
from cpc_prosecution.spreadsheets.cells import Problem, text
from cpc_prosecution.spreadsheets.layouts import ANCHOR, Layout
from cpc_prosecution.spreadsheets.table import Row, SheetFile, TableError
from cpc_prosecution.store.database import provisioned_database
from cpc_prosecution.store.pool import register_codecs

__all__ = ("add_parser", "describe", "write_rejects")


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "import", parents=[common], help="import cases from a .xlsx or .csv file (docs/import-export.md)"
    )
    parser.add_argument(
        "file", type=Path, metavar="FILE", help="the .xlsx or .csv file; or `template` to write an empty template"
    )
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help="where `import template` writes")
    parser.add_argument(
        "--layout", choices=("events", "cases"), help="one row per event, or per case (default: from the header)"
    )
    parser.add_argument("--dry-run", action="store_true", help="check the file and report; write nothing")
    parser.add_argument(
        "--skip-invalid",
        type=Path,
        metavar="REJECTS.csv",
        help="import the valid cases; write the rows of the others, with their reasons, to this file",
    )
    parser.set_defaults(run=_run)


def describe(problem: Problem) -> str:
    value = f" {problem.value!r}" if problem.value else ""
    hint = f" (did you mean {problem.suggestion}?)" if problem.suggestion else ""
    return f"row {problem.row}, column {problem.column}{value}: {problem.message}{hint}"


def write_rejects(path: Path, columns: tuple[str, ...], rows: list[Row], problems: list[Problem]) -> None:
    """The rejected rows as they were, with the row number and every reason for their case."""
    reasons: dict[int, list[str]] = {}
    for problem in problems:
        reasons.setdefault(problem.row, []).append(describe(problem))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["row", "reasons", *columns])
        for row in rows:
            cells = [text(row.cells.get(column)) for column in columns]
            writer.writerow([row.number, "; ".join(reasons.get(row.number, ["another row of this case"])), *cells])


def _layout(args: argparse.Namespace, sheet: SheetFile) -> Layout:
    if args.layout is not None:
        chosen: Layout = args.layout
        return chosen
    return "events" if "event_type" in sheet.columns else "cases"


def _template(args: argparse.Namespace) -> int:
    layout: Layout = args.layout or "cases"
    output: Path = args.output or Path(f"cpc-import-{layout}.xlsx")
    write_template(output, layout)
    print(f"wrote the {layout} template to {output}")
    return 0


def _run(args: argparse.Namespace) -> int:
    if str(args.file) == "template":
        return _template(args)
    settings = load_settings(args)
    try:
        # Streamed: the file is read row by row (twice when rows are rejected), never held whole.
        sheet = SheetFile(args.file, ANCHOR)
    except (OSError, TableError) as exc:
        print(f"cpc-prosecution: cannot read {args.file}: {exc}", file=sys.stderr)
        return 2
    layout = _layout(args, sheet)
    secret, _ = resolve_docket_secret(settings)

    async def work(conn: asyncpg.Connection) -> ImportReport:
        await register_codecs(conn)
        with import_bar() as bar:
            return await import_sheet(
                conn,
                sheet,
                layout,
                secret,
                dry_run=args.dry_run,
                skip_invalid=args.skip_invalid is not None,
                progress=bar,
            )

    with provisioned_database(settings) as url:
        try:
            report = run_with_connection(settings, url, work)
        except TableError as exc:  # found while streaming, past the header
            print(f"cpc-prosecution: cannot read {args.file}: {exc}", file=sys.stderr)
            return 2
    parsed = report.parsed
    for problem in parsed.problems:
        print(describe(problem), file=sys.stderr)
    if args.skip_invalid is not None and parsed.rejected_rows:
        write_rejects(args.skip_invalid, sheet.columns, parsed.rejected_rows, parsed.problems)
    summary = (
        f"{report.rows_read} rows ({layout} layout): {report.new_cases} new cases, "
        f"{report.extended_cases} known cases extended, {report.events_added} events, "
        f"{len(parsed.rejected_rows)} rows rejected"
    )
    if report.written:
        print(f"imported {summary}")
        return 0
    if args.dry_run:
        print(f"dry run, nothing written: {summary}")
        return 1 if parsed.problems else 0
    print(f"nothing imported ({len(parsed.problems)} problems; --skip-invalid FILE imports the rest): {summary}")
    return 1
