"""Where an append starts from: the case's state at the expected version, with what is known of it.

Three sources, cheapest first: this worker's cache of states it folded (`state_cache`); the snapshot
the previous append stored with the case (`state_snapshot`); the whole history, folded. A correction
among the new events can reach back into the history, so it always needs the whole fold.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING

from cpc_prosecution.domain import CaseEvent, CaseState, fold, is_correction
from cpc_prosecution.domain.fold import evolve_all
from cpc_prosecution.services.projection import Projection
from cpc_prosecution.services.state_cache import CachedCase, CaseStateCache
from cpc_prosecution.services.state_snapshot import StateSnapshot, decode_snapshot, encode_snapshot, snapshot_format
from cpc_prosecution.store import case_events

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

__all__ = ("evolved", "snapshot_bytes", "state_after", "state_from")


async def state_after(
    conn: Connection,
    case_id: uuid.UUID,
    version: int,
    events: Sequence[CaseEvent],
    cache: CaseStateCache | None,
) -> tuple[CaseState, CachedCase | None]:
    """The case's state once `events` follow its `version` events (raises DomainError if illegal),
    and what is known of the case at `version` (this process's cache, or the stored snapshot).

    From the cached state when this process folded the case at `version` and no new event is a
    correction (a correction can reach back into the history, so it needs the whole fold); otherwise
    as `state_from` the stored snapshot or history."""
    cached = None if cache is None else cache.get(case_id, version)
    corrects = any(is_correction(e) for e in events)
    if cached is not None and not corrects:
        return evolved(cached.state, version, events), cached
    source = await case_events.read_state_source(conn, case_id, snapshot_format(), history=corrects)
    if source is None or source.head.version != version:  # cannot happen: the caller holds the row lock
        raise RuntimeError(f"case {case_id} moved while locked")
    return state_from(source, events)


def state_from(source: case_events.StateSource, events: Sequence[CaseEvent]) -> tuple[CaseState, CachedCase | None]:
    """The state once `events` follow the stored case, and the case as stored (None without a usable
    snapshot). Evolves the snapshot's state when the history was not read (no correction among the
    events); otherwise folds the whole history."""
    head, snapshot = source.head, decode_snapshot(source.snapshot, snapshot_format())
    before = (
        None
        if snapshot is None
        else CachedCase(
            version=head.version,
            owner_office_id=head.office_id,
            list_order=head.list_order,
            state=snapshot.state,
            projection=snapshot,
        )
    )
    if source.events is None:
        if snapshot is None:
            raise RuntimeError("a stored case read without its history must carry a snapshot")
        return evolved(snapshot.state, head.version, events), before
    return fold([*source.events, *events]), before


def snapshot_bytes(state: CaseState, projected: Projection) -> tuple[bytes, bytes]:
    """What an append stores as the case's snapshot: this code's format, and the encoded snapshot."""
    snapshot = StateSnapshot(
        state=state, clocks=projected.clocks, day=projected.day, open_clock_due_on=projected.open_clock_due_on
    )
    return snapshot_format(), encode_snapshot(snapshot)


def evolved(state: CaseState, version: int, events: Sequence[CaseEvent]) -> CaseState:
    return evolve_all([(version + i, e) for i, e in enumerate(events, start=1)], state)  # type: ignore[misc]
