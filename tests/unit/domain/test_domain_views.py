"""Views: the state as of a business date, and as known at a system moment."""

import datetime as dt

import pytest

from cpc_prosecution.domain import (
    MANILA,
    CorrectionReason,
    RecordedEvent,
    Retraction,
    Stage,
    fold,
    fold_recorded,
    state_as_known_at,
    state_as_of,
)
from cpc_prosecution.domain.examples import EXAMPLES, archive_and_revival_history, plea_bargain_history


def recorded(events: list[object], first: dt.datetime, step: dt.timedelta) -> list[RecordedEvent]:
    return [
        RecordedEvent(seq=i, event=e, recorded_at=first + (i - 1) * step)  # type: ignore[arg-type]
        for i, e in enumerate(events, start=1)
    ]


def test_state_as_of_ignores_later_events() -> None:
    """On 2018-06-01 the archive example stood at FILED_IN_COURT (archived only in November)."""
    history = archive_and_revival_history()
    assert state_as_of(history, dt.date(2018, 6, 1)).stage is Stage.FILED_IN_COURT
    assert state_as_of(history, dt.date(2018, 12, 1)).stage is Stage.ARCHIVED
    assert state_as_of(history, dt.date(2030, 1, 1)) == fold(history)


def test_state_as_of_applies_corrections_known_now() -> None:
    """A retraction recorded later still removes the event from earlier business dates."""
    history = plea_bargain_history()
    corrected = [
        *history,
        Retraction(occurred_on=dt.date(2024, 1, 1), target_seq=5, reason=CorrectionReason.DUPLICATE_ENTRY),
    ]
    assert state_as_of(corrected, dt.date(2019, 10, 12)).services == {}
    assert state_as_of(history, dt.date(2019, 10, 12)).services != {}


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_state_as_of_every_event_date_folds(name: str) -> None:
    """Every business date of every example gives a legal state (dependencies are date-ordered)."""
    history = EXAMPLES[name]()
    for day in sorted({e.occurred_on for e in history}):
        state_as_of(history, day)


def test_state_as_known_at_ignores_later_recordings() -> None:
    """As known at a moment, only events recorded by then count, corrections included."""
    history = plea_bargain_history()
    start = dt.datetime(2024, 1, 1, 9, 0, tzinfo=MANILA)
    records = recorded(history, start, dt.timedelta(hours=1))
    records.append(
        RecordedEvent(
            seq=len(records) + 1,
            event=Retraction(occurred_on=dt.date(2024, 2, 1), target_seq=5, reason=CorrectionReason.DATA_ENTRY_ERROR),
            recorded_at=dt.datetime(2024, 2, 1, tzinfo=MANILA),
        )
    )
    early = state_as_known_at(records, start + dt.timedelta(hours=3))
    assert (early.stage, early.events_applied) == (Stage.ARREST, 4)
    before_fix = state_as_known_at(records, dt.datetime(2024, 1, 31, tzinfo=MANILA))
    after_fix = state_as_known_at(records, dt.datetime(2024, 2, 2, tzinfo=MANILA))
    assert before_fix.services
    assert before_fix.stage is Stage.FINAL
    assert after_fix == fold_recorded(records)
    assert sum(after_fix.services.values()) == sum(before_fix.services.values()) - 3


def test_records_must_be_in_sequence() -> None:
    """Stored events are numbered 1, 2, 3, ... in order."""
    history = plea_bargain_history()[:3]
    records = recorded(history, dt.datetime(2024, 1, 1, tzinfo=MANILA), dt.timedelta(minutes=1))
    with pytest.raises(ValueError, match="out of sequence"):
        fold_recorded([records[0], records[2], records[1]])
    assert state_as_of(records, dt.date(2019, 10, 1)).stage is Stage.DETECTION
