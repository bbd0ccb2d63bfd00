"""Generated legal histories that the store accepts (nothing dated in the future)."""

from __future__ import annotations

import datetime as dt
import random

from cpc_prosecution.domain import CaseEvent, CaseState, fold
from cpc_prosecution.domain.generate import generate_history

TODAY_FLOOR = dt.date(2026, 1, 1)


def recordable_history(rng: random.Random, *, max_events: int = 30) -> list[CaseEvent]:
    """A generated legal history cut before its first event after 2026-01-01: a legal prefix."""
    history = generate_history(rng, max_events=max_events)
    for i, event in enumerate(history):
        if event.occurred_on > TODAY_FLOOR:
            return history[: max(i, 1)] if i else history[:1]
    return history


def prefix_states(seed: int, *, histories: int, max_events: int, every: int) -> list[CaseState]:
    """The state after every `every`-th prefix of `histories` generated histories (corrections
    included): many stages, outcomes and clock situations for a table of equalities."""
    master = random.Random(seed)
    found: list[CaseState] = []
    for _ in range(histories):
        history = generate_history(random.Random(master.getrandbits(64)), max_events=max_events)
        found += [fold(history[:k]) for k in range(1, len(history) + 1, every)]
    return found
