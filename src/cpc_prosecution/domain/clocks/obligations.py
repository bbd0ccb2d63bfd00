"""Both clock views a stored case needs, from one run of the clock engine: the `clock_outcomes`
records (at the state's horizon) and the earliest due date of an open obligation on a given day.

An append and an import store both. Evaluated separately they run every rule twice over the same
milestones; yet a clock's run depends on the day it is evaluated at only through the end of an open
pause (`run_clock` counts paused days up to that day), and on which milestones are visible. So when
no milestone lies after the day asked about, the runs at the horizon serve both, and only a running
clock whose rule pauses is evaluated again for that day.
"""

import datetime as dt

from cpc_prosecution.domain.clocks.engine import ClockRun
from cpc_prosecution.domain.clocks.outcomes import (
    OBLIGATION_RULES,
    ClockOutcome,
    clock_outcome,
    clock_outcomes,
    horizon,
)
from cpc_prosecution.domain.clocks.scopes import Scopes, run_again, scope_runs
from cpc_prosecution.domain.state import CaseState


def _open(run: ClockRun) -> bool:
    """Neither stopped nor ended: no stop milestone, no cancel milestone and its scope not closed
    (`deadlines` reports it running, paused, or missed with no `ended_on`)."""
    return run.stop is None and run.cancelled_on is None


def open_obligation_due(state: CaseState, today: dt.date) -> dt.date | None:
    """Earliest due date among the obligation clocks (waiting periods left out) still open on
    `today`: the minimum `due` of the `deadlines(state, today)` of an obligation rule that have not
    ended (`ended_on` None: running, paused, or missed and still open)."""
    visible = [m for m in state.milestones if m.on <= today]
    runs = scope_runs(state, Scopes(state, visible), today, OBLIGATION_RULES)
    return min((run.due for _, _, run in runs if _open(run)), default=None)


def clock_views(state: CaseState, today: dt.date) -> tuple[tuple[ClockOutcome, ...], dt.date | None]:
    """`(clock_outcomes(state), open_obligation_due(state, today))`, the engine run once where it can."""
    day = horizon(state)
    # A horizon after `today` means milestones or a closing `today` must not see yet.
    if day is None or day > today:
        return clock_outcomes(state), open_obligation_due(state, today)
    scopes = Scopes(state, state.milestones)
    outcomes: list[ClockOutcome] = []
    due: dt.date | None = None
    for rule, position, run in scope_runs(state, scopes, day, OBLIGATION_RULES):
        outcome = clock_outcome(rule, run, position)
        if outcome is not None:
            outcomes.append(outcome)
        if not _open(run):
            continue
        if rule.pause_events and today != day:
            # An open pause counts up to the day evaluated at: the due date on `today` may differ.
            again = run_again(state, scopes, rule, position, today)
            assert again is not None  # whether a rule runs does not depend on the day
            run = again
        if due is None or run.due < due:
            due = run.due
    return tuple(outcomes), due
