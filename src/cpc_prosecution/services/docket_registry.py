"""Registering a case's docket numbers and finding a case by one (only keyed hashes are stored)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

import msgspec

from cpc_prosecution.domain.dockets import DocketKind, InvalidDocketNumber, docket_hash
from cpc_prosecution.services import audit
from cpc_prosecution.services.access import CASE_READERS, CASE_WRITERS, Principal, require_role
from cpc_prosecution.services.case_commands import DocketNumber
from cpc_prosecution.services.errors import AlreadyExists, InvalidInput, NotFound
from cpc_prosecution.store import case_events
from cpc_prosecution.store import dockets as store
from cpc_prosecution.store.case_summaries import read_scope

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

__all__ = ("CaseRef", "add_docket", "find_case", "register_dockets", "register_new_cases")

#: Docket numbers per statement in a bulk import.
_BATCH: Final = 5_000


class CaseRef(msgspec.Struct, frozen=True, kw_only=True):
    case_id: uuid.UUID
    version: int


def _hash(secret: bytes, docket: DocketNumber, field: str) -> bytes:
    try:
        return docket_hash(secret, docket.kind, docket.scope_id, docket.number)
    except InvalidDocketNumber as exc:
        raise InvalidInput(f"{field}.number", str(exc)) from None


async def register_dockets(
    conn: Connection,
    case_id: uuid.UUID,
    dockets: Sequence[DocketNumber],
    secret: bytes,
    *,
    owner_office_id: str,
    court_id: str | None,
    path: str = "dockets",
) -> None:
    """Register each number for `case_id` (inside the caller's transaction); 409 if another case holds one.

    A number is registered only in the case's own scopes — its owning office's NPS docket, the criminal
    case number of the court it was raffled to — so no one can probe or squat another office's numbers."""
    for i, docket in enumerate(dockets):
        field = f"{path}[{i}]"
        if docket.kind is DocketKind.NPS and docket.scope_id != owner_office_id:
            raise InvalidInput(f"{field}.scope_id", "an NPS docket is registered in the case's own office")
        if docket.kind is DocketKind.CRIMINAL_CASE and docket.scope_id != court_id:
            raise InvalidInput(
                f"{field}.scope_id", "a criminal case number is registered in the court the case was raffled to"
            )
        owner = await store.insert_docket(conn, docket.kind, docket.scope_id, _hash(secret, docket, field), case_id)
        if owner != case_id:
            raise AlreadyExists(f"{field}: this docket number is already registered to another case")


async def add_docket(
    conn: Connection, case_id: uuid.UUID, docket: DocketNumber, secret: bytes, *, principal: Principal
) -> CaseRef:
    """Register one more number for an existing case (e.g. the criminal case number after filing)."""
    require_role(principal, *CASE_WRITERS)
    async with conn.transaction():
        head = await case_events.lock_case(conn, case_id)
        if head is None:
            raise NotFound(f"case {case_id} not found")
        principal.check_case_writable(case_id, head.office_id)
        court_id = await conn.fetchval("SELECT court_id FROM case_summary WHERE case_id = $1", case_id)
        await register_dockets(
            conn, case_id, [docket], secret, owner_office_id=head.office_id, court_id=court_id, path="$"
        )
        await audit.record(conn, principal, "AddCaseDocket", case_id)
        return CaseRef(case_id=case_id, version=head.version)


async def find_case(conn: Connection, docket: DocketNumber, secret: bytes, *, principal: Principal) -> CaseRef:
    """The case a docket number belongs to, if the caller may see it; NotFound otherwise (the number is
    never echoed, and a case outside the caller's scope is not disclosed)."""
    require_role(principal, *CASE_READERS)
    case_id = await store.find_case_by_docket(conn, docket.kind, docket.scope_id, _hash(secret, docket, "docket"))
    head = None if case_id is None else await case_events.read_case_head(conn, case_id)
    scope = None if head is None else await read_scope(conn, head.case_id)
    if head is None or scope is None or not principal.may_see_case(*scope):
        raise NotFound("no case has this docket number in this scope")
    return CaseRef(case_id=head.case_id, version=head.version)


async def register_new_cases(
    conn: Connection, dockets: Sequence[tuple[DocketNumber, uuid.UUID]], secret: bytes
) -> None:
    """Register the NPS docket number of each new case of a bulk import (one statement per 5,000; in the
    caller's transaction); AlreadyExists if another case took one meanwhile. The numbers were checked
    and normalised when read, so each is in its case's own office."""
    for start in range(0, len(dockets), _BATCH):
        batch = dockets[start : start + _BATCH]
        entries = [(d.scope_id, _hash(secret, d, "docket_number"), case_id) for d, case_id in batch]
        if await store.insert_new_dockets(conn, DocketKind.NPS, entries) != len(entries):
            raise AlreadyExists("docket_number: a docket number of this import is already registered to another case")
