"""The `case_summary` projection: one row per case, the domain's CaseSummary plus bookkeeping.

The column list is the CaseSummary's field list (a test holds the table and the Struct equal), so a
field added to the summary needs only a migration adding its column.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

import msgspec

from cpc_prosecution.domain import CaseSummary
from cpc_prosecution.store.metric_sql.predicates import in_scope

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

__all__ = (
    "BOOKKEEPING_COLUMNS",
    "OPEN_CLOCK_DUE_ON",
    "SUMMARY_FIELDS",
    "StoredSummary",
    "read_all_summaries",
    "read_scope",
    "read_summaries_in_scope",
    "read_summary",
    "summary_record",
    "upsert_summary",
)

SUMMARY_FIELDS: Final[tuple[str, ...]] = tuple(f.name for f in msgspec.structs.fields(CaseSummary))
BOOKKEEPING_COLUMNS: Final = ("list_order", "owner_office_id", "version", "open_clock_due_on")
#: Column order of a full row, as used by upserts and COPY.
ROW_COLUMNS: Final[tuple[str, ...]] = (*BOOKKEEPING_COLUMNS, *SUMMARY_FIELDS)
#: Position of `open_clock_due_on` in a row.
OPEN_CLOCK_DUE_ON: Final = ROW_COLUMNS.index("open_clock_due_on")
_CASE_ID: Final = SUMMARY_FIELDS.index("case_id")

_UPSERT: Final = (
    f"INSERT INTO case_summary ({', '.join(ROW_COLUMNS)}) "  # noqa: S608
    f"VALUES ({', '.join(f'${i}' for i in range(1, len(ROW_COLUMNS) + 1))}) "
    "ON CONFLICT (case_id) DO UPDATE SET "
    + ", ".join(f"{c} = EXCLUDED.{c}" for c in ROW_COLUMNS if c not in ("case_id", "list_order"))
    + ", refreshed_at = now()"
)


class StoredSummary(msgspec.Struct, frozen=True, kw_only=True):
    """A case_summary row: the summary and what the store keeps beside it."""

    list_order: int
    owner_office_id: str
    version: int
    open_clock_due_on: dt.date | None
    summary: CaseSummary


def summary_record(
    summary: CaseSummary,
    *,
    case_id: uuid.UUID,
    list_order: int,
    owner_office_id: str,
    version: int,
    open_clock_due_on: dt.date | None,
) -> tuple[Any, ...]:
    """The row's values in ROW_COLUMNS order (enums as their codes). The row's key is the `case_id`
    given by the store, never one read from the events: events are client input."""
    # `astuple` gives the fields in SUMMARY_FIELDS order (its definition), in one call.
    values = msgspec.structs.astuple(summary)
    return (
        list_order,
        owner_office_id,
        version,
        open_clock_due_on,
        *values[:_CASE_ID],
        case_id,
        *values[_CASE_ID + 1 :],
    )


async def upsert_summary(conn: Connection, record: Sequence[Any]) -> None:
    await conn.execute(_UPSERT, *record)


def _summary(row: Any) -> CaseSummary:
    fields = {name: row[name] for name in SUMMARY_FIELDS}
    fields["case_id"] = str(fields["case_id"])
    return msgspec.convert(fields, CaseSummary)


def _stored(row: Any) -> StoredSummary:
    return StoredSummary(
        list_order=row["list_order"],
        owner_office_id=row["owner_office_id"],
        version=row["version"],
        open_clock_due_on=row["open_clock_due_on"],
        summary=_summary(row),
    )


async def read_summary(conn: Connection, case_id: uuid.UUID) -> StoredSummary | None:
    row = await conn.fetchrow(f"SELECT {', '.join(ROW_COLUMNS)} FROM case_summary WHERE case_id = $1", case_id)  # noqa: S608
    return None if row is None else _stored(row)


async def read_scope(conn: Connection, case_id: uuid.UUID) -> tuple[str, str | None] | None:
    """(owning office, judicial region of its court) — what access scope is decided on. The owner comes
    from case_file, which only the store writes; the region from the summary (the court it was raffled to)."""
    row = await conn.fetchrow(
        """SELECT f.office_id, s.court_judicial_region
           FROM case_file AS f LEFT JOIN case_summary AS s USING (case_id) WHERE f.case_id = $1""",
        case_id,
    )
    return None if row is None else (row["office_id"], row["court_judicial_region"])


async def read_summaries_in_scope(
    conn: Connection, offices: Sequence[str], regions: Sequence[str]
) -> list[CaseSummary]:
    """The summaries of the cases owned by `offices` or before the courts of the judicial `regions`."""
    rows = await conn.fetch(
        f"SELECT {', '.join(SUMMARY_FIELDS)} FROM case_summary "  # noqa: S608 - constant column names
        f"WHERE {in_scope('$1', '$2')}",
        list(offices),
        list(regions),
    )
    return [_summary(r) for r in rows]


async def read_all_summaries(conn: Connection) -> list[CaseSummary]:
    """Every case's summary (release builds count every case; no scope applies to protected totals)."""
    rows = await conn.fetch(f"SELECT {', '.join(SUMMARY_FIELDS)} FROM case_summary ORDER BY list_order")  # noqa: S608
    return [_summary(r) for r in rows]
