"""Request bodies: JSON only (415), strictly typed, at most 32 levels deep, dates within 1900-2199 — each
refusal a 400 naming the field, nothing stored; a client that disconnects mid-body is not a 500.

Reproducers of issue 18: a body nested 1,000 levels deep was a 500 (RecursionError); `expires_at` of
year 1 or 9999 on POST /v1/keys was a 500; "1" and 5.0 were accepted as integers; text/plain and
bodies without a Content-Type were read as JSON; a disconnect mid-body was logged as a 500.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from cpc_api.bodies import MAX_DEPTH, deepest_path

pytestmark = pytest.mark.db

STAFFING = {
    "office_id": "OCP-0702-LLC",
    "as_of": "2020-09-30",
    "positions_filled": 12,
    "positions_vacant": 2,
    "carrying_caseload": 10,
    "trained_trafficking": 7,
    "trained_child_sensitive": 5,
}


def _errors(response: Any) -> list[tuple[str, str]]:
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    return [(e["field"], e["reason"]) for e in response.json()["errors"]]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"[]", None),
        (b'{"a": [1, {"b": 2}]}', None),
        (b'{"a": [1, {"b": [2]}]}', "$.a[1].b"),
        (b'{"a": [[[' + b"]]]}", "$.a[0][0]"),  # limit 3 below
        (b'{"x": "[[[[[[", "a": {"b": [0, [[[]]]]}}', "$.a.b[1]"),  # brackets in strings do not count
        (b'{"k\\"[": [[[[]]]]}', '$.k\\"[[0][0]'),
    ],
)
def test_the_depth_scan_names_the_path_where_the_body_nests_too_deep(body: bytes, expected: str | None) -> None:
    """`deepest_path(body, 3)`: the path to the first value that opens a 4th level, by hand."""
    assert deepest_path(body, 3) == expected


async def test_a_body_nested_a_thousand_levels_is_a_400_with_the_path(admin: AsyncTestClient) -> None:  # type: ignore[type-arg]
    """1,000 nested arrays (4 KB) under `offices`: 400 naming `offices[0]...` (32 levels), not a 500."""
    body = b'{"role": "viewer", "offices": ' + b"[" * 1000 + b"]" * 1000 + b"}"
    response = await admin.post("/v1/keys", content=body, headers={"content-type": "application/json"})
    ((field, reason),) = _errors(response)
    assert field == "offices" + "[0]" * (MAX_DEPTH - 1)  # the 33rd level opens there
    assert reason == f"nested deeper than {MAX_DEPTH} levels"


@pytest.mark.parametrize(
    ("field", "value"),
    [("positions_filled", "12"), ("positions_filled", 12.0), ("positions_vacant", True), ("office_id", 7)],
)
async def test_a_value_of_another_json_type_is_a_400_and_nothing_is_stored(
    admin: AsyncTestClient,  # type: ignore[type-arg]
    field: str,
    value: object,
) -> None:
    """Strict types: no string or float for an integer, no boolean for a number, no number for a
    string; the staffing snapshot is not stored."""
    before = (await admin.get("/v1/staffing")).json()
    response = await admin.post("/v1/staffing", json=STAFFING | {field: value})
    ((named, reason),) = _errors(response)
    assert named == field
    assert reason.startswith("Expected `")
    assert (await admin.get("/v1/staffing")).json() == before


@pytest.mark.parametrize("content_type", ["text/plain", "", "application/x-www-form-urlencoded", "application/xml"])
async def test_a_body_not_sent_as_json_is_a_415(admin: AsyncTestClient, content_type: str) -> None:  # type: ignore[type-arg]
    """A JSON text sent with another Content-Type (or none) is refused with 415 problem+json."""
    response = await admin.post(
        "/v1/keys", content=json.dumps({"role": "viewer"}).encode(), headers={"content-type": content_type}
    )
    assert response.status_code == 415
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["type"].endswith("/unsupported-media-type")


async def test_json_with_a_charset_is_accepted(admin: AsyncTestClient) -> None:  # type: ignore[type-arg]
    """`application/json; charset=utf-8` is JSON."""
    response = await admin.post(
        "/v1/keys", content=b'{"role": "viewer"}', headers={"content-type": "application/json; charset=utf-8"}
    )
    assert response.status_code == 201, response.text


@pytest.mark.parametrize(
    ("expires_at", "status"),
    [
        ("0001-01-01T00:00:00+14:00", 400),
        ("9999-12-31T23:00:00-12:00", 400),
        ("1899-12-31T23:59:59Z", 400),
        ("2200-01-01T00:00:00Z", 400),
        ("2199-12-31T23:00:00-12:00", 400),  # 2200 in UTC
        ("2199-12-31T00:00:00Z", 201),
    ],
)
async def test_dates_outside_1900_2199_are_a_400(admin: AsyncTestClient, expires_at: str, status: int) -> None:  # type: ignore[type-arg]
    """`expires_at` on POST /v1/keys (before: years 1 and 9999 were 500s); the same bound for every
    date and date-time of every body."""
    response = await admin.post("/v1/keys", json={"role": "viewer", "expires_at": expires_at})
    if status == 400:
        ((field, reason),) = _errors(response)
        assert field == "expires_at"
        assert "outside the years 1900-2199" in reason
    else:
        assert response.status_code == 201, response.text


async def test_a_client_that_disconnects_mid_body_is_logged_at_info_not_as_a_500(
    admin: AsyncTestClient,  # type: ignore[type-arg]
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Half a body, then `http.disconnect`: one `client_disconnected` line at info, an access line with
    status 499, no `unhandled_exception` and no 500."""
    messages = [
        {"type": "http.request", "body": b'{"role": "vie', "more_body": True},
        {"type": "http.disconnect"},
    ]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return messages.pop(0)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/v1/keys",
        "raw_path": b"/v1/keys",
        "root_path": "",
        "query_string": b"",
        "headers": [(b"content-type", b"application/json"), (b"content-length", b"100")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }
    capsys.readouterr()
    await admin.app(scope, receive, send)  # type: ignore[arg-type]
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")]
    events = [(line["event"], line["level"]) for line in lines]
    assert ("client_disconnected", "info") in events
    assert not any(event == "unhandled_exception" for event, _ in events)
    (access,) = [line for line in lines if line["event"] == "request"]
    assert access["status"] == 499


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"until": "0.5"}, 400),
        ({"since": "1700000000"}, 400),
        ({"until": "0001-01-01T00:00:00Z"}, 400),
        ({"until": "2026-01-01T00:00:00Z"}, 200),
    ],
)
async def test_date_time_query_values_are_iso_8601_within_1900_2199(
    admin: AsyncTestClient,  # type: ignore[type-arg]
    query: dict[str, str],
    status: int,
) -> None:
    """`GET /v1/audit?until=0.5` was read as a Unix time (200); now a 400 naming the parameter."""
    response = await admin.get("/v1/audit", params=query)
    assert response.status_code == status, response.text
    if status == 400:
        ((field, _reason),) = _errors(response)
        assert field.endswith(next(iter(query)))
