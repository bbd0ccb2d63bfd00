"""One access line per request, and a request id on every line logged while it runs.

The line holds method, route template, status and duration, nothing else: no body, header, cookie,
query value or concrete path (a path may carry an identifier), so logs can be kept and shared.
"""

from __future__ import annotations

import re
import time
import uuid
from typing import TYPE_CHECKING, Final

import structlog
from litestar.enums import ScopeType

from cpc_prosecution.log import json_line_writer

if TYPE_CHECKING:
    from litestar.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ("REQUEST_ID_HEADER", "AccessLogMiddleware")

REQUEST_ID_HEADER: Final = "x-request-id"
# A caller's id is reused only if it cannot smuggle anything into a log line.
_SAFE_REQUEST_ID: Final = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

_LOGGER_NAME: Final = "cpc_api.access"


def _incoming_request_id(scope: Scope) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == REQUEST_ID_HEADER.encode():
            text = value.decode("latin-1")
            return text if _SAFE_REQUEST_ID.match(text) else None
    return None


class AccessLogMiddleware:
    """Pure ASGI middleware wrapping the whole application (unmatched routes included).

    Built after logging is configured (`create_app`), so it binds its logger once instead of on every
    line, and writes JSON lines through `log.json_line_writer` (the same line, for a fraction of the
    CPU). Request ids are random (a counter would tell a caller how much other traffic a worker
    served between its requests)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._log = structlog.get_logger(_LOGGER_NAME).bind()
        self._write_json = json_line_writer(_LOGGER_NAME)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        request_id = _incoming_request_id(scope) or uuid.uuid4().hex
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", ()))
                headers.append((REQUEST_ID_HEADER.encode(), request_id.encode()))
                message["headers"] = headers
            await send(message)

        with structlog.contextvars.bound_contextvars(request_id=request_id):
            try:
                await self.app(scope, receive, send_with_id)
            finally:
                fields = {
                    "method": scope.get("method"),
                    "route": scope.get("path_template") or "(unmatched)",
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                }
                if self._write_json is not None:
                    self._write_json("request", fields)
                else:
                    self._log.info("request", **fields)
