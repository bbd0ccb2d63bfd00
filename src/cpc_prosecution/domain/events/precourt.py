"""Events before an Information is filed: detection to the prosecutor's resolution (brief §2.1, 1-6)."""

import datetime as dt
from typing import Self

from cpc_prosecution.domain.children import NO_CHILDREN, ChildCounts
from cpc_prosecution.domain.events.base import Event, check_accused, check_offences
from cpc_prosecution.domain.reference import Hotspot, HotspotRefOrNone, OfficeRef, OfficeType, ProsecutionOffice
from cpc_prosecution.domain.types import (
    AccusedPositions,
    AccusedPositionsOrNone,
    AwareDatetime,
    Identifier,
    OffenceCode,
    Psgc,
    check_moment,
)
from cpc_prosecution.domain.vocab.case import (
    Agency,
    ArrestMode,
    BuildUpActivity,
    CaseType,
    Custodian,
    OperationKind,
    PiBasis,
    ReferralSource,
    ResolutionDisposition,
)
from cpc_prosecution.domain.vocab.outcomes import PROSECUTOR_DISMISSAL_REASONS, DismissalReason


class Detection(Event, frozen=True, tag="detection"):
    """Report, referral or complaint that opens the case (RA 9208 §8(a); RA 11930 §23).

    `children` are the child victims known at detection (often none yet); `place_psgc` is the
    city/municipality where the case was detected; `hotspot`, if any, must cover the detection date.
    `hotspot` is the registered id; the whole record is accepted only as registered
    (`reference_book.resolve_references` puts the record in the id's place and checks the date).
    """

    case_id: Identifier
    case_type: CaseType
    referral_source: ReferralSource
    place_psgc: Psgc
    hotspot: HotspotRefOrNone = None
    children: ChildCounts = NO_CHILDREN

    def __post_init__(self) -> None:
        if isinstance(self.hotspot, Hotspot) and not self.hotspot.covers(self.occurred_on):
            raise ValueError("the hotspot designation does not cover the detection date")

    @classmethod
    def sample(cls, day: dt.date) -> Self:
        return cls(
            occurred_on=day,
            case_id="EX-PLEA-2019-001",
            case_type=CaseType.OSEC,
            referral_source=ReferralSource.NCMEC_CYBERTIP,
            place_psgc="0702260000",
        )


class CaseBuildUp(Event, frozen=True, tag="case_build_up"):
    """A case build-up step (DOJ DC 20-2023; A.M. 17-11-03-SC cybercrime warrants)."""

    activity: BuildUpActivity

    @classmethod
    def sample(cls, day: dt.date) -> Self:
        return cls(occurred_on=day, activity=BuildUpActivity.UNDERCOVER_ONLINE_CONTACT)


class Operation(Event, frozen=True, tag="operation"):
    """Rescue or entrapment; rescued children into protective custody (RA 11930 §26), as counts."""

    kind: OperationKind
    lead_agency: Agency
    children_rescued: ChildCounts = NO_CHILDREN
    children_into_custody: ChildCounts = NO_CHILDREN
    custodian: Custodian | None = None

    def __post_init__(self) -> None:
        if not self.children_into_custody.within(self.children_rescued):
            raise ValueError("children_into_custody exceeds children_rescued in some cell")
        if (self.children_into_custody.total() > 0) != (self.custodian is not None):
            raise ValueError("custodian is required exactly when children go into protective custody")

    @classmethod
    def sample(cls, day: dt.date) -> Self:
        return cls(
            occurred_on=day,
            kind=OperationKind.RESCUE_AND_ENTRAPMENT,
            lead_agency=Agency.PNP_WCPC,
            children_rescued=ChildCounts(girls_6_11=1, girls_12_14=1, boys_0_5=1),
            children_into_custody=ChildCounts(girls_6_11=1, girls_12_14=1, boys_0_5=1),
            custodian=Custodian.C_MSWDO,
        )


class Arrest(Event, frozen=True, tag="arrest"):
    """Arrest of one or more accused: warrantless (in flagrante), on a warrant, or surrender.

    `occurred_at` gives hour precision for the Art. 125 clocks; `offences` (if known) decide the
    Art. 125 class (12/18/36 h) from the heaviest penalty band.
    """

    accused: AccusedPositions
    mode: ArrestMode
    offences: tuple[OffenceCode, ...] = ()
    occurred_at: AwareDatetime | None = None

    def __post_init__(self) -> None:
        check_accused(self.accused)
        check_offences(self.offences, "offences")
        check_moment(self.occurred_on, self.occurred_at)

    @classmethod
    def sample(cls, day: dt.date) -> Self:
        return cls(occurred_on=day, accused=("A1", "A2"), mode=ArrestMode.WARRANTLESS, offences=("RA9208-6",))


class Inquest(Event, frozen=True, tag="inquest"):
    """Inquest of accused arrested without a warrant (DC 015-2024 §§12-13)."""

    accused: AccusedPositions
    office: OfficeRef
    occurred_at: AwareDatetime | None = None

    def __post_init__(self) -> None:
        check_accused(self.accused)
        check_moment(self.occurred_on, self.occurred_at)

    @classmethod
    def sample(cls, day: dt.date) -> Self:
        return cls(
            occurred_on=day,
            accused=("A1", "A2"),
            office=ProsecutionOffice(office_id="OCP-0702-LLC", office_type=OfficeType.CITY, psgc="0702260000"),
        )


class PreliminaryInvestigation(Event, frozen=True, tag="preliminary_investigation"):
    """Case assigned to an investigating prosecutor for preliminary investigation (DC 015 §§3, 10).

    `respondents` are positions; `offences` are the offences complained of (they decide whether
    the DC 015 §17 extension for capital offences applies).
    """

    office: OfficeRef
    basis: PiBasis
    respondents: AccusedPositionsOrNone = ()
    offences: tuple[OffenceCode, ...] = ()

    def __post_init__(self) -> None:
        check_accused(self.respondents, "respondents")
        check_offences(self.offences, "offences")

    @classmethod
    def sample(cls, day: dt.date) -> Self:
        return cls(
            occurred_on=day,
            office=Inquest.sample(day).office,
            basis=PiBasis.COMPLAINT,
            respondents=("A1",),
            offences=("RA9208-4",),
        )


class Resolution(Event, frozen=True, tag="resolution"):
    """The prosecutor's resolution: file an Information, or dismiss (DC 015-2024 §§5, 16)."""

    disposition: ResolutionDisposition
    dismissal_reason: DismissalReason | None = None

    def __post_init__(self) -> None:
        dismissing = self.disposition is ResolutionDisposition.DISMISS
        if dismissing != (self.dismissal_reason is not None):
            raise ValueError("dismissal_reason is required exactly when the resolution dismisses")
        if self.dismissal_reason is not None and self.dismissal_reason not in PROSECUTOR_DISMISSAL_REASONS:
            raise ValueError(f"{self.dismissal_reason} is not a prosecutor's dismissal reason")

    @classmethod
    def sample(cls, day: dt.date) -> Self:
        return cls(occurred_on=day, disposition=ResolutionDisposition.FILE_INFORMATION)


#: Events before filing in court (domain brief §2.1 order); `FactEvent` is the union of these unions.
PreCourtEvent = Detection | CaseBuildUp | Operation | Arrest | Inquest | PreliminaryInvestigation | Resolution


__all__ = (
    "Arrest",
    "CaseBuildUp",
    "Detection",
    "Inquest",
    "Operation",
    "PreCourtEvent",
    "PreliminaryInvestigation",
    "Resolution",
)
