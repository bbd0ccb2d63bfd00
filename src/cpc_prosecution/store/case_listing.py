"""Listing cases from `case_summary`, filtered, in a stable order with keyset cursors."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any, Final, NamedTuple

import msgspec

from cpc_prosecution.store.metric_sql.predicates import in_scope
from cpc_prosecution.store.worklist import open_clock_due_by

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

__all__ = ("CaseFilter", "CaseListing", "ListedCase", "list_case_rows")


class CaseFilter(msgspec.Struct, frozen=True, kw_only=True):
    office_id: str | None = None
    court_id: str | None = None
    hotspot_id: str | None = None
    case_type: str | None = None
    stage: str | None = None
    overdue_on: dt.date | None = None
    """Only cases with a legal deadline that is not stopped and is due before this date."""
    due_by: dt.date | None = None
    """Only cases with an open legal obligation (a worklist row) due on or before this date."""
    after: int | None = None
    """Keyset cursor: list_order of the last row of the previous page."""
    limit: int = 50
    scope_offices: list[str] | None = None
    """When set, only cases owned by these offices — or before a court of `scope_regions`."""
    scope_regions: list[str] = []


class CaseListing(msgspec.Struct, frozen=True, kw_only=True):
    """One case in a listing, as the API shows it (from its `case_summary` row)."""

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
    next_deadline_on: dt.date | None
    """Earliest due date of a legal deadline that is still open."""
    overdue: bool
    """`next_deadline_on` is before the listing's day."""


class ListedCase(NamedTuple):
    list_order: int
    """The keyset cursor's position (not shown)."""
    case: CaseListing


#: The row's columns: `case_summary` columns by the listing's names, `overdue` against the day ($1).
_COLUMNS: Final = ", ".join(
    {
        "next_deadline_on": "open_clock_due_on AS next_deadline_on",
        "overdue": "coalesce(open_clock_due_on < $1, false) AS overdue",
    }.get(name, name)
    for name in CaseListing.__struct_fields__
)


_SAME_CASE: Final = "c.case_id = case_summary.case_id"


async def list_case_rows(conn: Connection, where: CaseFilter, today: dt.date) -> list[ListedCase]:
    """Cases matching `where` in list order, each with its position; `overdue` as of `today`."""
    clauses: list[str] = []
    args: list[Any] = [today]

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
    if where.due_by is not None:
        # The worklist's own predicate: the case has a row the worklist would show by that date.
        args.append(where.due_by)
        due = open_clock_due_by(f"${len(args)}")
        clauses.append(f"EXISTS (SELECT 1 FROM case_clock c WHERE {_SAME_CASE} AND {due})")  # noqa: S608
    if where.after is not None:
        add("list_order > {}", where.after)
    args.append(where.limit)
    sql = (
        f"SELECT list_order, {_COLUMNS} FROM case_summary"  # noqa: S608
        + (f" WHERE {' AND '.join(clauses)}" if clauses else "")
        + f" ORDER BY list_order LIMIT ${len(args)}"
    )
    rows = await conn.fetch(sql, *args)
    fields = CaseListing.__struct_fields__
    return [ListedCase(r["list_order"], CaseListing(**{f: r[f] for f in fields})) for r in rows]
