"""Listing cases from `case_summary`, filtered, in a stable order with keyset cursors."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any

import msgspec

from cpc_prosecution.store.metric_sql.predicates import in_scope

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

__all__ = ("CaseFilter", "CaseRow", "list_case_rows")


class CaseFilter(msgspec.Struct, frozen=True, kw_only=True):
    office_id: str | None = None
    court_id: str | None = None
    hotspot_id: str | None = None
    case_type: str | None = None
    stage: str | None = None
    overdue_on: dt.date | None = None
    """Only cases with a legal deadline that is not stopped and is due before this date."""
    after: int | None = None
    """Keyset cursor: list_order of the last row of the previous page."""
    limit: int = 50
    scope_offices: list[str] | None = None
    """When set, only cases owned by these offices — or before a court of `scope_regions`."""
    scope_regions: list[str] = []


class CaseRow(msgspec.Struct, frozen=True, kw_only=True):
    list_order: int
    case_id: uuid.UUID
    version: int
    owner_office_id: str
    case_type: str
    stage: str
    case_outcome: str
    office_id: str | None
    court_id: str | None
    hotspot_id: str | None
    detected_on: dt.date
    filed_on: dt.date | None
    disposed_on: dt.date | None
    open_clock_due_on: dt.date | None


_COLUMNS = ", ".join(msgspec.structs.fields(CaseRow)[i].name for i in range(len(msgspec.structs.fields(CaseRow))))


async def list_case_rows(conn: Connection, where: CaseFilter) -> list[CaseRow]:
    clauses: list[str] = []
    args: list[Any] = []

    def add(sql: str, value: Any) -> None:
        args.append(value)
        clauses.append(sql.format(f"${len(args)}"))

    if where.scope_offices is not None:
        args.append(where.scope_offices)
        args.append(where.scope_regions)
        clauses.append(in_scope(f"${len(args) - 1}", f"${len(args)}"))
    if where.office_id is not None:
        add("owner_office_id = {}", where.office_id)
    if where.court_id is not None:
        add("court_id = {}", where.court_id)
    if where.hotspot_id is not None:
        add("hotspot_id = {}", where.hotspot_id)
    if where.case_type is not None:
        add("case_type = {}", where.case_type)
    if where.stage is not None:
        add("stage = {}", where.stage)
    if where.overdue_on is not None:
        add("open_clock_due_on < {}", where.overdue_on)
    if where.after is not None:
        add("list_order > {}", where.after)
    args.append(where.limit)
    sql = (
        f"SELECT {_COLUMNS} FROM case_summary"  # noqa: S608
        + (f" WHERE {' AND '.join(clauses)}" if clauses else "")
        + f" ORDER BY list_order LIMIT ${len(args)}"
    )
    return [msgspec.convert(dict(r), CaseRow) for r in await conn.fetch(sql, *args)]
