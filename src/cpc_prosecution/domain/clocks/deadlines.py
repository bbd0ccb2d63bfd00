"""`deadlines(state, as_of)`: every applicable legal clock with its due date and status."""

import datetime as dt
from collections.abc import Iterable, Set
from enum import StrEnum

import msgspec

from cpc_prosecution.domain.clocks.catalogue import CLOCK_RULES, RULES_BY_ID
from cpc_prosecution.domain.clocks.counting import NO_HOLIDAYS, due_date
from cpc_prosecution.domain.clocks.engine import ClockRun, effective_limit
from cpc_prosecution.domain.clocks.rules import ClockRule, ClockUnit, Strength
from cpc_prosecution.domain.clocks.scopes import Scopes, scope_runs
from cpc_prosecution.domain.state import AccusedState, CaseState
from cpc_prosecution.domain.types import position_number


class DeadlineStatus(StrEnum):
    """Where a clock stands on the `as_of` date."""

    RUNNING = "running"
    PAUSED = "paused"
    MET = "met"
    """The stop event came on or before the due date (or moment)."""
    MISSED = "missed"
    """The due date passed first (for waiting periods: the period ran out; see the rule's note).
    Still open while `ended_on` is None (overdue); closed once the stop, a cancel milestone or the
    scope's closing came after the due date."""


class Deadline(msgspec.Struct, frozen=True, kw_only=True):
    """One clock for the case or for one accused, as of a date."""

    rule_id: str
    title: str
    accused: str | None
    strength: Strength
    unit: ClockUnit
    limit: int
    """Limit applied, extensions included."""
    extended_by: int
    started_on: dt.date
    started_at: dt.datetime | None
    due: dt.date
    due_at: dt.datetime | None
    """Due moment for hour clocks (Art. 125)."""
    approximate: bool
    """Hour clock whose start has no time of day: counted from midnight."""
    status: DeadlineStatus
    stopped_on: dt.date | None
    """The day its stop milestone came."""
    ended_on: dt.date | None
    """The day the clock closed: its stop, a cancel milestone, or the accused or case leaving the
    proceedings (FINAL or DISMISSED) after the due date. None while it is open."""
    paused_days: int
    days_left: int | None
    days_overdue: int | None
    legal_source: str


def _status(run: ClockRun, today: dt.date, now: dt.datetime | None) -> tuple[DeadlineStatus, dt.date | None]:
    """Status, and the date the overdue count runs to (None when not missed)."""
    if run.stop is not None:
        if run.due_at is not None and run.stop.at is not None:
            on_time = run.stop.at <= run.due_at
        else:
            on_time = run.stop.on <= run.due
        return (DeadlineStatus.MET, None) if on_time else (DeadlineStatus.MISSED, run.stop.on)
    if run.cancelled_on is not None:
        return DeadlineStatus.MISSED, run.cancelled_on
    late = (now > run.due_at) if (now is not None and run.due_at is not None) else today > run.due
    if late:
        return DeadlineStatus.MISSED, today
    return (DeadlineStatus.PAUSED if run.paused_now else DeadlineStatus.RUNNING), None


def _deadline(rule: ClockRule, run: ClockRun, accused: str | None, today: dt.date, now: dt.datetime | None) -> Deadline:
    status, overdue_to = _status(run, today, now)
    pending = status in (DeadlineStatus.RUNNING, DeadlineStatus.PAUSED)
    return Deadline(
        rule_id=rule.rule_id,
        title=rule.title,
        accused=accused,
        strength=rule.strength,
        unit=rule.unit,
        limit=run.limit,
        extended_by=run.extended_by,
        started_on=run.start.on,
        started_at=run.start.at,
        due=run.due,
        due_at=run.due_at,
        approximate=run.approximate,
        status=status,
        stopped_on=run.stop.on if run.stop is not None else None,
        ended_on=run.stop.on if run.stop is not None else run.cancelled_on,
        paused_days=run.paused_days,
        days_left=(run.due - today).days if pending else None,
        days_overdue=max((overdue_to - run.due).days, 0) if overdue_to is not None else None,
        legal_source=rule.legal_source,
    )


def deadlines(
    state: CaseState,
    as_of: dt.date | dt.datetime,
    *,
    holidays: Set[dt.date] = NO_HOLIDAYS,
    rules: Iterable[ClockRule] = CLOCK_RULES,
) -> list[Deadline]:
    """Every clock that applies to the case on `as_of`, sorted by due date.

    Milestones dated after `as_of` are ignored. For each rule and scope the latest start counts.
    A clock made moot before its due date (e.g. the accused was dismissed before arraignment) is
    left out; one ended after it (e.g. a plea bargain after the day the trial should have begun)
    is `missed` with its `ended_on`, and no longer open. Pass a `datetime` as `as_of` to decide hour
    clocks to the minute.
    """
    now = as_of if isinstance(as_of, dt.datetime) else None
    today = as_of.date() if isinstance(as_of, dt.datetime) else as_of
    visible = [m for m in state.milestones if m.on <= today]
    found = [
        _deadline(rule, run, position, today, now)
        for rule, position, run in scope_runs(state, Scopes(state, visible), today, rules, holidays)
        if not _moot(run)
    ]
    found.sort(key=lambda d: (d.due, d.rule_id, position_number(d.accused) if d.accused else 0))
    return found


def _moot(run: ClockRun) -> bool:
    """Cancelled on or before its due date, with no stop: the clock no longer applies."""
    return run.stop is None and run.cancelled_on is not None and run.cancelled_on <= run.due


def provisional_dismissal_lapses_on(state: CaseState, accused: AccusedState, dismissed_on: dt.date) -> dt.date:
    """The date a provisional dismissal of `accused` becomes permanent (PROV_DISMISSAL_PERMANENT)."""
    rule = RULES_BY_ID["PROV_DISMISSAL_PERMANENT"]
    return due_date(dismissed_on, effective_limit(rule, state, accused, ()), rule.unit)
