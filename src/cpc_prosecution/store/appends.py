"""Appending events and rewriting the case's projection in one statement.

An append writes six things: the events, the case's version with its state snapshot, its summary row,
its legal clocks (`case_clock`, replaced, or left alone when the caller knows they did not change) and
its audit entry.
One statement with data-modifying CTEs does all of it in a single round trip, which is most of what an
append costs.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

from cpc_prosecution.domain.clocks.outcomes import ClockOutcome
from cpc_prosecution.domain.events import CaseEvent, RecordedEvent, event_tag
from cpc_prosecution.store.case_clocks import CLOCK_ARRAY_TYPES, CLOCK_FIELDS, clock_arrays
from cpc_prosecution.store.case_summaries import ROW_COLUMNS

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

__all__ = ("append_and_project",)

_FIXED: Final = 15  # parameters before the summary row's values
_SUMMARY_PARAMS: Final = ", ".join(f"${_FIXED + i}" for i in range(1, len(ROW_COLUMNS) + 1))
_CLOCK_FIRST: Final = _FIXED + len(ROW_COLUMNS) + 1  # the clock arrays follow the summary's values
_CLOCK_ARRAYS: Final = ", ".join(f"${_CLOCK_FIRST + i}::{t}" for i, t in enumerate(CLOCK_ARRAY_TYPES))
_SUMMARY_UPDATE: Final = ", ".join(f"{c} = EXCLUDED.{c}" for c in ROW_COLUMNS if c not in ("case_id", "list_order"))

_WRITE_EVENTS: Final = f"""
WITH versioned AS (
    -- First, and guarded: the case row is locked in the same order as SELECT ... FOR UPDATE takes it,
    -- and nothing below is written unless the case is still at the expected version.
    -- With a key guard ($14), also only while that API key is neither revoked nor expired.
    UPDATE case_file SET version = $8, state_snapshot = $13, snapshot_format = $15, snapshot_version = $8
    WHERE case_id = $1 AND version = $12
      AND ($14::uuid IS NULL OR EXISTS (
          SELECT FROM api_key AS k
          WHERE k.key_id = $14 AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())
      ))
    RETURNING case_id
), appended AS (
    INSERT INTO case_event (case_id, seq, type, occurred_on, payload, recorded_by, idempotency_key)
    SELECT v.case_id, s, t, o, p, $6, $7
    FROM versioned AS v, unnest($2::int[], $3::text[], $4::date[], $5::jsonb[]) AS e(s, t, o, p)
    RETURNING seq, recorded_at
), audited AS (
    INSERT INTO audit_log (key_id, role, operation, case_id, result)
    SELECT $9::uuid, $10::text, $11::text, v.case_id, 'ok' FROM versioned AS v WHERE $11::text IS NOT NULL
), projected AS (
    INSERT INTO case_summary ({", ".join(ROW_COLUMNS)})
    SELECT {_SUMMARY_PARAMS} FROM versioned
    ON CONFLICT (case_id) DO UPDATE SET {_SUMMARY_UPDATE}, refreshed_at = now()
)"""  # noqa: S608 - built from constant column names only

_REPLACE_CLOCKS: Final = f""", cleared AS (
    -- Both CTEs see the table as it was before the statement: the old clocks go, the new ones come.
    DELETE FROM case_clock WHERE case_id IN (SELECT case_id FROM versioned)
), clocked AS (
    INSERT INTO case_clock (case_id, {", ".join(CLOCK_FIELDS)})
    SELECT v.case_id, c.* FROM versioned AS v, unnest({_CLOCK_ARRAYS}) AS c
)"""  # noqa: S608 - built from constant column names only

_RESULT: Final = "\nSELECT seq, recorded_at FROM appended ORDER BY seq\n"

#: The append with its clocks replaced, and the append that leaves the case's clocks as they are.
_APPEND: Final = _WRITE_EVENTS + _REPLACE_CLOCKS + _RESULT
_APPEND_KEEPING_CLOCKS: Final = _WRITE_EVENTS + _RESULT


async def append_and_project(
    conn: Connection,
    case_id: uuid.UUID,
    first_seq: int,
    events: Sequence[CaseEvent],
    *,
    recorded_by: str,
    idempotency_key: str | None,
    summary_row: Sequence[Any],
    clocks: Sequence[ClockOutcome] | None,
    audit: tuple[uuid.UUID | None, str | None, str] | None,
    snapshot: tuple[bytes, bytes] | None = None,
    key_guard: uuid.UUID | None = None,
) -> list[RecordedEvent]:
    """If the case is still at version first_seq - 1: insert the events as first_seq, first_seq+1, ...,
    set the version and the state snapshot (`services.state_snapshot`: its format and bytes; None:
    none), upsert the summary,
    replace the clocks and write the audit entry; all in one statement. `key_guard`: an API key id
    whose row must be neither revoked nor expired for anything to be written (a key this worker
    remembers but has not proved in this request: `services.key_memory`).
    `clocks` None: the case's stored clocks are left as they are (the caller knows they did not change).

    Returns the recorded events, or [] when the case has moved on or the guarding key is no longer
    valid (nothing is written). Safe without
    a transaction: the guarded UPDATE serialises concurrent appends on the case row."""
    seqs = list(range(first_seq, first_seq + len(events)))
    key_id, role, operation = audit if audit is not None else (None, None, None)
    rows = await conn.fetch(
        _APPEND if clocks is not None else _APPEND_KEEPING_CLOCKS,
        case_id,
        seqs,
        [event_tag(e) for e in events],
        [e.occurred_on for e in events],
        list(events),
        recorded_by,
        idempotency_key,
        seqs[-1],
        key_id,
        role,
        operation,
        first_seq - 1,
        None if snapshot is None else snapshot[1],
        key_guard,
        None if snapshot is None else snapshot[0],
        *summary_row,
        *(clock_arrays(clocks) if clocks is not None else ()),
    )
    if not rows:
        return []
    recorded_at: dict[int, dt.datetime] = {r["seq"]: r["recorded_at"] for r in rows}
    return [RecordedEvent(seq=s, event=e, recorded_at=recorded_at[s]) for s, e in zip(seqs, events, strict=True)]
