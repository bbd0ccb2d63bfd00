"""Evaluate one clock rule for one scope (the case, or one accused) from the milestone log.

A clock ends at its first stop milestone. Without one it also ends when a cancel milestone of its
rule comes, or when its scope leaves the proceedings: the accused it runs for, or the case, reaches
FINAL or DISMISSED (`closing_day`). A legal clock watches a stage; once the case or the accused has
left it for good (plea, dismissal, judgment, finality), the obligation no longer runs, whichever
milestone the rule lists.
"""

import datetime as dt
from collections.abc import Sequence, Set

import msgspec

from cpc_prosecution.domain.clocks.conditions import holds
from cpc_prosecution.domain.clocks.counting import NO_HOLIDAYS, due_date, due_moment
from cpc_prosecution.domain.clocks.rules import ClockRule, ClockUnit, Pause
from cpc_prosecution.domain.state import AccusedState, CaseState, MilestoneRecord
from cpc_prosecution.domain.types import MANILA
from cpc_prosecution.domain.vocab.stages import TERMINAL_STAGES


class ClockRun(msgspec.Struct, frozen=True, kw_only=True):
    """What the engine found for one rule and scope (before it becomes a `Deadline`)."""

    start: MilestoneRecord
    stop: MilestoneRecord | None
    cancel: MilestoneRecord | None
    """The cancel milestone that ended the clock (None: none, or the scope's closing ended it)."""
    cancelled_on: dt.date | None
    """With no stop: the day a cancel milestone came or the scope closed, whichever was first."""
    limit: int
    extended_by: int
    paused_days: int
    paused_now: bool
    due: dt.date
    due_at: dt.datetime | None
    approximate: bool


def effective_limit(
    rule: ClockRule, state: CaseState, accused: AccusedState | None, window: Sequence[MilestoneRecord]
) -> int:
    """The rule's limit plus its largest applicable extension (extensions do not stack)."""
    best = 0
    for ext in rule.extensions:
        applies = (ext.condition is not None and holds(ext.condition, state, accused)) or (
            ext.milestone is not None and any(m.kind is ext.milestone for m in window)
        )
        if applies:
            best = max(best, ext.add)
    return rule.limit + best


def _paused(pauses: Sequence[Pause], window: Sequence[MilestoneRecord], end: dt.date) -> tuple[int, bool]:
    """Days paused (merged intervals) up to `end`, and whether a pause is still open at `end`."""
    intervals: list[tuple[dt.date, dt.date]] = []
    open_now = False
    for pause in pauses:
        opened: dt.date | None = None
        for m in window:
            if m.kind is pause.start and opened is None:
                opened = m.on
            elif m.kind is pause.end and opened is not None:
                intervals.append(_capped(opened, m.on, pause.max_days))
                opened = None
        if opened is not None:
            capped = _capped(opened, end, pause.max_days)
            intervals.append(capped)
            open_now = open_now or capped[1] >= end
    total = 0
    last_end: dt.date | None = None
    for first, last in sorted(intervals):
        if last_end is not None and first < last_end:
            first = last_end
        if last > first:
            total += (last - first).days
            last_end = last
    return total, open_now


def _capped(first: dt.date, last: dt.date, max_days: int | None) -> tuple[dt.date, dt.date]:
    if max_days is not None and (last - first).days > max_days:
        return first, first + dt.timedelta(days=max_days)
    return first, last


def case_closed_on(state: CaseState) -> dt.date | None:
    """The day the case became FINAL or DISMISSED, while it is; else None."""
    return state.stage_since if state.stage in TERMINAL_STAGES else None


def closing_day(state: CaseState, accused: AccusedState | None) -> dt.date | None:
    """The day the clock's scope left the proceedings for good, if it has: for an accused clock the
    day that accused was disposed of (judgment or dismissal) once FINAL or DISMISSED, else the day
    the case became FINAL or DISMISSED; for a case clock, the latter. None while the scope is open
    (a revived, remanded or refiled scope is open again: its stage is no longer terminal)."""
    days: list[dt.date] = []
    if accused is not None and accused.stage in TERMINAL_STAGES:
        day = accused.disposed_on or accused.since
        if day is not None:
            days.append(day)
    case_day = case_closed_on(state)
    if case_day is not None:
        days.append(case_day)
    return min(days, default=None)


def run_clock(
    rule: ClockRule,
    state: CaseState,
    accused: AccusedState | None,
    scoped: Sequence[MilestoneRecord],
    today: dt.date,
    holidays: Set[dt.date] = NO_HOLIDAYS,
) -> ClockRun | None:
    """Evaluate `rule` over `scoped` (milestones of this scope dated on or before `today`)."""
    # Only the latest start counts: scan from the end. Steps a rule does not use (restarts,
    # cancellations, pauses, extensions) are skipped; they would find nothing.
    position = accused.position if accused is not None else None
    start_event = rule.start_event
    start_index = len(scoped) - 1
    while start_index >= 0:
        m = scoped[start_index]
        if m.kind is start_event and m.accused == position:
            break
        start_index -= 1
    if start_index < 0:
        return None
    start = scoped[start_index]
    if not rule.in_effect(start.on):
        return None
    for condition in rule.conditions:
        if not holds(condition, state, accused):
            return None
    after = scoped[start_index + 1 :]
    if rule.restart_events:
        for index in range(len(after) - 1, -1, -1):
            if after[index].kind in rule.restart_events:
                start, after = after[index], after[index + 1 :]
                break
    window = after
    stop = None
    stop_events = rule.stop_events
    for index, m in enumerate(after):
        if m.kind in stop_events:
            window, stop = after[: index + 1], m
            break
    cancel = None
    if rule.cancel_events:
        cancel_events = rule.cancel_events
        for m in window:
            if m.kind in cancel_events and m is not stop:
                cancel = m
                break
    cancelled_on = cancel.on if cancel is not None else None
    if stop is None:
        closed = closing_day(state, accused)
        # Only a closing on or after this run's start ends it (an earlier one belongs to a cycle the
        # case has since reopened), and only once `today` has reached it.
        if closed is not None and start.on <= closed <= today and (cancelled_on is None or closed < cancelled_on):
            cancel, cancelled_on = None, closed
            window = [m for m in window if m.on <= closed]
    end = stop.on if stop is not None else cancelled_on if cancelled_on is not None else today
    paused_days, paused_now = _paused(rule.pause_events, window, end) if rule.pause_events else (0, False)
    limit = effective_limit(rule, state, accused, window) if rule.extensions else rule.limit
    due_at: dt.datetime | None = None
    approximate = False
    if rule.unit is ClockUnit.HOURS:
        began = start.at
        if began is None:
            began = dt.datetime.combine(start.on, dt.time(0), MANILA)
            approximate = True
        due_at = due_moment(began, limit)
        due = due_at.astimezone(MANILA).date()
    else:
        due = due_date(start.on, limit, rule.unit, paused_days=paused_days, holidays=holidays)
    return ClockRun(
        start=start,
        stop=stop,
        cancel=cancel,
        cancelled_on=cancelled_on,
        limit=limit,
        extended_by=limit - rule.limit,
        paused_days=paused_days,
        paused_now=paused_now and stop is None,
        due=due,
        due_at=due_at,
        approximate=approximate,
    )
