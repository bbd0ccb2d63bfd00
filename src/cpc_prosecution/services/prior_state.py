"""Where an append starts from: the case as stored at its head version, read in one statement.

The one place that decides the starting state, for every append (with or without an Idempotency-Key):
the snapshot the previous append stored with the case (`state_snapshot`) when this code can read it,
otherwise the whole history, folded. A correction among the new events can reach back into the
history, so it always folds the history. The process keeps nothing between requests.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING

import msgspec

from cpc_prosecution.domain import CaseEvent, CaseState, fold, is_correction
from cpc_prosecution.domain.fold import evolve_all
from cpc_prosecution.services.projection import Projection
from cpc_prosecution.services.state_snapshot import StateSnapshot, decode_snapshot, encode_snapshot, snapshot_format
from cpc_prosecution.store import case_events

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

__all__ = ("PriorState", "read_prior_state", "snapshot_bytes")


class PriorState(msgspec.Struct, frozen=True, kw_only=True):
    """The case at `head.version`: its head, and its snapshot or its history (one statement, so either
    is exactly that version)."""

    head: case_events.CaseHead
    snapshot: StateSnapshot | None
    """The stored snapshot, when this code can read it (None: imported case, other snapshot version)."""
    history: list[CaseEvent] | None
    """The stored events, when there is no readable snapshot or the append corrects an event."""

    def after(self, events: Sequence[CaseEvent]) -> CaseState:
        """The state once `events` follow the head (DomainError if one is illegal): the snapshot's
        state evolved by the new events, or the whole history folded with them."""
        if self.history is not None:
            return fold([*self.history, *events])
        assert self.snapshot is not None  # read_prior_state reads the history when there is none
        pairs = [(self.head.version + i, e) for i, e in enumerate(events, start=1)]
        return evolve_all(pairs, self.snapshot.state)  # type: ignore[arg-type]


async def read_prior_state(conn: Connection, case_id: uuid.UUID, events: Sequence[CaseEvent]) -> PriorState | None:
    """The case as stored, with what `events` need to be evolved onto it; None for an unknown case.

    Takes no lock: the caller's write is guarded by `head.version` (or the caller holds the row lock)."""
    corrects = any(is_correction(e) for e in events)
    source = await case_events.read_state_source(conn, case_id, snapshot_format(), history=corrects)
    if source is None:
        return None
    snapshot = decode_snapshot(source.snapshot, snapshot_format())
    if snapshot is None and source.events is None:
        # Bytes under this version that do not decode: fold the history instead (read again, so the
        # history belongs to the head it comes with).
        source = await case_events.read_state_source(conn, case_id, snapshot_format(), history=True)
        if source is None:
            return None
    return PriorState(head=source.head, snapshot=snapshot, history=source.events)


def snapshot_bytes(state: CaseState, projected: Projection) -> tuple[bytes, bytes]:
    """What an append stores as the case's snapshot: this code's format, and the encoded snapshot."""
    snapshot = StateSnapshot(
        state=state, clocks=projected.clocks, day=projected.day, open_clock_due_on=projected.open_clock_due_on
    )
    return snapshot_format(), encode_snapshot(snapshot)
