"""From a folded case to what is stored beside its events: the `case_summary` row (the summary plus
the bookkeeping the API filters on) and the `case_clock` rows."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Protocol

import msgspec

from cpc_prosecution.domain import MANILA, CaseState, summarize
from cpc_prosecution.domain.clocks.obligations import clock_views, open_obligation_due
from cpc_prosecution.domain.clocks.outcomes import (
    ClockOutcome,
    clock_outcomes,
    outcomes_carry_over,
    same_clock_facts,
)
from cpc_prosecution.store.case_summaries import OPEN_CLOCK_DUE_ON, summary_record

__all__ = (
    "ClockOutcome",
    "ClockResults",
    "Projection",
    "clock_outcomes",
    "manila_today",
    "open_clock_due_on",
    "project",
    "projection_record",
)


def manila_today() -> dt.date:
    """Today on the Philippine calendar, the one every `occurred_on` uses."""
    return dt.datetime.now(MANILA).date()


def open_clock_due_on(state: CaseState, today: dt.date) -> dt.date | None:
    """Earliest due date among legal deadlines that have not stopped: the case is overdue once it
    passes. Stored so that "has an overdue clock" is one indexed comparison with the current date.

    That is, among `deadlines(state, today)` of rules that are not waiting periods: those running,
    paused or missed that have not stopped (`open_obligation_due` finds them without building the
    `Deadline`s)."""
    return open_obligation_due(state, today)


def projection_record(
    state: CaseState, *, case_id: uuid.UUID, list_order: int, owner_office_id: str, version: int, today: dt.date
) -> tuple[Any, ...]:
    """The full `case_summary` row of a folded case."""
    return summary_record(
        summarize(state),
        case_id=case_id,
        list_order=list_order,
        owner_office_id=owner_office_id,
        version=version,
        open_clock_due_on=open_clock_due_on(state, today),
    )


class ClockResults(Protocol):
    """What `project` can reuse of an earlier projection: the clock engine's results for a state."""

    @property
    def clocks(self) -> tuple[ClockOutcome, ...]: ...
    @property
    def day(self) -> dt.date: ...
    @property
    def open_clock_due_on(self) -> dt.date | None: ...


class Projection(msgspec.Struct, frozen=True, kw_only=True):
    """What an append stores for a state beside its events: the `case_summary` row and the clocks."""

    row: tuple[Any, ...]
    """The full row, as `projection_record` gives it."""
    clocks: tuple[ClockOutcome, ...]
    """`clock_outcomes` of the state."""
    day: dt.date
    """The Manila date the row's `open_clock_due_on` was computed for."""

    @property
    def open_clock_due_on(self) -> dt.date | None:
        due: dt.date | None = self.row[OPEN_CLOCK_DUE_ON]
        return due


def project(
    state: CaseState,
    *,
    case_id: uuid.UUID,
    list_order: int,
    owner_office_id: str,
    version: int,
    today: dt.date,
    previous: tuple[CaseState, ClockResults] | None = None,
) -> Projection:
    """The projection of `state`, equal to `projection_record` and `clock_outcomes` of it.

    `previous`: an earlier state of the case and its projection (or its stored snapshot). Many events
    touch no legal clock; when the clock engine would see the same facts, its results are taken from
    `previous` instead of computed again: the clocks when `outcomes_carry_over` says so, the open clock
    due date when it was computed for the same day (it depends on the clock facts and the day only).
    """
    same = previous is not None and same_clock_facts(previous[0], state)
    clocks: tuple[ClockOutcome, ...] | None = None
    due: dt.date | None
    if previous is not None and same and outcomes_carry_over(previous[0], state, previous[1].clocks):
        clocks = previous[1].clocks
    if previous is not None and same and previous[1].day == today:
        due = previous[1].open_clock_due_on
    elif clocks is None:
        # Neither view carries over: one run of the clock engine gives both.
        clocks, due = clock_views(state, today)
    else:
        due = open_clock_due_on(state, today)
    row = summary_record(
        summarize(state),
        case_id=case_id,
        list_order=list_order,
        owner_office_id=owner_office_id,
        version=version,
        open_clock_due_on=due,
    )
    return Projection(row=row, clocks=clock_outcomes(state) if clocks is None else clocks, day=today)
