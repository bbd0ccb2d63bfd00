"""Liveness, readiness and the API's self-description."""

from __future__ import annotations

import json

import pytest
from litestar.testing import AsyncTestClient
from tests.api.conftest import ClientFactory

from cpc_prosecution.store.migrate import packaged_migrations

pytestmark = pytest.mark.db


async def test_liveness_answers_while_the_process_runs(client: AsyncTestClient) -> None:  # type: ignore[type-arg]
    """GET /healthz is 200 with a JSON body."""
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "alive"}


async def test_readiness_is_200_when_the_schema_is_current(client: AsyncTestClient) -> None:  # type: ignore[type-arg]
    """A reachable, fully migrated database makes the API ready."""
    response = await client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "database": "reachable", "schema": "current"}


async def test_readiness_is_503_while_migrations_are_pending(
    client_for: ClientFactory, empty_database_url: str
) -> None:
    """An unmigrated database is reachable but not ready."""
    async with client_for(empty_database_url) as client:
        response = await client.get("/readyz")
    assert response.status_code == 503
    pending = f"{len(packaged_migrations())} migration(s) pending"
    assert response.json() == {"status": "not_ready", "database": "reachable", "schema": pending}


async def test_readiness_is_503_when_the_database_cannot_be_reached(client_for: ClientFactory) -> None:
    """Nothing listens on port 1: the app still starts, answers liveness, and says not ready."""
    async with client_for("postgresql://cpc@127.0.0.1:1/cpc") as client:
        ready = await client.get("/readyz")
        alive = await client.get("/healthz")
    assert ready.status_code == 503
    assert ready.json() == {"status": "not_ready", "database": "unreachable", "schema": "unknown"}
    assert alive.status_code == 200


async def test_openapi_3_1_is_served_at_the_standard_path(client: AsyncTestClient) -> None:  # type: ignore[type-arg]
    """The schema is OpenAPI 3.1 and every operation has an operationId."""
    response = await client.get("/schema/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.1")
    operations = [op for path in schema["paths"].values() for op in path.values()]
    assert operations
    assert all(op.get("operationId") for op in operations)
    assert "503" in schema["paths"]["/readyz"]["get"]["responses"]


async def test_interactive_docs_are_served(client: AsyncTestClient) -> None:  # type: ignore[type-arg]
    """The page the `serve` banner points to exists."""
    response = await client.get("/schema/swagger")
    assert response.status_code == 200
    assert "text/html" in response.headers["content-type"]


async def test_an_unknown_path_is_a_problem_json_404(client: AsyncTestClient) -> None:  # type: ignore[type-arg]
    """Errors are RFC 9457 problem details."""
    response = await client.get("/no/such/thing")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert json.loads(response.text)["status"] == 404
