"""Request bodies are JSON, strictly typed, shallow and dated within reason — checked before a handler runs.

Litestar decodes a body to plain Python and then converts it leniently (the same conversion turns
query strings into numbers), so `"1"` and `5.0` passed as integers, any Content-Type was read as
JSON, a body nested 1,000 levels deep ended in a RecursionError (500), and a year-1 or year-9999
`expires_at` overflowed later (500). `strict_body` (an app-wide `before_request` hook) answers those
before the handler:

- 415 unless the Content-Type is `application/json` (or a `+json` type);
- 400 naming the path where the body nests deeper than `MAX_DEPTH`;
- 400 naming the field for any value of the wrong JSON type (msgspec's strict decoding into the
  route's body type: no string or float for an integer, no number for a string);
- 400 naming the field for a date or date-time outside `EARLIEST_YEAR`..`LATEST_YEAR`.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any, Final

import msgspec
from litestar import Request
from litestar.exceptions import ValidationException

from cpc_api.errors import problem

__all__ = ("EARLIEST_YEAR", "LATEST_YEAR", "MAX_DEPTH", "deepest_path", "strict_body")

#: Deepest nesting of arrays and objects a body may have (the deepest route body, a case's events
#: with their child counts, nests 4 levels).
MAX_DEPTH: Final = 32
#: Dates and date-times a body may hold: wide enough for any case record, narrow enough that no
#: timezone shift or date arithmetic leaves Python's and PostgreSQL's ranges.
EARLIEST_YEAR: Final = 1900
LATEST_YEAR: Final = 2199

_OPEN: Final = frozenset(b"[{")


@lru_cache(maxsize=64)
def _decoder(body_type: Any) -> msgspec.json.Decoder[Any]:
    return msgspec.json.Decoder(body_type, strict=True)


def _invalid(path: str, reason: str) -> ValidationException:
    """The exception Litestar itself raises for a body field (`errors._field_errors` turns it into the
    400's `errors`): the reason, and the field's path without its leading `$.` ("data": the body)."""
    key = path[2:] if path.startswith("$.") else ("data" if path == "$" else path[1:])
    return ValidationException(detail="Validation failed", extra=[{"message": reason, "key": key, "source": "body"}])


def deepest_path(body: bytes, limit: int) -> str | None:
    """The JSON path at which `body` first nests deeper than `limit`, or None. Scans the bytes (no
    decoding, no recursion); tolerates malformed JSON (the decoder reports that afterwards)."""
    if body.count(b"[") + body.count(b"{") <= limit:
        return None
    stack: list[list[Any]] = []  # per open container: [kind, key or index]
    in_string = escaped = False
    string_start = 0
    expecting_key = False
    last_string = ""
    for i, byte in enumerate(body):
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # closing quote
                in_string = False
                last_string = body[string_start:i].decode("utf-8", "replace")
                if expecting_key:
                    stack[-1][1] = last_string
                    expecting_key = False
            continue
        if byte == 0x22:
            in_string, string_start = True, i + 1
        elif byte in _OPEN:
            if len(stack) >= limit:
                return _path(stack)
            stack.append(["a", 0] if byte == 0x5B else ["o", ""])
            expecting_key = byte == 0x7B
        elif byte in (0x5D, 0x7D):
            if stack:
                stack.pop()
            expecting_key = False
        elif byte == 0x2C and stack:  # comma
            if stack[-1][0] == "a":
                stack[-1][1] += 1
            else:
                expecting_key = True
    return None


def _path(stack: list[list[Any]]) -> str:
    """The path to the value about to open: each open container's current key or index."""
    return "$" + "".join(f"[{at}]" if kind == "a" else f".{at}" for kind, at in stack)


def _dates_out_of_range(value: Any, path: str) -> tuple[str, str] | None:
    if isinstance(value, dt.date):  # dt.datetime is a dt.date
        if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
            return path, f"{value.isoformat()} is outside the years {EARLIEST_YEAR}-{LATEST_YEAR}"
        offset = value.utcoffset() if isinstance(value, dt.datetime) else None
        if offset is not None and not EARLIEST_YEAR <= (value - offset).year <= LATEST_YEAR:
            return path, f"{value.isoformat()} is outside the years {EARLIEST_YEAR}-{LATEST_YEAR} in UTC"
        return None
    if isinstance(value, msgspec.Struct):
        for name in value.__struct_fields__:
            found = _dates_out_of_range(getattr(value, name), f"{path}.{name}")
            if found:
                return found
    elif isinstance(value, list | tuple | set | frozenset):
        for i, item in enumerate(value):
            found = _dates_out_of_range(item, f"{path}[{i}]")
            if found:
                return found
    elif isinstance(value, dict):
        for key, item in value.items():
            found = _dates_out_of_range(item, f"{path}.{key}")
            if found:
                return found
    return None


def _date_type(field: Any) -> type | None:
    """dt.date or dt.datetime when the parameter is one (or one or None)."""
    candidates = [field, *(field.inner_types if field.is_optional else ())]
    for candidate in candidates:
        if candidate.annotation in (dt.date, dt.datetime):
            return candidate.annotation  # type: ignore[no-any-return]
    return None


#: What a date or date-time query value must look like, in the words the body errors use (docs/errors.md).
_EXPECTED_FORM: Final[dict[type, str]] = {
    dt.date: "expected a date written YYYY-MM-DD (e.g. 2025-12-14)",
    dt.datetime: "expected a date-time written YYYY-MM-DDTHH:MM:SS with a UTC offset (e.g. 2025-12-14T09:30:00+08:00)",
}


def _check_query_dates(request: Request[Any, Any, Any], parameters: Any) -> None:
    """A date or date-time query value must be ISO 8601 within the same years as in bodies: Litestar
    alone read `until=0.5` as a Unix time."""
    for name, value in request.query_params.items():
        field = parameters.get(name)
        kind = None if field is None else _date_type(field)
        if kind is None:
            continue
        try:
            parsed: Any = msgspec.json.decode(msgspec.json.encode(value), type=kind, strict=True)
        except msgspec.ValidationError:
            raise ValidationException(
                detail="Validation failed",
                extra=[{"message": _EXPECTED_FORM[kind], "key": name, "source": "query"}],
            ) from None
        out_of_range = _dates_out_of_range(parsed, name)
        if out_of_range is not None:
            raise ValidationException(
                detail="Validation failed", extra=[{"message": out_of_range[1], "key": name, "source": "query"}]
            )


async def strict_body(request: Request[Any, Any, Any]) -> None:
    """`before_request` hook of every route: the checks above, for routes that take a body; and the
    date and date-time query parameters of every route (ISO 8601 only, years 1900-2199)."""
    handler = request.scope["route_handler"]
    parameters = handler.parsed_fn_signature.parameters
    if request.query_params:
        _check_query_dates(request, parameters)
    field = parameters.get("data")
    if field is None:
        return
    media = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media != "application/json" and not media.endswith("+json"):
        raise problem(
            415,
            "unsupported-media-type",
            "Unsupported media type",
            "the body must be JSON, sent with Content-Type: application/json",
        )
    body = await request.body()
    too_deep = deepest_path(body, MAX_DEPTH)
    if too_deep is not None:
        raise _invalid(too_deep, f"nested deeper than {MAX_DEPTH} levels")
    try:
        value = _decoder(field.annotation).decode(body)
    except msgspec.ValidationError as exc:
        message = str(exc)
        reason, _, at = message.partition(" - at `")
        raise _invalid(at.rstrip("`") if at else "$", reason) from None
    except msgspec.DecodeError as exc:
        raise _invalid("$", f"malformed JSON ({exc})") from None
    out_of_range = _dates_out_of_range(value, "$")
    if out_of_range is not None:
        raise _invalid(*out_of_range)
