"""Shared openings of the example histories (detection through filing) and small builders."""

import datetime as dt

from cpc_prosecution.domain.children import ChildCounts
from cpc_prosecution.domain.events import (
    Arraignment,
    Arrest,
    CaseBuildUp,
    CaseEvent,
    ChargeCount,
    CountJudgment,
    Detection,
    Filing,
    Inquest,
    Operation,
    Plea,
    PreTrial,
    ProbableCauseDetermination,
    Raffle,
    Resolution,
    ServicesDelivered,
)
from cpc_prosecution.domain.examples.reference import (
    CITY_OFFICE,
    HOTSPOT,
    PROVINCIAL_OFFICE,
    REGULAR_COURT,
    day,
    moment,
)
from cpc_prosecution.domain.vocab import (
    Agency,
    ArrestMode,
    BuildUpActivity,
    CaseType,
    CountOutcome,
    Custodian,
    OperationKind,
    PenaltyBand,
    PleaKind,
    ProbableCauseFinding,
    ReferralSource,
    ResolutionDisposition,
    VictimService,
)


def pleas(plea: PleaKind, *pairs: tuple[str, int]) -> tuple[Plea, ...]:
    return tuple(Plea(accused=a, count_no=n, plea=plea) for a, n in pairs)


def osec_rescue(case_id: str, first_day: str) -> list[CaseEvent]:
    """Detection through filing for an OSEC entrapment with two arrested accused."""
    start = day(first_day)
    rescue = start + dt.timedelta(days=8)
    rescued = ChildCounts(girls_6_11=1, girls_12_14=1, boys_0_5=1)
    return [
        Detection(
            occurred_on=start,
            case_id=case_id,
            case_type=CaseType.OSEC,
            referral_source=ReferralSource.NCMEC_CYBERTIP,
            place_psgc="0702260000",
            hotspot=HOTSPOT,
        ),
        CaseBuildUp(occurred_on=start + dt.timedelta(days=2), activity=BuildUpActivity.UNDERCOVER_ONLINE_CONTACT),
        Operation(
            occurred_on=rescue,
            kind=OperationKind.RESCUE_AND_ENTRAPMENT,
            lead_agency=Agency.PNP_WCPC,
            children_rescued=rescued,
            children_into_custody=rescued,
            custodian=Custodian.C_MSWDO,
        ),
        Arrest(
            occurred_on=rescue,
            accused=("A1", "A2"),
            mode=ArrestMode.WARRANTLESS,
            offences=("RA9208-6",),
            occurred_at=moment(f"{rescue.isoformat()}T14:30"),
        ),
        ServicesDelivered(occurred_on=rescue, service=VictimService.SHELTER_RESIDENTIAL, children=3),
        Inquest(
            occurred_on=rescue + dt.timedelta(days=1),
            accused=("A1", "A2"),
            office=CITY_OFFICE,
            occurred_at=moment(f"{(rescue + dt.timedelta(days=1)).isoformat()}T09:00"),
        ),
        Resolution(occurred_on=rescue + dt.timedelta(days=1), disposition=ResolutionDisposition.FILE_INFORMATION),
        Filing(
            occurred_on=rescue + dt.timedelta(days=1),
            counts=(
                ChargeCount(count_no=1, offence="RA9208-6", accused=("A1", "A2")),
                ChargeCount(count_no=2, offence="RA7610-5", accused=("A1",)),
            ),
            occurred_at=moment(f"{(rescue + dt.timedelta(days=1)).isoformat()}T16:00"),
        ),
    ]


def plea_conviction(accused: str, count_no: int) -> CountJudgment:
    return CountJudgment(
        accused=accused,
        count_no=count_no,
        outcome=CountOutcome.CONVICTED_LESSER_OFFENSE_PLEA,
        sentence_band=PenaltyBand.AFFLICTIVE_12_20,
        convicted_of="RA9208-4A",
    )


def labour_case(case_id: str) -> list[CaseEvent]:
    """Child labour trafficking through filing and arraignment of A1 (detained)."""
    rescued = ChildCounts(girls_15_17=2, boys_12_14=1, boys_15_17=1)
    return [
        Detection(
            occurred_on=day("2021-03-02"),
            case_id=case_id,
            case_type=CaseType.CHILD_LABOR_TRAFFICKING,
            referral_source=ReferralSource.LABOR_INSPECTION,
            place_psgc="1380600000",
        ),
        Operation(
            occurred_on=day("2021-03-15"),
            kind=OperationKind.LABOR_INSPECTION_REMOVAL,
            lead_agency=Agency.IACAT_TASK_FORCE,
            children_rescued=rescued,
            children_into_custody=rescued,
            custodian=Custodian.DSWD,
        ),
        Arrest(
            occurred_on=day("2021-03-15"),
            accused=("A1",),
            mode=ArrestMode.WARRANTLESS,
            offences=("RA9208-6",),
            occurred_at=moment("2021-03-15T11:00"),
        ),
        Inquest(occurred_on=day("2021-03-16"), accused=("A1",), office=PROVINCIAL_OFFICE),
        Resolution(occurred_on=day("2021-03-16"), disposition=ResolutionDisposition.FILE_INFORMATION),
        Filing(
            occurred_on=day("2021-03-17"),
            counts=(ChargeCount(count_no=1, offence="RA9208-6", accused=("A1",)),),
            occurred_at=moment("2021-03-17T10:00"),
        ),
        Raffle(occurred_on=day("2021-03-19"), court=REGULAR_COURT),
        ProbableCauseDetermination(occurred_on=day("2021-03-26"), finding=ProbableCauseFinding.FOUND),
        Arraignment(occurred_on=day("2021-03-29"), pleas=pleas(PleaKind.NOT_GUILTY, ("A1", 1))),
        PreTrial(occurred_on=day("2021-03-29"), accused=("A1",)),
    ]
