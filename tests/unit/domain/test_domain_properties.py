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
    AgeBand,
    Agency,
    AppellateCourt,
    AppellateOutcome,
    ArchiveGround,
    ArrestMode,
    BailDecision,
    BuildUpActivity,
    CaseEvent,
    CaseType,
    ChargeCount,
    CountJudgment,
    CountOutcome,
    DeadlineStatus,
    DismissalReason,
    FinalityBasis,
    IllegalTransition,
    LesserPlea,
    MotionKind,
    MotionRulingKind,
    OperationKind,
    PenaltyBand,
    PiBasis,
    Plea,
    PleaKind,
    ProbableCauseFinding,
    ReferralSource,
    RefilingForum,
    ResolutionDisposition,
    Retraction,
    Sex,
    Supersession,
    TransferReason,
    VictimService,
    allowed_events,
    deadlines,
    effective_history,
    fold,
    state_as_of,
    summarize,
)
from cpc_prosecution.domain import events as ev
from cpc_prosecution.domain.examples import CITY_OFFICE, FAMILY_COURT
from cpc_prosecution.domain.fold import evolve_all
from cpc_prosecution.domain.generate import generate_history

DECODER = msgspec.json.Decoder(list[CaseEvent])

histories = st.builds(lambda rng: generate_history(rng, max_events=45), st.randoms(use_true_random=False))


def sample(tag: str, day: dt.date) -> ev.FactEvent:
    """A well-formed event of each type (A1, count 1), used where it is not allowed."""
    a1 = ("A1",)
    samples: dict[str, ev.FactEvent] = {
        "detection": ev.Detection(
            occurred_on=day,
            case_id="X1",
            case_type=CaseType.OSEC,
            referral_source=ReferralSource.HOTLINE,
            place_psgc="0702260000",
        ),
        "case_build_up": ev.CaseBuildUp(occurred_on=day, activity=BuildUpActivity.SURVEILLANCE),
        "operation": ev.Operation(occurred_on=day, kind=OperationKind.RESCUE, lead_agency=Agency.PNP_WCPC),
        "arrest": ev.Arrest(occurred_on=day, accused=a1, mode=ArrestMode.WARRANTLESS),
        "inquest": ev.Inquest(occurred_on=day, accused=a1, office=CITY_OFFICE),
        "preliminary_investigation": ev.PreliminaryInvestigation(
            occurred_on=day, office=CITY_OFFICE, basis=PiBasis.COMPLAINT
        ),
        "resolution": ev.Resolution(occurred_on=day, disposition=ResolutionDisposition.FILE_INFORMATION),
        "filing": ev.Filing(occurred_on=day, counts=(ChargeCount(count_no=1, offence="RA9208-6", accused=a1),)),
        "raffle": ev.Raffle(occurred_on=day, court=FAMILY_COURT),
        "probable_cause_determination": ev.ProbableCauseDetermination(
            occurred_on=day, finding=ProbableCauseFinding.FOUND
        ),
        "bail_hearing": ev.BailHearing(occurred_on=day, accused=a1),
        "bail_ruling": ev.BailRuling(occurred_on=day, accused=a1, decision=BailDecision.DENIED),
        "arraignment": ev.Arraignment(
            occurred_on=day, pleas=(Plea(accused="A1", count_no=1, plea=PleaKind.NOT_GUILTY),)
        ),
        "plea_bargain": ev.PleaBargain(
            occurred_on=day, accused="A1", pleas=(LesserPlea(count_no=1, plea_to="RA9208-4A"),)
        ),
        "pre_trial": ev.PreTrial(occurred_on=day, accused=a1),
        "trial_setting": ev.TrialSetting(occurred_on=day, accused=a1, held=True),
        "child_testimony": ev.ChildTestimony(occurred_on=day, age_band=AgeBand.AGE_12_14, sex=Sex.FEMALE),
        "submission_for_decision": ev.SubmissionForDecision(occurred_on=day, accused=a1),
        "promulgation": ev.Promulgation(
            occurred_on=day,
            judgments=(
                CountJudgment(
                    accused="A1",
                    count_no=1,
                    outcome=CountOutcome.CONVICTED_AS_CHARGED,
                    sentence_band=PenaltyBand.LIFE_IMPRISONMENT,
                ),
            ),
        ),
        "motion_filed": ev.MotionFiled(occurred_on=day, kind=MotionKind.INHIBITION, accused=a1),
        "motion_ruling": ev.MotionRuling(
            occurred_on=day, kind=MotionKind.INHIBITION, ruling=MotionRulingKind.DENIED, accused=a1
        ),
        "appeal": ev.Appeal(occurred_on=day, accused=a1),
        "appellate_decision": ev.AppellateDecision(
            occurred_on=day, accused=a1, forum=AppellateCourt.CA, outcome=AppellateOutcome.AFFIRMED
        ),
        "finality": ev.Finality(occurred_on=day, accused=a1, basis=FinalityBasis.APPEAL_PERIOD_LAPSED),
        "archiving": ev.Archiving(occurred_on=day, accused=a1, ground=ArchiveGround.ACCUSED_AT_LARGE),
        "revival": ev.Revival(occurred_on=day, accused=a1),
        "provisional_dismissal": ev.ProvisionalDismissal(occurred_on=day, accused=a1),
        "permanent_dismissal": ev.PermanentDismissal(occurred_on=day, accused=a1),
        "information_withdrawal": ev.InformationWithdrawal(occurred_on=day, accused=a1),
        "dismissal": ev.Dismissal(occurred_on=day, accused=a1, reason=DismissalReason.OTHER),
        "refiling": ev.Refiling(occurred_on=day, forum=RefilingForum.PROSECUTOR),
        "transfer": ev.Transfer(occurred_on=day, reason=TransferReason.OTHER, to_office=CITY_OFFICE),
        "services_delivered": ev.ServicesDelivered(occurred_on=day, service=VictimService.MEDICAL, children=1),
    }
    return samples[tag]


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


def test_generator_is_reproducible_and_covers_every_event_type() -> None:
    """The same seed gives the same history; a few hundred seeds use every event type."""
    assert generate_history(random.Random(7)) == generate_history(random.Random(7))
    seen = {type(e) for seed in range(400) for e in generate_history(random.Random(seed))}
    assert {TYPE_OF[tag] for tag in FACT_TAGS} | {Retraction, Supersession} <= seen
