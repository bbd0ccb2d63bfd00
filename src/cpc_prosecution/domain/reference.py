"""Reference entities, identifiers only (domain brief §7): prosecution offices, courts, hotspots.

Places are 10-character PSGC strings; the hierarchy is never derived by slicing them (§7.1).
Events name these by their registered id (`OfficeId`, `CourtId`, `HotspotId`); `reference_book`
puts the registered record in the id's place before a history is folded.
"""

import datetime as dt
from enum import StrEnum
from typing import Annotated, Final

import msgspec
from msgspec import Meta

from cpc_prosecution.domain.types import (
    IDENTIFIER_PATTERN,
    BranchLabel,
    Identifier,
    Psgc,
    check_branch_label,
    check_identifier,
    check_psgc,
)

#: An office as an event names it: its registered id.
OfficeId = Annotated[
    str, Meta(pattern=IDENTIFIER_PATTERN, description="a registered office id (GET /v1/offices), e.g. OCP-0702-LLC")
]
#: A court (RTC branch) as an event names it: its registered id.
CourtId = Annotated[
    str, Meta(pattern=IDENTIFIER_PATTERN, description="a registered court id (GET /v1/courts), e.g. RTC-R7-LLC-FC54")
]
#: A hotspot designation as an event names it: its registered id.
HotspotId = Annotated[
    str,
    Meta(pattern=IDENTIFIER_PATTERN, description="a registered hotspot id (GET /v1/hotspots), e.g. HS-0702260000-2018"),
]


class OfficeType(StrEnum):
    """NPS office types (RA 10071 §3)."""

    NATIONAL_PROSECUTION_STAFF = "NATIONAL_PROSECUTION_STAFF"
    REGIONAL = "REGIONAL"
    PROVINCIAL = "PROVINCIAL"
    CITY = "CITY"


class JudicialRegion(StrEnum):
    """RTC judicial regions (BP 129 §13). Later laws may add regions: add codes, never rename."""

    NCJR = "NCJR"
    R1 = "R1"
    R2 = "R2"
    R3 = "R3"
    R4 = "R4"
    R5 = "R5"
    R6 = "R6"
    R7 = "R7"
    R8 = "R8"
    R9 = "R9"
    R10 = "R10"
    R11 = "R11"
    R12 = "R12"


class CourtDesignation(StrEnum):
    """Designation of an RTC branch (RA 8369 §17; A.M. 17-11-03-SC)."""

    FAMILY = "FAMILY"
    CYBERCRIME = "CYBERCRIME"
    REGULAR = "REGULAR"


class HotspotDesignator(StrEnum):
    """Who flagged a hotspot (domain brief §7.3: no official definition exists)."""

    PNP_WCPC = "PNP_WCPC"
    NBI = "NBI"
    IACAT_TASK_FORCE = "IACAT_TASK_FORCE"
    PICACC = "PICACC"
    DSWD = "DSWD"
    LGU = "LGU"
    IJM = "IJM"
    OTHER = "OTHER"


class HotspotBasis(StrEnum):
    """Why an area was flagged (operational proposal, domain brief §7.3)."""

    REFERRAL_CONCENTRATION = "REFERRAL_CONCENTRATION"
    CYBERTIP_CONCENTRATION = "CYBERTIP_CONCENTRATION"
    CASE_CONCENTRATION = "CASE_CONCENTRATION"
    OPERATIONS_FOCUS = "OPERATIONS_FOCUS"
    PROGRAMME_TARGET = "PROGRAMME_TARGET"
    OTHER = "OTHER"


class ProsecutionOffice(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """An NPS office, keyed by an opaque id; located by PSGC (province or city) and type."""

    office_id: Identifier
    office_type: OfficeType
    psgc: Psgc

    def __post_init__(self) -> None:
        check_identifier(self.office_id, "office_id")
        check_psgc(self.psgc, "psgc")


class Court(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """An RTC branch: surrogate id + (judicial region, station PSGC, branch label, designation)."""

    court_id: Identifier
    judicial_region: JudicialRegion
    station_psgc: Psgc
    branch_label: BranchLabel
    designation: CourtDesignation

    def __post_init__(self) -> None:
        check_identifier(self.court_id, "court_id")
        check_psgc(self.station_psgc, "station_psgc")
        check_branch_label(self.branch_label, "branch_label")


class Hotspot(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A hotspot designation: an area flagged by someone for a period, on a coded basis."""

    hotspot_id: Identifier
    psgc: Psgc
    designated_by: HotspotDesignator
    basis: HotspotBasis
    valid_from: dt.date
    valid_to: dt.date | None = None
    """Last day of the designation (inclusive); None while it stands."""

    def __post_init__(self) -> None:
        check_identifier(self.hotspot_id, "hotspot_id")
        check_psgc(self.psgc, "psgc")
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError("hotspot valid_to is before valid_from")

    def covers(self, day: dt.date) -> bool:
        """Whether the designation stood on `day`."""
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


_BY_ID: Final = "The whole record is still accepted, only as registered: it adds nothing to the id."
_OFFICE_REF: Final = f'The office\'s registered id, e.g. "OCP-0702-LLC" (GET /v1/offices). {_BY_ID}'
_COURT_REF: Final = f'The court\'s registered id, e.g. "RTC-R7-LLC-FC54" (GET /v1/courts). {_BY_ID}'
_HOTSPOT_REF: Final = f'The hotspot\'s registered id, e.g. "HS-0702260000-2018" (GET /v1/hotspots). {_BY_ID}'

#: An event's office: its id (the form to send) or the registered record (`reference_book` resolves it).
OfficeRef = Annotated[OfficeId | ProsecutionOffice, Meta(description=_OFFICE_REF)]
OfficeRefOrNone = Annotated[OfficeId | ProsecutionOffice | None, Meta(description=_OFFICE_REF)]
#: An event's court: its id or the registered record.
CourtRef = Annotated[CourtId | Court, Meta(description=_COURT_REF)]
CourtRefOrNone = Annotated[CourtId | Court | None, Meta(description=_COURT_REF)]
#: A detection's hotspot: its id or the registered record.
HotspotRefOrNone = Annotated[HotspotId | Hotspot | None, Meta(description=_HOTSPOT_REF)]
