"""Exports: case summaries and event histories as CSV or XLSX, scoped to what the caller may see.

`summaries` is one row per case: its owning office and the `case_summary` columns (no personal data,
no docket number).
`events` is the `events` import layout, one row per standing event (corrections applied), so an
export imports again. Docket numbers are never stored in clear, so the `docket_number` column holds
the case id: re-importing registers it as the case's key in the other database.
"""

from __future__ import annotations

import asyncio
import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING, Final, Literal

import msgspec
import xlsxwriter

from cpc_prosecution.crosswalks import CROSSWALKS, MAPPING_COLUMNS, Crosswalk, mapping_rows
from cpc_prosecution.domain import effective_history
from cpc_prosecution.metrics.periods import Period, parse_period
from cpc_prosecution.releases.document import ReleaseDocument, TableLink
from cpc_prosecution.services import audit, releases
from cpc_prosecution.services.access import CASE_READERS, Principal, require_role
from cpc_prosecution.services.errors import InvalidInput, NotFound
from cpc_prosecution.spreadsheets.events_layout import event_columns
from cpc_prosecution.spreadsheets.rendering import event_cells, plain_cell
from cpc_prosecution.store import case_events
from cpc_prosecution.store.case_summaries import SUMMARY_FIELDS, read_all_summaries, read_summaries_in_scope
from cpc_prosecution.store.metric_sql.predicates import in_scope

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

__all__ = (
    "Format",
    "Table",
    "crosswalk_mapping",
    "export_crosswalk",
    "export_events",
    "export_summaries",
    "release_workbook",
    "release_workbook_bytes",
    "table_bytes",
    "write_table",
)

Format = Literal["csv", "xlsx"]


class Table(msgspec.Struct, frozen=True, kw_only=True):
    columns: tuple[str, ...]
    rows: list[list[str]]


#: Every case when no offices are bound (the operator), else the shared scope predicate.
_SCOPE: Final = f"($1::text[] IS NULL OR {in_scope('$1', '$2')})"


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


def _crosswalk(target: str) -> Crosswalk:
    if target not in CROSSWALKS:
        raise NotFound(f"no crosswalk {target!r} ({', '.join(CROSSWALKS)})")
    return CROSSWALKS[target]


def _period(crosswalk: Crosswalk, code: str | None) -> Period | None:
    if not crosswalk.needs_period:
        if code is not None:
            raise InvalidInput("period", f"{crosswalk.target} has one row per case and takes no period")
        return None
    if code is None:
        raise InvalidInput("period", f"{crosswalk.target} counts per period: give one (2025, 2025Q4, 2025-03, FY2025)")
    try:
        return parse_period(code)
    except ValueError as exc:
        raise InvalidInput("period", str(exc)) from None


async def export_crosswalk(
    conn: Connection, target: str, *, period: str | None = None, principal: Principal | None = None
) -> Table:
    """The crosswalk's rows over the cases the caller may read (docs/crosswalks.md)."""
    crosswalk = _crosswalk(target)
    window = _period(crosswalk, period)
    offices, regions = _scope(principal)
    if offices is None:
        summaries = await read_all_summaries(conn)
    else:
        summaries = await read_summaries_in_scope(conn, offices, regions)
    if principal is not None:
        await audit.record_read(conn, principal, "ExportCrosswalk", None)
    return Table(columns=crosswalk.columns, rows=crosswalk.rows(summaries, window))


def crosswalk_mapping(target: str) -> Table:
    """The crosswalk's mapping, line by line: target field or category, source fields, rule, or why it
    cannot be filled."""
    return Table(columns=MAPPING_COLUMNS, rows=mapping_rows(_crosswalk(target)))


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


#: CSV columns of a release table written as numbers in the workbook (the rest stay text, as a period
#: code like 2025 must).
_NUMBER_COLUMNS: Final = frozenset({"value", "rounding"})


async def release_workbook(conn: Connection, release_id: str) -> bytes:
    """Every table of a stored release in one .xlsx: a contents sheet (the release, the footnote, each
    table's title, unit and definition), then one sheet per table holding exactly its published CSV
    cells (a confidential cell stays empty with status `confidential`). Built from the stored bytes, so
    it shows nothing the release does not; the same release always gives the same bytes."""
    document = msgspec.json.decode(await releases.read_document(conn, release_id), type=ReleaseDocument)
    tables = [(link, await releases.read_table(conn, release_id, link.id, "csv")) for link in document.tables]
    # A quarter's workbook takes a few hundred milliseconds to write: not on the event loop.
    return await asyncio.to_thread(release_workbook_bytes, document, tables)


def release_workbook_bytes(document: ReleaseDocument, tables: list[tuple[TableLink, bytes]]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    # The build time, not now: the file's bytes depend on the release only.
    book.set_properties({"title": f"Release {document.release_id}", "created": document.built_at})
    bold = book.add_format({"bold": True})
    contents = book.add_worksheet("Contents")
    about = [
        ("release_id", document.release_id),
        ("period", document.period),
        ("revision", str(document.revision)),
        ("data_cutoff", document.data_cutoff.isoformat()),
        ("content_hash", document.content_hash),
        ("methodology", document.methodology),
        ("footnote", document.footnote),
    ]
    for r, (name, value) in enumerate(about):
        contents.write_string(r, 0, name, bold)
        contents.write_string(r, 1, value)
    top = len(about) + 1
    contents.write_row(top, 0, ("sheet", "table", "title", "unit", "measure", "csv"), bold)
    for n, (link, body) in enumerate(tables, start=1):
        name = f"{n:02d}"
        contents.write_row(top + n, 0, (name, link.id, link.title, link.unit, link.measure, link.csv))
        sheet = book.add_worksheet(name)
        reader = csv.reader(io.StringIO(body.decode()))
        header = next(reader)
        sheet.write_row(0, 0, header, bold)
        numbers = {i for i, column in enumerate(header) if column in _NUMBER_COLUMNS}
        for r, row in enumerate(reader, start=1):
            for c, cell in enumerate(row):
                if c in numbers and cell:
                    sheet.write_number(r, c, int(cell))
                elif cell:
                    sheet.write_string(r, c, cell)
    book.close()
    return buffer.getvalue()
