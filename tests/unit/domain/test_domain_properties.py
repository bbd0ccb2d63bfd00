"""Property tests over generated legal histories (several accused, loops, corrections included)."""

import datetime as dt
import random

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st
from msgspec.structs import replace

from cpc_prosecution.domain import (
    FACT_TAGS,
    TYPE_OF,
    CaseEvent,
    DeadlineStatus,
    IllegalTransition,
    Retraction,
    Supersession,
    allowed_events,
    deadlines,
    effective_history,
    fold,
    state_as_of,
    summarize,
)
from cpc_prosecution.domain import events as ev
from cpc_prosecution.domain.examples import sample_event
from cpc_prosecution.domain.fold import evolve_all
from cpc_prosecution.domain.generate import generate_history

DECODER = msgspec.json.Decoder(list[CaseEvent])

histories = st.builds(lambda rng: generate_history(rng, max_events=45), st.randoms(use_true_random=False))


def sample(tag: str, day: dt.date) -> ev.FactEvent:
    """A well-formed event of each type (its declared `sample`), used where it is not allowed."""
    event_type = TYPE_OF[tag]
    assert event_type in ev.FACT_EVENT_TYPES
    return sample_event(event_type, day)  # type: ignore[type-var]


def test_there_is_a_sample_of_every_fact_event() -> None:
    """The illegal-insertion property can draw any fact event type."""
    day = dt.date(2024, 1, 1)
    for tag in FACT_TAGS:
        assert isinstance(sample(tag, day), TYPE_OF[tag])


@given(histories)
def test_generated_histories_always_fold(history: list[CaseEvent]) -> None:
    """A generated legal history folds, summarises, and yields consistent deadlines."""
    state = fold(history)
    summary = summarize(state)
    assert summary.events_applied == len(effective_history(enumerate(history, start=1)))
    assert state.last_event_on is not None
    for deadline in deadlines(state, state.last_event_on + dt.timedelta(days=30)):
        if deadline.status is DeadlineStatus.MET:
            assert deadline.stopped_on is not None
            assert deadline.days_overdue is None
        if deadline.status in (DeadlineStatus.RUNNING, DeadlineStatus.PAUSED):
            assert deadline.days_left is not None
            assert deadline.days_left >= 0


@pytest.mark.slow
@given(histories)
def test_every_prefix_of_a_legal_history_folds(history: list[CaseEvent]) -> None:
    """Cutting a legal history anywhere leaves a legal history."""
    for end in range(1, len(history) + 1):
        fold(history[:end])


@given(histories)
def test_fold_is_deterministic(history: list[CaseEvent]) -> None:
    """Folding the same history twice gives equal states and summaries."""
    assert fold(history) == fold(list(history))
    assert summarize(fold(history)) == summarize(fold(history))


@given(histories)
def test_summary_is_unchanged_by_a_json_round_trip(history: list[CaseEvent]) -> None:
    """Encoding the events to JSON and decoding them again changes neither events nor summary."""
    decoded = DECODER.decode(msgspec.json.encode(history))
    assert decoded == history
    assert summarize(fold(decoded)) == summarize(fold(history))


def _insert(history: list[CaseEvent], index: int, event: CaseEvent) -> list[CaseEvent]:
    """Insert at 0-based `index`, renumbering corrections that target later positions."""
    tail = [
        replace(e, target_seq=e.target_seq + 1)
        if isinstance(e, Retraction | Supersession) and e.target_seq > index
        else e
        for e in history[index:]
    ]
    return [*history[:index], event, *tail]


@pytest.mark.slow
@given(histories, st.data())
def test_an_illegal_event_inserted_anywhere_is_rejected(history: list[CaseEvent], data: st.DataObject) -> None:
    """Inserting an event type the state does not allow raises IllegalTransition at that position,
    naming the stage there and the events allowed next."""
    index = data.draw(st.integers(min_value=0, max_value=len(history)), label="index")
    placeholder = sample("services_delivered", dt.date(2000, 1, 1))
    pairs = effective_history(enumerate(_insert(history, index, placeholder), start=1))
    before = evolve_all(pair for pair in pairs if pair[0] <= index)
    allowed = allowed_events(before)
    forbidden = [tag for tag in FACT_TAGS if tag not in allowed]
    tag = data.draw(st.sampled_from(forbidden), label="event type")
    day = before.last_event_on or dt.date(2020, 1, 1)
    with pytest.raises(IllegalTransition) as caught:
        fold(_insert(history, index, sample(tag, day)))
    error = caught.value
    assert (error.seq, error.event_type, error.stage, error.allowed) == (index + 1, tag, before.stage, allowed)


@pytest.mark.slow
@given(histories, st.data())
def test_the_state_as_of_any_date_folds(history: list[CaseEvent], data: st.DataObject) -> None:
    """Dropping every event after any date still leaves a legal history (dependencies are date-ordered)."""
    days = sorted({e.occurred_on for e in history})
    day = data.draw(st.sampled_from(days), label="as of")
    state = state_as_of(history, day)
    assert state.last_event_on is None or state.last_event_on <= day
    deadlines(state, day)


@pytest.mark.parametrize("seed", [3, 6, 34, 42, 63])
def test_generated_events_are_not_dated_before_the_stage_move_they_depend_on(seed: int) -> None:
    """A generated event is never back-dated before the latest move of the case stage, so the state
    as of every event date folds. These seeds once dated a probable cause determination before the
    revival (from ARCHIVED or PROVISIONALLY_DISMISSED) that made it allowed: as of a day between the
    two, the revival was dropped, the determination kept, and refused at that stage."""
    history = generate_history(random.Random(seed), max_events=45)
    for day in sorted({e.occurred_on for e in history}):
        state = state_as_of(history, day)
        assert state.last_event_on is None or state.last_event_on <= day


def test_generator_is_reproducible_and_covers_every_event_type() -> None:
    """The same seed gives the same history; a few hundred seeds use every event type."""
    assert generate_history(random.Random(7)) == generate_history(random.Random(7))
    seen = {type(e) for seed in range(400) for e in generate_history(random.Random(seed))}
    assert {TYPE_OF[tag] for tag in FACT_TAGS} | {Retraction, Supersession} <= seen
