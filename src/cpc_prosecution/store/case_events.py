"""The event store: append-only case histories in `case_event`, owned by rows of `case_file`.

Statements only; the service decides what is legal and holds the transaction.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Final

import msgspec

from cpc_prosecution.domain.events import CaseEvent, RecordedEvent

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

__all__ = (
    "UPCASTERS",
    "CaseHead",
    "StateSource",
    "decode_stored_event",
    "forget_snapshot",
    "insert_case",
    "load_events",
    "load_histories",
    "lock_case",
    "read_case_head",
    "read_state_source",
)

_EVENT: Final = msgspec.json.Decoder(CaseEvent)

#: Upcasting functions by stored tag: a stored payload of an older shape (as a dict) -> the current
#: shape. How a stored event type may change, and when one is needed: docs/domain.md "Event evolution".
#: Stored rows are never rewritten; every read of `case_event` decodes through `decode_stored_event`.
UPCASTERS: Final[dict[str, Callable[[dict[str, Any]], dict[str, Any]]]] = {}


def decode_stored_event(payload: str | bytes) -> CaseEvent:
    """A stored `case_event.payload` as the current event type (strictly: an unknown field is an error),
    upcast first when its type has an upcasting function."""
    if UPCASTERS:
        stored = msgspec.json.decode(payload)
        upcast = UPCASTERS.get(str(stored.get("type"))) if isinstance(stored, dict) else None
        if upcast is not None:
            return _EVENT.decode(msgspec.json.encode(upcast(stored)))
    return _EVENT.decode(payload)


class CaseHead(msgspec.Struct, frozen=True, kw_only=True):
    """What `case_file` knows of a case: its owner, its type and its version (last seq)."""

    case_id: uuid.UUID
    list_order: int
    office_id: str
    case_type: str
    version: int
    opened_at: dt.datetime


_HEAD_COLUMNS: Final = "case_id, list_order, office_id, case_type, version, opened_at"
_HEAD_NAMES: Final = tuple(_HEAD_COLUMNS.split(", "))


def _head(row: object) -> CaseHead:
    return msgspec.convert(dict(row), CaseHead)  # type: ignore[call-overload]


async def lock_case(conn: Connection, case_id: uuid.UUID) -> CaseHead | None:
    """Read a case's head and hold its row lock until the transaction ends (appends serialise here)."""
    row = await conn.fetchrow(f"SELECT {_HEAD_COLUMNS} FROM case_file WHERE case_id = $1 FOR UPDATE", case_id)  # noqa: S608
    return None if row is None else _head(row)


async def read_case_head(conn: Connection, case_id: uuid.UUID) -> CaseHead | None:
    row = await conn.fetchrow(f"SELECT {_HEAD_COLUMNS} FROM case_file WHERE case_id = $1", case_id)  # noqa: S608
    return None if row is None else _head(row)


_FOR_APPEND: Final = f"""
SELECT {", ".join(f"f.{c}" for c in _HEAD_NAMES)},
       CASE WHEN f.snapshot_format = $2 AND f.snapshot_version = f.version THEN f.state_snapshot END AS snapshot,
       CASE WHEN $3 OR f.snapshot_format IS DISTINCT FROM $2 OR f.snapshot_version IS DISTINCT FROM f.version THEN
           (SELECT coalesce(array_agg(e.payload::text ORDER BY e.seq), '{{}}')
            FROM case_event AS e WHERE e.case_id = f.case_id)
       END AS payloads
FROM case_file AS f
WHERE f.case_id = $1
"""  # noqa: S608 - constant column names


class StateSource(msgspec.Struct, frozen=True, kw_only=True):
    """What an append starts from: the case's head and either its state snapshot or its whole history
    (both read in one statement, so either is exactly the head's `version`)."""

    head: CaseHead
    snapshot: bytes | None
    """The stored snapshot, when it was written in the format asked for and at the head's version
    (else None)."""
    events: list[CaseEvent] | None
    """The history in sequence order, when there is no usable snapshot or it was asked for."""


async def read_state_source(
    conn: Connection, case_id: uuid.UUID, fingerprint: bytes, *, history: bool = False
) -> StateSource | None:
    """The case's head with its snapshot if that was written in format `fingerprint` at the head's
    version, otherwise (or when `history`) with its events. The history is read only when needed.
    Takes no lock (see `lock_case`); None for an unknown case."""
    row = await conn.fetchrow(_FOR_APPEND, case_id, fingerprint, history)
    if row is None:
        return None
    payloads = row["payloads"]
    return StateSource(
        head=CaseHead(**{name: row[name] for name in _HEAD_NAMES}),
        snapshot=row["snapshot"],
        events=None if payloads is None else [decode_stored_event(p) for p in payloads],
    )


async def forget_snapshot(conn: Connection, case_id: uuid.UUID) -> None:
    """Remove a case's state snapshot: its next append folds the history (and stores a new one)."""
    await conn.execute(
        "UPDATE case_file SET state_snapshot = NULL, snapshot_format = NULL, snapshot_version = NULL "
        "WHERE case_id = $1",
        case_id,
    )


async def insert_case(conn: Connection, case_id: uuid.UUID, office_id: str, case_type: str, opened_by: str) -> CaseHead:
    row = await conn.fetchrow(
        f"""INSERT INTO case_file (case_id, office_id, case_type, version, opened_by)
            VALUES ($1, $2, $3, 0, $4) RETURNING {_HEAD_COLUMNS}""",  # noqa: S608
        case_id,
        office_id,
        case_type,
        opened_by,
    )
    return _head(row)


async def load_events(
    conn: Connection, case_id: uuid.UUID, *, recorded_until: dt.datetime | None = None
) -> list[RecordedEvent]:
    """A case's history in sequence order (optionally only what was recorded by a moment)."""
    rows = await conn.fetch(
        """SELECT seq, payload::text AS payload, recorded_at FROM case_event
           WHERE case_id = $1 AND ($2::timestamptz IS NULL OR recorded_at <= $2)
           ORDER BY seq""",
        case_id,
        recorded_until,
    )
    return [
        RecordedEvent(seq=r["seq"], event=decode_stored_event(r["payload"]), recorded_at=r["recorded_at"]) for r in rows
    ]


async def load_histories(conn: Connection, case_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[RecordedEvent]]:
    """Several cases' histories in one round trip (for rebuilds and batch reads)."""
    rows = await conn.fetch(
        """SELECT case_id, seq, payload::text AS payload, recorded_at FROM case_event
           WHERE case_id = any($1::uuid[]) ORDER BY case_id, seq""",
        list(case_ids),
    )
    histories: dict[uuid.UUID, list[RecordedEvent]] = {case_id: [] for case_id in case_ids}
    for r in rows:
        histories[r["case_id"]].append(
            RecordedEvent(seq=r["seq"], event=decode_stored_event(r["payload"]), recorded_at=r["recorded_at"])
        )
    return histories
