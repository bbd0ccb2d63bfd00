"""Request parameters shared by controllers, and the strict-query guard."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Annotated, Any

from litestar import Request
from litestar.exceptions import ValidationException
from litestar.params import HeaderParameter

__all__ = ("IdempotencyKey", "reject_unknown_query")

IdempotencyKey = Annotated[
    str | None,
    HeaderParameter(
        name="Idempotency-Key",
        description=(
            "Any unique string (e.g. a UUID) chosen by the client for this request. A retry with the same key "
            "returns the first successful response and stores nothing new."
        ),
        min_length=1,
        max_length=255,
        pattern=r"^[\x21-\x7e]+$",
        required=False,
    ),
]


def reject_unknown_query(request: Request[Any, Any, Any], allowed: Iterable[str]) -> None:
    """A misspelt filter must not silently widen a listing: unknown query parameters are a 400."""
    allowed_set = set(allowed)
    unknown = sorted(set(request.query_params) - allowed_set)
    if unknown:
        listed = ", ".join(sorted(allowed_set))

        def reason(name: str) -> str:
            near = difflib.get_close_matches(name, sorted(allowed_set), n=1)
            hint = f"did you mean `{near[0]}`? " if near else ""
            return f"unknown query parameter ({hint}allowed: {listed})"

        raise ValidationException(
            detail="unknown query parameter",
            extra=[{"key": name, "source": "query", "message": reason(name)} for name in unknown],
        )
