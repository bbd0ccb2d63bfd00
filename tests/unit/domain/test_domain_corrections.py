"""Corrections: retract or supersede an earlier event by its sequence number; fold applies them first."""

import datetime as dt

import pytest
from msgspec.structs import replace

from cpc_prosecution.domain import (
    CorrectionError,
    CorrectionReason,
    DateOrderError,
    IllegalTransition,
    InvalidEvent,
    PostponementReason,
    Retraction,
    ServicesDelivered,
    Stage,
    Supersession,
    TrialSetting,
    VictimService,
    effective_history,
    evolve,
    fold,
    summarize,
)
from cpc_prosecution.domain.examples import conviction_after_trial_history, plea_bargain_history

FIX_DAY = dt.date(2024, 1, 5)


def seq_of(history: list[object], predicate: type) -> int:
    return next(i for i, e in enumerate(history, start=1) if isinstance(e, predicate))


def test_retraction_drops_the_event() -> None:
    """A retracted service delivery no longer counts."""
    history = plea_bargain_history()
    target = seq_of(history, ServicesDelivered)
    before = fold(history).services[VictimService.SHELTER_RESIDENTIAL]
    after = fold(
        [*history, Retraction(occurred_on=FIX_DAY, target_seq=target, reason=CorrectionReason.DUPLICATE_ENTRY)]
    )
    assert (before, after.services.get(VictimService.SHELTER_RESIDENTIAL, 0)) == (3, 0)


def test_supersession_replaces_the_event_in_place() -> None:
    """A superseded postponement takes its replacement's reason, at the same position."""
    history = conviction_after_trial_history()
    target = seq_of(history, TrialSetting)
    original = history[target - 1]
    assert isinstance(original, TrialSetting)
    fixed = replace(original, postponement_reason=PostponementReason.JUDGE_UNAVAILABLE)
    corrected = [
        *history,
        Supersession(
            occurred_on=FIX_DAY, target_seq=target, replacement=fixed, reason=CorrectionReason.DATA_ENTRY_ERROR
        ),
    ]
    effective = effective_history(enumerate(corrected, start=1))
    assert (target, fixed) in effective
    assert len(effective) == len(history)
    assert summarize(fold(corrected)).postponements == 1


def test_a_correction_that_breaks_the_history_is_rejected() -> None:
    """Retracting the filing leaves the raffle illegal: the fold fails at the raffle's position."""
    history = plea_bargain_history()
    filing = next(i for i, e in enumerate(history, start=1) if type(e).__name__ == "Filing")
    with pytest.raises(IllegalTransition) as caught:
        fold([*history, Retraction(occurred_on=FIX_DAY, target_seq=filing, reason=CorrectionReason.WRONG_CASE)])
    assert caught.value.seq == filing + 1
    assert caught.value.stage is Stage.RESOLUTION


def test_a_superseded_date_must_keep_the_order() -> None:
    """Moving the raffle before the filing by supersession is a DateOrderError."""
    history = plea_bargain_history()
    raffle = next(i for i, e in enumerate(history, start=1) if type(e).__name__ == "Raffle")
    moved = replace(history[raffle - 1], occurred_on=dt.date(2019, 10, 1))  # type: ignore[type-var]
    with pytest.raises(DateOrderError) as caught:
        fold(
            [
                *history,
                Supersession(
                    occurred_on=FIX_DAY, target_seq=raffle, replacement=moved, reason=CorrectionReason.WRONG_DATE
                ),
            ]
        )  # type: ignore[arg-type]
    assert caught.value.seq == raffle


def test_correction_must_target_an_existing_event() -> None:
    """A correction naming a position that is not in the history is refused."""
    history = plea_bargain_history()
    missing = Retraction(occurred_on=FIX_DAY, target_seq=len(history) + 5, reason=CorrectionReason.OTHER)
    with pytest.raises(CorrectionError, match="earlier event"):
        fold([*history, missing])
    gap = Retraction(occurred_on=FIX_DAY, target_seq=2, reason=CorrectionReason.OTHER)
    with pytest.raises(CorrectionError, match="no such event"):
        effective_history([(1, history[0]), (3, gap)])


def test_correction_rules() -> None:
    """No correcting a correction, a retracted event, or a later event; the error names the correction's seq."""
    history = plea_bargain_history()
    n = len(history)
    retract = Retraction(occurred_on=FIX_DAY, target_seq=5, reason=CorrectionReason.OTHER)
    with pytest.raises(CorrectionError, match="already retracted") as caught:
        fold([*history, retract, retract])
    assert caught.value.seq == n + 2
    with pytest.raises(CorrectionError, match="themselves"):
        fold([*history, retract, Retraction(occurred_on=FIX_DAY, target_seq=n + 1, reason=CorrectionReason.OTHER)])
    with pytest.raises(CorrectionError, match="earlier event"):
        fold([*history[:3], Retraction(occurred_on=FIX_DAY, target_seq=4, reason=CorrectionReason.OTHER), *history[3:]])


def test_evolve_does_not_apply_corrections() -> None:
    """Corrections go through fold(); evolve() refuses them with InvalidEvent."""
    state = fold(plea_bargain_history())
    with pytest.raises(InvalidEvent, match="fold"):
        evolve(state, Retraction(occurred_on=FIX_DAY, target_seq=1, reason=CorrectionReason.OTHER))


def test_last_supersession_wins() -> None:
    """Two supersessions of the same event: the later replacement stands."""
    history = plea_bargain_history()
    target = seq_of(history, ServicesDelivered)
    original = history[target - 1]
    assert isinstance(original, ServicesDelivered)
    first = Supersession(
        occurred_on=FIX_DAY, target_seq=target, replacement=replace(original, children=5), reason=CorrectionReason.OTHER
    )
    second = Supersession(
        occurred_on=FIX_DAY, target_seq=target, replacement=replace(original, children=7), reason=CorrectionReason.OTHER
    )
    assert fold([*history, first, second]).services[VictimService.SHELTER_RESIDENTIAL] == 7
