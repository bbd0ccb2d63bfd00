"""The access line: method, route, status, duration and a request id; nothing a caller sent."""

from __future__ import annotations

import json

import pytest
from litestar.testing import AsyncTestClient

pytestmark = pytest.mark.db


def _access_lines(err: str) -> list[dict[str, object]]:
    lines = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    return [line for line in lines if line.get("event") == "request"]


async def test_each_request_logs_one_line_with_only_the_allowed_fields(
    client: AsyncTestClient,  # type: ignore[type-arg]
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Method, route template, status and duration (plus request id, level, time); no query,
    header, cookie or body value appears anywhere in the output."""
    capsys.readouterr()
    secret_query = "NPS-XV-07-INV-24A-00123"
    secret_header = "Bearer cpc_live_abcdef0123456789"
    response = await client.get(
        f"/healthz?docket={secret_query}",
        headers={"Authorization": secret_header, "Cookie": "session=topsecretcookie"},
    )
    assert response.status_code == 200
    err = capsys.readouterr().err
    (line,) = _access_lines(err)
    assert set(line) == {"event", "method", "route", "status", "duration_ms", "request_id", "level", "timestamp"}
    assert (line["method"], line["route"], line["status"]) == ("GET", "/healthz", 200)
    assert isinstance(line["duration_ms"], float)
    for secret in (secret_query, secret_header, "topsecretcookie"):
        assert secret not in err


async def test_the_request_id_is_returned_and_logged(
    client: AsyncTestClient,  # type: ignore[type-arg]
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The response's X-Request-ID is the id on the request's log line."""
    capsys.readouterr()
    response = await client.get("/readyz")
    (line,) = _access_lines(capsys.readouterr().err)
    assert response.headers["x-request-id"] == line["request_id"]


@pytest.mark.parametrize(
    ("sent", "kept"),
    [("trace-0123456789abcdef", True), ('x" injected="1', False), ("short", False)],
)
async def test_a_callers_request_id_is_kept_only_when_harmless(
    client: AsyncTestClient,  # type: ignore[type-arg]
    sent: str,
    kept: bool,
) -> None:
    """A well-formed incoming X-Request-ID is reused for tracing; anything else is replaced."""
    response = await client.get("/healthz", headers={"X-Request-ID": sent})
    assert (response.headers["x-request-id"] == sent) is kept


async def test_an_unmatched_route_is_logged_without_its_path(
    client: AsyncTestClient,  # type: ignore[type-arg]
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A path may carry an identifier, so unmatched paths are logged as "(unmatched)"."""
    capsys.readouterr()
    await client.get("/cases/NPS-XV-07-INV-24A-00123")
    err = capsys.readouterr().err
    (line,) = _access_lines(err)
    assert (line["route"], line["status"]) == ("(unmatched)", 404)
    assert "NPS-XV-07" not in err


async def test_client_errors_are_not_logged_as_server_errors(
    liaison: AsyncTestClient,  # type: ignore[type-arg]
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A 404 from a use case (or a 409/422) is an answer, not an incident: only the access line is logged."""
    capsys.readouterr()
    response = await liaison.get("/v1/cases/00000000-0000-4000-8000-000000000000")
    assert response.status_code == 404
    err = capsys.readouterr().err
    assert "unhandled_exception" not in err
    assert len(_access_lines(err)) == 1
