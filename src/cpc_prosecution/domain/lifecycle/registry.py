"""The registry of event types: each type's permit and handler, declared once, beside the handler.

    @transition(BailHearing, permit=_bail_hearing)
    def bail_hearing(state: CaseState, e: BailHearing) -> CaseState: ...

`evolve` dispatches through it, `allowed_events` asks its permits (the transition table), the history
generator proposes only what it allows, and the tests check that every type of `events.EVENT_TYPES`
is registered, has an example and a row in docs/domain.md. A permit answers "can an event of this
type apply now?"; the handler then checks the details (which accused, which counts) itself.
Corrections (`Retraction`, `Supersession`) have a permit and no handler: `fold` applies them.
"""

from collections.abc import Callable
from typing import Any, Final, NamedTuple, TypeVar

from cpc_prosecution.domain.events.base import Event
from cpc_prosecution.domain.events.union import EVENT_TYPES
from cpc_prosecution.domain.state import CaseState

E = TypeVar("E", bound=Event)
Permit = Callable[[CaseState], bool]
Handler = Callable[[CaseState, Any], CaseState]


class Transition(NamedTuple):
    """One event type's entry: its tag, when it may come (`permit`) and what it does (`handler`)."""

    event_type: type[Event]
    tag: str
    permit: Permit
    handler: Handler | None


_BY_TYPE: dict[type[Event], Transition] = {}
_BY_TAG: dict[str, Transition] = {}
# Kept in the order of `EVENT_TYPES` (domain brief §2.1), so `allowed_events` lists in that order;
# a type registered from elsewhere (a test's new event) comes after them.
_ORDERED: list[Transition] = []
_RANK: Final[dict[type[Event], int]] = {t: i for i, t in enumerate(EVENT_TYPES)}


def transition(
    event_type: type[E], *, permit: Permit
) -> Callable[[Callable[[CaseState, E], CaseState]], Callable[[CaseState, E], CaseState]]:
    """Register the decorated function as the handler of `event_type`, allowed when `permit(state)`."""

    def register(handler: Callable[[CaseState, E], CaseState]) -> Callable[[CaseState, E], CaseState]:
        _add(Transition(event_type, _tag(event_type), permit, handler))
        return handler

    return register


def register_correction(event_type: type[Event], *, permit: Permit) -> None:
    """Register a correction type: a permit only, `fold` applies it before evolving."""
    _add(Transition(event_type, _tag(event_type), permit, None))


def forget(event_type: type[Event]) -> None:
    """Remove a registration (for tests that register an event type of their own)."""
    entry = _BY_TYPE.pop(event_type)
    del _BY_TAG[entry.tag]
    _ORDERED.remove(entry)


def entry_of(event_type: type[Event]) -> Transition:
    """The registration of `event_type`; `KeyError` if it has none."""
    return _BY_TYPE[event_type]


def transitions() -> tuple[Transition, ...]:
    """Every registration, in the order of `EVENT_TYPES` (then any registered later)."""
    return tuple(_ORDERED)


def unregistered(event_types: tuple[type[Event], ...] = EVENT_TYPES) -> list[type[Event]]:
    """The types among `event_types` with no registration (empty when the registry is complete)."""
    return [t for t in event_types if t not in _BY_TYPE]


def allowed_events(state: CaseState) -> tuple[str, ...]:
    """Tags of the event types that may come next, in the order of `EVENT_TYPES`."""
    return tuple(entry.tag for entry in _ORDERED if entry.permit(state))


def _tag(event_type: type[Event]) -> str:
    return str(event_type.__struct_config__.tag)


def _add(entry: Transition) -> None:
    if entry.event_type in _BY_TYPE or entry.tag in _BY_TAG:
        raise ValueError(f"event type {entry.tag!r} is registered twice")
    _BY_TYPE[entry.event_type] = entry
    _BY_TAG[entry.tag] = entry
    _ORDERED.append(entry)
    _ORDERED.sort(key=lambda e: _RANK.get(e.event_type, len(_RANK)))
