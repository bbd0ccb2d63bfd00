"""Every error leaves as RFC 9457 problem+json naming what is wrong; nothing else leaks.

- 400: the body or a parameter does not decode (unknown field, wrong type, missing field): `errors`
  lists each `field` (a JSON path) and `reason`.
- 404 / 409 / 422: use-case and domain errors, with the fields a client needs to recover
  (`current_version` on 409; `current_stage` and `allowed_next` on 422).
"""

from __future__ import annotations

import re
from typing import Any, Final

import msgspec.inspect
from litestar import Request, Response
from litestar.exceptions import ValidationException
from litestar.plugins.problem_details import ProblemDetailsException
from litestar.types import ExceptionHandlersMap

from cpc_api import field_help
from cpc_api.faults import server_fault
from cpc_prosecution.domain.errors import (
    CorrectionError,
    DateOrderError,
    DomainError,
    IllegalTransition,
    InvalidEvent,
)
from cpc_prosecution.services.errors import (
    AlreadyExists,
    Forbidden,
    IdempotencyMismatch,
    InvalidInput,
    NotFound,
    Refused,
    ServiceError,
    Unauthenticated,
    VersionConflict,
)

__all__ = ("EXCEPTION_HANDLERS", "problem")

#: Problem types are served by the API itself (`controllers/problems.py`): a relative URI reference
#: (RFC 9457 §3.1.1), resolved against the API's own address, so it works offline and behind any host.
PROBLEM_BASE: Final = "/problems/"
_AT_PATH: Final = re.compile(r"^(?P<reason>.*?) - at `(?P<path>[^`]+)`$")


def problem(status: int, slug: str, title: str, detail: str, **extra: Any) -> ProblemDetailsException:
    return ProblemDetailsException(
        status_code=status, type_=PROBLEM_BASE + slug, title=title, detail=detail, extra=extra or None
    )


def _field_errors(exc: ValidationException) -> list[dict[str, str]]:
    errors: list[dict[str, str]] = []
    entries = exc.extra if isinstance(exc.extra, list) else []
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        message = str(entry.get("message", ""))
        match = _AT_PATH.match(message)
        source = entry.get("source")
        source = getattr(source, "value", source)  # Litestar's ParamType.QUERY -> "query"
        key = entry.get("key")
        if match:
            field, reason = match["path"], match["reason"]
        elif key == "data" and source in (None, "body"):
            field, reason = "$", message  # the body as a whole
        elif key:
            field, reason = (f"{source}.{key}" if source and source != "body" else str(key)), message
        else:
            field, reason = "$", message
        errors.append({"field": field, "reason": reason})
    return errors


def _explained(request: Request[Any, Any, Any], errors: list[dict[str, str]]) -> list[dict[str, str]]:
    """Each error's reason followed by what its field allows (valid codes and the closest one, the
    date form, the pattern in words, the range), found from the type the handler expected there."""
    try:
        parameters = request.route_handler.parsed_fn_signature.parameters
    except Exception:
        return errors
    body = parameters.get("data")
    sent: Any = None
    raw = getattr(request, "_body", None)  # the body as Litestar read it, if it did
    if body is not None:
        sent = field_help.sent_body(raw)
    out: list[dict[str, str]] = []
    for error in errors:
        field, reason = error["field"], error["reason"]
        source, _, name = field.partition(".")
        if source in ("query", "path", "header") and name:
            reason = _explain_parameter(request, parameters, source, name, reason)
        elif body is not None and field != "$":
            reason = _explain_body_field(body.annotation, field, reason, sent)
        out.append({"field": field, "reason": reason})
    return out


def _explain_body_field(root: Any, field: str, reason: str, sent: Any) -> str:
    path = field_help.parse_path(field)
    if not path:
        return reason
    try:
        if isinstance(path[-1], str) and field_help.TAG_VALUE.match(reason):
            parent = field_help.type_at(root, path[:-1], sent)
            return field_help.allowed(reason, parent, field_help.value_at(sent, path), tag_field=True)
        return field_help.allowed(reason, field_help.type_at(root, path, sent), field_help.value_at(sent, path))
    except Exception:
        return reason


def _explain_parameter(request: Request[Any, Any, Any], parameters: Any, source: str, name: str, reason: str) -> str:
    definition = parameters.get(name)
    if definition is None:
        return reason
    sent = request.query_params.get(name) if source == "query" else request.path_params.get(name)
    try:
        info = msgspec.inspect.type_info(definition.annotation)
    except Exception:
        info = None
    explained = field_help.allowed(reason, info, sent)
    kwarg = definition.kwarg_definition
    low, high = getattr(kwarg, "ge", None), getattr(kwarg, "le", None)
    if low is not None and high is not None:
        explained += f" (allowed: {low} to {high})"
    return explained


def _validation(request: Request[Any, Any, Any], exc: ValidationException) -> Response[Any]:
    errors = _explained(request, _field_errors(exc)) or [{"field": "$", "reason": exc.detail}]
    detail = "; ".join(f"{e['field']}: {e['reason']}" for e in errors)
    return problem(400, "invalid-request", "Invalid request", detail, errors=errors).to_response(request)


def _service(request: Request[Any, Any, Any], exc: ServiceError) -> Response[Any]:
    status, slug, title = {
        Unauthenticated: (401, "unauthenticated", "API key required"),
        Forbidden: (403, "forbidden", "Not allowed for this key"),
        NotFound: (404, "not-found", "Not found"),
        AlreadyExists: (409, "already-exists", "Already exists"),
        Refused: (409, "refused", "Refused"),
        VersionConflict: (409, "version-conflict", "Version conflict"),
        IdempotencyMismatch: (422, "idempotency-key-reused", "Idempotency-Key reused for another request"),
        InvalidInput: (422, "invalid-input", "Invalid input"),
    }.get(type(exc), (400, "bad-request", "Bad request"))
    response = problem(status, slug, title, exc.detail, **exc.extra).to_response(request)
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="cpc-prosecution"'
    return response


def _domain(request: Request[Any, Any, Any], exc: DomainError) -> Response[Any]:
    extra: dict[str, Any] = {}
    if exc.seq is not None:
        extra["event_seq"] = exc.seq
    if isinstance(exc, IllegalTransition):
        slug, title = "illegal-transition", "Event not allowed in the current stage"
        extra |= {
            "current_stage": exc.stage.value if exc.stage else None,
            "event_type": exc.event_type,
            "allowed_next": list(exc.allowed),
        }
        if exc.accused is not None:
            extra["accused"] = exc.accused
    elif isinstance(exc, DateOrderError):
        slug, title = "date-order", "Event dated before an event it depends on"
        extra |= {
            "event_type": exc.event_type,
            "occurred_on": exc.occurred_on.isoformat(),
            "depends_on": exc.depends_on,
            "earliest_allowed": exc.depends_on_date.isoformat(),
        }
    elif isinstance(exc, CorrectionError):
        slug, title = "invalid-correction", "Correction cannot be applied"
        extra |= {"target_seq": exc.target_seq}
    elif isinstance(exc, InvalidEvent):
        slug, title = "invalid-event", "Event does not fit the case"
        extra |= {"event_type": exc.event_type}
    else:
        slug, title = "domain-rule", "Event breaks a rule of the case lifecycle"
    return problem(422, slug, title, str(exc), **extra).to_response(request)


EXCEPTION_HANDLERS: Final[ExceptionHandlersMap] = {
    ValidationException: _validation,
    ServiceError: _service,
    DomainError: _domain,
    # Everything else: 503 when the database cannot serve, else a 500 problem (cpc_api.faults).
    500: server_fault,
}
