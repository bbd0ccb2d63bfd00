"""Examples that end on a plea: plea bargain, mixed speeds (A1 pleads, A2 tried), archive and revival."""

from cpc_prosecution.domain.children import ChildCounts
from cpc_prosecution.domain.events import (
    Archiving,
    Arraignment,
    Arrest,
    CaseEvent,
    ChargeCount,
    ChildTestimony,
    CountJudgment,
    Detection,
    Filing,
    Finality,
    LesserPlea,
    PleaBargain,
    PreliminaryInvestigation,
    PreTrial,
    ProbableCauseDetermination,
    Promulgation,
    Raffle,
    Resolution,
    Revival,
    ServicesDelivered,
    SubmissionForDecision,
    TrialSetting,
)
from cpc_prosecution.domain.examples.prefixes import osec_rescue, plea_conviction, pleas
from cpc_prosecution.domain.examples.reference import (
    CITY_OFFICE,
    FAMILY_COURT,
    A,
    F,
    day,
)
from cpc_prosecution.domain.vocab import (
    ArchiveGround,
    ArrestMode,
    CaseType,
    ChildWitnessMeasure,
    CountOutcome,
    DismissalReason,
    FinalityBasis,
    PenaltyBand,
    PiBasis,
    PleaKind,
    ProbableCauseFinding,
    ReferralSource,
    ResolutionDisposition,
    VictimService,
)


def plea_bargain_history() -> list[CaseEvent]:
    """OSEC: rescue, both accused plead to attempted trafficking (RA 9208 §4-A), appeal waived.

    Mirrors the typical OSEC plea outcome in domain brief §2.1 stage 11 (15 years).
    """
    return [
        *osec_rescue("EX-PLEA-2019-001", "2019-10-01"),
        Raffle(occurred_on=day("2019-10-14"), court=FAMILY_COURT),
        ProbableCauseDetermination(occurred_on=day("2019-10-18"), finding=ProbableCauseFinding.FOUND),
        Arraignment(occurred_on=day("2019-10-24"), pleas=pleas(PleaKind.NOT_GUILTY, ("A1", 1), ("A1", 2), ("A2", 1))),
        PreTrial(occurred_on=day("2019-10-24"), accused=("A1", "A2")),
        ServicesDelivered(occurred_on=day("2019-11-04"), service=VictimService.PSYCHOSOCIAL_MENTAL_HEALTH, children=3),
        PleaBargain(
            occurred_on=day("2020-02-03"),
            accused="A1",
            pleas=(LesserPlea(count_no=1, plea_to="RA9208-4A"), LesserPlea(count_no=2, plea_to=None)),
        ),
        PleaBargain(occurred_on=day("2020-02-03"), accused="A2", pleas=(LesserPlea(count_no=1, plea_to="RA9208-4A"),)),
        Promulgation(
            occurred_on=day("2020-02-03"),
            judgments=(
                plea_conviction("A1", 1),
                CountJudgment(
                    accused="A1",
                    count_no=2,
                    outcome=CountOutcome.DISMISSED,
                    dismissal_reason=DismissalReason.PLEA_AGREEMENT,
                ),
                plea_conviction("A2", 1),
            ),
        ),
        Finality(occurred_on=day("2020-02-03"), accused=("A1", "A2"), basis=FinalityBasis.WAIVER_OF_APPEAL),
    ]


def mixed_speeds_history() -> list[CaseEvent]:
    """Two accused at different speeds: A1 pleads (plea bargain) while A2 is tried and convicted."""
    return [
        *osec_rescue("EX-MIXED-2019-007", "2019-03-04"),
        Raffle(occurred_on=day("2019-03-15"), court=FAMILY_COURT),
        ProbableCauseDetermination(occurred_on=day("2019-03-20"), finding=ProbableCauseFinding.FOUND),
        Arraignment(occurred_on=day("2019-03-22"), pleas=pleas(PleaKind.NOT_GUILTY, ("A1", 1), ("A1", 2), ("A2", 1))),
        PreTrial(occurred_on=day("2019-03-22"), accused=("A1", "A2")),
        PleaBargain(
            occurred_on=day("2019-04-16"),
            accused="A1",
            pleas=(LesserPlea(count_no=1, plea_to="RA9208-4A"), LesserPlea(count_no=2, plea_to=None)),
        ),
        Promulgation(
            occurred_on=day("2019-04-16"),
            judgments=(
                plea_conviction("A1", 1),
                CountJudgment(
                    accused="A1",
                    count_no=2,
                    outcome=CountOutcome.DISMISSED,
                    dismissal_reason=DismissalReason.PLEA_AGREEMENT,
                ),
            ),
        ),
        Finality(occurred_on=day("2019-04-16"), accused=("A1",), basis=FinalityBasis.WAIVER_OF_APPEAL),
        TrialSetting(occurred_on=day("2019-04-23"), accused=("A2",), held=True),
        ChildTestimony(
            occurred_on=day("2019-05-07"), age_band=A.AGE_12_14, sex=F, measures=(ChildWitnessMeasure.LIVE_LINK,)
        ),
        SubmissionForDecision(occurred_on=day("2019-08-20"), accused=("A2",)),
        Promulgation(
            occurred_on=day("2019-10-15"),
            judgments=(
                CountJudgment(
                    accused="A2",
                    count_no=1,
                    outcome=CountOutcome.CONVICTED_AS_CHARGED,
                    sentence_band=PenaltyBand.LIFE_IMPRISONMENT,
                ),
            ),
        ),
        Finality(occurred_on=day("2019-11-04"), accused=("A2",), basis=FinalityBasis.APPEAL_PERIOD_LAPSED),
    ]


def archive_and_revival_history() -> list[CaseEvent]:
    """Complaint, PI, Information; the accused stays at large, the case is archived after 6 months,
    the accused is arrested, the case revived, and the accused pleads guilty as charged."""
    return [
        Detection(
            occurred_on=day("2018-02-05"),
            case_id="EX-ARCH-2018-005",
            case_type=CaseType.OTHER_TRAFFICKING,
            referral_source=ReferralSource.VICTIM_OR_FAMILY,
            place_psgc="0702260000",
            children=ChildCounts(girls_15_17=1),
        ),
        PreliminaryInvestigation(
            occurred_on=day("2018-02-20"),
            office=CITY_OFFICE,
            basis=PiBasis.COMPLAINT,
            respondents=("A1",),
            offences=("RA9208-4",),
        ),
        Resolution(occurred_on=day("2018-04-02"), disposition=ResolutionDisposition.FILE_INFORMATION),
        Filing(occurred_on=day("2018-04-09"), counts=(ChargeCount(count_no=1, offence="RA9208-4", accused=("A1",)),)),
        Raffle(occurred_on=day("2018-04-12"), court=FAMILY_COURT),
        ProbableCauseDetermination(occurred_on=day("2018-04-20"), finding=ProbableCauseFinding.FOUND),
        Archiving(occurred_on=day("2018-11-05"), accused=("A1",), ground=ArchiveGround.ACCUSED_AT_LARGE),
        Arrest(occurred_on=day("2019-08-14"), accused=("A1",), mode=ArrestMode.ON_WARRANT),
        Revival(occurred_on=day("2019-08-16"), accused=("A1",)),
        Arraignment(occurred_on=day("2019-08-23"), pleas=pleas(PleaKind.GUILTY, ("A1", 1))),
        Promulgation(
            occurred_on=day("2019-09-06"),
            judgments=(
                CountJudgment(
                    accused="A1",
                    count_no=1,
                    outcome=CountOutcome.CONVICTED_AS_CHARGED,
                    sentence_band=PenaltyBand.AFFLICTIVE_12_20,
                ),
            ),
        ),
        Finality(occurred_on=day("2019-09-23"), accused=("A1",), basis=FinalityBasis.APPEAL_PERIOD_LAPSED),
    ]
