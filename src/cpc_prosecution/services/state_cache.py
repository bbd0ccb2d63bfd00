"""A per-process cache of folded case states, keyed by case and version.

An append must fold the whole history to know whether the new events are legal. The state after
version v is the same in every process, so a worker that folded a case keeps the state and, at the
next append at that version, evolves only the new events. The database version (read under the
case's row lock) stays the authority: another worker's append changes it, and the cache misses.
"""

from __future__ import annotations

import uuid
from collections import OrderedDict

from cpc_prosecution.domain import CaseState

__all__ = ("CaseStateCache",)


class CaseStateCache:
    """Least-recently-used map of case id -> (version, state), bounded by `capacity`."""

    def __init__(self, capacity: int = 4096) -> None:
        self.capacity = capacity
        self._entries: OrderedDict[uuid.UUID, tuple[int, CaseState]] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def get(self, case_id: uuid.UUID, version: int) -> CaseState | None:
        entry = self._entries.get(case_id)
        if entry is None or entry[0] != version:
            self.misses += 1
            return None
        self._entries.move_to_end(case_id)
        self.hits += 1
        return entry[1]

    def put(self, case_id: uuid.UUID, version: int, state: CaseState) -> None:
        self._entries[case_id] = (version, state)
        self._entries.move_to_end(case_id)
        while len(self._entries) > self.capacity:
            self._entries.popitem(last=False)
