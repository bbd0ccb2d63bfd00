"""Server-side faults as the client should see them.

- The database cannot serve (down, frozen past the statement timeout, connection killed, out of
  connections): **503** problem+json with `Retry-After`, logged at warning as `database_unavailable`.
  Nothing was stored by the failing call (its transaction did not commit) unless the failure hit the
  commit itself; a retry with the same `Idempotency-Key` is always safe.
- The client went away while sending its body: nobody is left to answer; logged at info as
  `client_disconnected`, with status 499 on the access line (nginx's "client closed request").
- Anything else: **500** problem+json without detail (the traceback is logged by `app._log_unhandled`).
"""

from __future__ import annotations

from typing import Any, Final

import structlog
from litestar import Request, Response
from litestar.exceptions import HTTPException
from litestar.plugins.problem_details import ProblemDetailsException

from cpc_prosecution.store.database import is_unavailable

__all__ = ("CLIENT_CLOSED_REQUEST", "RETRY_AFTER_SECONDS", "answered_fault", "server_fault")

#: Seconds a client is asked to wait before retrying after a 503: the embedded database restarts
#: within a few seconds (`cli.supervisor`), a failover of an external one takes longer.
RETRY_AFTER_SECONDS: Final = 5
#: Status of a request whose client disconnected before the body was read (never sent to anyone).
CLIENT_CLOSED_REQUEST: Final = 499
_DISCONNECT_DETAIL: Final = "client disconnected prematurely"  # litestar.connection.Request.stream

#: Problem types are pages the API serves itself (controllers/problems.py), so they resolve offline.
_PROBLEM_BASE: Final = "/problems/"

_log = structlog.get_logger("cpc_api.faults")


def _is_disconnect(exc: BaseException) -> bool:
    return isinstance(exc, HTTPException) and exc.status_code == 500 and exc.detail == _DISCONNECT_DETAIL


def answered_fault(exc: BaseException) -> bool:
    """The fault is answered (and logged) by `server_fault` on its own terms: no traceback needed."""
    return _is_disconnect(exc) or is_unavailable(exc)


def server_fault(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """The handler of every exception no other handler took (registered for status 500)."""
    route = request.scope.get("path_template")
    if _is_disconnect(exc):
        _log.info("client_disconnected", route=route)
        return Response(content=b"", status_code=CLIENT_CLOSED_REQUEST)
    if is_unavailable(exc):
        _log.warning("database_unavailable", route=route, exc_type=type(exc).__name__)
        response = ProblemDetailsException(
            status_code=503,
            type_=_PROBLEM_BASE + "database-unavailable",
            title="Database unavailable",
            detail="The database cannot serve this request now; retry after the delay in Retry-After.",
        ).to_response(request)
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return ProblemDetailsException(
        status_code=500,
        type_=_PROBLEM_BASE + "internal-error",
        title="Internal server error",
        detail="The server failed to answer; the error is logged with this request's X-Request-ID.",
    ).to_response(request)
