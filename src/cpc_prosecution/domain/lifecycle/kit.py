"""Small helpers the event handlers share: errors with context, date floors, stage entry, milestones."""

import datetime as dt
from collections.abc import Iterable
from typing import TypeVar

from msgspec.structs import replace

from cpc_prosecution.domain.errors import DateOrderError, IllegalTransition, InvalidEvent
from cpc_prosecution.domain.events.facts import FactEvent
from cpc_prosecution.domain.events.union import event_tag
from cpc_prosecution.domain.lifecycle.permits import allowed_events
from cpc_prosecution.domain.milestones import Milestone
from cpc_prosecution.domain.reference import Court, Hotspot, ProsecutionOffice
from cpc_prosecution.domain.state import AccusedState, CaseState, MilestoneRecord
from cpc_prosecution.domain.types import position_number
from cpc_prosecution.domain.vocab.case import Custody
from cpc_prosecution.domain.vocab.outcomes import CountOutcome, DismissalReason
from cpc_prosecution.domain.vocab.stages import Stage


def illegal(
    state: CaseState, event: FactEvent, *, accused: AccusedState | None = None, detail: str | None = None
) -> IllegalTransition:
    """An `IllegalTransition` for `event` in `state` (naming one accused if given)."""
    return IllegalTransition(
        stage=state.stage,
        event_type=event_tag(event),
        allowed=allowed_events(state),
        accused=accused.position if accused is not None else None,
        accused_stage=accused.stage if accused is not None else None,
        detail=detail,
    )


def invalid(event: FactEvent, reason: str) -> InvalidEvent:
    """An `InvalidEvent` for `event`."""
    return InvalidEvent(event_type=event_tag(event), reason=reason)


R = TypeVar("R", ProsecutionOffice, Court, Hotspot)


def registered(event: FactEvent, value: R | str | None, field: str) -> R | None:
    """The record an event names. An id still in its place is refused: the fold needs the record (its
    place, region, designation), so a history naming ids is resolved first
    (`reference_book.resolve_references`)."""
    if isinstance(value, str):
        raise invalid(
            event,
            f"{field} names {value} by its id, not its record: resolve the history's references first "
            "(cpc_prosecution.domain.reference_book.resolve_references)",
        )
    return value


def not_before(event: FactEvent, floor: dt.date | None, depends_on: str) -> None:
    """Raise `DateOrderError` if `event` is dated before `floor` (the date of what it depends on)."""
    if floor is not None and event.occurred_on < floor:
        raise DateOrderError(
            event_type=event_tag(event),
            occurred_on=event.occurred_on,
            depends_on=depends_on,
            depends_on_date=floor,
        )


def after_accused(event: FactEvent, accused: Iterable[AccusedState]) -> None:
    """Each accused's last move must not be later than `event`."""
    for acc in accused:
        not_before(event, acc.since, f"{acc.since_event} of {acc.position}")


def after_case_stage(state: CaseState, event: FactEvent) -> None:
    """The event that put the case in its current stage must not be later than `event`."""
    not_before(event, state.stage_since, f"{state.stage_since_event} (case stage {state.stage})")


def court_accused(
    state: CaseState, event: FactEvent, positions: Iterable[str], stages: frozenset[Stage]
) -> list[AccusedState]:
    """The named accused, each charged in court and in one of `stages` (else an error)."""
    found: list[AccusedState] = []
    for position in positions:
        acc = state.accused.get(position)
        if acc is None or acc.stage is None:
            raise invalid(event, f"{position} is not charged in court in this case")
        if acc.stage not in stages:
            wanted = ", ".join(sorted(stages))
            raise illegal(state, event, accused=acc, detail=f"{position} must be at {wanted}")
        found.append(acc)
    return found


def enter(acc: AccusedState, stage: Stage, event: FactEvent, **changes: object) -> AccusedState:
    """`acc` moved into `stage` by `event` (records the first date of the stage)."""
    on = event.occurred_on
    first = acc.first_on
    if stage not in first or first[stage] > on:
        first = {**first, stage: on}
    return replace(acc, stage=stage, since=on, since_event=event_tag(event), first_on=first, **changes)


def moved(acc: AccusedState, event: FactEvent, **changes: object) -> AccusedState:
    """`acc` changed by `event` without a stage change; later events for them may not predate it.

    `since` never moves back: a back-dated event leaves the later date in place.
    """
    if acc.since is not None and acc.since >= event.occurred_on:
        return replace(acc, **changes) if changes else acc
    return replace(acc, since=event.occurred_on, since_event=event_tag(event), **changes)


def put(state: CaseState, updated: Iterable[AccusedState]) -> dict[str, AccusedState]:
    """The state's accused map with `updated` written in (position order kept for new ones)."""
    before = state.accused
    accused = dict(before)
    added = False  # only a written-in accused can be new: no need to look at the others
    for acc in updated:
        added = added or acc.position not in before
        accused[acc.position] = acc
    if added:
        accused = dict(sorted(accused.items(), key=lambda item: position_number(item[0])))
    return accused


def mark(
    kind: Milestone, event: FactEvent, accused: str | None = None, at: dt.datetime | None = None
) -> MilestoneRecord:
    """A milestone record for `event`."""
    return MilestoneRecord(kind=kind, on=event.occurred_on, at=at, accused=accused)


def first_dates(first: dict[Stage, dt.date], stage: Stage, on: dt.date) -> dict[Stage, dt.date]:
    """`first` with `stage` dated `on` if that is its earliest date."""
    if stage in first and first[stage] <= on:
        return first
    return {**first, stage: on}


def dismissed(
    acc: AccusedState,
    event: FactEvent,
    outcome: CountOutcome,
    reason: DismissalReason | None,
    *,
    with_prejudice: bool,
) -> AccusedState:
    """`acc` dismissed by `event`: every count gets `outcome`; a detained accused is released."""
    counts = tuple(
        replace(c, outcome=outcome, dismissal_reason=reason, sentence_band=None, convicted_of=None) for c in acc.counts
    )
    custody = Custody.RELEASED if acc.custody is Custody.DETAINED else acc.custody
    return enter(
        acc,
        Stage.DISMISSED,
        event,
        counts=counts,
        custody=custody,
        dismissed_with_prejudice=with_prejudice,
        disposed_on=event.occurred_on,
        resume_stage=None,
        bail_hearing_on=None,
    )


def disposal_marks(event: FactEvent, positions: Iterable[str]) -> tuple[MilestoneRecord, ...]:
    """DISMISSED and DISPOSED milestones for each position."""
    return tuple(mark(kind, event, p) for p in positions for kind in (Milestone.DISMISSED, Milestone.DISPOSED))
