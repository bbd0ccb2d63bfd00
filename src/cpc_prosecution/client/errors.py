"""Errors the client raises: one class per kind of refusal, each carrying the problem+json body."""

from __future__ import annotations

from typing import Any, Final

import msgspec

__all__ = (
    "ApiError",
    "BadRequest",
    "Conflict",
    "Forbidden",
    "NotFound",
    "Problem",
    "RateLimited",
    "ServerError",
    "Unauthorized",
    "Unprocessable",
    "error_for",
)


class Problem(msgspec.Struct, frozen=True, kw_only=True):
    """RFC 9457 problem details as the API sends them (unknown members are ignored)."""

    type: str = "about:blank"
    title: str = ""
    status: int = 0
    detail: str | None = None
    field: str | None = None
    """The request field at fault (422s from the services)."""
    errors: list[dict[str, Any]] | None = None
    """Each rejected parameter of a 400, with its `field` and `message`."""


class ApiError(Exception):
    """The API answered with an error status; `problem` is its body."""

    def __init__(self, status: int, problem: Problem) -> None:
        super().__init__(f"{status} {problem.title}: {problem.detail or ''}".rstrip(": "))
        self.status = status
        self.problem = problem


class BadRequest(ApiError):
    """400: malformed request, unknown or repeated query parameter."""


class Unauthorized(ApiError):
    """401: no key, or a key that is unknown, revoked or expired."""


class Forbidden(ApiError):
    """403: the key's role may not do this."""


class NotFound(ApiError):
    """404: no such resource within the key's scope."""


class Conflict(ApiError):
    """409: a stale expected_version, a release that cannot be protected, a duplicate."""


class Unprocessable(ApiError):
    """422: well-formed but refused (an illegal event, a bad period); `problem.field` names the field."""


class RateLimited(ApiError):
    """429: too many requests for this key in the window."""


class ServerError(ApiError):
    """5xx."""


_BY_STATUS: Final[dict[int, type[ApiError]]] = {
    400: BadRequest,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    422: Unprocessable,
    429: RateLimited,
}


def error_for(status: int, body: bytes) -> ApiError:
    """The typed error of a response (a body that is not a problem still gives one, from the status)."""
    try:
        problem = msgspec.json.decode(body, type=Problem)
    except (msgspec.DecodeError, msgspec.ValidationError):
        problem = Problem(status=status, detail=body[:200].decode("utf-8", "replace") or None)
    kind = _BY_STATUS.get(status, ServerError if status >= 500 else ApiError)
    return kind(status, problem)
