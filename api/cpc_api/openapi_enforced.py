"""The served OpenAPI document states what the server enforces, beyond what Litestar derives.

Litestar writes each route's schema from its types and the responses the route declares. What the
application enforces around them is added here, to the document as served (`/schema/openapi.json`):

- `additionalProperties: false` on every object of a request body whose Struct refuses unknown fields
  (every body: an unknown field is a 400);
- on every route that takes a body: 400 (`cpc_api.bodies`), 413 (over 256 KiB), 415 (not JSON);
- on every `/v1` route: 401 (no valid key), 429 (rate limit), 503 (database unavailable,
  `cpc_api.faults`); 400 when it has parameters (a value that does not decode, an unknown query
  parameter); 422 on a write or a read with query parameters (a rule across fields, e.g. "give
  exactly one of office or court").

Rules across fields and the 1900-2199 bound on dates are not expressible in the schema; they are the
422s and 400s documented here (docs/security.md, "Fuzzing").
"""

from __future__ import annotations

from typing import Any, Final

import msgspec
from litestar import Litestar
from litestar._openapi.plugin import OpenAPIPlugin

__all__ = ("declare_enforcement", "enforce_in_openapi")

_PROBLEM: Final = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/ProblemDetails"}}}
_ADDED: Final[dict[int, str]] = {
    400: "The body or a parameter does not decode, or the body nests deeper than 32 levels or holds a "
    "date outside 1900-2199: `errors` lists each field and reason",
    401: "No API key, or an unknown, expired or revoked one",
    413: "The body is larger than 256 KiB",
    415: "The body is not sent as application/json",
    422: "The request breaks a rule across fields or of the case (the problem names the field)",
    429: "Too many requests for this key in this minute (RateLimit-* headers)",
    503: "The database cannot serve now; retry after Retry-After seconds",
}
_METHODS: Final = ("get", "post", "put", "patch", "delete")


def _strict_structs(body_types: list[Any]) -> set[str]:
    """Names of the Structs reachable from the body types that refuse unknown fields."""
    names: set[str] = set()
    seen: set[type] = set()

    def walk(info: msgspec.inspect.Type) -> None:
        if isinstance(info, msgspec.inspect.StructType):
            if info.cls in seen:
                return
            seen.add(info.cls)
            if info.forbid_unknown_fields:
                names.add(info.cls.__name__)
            for field in info.fields:
                walk(field.type)
        for attribute in ("item_type", "key_type", "value_type"):
            inner = getattr(info, attribute, None)
            if isinstance(inner, msgspec.inspect.Type):
                walk(inner)
        for inner in getattr(info, "types", ()) or ():
            walk(inner)
        for inner in getattr(info, "item_types", ()) or ():
            walk(inner)

    for body_type in body_types:
        walk(msgspec.inspect.type_info(body_type))
    return names


def _body_types(app: Litestar) -> list[Any]:
    found = []
    for route in app.routes:
        for handler in getattr(route, "route_handlers", ()):
            field = handler.parsed_fn_signature.parameters.get("data")
            if field is not None:
                found.append(field.annotation)
    return found


def declare_enforcement(document: dict[str, Any], strict_structs: set[str]) -> dict[str, Any]:
    """Add the statements above to `document` (in place, idempotent) and return it."""
    for name, schema in document.get("components", {}).get("schemas", {}).items():
        if name in strict_structs and schema.get("type") == "object":
            schema["additionalProperties"] = False
    for path, item in document.get("paths", {}).items():
        for method in _METHODS:
            operation = item.get(method)
            if not isinstance(operation, dict):
                continue
            responses = operation.setdefault("responses", {})
            has_body = "requestBody" in operation
            parameters = operation.get("parameters") or []
            statuses: set[int] = set()
            if has_body:
                statuses |= {400, 413, 415}
            if path.startswith("/v1/"):
                statuses |= {401, 429, 503}
                if parameters:
                    statuses.add(400)
                if has_body or any(p.get("in") == "query" for p in parameters):
                    statuses.add(422)
            for status in sorted(statuses):
                responses.setdefault(str(status), {"description": _ADDED[status], "content": _PROBLEM})
    return document


class _EnforcedOpenAPIPlugin(OpenAPIPlugin):
    """Litestar's OpenAPI plugin, whose served document goes through `declare_enforcement` once."""

    __slots__ = ()

    def provide_openapi_schema(self) -> dict[str, Any]:
        first = not self._openapi_schema
        document = super().provide_openapi_schema()
        if first:
            declare_enforcement(document, _strict_structs(_body_types(self.app)))
        return document


def enforce_in_openapi(app: Litestar) -> None:
    """Make `app` serve the stated document (built lazily, on the first request for it)."""
    plugin = app.plugins.get(OpenAPIPlugin)
    plugin.__class__ = _EnforcedOpenAPIPlugin
