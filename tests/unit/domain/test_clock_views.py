"""`clock_views` and `open_obligation_due`: one run of the clock engine for both stored clock views,
equal to what `clock_outcomes` and `deadlines` give separately."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.support.histories import prefix_states

from cpc_prosecution.domain import WAITING_PERIOD_RULES, CaseState, DeadlineStatus, deadlines, fold
from cpc_prosecution.domain.clocks import clock_outcomes
from cpc_prosecution.domain.clocks.obligations import clock_views, open_obligation_due
from cpc_prosecution.domain.clocks.outcomes import horizon
from cpc_prosecution.domain.generate import generate_history

_OPEN = {DeadlineStatus.RUNNING, DeadlineStatus.PAUSED, DeadlineStatus.MISSED}


def _open_due_from_deadlines(state: CaseState, today: dt.date) -> dt.date | None:
    """The definition of `open_clock_due_on` from the `Deadline`s: obligations not ended (a clock
    cancelled, or whose accused or case closed, after its due date is missed but no longer open)."""
    dues = [
        d.due
        for d in deadlines(state, today)
        if d.rule_id not in WAITING_PERIOD_RULES and d.status in _OPEN and d.ended_on is None
    ]
    return min(dues, default=None)


def _days(state: CaseState) -> list[dt.date]:
    """Days to evaluate at: the horizon and around it, every milestone date and the day before it
    (some milestones then lie in the future), and far later (open pauses run long)."""
    day = horizon(state)
    assert day is not None
    days = {day + dt.timedelta(days=n) for n in (-400, -30, -1, 0, 1, 7, 45, 400)}
    for m in state.milestones:
        days |= {m.on, m.on - dt.timedelta(days=1)}
    return sorted(days)


def _check(state: CaseState) -> int:
    outcomes = clock_outcomes(state)
    checked = 0
    for today in _days(state):
        due = _open_due_from_deadlines(state, today)
        assert open_obligation_due(state, today) == due
        assert clock_views(state, today) == (outcomes, due)
        checked += 1
    return checked


@pytest.fixture(scope="module")
def states() -> list[CaseState]:
    """The state after every other prefix of generated histories (corrections included)."""
    return prefix_states(20_170_411, histories=100, max_events=40, every=2)


def test_clock_views_equal_clock_outcomes_and_the_open_deadlines(states: list[CaseState]) -> None:
    """On the horizon, before it (milestones in the future), after it (open pauses counted on), the
    combined views equal the separate ones exactly."""
    assert sum(_check(state) for state in states) > 20_000


def test_some_open_clocks_pause_so_the_day_matters(states: list[CaseState]) -> None:
    """The generated states include running clocks whose due date moves with the day evaluated at
    (an open pause), so the re-evaluation path in `clock_views` is exercised."""
    moved = 0
    for state in states:
        day = horizon(state)
        assert day is not None
        later = day + dt.timedelta(days=400)
        moved += open_obligation_due(state, later) != open_obligation_due(state, day)
    assert moved > 0


@given(seed=st.integers(0, 2**64 - 1), length=st.integers(1, 60), shift=st.integers(-800, 800))
def test_clock_views_on_any_generated_history_and_day(seed: int, length: int, shift: int) -> None:
    """Any generated history, any day near its horizon."""
    state = fold(generate_history(random.Random(seed), max_events=length))
    day = horizon(state)
    assert day is not None
    today = day + dt.timedelta(days=shift)
    due = _open_due_from_deadlines(state, today)
    assert clock_views(state, today) == (clock_outcomes(state), due)
    assert open_obligation_due(state, today) == due
