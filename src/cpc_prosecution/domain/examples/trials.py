"""Examples decided after trial: conviction, acquittal (after trial and on demurrer), remand."""

from cpc_prosecution.domain.events import (
    Appeal,
    AppellateDecision,
    Arraignment,
    CaseEvent,
    ChildTestimony,
    CountJudgment,
    Finality,
    MotionFiled,
    MotionRuling,
    PreTrial,
    ProbableCauseDetermination,
    Promulgation,
    Raffle,
    ServicesDelivered,
    SubmissionForDecision,
    TrialSetting,
)
from cpc_prosecution.domain.examples.prefixes import labour_case, osec_rescue, pleas
from cpc_prosecution.domain.examples.reference import (
    FAMILY_COURT,
    A,
    F,
    day,
)
from cpc_prosecution.domain.vocab import (
    AppellateCourt,
    AppellateOutcome,
    ChildWitnessMeasure,
    CountOutcome,
    FinalityBasis,
    MotionKind,
    MotionRulingKind,
    PenaltyBand,
    PleaKind,
    PostponementReason,
    ProbableCauseFinding,
    VictimService,
)


def conviction_after_trial_history() -> list[CaseEvent]:
    """Child labour trafficking: trial with child witnesses (live link, support person), conviction,
    appeal to the Court of Appeals affirmed, entry of judgment."""
    return [
        *labour_case("EX-TRIAL-2021-002"),
        TrialSetting(
            occurred_on=day("2021-04-20"),
            accused=("A1",),
            held=False,
            postponement_reason=PostponementReason.ACCUSED_NOT_BROUGHT_FROM_DETENTION,
        ),
        TrialSetting(occurred_on=day("2021-04-27"), accused=("A1",), held=True),
        ChildTestimony(
            occurred_on=day("2021-05-11"),
            age_band=A.AGE_15_17,
            sex=F,
            measures=(ChildWitnessMeasure.LIVE_LINK, ChildWitnessMeasure.SUPPORT_PERSON),
        ),
        TrialSetting(occurred_on=day("2021-05-11"), accused=("A1",), held=True),
        TrialSetting(occurred_on=day("2021-06-08"), accused=("A1",), held=True),
        SubmissionForDecision(occurred_on=day("2021-09-14"), accused=("A1",)),
        Promulgation(
            occurred_on=day("2021-11-30"),
            judgments=(
                CountJudgment(
                    accused="A1",
                    count_no=1,
                    outcome=CountOutcome.CONVICTED_AS_CHARGED,
                    sentence_band=PenaltyBand.LIFE_IMPRISONMENT,
                ),
            ),
        ),
        Appeal(occurred_on=day("2021-12-10"), accused=("A1",), forum=AppellateCourt.CA),
        AppellateDecision(
            occurred_on=day("2023-02-15"), accused=("A1",), forum=AppellateCourt.CA, outcome=AppellateOutcome.AFFIRMED
        ),
        Finality(occurred_on=day("2023-03-20"), accused=("A1",), basis=FinalityBasis.ENTRY_OF_JUDGMENT),
        ServicesDelivered(occurred_on=day("2023-04-01"), service=VictimService.REINTEGRATION, children=4),
    ]


def acquittal_history() -> list[CaseEvent]:
    """OSEC: A2's demurrer to evidence is granted (acquitted on demurrer); A1 acquitted after trial."""
    return [
        *osec_rescue("EX-ACQ-2020-003", "2020-06-01"),
        Raffle(occurred_on=day("2020-06-12"), court=FAMILY_COURT),
        ProbableCauseDetermination(occurred_on=day("2020-06-17"), finding=ProbableCauseFinding.FOUND),
        Arraignment(occurred_on=day("2020-06-19"), pleas=pleas(PleaKind.NOT_GUILTY, ("A1", 1), ("A1", 2), ("A2", 1))),
        PreTrial(occurred_on=day("2020-06-19"), accused=("A1", "A2")),
        TrialSetting(occurred_on=day("2020-07-14"), accused=("A1", "A2"), held=True),
        ChildTestimony(
            occurred_on=day("2020-07-14"),
            age_band=A.AGE_12_14,
            sex=F,
            measures=(ChildWitnessMeasure.VIDEOTAPED_DEPOSITION, ChildWitnessMeasure.GUARDIAN_AD_LITEM),
        ),
        TrialSetting(occurred_on=day("2020-09-08"), accused=("A1", "A2"), held=True),
        MotionFiled(occurred_on=day("2020-09-18"), kind=MotionKind.DEMURRER_TO_EVIDENCE, accused=("A2",)),
        MotionRuling(
            occurred_on=day("2020-10-30"),
            kind=MotionKind.DEMURRER_TO_EVIDENCE,
            ruling=MotionRulingKind.GRANTED,
            accused=("A2",),
        ),
        Promulgation(
            occurred_on=day("2020-11-06"),
            judgments=(CountJudgment(accused="A2", count_no=1, outcome=CountOutcome.ACQUITTED_ON_DEMURRER),),
        ),
        TrialSetting(occurred_on=day("2020-11-17"), accused=("A1",), held=True),
        SubmissionForDecision(occurred_on=day("2021-01-12"), accused=("A1",)),
        Promulgation(
            occurred_on=day("2021-04-06"),
            judgments=(
                CountJudgment(accused="A1", count_no=1, outcome=CountOutcome.ACQUITTED),
                CountJudgment(accused="A1", count_no=2, outcome=CountOutcome.ACQUITTED),
            ),
        ),
    ]


def remand_after_appeal_history() -> list[CaseEvent]:
    """Conviction, appeal, remanded by the Court of Appeals for further trial, convicted again, final."""
    conviction = CountJudgment(
        accused="A1", count_no=1, outcome=CountOutcome.CONVICTED_AS_CHARGED, sentence_band=PenaltyBand.LIFE_IMPRISONMENT
    )
    return [
        *labour_case("EX-REMAND-2021-008"),
        TrialSetting(occurred_on=day("2021-04-27"), accused=("A1",), held=True),
        SubmissionForDecision(occurred_on=day("2021-08-03"), accused=("A1",)),
        Promulgation(occurred_on=day("2021-10-05"), judgments=(conviction,)),
        Appeal(occurred_on=day("2021-10-12"), accused=("A1",)),
        AppellateDecision(
            occurred_on=day("2022-09-21"), accused=("A1",), forum=AppellateCourt.CA, outcome=AppellateOutcome.REMANDED
        ),
        TrialSetting(occurred_on=day("2022-11-08"), accused=("A1",), held=True),
        SubmissionForDecision(occurred_on=day("2023-01-17"), accused=("A1",)),
        Promulgation(occurred_on=day("2023-03-28"), judgments=(conviction,)),
        Finality(occurred_on=day("2023-04-13"), accused=("A1",), basis=FinalityBasis.APPEAL_PERIOD_LAPSED),
    ]
