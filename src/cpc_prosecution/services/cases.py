"""Writing case histories: open a case, append events. One transaction each.

Every append checks the caller's `expected_version`, brings the case's state up to date with the new
events (an illegal event or date order raises a DomainError and nothing is stored), appends the events
and rewrites the case's summary row, legal clocks and state snapshot — atomically, in one statement
guarded by the version (or, with an Idempotency-Key, in one transaction under the case's row lock). The
state at the expected version comes from the snapshot stored with the case, else from folding the whole
history (`prior_state`); the process keeps nothing between requests. A request carrying an
Idempotency-Key is answered from the first successful response if it was seen before.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from typing import TYPE_CHECKING, TypeVar

import asyncpg
import msgspec

from cpc_prosecution.domain import fold
from cpc_prosecution.services import audit
from cpc_prosecution.services.access import CASE_WRITERS, Principal, Role, require_role
from cpc_prosecution.services.case_commands import (
    AppendEvents,
    CaseOpened,
    EventsAppended,
    OpenCase,
    detection_from,
)
from cpc_prosecution.services.docket_registry import register_dockets
from cpc_prosecution.services.errors import (
    Forbidden,
    IdempotencyMismatch,
    InvalidInput,
    NotFound,
    VersionConflict,
)
from cpc_prosecution.services.event_checks import check_events
from cpc_prosecution.services.prior_state import read_prior_state, snapshot_bytes
from cpc_prosecution.services.projection import manila_today, project
from cpc_prosecution.services.references_in_events import (
    ReferenceCache,
    check_detection_references,
    check_event_references,
)
from cpc_prosecution.store import case_events, idempotency
from cpc_prosecution.store.appends import append_and_project

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

__all__ = ("Recorder", "append_events", "open_case")

R = TypeVar("R", bound=msgspec.Struct)

CREATED = 201


class Recorder(msgspec.Struct, frozen=True, kw_only=True):
    """Who records: a client identity (the API key id). Scopes idempotency keys; kept as `recorded_by`."""

    client: str

    @classmethod
    def of(cls, principal: Principal) -> Recorder:
        return cls(client=str(principal.key_id))


def _fingerprint(operation: str, *parts: object, key: bytes = b"") -> bytes:
    """Identifies a request's content. Keyed (HMAC with the docket secret) when the content holds
    docket numbers: an unkeyed hash of a short docket number stored in the database could be reversed."""
    message = operation.encode() + b"\x1f" + msgspec.json.encode(parts)
    return hmac.new(key, message, hashlib.sha256).digest() if key else hashlib.sha256(message).digest()


def _stored_key(recorder: Recorder, idempotency_key: str | None) -> str | None:
    """What is kept of a client's Idempotency-Key: a digest, never the text (a client could put anything
    in it, and case_event can never be changed)."""
    if idempotency_key is None:
        return None
    return hashlib.sha256(f"{recorder.client}\x1f{idempotency_key}".encode()).hexdigest()


async def _replayed(
    conn: Connection, recorder: Recorder, key: str | None, fingerprint: bytes, result_type: type[R]
) -> R | None:
    if key is None:
        return None
    await idempotency.lock_key(conn, recorder.client, key)
    stored = await idempotency.find_response(conn, recorder.client, key)
    if stored is None:
        return None
    if stored.fingerprint != fingerprint:
        raise IdempotencyMismatch("this Idempotency-Key was already used for a different request")
    return msgspec.convert(stored.response, result_type)


async def open_case(
    conn: Connection,
    command: OpenCase,
    *,
    principal: Principal,
    docket_secret: bytes,
    idempotency_key: str | None = None,
) -> CaseOpened:
    """Create a case owned by an office of the caller, with its detection as event #1 and the events
    that follow it (if any) as #2, #3, ...: all stored, or nothing (an illegal event is a DomainError)."""
    require_role(principal, Role.LIAISON)
    if command.office_id not in principal.offices:
        raise Forbidden(f"the key may not open cases for office {command.office_id}")
    recorder = Recorder.of(principal)
    fingerprint = _fingerprint("open_case", command, key=docket_secret)
    idempotency_key = _stored_key(recorder, idempotency_key)
    async with conn.transaction():
        replay = await _replayed(conn, recorder, idempotency_key, fingerprint, CaseOpened)
        if replay is not None:
            await audit.record(conn, principal, "OpenCase", replay.case_id, result="replayed")
            return replay
        case_id = uuid.uuid4()
        detection = detection_from(command.first_event, case_id)
        today = manila_today()
        check_events([detection], case_id, today, "first_event")
        check_events(command.events, case_id, today)
        # Ids in place of records (one read per distinct id across the detection and what follows).
        cache: ReferenceCache = {}
        detection = await check_detection_references(conn, detection, cache=cache)
        history = [detection, *await check_event_references(conn, command.events, cache=cache)]
        state = fold(history)
        try:
            head = await case_events.insert_case(conn, case_id, command.office_id, detection.case_type, recorder.client)
        except asyncpg.ForeignKeyViolationError:
            raise InvalidInput("office_id", f"{command.office_id} is not registered (see /v1/offices)") from None
        await register_dockets(
            conn, case_id, command.dockets, docket_secret, owner_office_id=command.office_id, court_id=None
        )
        version = len(history)
        projected = project(
            state,
            case_id=case_id,
            list_order=head.list_order,
            owner_office_id=head.office_id,
            version=version,
            today=today,
        )
        await append_and_project(
            conn,
            case_id,
            1,
            history,
            recorded_by=recorder.client,
            idempotency_key=idempotency_key,
            summary_row=projected.row,
            clocks=projected.clocks,
            audit=(principal.key_id, principal.role.value, "OpenCase"),
            snapshot=snapshot_bytes(state, projected),
        )
        result = CaseOpened(case_id=case_id, version=version)
        if idempotency_key is not None:
            await idempotency.save_response(
                conn, recorder.client, idempotency_key, fingerprint, CREATED, msgspec.to_builtins(result)
            )
        return result


async def _append(
    conn: Connection,
    case_id: uuid.UUID,
    command: AppendEvents,
    principal: Principal,
    recorder: Recorder,
    idempotency_key: str | None,
    *,
    locked: bool,
) -> EventsAppended | None:
    """The append itself, for both paths: the starting state from `prior_state` (one read), the checks,
    the new state, and the one guarded statement (`store.appends`).

    `locked`: the caller holds the case's row lock in a transaction, so the case cannot move; without
    it, None means the case is unknown, at another version or moved on before the write, or the
    snapshot it started from was removed meanwhile (nothing is written); the caller then takes the
    locked path, which answers 404 or 409 or appends from what is stored then."""
    if locked:
        head = await case_events.lock_case(conn, case_id)
        if head is None:
            raise NotFound(f"case {case_id} not found")
        principal.check_case_writable(case_id, head.office_id)
        if head.version != command.expected_version:
            raise VersionConflict(command.expected_version, head.version)
    prior = await read_prior_state(conn, case_id, command.events)
    if prior is None or prior.head.version != command.expected_version:
        if locked:  # cannot happen: the row lock holds the version
            raise RuntimeError(f"case {case_id} moved while locked")
        return None
    head = prior.head
    principal.check_case_writable(case_id, head.office_id)
    check_events(command.events, case_id, manila_today())
    events = await check_event_references(conn, command.events)  # the registered records in the ids' place
    state = prior.after(events)
    version = head.version + len(events)
    before = prior.snapshot
    projected = project(
        state,
        case_id=case_id,
        list_order=head.list_order,
        owner_office_id=head.office_id,
        version=version,
        today=manila_today(),
        previous=None if before is None else (before.state, before),
    )
    # The snapshot's clocks are the ones stored with it: unchanged clocks need not be rewritten.
    unchanged = before is not None and projected.clocks == before.clocks
    recorded = await append_and_project(
        conn,
        case_id,
        head.version + 1,
        events,
        recorded_by=recorder.client,
        idempotency_key=idempotency_key,
        summary_row=projected.row,
        clocks=None if unchanged else projected.clocks,
        audit=(principal.key_id, principal.role.value, "AppendCaseEvents"),
        snapshot=snapshot_bytes(state, projected),
        from_snapshot=prior.history is None,
    )
    if not recorded:
        if locked:
            raise RuntimeError(f"case {case_id} moved while locked")
        return None
    return EventsAppended(case_id=case_id, version=version, appended=[r.seq for r in recorded])


async def append_events(
    conn: Connection,
    case_id: uuid.UUID,
    command: AppendEvents,
    *,
    principal: Principal,
    idempotency_key: str | None = None,
) -> EventsAppended:
    """Append events to a case at `expected_version`; VersionConflict if it moved on, DomainError if illegal.

    Two paths, one append (`_append`). Without an Idempotency-Key it is one read and one guarded
    statement, no transaction. With a key (or if that statement finds the case unknown or moved on)
    the same runs inside a transaction under the key's advisory lock and the case's row lock, and the
    response is stored under the key (a repeat is answered from it)."""
    recorder = Recorder.of(principal)
    require_role(principal, *CASE_WRITERS)  # before any lookup: a role never tells ids apart
    if idempotency_key is None:
        done = await _append(conn, case_id, command, principal, recorder, None, locked=False)
        if done is not None:
            return done
    fingerprint = _fingerprint("append_events", str(case_id), command)
    idempotency_key = _stored_key(recorder, idempotency_key)
    async with conn.transaction():
        replay = await _replayed(conn, recorder, idempotency_key, fingerprint, EventsAppended)
        if replay is not None:
            await audit.record(conn, principal, "AppendCaseEvents", case_id, result="replayed")
            return replay
        result = await _append(conn, case_id, command, principal, recorder, idempotency_key, locked=True)
        assert result is not None  # the locked path raises instead
        if idempotency_key is not None:
            await idempotency.save_response(
                conn, recorder.client, idempotency_key, fingerprint, CREATED, msgspec.to_builtins(result)
            )
    return result
