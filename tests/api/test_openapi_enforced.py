"""The served OpenAPI document states what the server enforces, and OPTIONS names every method.

Reproducers of issue 18 (schemathesis, all checks): bodies valid per the document were refused (it did
not say `additionalProperties: false`), 4xx answers were undocumented, and `Allow` on OPTIONS listed one
method of two.
"""

from __future__ import annotations

from typing import Any

import pytest
from litestar.testing import AsyncTestClient

pytestmark = pytest.mark.db


async def _document(client: AsyncTestClient) -> dict[str, Any]:  # type: ignore[type-arg]
    response = await client.get("/schema/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


async def test_every_request_body_object_refuses_additional_properties(client: AsyncTestClient) -> None:  # type: ignore[type-arg]
    """Each body's own schema and the nested objects checked here say `additionalProperties: false`."""
    document = await _document(client)
    schemas = document["components"]["schemas"]
    for name in ("NewKey", "OpenCase", "AppendEvents", "DocketNumber", "StaffingSnapshot", "Detection", "ChildCounts"):
        assert schemas[name]["additionalProperties"] is False, name
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if isinstance(operation, dict) and "requestBody" in operation:
                schema = operation["requestBody"]["content"]["application/json"]["schema"]
                ref = (schema.get("allOf") or [schema])[0]["$ref"].rsplit("/", 1)[1]
                assert schemas[ref]["additionalProperties"] is False, (method, path)


@pytest.mark.parametrize(
    ("method", "path", "statuses"),
    [
        ("post", "/v1/keys", {"400", "401", "403", "413", "415", "422", "429", "503"}),
        ("post", "/v1/keys/{key_id}/revoke", {"401", "403", "404", "409", "429", "503"}),
        ("get", "/v1/cases/lookup", {"400", "401", "404", "422", "429", "503"}),
        ("get", "/v1/offices", {"401", "429", "503"}),
        ("post", "/v1/releases", {"400", "401", "403", "409", "413", "415", "422", "503"}),
    ],
)
async def test_each_route_documents_the_4xx_and_503_it_can_answer(
    client: AsyncTestClient,  # type: ignore[type-arg]
    method: str,
    path: str,
    statuses: set[str],
) -> None:
    """The statuses the app adds around a route (bodies, keys, rate limit, faults) are in its responses,
    each a problem+json."""
    responses = (await _document(client))["paths"][path][method]["responses"]
    assert statuses <= set(responses), statuses - set(responses)
    for status in statuses:
        assert "application/problem+json" in responses[status]["content"], status


@pytest.mark.parametrize(
    ("path", "allow"),
    [
        ("/v1/keys", "GET, OPTIONS, POST"),
        ("/v1/cases", "GET, OPTIONS, POST"),
        ("/v1/releases", "GET, OPTIONS, POST"),
        ("/v1/cases/3fa85f64-5717-4562-b3fc-2c963f66afa6", "GET, OPTIONS"),
        ("/v1/cases/3fa85f64-5717-4562-b3fc-2c963f66afa6/events", "OPTIONS, POST"),
    ],
)
async def test_options_allows_every_method_of_the_path(client: AsyncTestClient, path: str, allow: str) -> None:  # type: ignore[type-arg]
    """OPTIONS lists GET and POST where both exist (Litestar alone listed the first handler's only)."""
    response = await client.options(path)
    assert response.status_code == 204
    assert response.headers["allow"] == allow
