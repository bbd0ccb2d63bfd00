"""Spreadsheets out: case summaries and event histories (scoped to the key, audited) and import templates."""

from __future__ import annotations

from typing import Annotated, Any, Final, Literal

from litestar import Controller, Request, Response, get
from litestar.params import FromPath, QueryParameter

from cpc_api.auditing import audited
from cpc_api.deps import Caller, Db
from cpc_api.openapi_examples import PROBLEM_RESPONSES
from cpc_api.params import reject_unknown_query
from cpc_prosecution.services import exports
from cpc_prosecution.services.errors import NotFound
from cpc_prosecution.services.templates import template_bytes

__all__ = ("ExportsController",)

_MEDIA: Final = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_READ = {k: PROBLEM_RESPONSES[k] for k in (400, 401, 403, 404)}
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
