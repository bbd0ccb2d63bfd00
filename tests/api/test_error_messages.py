"""Errors a person can act on: every 400/422 names the field (its JSON path, or the query parameter as
sent) and says what is allowed: the valid codes (and the closest one to a near miss), the date form,
the pattern in words. Problem `type` URIs are served by the API itself."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import msgspec
import pytest
from litestar.testing import AsyncTestClient
from tests.support.cases import events_body, open_body

from cpc_api import errors
from cpc_api.controllers.problems import PROBLEM_TYPES
from cpc_prosecution.domain.examples import plea_bargain_history

pytestmark = pytest.mark.db

_HISTORY = plea_bargain_history()
_OPEN = open_body(_HISTORY)
#: Events 2..9 (build-up to raffle), appended at version 1; indices in _APPEND["events"]:
_APPEND = events_body(_HISTORY[1:9], 1)
_ARREST, _INQUEST, _RESOLUTION, _RAFFLE = 2, 4, 5, 7


def _body(base: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    """`base` with the value at `path` replaced (deleted when value is ...)."""
    body: dict[str, Any] = msgspec.json.decode(msgspec.json.encode(base))
    node = body
    for key in path[:-1]:
        node = node[key]
    if value is ...:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return body


def _event(index: int, field: str, value: Any) -> dict[str, Any]:
    return _body(_APPEND, ("events", index, field), value)


# (name, method, url ("{case}": a case opened for the test), body, status, field, [texts the answer must hold])
MISTAKES: list[tuple[str, str, str, Any, int, str, list[str]]] = [
    (
        "enum typo in an event",
        "POST",
        "/v1/cases/{case}/events",
        _event(_RESOLUTION, "disposition", "FILE_INFORMATON"),
        400,
        "events[5].disposition",
        ["did you mean `FILE_INFORMATION`", "DISMISS"],
    ),
    (
        "lower-case enum",
        "POST",
        "/v1/cases",
        _body(_OPEN, ("first_event", "case_type"), "osec"),
        400,
        "first_event.case_type",
        ["`OSEC`", "CHILD_LABOR_TRAFFICKING", "OTHER_TRAFFICKING"],
    ),
    (
        "enum value from another vocabulary",
        "POST",
        "/v1/cases",
        _body(_OPEN, ("first_event", "referral_source"), "POLICE"),
        400,
        "first_event.referral_source",
        ["allowed codes: NCMEC_CYBERTIP", "HOTLINE", "LABOR_INSPECTION"],
    ),
    (
        "date without a year",
        "POST",
        "/v1/cases/{case}/events",
        _event(_RESOLUTION, "occurred_on", "12-14"),
        400,
        "events[5].occurred_on",
        ["YYYY-MM-DD"],
    ),
    (
        "day/month/year date",
        "POST",
        "/v1/cases/{case}/events",
        _event(_RESOLUTION, "occurred_on", "14/12/2019"),
        400,
        "events[5].occurred_on",
        ["YYYY-MM-DD", "2019-12-14"],
    ),
    (
        "impossible date",
        "POST",
        "/v1/cases/{case}/events",
        _event(_RESOLUTION, "occurred_on", "2019-02-30"),
        400,
        "events[5].occurred_on",
        ["YYYY-MM-DD"],
    ),
    (
        "date-time without an offset",
        "POST",
        "/v1/cases/{case}/events",
        _event(_ARREST, "occurred_at", "2019-10-09 14:30"),
        400,
        "events[2].occurred_at",
        ["YYYY-MM-DDTHH:MM", "+08:00"],
    ),
    (
        "accused position in lower case",
        "POST",
        "/v1/cases/{case}/events",
        _body(_APPEND, ("events", _ARREST, "accused", 1), "a2"),
        400,
        "events[2].accused[1]",
        ["A followed by", "A1"],
    ),
    (
        "accused position as a name",
        "POST",
        "/v1/cases/{case}/events",
        _body(_APPEND, ("events", _ARREST, "accused", 0), "Juan"),
        400,
        "events[2].accused[0]",
        ["A followed by", "A1"],
    ),
    (
        "misspelt event type",
        "POST",
        "/v1/cases/{case}/events",
        _event(_RESOLUTION, "type", "resolutoin"),
        400,
        "events[5].type",
        ["did you mean `resolution`", "preliminary_investigation"],
    ),
    (
        "missing required field",
        "POST",
        "/v1/cases/{case}/events",
        _event(_RESOLUTION, "disposition", ...),
        400,
        "events[5]",
        ["disposition"],
    ),
    (
        "number where a code is expected",
        "POST",
        "/v1/cases",
        _body(_OPEN, ("first_event", "case_type"), 3),
        400,
        "first_event.case_type",
        ["OSEC"],
    ),
    (
        "PSGC code too short",
        "POST",
        "/v1/cases",
        _body(_OPEN, ("first_event", "place_psgc"), "07022600"),
        400,
        "first_event.place_psgc",
        ["10 digits"],
    ),
    (
        "unknown court id",
        "POST",
        "/v1/cases/{case}/events",
        _event(_RAFFLE, "court", "RTC-R7-NOPE"),
        422,
        "events[7].court",
        ["RTC-R7-NOPE", "not a registered court id", "/v1/courts"],
    ),
    (
        "near-miss court id (two characters swapped)",
        "POST",
        "/v1/cases/{case}/events",
        _event(_RAFFLE, "court", "RTC-R7-LLC-FC45"),
        422,
        "events[7].court",
        ["RTC-R7-LLC-FC45", "did you mean `RTC-R7-LLC-FC54`", "/v1/courts"],
    ),
    (
        "office id in lower case",
        "POST",
        "/v1/cases/{case}/events",
        _event(_INQUEST, "office", "ocp-0702-llc"),
        422,
        "events[4].office",
        ["did you mean `OCP-0702-LLC`", "/v1/offices"],
    ),
    (
        "near-miss hotspot id when opening",
        "POST",
        "/v1/cases",
        _body(_OPEN, ("first_event", "hotspot"), "HS-0702260000-2019"),
        422,
        "first_event.hotspot",
        ["did you mean `HS-0702260000-2018`", "/v1/hotspots"],
    ),
    (
        "office id that is not an id",
        "POST",
        "/v1/cases/{case}/events",
        _event(_INQUEST, "office", "OCP 0702"),
        400,
        "events[4].office",
        ["letters, digits", "OCP-0702-LLC"],
    ),
    (
        "number where an office id is expected",
        "POST",
        "/v1/cases/{case}/events",
        _event(_INQUEST, "office", 702),
        400,
        "events[4].office",
        ["a registered office id", "GET /v1/offices", "OCP-0702-LLC"],
    ),
    (
        "hotspot id whose designation does not cover the detection date",
        "POST",
        "/v1/cases",
        _body(
            _body(_OPEN, ("first_event", "hotspot"), "HS-0702260000-2018"), ("first_event", "occurred_on"), "2017-06-01"
        ),
        422,
        "first_event.hotspot",
        ["does not cover the detection date"],
    ),
    (
        "unknown office id inside a whole record",
        "POST",
        "/v1/cases/{case}/events",
        _body(_APPEND, ("events", _INQUEST, "office", "office_id"), "OCP-0702-LLX"),
        422,
        "events[4].office.office_id",
        ["did you mean `OCP-0702-LLC`", "/v1/offices"],
    ),
    (
        "office record that does not match the registered one",
        "POST",
        "/v1/cases/{case}/events",
        _body(_APPEND, ("events", _INQUEST, "office", "office_type"), "PROVINCIAL"),
        422,
        "events[4].office.office_type",
        ["OCP-0702-LLC", "office_type 'CITY' (sent 'PROVINCIAL')", "send the id alone"],
    ),
    (
        "court record whose station differs from the registered one",
        "POST",
        "/v1/cases/{case}/events",
        _body(_APPEND, ("events", _RAFFLE, "court", "station_psgc"), "0730600000"),
        422,
        "events[7].court.station_psgc",
        ["station_psgc '0702260000' (sent '0730600000')", "RTC-R7-LLC-FC54"],
    ),
    (
        "query enum typo",
        "GET",
        "/v1/cases?stage=TRAIL",
        None,
        400,
        "query.stage",
        ["did you mean `TRIAL`", "PRE_TRIAL"],
    ),
    ("query boolean", "GET", "/v1/cases?overdue=maybe", None, 400, "query.overdue", ["true", "false"]),
    ("query integer out of range", "GET", "/v1/cases?limit=0", None, 400, "query.limit", ["1", "200"]),
    ("query integer as words", "GET", "/v1/cases?limit=ten", None, 400, "query.limit", ["whole number"]),
    ("query date", "GET", "/v1/cases/{case}?as_of=14/12/2019", None, 400, "query.as_of", ["YYYY-MM-DD"]),
    ("query id pattern", "GET", "/v1/cases?office=OCP%200702", None, 400, "query.office", ["letters, digits"]),
    (
        "misspelt query parameter",
        "GET",
        "/v1/cases?stag=TRIAL",
        None,
        400,
        "query.stag",
        ["did you mean `stage`", "overdue"],
    ),
]


@pytest.fixture
async def api(liaison: AsyncTestClient) -> AsyncTestClient:  # type: ignore[type-arg]
    return liaison


@pytest.mark.parametrize(
    ("name", "method", "url", "body", "status", "field", "says"), MISTAKES, ids=[m[0] for m in MISTAKES]
)
async def test_each_mistake_is_answered_with_its_field_and_what_is_allowed(
    api: AsyncTestClient,  # type: ignore[type-arg]
    name: str,
    method: str,
    url: str,
    body: Any,
    status: int,
    field: str,
    says: list[str],
) -> None:
    """Each deliberate mistake is refused with the expected status; the answer names the field (JSON
    path, or the query parameter as sent) and holds the allowed values, the closest code or the form."""
    opened = await api.post("/v1/cases", json=_OPEN)
    assert opened.status_code == 201, opened.text
    target = url.format(case=opened.json()["case_id"])
    response = await (api.get(target) if method == "GET" else api.post(target, json=body))
    assert response.status_code == status, response.text
    problem = response.json()
    fields = [e["field"] for e in problem.get("errors", [])] + [problem.get("field")]
    assert field in fields, problem
    text = msgspec.json.encode(problem).decode()
    for expected in says:
        assert expected in text, (expected, problem)
    assert "ParamType" not in text
    assert problem["type"].startswith("/problems/")


def test_at_least_fifteen_mistakes_are_checked() -> None:
    """The list covers enum typos, dates, positions, unknown and near-miss ids, mismatched records and query
    values."""
    assert len(MISTAKES) >= 15


def _handler_slugs() -> set[str]:
    """The problem slugs written in the error handlers (`"slug", "Title"` pairs)."""
    source = Path(errors.__file__).read_text(encoding="utf-8")
    return set(re.findall(r'"([a-z]+(?:-[a-z]+)*)", "[A-Z]', source))


async def test_every_problem_type_the_api_answers_with_has_its_page(
    client: AsyncTestClient,  # type: ignore[type-arg]
    api: AsyncTestClient,  # type: ignore[type-arg]
) -> None:
    """Each problem `type` the error handlers can produce resolves on the API itself (no key needed):
    a page per type with its status and title, offline (no external asset); an unknown type is a 404."""
    slugs = _handler_slugs()
    assert {"invalid-request", "invalid-input", "illegal-transition", "version-conflict", "date-order"} <= slugs
    assert slugs <= set(PROBLEM_TYPES)
    for slug, problem in PROBLEM_TYPES.items():
        page = await client.get(f"/problems/{slug}")
        assert page.status_code == 200, slug
        assert page.headers["content-type"].startswith("text/html")
        assert problem.title in page.text
        assert f"HTTP {problem.status}" in page.text
        assert "http://" not in page.text
        assert "https://" not in page.text
    assert (await client.get("/problems")).status_code == 200
    assert (await client.get("/problems/no-such-problem")).status_code == 404
    refused = await api.get("/v1/cases?stage=TRAIL")
    assert (await client.get(refused.json()["type"])).status_code == 200
