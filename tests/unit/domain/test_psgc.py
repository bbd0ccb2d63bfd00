"""The PSGC hierarchy: roll-ups follow explicit parents and city classes, and a list that cannot be a
hierarchy is refused with the code (or line and column) and the reason."""

from __future__ import annotations

import pytest
from tests.support.psgc import sample_masterlist

from cpc_prosecution.domain.psgc import Area, AreaLevel, CityClass, PlaceRollup, PsgcList, PsgcListError
from cpc_prosecution.domain.psgc_file import PsgcFileError, read_psgc_csv

R3, R7, R8, NCR = "0300000000", "0700000000", "0800000000", "1300000000"


@pytest.mark.parametrize(
    ("psgc", "region", "province", "city"),
    [
        ("0306900000", R3, "0306800000", "0306900000"),  # component city: its province
        ("0702260000", R7, "0702260000", "0702260000"),  # highly urbanised city: its own unit, not Cebu
        ("0702260001", R7, "0702260000", "0702260000"),  # barangay: its city's roll-up
        ("0702230000", R7, "0702230000", "0702230000"),  # independent component city: its own unit
        ("0703000000", R7, "0701200000", "0703000000"),  # municipality: its province
        ("0702200000", R7, "0702200000", None),  # a province has no city
        ("0803700000", R8, "0803700000", None),
        (R7, R7, None, None),  # a region is only a region
        ("1380600000", NCR, "1380600000", "1380600000"),  # Manila, under an NCR district
        ("1380601000", NCR, "1380600000", "1380600000"),  # a sub-municipality of Manila: Manila
        ("1381300000", NCR, "1381300000", "1381300000"),  # no province above it (NCR): itself
        ("1380100000", NCR, None, None),  # an NCR district is not a local government unit
    ],
)
def test_rollup_of_each_kind_of_area(psgc: str, region: str, province: str | None, city: str | None) -> None:
    """Region = the top of the parent chain; province = the first province or independent city up the
    chain, else (NCR) the city or municipality; city = the first city or municipality up the chain."""
    assert sample_masterlist().rollups()[psgc] == PlaceRollup(
        admin_region=region, province=province, city_municipality=city
    )


def test_psa_level_abbreviations_and_our_names_read_alike() -> None:
    """`Reg`, `Prov`, `City`, `Mun`, `SubMun`, `Bgy` and REGION, PROVINCE, ... are the same levels."""
    levels = {a.psgc: a.level for a in sample_masterlist().areas}
    assert levels["0300000000"] is levels[R7] is AreaLevel.REGION
    assert levels["0702260001"] is AreaLevel.BARANGAY
    assert levels["1380601000"] is AreaLevel.SUB_MUNICIPALITY


def _area(psgc: str, level: AreaLevel, parent: str | None = None, klass: CityClass | None = None) -> Area:
    return Area(psgc=psgc, label=f"area {psgc}", level=level, parent_psgc=parent, city_class=klass)


REGION = _area(R7, AreaLevel.REGION)
PROVINCE = _area("0702200000", AreaLevel.PROVINCE, R7)


@pytest.mark.parametrize(
    ("areas", "code", "reason"),
    [
        ((REGION, REGION), R7, "listed twice"),
        ((_area(R7, AreaLevel.REGION, "0800000000"),), R7, "a region has no parent"),
        ((REGION, _area("0702200000", AreaLevel.PROVINCE)), "0702200000", "every other area has one"),
        ((REGION, _area("0702200000", AreaLevel.PROVINCE, "0900000000")), "0702200000", "not in the list"),
        ((REGION, _area("0702200000", AreaLevel.PROVINCE, R7, CityClass.HUC)), "0702200000", "only a city"),
        (
            (
                REGION,
                PROVINCE,
                _area("0702200001", AreaLevel.BARANGAY, "0702200000"),
                _area("0702200002", AreaLevel.BARANGAY, "0702200001"),
            ),
            "0702200002",
            "a barangay cannot be a parent",
        ),
        (
            (
                REGION,
                _area("0702200000", AreaLevel.PROVINCE, "0702210000"),
                _area("0702210000", AreaLevel.CITY, "0702200000"),
            ),
            "0702200000",
            "cycle",
        ),
    ],
)
def test_a_list_that_is_no_hierarchy_is_refused(areas: tuple[Area, ...], code: str, reason: str) -> None:
    """Each area names a listed parent; only regions have none; no cycles; classes only on cities."""
    with pytest.raises(PsgcListError) as caught:
        PsgcList(version="2024Q4", areas=areas)
    assert caught.value.psgc == code
    assert reason in caught.value.reason


HEADER = "psgc,name,level,parent_psgc,city_class"


@pytest.mark.parametrize(
    ("rows", "line", "column"),
    [
        (["0700000000,Region VII,Barrio,,"], 2, "level"),
        (["070000000,Region VII,Reg,,"], 2, "psgc"),  # nine digits: a legacy code, or lost leading zero
        (["0700000000,,Reg,,"], 2, "name"),
        (["0700000000,Region VII,Reg,,", "0702200000,Cebu,Prov,700000000,"], 3, "parent_psgc"),
        (["0700000000,Region VII,Reg,,", "0702200000,Cebu,Prov,0700000000,XYZ"], 3, "city_class"),
        (["0700000000,Region VII,Reg,,", "0702200000,Cebu,Prov,0800000000,"], 3, "parent_psgc"),
        (["0700000000,Region VII,Reg,,", "0700000000,Region VII,Reg,,"], 3, "psgc"),
        (["0700000000,Region VII,Reg"], 2, "row"),
        ([], 2, "row"),
    ],
)
def test_file_errors_name_the_line_and_column(rows: list[str], line: int, column: str) -> None:
    """A bad row is refused with its line (the header is line 1) and the column to fix."""
    with pytest.raises(PsgcFileError) as caught:
        read_psgc_csv([HEADER, *rows], "2024Q4")
    assert (caught.value.line, caught.value.column) == (line, column)


def test_missing_column_and_bad_edition_are_refused() -> None:
    """The header must name every column; the edition is a year and quarter."""
    with pytest.raises(PsgcFileError, match="parent_psgc"):
        read_psgc_csv(["psgc,name,level,city_class", "0700000000,R7,Reg,"], "2024Q4")
    with pytest.raises(ValueError, match="year and quarter"):
        read_psgc_csv([HEADER, "0700000000,R7,Reg,,"], "2024")


def test_extra_columns_are_ignored() -> None:
    """A converted PSA datafile may keep its other columns (population, income class)."""
    masterlist = read_psgc_csv([HEADER + ",population", "0700000000,Region VII,Reg,,,8000000"], "2024Q4")
    assert masterlist.areas == (Area(psgc=R7, label="Region VII", level=AreaLevel.REGION),)
