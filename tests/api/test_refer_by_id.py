"""Events name offices, courts and hotspots by their registered id; what is stored is the registered
record. Each of the five fields (`hotspot`, `office`, `court`, `to_office`, `to_court`) is posted by
id, in an opening and in appends, a supersession's replacement included; the history read back holds
the full records. An unknown id stores nothing."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest
from litestar.testing import AsyncTestClient

from cpc_prosecution.domain import (
    CaseEvent,
    PreliminaryInvestigation,
    Supersession,
    Transfer,
)
from cpc_prosecution.domain.examples import ALL_EXAMPLES, CITY_OFFICE, PROVINCIAL_OFFICE, plea_bargain_history
from cpc_prosecution.domain.examples.reference import day
from cpc_prosecution.domain.reference_book import by_id
from cpc_prosecution.domain.vocab import CorrectionReason, PiBasis, TransferReason

pytestmark = pytest.mark.db

Client = AsyncTestClient  # type: ignore[type-arg]
_RECORD_FIELDS = ("office_type", "judicial_region", "designated_by")  # only a whole record carries these


def _sent(events: list[CaseEvent]) -> list[dict[str, Any]]:
    body: list[dict[str, Any]] = msgspec.json.decode(msgspec.json.encode([by_id(e) for e in events]))
    assert not any(f in msgspec.json.encode(body).decode() for f in _RECORD_FIELDS)  # ids only
    return body


async def _record_by_id(api: Client, history: list[CaseEvent]) -> tuple[str, list[dict[str, Any]]]:
    """Open the case with its detection sent by id, append the rest by id; the stored timeline."""
    first = _sent(history[:1])[0]
    del first["case_id"], first["type"]
    opened = await api.post("/v1/cases", json={"office_id": CITY_OFFICE.office_id, "first_event": first})
    assert opened.status_code == 201, opened.text
    case_id: str = opened.json()["case_id"]
    appended = await api.post(f"/v1/cases/{case_id}/events", json={"expected_version": 1, "events": _sent(history[1:])})
    assert appended.status_code == 201, appended.text
    got = await api.get(f"/v1/cases/{case_id}")
    assert got.status_code == 200, got.text
    return case_id, [entry["event"] for entry in got.json()["timeline"]]


def _stored_form(history: list[CaseEvent]) -> list[dict[str, Any]]:
    """The history as it must be stored: whole records; the detection's case id is the server's."""
    events: list[dict[str, Any]] = msgspec.json.decode(msgspec.json.encode(history))
    del events[0]["case_id"]
    return events


@pytest.mark.parametrize("name", sorted(ALL_EXAMPLES))
async def test_a_history_sent_by_id_is_stored_with_the_registered_records(liaison: Client, name: str) -> None:
    """Every example history (hotspot, inquest and PI office, raffle court, transfer court among them),
    posted naming references by id, reads back as the same history with the full registered records."""
    history = ALL_EXAMPLES[name]()
    case_id, stored = await _record_by_id(liaison, history)
    assert stored[0].pop("case_id") == case_id
    assert stored == _stored_form(history)


async def test_a_transfer_to_an_office_and_its_superseding_replacement_are_resolved(liaison: Client) -> None:
    """`to_office` by id, and a supersession whose replacement names an office by id: both stored as
    the registered records (the replacement too)."""
    detection = plea_bargain_history()[0]
    history: list[CaseEvent] = [
        detection,
        PreliminaryInvestigation(occurred_on=day("2019-10-03"), office=CITY_OFFICE, basis=PiBasis.COMPLAINT),
        Transfer(occurred_on=day("2019-10-08"), reason=TransferReason.REASSIGNMENT, to_office=PROVINCIAL_OFFICE),
        Supersession(
            occurred_on=day("2019-10-09"),
            target_seq=3,
            replacement=Transfer(
                occurred_on=day("2019-10-08"), reason=TransferReason.INHIBITION, to_office=CITY_OFFICE
            ),
            reason=CorrectionReason.DATA_ENTRY_ERROR,
        ),
    ]
    _, stored = await _record_by_id(liaison, history)
    assert stored[1:] == _stored_form(history)[1:]
    assert stored[2]["to_office"] == msgspec.to_builtins(PROVINCIAL_OFFICE)
    assert stored[3]["replacement"]["to_office"] == msgspec.to_builtins(CITY_OFFICE)


async def test_an_unknown_id_stores_nothing(liaison: Client) -> None:
    """A near-miss court id in an append, or hotspot id in an opening: 422 naming the field; the case
    stays at its version and no case is opened."""
    history = plea_bargain_history()
    case_id, _ = await _record_by_id(liaison, history[:8])
    raffle = _sent(history[8:9])
    assert raffle[0]["type"] == "raffle"
    raffle[0]["court"] = "RTC-R7-LLC-FC45"
    refused = await liaison.post(f"/v1/cases/{case_id}/events", json={"expected_version": 8, "events": raffle})
    assert refused.status_code == 422, refused.text
    assert refused.json()["field"] == "events[0].court"
    assert (await liaison.get(f"/v1/cases/{case_id}")).json()["version"] == 8
    before = len((await liaison.get("/v1/cases", params={"limit": 200})).json()["items"])
    first = _sent(history[:1])[0]
    del first["case_id"], first["type"]
    first["hotspot"] = "HS-0702260000-2081"
    opened = await liaison.post("/v1/cases", json={"office_id": CITY_OFFICE.office_id, "first_event": first})
    assert opened.status_code == 422, opened.text
    assert opened.json()["field"] == "first_event.hotspot"
    assert len((await liaison.get("/v1/cases", params={"limit": 200})).json()["items"]) == before


@pytest.mark.parametrize(
    ("event_type", "field", "listing"),
    [
        ("Detection", "hotspot", "/v1/hotspots"),
        ("Inquest", "office", "/v1/offices"),
        ("PreliminaryInvestigation", "office", "/v1/offices"),
        ("Raffle", "court", "/v1/courts"),
        ("Transfer", "to_office", "/v1/offices"),
        ("Transfer", "to_court", "/v1/courts"),
    ],
)
async def test_the_openapi_offers_the_id_first_and_says_where_ids_are_listed(
    client: Client, event_type: str, field: str, listing: str
) -> None:
    """Each reference field is documented as a string (the id) first, then the record, with where the
    registered ids are listed and that the record adds nothing."""
    schemas = (await client.get("/schema/openapi.json")).json()["components"]["schemas"]
    prop = schemas[next(k for k in schemas if k.split("_")[-1] == event_type)]["properties"][field]
    assert prop["oneOf"][0] == {"type": "string"}
    assert prop["oneOf"][1]["$ref"].rsplit("/", 1)[1] in {"ProsecutionOffice", "Court", "Hotspot"}
    assert listing in prop["description"]
    assert "adds nothing to the id" in prop["description"]
