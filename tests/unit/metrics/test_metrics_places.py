"""Breakdowns by place: the case's place (`place_psgc`) rolled up the PSGC masterlist to the
administrative region, the province (or independent city) and the city or municipality.

The eight examples happen in Lapu-Lapu City (a highly urbanised city in Cebu, Region VII: plea,
acquittal, archive, refiling, mixed) and the City of Manila (NCR: trial, provisional dismissal,
remand). Below, the mixed-speeds case is moved to a barangay of Lapu-Lapu and the archive case to a
place the masterlist does not list.
"""

import datetime as dt

import msgspec
import pytest
from tests.support.psgc import sample_masterlist

from cpc_prosecution.domain import fold, summarize
from cpc_prosecution.domain.examples import EXAMPLES
from cpc_prosecution.metrics import NOT_RECORDED, compute

END = dt.date(2024, 12, 31)
PLACES = sample_masterlist().rollups()
MOVED = {"mixed_speeds": "0702260001", "archive_and_revival": "0999999999"}
ROWS = [
    msgspec.structs.replace(s, place_psgc=MOVED.get(name, s.place_psgc))
    for name, s in ((name, summarize(fold(build()))) for name, build in EXAMPLES.items())
]


def test_conviction_rate_by_admin_region() -> None:
    """Region VII: plea, acquittal, refiling, mixed (barangay of Lapu-Lapu) = 4 disposed, 3 convicted.
    NCR: trial, provisional dismissal, remand = 3 disposed, 2 convicted. The archive case's place is
    not listed: NOT_RECORDED (1 disposed, 1 convicted). Groups in code order, NOT_RECORDED last."""
    r = compute("conviction_rate", ROWS, as_of=END, by="admin_region", places=PLACES)
    assert r.groups() == ("0700000000", "1300000000", NOT_RECORDED)
    assert [r.value("cases_disposed", group=g) for g in r.groups()] == [4, 3, 1]
    assert [r.cell("conviction_rate", group=g).numerator for g in r.groups()] == [3, 2, 1]
    assert r.value("conviction_rate", group="0700000000") == 75.0


def test_highly_urbanised_city_stands_alone_at_province_level() -> None:
    """Lapu-Lapu City (HUC) is its own province-level unit, not Cebu's; Manila likewise."""
    r = compute("conviction_rate", ROWS, as_of=END, by="province", places=PLACES)
    assert r.groups() == ("0702260000", "1380600000", NOT_RECORDED)
    assert "0702200000" not in r.groups()


def test_city_breakdown_rolls_barangays_into_their_city() -> None:
    """The barangay case counts under Lapu-Lapu City: 4 disposed there."""
    r = compute("conviction_rate", ROWS, as_of=END, by="city_municipality", places=PLACES)
    assert r.value("cases_disposed", group="0702260000") == 4


def test_place_breakdown_without_a_masterlist_is_refused() -> None:
    """Without `places` the engine cannot roll a place up, and says so."""
    with pytest.raises(ValueError, match="masterlist"):
        compute("conviction_rate", ROWS, as_of=END, by="admin_region")


def test_with_an_empty_masterlist_every_case_is_not_recorded() -> None:
    """An empty masterlist (none loaded) puts every case under NOT_RECORDED."""
    r = compute("conviction_rate", ROWS, as_of=END, by="admin_region", places={})
    assert r.groups() == (NOT_RECORDED,)
    assert r.value("cases_disposed", group=NOT_RECORDED) == 8
