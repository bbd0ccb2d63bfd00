"""Appending events and rewriting the case's projection in one statement.

An append writes six things: the events, the case's version with its state snapshot, its summary row,
its legal clocks (`case_clock`, replaced, or left alone when the caller knows they did not change) and
its audit entry.
One statement with data-modifying CTEs does all of it in a single round trip, which is most of what an
append costs. Its parameters are named (`:name` in the text below); `_bind` numbers them and passes
the values in that order, so a value can never land in another's place.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

from cpc_prosecution.domain.clocks.outcomes import ClockOutcome
from cpc_prosecution.domain.events import CaseEvent, RecordedEvent, event_tag
from cpc_prosecution.store.case_clocks import CLOCK_ARRAY_TYPES, CLOCK_FIELDS, clock_arrays
from cpc_prosecution.store.case_summaries import ROW_COLUMNS

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

__all__ = ("append_and_project",)

_NAME: Final = re.compile(r"(?<!:):([a-z_][a-z0-9_]*)")  # `:name`, never a `::type` cast


class _Statement:
    """SQL with `:name` parameters, turned into asyncpg's `$n` once; `args` orders values by name."""

    def __init__(self, sql: str) -> None:
        self.names: tuple[str, ...] = tuple(dict.fromkeys(_NAME.findall(sql)))
        numbers = {name: f"${i}" for i, name in enumerate(self.names, start=1)}
        self.sql = _NAME.sub(lambda m: numbers[m.group(1)], sql)

    def args(self, values: Mapping[str, Any]) -> list[Any]:
        """The values in parameter order; every parameter needs a value and every value a parameter."""
        if set(values) != set(self.names):
            missing, extra = set(self.names) - set(values), set(values) - set(self.names)
            raise TypeError(f"parameters missing {sorted(missing)}, unexpected {sorted(extra)}")
        return [values[name] for name in self.names]


def _summary_param(column: str) -> str:
    return f"summary_{column}"


def _clock_param(field: str) -> str:
    return f"clock_{field}"


_SUMMARY_VALUES: Final = ", ".join(f":{_summary_param(c)}" for c in ROW_COLUMNS)
_CLOCK_ARRAYS: Final = ", ".join(
    f":{_clock_param(f)}::{t}" for f, t in zip(CLOCK_FIELDS, CLOCK_ARRAY_TYPES, strict=True)
)
_SUMMARY_UPDATE: Final = ", ".join(f"{c} = EXCLUDED.{c}" for c in ROW_COLUMNS if c not in ("case_id", "list_order"))

_WRITE_EVENTS: Final = f"""
WITH versioned AS (
    -- First, and guarded: the case row is locked in the same order as SELECT ... FOR UPDATE takes it,
    -- and nothing below is written unless the case is still at the expected version and, for an
    -- append that started from the stored snapshot, that snapshot is still there (a rebuild that
    -- removed it as wrong makes the append start again from the history).
    UPDATE case_file
    SET version = :version, state_snapshot = :snapshot, snapshot_format = :snapshot_format,
        snapshot_version = :version
    WHERE case_id = :case_id AND version = :expected_version
      AND (NOT :from_snapshot::boolean
           OR (snapshot_version = :expected_version AND snapshot_format = :snapshot_format))
    RETURNING case_id
), appended AS (
    INSERT INTO case_event (case_id, seq, type, occurred_on, payload, recorded_by, idempotency_key)
    SELECT v.case_id, s, t, o, p, :recorded_by, :idempotency_key
    FROM versioned AS v,
         unnest(:seqs::int[], :types::text[], :occurred_on::date[], :payloads::jsonb[]) AS e(s, t, o, p)
    RETURNING seq, recorded_at
), audited AS (
    INSERT INTO audit_log (key_id, role, operation, case_id, result)
    SELECT :audit_key::uuid, :audit_role::text, :audit_operation::text, v.case_id, 'ok'
    FROM versioned AS v WHERE :audit_operation::text IS NOT NULL
), projected AS (
    INSERT INTO case_summary ({", ".join(ROW_COLUMNS)})
    SELECT {_SUMMARY_VALUES} FROM versioned
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
_APPEND: Final = _Statement(_WRITE_EVENTS + _REPLACE_CLOCKS + _RESULT)
_APPEND_KEEPING_CLOCKS: Final = _Statement(_WRITE_EVENTS + _RESULT)


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
    from_snapshot: bool = False,
) -> list[RecordedEvent]:
    """If the case is still at version first_seq - 1: insert the events as first_seq, first_seq+1, ...,
    set the version and the state snapshot (`services.state_snapshot`: its format and bytes; None:
    none), upsert the summary, replace the clocks and write the audit entry; all in one statement.
    `clocks` None: the case's stored clocks are left as they are (the caller knows they did not change).
    `from_snapshot`: the new state was evolved from the stored snapshot, which must still be stored
    (in the same format, at the expected version) for anything to be written.

    Returns the recorded events, or [] when the case has moved on or the snapshot the append started
    from was removed (nothing is written). Safe without
    a transaction: the guarded UPDATE serialises concurrent appends on the case row."""
    seqs = list(range(first_seq, first_seq + len(events)))
    key_id, role, operation = audit if audit is not None else (None, None, None)
    values: dict[str, Any] = {
        "case_id": case_id,
        "expected_version": first_seq - 1,
        "version": seqs[-1],
        "snapshot": None if snapshot is None else snapshot[1],
        "snapshot_format": None if snapshot is None else snapshot[0],
        "from_snapshot": from_snapshot,
        "seqs": seqs,
        "types": [event_tag(e) for e in events],
        "occurred_on": [e.occurred_on for e in events],
        "payloads": list(events),
        "recorded_by": recorded_by,
        "idempotency_key": idempotency_key,
        "audit_key": key_id,
        "audit_role": role,
        "audit_operation": operation,
        **{_summary_param(c): v for c, v in zip(ROW_COLUMNS, summary_row, strict=True)},
    }
    statement = _APPEND_KEEPING_CLOCKS
    if clocks is not None:
        statement = _APPEND
        values.update({_clock_param(f): a for f, a in zip(CLOCK_FIELDS, clock_arrays(clocks), strict=True)})
    rows = await conn.fetch(statement.sql, *statement.args(values))
    if not rows:
        return []
    recorded_at: dict[int, dt.datetime] = {r["seq"]: r["recorded_at"] for r in rows}
    return [RecordedEvent(seq=s, event=e, recorded_at=recorded_at[s]) for s, e in zip(seqs, events, strict=True)]
