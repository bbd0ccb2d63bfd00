"""Deadlines that end: a clock closes when its case, or the accused it runs for, leaves the proceedings.

A legal clock watches a stage (arraignment, trial, decision). Once the accused pleads, is dismissed
or judged, or the case is FINAL or DISMISSED, the clock is met, missed or no longer applicable, and
never open: `overdue` (an open clock past its due date) can then not mark a closed case.
"""

import datetime as dt
import random

from hypothesis import given
from hypothesis import strategies as st

from cpc_prosecution.domain import CaseState, DeadlineStatus, deadlines, fold
from cpc_prosecution.domain.clocks import WAITING_PERIOD_RULES, clock_outcomes
from cpc_prosecution.domain.clocks.obligations import clock_views, open_obligation_due
from cpc_prosecution.domain.clocks.outcomes import horizon
from cpc_prosecution.domain.events import CaseEvent
from cpc_prosecution.domain.examples import EXAMPLES
from cpc_prosecution.domain.examples.dismissals import provisional_dismissal_lapse_history
from cpc_prosecution.domain.examples.pleas import plea_bargain_history
from cpc_prosecution.domain.generate import generate_history
from cpc_prosecution.domain.vocab import Stage
from cpc_prosecution.domain.vocab.stages import TERMINAL_STAGES

# Short and long runs: short ones stop mid-way (open clocks), long ones mostly reach FINAL or DISMISSED.
histories = st.builds(
    lambda rng, n: generate_history(rng, max_events=n),
    st.randoms(use_true_random=False),
    st.integers(min_value=4, max_value=70),
)


def _closed_scope(state: CaseState, accused: str | None) -> bool:
    """Whether the clock's scope has left the proceedings: the case, or its accused, FINAL or DISMISSED."""
    if state.stage in TERMINAL_STAGES:
        return True
    return accused is not None and state.accused[accused].stage in TERMINAL_STAGES


def _check_closed(state: CaseState) -> int:
    """Assert no clock of a closed scope is open; return how many clocks of closed scopes were seen."""
    day = horizon(state)
    if day is None:
        return 0
    seen = 0
    for as_of in (day, day + dt.timedelta(days=400)):
        for clock in deadlines(state, as_of):
            if _closed_scope(state, clock.accused):
                seen += 1
                assert clock.ended_on is not None, (clock.rule_id, clock.accused, clock.status)
                assert clock.status in (DeadlineStatus.MET, DeadlineStatus.MISSED)
                assert clock.days_left is None
        due = open_obligation_due(state, as_of)
        if state.stage in TERMINAL_STAGES:
            assert due is None
        assert clock_views(state, as_of)[1] == due
    for outcome in clock_outcomes(state):
        if _closed_scope(state, outcome.accused):
            assert outcome.ended_on is not None
            assert outcome.on_time is not None
    return seen


@given(histories)
def test_no_final_or_dismissed_case_or_accused_has_an_open_clock(history: list[CaseEvent]) -> None:
    """Over every prefix of a generated history, and on the horizon or long after it: every clock of a
    FINAL or DISMISSED case, or of a FINAL or DISMISSED accused, has ended (met or missed), so the
    case has no open obligation due and cannot read overdue."""
    for k in range(1, len(history) + 1):
        _check_closed(fold(history[:k]))


def test_closed_scopes_are_common_in_generated_histories() -> None:
    """The property above is not vacuous: seeded histories reach FINAL or DISMISSED and carry clocks
    that the closing ended (before the fix, 109 of 500 closed histories kept an open, missed clock)."""
    states = [fold(generate_history(random.Random(seed), max_events=80)) for seed in range(150)]
    closed = [s for s in states if s.stage in TERMINAL_STAGES]
    assert len(closed) > 100
    assert sum(_check_closed(s) for s in closed) > 500
    assert all(open_obligation_due(s, dt.date(2040, 1, 1)) is None for s in closed)


def test_plea_bargain_example_ends_its_trial_start_clock() -> None:
    """The documented plea bargain (pre-trial 24 Oct 2019, plea and conviction 3 Feb 2020, FINAL):
    TRIAL_START was due 25 Nov 2019 and no trial was ever held, so it is missed and ended on the day the
    accused were disposed of; nothing is open, the case has no open obligation."""
    state = fold(plea_bargain_history())
    assert state.stage is Stage.FINAL
    trial_start = [c for c in deadlines(state, dt.date(2030, 1, 1)) if c.rule_id == "TRIAL_START"]
    assert [(c.accused, c.status, c.due, c.ended_on) for c in trial_start] == [
        ("A1", DeadlineStatus.MISSED, dt.date(2019, 11, 25), dt.date(2020, 2, 3)),
        ("A2", DeadlineStatus.MISSED, dt.date(2019, 11, 25), dt.date(2020, 2, 3)),
    ]
    assert open_obligation_due(state, dt.date(2030, 1, 1)) is None


def test_every_closed_example_has_no_open_obligation() -> None:
    """Each documented example that ends FINAL or DISMISSED has no open obligation clock, ever after."""
    for name, build in EXAMPLES.items():
        state = fold(build())
        if state.stage in TERMINAL_STAGES:
            assert open_obligation_due(state, dt.date(2040, 1, 1)) is None, name
            open_clocks = [
                c.rule_id
                for c in deadlines(state, dt.date(2040, 1, 1))
                if c.rule_id not in WAITING_PERIOD_RULES and c.ended_on is None
            ]
            assert open_clocks == [], name


def test_a_clock_is_open_before_the_closing_day_and_ended_from_it() -> None:
    """Closing counts from the day it happened: evaluated the day before the accused were disposed of,
    the plea bargain's TRIAL_START clock is still open and missed (overdue); from that day, ended."""
    state = fold(plea_bargain_history())
    before = [c for c in deadlines(state, dt.date(2020, 2, 2)) if c.rule_id == "TRIAL_START"]
    assert {(c.status, c.ended_on, c.days_overdue) for c in before} == {(DeadlineStatus.MISSED, None, 69)}
    assert open_obligation_due(state, dt.date(2020, 2, 2)) == dt.date(2019, 11, 25)


def test_a_lapsed_provisional_dismissal_reads_missed_and_ended() -> None:
    """The provisional dismissal of 10 Jan 2022 (offence over 6 years: 2 years) lapsed on 10 Jan 2024 and
    the accused was dismissed on 11 Jan: the waiting period still reads `missed` (= now permanent) and
    ends with the dismissal, as does the trial-start clock (missed before it)."""
    state = fold(provisional_dismissal_lapse_history())
    assert state.stage is Stage.DISMISSED
    ended = {
        c.rule_id: (c.status, c.due, c.ended_on)
        for c in deadlines(state, dt.date(2040, 1, 1))
        if c.rule_id in ("PROV_DISMISSAL_PERMANENT", "TRIAL_START")
    }
    assert ended == {
        "PROV_DISMISSAL_PERMANENT": (DeadlineStatus.MISSED, dt.date(2024, 1, 10), dt.date(2024, 1, 11)),
        "TRIAL_START": (DeadlineStatus.MISSED, dt.date(2023, 5, 1), dt.date(2024, 1, 11)),
    }
