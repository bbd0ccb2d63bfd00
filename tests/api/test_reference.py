"""Reference data over HTTP: strict input, identifiers only, 409 on duplicates."""

from __future__ import annotations

import datetime as dt

import asyncpg
import msgspec
import pytest
from litestar.testing import AsyncTestClient
from tests.support.psgc import sample_masterlist

from cpc_prosecution.domain import CaseType, Detection, ReferralSource
from cpc_prosecution.services.errors import InvalidInput
from cpc_prosecution.services.references_in_events import check_event_references
from cpc_prosecution.store.pool import register_codecs
from cpc_prosecution.store.psgc import replace_psgc_list

pytestmark = pytest.mark.db

OFFICE = {"office_id": "OCP-CEBU-CITY", "office_type": "CITY", "psgc": "0730600000"}
COURT = {
    "court_id": "RTC-R7-CEBU-FC-10",
    "judicial_region": "R7",
    "station_psgc": "0730600000",
    "branch_label": "Family Court Branch 10",
    "designation": "FAMILY",
}
HOTSPOT = {
    "hotspot_id": "HS-LAPULAPU-2018",
    "psgc": "0731100000",
    "designated_by": "PNP_WCPC",
    "basis": "CYBERTIP_CONCENTRATION",
    "valid_from": "2018-01-01",
    "valid_to": None,
}


@pytest.mark.parametrize(("path", "body"), [("/v1/offices", OFFICE), ("/v1/courts", COURT), ("/v1/hotspots", HOTSPOT)])
async def test_a_reference_record_is_created_once_and_listed(
    admin: AsyncTestClient,  # type: ignore[type-arg]
    path: str,
    body: dict[str, object],
) -> None:
    """POST returns 201 with the record; a second POST with the same id is a 409 problem; GET lists it."""
    created = await admin.post(path, json=body)
    again = await admin.post(path, json=body)
    listed = await admin.get(path)
    assert created.status_code == 201, created.text
    assert created.json() == body
    assert again.status_code == 409
    assert again.headers["content-type"].startswith("application/problem+json")
    assert body in listed.json()


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"office_name": "Office of the City Prosecutor"}, "$", "unknown field `office_name`"),
        ({"psgc": "73060000"}, "psgc", "a PSGC code of 10 digits"),
        ({"office_type": "MUNICIPAL"}, "office_type", "Invalid enum value 'MUNICIPAL'"),
        ({"office_id": None}, "office_id", "Expected `str`, got `null`"),
    ],
)
async def test_bad_input_is_a_400_naming_the_field_and_nothing_is_stored(
    admin: AsyncTestClient,  # type: ignore[type-arg]
    change: dict[str, object],
    field: str,
    reason: str,
) -> None:
    """Unknown fields (a name smuggled in), bad codes and wrong types are refused with field and reason."""
    body = {**OFFICE, "office_id": "OCP-BAD-INPUT", **change}
    response = await admin.post("/v1/offices", json=body)
    assert response.status_code == 400
    problem = response.json()
    assert response.headers["content-type"].startswith("application/problem+json")
    assert problem["errors"][0]["field"] == field
    assert reason in problem["errors"][0]["reason"]
    listed = await admin.get("/v1/offices")
    assert all(o["office_id"] != "OCP-BAD-INPUT" for o in listed.json())


async def test_an_oversized_body_is_a_413(admin: AsyncTestClient) -> None:  # type: ignore[type-arg]
    """Bodies over the limit are refused before they are parsed."""
    response = await admin.post(
        "/v1/offices", content=b"{" + b" " * (300 * 1024) + b"}", headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_offence_codes_and_legal_clocks_are_listed(admin: AsyncTestClient) -> None:  # type: ignore[type-arg]
    """The seeded vocabularies are served, repealed codes included, each clock with its legal source."""
    offences = (await admin.get("/v1/offence-codes")).json()
    clocks = (await admin.get("/v1/legal-clocks")).json()
    by_code = {o["code"]: o for o in offences}
    assert by_code["RA9208-6"]["statute"] == "RA 9208"
    assert any(o["code"].startswith("RA9775") and o["valid_to"] == "2022-07-30" for o in offences)
    rules = {c["rule_id"]: c for c in clocks}
    assert rules["TIP_DECIDE_180"]["limit"] == 180
    assert "151-2010" in rules["TIP_DECIDE_180"]["legal_source"]


@pytest.mark.parametrize(
    ("path", "body", "field", "reason"),
    [
        ("/v1/courts", {**COURT, "court_id": "Maria.Clara.Santos.2011-03-04"}, "court_id", "must be a code"),
        ("/v1/courts", {**COURT, "court_id": "RTC-R7-SANTOS-2011-03-04"}, "court_id", "a date"),
        ("/v1/courts", {**COURT, "court_id": "RTC-R7-X1", "branch_label": "Maria Clara Santos"}, "branch_label", ""),
        ("/v1/hotspots", {**HOTSPOT, "hotspot_id": "12-Rizal-St-Malate"}, "hotspot_id", "must be a code"),
        ("/v1/hotspots", {**HOTSPOT, "hotspot_id": "HS-12-Rizal-St-Malate"}, "hotspot_id", "a street address"),
        ("/v1/offices", {**OFFICE, "office_id": "OCP-09171234567"}, "office_id", "a phone number"),
    ],
)
async def test_ids_and_labels_with_personal_data_are_a_422_naming_the_field(
    admin: AsyncTestClient,  # type: ignore[type-arg]
    path: str,
    body: dict[str, object],
    field: str,
    reason: str,
) -> None:
    """An id that is not a code of its kind, or an id or branch label shaped like a name with a date,
    a street address or a phone number, is refused with 422 naming the field; nothing is stored."""
    response = await admin.post(path, json=body)
    assert response.status_code == 422, response.text
    problem = response.json()
    assert problem["field"] == field
    assert reason in problem["detail"]
    ids = {str(item.get(field.replace("branch_label", "court_id"))) for item in (await admin.get(path)).json()}
    assert str(body[field.replace("branch_label", "court_id")]) not in ids


async def test_a_place_outside_the_loaded_masterlist_is_refused(database_url: str) -> None:
    """Once a PSGC masterlist is loaded, an event's place_psgc must be one of its areas (422 naming
    the field); before, any code of the right shape passes."""
    conn = await asyncpg.connect(database_url)
    try:
        await register_codecs(conn)
        listed = sample_masterlist().areas[-1].psgc
        detection = Detection(
            occurred_on=dt.date(2022, 8, 1),
            case_id="EX-PLACE-1",
            case_type=CaseType.OSEC,
            referral_source=ReferralSource.HOTLINE,
            place_psgc="0799990000",
        )
        async with conn.transaction():
            await conn.execute("DELETE FROM psgc_area")
            await check_event_references(conn, [detection])  # no masterlist: the shape suffices
            await replace_psgc_list(conn, sample_masterlist())
            await check_event_references(conn, [msgspec.structs.replace(detection, place_psgc=listed)])
            with pytest.raises(InvalidInput) as refused:
                await check_event_references(conn, [detection])
            assert refused.value.field == "events[0].place_psgc"
            raise _Rollback
    except _Rollback:
        pass
    finally:
        await conn.close()


class _Rollback(Exception):
    """Leaves the module's database as it was."""
