"""What the legal clocks depend on, so that an append may reuse the clocks of the state before it."""

from __future__ import annotations

import datetime as dt
import itertools
import random

import pytest
from msgspec.structs import replace

from cpc_prosecution.domain import CaseState, ServicesDelivered, VictimService, deadlines, fold
from cpc_prosecution.domain.clocks import clock_outcomes, outcomes_carry_over, same_clock_facts
from cpc_prosecution.domain.clocks.outcomes import horizon
from cpc_prosecution.domain.generate import generate_history


def _states(count: int, seed: int) -> list[list[CaseState]]:
    """The state after every prefix of `count` generated histories (corrections included)."""
    master = random.Random(seed)
    return [
        [fold(history[:k]) for k in range(1, len(history) + 1)]
        for history in (generate_history(random.Random(master.getrandbits(64)), max_events=40) for _ in range(count))
    ]


@pytest.fixture(scope="module")
def states() -> list[list[CaseState]]:
    return _states(120, 20_261_128)


def _clock_facts_only(state: CaseState) -> CaseState:
    """A state carrying the facts `same_clock_facts` compares and the horizon's dates, nothing else."""
    return CaseState(
        milestones=state.milestones,
        accused=state.accused,
        pi_offences=state.pi_offences,
        stage=state.stage,
        stage_since=state.stage_since,
        last_event_on=state.last_event_on,
        detected_on=state.detected_on,
    )


def test_the_clock_engine_reads_only_the_facts_same_clock_facts_compares(states: list[list[CaseState]]) -> None:
    """Every clock and deadline of a generated state equals that of a state holding only its
    milestones, accused, PI offences, stage (a closed case closes its clocks) and horizon: a rule or
    condition reading anything else must be added to `same_clock_facts`, or appends would keep clocks
    that changed."""
    checked = 0
    for history in states:
        for state in history:
            bare = _clock_facts_only(state)
            assert clock_outcomes(bare) == clock_outcomes(state)
            day = horizon(state)
            assert day is not None
            for as_of in (day, day + dt.timedelta(days=45)):
                assert deadlines(bare, as_of) == deadlines(state, as_of)
            checked += 1
    assert checked > 1000


def test_clocks_carried_over_between_consecutive_states_equal_the_computed_ones(
    states: list[list[CaseState]],
) -> None:
    """Whenever `outcomes_carry_over` says the clocks after an event are those before it, computing
    them gives exactly those; and it says so for a fair share of events, not never (18 % of the
    generated events at the time of writing; the share follows the generator's weights)."""
    carried = compared = 0
    for history in states:
        for before, after in itertools.pairwise(history):
            outcomes = clock_outcomes(before)
            compared += 1
            if outcomes_carry_over(before, after, outcomes):
                carried += 1
                assert clock_outcomes(after) == outcomes
    assert carried > compared // 8


def test_a_later_horizon_keeps_the_clocks_unless_a_running_clock_can_pause(states: list[list[CaseState]]) -> None:
    """The horizon alone moves only running clocks whose rule pauses: with the same facts and a later
    horizon, a carry-over is claimed only when the computed clocks are unchanged, and a moved horizon
    does change some clocks (so the rule is needed)."""
    changed = 0
    for history in states:
        for state in history[::3]:
            day = horizon(state)
            assert day is not None
            outcomes = clock_outcomes(state)
            for days in (1, 20, 400):
                later = replace(state, last_event_on=day + dt.timedelta(days=days))
                assert same_clock_facts(state, later)
                recomputed = clock_outcomes(later)
                if outcomes_carry_over(state, later, outcomes):
                    assert recomputed == outcomes
                elif recomputed != outcomes:
                    changed += 1
    assert changed > 0


def test_services_delivered_changes_no_clock_fact() -> None:
    """A victim service (the most frequent event once a case is open) leaves every clock fact as it was."""
    history = generate_history(random.Random(4), max_events=30)
    state = fold(history)
    day = horizon(state)
    assert day is not None
    after = fold([*history, ServicesDelivered(occurred_on=day, service=VictimService.MEDICAL, children=2)])
    assert same_clock_facts(state, after)
    assert outcomes_carry_over(state, after, clock_outcomes(state))
