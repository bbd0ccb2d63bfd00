"""The worklist query: open legal obligation clocks (`case_clock` rows not ended) due by a date,
joined to their case's summary for its scope, stage and owner, in due-date order."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any

import msgspec

from cpc_prosecution.store.metric_sql.predicates import in_scope

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

__all__ = ("ObligationRow", "WorklistFilter", "open_clock_due_by", "open_obligations")


class WorklistFilter(msgspec.Struct, frozen=True, kw_only=True):
    due_by: dt.date
    """Only clocks due on or before this date (overdue ones included)."""
    scope_offices: list[str]
    """Cases owned by these offices, or before a court of `scope_regions`."""
    scope_regions: list[str] = []
    office_id: str | None = None
    rule_id: str | None = None
    limit: int = 500


class ObligationRow(msgspec.Struct, frozen=True, kw_only=True):
    """One open legal clock of a case as stored (`services.worklist.Obligation` adds the rule's words
    and the days left)."""

    case_id: uuid.UUID
    owner_office_id: str
    court_id: str | None
    case_type: str
    stage: str
    """The case's current stage."""
    rule_id: str
    accused: str | None
    """The accused position the clock runs for (A1, A2, ...); None for a clock of the whole case."""
    started_on: dt.date
    due_on: dt.date
    paused: bool
    """Stands still (e.g. a pending motion): the due date moves out while the pause lasts."""


def open_clock_due_by(due_by: str, clock: str = "c") -> str:
    """A `case_clock` row (alias `clock`) still open and due on or before the date bound at `due_by`
    (e.g. `$1`): the worklist's rows, and the case listing's `due_within` filter."""
    return f"({clock}.ended_on IS NULL AND {clock}.due_on <= {due_by})"


async def open_obligations(conn: Connection, where: WorklistFilter) -> list[ObligationRow]:
    """Open clocks due by `where.due_by` in scope, earliest first (then case order, rule, accused)."""
    args: list[Any] = [where.due_by, where.scope_offices, where.scope_regions]
    clauses = [open_clock_due_by("$1"), in_scope("$2", "$3")]
    if where.office_id is not None:
        args.append(where.office_id)
        clauses.append(f"s.owner_office_id = ${len(args)}")
    if where.rule_id is not None:
        args.append(where.rule_id)
        clauses.append(f"c.rule_id = ${len(args)}")
    args.append(where.limit)
    sql = (
        "SELECT c.case_id, s.owner_office_id, s.court_id, s.case_type, s.stage, c.rule_id, c.accused,"  # noqa: S608
        " c.started_on, c.due_on, c.paused"
        " FROM case_clock c JOIN case_summary s ON s.case_id = c.case_id"
        f" WHERE {' AND '.join(clauses)}"
        ' ORDER BY c.due_on, s.list_order, c.rule_id COLLATE "C", c.accused COLLATE "C" NULLS FIRST'
        f" LIMIT ${len(args)}"
    )
    return [msgspec.convert(dict(r), ObligationRow) for r in await conn.fetch(sql, *args)]
