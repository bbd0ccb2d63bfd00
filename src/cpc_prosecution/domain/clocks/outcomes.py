"""`clock_outcomes(state)`: each legal obligation clock of a case as a flat record, for the
`case_clock` projection and the legal-clock compliance metric.

Taken from the state alone, at its horizon (the latest event or milestone date), so the records do
not change with the calendar: whether an open clock is overdue on a given day is the metric's to
decide from `due_on`. For each rule and scope only the latest run counts (as in `deadlines`);
waiting periods (appeal, archiving, provisional-dismissal lapse) are not obligations and are left
out, as are clocks made moot before their due date.
"""

import datetime as dt
from collections.abc import Sequence
from typing import Final

import msgspec

from cpc_prosecution.domain.clocks.catalogue import CLOCK_RULES, RULES_BY_ID, WAITING_PERIOD_RULES
from cpc_prosecution.domain.clocks.engine import ClockRun, case_closed_on
from cpc_prosecution.domain.clocks.rules import ClockRule
from cpc_prosecution.domain.clocks.scopes import Scopes, scope_runs
from cpc_prosecution.domain.state import CaseState

#: The obligation rules, in catalogue order (the categories of the compliance metric).
OBLIGATION_RULES: Final[tuple[ClockRule, ...]] = tuple(r for r in CLOCK_RULES if r.rule_id not in WAITING_PERIOD_RULES)


class ClockOutcome(msgspec.Struct, frozen=True, kw_only=True):
    """One clock of a case (accused None: a case clock) as it stands at the state's horizon."""

    rule_id: str
    accused: str | None
    started_on: dt.date
    due_on: dt.date
    """Due date (for hour clocks, the date of the due moment in Manila), pauses up to the horizon included."""
    ended_on: dt.date | None
    """When the clock stopped, or was cancelled or its scope closed (FINAL or DISMISSED) after its
    due date; None while it runs."""
    on_time: bool | None
    """Stopped by the due date (or moment); False when cancelled late; None while it runs."""
    paused: bool
    """Running and paused at the horizon (its due date moves while the pause lasts)."""


def horizon(state: CaseState) -> dt.date | None:
    """The latest date the state knows of."""
    dates = [m.on for m in state.milestones]
    if state.last_event_on is not None:
        dates.append(state.last_event_on)
    return max(dates, default=state.detected_on)


def clock_outcome(rule: ClockRule, run: ClockRun, accused: str | None) -> ClockOutcome | None:
    """The record of one run (None: made moot before its due date)."""
    if run.stop is not None:
        if run.due_at is not None and run.stop.at is not None:
            on_time = run.stop.at <= run.due_at
        else:
            on_time = run.stop.on <= run.due
        return ClockOutcome(
            rule_id=rule.rule_id,
            accused=accused,
            started_on=run.start.on,
            due_on=run.due,
            ended_on=run.stop.on,
            on_time=on_time,
            paused=False,
        )
    if run.cancelled_on is not None:
        if run.cancelled_on <= run.due:
            return None  # moot
        return ClockOutcome(
            rule_id=rule.rule_id,
            accused=accused,
            started_on=run.start.on,
            due_on=run.due,
            ended_on=run.cancelled_on,
            on_time=False,
            paused=False,
        )
    return ClockOutcome(
        rule_id=rule.rule_id,
        accused=accused,
        started_on=run.start.on,
        due_on=run.due,
        ended_on=None,
        on_time=None,
        paused=run.paused_now,
    )


def clock_outcomes(state: CaseState) -> tuple[ClockOutcome, ...]:
    """Every obligation clock of the case, in catalogue order, accused in position order."""
    today = horizon(state)
    if today is None:
        return ()
    found = (
        clock_outcome(rule, run, position)
        for rule, position, run in scope_runs(state, Scopes(state, state.milestones), today, OBLIGATION_RULES)
    )
    return tuple(outcome for outcome in found if outcome is not None)


def same_clock_facts(a: CaseState, b: CaseState) -> bool:
    """Whether the clock engine sees the same case in `a` and `b`.

    `run_clock`, and through it `deadlines` and `clock_outcomes`, read of a state only its milestones,
    its accused (position, counts, Art. 125 class, stage and disposal day), its PI offences and
    the day the case became FINAL or DISMISSED (it closes the clocks: `closing_day`), besides the date they are
    evaluated at (`clock_outcomes`: the horizon). A test holds this to the engine: every clock of a
    generated state equals the clock of a state carrying these fields and nothing else.
    """
    return (
        case_closed_on(a) == case_closed_on(b)
        and (a.milestones is b.milestones or a.milestones == b.milestones)
        and (a.accused is b.accused or a.accused == b.accused)
        and (a.pi_offences is b.pi_offences or a.pi_offences == b.pi_offences)
    )


def outcomes_carry_over(before: CaseState, after: CaseState, outcomes: Sequence[ClockOutcome]) -> bool:
    """Whether `clock_outcomes(after)` equals `outcomes` (which must be `clock_outcomes(before)`),
    decided without running the engine.

    True when the engine sees the same facts (`same_clock_facts`) and either the horizon is the same
    or no clock depends on it. The horizon is the date a clock without stop or cancellation runs to,
    and only pauses count days up to it (an open pause lasts until the horizon): so it can only move a
    clock that is still running (`ended_on` None) under a rule with pause events.
    """
    if not same_clock_facts(before, after):
        return False
    then, now = horizon(before), horizon(after)
    if then == now:
        return True
    if then is None or now is None:
        return False
    return not any(o.ended_on is None and RULES_BY_ID[o.rule_id].pause_events for o in outcomes)
