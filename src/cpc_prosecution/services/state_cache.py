"""A per-process cache of folded case states, keyed by case and version.

An append must fold the whole history to know whether the new events are legal. The state after
version v is the same in every process (the history is append-only), so a worker that folded a case
keeps the state and, at the next append at that version, evolves only the new events. The database
stays the authority: the append's write is guarded by the version it expects, so a state cached by
this worker while another appended is never written over.
"""

from __future__ import annotations

import uuid
from collections import OrderedDict

import msgspec

from cpc_prosecution.domain import CaseState
from cpc_prosecution.services.projection import ClockResults

__all__ = ("CachedCase", "CaseStateCache")


class CachedCase(msgspec.Struct, frozen=True, kw_only=True):
    """What an append needs to know about a case without reading it: version, owner, order, state, and
    what was stored for that state (so that what did not change need not be computed or written again)."""

    version: int
    owner_office_id: str
    list_order: int
    state: CaseState
    projection: ClockResults | None = None
    """The clock results written with `version` (the `Projection` this process wrote, or the stored
    snapshot's); None if not known (the clocks are then computed and rewritten)."""


class CaseStateCache:
    """Least-recently-used map of case id -> CachedCase, bounded by `capacity`."""

    def __init__(self, capacity: int = 4096) -> None:
        self.capacity = capacity
        self._entries: OrderedDict[uuid.UUID, CachedCase] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def get(self, case_id: uuid.UUID, version: int) -> CachedCase | None:
        entry = self._entries.get(case_id)
        if entry is None or entry.version != version:
            self.misses += 1
            return None
        self._entries.move_to_end(case_id)
        self.hits += 1
        return entry

    def put(self, case_id: uuid.UUID, entry: CachedCase) -> None:
        self._entries[case_id] = entry
        self._entries.move_to_end(case_id)
        while len(self._entries) > self.capacity:
            self._entries.popitem(last=False)

    def forget(self, case_id: uuid.UUID) -> None:
        self._entries.pop(case_id, None)
