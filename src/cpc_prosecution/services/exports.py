"""Exports: case summaries and event histories as CSV or XLSX, scoped to what the caller may see.

`summaries` is one row per case: its owning office and the `case_summary` columns (no personal data,
no docket number).
`events` is the `events` import layout, one row per standing event (corrections applied), so an
export imports again. Docket numbers are never stored in clear, so the `docket_number` column holds
the case id: re-importing registers it as the case's key in the other database.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import msgspec
import xlsxwriter

from cpc_prosecution.domain import effective_history
from cpc_prosecution.services import audit
from cpc_prosecution.services.access import CASE_READERS, Principal, require_role
from cpc_prosecution.spreadsheets.events_layout import event_columns
from cpc_prosecution.spreadsheets.rendering import event_cells, plain_cell
from cpc_prosecution.store import case_events
from cpc_prosecution.store.case_summaries import SUMMARY_FIELDS

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

__all__ = ("Format", "Table", "export_events", "export_summaries", "table_bytes", "write_table")

Format = Literal["csv", "xlsx"]


class Table(msgspec.Struct, frozen=True, kw_only=True):
    columns: tuple[str, ...]
    rows: list[list[str]]


_SCOPE = """(  $1::text[] IS NULL OR owner_office_id = any($1::text[])
            OR court_judicial_region = any($2::text[]))"""


def _scope(principal: Principal | None) -> tuple[list[str] | None, list[str]]:
    """No principal (the command line, run by the operator): every case."""
    if principal is None:
        return None, []
    require_role(principal, *CASE_READERS)
    return sorted(principal.offices), sorted(principal.regions) if principal.role.value == "analyst" else []


async def export_summaries(conn: Connection, *, principal: Principal | None = None) -> Table:
    offices, regions = _scope(principal)
    columns = ("owner_office_id", *SUMMARY_FIELDS)
    rows = await conn.fetch(
        f"SELECT {', '.join(columns)} FROM case_summary WHERE {_SCOPE} ORDER BY list_order",  # noqa: S608
        offices,
        regions,
    )
    if principal is not None:
        await audit.record_read(conn, principal, "ExportSummaries", None)
    return Table(columns=columns, rows=[[plain_cell(r[f]) for f in columns] for r in rows])


async def export_events(conn: Connection, *, principal: Principal | None = None) -> Table:
    offices, regions = _scope(principal)
    cases = await conn.fetch(
        f"SELECT case_id, owner_office_id FROM case_summary WHERE {_SCOPE} ORDER BY list_order",  # noqa: S608
        offices,
        regions,
    )
    histories = await case_events.load_histories(conn, [c["case_id"] for c in cases])
    columns = event_columns()
    rows: list[list[str]] = []
    for case in cases:
        standing = effective_history((r.seq, r.event) for r in histories[case["case_id"]])
        for _, event in standing:
            cells = event_cells(case["owner_office_id"], str(case["case_id"]).upper(), event)
            rows.append([cells.get(column, "") for column in columns])
    if principal is not None:
        await audit.record_read(conn, principal, "ExportEvents", None)
    return Table(columns=columns, rows=rows)


def table_bytes(table: Table, fmt: Format) -> bytes:
    """The table as a CSV (UTF-8) or XLSX file's bytes."""
    if fmt == "csv":
        text = io.StringIO(newline="")
        writer = csv.writer(text)
        writer.writerow(table.columns)
        writer.writerows(table.rows)
        return text.getvalue().encode()
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet("Export")
    sheet.write_row(0, 0, table.columns, book.add_format({"bold": True}))
    for r, row in enumerate(table.rows, start=1):
        sheet.write_row(r, 0, row)
    book.close()
    return buffer.getvalue()


def write_table(path: Path, table: Table, fmt: Format) -> None:
    path.write_bytes(table_bytes(table, fmt))
