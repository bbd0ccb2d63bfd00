"""From a folded case to its `case_summary` row: the summary plus the bookkeeping the API filters on."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from cpc_prosecution.domain import (
    MANILA,
    WAITING_PERIOD_RULES,
    CaseState,
    Deadline,
    DeadlineStatus,
    deadlines,
    summarize,
)
from cpc_prosecution.domain.clocks.outcomes import ClockOutcome, clock_outcomes
from cpc_prosecution.store.case_summaries import summary_record

__all__ = ("ClockOutcome", "clock_outcomes", "manila_today", "open_clock_due_on", "projection_record")

_OPEN = frozenset({DeadlineStatus.RUNNING, DeadlineStatus.PAUSED, DeadlineStatus.MISSED})


def manila_today() -> dt.date:
    """Today on the Philippine calendar, the one every `occurred_on` uses."""
    return dt.datetime.now(MANILA).date()


def _is_open_obligation(deadline: Deadline) -> bool:
    return deadline.rule_id not in WAITING_PERIOD_RULES and deadline.status in _OPEN and deadline.stopped_on is None


def open_clock_due_on(state: CaseState, today: dt.date) -> dt.date | None:
    """Earliest due date among legal deadlines that have not stopped: the case is overdue once it
    passes. Stored so that "has an overdue clock" is one indexed comparison with the current date."""
    dues = [d.due for d in deadlines(state, today) if _is_open_obligation(d)]
    return min(dues, default=None)


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
