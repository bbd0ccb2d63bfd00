"""Errors a use case reports to its caller; the HTTP layer maps each to one status code."""

from __future__ import annotations

from typing import Any

__all__ = (
    "AlreadyExists",
    "Forbidden",
    "IdempotencyMismatch",
    "InvalidInput",
    "NotFound",
    "Refused",
    "ServiceError",
    "Unauthenticated",
    "VersionConflict",
)


class ServiceError(Exception):
    """Base of use-case errors: `detail` is safe to show to the caller (no docket, no body)."""

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class NotFound(ServiceError):
    """No such record — or one the caller may not see, which must look the same."""


class Unauthenticated(ServiceError):
    """No API key, or one that is unknown, expired or revoked."""


class Forbidden(ServiceError):
    """The key is valid but its role may not do this."""


class Refused(ServiceError):
    """The request is well formed but cannot be carried out safely (e.g. no safe release exists)."""


class AlreadyExists(ServiceError):
    """A record with this identifier already exists."""


class VersionConflict(ServiceError):
    """The case moved on since the caller read it: `current_version` says where it is now."""

    def __init__(self, expected: int, current: int) -> None:
        super().__init__(
            f"expected_version {expected} is stale: the case is at version {current}",
            current_version=current,
        )
        self.current_version = current


class InvalidInput(ServiceError):
    """Input that decodes but cannot be accepted; names the field and the reason."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}", field=field, reason=reason)
        self.field = field
        self.reason = reason


class IdempotencyMismatch(ServiceError):
    """An Idempotency-Key was reused for a different request."""
