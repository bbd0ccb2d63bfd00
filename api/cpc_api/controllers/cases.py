"""Cases: open, append events, read one (as of a date), list with filters, find by docket number.

Every operation needs an API key: liaison keys read and write their offices' cases, analyst keys read
within their offices or regions. Every write and every read of a case is audited.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator
from typing import Annotated, Any, Final, cast

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.datastructures import State
from litestar.openapi.spec import Example
from litestar.params import Body, FromPath, QueryParameter
from litestar.response import Stream

from cpc_api.auditing import audited
from cpc_api.deps import REPLICA_READS, Caller, Db
from cpc_api.openapi_examples import APPEND_EXAMPLES, DOCKET, OPEN_CASE, PROBLEM_RESPONSES
from cpc_api.params import IdempotencyKey, reject_unknown_query
from cpc_prosecution.domain import CaseType, Stage
from cpc_prosecution.domain.dockets import DocketKind
from cpc_prosecution.domain.examples import CITY_OFFICE, plea_bargain_history
from cpc_prosecution.domain.types import IDENTIFIER_PATTERN
from cpc_prosecution.services import case_queries, cases, docket_registry
from cpc_prosecution.services.access import Principal
from cpc_prosecution.services.case_commands import (
    AppendEvents,
    CaseOpened,
    DocketNumber,
    EventsAppended,
    OpenCase,
)
from cpc_prosecution.services.case_queries import CasePage, CaseRecord
from cpc_prosecution.services.docket_registry import CaseRef
from cpc_prosecution.services.errors import InvalidInput
from cpc_prosecution.store.case_listing import CaseFilter

__all__ = ("CaseController",)

_HISTORY = plea_bargain_history()

#: Opening a case recorded after the fact: the tagged detection and the events that followed it.
OPEN_CASE_WITH_HISTORY: Final = Example(
    summary="A case recorded after the fact: the detection and what followed, in one request",
    value={
        "office_id": CITY_OFFICE.office_id,
        "first_event": {k: v for k, v in msgspec.to_builtins(_HISTORY[0]).items() if k != "case_id"},
        "events": msgspec.to_builtins(_HISTORY[1:4]),
    },
)

Query = QueryParameter
ID = IDENTIFIER_PATTERN
_LIST_FILTERS = ("office", "court", "hotspot", "case_type", "stage", "overdue", "due_within")
_LIST_PARAMS = (*_LIST_FILTERS, "cursor", "limit", "format")
_ERRORS = PROBLEM_RESPONSES


class CaseController(Controller):
    path = "/v1/cases"
    tags = ["Cases"]

    @post(
        "/",
        operation_id="OpenCase",
        summary="Open a case with its detection",
        responses={k: _ERRORS[k] for k in (400, 401, 403, 409, 422)},
    )
    async def open_case(
        self,
        db: Db,
        principal: Caller,
        state: State,
        data: Annotated[OpenCase, Body(examples=[OPEN_CASE, OPEN_CASE_WITH_HISTORY])],
        idempotency_key: IdempotencyKey,
    ) -> CaseOpened:
        """Creates a case owned by `office_id` (one of the key's offices) whose first event is the
        detection (tagged `"type": "detection"` as in an append, or untagged), optionally followed by
        `events`, the history recorded since: all stored or nothing, as an append would (422 names the
        refused event's seq). The case's id is a random UUID. Docket numbers are stored only as keyed
        hashes."""
        call = cases.open_case(
            db, data, principal=principal, docket_secret=state.docket_secret, idempotency_key=idempotency_key
        )
        return await audited(db, principal, "OpenCase", None, call, writes_own_entry=True)

    @post(
        "/{case_id:uuid}/events",
        operation_id="AppendCaseEvents",
        summary="Append events to a case",
        responses=_ERRORS,
    )
    async def append_events(
        self,
        db: Db,
        principal: Caller,
        case_id: FromPath[uuid.UUID],
        data: Annotated[AppendEvents, Body(examples=APPEND_EXAMPLES)],
        idempotency_key: IdempotencyKey,
    ) -> EventsAppended:
        """Appends events in order. 409 if `expected_version` is stale (the body says the current version);
        422 if an event is not allowed next or is dated before an event it depends on (the body names the
        current stage and the events allowed next). Nothing is stored on any error."""
        call = cases.append_events(db, case_id, data, principal=principal, idempotency_key=idempotency_key)
        return await audited(db, principal, "AppendCaseEvents", case_id, call, writes_own_entry=True)

    @get(
        "/{case_id:uuid}",
        operation_id="GetCase",
        summary="A case: state, summary, timeline and legal clocks",
        responses={k: _ERRORS[k] for k in (400, 401, 403, 404, 422)},
    )
    async def get_case(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        principal: Caller,
        case_id: FromPath[uuid.UUID],
        as_of: Annotated[dt.date | None, Query(description="Business date to compute the state and clocks for")] = None,
        known_at: Annotated[
            dt.datetime | None, Query(description="Use only events recorded by this moment (with timezone)")
        ] = None,
    ) -> CaseRecord:
        """The case as it stands (or stood on `as_of`), with each legal clock's due date and status."""

        async def read() -> CaseRecord:
            reject_unknown_query(request, ("as_of", "known_at"))
            if known_at is not None and known_at.tzinfo is None:
                raise InvalidInput("known_at", "must include a timezone offset")
            return await case_queries.get_case(db, case_id, principal=principal, as_of=as_of, known_at=known_at)

        return await audited(db, principal, "GetCase", case_id, read())

    @get(
        "/",
        operation_id="ListCases",
        summary="List cases, filtered, in a stable order",
        responses={k: _ERRORS[k] for k in (400, 401, 403)},
        opt=REPLICA_READS,
    )
    async def list_cases(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        principal: Caller,
        office: Annotated[str | None, Query(description="owning prosecution office id", pattern=ID)] = None,
        court: Annotated[str | None, Query(description="court id", pattern=ID)] = None,
        hotspot: Annotated[str | None, Query(description="hotspot id", pattern=ID)] = None,
        case_type: Annotated[CaseType | None, Query()] = None,
        stage: Annotated[Stage | None, Query()] = None,
        overdue: Annotated[bool, Query(description="only cases with a legal deadline running overdue")] = False,
        due_within: Annotated[
            int | None,
            Query(ge=0, le=366, description="only cases with an open legal obligation overdue or due within N days"),
        ] = None,
        cursor: Annotated[str | None, Query(description="next_cursor of the previous page", max_length=64)] = None,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
        format: Annotated[str, Query(pattern="^(json|csv)$", description="json (default) or csv")] = "json",
    ) -> Response[CasePage]:
        """Cases within the key's scope, in the order they were opened, `limit` per page; follow
        `next_cursor` for more. `due_within` keeps the cases the worklist would show for the same days.
        `format=csv`: every matching case (all pages, streamed; `cursor` and `limit` do not apply)."""
        where = CaseFilter(
            office_id=office, court_id=court, hotspot_id=hotspot, case_type=case_type, stage=stage, limit=limit
        )
        if format == "csv":
            return await self._list_csv(request, db, principal, where, overdue=overdue, due_within=due_within)

        async def read() -> CasePage:
            reject_unknown_query(request, _LIST_PARAMS)
            after = None if cursor is None else case_queries.decode_cursor(cursor)
            return await case_queries.list_cases(
                db,
                msgspec.structs.replace(where, after=after),
                principal=principal,
                overdue=overdue,
                due_within=due_within,
            )

        return Response(await audited(db, principal, "ListCases", None, read()))

    async def _list_csv(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        principal: Principal,
        where: CaseFilter,
        *,
        overdue: bool,
        due_within: int | None,
    ) -> Response[CasePage]:
        """Checked and audited before the first byte; the rows then come a batch at a time on a connection
        of the stream's own (the request's is returned when the handler ends)."""

        async def check() -> None:
            reject_unknown_query(request, _LIST_PARAMS)
            if "cursor" in request.query_params:
                raise InvalidInput("cursor", "a CSV list holds every page; drop cursor")
            case_queries.check_listing(principal)

        await audited(db, principal, "ListCases", None, check())
        pool = request.app.state.pool

        async def rows() -> AsyncIterator[str]:
            yield case_queries.listing_csv([], header=True)
            async with pool.acquire() as conn:
                batches = case_queries.all_listed_cases(
                    conn, where, principal=principal, overdue=overdue, due_within=due_within
                )
                async for batch in batches:
                    yield case_queries.listing_csv(batch, header=False)

        headers = {"Content-Disposition": 'attachment; filename="cpc-cases.csv"'}
        stream = Stream(rows(), media_type="text/csv; charset=utf-8", headers=headers)
        # The handler is typed (and documented) by its JSON page; any Response subclass is sent as it is.
        return cast("Response[CasePage]", stream)

    @get(
        "/lookup",
        operation_id="LookupCaseByDocket",
        summary="Find a case by its docket number",
        responses={k: _ERRORS[k] for k in (400, 401, 403, 404)},
    )
    async def lookup(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        principal: Caller,
        state: State,
        docket: Annotated[str, Query(min_length=1, max_length=64, description="NPS docket or criminal case number")],
        office: Annotated[str | None, Query(description="office whose NPS docket this is", pattern=ID)] = None,
        court: Annotated[str | None, Query(description="court whose criminal case number this is", pattern=ID)] = None,
    ) -> CaseRef:
        """Give exactly one of `office` (NPS docket) or `court` (criminal case number)."""

        async def read() -> CaseRef:
            reject_unknown_query(request, ("docket", "office", "court"))
            if (office is None) == (court is None):
                raise InvalidInput("office", "give exactly one of office or court")
            number = DocketNumber(
                kind=DocketKind.NPS if office else DocketKind.CRIMINAL_CASE,
                scope_id=office or court or "",
                number=docket,
            )
            return await docket_registry.find_case(db, number, state.docket_secret, principal=principal)

        return await audited(db, principal, "LookupCaseByDocket", None, read())

    @post(
        "/{case_id:uuid}/dockets",
        operation_id="AddCaseDocket",
        summary="Register a docket number for a case",
        responses=_ERRORS,
    )
    async def add_docket(
        self,
        db: Db,
        principal: Caller,
        state: State,
        case_id: FromPath[uuid.UUID],
        data: Annotated[DocketNumber, Body(examples=[DOCKET])],
    ) -> CaseRef:
        """For example the criminal case number once the Information is filed. Stored only as a keyed hash;
        409 if another case already holds the number in that office or court."""
        call = docket_registry.add_docket(db, case_id, data, state.docket_secret, principal=principal)
        return await audited(db, principal, "AddCaseDocket", case_id, call, writes_own_entry=True)
