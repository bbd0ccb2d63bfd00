"""The typed client against the real application: Structs in and out, a write retried once with its
idempotency key after a lost answer (stored once), pages followed, errors typed with their problem."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from tests.api.conftest import open_client
from tests.support.keys import CITY, Tokens

from cpc_prosecution.client import AsyncClient, Client, NotFound, Retry, Unprocessable
from cpc_prosecution.client.errors import BadRequest, Forbidden
from cpc_prosecution.domain.examples import plea_bargain_history
from cpc_prosecution.metrics import MetricResult
from cpc_prosecution.services.case_commands import AppendEvents

pytestmark = pytest.mark.db

BASE = "http://testserver.local"
NO_WAIT = Retry(attempts=3, backoff=0.0)


class LoseFirstAnswer(httpx.AsyncBaseTransport):
    """Passes every request to the app, but drops the answer to the first POST (the write happened;
    the caller sees a broken connection), as a flaky network would."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.posts: list[str | None] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.method == "POST":
            self.posts.append(request.headers.get("Idempotency-Key"))
            if len(self.posts) == 1:
                await response.aread()
                raise httpx.ReadError("connection reset after the request was sent", request=request)
        return response


async def test_a_write_whose_answer_is_lost_is_retried_once_and_stored_once(database_url: str, tokens: Tokens) -> None:
    """open_case's answer is lost; the client sends it again with the same idempotency key, the server
    replays the first answer, and exactly one case exists. Then the remaining events go in."""
    history = plea_bargain_history()
    async with open_client(database_url) as app:
        flaky = LoseFirstAnswer(app._transport)  # the test client's in-process transport to the app
        async with httpx.AsyncClient(transport=flaky, base_url=BASE) as http:
            api = AsyncClient(BASE, tokens.liaison_city, http=http, retry=NO_WAIT)
            opened = await api.open_case(CITY, history[0])  # type: ignore[arg-type]
            appended = await api.append_events(
                opened.case_id, AppendEvents(expected_version=opened.version, events=history[1:])
            )
            listed = [c async for c in api.iter_cases(page_size=2)]
    assert len(flaky.posts) == 3
    assert flaky.posts[0] == flaky.posts[1] is not None  # the retry reused the key
    assert flaky.posts[2] != flaky.posts[0]
    assert appended.version == len(history)
    assert [c.case_id for c in listed].count(opened.case_id) == 1


async def test_pages_are_followed_to_the_end(database_url: str, tokens: Tokens) -> None:
    """iter_cases with pages of one yields every case the key reads, each once."""
    history = plea_bargain_history()
    async with open_client(database_url) as app:
        api = AsyncClient(BASE, tokens.liaison_city, http=app, retry=NO_WAIT)
        for _ in range(3):
            await api.open_case(CITY, history[0])  # type: ignore[arg-type]
        one_by_one = [c.case_id async for c in api.iter_cases(page_size=1)]
        all_at_once = [c.case_id async for c in api.iter_cases(page_size=200)]
    assert len(one_by_one) >= 3
    assert one_by_one == all_at_once
    assert len(set(one_by_one)) == len(one_by_one)


@pytest.mark.parametrize(
    ("token", "call", "error", "field"),
    [
        ("analyst_city", lambda c: c.metric("conviction_rate", period="2020-13"), Unprocessable, "period"),
        ("analyst_city", lambda c: c.metric("no_such_metric", period="2020"), NotFound, None),
        ("viewer", lambda c: c.metric("conviction_rate", period="2020"), Forbidden, None),
        ("analyst_city", lambda c: c.series("clearance_rate", "2020Q1", "2020"), Unprocessable, "to"),
    ],
)
async def test_errors_are_typed_and_carry_the_problem(
    database_url: str, tokens: Tokens, token: str, call: Any, error: type[Exception], field: str | None
) -> None:
    """Each refusal raises its ApiError subclass with the problem body (status, title, field)."""
    async with open_client(database_url) as app:
        api = AsyncClient(BASE, getattr(tokens, token), http=app, retry=NO_WAIT)
        with pytest.raises(error) as raised:
            await call(api)
    problem = raised.value.problem  # type: ignore[attr-defined]
    assert problem.status == raised.value.status  # type: ignore[attr-defined]
    assert problem.field == field


def test_the_sync_client_decodes_into_the_library_structs(database_url: str, tokens: Tokens) -> None:
    """Client (sync) over the same app: a MetricResult, a series of them, the registry; a 400 is BadRequest."""
    from litestar.testing import TestClient
    from tests.api.conftest import TEST_DOCKET_SECRET

    from cpc_api.app import create_app
    from cpc_prosecution.settings import Settings

    settings = Settings(database_url=database_url, log_format="json", docket_secret=TEST_DOCKET_SECRET)
    with TestClient(app=create_app(settings)) as http, Client(BASE, tokens.analyst_city, http=http) as api:
        result = api.metric("clearance_rate", period="2020")
        series = api.series("clearance_rate", "2020Q1", "2020Q4")
        registry = api.metrics()
        with pytest.raises(BadRequest) as raised:
            api._send(api_call_with_unknown_parameter())
    assert isinstance(result, MetricResult)
    assert [r.period for r in series.results] == ["2020Q1", "2020Q2", "2020Q3", "2020Q4"]
    assert "clearance_rate" in {m.id for m in registry}
    assert raised.value.problem.errors is not None


def api_call_with_unknown_parameter() -> Any:
    from cpc_prosecution.client.calls import Call, LiveMetricBody

    return Call("GET", "/v1/metrics/clearance_rate", LiveMetricBody, {"period": "2020", "grup": "x"})


def test_the_idempotency_key_is_fixed_per_write() -> None:
    """A write's call carries one key (given, or a fresh UUID), which every retry sends."""
    from cpc_prosecution.client.calls import calls

    history = plea_bargain_history()
    given = calls.open_case(CITY, history[0], (), "my-key-1")  # type: ignore[arg-type]
    fresh = calls.open_case(CITY, history[0], (), None)  # type: ignore[arg-type]
    assert given.headers()["Idempotency-Key"] == "my-key-1"
    assert uuid.UUID(fresh.headers()["Idempotency-Key"])
    assert fresh.writes
