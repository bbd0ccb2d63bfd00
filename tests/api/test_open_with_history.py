"""`POST /v1/cases` takes the detection in the same tagged shape as an append, and may carry the events
that followed it: the case is opened with its whole history in one request, all or nothing, with the
same idempotency rules as any write."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest
from litestar.testing import AsyncTestClient
from tests.support.cases import events_body, open_body

from cpc_prosecution.domain.examples import CITY_OFFICE, EXAMPLES, plea_bargain_history

pytestmark = pytest.mark.db

Client = AsyncTestClient  # type: ignore[type-arg]


def _with_history(history: list[Any], **extra: Any) -> dict[str, Any]:
    return open_body(history, events=msgspec.to_builtins(history[1:]), **extra)


async def _case_count(api: Client) -> int:
    page = await api.get("/v1/cases", params={"limit": 200})
    assert page.status_code == 200, page.text
    return len(page.json()["items"])


async def test_the_first_event_may_carry_the_detection_tag_as_in_an_append(liaison: Client) -> None:
    """`"type": "detection"` in `first_event` is accepted (the shape an event encoder writes for an
    append, without `case_id`); another event's tag is a 400 naming the field; no tag still works."""
    history = plea_bargain_history()
    tagged = open_body(history)
    tagged["first_event"] = {"type": "detection", **tagged["first_event"]}
    opened = await liaison.post("/v1/cases", json=tagged)
    assert opened.status_code == 201, opened.text
    assert opened.json()["version"] == 1
    wrong = open_body(history)
    wrong["first_event"] = {"type": "arrest", **wrong["first_event"]}
    refused = await liaison.post("/v1/cases", json=wrong)
    assert refused.status_code == 400
    assert "first_event" in refused.text
    assert (await liaison.post("/v1/cases", json=open_body(history))).status_code == 201


@pytest.mark.parametrize("name", ["plea_bargain", "acquittal", "remand_after_appeal"])
async def test_a_case_opened_with_its_history_equals_one_opened_then_appended(liaison: Client, name: str) -> None:
    """Opening with the detection, every later event and a docket number gives version n, the timeline
    1..n and the docket, and the same summary and clocks as opening with the detection alone and
    appending the rest."""
    history = EXAMPLES[name]()
    docket = {"kind": "nps", "scope_id": CITY_OFFICE.office_id, "number": f"NPS-{name}"}
    whole = await liaison.post("/v1/cases", json=_with_history(history, dockets=[docket]))
    assert whole.status_code == 201, whole.text
    found = await liaison.get("/v1/cases/lookup", params={"office": CITY_OFFICE.office_id, "docket": docket["number"]})
    assert found.json()["case_id"] == whole.json()["case_id"]
    assert whole.json()["version"] == len(history)
    stepwise = (await liaison.post("/v1/cases", json=open_body(history))).json()["case_id"]
    appended = await liaison.post(f"/v1/cases/{stepwise}/events", json=events_body(history[1:], 1))
    assert appended.status_code == 201, appended.text
    one = (await liaison.get(f"/v1/cases/{whole.json()['case_id']}")).json()
    two = (await liaison.get(f"/v1/cases/{stepwise}")).json()
    assert [e["seq"] for e in one["timeline"]] == list(range(1, len(history) + 1))
    assert [e["event"] for e in one["timeline"][1:]] == [e["event"] for e in two["timeline"][1:]]
    assert {**one["summary"], "case_id": None} == {**two["summary"], "case_id": None}
    assert one["deadlines"] == two["deadlines"]


async def test_an_illegal_event_in_the_history_stores_nothing(liaison: Client) -> None:
    """One event out of place (here the history's last event moved right after the detection) is a 422
    naming its position (seq), and no case is created."""
    history = plea_bargain_history()
    before = await _case_count(liaison)
    body = open_body(history, events=msgspec.to_builtins([history[-1], *history[1:-1]]))
    refused = await liaison.post("/v1/cases", json=body)
    after = await _case_count(liaison)
    assert refused.status_code == 422, refused.text
    assert refused.json()["event_seq"] == 2
    assert after == before


async def test_opening_with_history_replays_under_its_idempotency_key(liaison: Client) -> None:
    """The same request with the same key is answered with the first response and stores nothing more;
    the same key with another history is a 422."""
    history = plea_bargain_history()
    headers = {"Idempotency-Key": "open-with-history-1"}
    first = await liaison.post("/v1/cases", json=_with_history(history), headers=headers)
    before = await _case_count(liaison)
    again = await liaison.post("/v1/cases", json=_with_history(history), headers=headers)
    other = await liaison.post("/v1/cases", json=_with_history(history[:-1]), headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert await _case_count(liaison) == before
    assert other.status_code == 422


async def test_the_documented_open_with_history_example_is_accepted(liaison: Client) -> None:
    """The OpenAPI's second example for `POST /v1/cases` (tagged detection plus later events) succeeds
    as it is, at the version its events give."""
    schema = (await liaison.get("/schema/openapi.json")).json()
    body = schema["paths"]["/v1/cases"]["post"]["requestBody"]["content"]["application/json"]
    example = body["schema"]["examples"][1]
    assert example["first_event"]["type"] == "detection"
    opened = await liaison.post("/v1/cases", json=example)
    assert opened.status_code == 201, opened.text
    assert opened.json()["version"] == 1 + len(example["events"])
