"""`office_staffing` and `training_event`: capacity counts per office."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Final

import asyncpg
import msgspec

from cpc_prosecution.domain.capacity import StaffingSnapshot, TrainingEvent

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

__all__ = ("DuplicateSnapshot", "insert_staffing", "insert_training", "list_staffing", "list_trainings")

_STAFFING: Final = (
    "office_id, as_of, positions_filled, positions_vacant, carrying_caseload, trained_trafficking, "
    "trained_child_sensitive"
)
_TRAINING: Final = "office_id, held_on, topic, provider, participants, hours"


class DuplicateSnapshot(Exception):
    """The office already has a staffing snapshot on that date."""


async def insert_staffing(conn: Connection, snapshot: StaffingSnapshot, recorded_by: str) -> None:
    values = [getattr(snapshot, name.strip()) for name in _STAFFING.split(",")]
    try:
        await conn.execute(
            f"INSERT INTO office_staffing ({_STAFFING}, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",  # noqa: S608
            *values,
            recorded_by,
        )
    except asyncpg.UniqueViolationError:
        raise DuplicateSnapshot from None


async def insert_training(conn: Connection, training: TrainingEvent, recorded_by: str) -> uuid.UUID:
    training_id = uuid.uuid4()
    values = [getattr(training, name.strip()) for name in _TRAINING.split(",")]
    await conn.execute(
        f"INSERT INTO training_event (training_id, {_TRAINING}, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",  # noqa: S608
        training_id,
        *values,
        recorded_by,
    )
    return training_id


async def list_staffing(conn: Connection, offices: list[str] | None) -> list[StaffingSnapshot]:
    rows = await conn.fetch(
        f"SELECT {_STAFFING} FROM office_staffing WHERE $1::text[] IS NULL OR office_id = any($1::text[]) "  # noqa: S608
        "ORDER BY office_id, as_of",
        offices,
    )
    return [msgspec.convert(dict(r), StaffingSnapshot) for r in rows]


async def list_trainings(conn: Connection, offices: list[str] | None) -> list[TrainingEvent]:
    rows = await conn.fetch(
        f"SELECT {_TRAINING} FROM training_event WHERE $1::text[] IS NULL OR office_id = any($1::text[]) "  # noqa: S608
        "ORDER BY office_id, held_on, training_id",
        offices,
    )
    return [msgspec.convert(dict(r), TrainingEvent) for r in rows]
