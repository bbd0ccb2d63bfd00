"""Spreadsheets in and out: import a case list; case summaries, event histories and crosswalks (scoped to
the key, audited); import templates."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any, Final, Literal

import anyio
import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.datastructures import State
from litestar.params import FromPath, QueryParameter
from python_calamine import CalamineError

from cpc_api.auditing import audited
from cpc_api.deps import Caller, Db
from cpc_api.openapi_examples import PROBLEM_RESPONSES
from cpc_api.params import reject_unknown_query
from cpc_prosecution.services import exports, imports
from cpc_prosecution.services.errors import InvalidInput, NotFound
from cpc_prosecution.services.templates import template_bytes
from cpc_prosecution.spreadsheets.cells import Problem
from cpc_prosecution.spreadsheets.layouts import ANCHOR, Layout
from cpc_prosecution.spreadsheets.table import Sheet, TableError, read_sheet

__all__ = ("ExportsController", "ImportsController")

_MEDIA: Final = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_READ = {k: PROBLEM_RESPONSES[k] for k in (400, 401, 403, 404)}
_WRITE = {k: PROBLEM_RESPONSES[k] for k in (400, 401, 403)}
_FILES: Final = {f"{what}.{fmt}": (what, fmt) for what in ("summaries", "events") for fmt in ("csv", "xlsx")}


class ExportsController(Controller):
    path = "/v1"
    tags = ["Spreadsheets"]

    @get("/exports/{name:str}", operation_id="Export", summary="Export cases as CSV or XLSX", responses=_READ)
    async def export(
        self, request: Request[Any, Any, Any], db: Db, principal: Caller, name: FromPath[str]
    ) -> Response[bytes]:
        """`summaries.csv|xlsx`: one row per case (no personal data, no docket number); `events.csv|xlsx`:
        the `events` import layout, one row per standing event. Only the cases the key may read; audited."""
        reject_unknown_query(request, ())
        if name not in _FILES:
            raise NotFound(f"no export {name!r} (summaries.csv, summaries.xlsx, events.csv, events.xlsx)")
        what, fmt = _FILES[name]
        build = exports.export_events if what == "events" else exports.export_summaries
        operation = "ExportEvents" if what == "events" else "ExportSummaries"
        table = await audited(db, principal, operation, None, build(db, principal=principal), records_own_entry=True)
        body = exports.table_bytes(table, "csv" if fmt == "csv" else "xlsx")
        headers = {"Content-Disposition": f'attachment; filename="cpc-{name}"'}
        return Response(content=body, media_type=_MEDIA[fmt], headers=headers)

    @get(
        "/exports/crosswalks/{name:str}",
        operation_id="ExportCrosswalk",
        summary="Case data in another system's categories (RA 9208 §16-A, Justice Counts, HTCDS, NCSC)",
        responses={**_READ, 422: PROBLEM_RESPONSES[422]},
    )
    async def crosswalk(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        principal: Caller,
        name: FromPath[str],
        period: Annotated[
            str | None, QueryParameter(description="2025, 2025Q4, 2025-03 or FY2025 (not for htcds)", max_length=10)
        ] = None,
    ) -> Response[bytes]:
        """`<target>.csv|xlsx`: the target's rows over the cases the key may read (audited);
        `<target>-mapping.csv`: how each target field or category is filled, or why it cannot be.
        Targets: ra9208-16a, justice-counts, htcds, ncsc (docs/crosswalks.md)."""
        reject_unknown_query(request, ("period",))
        stem, _, fmt = name.rpartition(".")
        if fmt not in _MEDIA or not stem:
            raise NotFound(f"no crosswalk file {name!r} (<target>.csv, <target>.xlsx, <target>-mapping.csv)")
        if stem.endswith("-mapping"):
            table = exports.crosswalk_mapping(stem.removesuffix("-mapping"))
        else:
            call = exports.export_crosswalk(db, stem, period=period, principal=principal)
            table = await audited(db, principal, "ExportCrosswalk", None, call, records_own_entry=True)
        body = exports.table_bytes(table, "csv" if fmt == "csv" else "xlsx")
        headers = {"Content-Disposition": f'attachment; filename="cpc-{name}"'}
        return Response(content=body, media_type=_MEDIA[fmt], headers=headers)

    @get("/import/template.xlsx", operation_id="ImportTemplate", summary="An import template", responses=_READ)
    async def template(
        self,
        request: Request[Any, Any, Any],
        principal: Caller,
        layout: Annotated[Literal["events", "cases"], QueryParameter()] = "cases",
    ) -> Response[bytes]:
        """The layout's .xlsx template: drop-downs of valid codes, a sheet explaining every column, an
        example row (docs/import-export.md). Any valid key."""
        reject_unknown_query(request, ("layout",))
        headers = {"Content-Disposition": f'attachment; filename="cpc-import-{layout}.xlsx"'}
        return Response(content=template_bytes(layout), media_type=_MEDIA["xlsx"], headers=headers)


class ImportResult(msgspec.Struct, frozen=True, kw_only=True):
    """What an import found and did: counts, every problem (row, column, value, message, suggestion) and
    the spreadsheet rows rejected (each case all or nothing)."""

    written: bool
    new_cases: int
    extended_cases: int
    events_added: int
    problems: list[Problem]
    rejected_rows: list[int]


def _read_upload(body: bytes, xlsx: bool) -> Sheet:
    with tempfile.NamedTemporaryFile(suffix=".xlsx" if xlsx else ".csv") as handle:
        handle.write(body)
        handle.flush()
        return read_sheet(Path(handle.name), ANCHOR)


class ImportsController(Controller):
    path = "/v1"
    tags = ["Spreadsheets"]

    @post("/imports", operation_id="ImportSpreadsheet", summary="Import a .xlsx or .csv case list", responses=_WRITE)
    async def import_file(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        principal: Caller,
        state: State,
        layout: Annotated[Literal["events", "cases"] | None, QueryParameter()] = None,
        dry_run: Annotated[bool, QueryParameter()] = False,
        skip_invalid: Annotated[bool, QueryParameter()] = False,
    ) -> Response[ImportResult]:
        """The body is the file itself (.xlsx or UTF-8 .csv). Everything is checked before anything is
        written: 201 when imported, 200 for a dry run, 422 (with the same report) when problems stopped it.
        Admins, and liaison keys for their own offices; audited. docs/import-export.md."""
        reject_unknown_query(request, ("layout", "dry_run", "skip_invalid"))
        body = await request.body()
        try:
            sheet = await anyio.to_thread.run_sync(_read_upload, body, body[:2] == b"PK")
        except (TableError, UnicodeDecodeError, CalamineError) as exc:
            raise InvalidInput("body", f"not a readable case list: {exc}") from None
        chosen: Layout = layout or ("events" if "event_type" in sheet.columns else "cases")
        call = imports.import_sheet(
            db, sheet, chosen, state.docket_secret, principal=principal, dry_run=dry_run, skip_invalid=skip_invalid
        )
        report = await audited(db, principal, "ImportSpreadsheet", None, call, writes_own_entry=True)
        result = ImportResult(
            written=report.written,
            new_cases=report.new_cases,
            extended_cases=report.extended_cases,
            events_added=report.events_added,
            problems=report.parsed.problems,
            rejected_rows=[row.number for row in report.parsed.rejected_rows],
        )
        status = 201 if report.written else 200 if dry_run else 422
        return Response(content=result, status_code=status)
