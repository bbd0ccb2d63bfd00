"""The OpenAPI document carries one valid example append for every event type, and each is accepted
when posted, as served, in lifecycle order of the example history it comes from."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest
from litestar.testing import AsyncTestClient
from tests.support.cases import events_body

from cpc_api.openapi_examples import EVENT_EXAMPLES, EXAMPLE_HISTORIES
from cpc_prosecution.domain import TYPE_OF

pytestmark = pytest.mark.db

_APPEND = "/v1/cases/{case_id}/events"


async def _served_examples(api: AsyncTestClient) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:  # type: ignore[type-arg]
    """The open-case example and the single-event append examples by event type, from /schema/openapi.json."""
    schema = (await api.get("/schema/openapi.json")).json()

    def examples(path: str) -> list[dict[str, Any]]:
        content = schema["paths"][path]["post"]["requestBody"]["content"]["application/json"]
        found: list[dict[str, Any]] = content["schema"]["examples"]
        return found

    opening = examples("/v1/cases")[0]
    appends = {e["events"][0]["type"]: e for e in examples(_APPEND) if len(e["events"]) == 1}
    return opening, appends


async def test_every_event_type_has_an_example_in_the_openapi(liaison: AsyncTestClient) -> None:  # type: ignore[type-arg]
    """Detection is the open-case example; every other event type (facts and corrections) has an append
    example of exactly that event."""
    opening, appends = await _served_examples(liaison)
    assert opening["first_event"]["case_type"]
    assert set(appends) == set(TYPE_OF) - {"detection"}
    assert len(TYPE_OF) == 35


async def test_each_event_example_is_accepted_in_lifecycle_order(liaison: AsyncTestClient) -> None:  # type: ignore[type-arg]
    """For each example history, open the case, then append its events one at a time in order; where an
    event is a type's OpenAPI example, post the example exactly as served: each is accepted (201), so
    every type's example is a valid request at its place in a lifecycle."""
    _, appends = await _served_examples(liaison)
    by_place = {(e.history, e.seq): e.event_type for e in EVENT_EXAMPLES.values()}
    accepted: list[str] = []
    for name, build in EXAMPLE_HISTORIES.items():
        last = max((seq for history, seq in by_place if history == name), default=0)
        if not last:
            continue
        history = build()
        first = msgspec.to_builtins(history[0])
        del first["case_id"], first["type"]
        opened = await liaison.post("/v1/cases", json={"office_id": "OCP-0702-LLC", "first_event": first})
        assert opened.status_code == 201, opened.text
        url = _APPEND.format(case_id=opened.json()["case_id"])
        for seq in range(2, last + 1):
            tag = by_place.get((name, seq))
            body = appends[tag] if tag is not None else events_body(history[seq - 1 : seq], seq - 1)
            response = await liaison.post(url, json=body)
            assert response.status_code == 201, (name, seq, tag, response.text)
            if tag is not None:
                accepted.append(tag)
    assert sorted(accepted) == sorted(set(TYPE_OF) - {"detection"})


async def test_the_examples_name_offices_courts_and_hotspots_by_id(liaison: AsyncTestClient) -> None:  # type: ignore[type-arg]
    """Every example that names an office, a court or a hotspot names it by its registered id (a string),
    the form to send; no example carries a whole reference record."""
    opening, appends = await _served_examples(liaison)
    assert opening["first_event"]["hotspot"] == "HS-0702260000-2018"
    named = {
        field: event[field]
        for example in appends.values()
        for event in example["events"]
        for field in ("office", "court", "to_office", "to_court")
        if event.get(field) is not None
    }
    assert set(named) == {"office", "court", "to_court"}
    assert all(isinstance(value, str) for value in named.values()), named
    text = msgspec.json.encode([opening, *appends.values()]).decode()
    assert not any(key in text for key in ('"office_type"', '"judicial_region"', '"designated_by"'))
