"""`services.projection.project`: what an append stores for a state, reusing what it can of the state before."""

from __future__ import annotations

import datetime as dt
import random
import uuid

from cpc_prosecution.domain import CaseState, fold
from cpc_prosecution.domain.generate import generate_history
from cpc_prosecution.services.projection import Projection, clock_outcomes, project, projection_record

CASE = uuid.UUID(int=7)


def _project(
    state: CaseState, version: int, today: dt.date, previous: tuple[CaseState, Projection] | None
) -> Projection:
    return project(
        state, case_id=CASE, list_order=3, owner_office_id="O1", version=version, today=today, previous=previous
    )


def test_a_projection_built_on_the_previous_one_equals_one_computed_from_scratch() -> None:
    """Along generated histories (corrections included), on the same day and across days, the row
    and clocks `project` gives from the previous state's projection are exactly `projection_record`
    and `clock_outcomes` of the new state."""
    master = random.Random(11)
    days = (dt.date(2026, 11, 28), dt.date(2026, 11, 29), dt.date(2027, 6, 1))
    reused = 0
    for _ in range(80):
        history = generate_history(random.Random(master.getrandbits(64)), max_events=40)
        state = fold(history[:1])
        previous = (state, _project(state, 1, days[0], None))
        for k in range(2, len(history) + 1):
            today = days[k % 2] if k % 7 else days[2]
            state = fold(history[:k])
            got = _project(state, k, today, previous)
            full = projection_record(state, case_id=CASE, list_order=3, owner_office_id="O1", version=k, today=today)
            assert got.row == full
            assert got.clocks == clock_outcomes(state)
            assert got.day == today
            reused += got.clocks is previous[1].clocks
            previous = (state, got)
    assert reused > 100
