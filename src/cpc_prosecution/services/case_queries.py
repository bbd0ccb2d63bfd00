"""Reading cases: one case with its timeline and clocks (optionally as of a date or as known at a
moment), and filtered listings with cursors."""

from __future__ import annotations

import base64
import binascii
import csv
import datetime as dt
import io
import uuid
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Final

import msgspec

from cpc_prosecution.domain import (
    CaseEvent,
    CaseState,
    CaseSummary,
    Deadline,
    deadlines,
    fold_recorded,
    state_as_known_at,
    state_as_of,
    summarize,
)
from cpc_prosecution.services import worklist
from cpc_prosecution.services.access import CASE_READERS, Principal, require_role
from cpc_prosecution.services.errors import Forbidden, InvalidInput, NotFound
from cpc_prosecution.services.projection import manila_today
from cpc_prosecution.spreadsheets.rendering import plain_cell
from cpc_prosecution.store import case_events
from cpc_prosecution.store.case_listing import CaseFilter, CaseListing, list_case_rows
from cpc_prosecution.store.case_summaries import read_scope

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

__all__ = (
    "LISTING_COLUMNS",
    "CaseListing",
    "CasePage",
    "CaseRecord",
    "TimelineEntry",
    "all_listed_cases",
    "check_listing",
    "decode_cursor",
    "get_case",
    "list_cases",
    "listing_csv",
)


class TimelineEntry(msgspec.Struct, frozen=True, kw_only=True):
    seq: int
    recorded_at: dt.datetime
    event: CaseEvent


class CaseRecord(msgspec.Struct, frozen=True, kw_only=True):
    """A case as the API shows it: state, summary, timeline and the legal clocks."""

    case_id: uuid.UUID
    owner_office_id: str
    version: int
    """Version of the stored history (pass it as `expected_version` to append)."""
    as_of: dt.date
    """Business date the state and clocks are computed for."""
    known_at: dt.datetime | None
    """When given: only events recorded by this moment were used."""
    summary: CaseSummary
    deadlines: list[Deadline]
    timeline: list[TimelineEntry]
    state: CaseState


class CasePage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[CaseListing]
    next_cursor: str | None
    """Opaque; pass as `cursor` for the next page. None on the last page."""


async def get_case(
    conn: Connection,
    case_id: uuid.UUID,
    *,
    principal: Principal,
    as_of: dt.date | None = None,
    known_at: dt.datetime | None = None,
) -> CaseRecord:
    """One consistent snapshot (repeatable read): the version always matches the timeline."""
    require_role(principal, *CASE_READERS)
    async with conn.transaction(isolation="repeatable_read", readonly=True):
        head = await case_events.read_case_head(conn, case_id)
        scope = None if head is None else await read_scope(conn, case_id)
        if head is None or scope is None:
            raise NotFound(f"case {case_id} not found")
        principal.check_case_visible(case_id, *scope)
        records = await case_events.load_events(conn, case_id)
    day = manila_today() if as_of is None else as_of
    if known_at is not None:
        records = [r for r in records if r.recorded_at <= known_at]
        if not records:
            raise InvalidInput("known_at", "before the case was recorded")
        state = state_as_known_at(records, known_at)
    else:
        state = fold_recorded(records)
    if as_of is not None:
        if state.detected_on is None or as_of < state.detected_on:
            raise InvalidInput("as_of", "before the case was detected")
        state = state_as_of(records, as_of)
        records = [r for r in records if r.event.occurred_on <= as_of]
    return CaseRecord(
        case_id=head.case_id,
        owner_office_id=head.office_id,
        version=head.version,
        as_of=day,
        known_at=known_at,
        summary=summarize(state),
        deadlines=deadlines(state, day),
        timeline=[TimelineEntry(seq=r.seq, recorded_at=r.recorded_at, event=r.event) for r in records],
        state=state,
    )


def encode_cursor(list_order: int) -> str:
    return base64.urlsafe_b64encode(f"c{list_order}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        if not text.startswith("c") or not text[1:].isdigit() or len(text) > 20:
            raise ValueError(text)
        value = int(text[1:])
        if value >= 2**63:
            raise ValueError(text)
        return value
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidInput("cursor", "not a cursor returned by this API") from None


def _listing_query(
    where: CaseFilter, principal: Principal, today: dt.date, *, overdue: bool, due_within: int | None
) -> CaseFilter:
    """`where` narrowed to the caller's scope (its offices; for analysts also its regions)."""
    if principal.role not in CASE_READERS:
        raise Forbidden(f"{principal.role.value} keys cannot read case records")
    return msgspec.structs.replace(
        where,
        overdue_on=today if overdue else None,
        due_by=None if due_within is None else worklist.due_by(today, due_within),
        scope_offices=sorted(principal.offices),
        scope_regions=sorted(principal.regions) if principal.role.value == "analyst" else [],
    )


async def list_cases(
    conn: Connection,
    where: CaseFilter,
    *,
    principal: Principal,
    overdue: bool = False,
    due_within: int | None = None,
) -> CasePage:
    """Cases matching `where` within the caller's scope; `due_within` days: only cases with an open legal
    obligation overdue or due by then (the worklist's rows)."""
    today = manila_today()
    query = _listing_query(where, principal, today, overdue=overdue, due_within=due_within)
    rows = await list_case_rows(conn, msgspec.structs.replace(query, limit=where.limit + 1), today)
    more = len(rows) > where.limit
    rows = rows[: where.limit]
    return CasePage(
        items=[r.case for r in rows],
        next_cursor=encode_cursor(rows[-1].list_order) if more and rows else None,
    )


def check_listing(principal: Principal) -> None:
    """Refuse, before a listing starts streaming, a key that reads no cases."""
    _listing_query(CaseFilter(), principal, manila_today(), overdue=False, due_within=None)


async def all_listed_cases(
    conn: Connection,
    where: CaseFilter,
    *,
    principal: Principal,
    overdue: bool = False,
    due_within: int | None = None,
    batch: int = 500,
) -> AsyncIterator[list[CaseListing]]:
    """Every case of the listing, `batch` at a time in list order (keyset pages, same filters and
    scope as `list_cases`; `where.after` and `where.limit` are ignored)."""
    today = manila_today()
    query = _listing_query(where, principal, today, overdue=overdue, due_within=due_within)
    after: int | None = None
    while True:
        rows = await list_case_rows(conn, msgspec.structs.replace(query, after=after, limit=batch), today)
        if rows:
            yield [r.case for r in rows]
        if len(rows) < batch:
            return
        after = rows[-1].list_order


#: The columns of the case list as CSV: the listing's fields, in order.
LISTING_COLUMNS: Final = CaseListing.__struct_fields__


def listing_csv(cases: list[CaseListing], *, header: bool) -> str:
    """Rows of the case list as CSV text (the header first when `header`); cells as in the exports."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if header:
        writer.writerow(LISTING_COLUMNS)
    writer.writerows([plain_cell(getattr(case, column)) for column in LISTING_COLUMNS] for case in cases)
    return out.getvalue()
