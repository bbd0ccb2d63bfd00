"""Bulk writes with binary COPY, for imports and benchmarks (single appends stay transactional)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

from cpc_prosecution.store.case_clocks import CLOCK_COLUMNS
from cpc_prosecution.store.case_summaries import ROW_COLUMNS

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

__all__ = ("CASE_EVENT_COLUMNS", "CASE_FILE_COLUMNS", "copy_cases", "reserve_list_orders")

CASE_FILE_COLUMNS: Final = ("case_id", "list_order", "office_id", "case_type", "version", "opened_by")
CASE_EVENT_COLUMNS: Final = ("case_id", "seq", "type", "occurred_on", "payload", "recorded_by")


async def reserve_list_orders(conn: Connection, count: int) -> list[int]:
    """Take `count` values of case_file's list order, so summaries can be written beside their cases."""
    rows = await conn.fetch(
        "SELECT nextval(pg_get_serial_sequence('case_file', 'list_order')) AS n FROM generate_series(1, $1)", count
    )
    return [r["n"] for r in rows]


async def copy_cases(
    conn: Connection,
    case_rows: Sequence[tuple[Any, ...]],
    event_rows: Sequence[tuple[Any, ...]],
    summary_rows: Sequence[tuple[Any, ...]],
    clock_rows: Sequence[tuple[Any, ...]] = (),
) -> None:
    """COPY cases, their events, their summaries and their clocks (in the caller's transaction)."""
    await conn.copy_records_to_table("case_file", records=case_rows, columns=CASE_FILE_COLUMNS)
    await conn.copy_records_to_table("case_event", records=event_rows, columns=CASE_EVENT_COLUMNS)
    await conn.copy_records_to_table("case_summary", records=summary_rows, columns=ROW_COLUMNS)
    if clock_rows:
        await conn.copy_records_to_table("case_clock", records=clock_rows, columns=CLOCK_COLUMNS)
