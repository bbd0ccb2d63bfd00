"""Writing case histories: open a case, append events. One transaction each.

Every append checks the caller's `expected_version`, brings the case's state up to date with the new
events (an illegal event or date order raises a DomainError and nothing is stored), appends the events
and rewrites the case's summary row, legal clocks and state snapshot — atomically, in one statement
guarded by the version (or, with an Idempotency-Key, in one transaction under the case's row lock). The
state at the expected version comes from this process's cache, else from the stored snapshot, else
from folding the whole history. A request carrying an Idempotency-Key is answered from the first
successful response if it was seen before.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeVar

import asyncpg
import msgspec

from cpc_prosecution.domain import CaseEvent, fold, is_correction
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
from cpc_prosecution.services.prior_state import evolved, snapshot_bytes, state_after, state_from
from cpc_prosecution.services.projection import manila_today, project
from cpc_prosecution.services.references_in_events import check_event_references
from cpc_prosecution.services.state_cache import CachedCase, CaseStateCache
from cpc_prosecution.services.state_snapshot import snapshot_format
from cpc_prosecution.store import case_events, idempotency
from cpc_prosecution.store.appends import append_and_project

if TYPE_CHECKING:
    from cpc_prosecution.services.key_memory import KeyClaim
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
    """Create a case owned by an office of the caller, with its detection as event #1 (version 1)."""
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
        check_events([detection], case_id, manila_today(), "first_event")
        await check_event_references(conn, [detection], "first_event")
        state = fold([detection])
        today = manila_today()
        try:
            head = await case_events.insert_case(conn, case_id, command.office_id, detection.case_type, recorder.client)
        except asyncpg.ForeignKeyViolationError:
            raise InvalidInput("office_id", f"{command.office_id} is not registered (see /v1/offices)") from None
        await register_dockets(
            conn, case_id, command.dockets, docket_secret, owner_office_id=command.office_id, court_id=None
        )
        projected = project(
            state, case_id=case_id, list_order=head.list_order, owner_office_id=head.office_id, version=1, today=today
        )
        await append_and_project(
            conn,
            case_id,
            1,
            [detection],
            recorded_by=recorder.client,
            idempotency_key=idempotency_key,
            summary_row=projected.row,
            clocks=projected.clocks,
            audit=(principal.key_id, principal.role.value, "OpenCase"),
            snapshot=snapshot_bytes(state, projected),
        )
        result = CaseOpened(case_id=case_id, version=1)
        if idempotency_key is not None:
            await idempotency.save_response(
                conn, recorder.client, idempotency_key, fingerprint, CREATED, msgspec.to_builtins(result)
            )
        return result


async def _append_unlocked(
    conn: Connection,
    case_id: uuid.UUID,
    command: AppendEvents,
    cache: CaseStateCache | None,
    principal: Principal,
    recorder: Recorder,
    key_guard: uuid.UUID | None,
) -> tuple[EventsAppended, CachedCase] | None:
    """The append as one guarded statement and no transaction (no Idempotency-Key).

    The state at the expected version comes from this process's cache or, on a miss (or with a
    correction among the events), from one read of the case's head with its stored state snapshot or
    its history: one statement sees one database snapshot, so either is exactly the head's version.
    The write happens only if the case is still at that version. None when the case is unknown, at
    another version, or moved on before the write (nothing is written): the locked path then answers."""
    cached = None if cache is None else cache.get(case_id, command.expected_version)
    corrects = any(is_correction(e) for e in command.events)
    source = None
    if cached is None or corrects:
        source = await case_events.read_state_source(conn, case_id, snapshot_format(), history=corrects)
        if source is None or source.head.version != command.expected_version:
            return None
        head_office, list_order = source.head.office_id, source.head.list_order
    else:
        head_office, list_order = cached.owner_office_id, cached.list_order
    principal.check_case_writable(case_id, head_office)
    check_events(command.events, case_id, manila_today())
    await check_event_references(conn, command.events)
    if source is None:
        assert cached is not None  # without it the source was read above
        state = evolved(cached.state, cached.version, command.events)
    else:
        state, cached = state_from(source, command.events)
    after = CachedCase(
        version=command.expected_version + len(command.events),
        owner_office_id=head_office,
        list_order=list_order,
        state=state,
    )
    written = await _write(
        conn, case_id, command.expected_version, command.events, after, cached, principal, recorder, None, key_guard
    )
    if written is None and cache is not None:
        cache.forget(case_id)  # another process appended
    return written


async def _write(
    conn: Connection,
    case_id: uuid.UUID,
    version_before: int,
    events: Sequence[CaseEvent],
    after: CachedCase,
    before: CachedCase | None,
    principal: Principal,
    recorder: Recorder,
    idempotency_key: str | None,
    key_guard: uuid.UUID | None = None,
) -> tuple[EventsAppended, CachedCase] | None:
    """The one statement of an append (events, version, summary, clocks, audit); None if the case
    moved on (or the `key_guard` key is no longer valid). Returns the result and `after` with its
    projection, for the cache.

    `before`: what this process cached of the case at `version_before` (its state and the projection
    it wrote), or None. The stored clocks are those of `before`, so they are rewritten only when the
    new clocks differ; without `before` they are always rewritten."""
    previous = None if before is None or before.projection is None else (before.state, before.projection)
    projected = project(
        after.state,
        case_id=case_id,
        list_order=after.list_order,
        owner_office_id=after.owner_office_id,
        version=after.version,
        today=manila_today(),
        previous=previous,
    )
    unchanged = previous is not None and projected.clocks == previous[1].clocks
    recorded = await append_and_project(
        conn,
        case_id,
        version_before + 1,
        events,
        recorded_by=recorder.client,
        idempotency_key=idempotency_key,
        summary_row=projected.row,
        clocks=None if unchanged else projected.clocks,
        audit=(principal.key_id, principal.role.value, "AppendCaseEvents"),
        snapshot=snapshot_bytes(after.state, projected),
        key_guard=key_guard,
    )
    if not recorded:
        return None
    result = EventsAppended(case_id=case_id, version=after.version, appended=[r.seq for r in recorded])
    return result, msgspec.structs.replace(after, projection=projected)


async def append_events(
    conn: Connection,
    case_id: uuid.UUID,
    command: AppendEvents,
    *,
    principal: Principal,
    idempotency_key: str | None = None,
    cache: CaseStateCache | None = None,
    unproven_key: KeyClaim | None = None,
) -> EventsAppended:
    """Append events to a case at `expected_version`; VersionConflict if it moved on, DomainError if illegal.

    Two paths, one outcome. Without an Idempotency-Key the append is one guarded statement, from the
    state this process cached at the expected version or from one read of the case's history. With a
    key (or if that statement finds the case unknown or moved on) the case row is locked, the version
    compared, the history folded and the same statement run inside a transaction.

    `unproven_key`: the remembered key `principal` stands for, not yet proved in this request
    (`services.key_memory`). The guarded statement then also requires the key row to be valid, and the
    key is proved before any other answer: an error, or the locked path."""
    recorder = Recorder.of(principal)
    try:
        require_role(principal, *CASE_WRITERS)  # before any lookup: a role never tells ids apart
        if idempotency_key is None:
            guard = None if unproven_key is None else principal.key_id
            done = await _append_unlocked(conn, case_id, command, cache, principal, recorder, guard)
            if done is not None:
                if cache is not None:
                    cache.put(case_id, done[1])
                return done[0]
    except Exception:
        # Any answer but success, a server error included, comes after the key is proved.
        if unproven_key is not None:
            await unproven_key.confirm(conn)
        raise
    if unproven_key is not None:
        await unproven_key.confirm(conn)
    fingerprint = _fingerprint("append_events", str(case_id), command)
    idempotency_key = _stored_key(recorder, idempotency_key)
    async with conn.transaction():
        replay = await _replayed(conn, recorder, idempotency_key, fingerprint, EventsAppended)
        if replay is not None:
            await audit.record(conn, principal, "AppendCaseEvents", case_id, result="replayed")
            return replay
        head = await case_events.lock_case(conn, case_id)
        if head is None:
            raise NotFound(f"case {case_id} not found")
        principal.check_case_writable(case_id, head.office_id)
        if head.version != command.expected_version:
            raise VersionConflict(command.expected_version, head.version)
        check_events(command.events, case_id, manila_today())
        await check_event_references(conn, command.events)
        state, before = await state_after(conn, head.case_id, head.version, command.events, cache)
        after = CachedCase(
            version=head.version + len(command.events),
            owner_office_id=head.office_id,
            list_order=head.list_order,
            state=state,
        )
        written = await _write(
            conn, case_id, head.version, command.events, after, before, principal, recorder, idempotency_key
        )
        if written is None:  # cannot happen: the row lock holds the version
            raise RuntimeError(f"case {case_id} moved while locked")
        result, after = written
        if idempotency_key is not None:
            await idempotency.save_response(
                conn, recorder.client, idempotency_key, fingerprint, CREATED, msgspec.to_builtins(result)
            )
    # Only a committed version is real: the cache learns it after the transaction.
    if cache is not None:
        cache.put(case_id, after)
    return result
