"""Illustrative reference entities (well-formed, not official) and date helpers for the examples."""

import datetime as dt
from typing import Final

from cpc_prosecution.domain.reference import (
    Court,
    CourtDesignation,
    Hotspot,
    HotspotBasis,
    HotspotDesignator,
    JudicialRegion,
    OfficeType,
    ProsecutionOffice,
)
from cpc_prosecution.domain.types import MANILA
from cpc_prosecution.domain.vocab import AgeBand, Sex

CITY_OFFICE: Final = ProsecutionOffice(office_id="OCP-0702-LLC", office_type=OfficeType.CITY, psgc="0702260000")


PROVINCIAL_OFFICE: Final = ProsecutionOffice(
    office_id="OPP-0722-CEB", office_type=OfficeType.PROVINCIAL, psgc="0702200000"
)


FAMILY_COURT: Final = Court(
    court_id="RTC-R7-LLC-FC54",
    judicial_region=JudicialRegion.R7,
    station_psgc="0702260000",
    branch_label="Family Court Branch 54",
    designation=CourtDesignation.FAMILY,
)


REGULAR_COURT: Final = Court(
    court_id="RTC-NCJR-MNL-B27",
    judicial_region=JudicialRegion.NCJR,
    station_psgc="1380600000",
    branch_label="Branch 27",
    designation=CourtDesignation.FAMILY,
)


HOTSPOT: Final = Hotspot(
    hotspot_id="HS-0702260000-2018",
    psgc="0702260000",
    designated_by=HotspotDesignator.IACAT_TASK_FORCE,
    basis=HotspotBasis.CYBERTIP_CONCENTRATION,
    valid_from=dt.date(2018, 1, 1),
)


A = AgeBand


F, M = Sex.FEMALE, Sex.MALE


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def moment(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=MANILA)
