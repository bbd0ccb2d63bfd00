"""Folding a history into a state, with corrections, and the two time views.

Events are addressed by their 1-based position (sequence number) in the case history.
`fold(events)` works in two passes:

1. **Corrections first.** Walking the history in order, a `Retraction` removes its target and a
   `Supersession` puts its replacement in the target's place (a later supersession of the same
   target wins; a retracted event cannot be superseded). Corrections may only target earlier fact
   events. The result is the *effective history*: fact events with their original sequence numbers.
2. **Evolve.** `evolve` is applied to the effective history in sequence order. The first illegal
   event stops the fold; the error's `seq` names it (for a replacement: the target's position).

So a correction that would make the history illegal is itself rejected, and a state never
depends on whether a mistake was fixed early or late.

Views: `state_as_of(events, day)` folds the effective history without the events that occurred
after `day` (business time: "what had happened by then, as we know it now"); every dependency check
compares dates, so what remains is a legal history. `state_as_known_at(records, moment)` folds only
the events recorded by `moment` (system time: "what the system knew then"), corrections included.
"""

import datetime as dt
from collections.abc import Iterable, Sequence

from cpc_prosecution.domain.errors import CorrectionError, DomainError
from cpc_prosecution.domain.events.corrections import Retraction, Supersession
from cpc_prosecution.domain.events.facts import FactEvent
from cpc_prosecution.domain.events.recorded import RecordedEvent
from cpc_prosecution.domain.events.union import CaseEvent
from cpc_prosecution.domain.lifecycle.evolve import evolve
from cpc_prosecution.domain.state import EMPTY_CASE, CaseState

_CORRECTIONS = (Retraction, Supersession)


def effective_history(events: Iterable[tuple[int, CaseEvent]]) -> list[tuple[int, FactEvent]]:
    """Apply corrections to `(seq, event)` pairs; return the fact events that stand, by seq.

    Raises `CorrectionError` (with `seq` set to the correction) if a correction targets itself or
    a later event, a position that is not in the history, a correction, or a retracted event.
    """
    slots: dict[int, FactEvent | None] = {}
    corrections: set[int] = set()
    facts: list[tuple[int, FactEvent]] = []
    in_order = True
    last = 0
    for seq, event in events:
        if isinstance(event, _CORRECTIONS):
            target = event.target_seq
            try:
                if target >= seq:
                    raise CorrectionError(target_seq=target, reason="a correction can only target an earlier event")
                if target in corrections:
                    raise CorrectionError(target_seq=target, reason="corrections cannot themselves be corrected")
                if target not in slots:
                    raise CorrectionError(target_seq=target, reason="no such event in the history")
                if slots[target] is None:
                    raise CorrectionError(target_seq=target, reason="the event was already retracted")
            except CorrectionError as error:
                error.seq = seq
                raise
            slots[target] = None if isinstance(event, Retraction) else event.replacement
            corrections.add(seq)
        else:
            slots[seq] = event
            facts.append((seq, event))
            in_order = in_order and seq > last
            last = seq
    if in_order and not corrections:
        # Nothing corrected and seqs ascending (as every history has them): already in order.
        return facts
    return [(seq, event) for seq, event in sorted(slots.items()) if event is not None]


def evolve_all(pairs: Iterable[tuple[int, FactEvent]], state: CaseState = EMPTY_CASE) -> CaseState:
    """Evolve `state` through fact events, tagging any `DomainError` with the event's seq."""
    for seq, event in pairs:
        try:
            state = evolve(state, event)
        except DomainError as error:
            error.seq = seq
            raise
    return state


def fold(events: Sequence[CaseEvent]) -> CaseState:
    """The state of a case after its whole history (position 1 = `events[0]`)."""
    return evolve_all(effective_history(enumerate(events, start=1)))


def fold_recorded(records: Sequence[RecordedEvent]) -> CaseState:
    """Fold stored events; their `seq` must run 1, 2, 3, ... in order."""
    _check_sequence(records)
    return evolve_all(effective_history((r.seq, r.event) for r in records))


def state_as_of(events: Sequence[CaseEvent] | Sequence[RecordedEvent], day: dt.date) -> CaseState:
    """The case as it stood on `day` (business time), with every correction known now applied."""
    pairs = _pairs(events)
    return evolve_all((seq, e) for seq, e in effective_history(pairs) if e.occurred_on <= day)


def state_as_known_at(records: Sequence[RecordedEvent], moment: dt.datetime) -> CaseState:
    """The case as the system knew it at `moment` (system time): events recorded later are ignored."""
    _check_sequence(records)
    return evolve_all(effective_history((r.seq, r.event) for r in records if r.recorded_at <= moment))


def _pairs(events: Sequence[CaseEvent] | Sequence[RecordedEvent]) -> list[tuple[int, CaseEvent]]:
    if events and isinstance(events[0], RecordedEvent):
        records = [e for e in events if isinstance(e, RecordedEvent)]
        _check_sequence(records)
        return [(r.seq, r.event) for r in records]
    return [(seq, e) for seq, e in enumerate(events, start=1) if not isinstance(e, RecordedEvent)]


def _check_sequence(records: Sequence[RecordedEvent]) -> None:
    for expected, record in enumerate(records, start=1):
        if record.seq != expected:
            raise ValueError(f"recorded events out of sequence: #{record.seq} where #{expected} was expected")
