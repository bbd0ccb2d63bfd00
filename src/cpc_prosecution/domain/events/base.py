"""The common base of every case event, and the checks events share.

Every event is a frozen, keyword-only msgspec Struct tagged in the `type` field with a stable
snake_case tag. Unknown fields are rejected on decode (`forbid_unknown_fields`), so nobody can
smuggle a name or narrative in. No event has a field for a name, birth date, address, phone
number or free text: accused are positions (A1, A2, ...), children are counts, reasons are codes.
"""

import datetime as dt
from collections.abc import Iterable
from typing import Self

import msgspec

from cpc_prosecution.domain.offences import is_chargeable


class Event(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, tag_field="type"):
    """Base of all case events. `occurred_on` is the business date (Philippine calendar)."""

    occurred_on: dt.date

    @classmethod
    def sample(cls, day: dt.date) -> Self:
        """A well-formed event of this type dated `day`, with the optional fields that must agree with
        its date (time of day, hotspot) left out. Each event type declares its own beside its fields
        (tests/unit/domain/test_event_registry.py requires it): the tests draw it, the history
        generator proposes it for a type it has no weights for, and the stored-payload fixture's new
        entry is written from it (docs/domain.md "Event evolution")."""
        raise NotImplementedError(f"{cls.__name__} declares no sample")


def check_accused(accused: Iterable[str], field: str = "accused") -> None:
    """No position is listed twice (their shape and number are `Meta` of `AccusedPositions`)."""
    check_unique(accused, field)


def check_offences(codes: Iterable[str], field: str) -> None:
    """Every code is a known, chargeable offence code."""
    for code in codes:
        if not is_chargeable(code):
            raise ValueError(f"{field}: unknown or non-chargeable offence code {code!r}")


def check_unique(values: Iterable[object], field: str) -> None:
    """No value appears twice."""
    seen: set[object] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{field}: {value} listed twice")
        seen.add(value)
