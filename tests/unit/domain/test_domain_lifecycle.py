"""The state machine: legal and illegal transitions, date order, several accused, and the loops."""

import datetime as dt

import pytest
from msgspec.structs import replace

from cpc_prosecution.domain import (
    AccusedOutcome,
    Appeal,
    AppellateCourt,
    AppellateDecision,
    AppellateOutcome,
    ArchiveGround,
    Archiving,
    Arraignment,
    Arrest,
    ArrestMode,
    CaseEvent,
    CaseState,
    ChargeCount,
    CountJudgment,
    CountOutcome,
    DateOrderError,
    Detection,
    Dismissal,
    DismissalReason,
    Filing,
    IllegalTransition,
    InformationWithdrawal,
    InvalidEvent,
    MotionFiled,
    MotionKind,
    MotionRuling,
    MotionRulingKind,
    PenaltyBand,
    PermanentDismissal,
    Plea,
    PleaKind,
    PreTrial,
    Promulgation,
    ProvisionalDismissal,
    Refiling,
    RefilingForum,
    Revival,
    ServicesDelivered,
    Stage,
    SubmissionForDecision,
    TrialSetting,
    VictimService,
    accused_outcome,
    allowed_events,
    evolve,
    fold,
)
from cpc_prosecution.domain.examples import (
    acquittal_history,
    archive_and_revival_history,
    conviction_after_trial_history,
    mixed_speeds_history,
    plea_bargain_history,
    provisional_dismissal_lapse_history,
    refiling_after_dismissal_history,
    remand_after_appeal_history,
)


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def upto(history: list[CaseEvent], tag: str, occurrence: int = 1) -> list[CaseEvent]:
    """The history up to and including the n-th event with `tag`."""
    seen = 0
    for index, event in enumerate(history):
        if type(event).__struct_config__.tag == tag:
            seen += 1
            if seen == occurrence:
                return history[: index + 1]
    raise AssertionError(f"no {tag} #{occurrence}")


DETECTION = plea_bargain_history()[0]
ARRAIGN_A1 = Arraignment(occurred_on=d("2019-10-24"), pleas=(Plea(accused="A1", count_no=1, plea=PleaKind.NOT_GUILTY),))


def test_nothing_but_detection_opens_a_case() -> None:
    """Before detection only `detection` is allowed; anything else is an IllegalTransition."""
    with pytest.raises(IllegalTransition) as caught:
        evolve(CaseState(), ARRAIGN_A1)
    assert (caught.value.stage, caught.value.allowed) == (None, ("detection",))
    assert "allowed next: detection" in str(caught.value)


@pytest.mark.parametrize(
    ("prefix_until", "event", "stage"),
    [
        ("detection", ARRAIGN_A1, Stage.DETECTION),
        ("resolution", ARRAIGN_A1, Stage.RESOLUTION),
        ("detection", DETECTION, Stage.DETECTION),
        ("finality", ARRAIGN_A1, Stage.FINAL),
        ("raffle", PreTrial(occurred_on=d("2019-10-20"), accused=("A1",)), Stage.FILED_IN_COURT),
    ],
    ids=["arraignment-at-detection", "arraignment-before-filing", "second-detection", "after-final", "pretrial-early"],
)
def test_illegal_event_names_stage_and_allowed_next(prefix_until: str, event: CaseEvent, stage: Stage) -> None:
    """An event not allowed at the current stage raises IllegalTransition naming the stage and what is allowed."""
    state = fold(upto(plea_bargain_history(), prefix_until))
    with pytest.raises(IllegalTransition) as caught:
        evolve(state, event)
    error = caught.value
    assert error.stage is stage
    assert error.allowed == allowed_events(state)
    assert error.event_type not in error.allowed
    assert stage.value in str(error)


def test_accused_level_illegal_event_names_the_accused() -> None:
    """Pre-trial for an accused who is not yet arraigned is refused, naming that accused and their stage."""
    history = upto(mixed_speeds_history(), "arraignment")
    a1_only = Arraignment(
        occurred_on=d("2019-03-22"),
        pleas=(
            Plea(accused="A1", count_no=1, plea=PleaKind.NOT_GUILTY),
            Plea(accused="A1", count_no=2, plea=PleaKind.NOT_GUILTY),
        ),
    )
    state = fold([*history[:-1], a1_only])
    assert "pre_trial" in allowed_events(state)
    with pytest.raises(IllegalTransition) as caught:
        evolve(state, PreTrial(occurred_on=d("2019-03-25"), accused=("A2",)))
    assert (caught.value.accused, caught.value.accused_stage) == ("A2", Stage.FILED_IN_COURT)


def test_event_before_detection_is_a_date_order_error() -> None:
    """An event dated before detection is refused; the error names both dates."""
    state = fold(plea_bargain_history()[:1])
    early = ServicesDelivered(occurred_on=d("2019-09-30"), service=VictimService.MEDICAL, children=1)
    with pytest.raises(DateOrderError) as caught:
        evolve(state, early)
    assert (caught.value.occurred_on, caught.value.depends_on_date) == (d("2019-09-30"), d("2019-10-01"))
    assert "2019-09-30" in str(caught.value)
    assert "2019-10-01" in str(caught.value)


def test_arraignment_before_probable_cause_is_a_date_order_error() -> None:
    """Arraignment dated before the event it depends on (judicial determination) names both dates."""
    history = upto(plea_bargain_history(), "probable_cause_determination")
    state = fold(history)
    backdated = replace(ARRAIGN_A1, occurred_on=d("2019-10-16"), pleas=(*ARRAIGN_A1.pleas,))
    full = replace(
        backdated,
        pleas=(
            Plea(accused="A1", count_no=1, plea=PleaKind.NOT_GUILTY),
            Plea(accused="A1", count_no=2, plea=PleaKind.NOT_GUILTY),
        ),
    )
    with pytest.raises(DateOrderError) as caught:
        evolve(state, full)
    assert caught.value.depends_on_date == d("2019-10-18")
    assert caught.value.depends_on == "probable_cause_determination"


def test_backdated_events_that_keep_the_order_are_accepted() -> None:
    """A service recorded late but dated early, and A2's arrest dated before A1's arraignment, both fold."""
    history = archive_and_revival_history()
    late_service = ServicesDelivered(occurred_on=d("2018-03-01"), service=VictimService.LEGAL_ASSISTANCE, children=1)
    state = fold([*history, late_service])
    assert state.services[VictimService.LEGAL_ASSISTANCE] == 1
    assert state.last_event_on == d("2019-09-23")


def test_fold_error_carries_the_sequence_number() -> None:
    """fold() names the offending event by its 1-based position."""
    history = plea_bargain_history()
    with pytest.raises(IllegalTransition) as caught:
        fold([*history[:3], ARRAIGN_A1, *history[3:]])
    assert caught.value.seq == 4
    assert str(caught.value).startswith("event #4:")


def test_several_accused_move_at_different_speeds() -> None:
    """A1 is convicted on a plea and final while A2 is still at trial; the case stage is the slower one."""
    history = mixed_speeds_history()
    state = fold(upto(history, "trial_setting"))
    assert state.accused["A1"].stage is Stage.FINAL
    assert state.accused["A2"].stage is Stage.TRIAL
    assert state.stage is Stage.TRIAL
    assert accused_outcome(state.accused["A1"]) is AccusedOutcome.CONVICTED
    assert accused_outcome(state.accused["A2"]) is AccusedOutcome.PENDING


def test_at_large_accused_cannot_be_arraigned() -> None:
    """Arraignment needs the court to have the accused (arrest or surrender first)."""
    history = upto(archive_and_revival_history(), "probable_cause_determination")
    state = fold(history)
    arraign = Arraignment(occurred_on=d("2018-05-02"), pleas=(Plea(accused="A1", count_no=1, plea=PleaKind.GUILTY),))
    assert "arraignment" not in allowed_events(state)
    with pytest.raises(IllegalTransition):
        evolve(state, arraign)


def test_archive_then_revival_returns_to_the_prior_stage() -> None:
    """Archived accused at large; once arrested and revived they resume at FILED_IN_COURT."""
    history = archive_and_revival_history()
    archived = fold(upto(history, "archiving"))
    assert (archived.stage, archived.accused["A1"].resume_stage) == (Stage.ARCHIVED, Stage.FILED_IN_COURT)
    with pytest.raises(IllegalTransition, match="still at large"):
        evolve(archived, Revival(occurred_on=d("2019-01-07"), accused=("A1",)))
    revived = fold(upto(history, "revival"))
    assert revived.stage is Stage.FILED_IN_COURT


def test_provisional_dismissal_revived_in_time() -> None:
    """A provisional dismissal revived within its bar resumes the case where it stood."""
    history = upto(provisional_dismissal_lapse_history(), "provisional_dismissal")
    state = fold([*history, Revival(occurred_on=d("2023-06-01"), accused=("A1",))])
    assert state.stage is Stage.PRE_TRIAL
    assert all(c.outcome is None for c in state.accused["A1"].counts)


def test_provisional_dismissal_cannot_be_revived_after_it_lapsed() -> None:
    """Life imprisonment -> 2-year bar: revival on 11 Jan 2024 (after 10 Jan 2024) is refused."""
    history = upto(provisional_dismissal_lapse_history(), "provisional_dismissal")
    with pytest.raises(IllegalTransition, match="became permanent after 2024-01-10"):
        fold([*history, Revival(occurred_on=d("2024-01-11"), accused=("A1",))])


def test_permanent_dismissal_only_after_the_bar() -> None:
    """A lapse recorded before the 2-year bar has run is a DateOrderError naming the earliest date."""
    history = upto(provisional_dismissal_lapse_history(), "provisional_dismissal")
    with pytest.raises(DateOrderError) as caught:
        fold([*history, PermanentDismissal(occurred_on=d("2023-12-01"), accused=("A1",))])
    assert caught.value.depends_on_date == d("2024-01-11")


def test_refiling_after_dismissal_without_prejudice() -> None:
    """A PI dismissal may be refiled; the case goes back to preliminary investigation."""
    history = refiling_after_dismissal_history()
    dismissed = fold(upto(history, "resolution"))
    assert (dismissed.stage, dismissed.refileable) == (Stage.DISMISSED, True)
    refiled = fold(upto(history, "refiling"))
    assert (refiled.stage, refiled.refilings) == (Stage.PRELIM_INVESTIGATION, 1)


def test_no_refiling_after_a_dismissal_with_prejudice() -> None:
    """A speedy-trial dismissal bars refiling; a withdrawal allows it (then the Information is filed again)."""
    base = upto(conviction_after_trial_history(), "pre_trial")
    barred = fold(
        [*base, Dismissal(occurred_on=d("2021-06-01"), accused=("A1",), reason=DismissalReason.SPEEDY_TRIAL_VIOLATION)]
    )
    assert (barred.stage, barred.refileable) == (Stage.DISMISSED, False)
    withdrawn = [*base, InformationWithdrawal(occurred_on=d("2021-06-01"), accused=("A1",))]
    refiled = [
        *withdrawn,
        Refiling(occurred_on=d("2021-09-01"), forum=RefilingForum.COURT),
        Filing(occurred_on=d("2021-09-02"), counts=(ChargeCount(count_no=1, offence="RA9208-4", accused=("A1",)),)),
    ]
    state = fold(refiled)
    assert state.stage is Stage.FILED_IN_COURT
    assert state.accused["A1"].counts[0].offence == "RA9208-4"


def test_final_accused_cannot_be_charged_again() -> None:
    """A refiled Information may not name an accused whose judgment is final."""
    base = upto(mixed_speeds_history(), "finality")
    a2_out = InformationWithdrawal(occurred_on=d("2019-04-20"), accused=("A2",))
    events = [
        *base,
        a2_out,
        Refiling(occurred_on=d("2019-05-01"), forum=RefilingForum.COURT),
        Filing(
            occurred_on=d("2019-05-02"), counts=(ChargeCount(count_no=1, offence="RA9208-4", accused=("A1", "A2")),)
        ),
    ]
    with pytest.raises(InvalidEvent, match="A1 cannot be charged again"):
        fold(events)


def test_remand_after_appeal_reopens_trial() -> None:
    """A remand sends the accused back to trial with the judgment undone."""
    history = remand_after_appeal_history()
    state = fold(upto(history, "appellate_decision"))
    assert state.stage is Stage.TRIAL
    assert state.remands == 1
    assert all(c.outcome is None for c in state.accused["A1"].counts)


def test_reversal_on_appeal_acquits_and_is_final() -> None:
    """A reversed conviction becomes an acquittal, final at once."""
    history = upto(conviction_after_trial_history(), "appeal")
    decision = AppellateDecision(
        occurred_on=d("2022-06-01"), accused=("A1",), forum=AppellateCourt.CA, outcome=AppellateOutcome.REVERSED
    )
    state = fold([*history, decision])
    assert state.stage is Stage.FINAL
    assert state.accused["A1"].counts[0].outcome is CountOutcome.ACQUITTED


def test_supreme_court_appeal_only_after_the_court_of_appeals() -> None:
    """An appeal straight to the SC from the RTC is refused; after a CA decision it is allowed."""
    history = upto(conviction_after_trial_history(), "promulgation")
    with pytest.raises(InvalidEvent, match="does not lie"):
        fold([*history, Appeal(occurred_on=d("2021-12-10"), accused=("A1",), forum=AppellateCourt.SC)])
    after_ca = upto(conviction_after_trial_history(), "appellate_decision")
    state = fold([*after_ca, Appeal(occurred_on=d("2023-02-20"), accused=("A1",), forum=AppellateCourt.SC)])
    assert state.accused["A1"].appeal_pending is AppellateCourt.SC


def test_acquittal_on_demurrer_needs_a_granted_demurrer() -> None:
    """ACQUITTED_ON_DEMURRER without a granted demurrer is an InvalidEvent."""
    history = upto(acquittal_history(), "trial_setting", 2)
    judgment = Promulgation(
        occurred_on=d("2020-10-01"),
        judgments=(CountJudgment(accused="A2", count_no=1, outcome=CountOutcome.ACQUITTED_ON_DEMURRER),),
    )
    with pytest.raises(InvalidEvent, match="no demurrer"):
        fold([*history, judgment])


def test_judgment_must_cover_every_count() -> None:
    """A promulgation that skips one of the accused's counts is refused."""
    history = upto(acquittal_history(), "submission_for_decision")
    partial = Promulgation(
        occurred_on=d("2021-04-06"),
        judgments=(CountJudgment(accused="A1", count_no=1, outcome=CountOutcome.ACQUITTED),),
    )
    with pytest.raises(InvalidEvent, match="each count of A1"):
        fold([*history, partial])


def test_conviction_at_trial_stage_is_not_possible_before_submission() -> None:
    """Convicting an accused still at TRIAL (not submitted) is an IllegalTransition."""
    history = upto(conviction_after_trial_history(), "trial_setting", 4)
    conviction = Promulgation(
        occurred_on=d("2021-07-01"),
        judgments=(
            CountJudgment(
                accused="A1",
                count_no=1,
                outcome=CountOutcome.CONVICTED_AS_CHARGED,
                sentence_band=PenaltyBand.LIFE_IMPRISONMENT,
            ),
        ),
    )
    with pytest.raises(IllegalTransition, match="not a judgment possible at TRIAL"):
        fold([*history, conviction])


def test_unknown_accused_is_an_invalid_event() -> None:
    """Naming an accused the case does not have is refused."""
    history = upto(plea_bargain_history(), "pre_trial")
    with pytest.raises(InvalidEvent, match="A9 is not charged"):
        fold([*history, TrialSetting(occurred_on=d("2019-11-05"), accused=("A9",), held=True)])


def test_pleas_must_cover_each_count() -> None:
    """An arraignment where A1 pleads to only one of two counts is refused."""
    history = upto(plea_bargain_history(), "probable_cause_determination")
    with pytest.raises(InvalidEvent, match="each of their counts"):
        fold([*history, ARRAIGN_A1])


def test_warrant_arrest_needs_a_warrant() -> None:
    """Before an Information exists only warrantless arrests happen."""
    history = upto(archive_and_revival_history(), "preliminary_investigation")
    with pytest.raises(IllegalTransition):
        fold([*history, Arrest(occurred_on=d("2018-03-01"), accused=("A1",), mode=ArrestMode.ON_WARRANT)])


def test_motion_ruling_needs_a_pending_motion() -> None:
    """A ruling with no matching pending motion is refused; a matching one closes it."""
    history = upto(acquittal_history(), "motion_filed")
    state = fold(history)
    assert len(state.pending_motions) == 1
    wrong = MotionRuling(
        occurred_on=d("2020-10-01"), kind=MotionKind.MOTION_TO_QUASH, ruling=MotionRulingKind.DENIED, accused=("A2",)
    )
    with pytest.raises(InvalidEvent, match="no MOTION_TO_QUASH"):
        evolve(state, wrong)


def test_finality_waits_for_a_pending_motion_for_reconsideration() -> None:
    """A judgment is not final while an MR against it is pending."""
    history = upto(conviction_after_trial_history(), "promulgation")
    mr = MotionFiled(occurred_on=d("2021-12-03"), kind=MotionKind.RECONSIDERATION, accused=("A1",))
    state = fold([*history, mr])
    with pytest.raises(InvalidEvent, match="RECONSIDERATION"):
        evolve(state, Appeal(occurred_on=d("2021-12-10"), accused=("A1",)))


def test_new_trial_granted_returns_to_trial() -> None:
    """A granted motion for new trial undoes the judgment and reopens trial."""
    history = upto(conviction_after_trial_history(), "promulgation")
    events = [
        *history,
        MotionFiled(occurred_on=d("2021-12-03"), kind=MotionKind.NEW_TRIAL, accused=("A1",)),
        MotionRuling(
            occurred_on=d("2022-01-10"), kind=MotionKind.NEW_TRIAL, ruling=MotionRulingKind.GRANTED, accused=("A1",)
        ),
        TrialSetting(occurred_on=d("2022-02-01"), accused=("A1",), held=True),
        SubmissionForDecision(occurred_on=d("2022-03-01"), accused=("A1",)),
    ]
    assert fold(events).stage is Stage.DECISION


def test_archiving_at_large_requires_the_accused_at_large() -> None:
    """Archiving an accused in custody on the ground that they are at large is refused."""
    history = upto(plea_bargain_history(), "probable_cause_determination")
    with pytest.raises(InvalidEvent, match="not at large"):
        fold([*history, Archiving(occurred_on=d("2020-06-01"), accused=("A1",), ground=ArchiveGround.ACCUSED_AT_LARGE)])


def test_provisional_dismissal_of_a_lesser_charge_lapses_after_one_year() -> None:
    """Penalty of at most 6 years (RA 9208 §7): the provisional dismissal becomes permanent after 1 year."""
    history = upto(conviction_after_trial_history(), "pre_trial")
    lesser = [
        replace(e, counts=(ChargeCount(count_no=1, offence="RA9208-7", accused=("A1",)),))
        if isinstance(e, Filing)
        else e
        for e in history
    ]
    dismissed = [*lesser, ProvisionalDismissal(occurred_on=d("2021-05-03"), accused=("A1",))]
    with pytest.raises(DateOrderError) as caught:
        fold([*dismissed, PermanentDismissal(occurred_on=d("2022-05-03"), accused=("A1",))])
    assert caught.value.depends_on_date == d("2022-05-04")
    assert fold([*dismissed, PermanentDismissal(occurred_on=d("2022-05-04"), accused=("A1",))]).stage is Stage.DISMISSED


def test_detection_rejects_a_hotspot_not_covering_its_date() -> None:
    """A hotspot designation that starts after detection is a decode-time validation error."""
    detection = plea_bargain_history()[0]
    assert isinstance(detection, Detection)
    assert detection.hotspot is not None
    with pytest.raises(ValueError, match="hotspot"):
        replace(detection, occurred_on=d("2017-06-01"))


def test_guilty_plea_allows_judgment_at_arraignment() -> None:
    """An accused who pleads guilty to every count may be convicted without trial."""
    state = fold(archive_and_revival_history())
    a1 = state.accused["A1"]
    assert a1.counts[0].plea is PleaKind.GUILTY
    assert a1.counts[0].outcome is CountOutcome.CONVICTED_AS_CHARGED
