"""The PSGC masterlist over HTTP: the areas and roll-ups that label place breakdowns."""

from __future__ import annotations

import asyncpg
import pytest
from tests.api.conftest import open_client
from tests.support.keys import Tokens
from tests.support.psgc import SAMPLE_EDITION, sample_masterlist

from cpc_prosecution.store.psgc import replace_psgc_list

pytestmark = pytest.mark.db


async def _load(database_url: str) -> None:
    conn = await asyncpg.connect(database_url)
    try:
        await replace_psgc_list(conn, sample_masterlist())
    finally:
        await conn.close()


async def test_places_are_empty_until_a_masterlist_is_loaded(database_url: str, tokens: Tokens) -> None:
    """No edition loaded: an empty list, not an error."""
    async with open_client(database_url, tokens.analyst_city) as analyst:
        response = await analyst.get("/v1/places")
    assert response.status_code == 200, response.text
    assert response.json() == []


async def test_loaded_areas_are_listed_with_their_rollup(database_url: str, tokens: Tokens) -> None:
    """Each area carries its label, level, parent, roll-up and edition; without filters barangays are
    left out; `level` and `parent` filter."""
    await _load(database_url)
    async with open_client(database_url, tokens.liaison_city) as liaison:
        everything = (await liaison.get("/v1/places")).json()
        regions = (await liaison.get("/v1/places", params={"level": "REGION"})).json()
        in_lapu_lapu = (await liaison.get("/v1/places", params={"parent": "0702260000"})).json()
    assert len(everything) == len(sample_masterlist().areas) - 1  # the one barangay
    assert [a["psgc"] for a in regions] == ["0300000000", "0700000000", "0800000000", "1300000000"]
    lapu_lapu = next(a for a in everything if a["psgc"] == "0702260000")
    assert lapu_lapu == {
        "psgc": "0702260000",
        "label": "Lapu-Lapu City (fixture)",
        "level": "CITY",
        "parent_psgc": "0702200000",
        "city_class": "HUC",
        "admin_region": "0700000000",
        "province": "0702260000",
        "city_municipality": "0702260000",
        "psgc_version": SAMPLE_EDITION,
    }
    assert [a["level"] for a in in_lapu_lapu] == ["BARANGAY"]


@pytest.mark.parametrize(
    ("params", "status", "field"),
    [
        ({"level": "BARANGAY"}, 422, "parent"),
        ({"level": "VILLAGE"}, 400, "level"),
        ({"parent": "07022600"}, 400, "parent"),
        ({"region": "0700000000"}, 400, "query.region"),
    ],
)
async def test_bad_place_queries_name_the_parameter(
    database_url: str, tokens: Tokens, params: dict[str, str], status: int, field: str
) -> None:
    """Unknown levels, malformed codes, unknown parameters and all barangays at once are refused."""
    async with open_client(database_url, tokens.analyst_city) as analyst:
        response = await analyst.get("/v1/places", params=params)
    assert response.status_code == status, response.text
    body = response.json()
    named = body.get("field") or body["errors"][0]["field"]
    assert field in named


async def test_viewers_do_not_read_reference_data(database_url: str, tokens: Tokens) -> None:
    """Viewers read published releases only."""
    async with open_client(database_url, tokens.viewer) as viewer:
        assert (await viewer.get("/v1/places")).status_code == 403
