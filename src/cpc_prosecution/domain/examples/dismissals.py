"""Examples that pass through dismissal: a provisional dismissal that lapses, a refiling."""

from cpc_prosecution.domain.events import (
    Arraignment,
    Arrest,
    CaseEvent,
    ChargeCount,
    ChildTestimony,
    CountJudgment,
    Detection,
    Filing,
    PermanentDismissal,
    PreliminaryInvestigation,
    PreTrial,
    ProbableCauseDetermination,
    Promulgation,
    ProvisionalDismissal,
    Raffle,
    Refiling,
    Resolution,
    SubmissionForDecision,
    TrialSetting,
)
from cpc_prosecution.domain.examples.prefixes import labour_case, pleas
from cpc_prosecution.domain.examples.reference import (
    CITY_OFFICE,
    FAMILY_COURT,
    HOTSPOT,
    A,
    M,
    day,
)
from cpc_prosecution.domain.vocab import (
    ArrestMode,
    CaseType,
    ChildWitnessMeasure,
    CountOutcome,
    DismissalReason,
    PenaltyBand,
    PiBasis,
    PleaKind,
    PostponementReason,
    ProbableCauseFinding,
    ReferralSource,
    RefilingForum,
    ResolutionDisposition,
)


def provisional_dismissal_lapse_history() -> list[CaseEvent]:
    """Child labour trafficking, provisionally dismissed on 2022-01-10 and never revived: the charge
    carries life imprisonment (> 6 years), so the dismissal becomes permanent after 2 years."""
    return [
        *labour_case("EX-PROV-2021-004"),
        TrialSetting(
            occurred_on=day("2021-05-04"),
            accused=("A1",),
            held=False,
            postponement_reason=PostponementReason.CHILD_WITNESS_UNAVAILABLE,
        ),
        TrialSetting(
            occurred_on=day("2021-06-01"),
            accused=("A1",),
            held=False,
            postponement_reason=PostponementReason.ABSENCE_OF_WITNESS,
        ),
        ProvisionalDismissal(occurred_on=day("2022-01-10"), accused=("A1",)),
        PermanentDismissal(occurred_on=day("2024-01-11"), accused=("A1",)),
    ]


def refiling_after_dismissal_history() -> list[CaseEvent]:
    """Hotline report; the PI is dismissed for insufficient evidence (without prejudice); after more
    build-up the complaint is refiled, an Information filed, and the accused convicted after trial."""
    return [
        Detection(
            occurred_on=day("2022-08-01"),
            case_id="EX-REFILE-2022-006",
            case_type=CaseType.OSEC,
            referral_source=ReferralSource.HOTLINE,
            place_psgc="0702260000",
            hotspot=HOTSPOT,
        ),
        PreliminaryInvestigation(
            occurred_on=day("2022-08-15"),
            office=CITY_OFFICE,
            basis=PiBasis.COMPLAINT,
            respondents=("A1",),
            offences=("RA11930-4g",),
        ),
        Resolution(
            occurred_on=day("2022-10-10"),
            disposition=ResolutionDisposition.DISMISS,
            dismissal_reason=DismissalReason.INSUFFICIENT_EVIDENCE,
        ),
        Refiling(occurred_on=day("2023-03-01"), forum=RefilingForum.PROSECUTOR),
        Resolution(occurred_on=day("2023-04-17"), disposition=ResolutionDisposition.FILE_INFORMATION),
        Filing(occurred_on=day("2023-04-24"), counts=(ChargeCount(count_no=1, offence="RA11930-4g", accused=("A1",)),)),
        Raffle(occurred_on=day("2023-04-26"), court=FAMILY_COURT),
        ProbableCauseDetermination(occurred_on=day("2023-05-03"), finding=ProbableCauseFinding.FOUND),
        Arrest(occurred_on=day("2023-05-09"), accused=("A1",), mode=ArrestMode.ON_WARRANT),
        Arraignment(occurred_on=day("2023-05-16"), pleas=pleas(PleaKind.NOT_GUILTY, ("A1", 1))),
        PreTrial(occurred_on=day("2023-05-16"), accused=("A1",)),
        TrialSetting(occurred_on=day("2023-06-06"), accused=("A1",), held=True),
        ChildTestimony(
            occurred_on=day("2023-06-06"),
            age_band=A.AGE_6_11,
            sex=M,
            measures=(ChildWitnessMeasure.LIVE_LINK, ChildWitnessMeasure.FACILITATOR),
        ),
        SubmissionForDecision(occurred_on=day("2023-10-03"), accused=("A1",)),
        Promulgation(
            occurred_on=day("2023-12-12"),
            judgments=(
                CountJudgment(
                    accused="A1",
                    count_no=1,
                    outcome=CountOutcome.CONVICTED_AS_CHARGED,
                    sentence_band=PenaltyBand.LIFE_IMPRISONMENT,
                ),
            ),
        ),
    ]
