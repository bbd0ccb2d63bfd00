"""The demo's places: prosecution offices, family courts and hotspots of NCR and Central Visayas.

Codes are 10-character PSGC strings (the 9-digit codes of the PSA's masterlist with the province
digit widened, as the examples use them); the office and court names follow the NPS and RTC naming
pattern but the branches are illustrative, not an official court list. `MASTERLIST` is the small
masterlist the demo loads so that region, province and city breakdowns work.
"""

from __future__ import annotations

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

__all__ = ("HOTSPOTS", "MASTERLIST", "MASTERLIST_EDITION", "OFFICES", "STATIONS", "Station", "courts")

MASTERLIST_EDITION: Final = "2024Q4"
#: psgc, name, level, parent, city class (the columns of `read_psgc_csv`).
MASTERLIST: Final = (
    "psgc,name,level,parent_psgc,city_class",
    "1300000000,National Capital Region (demo),REGION,,",
    "1380600000,City of Manila (demo),CITY,1300000000,HUC",
    "1381300000,Quezon City (demo),CITY,1300000000,HUC",
    "1380100000,City of Caloocan (demo),CITY,1300000000,HUC",
    "0700000000,Region VII - Central Visayas (demo),REGION,,",
    "0702200000,Cebu (demo),PROVINCE,0700000000,",
    "0702217000,Cebu City (demo),CITY,0702200000,HUC",
    "0702226000,Lapu-Lapu City (demo),CITY,0702200000,HUC",
    "0702230000,Mandaue City (demo),CITY,0702200000,HUC",
    "0701200000,Bohol (demo),PROVINCE,0700000000,",
    "0701242000,Tagbilaran City (demo),CITY,0701200000,CC",
)


class Station:
    """A city with its prosecution office, its RTC station and how much of the caseload it sees."""

    def __init__(self, psgc: str, region: JudicialRegion, office: ProsecutionOffice, code: str, weight: int) -> None:
        self.psgc = psgc
        self.region = region
        self.office = office
        self.code = code
        self.weight = weight


def _office(office_id: str, kind: OfficeType, psgc: str) -> ProsecutionOffice:
    return ProsecutionOffice(office_id=office_id, office_type=kind, psgc=psgc)


_CITY, _PROVINCE = OfficeType.CITY, OfficeType.PROVINCIAL
#: Where cases are detected, weighted like the caseloads of the two regions (Central Visayas, with
#: its OSEC hotspots, carries more than its population share).
STATIONS: Final = (
    Station("1380600000", JudicialRegion.NCJR, _office("OCP-1380-MNL", _CITY, "1380600000"), "MNL", 5),
    Station("1381300000", JudicialRegion.NCJR, _office("OCP-1381-QC", _CITY, "1381300000"), "QC", 4),
    Station("1380100000", JudicialRegion.NCJR, _office("OCP-1380-CAL", _CITY, "1380100000"), "CAL", 2),
    Station("0702217000", JudicialRegion.R7, _office("OCP-0702-CEB", _CITY, "0702217000"), "CEB", 5),
    Station("0702226000", JudicialRegion.R7, _office("OCP-0702-LLC", _CITY, "0702226000"), "LLC", 6),
    Station("0702230000", JudicialRegion.R7, _office("OCP-0702-MND", _CITY, "0702230000"), "MND", 3),
    Station("0701242000", JudicialRegion.R7, _office("OPP-0712-BOH", _PROVINCE, "0701200000"), "TAG", 2),
)
OFFICES: Final = tuple(s.office for s in STATIONS)

HOTSPOTS: Final = (
    Hotspot(
        hotspot_id="HS-0702226000-2018",
        psgc="0702226000",
        designated_by=HotspotDesignator.IACAT_TASK_FORCE,
        basis=HotspotBasis.CYBERTIP_CONCENTRATION,
        valid_from=dt.date(2018, 1, 1),
    ),
    Hotspot(
        hotspot_id="HS-0702217000-2019",
        psgc="0702217000",
        designated_by=HotspotDesignator.PNP_WCPC,
        basis=HotspotBasis.CYBERTIP_CONCENTRATION,
        valid_from=dt.date(2019, 7, 1),
    ),
    Hotspot(
        hotspot_id="HS-1380600000-2020",
        psgc="1380600000",
        designated_by=HotspotDesignator.NBI,
        basis=HotspotBasis.CYBERTIP_CONCENTRATION,
        valid_from=dt.date(2020, 1, 1),
    ),
)


def courts(n: int) -> dict[str, tuple[Court, ...]]:
    """`n` family-court branches (at least one per station), dealt out by station weight."""
    if n < len(STATIONS):
        raise ValueError(f"courts must be at least {len(STATIONS)} (one per station), got {n}")
    counts = {s.code: 1 for s in STATIONS}
    heavy = sorted(STATIONS, key=lambda s: -s.weight)
    for i in range(n - len(STATIONS)):
        counts[heavy[i % len(heavy)].code] += 1
    out: dict[str, tuple[Court, ...]] = {}
    for s in STATIONS:
        out[s.psgc] = tuple(
            Court(
                court_id=f"RTC-{s.region.value}-{s.code}-FC{50 + b}",
                judicial_region=s.region,
                station_psgc=s.psgc,
                branch_label=f"Family Court Branch {50 + b}",
                designation=CourtDesignation.FAMILY,
            )
            for b in range(1, counts[s.code] + 1)
        )
    return out
