"""Recording and reading prosecution capacity (staffing snapshots, trainings), within scope.

Admins record and read every office's; a liaison records and reads its offices'; an analyst reads its
offices'. Each record is a write and is audited like one.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

import asyncpg
import msgspec

from cpc_prosecution.domain.capacity import StaffingSnapshot, TrainingEvent
from cpc_prosecution.services import audit
from cpc_prosecution.services.access import Principal, Role, require_role
from cpc_prosecution.services.errors import AlreadyExists, Forbidden, InvalidInput
from cpc_prosecution.store import capacity as store

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

__all__ = ("RecordedTraining", "list_staffing", "list_trainings", "record_staffing", "record_training")


class RecordedTraining(msgspec.Struct, frozen=True, kw_only=True):
    training_id: uuid.UUID


def _check_writer(principal: Principal, office_id: str) -> None:
    require_role(principal, Role.ADMIN, Role.LIAISON)
    if principal.role is Role.LIAISON and office_id not in principal.offices:
        raise Forbidden(f"the key may not record capacity for office {office_id}")


def _readable_offices(principal: Principal, office: str | None) -> list[str] | None:
    """None = every office (admins); otherwise the offices the key may read, narrowed by `office`."""
    require_role(principal, Role.ADMIN, Role.LIAISON, Role.ANALYST)
    if principal.role is Role.ADMIN:
        return None if office is None else [office]
    allowed = sorted(principal.offices)
    return allowed if office is None else [o for o in allowed if o == office]


async def record_staffing(conn: Connection, snapshot: StaffingSnapshot, *, principal: Principal) -> StaffingSnapshot:
    _check_writer(principal, snapshot.office_id)
    async with conn.transaction():
        try:
            await store.insert_staffing(conn, snapshot, str(principal.key_id))
        except store.DuplicateSnapshot:
            raise AlreadyExists(f"office {snapshot.office_id} already has a snapshot on {snapshot.as_of}") from None
        except asyncpg.ForeignKeyViolationError:
            raise InvalidInput("office_id", f"{snapshot.office_id} is not registered (see /v1/offices)") from None
        await audit.record(conn, principal, "RecordStaffing", None)
    return snapshot


async def record_training(conn: Connection, training: TrainingEvent, *, principal: Principal) -> RecordedTraining:
    _check_writer(principal, training.office_id)
    async with conn.transaction():
        try:
            training_id = await store.insert_training(conn, training, str(principal.key_id))
        except asyncpg.ForeignKeyViolationError:
            raise InvalidInput("office_id", f"{training.office_id} is not registered (see /v1/offices)") from None
        await audit.record(conn, principal, "RecordTraining", None)
    return RecordedTraining(training_id=training_id)


async def list_staffing(conn: Connection, *, principal: Principal, office: str | None = None) -> list[StaffingSnapshot]:
    return await store.list_staffing(conn, _readable_offices(principal, office))


async def list_trainings(conn: Connection, *, principal: Principal, office: str | None = None) -> list[TrainingEvent]:
    return await store.list_trainings(conn, _readable_offices(principal, office))
