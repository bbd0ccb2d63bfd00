"""The registry of event types is complete, and it is the only place a new event type must be declared.

Every type of `EVENT_TYPES` has a permit (and, unless it is a correction, a handler), declares its
sample beside its fields (`Event.sample`) and has a row in docs/domain.md's event table (its golden
stored payload is required by tests/unit/test_stored_events.py). A test below declares an event type
in this module only, with its sample, registers its handler and permit, and folds a history with it:
nothing else in the code has to change (docs/architecture.md, "Where to change what").
"""

import datetime as dt
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Self

import msgspec
import pytest

from cpc_prosecution.domain import (
    EVENT_TYPES,
    FACT_EVENT_TYPES,
    CaseEvent,
    CaseState,
    ChildTestimony,
    Event,
    IllegalTransition,
    Retraction,
    Supersession,
    allowed_events,
    evolve,
    fold,
)
from cpc_prosecution.domain.examples import ALL_EXAMPLES, plea_bargain_history, sample_event
from cpc_prosecution.domain.generate import moves
from cpc_prosecution.domain.generate.history import Generator
from cpc_prosecution.domain.lifecycle import registry, transition, transitions
from cpc_prosecution.domain.lifecycle.permits import after_detection

DOC = Path(__file__).resolve().parents[3] / "docs" / "domain.md"


def _event_table_tags() -> list[str]:
    """The tags in the first column of docs/domain.md's event table (a row may name two)."""
    lines = DOC.read_text(encoding="utf-8").splitlines()
    start = lines.index("| Event (`type` tag) | Allowed when | Effect |")
    tags: list[str] = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        tags += re.findall(r"`([a-z_]+)`", line.split("|")[1])
    return tags


def test_every_event_type_is_registered_once() -> None:
    """Each event type has one registration; facts have a handler, corrections (applied by fold) none."""
    assert registry.unregistered() == []
    assert [entry.event_type for entry in transitions()] == list(EVENT_TYPES)
    for event_type in FACT_EVENT_TYPES:
        assert registry.entry_of(event_type).handler is not None, event_type
    for correction in (Retraction, Supersession):
        assert registry.entry_of(correction).handler is None


def test_a_missing_registration_is_reported() -> None:
    """A type with no handler and permit is named by `unregistered` (evolve's import refuses a gap)."""

    class Unhandled(Event, frozen=True, tag="unhandled_test_event"):
        pass

    assert registry.unregistered((*EVENT_TYPES, Unhandled)) == [Unhandled]


def test_a_type_cannot_be_registered_twice() -> None:
    """Registering a second handler for a type is an error, not a silent replacement."""
    with pytest.raises(ValueError, match="registered twice"):
        registry.register_correction(Retraction, permit=after_detection)


def test_every_event_type_declares_its_sample() -> None:
    """Each event type declares its own `sample` (the base one refuses), of its own type, on the day
    asked, and it survives the API's encode and strict decode unchanged."""
    day = dt.date(2024, 3, 1)
    assert [t.__name__ for t in EVENT_TYPES if "sample" not in vars(t)] == []
    for event_type in EVENT_TYPES:
        event = event_type.sample(day)
        assert type(event) is event_type
        assert event.occurred_on == day
        assert msgspec.json.decode(msgspec.json.encode(event), type=CaseEvent) == event
    with pytest.raises(NotImplementedError, match="Event declares no sample"):
        Event.sample(day)


def test_every_example_folds() -> None:
    """Every example history, the extra ones included, is legal."""
    for name, build in ALL_EXAMPLES.items():
        assert fold(build()).events_applied > 0, name


def test_docs_event_table_matches_the_registry() -> None:
    """docs/domain.md's event table has a row for each registered tag, in registry order, and no other."""
    assert _event_table_tags() == [entry.tag for entry in transitions()]


# --- a new event type, declared in this module only -----------------------------------------------


class Commendation(Event, frozen=True, tag="commendation"):
    """A court commends the child-protection team (an illustrative event type for this test)."""

    team: str

    @classmethod
    def sample(cls, day: dt.date) -> Self:
        return cls(occurred_on=day, team="WCPC Region 7")


def _commendation(state: CaseState, e: Commendation) -> CaseState:
    # Nothing of its own to record: `evolve` counts it by tag, dates it and derives the stage.
    return state


@pytest.fixture
def commendation_registered() -> Iterator[None]:
    transition(Commendation, permit=lambda s: s.in_court)(_commendation)
    yield
    registry.forget(Commendation)


@pytest.mark.usefixtures("commendation_registered")
def test_a_new_event_type_needs_only_its_declaration_and_registration() -> None:
    """Declared and registered here, the type is allowed by its permit, folds, and is counted by tag
    in `CaseState.event_counts` (where a summary field would read it); before filing it is refused.
    Its sample is what `sample_event` (tests, the generator) gives for it."""
    history = plea_bargain_history()
    court_day = dt.date(2019, 10, 1)
    assert sample_event(Commendation, court_day) == Commendation(occurred_on=court_day, team="WCPC Region 7")
    state = fold([*history, sample_event(Commendation, court_day)])
    assert state.event_counts["commendation"] == 1
    assert state.events_applied == len(history) + 1
    assert "commendation" in allowed_events(fold(history))
    with pytest.raises(IllegalTransition) as refused:
        evolve(fold(history[:1]), Commendation(occurred_on=court_day, team="WCPC Region 7"))
    assert refused.value.event_type == "commendation"


def test_the_new_event_type_leaves_the_registry_as_it_was() -> None:
    """The fixture's registration does not outlive its test."""
    assert "commendation" not in [entry.tag for entry in transitions()]


def test_every_fact_type_has_a_sample_for_any_date() -> None:
    """`sample_event` gives a well-formed event of each fact type on any day (tests and the generator use it)."""
    for event_type in FACT_EVENT_TYPES:
        for day in (dt.date(2000, 1, 1), dt.date(2030, 12, 31)):
            event = sample_event(event_type, day)
            assert type(event) is event_type
            assert event.occurred_on == day


def test_the_generator_proposes_a_type_without_weights_as_its_sample(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fact type the generator has no weights for (here: child testimony, made so; a new event type
    until someone gives it weights) is proposed as its `sample_event`, and recorded when the lifecycle
    allows it. Whether any type lacks weights today is not asserted: a new type needs none."""
    monkeypatch.setattr(moves, "_unweighted_types", lambda: (ChildTestimony,))
    history = plea_bargain_history()
    gen = Generator(random.Random(1), history[0].occurred_on, 60, corrections=False)
    gen.state = fold(history[:-3])
    proposals = [act for _, kind, act in moves.Moves(gen).progress() if kind is ChildTestimony]
    assert proposals[-1]()
    assert isinstance(gen.history[-1], ChildTestimony)
    assert gen.history[-1].measures == sample_event(ChildTestimony, gen.history[-1].occurred_on).measures
