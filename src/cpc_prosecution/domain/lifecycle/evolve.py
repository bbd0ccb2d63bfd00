"""`evolve(state, event) -> state`: one step of the fold.

Order of checks: (1) the event type must be allowed now (its permit in `registry`) or `IllegalTransition`;
(2) no event may be dated before detection (`DateOrderError`); (3) the handler checks the
details (accused, counts, dependent dates). Then the case stage is derived again: before filing
it is the case-level stage; after filing it is the least advanced stage of the accused whose
proceedings are still open, so several accused can move at different speeds.
"""

import datetime as dt
from typing import Final

from msgspec.structs import replace

from cpc_prosecution.domain.errors import IllegalTransition, InvalidEvent
from cpc_prosecution.domain.events.corrections import Retraction, Supersession
from cpc_prosecution.domain.events.union import CaseEvent
from cpc_prosecution.domain.lifecycle import court, judgment, precourt, registry, side  # noqa: F401 (registers)
from cpc_prosecution.domain.lifecycle.kit import first_dates, not_before
from cpc_prosecution.domain.lifecycle.registry import allowed_events
from cpc_prosecution.domain.state import CaseState
from cpc_prosecution.domain.vocab.stages import (
    COURT_ACTIVE_STAGES,
    STAGE_ORDER,
    TERMINAL_STAGES,
    Stage,
)

# Importing the handler modules registers every event type; refuse to run with a gap in the table.
_MISSING = registry.unregistered()
if _MISSING:  # pragma: no cover - a programming error, caught by the registry tests too
    raise ImportError(f"event types without a handler and permit: {[t.__name__ for t in _MISSING]}")

_ACTIVE_ORDER: Final = {stage: STAGE_ORDER[stage] for stage in COURT_ACTIVE_STAGES}


def evolve(state: CaseState, event: CaseEvent) -> CaseState:
    """The state after `event`; raises a `DomainError` subclass if the event is not legal here.

    Corrections (`Retraction`, `Supersession`) are not evolved one by one: `fold` applies them to
    the history first. Passing one here raises `InvalidEvent`.
    """
    entry = registry.entry_of(type(event))
    tag = entry.tag
    if isinstance(event, Retraction | Supersession) or entry.handler is None:
        raise InvalidEvent(event_type=tag, reason="corrections are applied by fold(), not by evolve()")
    if not entry.permit(state):
        raise IllegalTransition(stage=state.stage, event_type=tag, allowed=allowed_events(state))
    if state.detected_on is not None:
        not_before(event, state.detected_on, "detection")
    return _settle(state, entry.handler(state, event), event.occurred_on, tag)


def derive_stage(state: CaseState) -> Stage | None:
    """The case stage: the case-level stage before filing, else the least advanced open accused."""
    if not state.in_court:
        return state.precourt_stage
    best: Stage | None = None
    archived = provisional = final = False
    for acc in state.accused.values():
        stage = acc.stage
        if stage is None:
            continue
        if stage in _ACTIVE_ORDER:
            if best is None or _ACTIVE_ORDER[stage] < _ACTIVE_ORDER[best]:
                best = stage
        elif stage is Stage.ARCHIVED:
            archived = True
        elif stage is Stage.PROVISIONALLY_DISMISSED:
            provisional = True
        elif stage is Stage.FINAL:
            final = True
    if best is not None:
        return best
    if archived:
        return Stage.ARCHIVED
    if provisional:
        return Stage.PROVISIONALLY_DISMISSED
    return Stage.FINAL if final else Stage.DISMISSED


def _settle(old: CaseState, new: CaseState, on: dt.date, tag: str) -> CaseState:
    stage = derive_stage(new)
    first = new.stage_first_on
    if new.accused is not old.accused:
        before = old.accused
        for position, acc in new.accused.items():
            if before.get(position) is not acc:
                for accused_stage, day in acc.first_on.items():
                    # `first_dates`, inlined: this runs for every stage date of every changed accused.
                    known = first.get(accused_stage)
                    if known is None or known > day:
                        first = {**first, accused_stage: day}
    since, since_event = new.stage_since, new.stage_since_event
    if new.in_court:
        since, since_event = _latest_accused_move(new, since, since_event)
    elif stage is not old.stage or new.in_court != old.in_court:
        since, since_event = on, tag
    if stage is not None:
        first = first_dates(first, stage, on) if stage is not old.stage else first
    if new.in_court:
        refileable = stage in TERMINAL_STAGES and any(
            a.stage is Stage.DISMISSED and a.dismissed_with_prejudice is False for a in new.accused.values()
        )
    else:
        refileable = new.precourt_stage is Stage.DISMISSED
    last = old.last_event_on
    counts = old.event_counts
    return replace(
        new,
        stage=stage,
        stage_since=since,
        stage_since_event=since_event,
        stage_first_on=first,
        refileable=refileable,
        events_applied=old.events_applied + 1,
        event_counts={**counts, tag: counts.get(tag, 0) + 1},
        last_event_on=on if last is None or on > last else last,
    )


def _latest_accused_move(
    state: CaseState, since: dt.date | None, since_event: str | None
) -> tuple[dt.date | None, str | None]:
    """In court, case-level events may not predate the latest move of any charged accused."""
    for acc in state.accused.values():
        if acc.stage is not None and acc.since is not None and (since is None or acc.since > since):
            since, since_event = acc.since, f"{acc.since_event} of {acc.position}"
    return since, since_event
