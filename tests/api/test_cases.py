"""The case write and read path over HTTP: open, append, read, list, look up by docket."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest
from litestar.testing import AsyncTestClient
from tests.support.cases import events_body, open_body

from cpc_prosecution.domain.examples import EXAMPLES, plea_bargain_history

pytestmark = pytest.mark.db


@pytest.fixture
async def api(liaison: AsyncTestClient) -> AsyncTestClient:  # type: ignore[type-arg]
    """A liaison of the office that owns the example cases."""
    return liaison


async def _open(api: AsyncTestClient, history: list[Any], **extra: Any) -> str:  # type: ignore[type-arg]
    response = await api.post("/v1/cases", json=open_body(history, **extra))
    assert response.status_code == 201, response.text
    assert response.json()["version"] == 1
    case_id: str = response.json()["case_id"]
    return case_id


@pytest.mark.parametrize("name", sorted(EXAMPLES))
async def test_every_example_history_can_be_recorded_and_read_back(
    api: AsyncTestClient,  # type: ignore[type-arg]
    name: str,
) -> None:
    """Open with the detection, append the rest in one request; GET returns the same history and summary."""
    history = EXAMPLES[name]()
    case_id = await _open(api, history)
    appended = await api.post(f"/v1/cases/{case_id}/events", json=events_body(history[1:], 1))
    assert appended.status_code == 201, appended.text
    assert appended.json()["version"] == len(history)
    assert appended.json()["appended"] == list(range(2, len(history) + 1))
    got = await api.get(f"/v1/cases/{case_id}")
    assert got.status_code == 200, got.text
    body = got.json()
    assert body["version"] == len(history)
    assert [entry["seq"] for entry in body["timeline"]] == list(range(1, len(history) + 1))
    assert body["summary"]["case_id"] == case_id
    assert body["summary"]["events_applied"] == len(history)


async def test_a_stale_version_is_a_409_with_the_current_version_and_stores_nothing(
    api: AsyncTestClient,  # type: ignore[type-arg]
) -> None:
    """Appending at an old version fails with the version the case is at now."""
    history = plea_bargain_history()
    case_id = await _open(api, history)
    assert (await api.post(f"/v1/cases/{case_id}/events", json=events_body(history[1:3], 1))).status_code == 201
    stale = await api.post(f"/v1/cases/{case_id}/events", json=events_body(history[3:4], 1))
    assert stale.status_code == 409
    assert stale.headers["content-type"].startswith("application/problem+json")
    assert stale.json()["current_version"] == 3
    assert (await api.get(f"/v1/cases/{case_id}")).json()["version"] == 3


async def test_an_illegal_event_is_a_422_naming_the_stage_and_the_events_allowed_next(
    api: AsyncTestClient,  # type: ignore[type-arg]
) -> None:
    """Promulgating a judgment right after detection is refused; nothing is stored."""
    history = plea_bargain_history()
    case_id = await _open(api, history)
    promulgation = next(e for e in history if type(e).__name__ == "Promulgation")
    refused = await api.post(f"/v1/cases/{case_id}/events", json=events_body([promulgation], 1))
    assert refused.status_code == 422, refused.text
    problem = refused.json()
    assert problem["current_stage"] == "DETECTION"
    assert problem["event_type"] == "promulgation"
    assert "arrest" in problem["allowed_next"]
    assert problem["event_seq"] == 2
    assert (await api.get(f"/v1/cases/{case_id}")).json()["version"] == 1


async def test_an_event_dated_before_detection_is_a_422(api: AsyncTestClient) -> None:  # type: ignore[type-arg]
    """Date order: nothing may precede the detection; the body names both dates."""
    history = plea_bargain_history()
    case_id = await _open(api, history)
    early = events_body(history[1:2], 1)
    early["events"][0]["occurred_on"] = "2000-01-01"
    refused = await api.post(f"/v1/cases/{case_id}/events", json=early)
    assert refused.status_code == 422, refused.text
    assert refused.json()["occurred_on"] == "2000-01-01"


async def test_a_smuggled_personal_field_is_a_400_and_nothing_is_stored(
    api: AsyncTestClient,  # type: ignore[type-arg]
) -> None:
    """No event has a name field; adding one is rejected naming the field."""
    history = plea_bargain_history()
    case_id = await _open(api, history)
    body = events_body(history[1:2], 1)
    body["events"][0]["victim_name"] = "Maria"
    refused = await api.post(f"/v1/cases/{case_id}/events", json=body)
    assert refused.status_code == 400
    assert "victim_name" in refused.json()["detail"]
    assert (await api.get(f"/v1/cases/{case_id}")).json()["version"] == 1


async def test_the_same_idempotency_key_replays_the_first_response(api: AsyncTestClient) -> None:  # type: ignore[type-arg]
    """A retry returns the first response and stores nothing; reusing the key for another body is a 422."""
    history = plea_bargain_history()
    headers = {"Idempotency-Key": "open-0001-retry-test"}
    first = await api.post("/v1/cases", json=open_body(history), headers=headers)
    retry = await api.post("/v1/cases", json=open_body(history), headers=headers)
    other_docket = [{"kind": "nps", "scope_id": "OCP-0702-LLC", "number": "NPS 2024-OTHER"}]
    other = await api.post("/v1/cases", json=open_body(history, dockets=other_docket), headers=headers)
    assert first.status_code == retry.status_code == 201
    assert first.json() == retry.json()
    assert other.status_code == 422
    listed = (await api.get("/v1/cases", params={"limit": 200})).json()["items"]
    assert sum(item["case_id"] == first.json()["case_id"] for item in listed) == 1


async def test_docket_numbers_find_their_case_and_are_never_echoed(api: AsyncTestClient) -> None:  # type: ignore[type-arg]
    """Lookup by NPS docket (office scope) and by criminal case number (court scope) once the case is
    raffled; another office's scope does not find it; a number held by another case is a 409; numbers
    are only registered in the case's own office and its own court."""
    history = plea_bargain_history()
    nps = {"kind": "nps", "scope_id": "OCP-0702-LLC", "number": "NPS XV-07-INV-24A-00123"}
    case_id = await _open(api, history, dockets=[nps])
    raffled = next(i for i, e in enumerate(history) if type(e).__name__ == "Raffle") + 1
    assert (await api.post(f"/v1/cases/{case_id}/events", json=events_body(history[1:raffled], 1))).status_code == 201
    court = {"kind": "criminal_case", "scope_id": "RTC-R7-LLC-FC54", "number": "R-CEB-24-01234-CR"}
    added = await api.post(f"/v1/cases/{case_id}/dockets", json=court)
    assert added.status_code == 201, added.text
    by_nps = await api.get("/v1/cases/lookup", params={"office": "OCP-0702-LLC", "docket": "nps xv-07-inv-24a-00123"})
    by_court = await api.get("/v1/cases/lookup", params={"court": court["scope_id"], "docket": court["number"]})
    elsewhere = await api.get("/v1/cases/lookup", params={"office": "OPP-0722-CEB", "docket": nps["number"]})
    assert by_nps.json()["case_id"] == by_court.json()["case_id"] == case_id
    assert elsewhere.status_code == 404
    assert "00123" not in elsewhere.text
    other_case = await _open(api, history)
    taken = await api.post(f"/v1/cases/{other_case}/dockets", json=nps)
    not_its_court = await api.post(f"/v1/cases/{other_case}/dockets", json=court)
    other_office = await api.post(f"/v1/cases/{other_case}/dockets", json={**nps, "scope_id": "OPP-0722-CEB"})
    assert taken.status_code == 409
    assert not_its_court.status_code == 422
    assert other_office.status_code == 422


async def test_unknown_query_parameters_are_a_400(api: AsyncTestClient) -> None:  # type: ignore[type-arg]
    """A misspelt filter must not silently return every case."""
    response = await api.get("/v1/cases", params={"ofice": "OCP-0702-LLC"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "query.ofice"


async def test_the_openapi_examples_are_requests_the_api_accepts(api: AsyncTestClient) -> None:  # type: ignore[type-arg]
    """Every /v1 operation has an operationId; the documented open-case and append examples succeed
    when posted as they are."""
    schema = (await api.get("/schema/openapi.json")).json()
    operations = {(path, method): op for path, item in schema["paths"].items() for method, op in item.items()}
    assert all(op.get("operationId") for op in operations.values())

    def example(path: str) -> dict[str, Any]:
        content = operations[(path, "post")]["requestBody"]["content"]["application/json"]
        value: dict[str, Any] = content["schema"]["examples"][0]
        return value

    opened = await api.post("/v1/cases", json=example("/v1/cases"))
    assert opened.status_code == 201, opened.text
    case_id = opened.json()["case_id"]
    appended = await api.post(f"/v1/cases/{case_id}/events", json=example("/v1/cases/{case_id}/events"))
    assert appended.status_code == 201, appended.text
    assert "409" in operations[("/v1/cases/{case_id}/events", "post")]["responses"]


async def test_more_than_100_events_in_one_request_is_a_400(api: AsyncTestClient) -> None:  # type: ignore[type-arg]
    """Array lengths are bounded: a client splits a long history into requests of at most 100 events."""
    history = plea_bargain_history()
    case_id = await _open(api, history)
    body = events_body(history[1:2] * 101, 1)
    refused = await api.post(f"/v1/cases/{case_id}/events", json=body)
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "events"
    assert "length <= 100" in refused.json()["errors"][0]["reason"]


async def test_a_detection_outside_its_hotspot_designation_is_a_422(api: AsyncTestClient) -> None:  # type: ignore[type-arg]
    """Found by fuzzing: a detection dated before its hotspot was designated is the client's error."""
    body = open_body(plea_bargain_history())
    body["first_event"]["occurred_on"] = "2012-09-12"
    refused = await api.post("/v1/cases", json=body)
    assert refused.status_code == 422, refused.text
    assert refused.json()["field"] == "first_event"
    assert "hotspot" in refused.json()["reason"]


async def test_a_detection_naming_another_case_is_refused(api: AsyncTestClient) -> None:  # type: ignore[type-arg]
    """Found in review: a supersession whose replacement detection carries another case's id must not
    reach that case's summary (which decides who may see it)."""
    history = plea_bargain_history()
    victim = await _open(api, history)
    attacker = await _open(api, history)
    replacement = msgspec.to_builtins(history[0])
    replacement["case_id"] = victim
    body = {
        "expected_version": 1,
        "events": [
            {
                "type": "supersession",
                "occurred_on": history[0].occurred_on.isoformat(),
                "target_seq": 1,
                "reason": "DATA_ENTRY_ERROR",
                "replacement": replacement,
            }
        ],
    }
    refused = await api.post(f"/v1/cases/{attacker}/events", json=body)
    assert refused.status_code == 422, refused.text
    assert refused.json()["field"] == "events[0].replacement.case_id"
    assert (await api.get(f"/v1/cases/{victim}")).json()["summary"]["case_id"] == victim


async def test_a_future_date_inside_a_supersession_is_refused(api: AsyncTestClient) -> None:  # type: ignore[type-arg]
    """Found in review: the replacement's date is checked like any event's."""
    history = plea_bargain_history()
    case_id = await _open(api, history)
    second = msgspec.to_builtins(history[1])
    assert (await api.post(f"/v1/cases/{case_id}/events", json=events_body(history[1:2], 1))).status_code == 201
    later = {**second, "occurred_on": "2099-01-01"}
    body = {
        "expected_version": 2,
        "events": [
            {
                "type": "supersession",
                "occurred_on": "2020-01-01",
                "target_seq": 2,
                "reason": "DATA_ENTRY_ERROR",
                "replacement": later,
            }
        ],
    }
    refused = await api.post(f"/v1/cases/{case_id}/events", json=body)
    assert refused.status_code == 422, refused.text
    assert refused.json()["field"] == "events[0].replacement.occurred_on"
