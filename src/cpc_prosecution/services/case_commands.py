"""What a client sends to open a case or add to its history, and what it gets back.

These Structs are the use cases' inputs and outputs, and the API's wire types: strict (unknown
fields rejected), bounded (array lengths), and free of personal data by construction.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Final

import msgspec
from msgspec import Meta

from cpc_prosecution.domain import CaseEvent, Detection
from cpc_prosecution.domain.events.union import TAG_OF
from cpc_prosecution.domain.types import Identifier
from cpc_prosecution.services.dockets import MAX_DOCKET_LENGTH, DocketKind
from cpc_prosecution.services.errors import InvalidInput

__all__ = (
    "MAX_EVENTS_PER_APPEND",
    "AppendEvents",
    "CaseOpened",
    "DocketNumber",
    "EventsAppended",
    "FirstEvent",
    "OpenCase",
    "detection_from",
)

MAX_EVENTS_PER_APPEND: Final = 100


def _first_event_type() -> type[msgspec.Struct]:
    # The Detection event without its case_id: the case's id is a random UUID the server assigns,
    # so the client cannot know it yet. Built from Detection's own fields so the two never drift.
    fields: list[tuple[str, Any] | tuple[str, Any, Any]] = []
    for f in msgspec.structs.fields(Detection):
        if f.name == "case_id":
            continue
        if f.required:
            fields.append((f.name, f.type))
        else:
            fields.append((f.name, f.type, f.default if f.default is not msgspec.NODEFAULT else f.default_factory()))
    # Tagged like the event in an append ("type": "detection"), so a client encodes every event the same
    # way; the tag may be left out (as clients did before it was accepted).
    return msgspec.defstruct(
        "FirstEvent",
        fields,
        kw_only=True,
        frozen=True,
        forbid_unknown_fields=True,
        tag_field="type",
        tag=TAG_OF[Detection],
        module=__name__,
    )


FirstEvent = _first_event_type()
"""The detection (report, referral or complaint) that opens a case: `Detection` minus `case_id`, with or
without its `"type": "detection"` tag."""


def detection_from(first: msgspec.Struct, case_id: uuid.UUID) -> Detection:
    """The domain event for a new case: the client's first event plus the assigned id.

    Detection checks its own invariants (e.g. the hotspot designation must cover the detection date);
    a violation is the client's input error, named as such."""
    data = msgspec.structs.asdict(first)
    try:
        return Detection(case_id=str(case_id), **data)
    except (ValueError, TypeError) as exc:
        raise InvalidInput("first_event", str(exc)) from None


class DocketNumber(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A docket number to find the case by: NPS docket (scope: office) or criminal case (scope: court).

    Only a keyed hash of `number` is stored."""

    kind: DocketKind
    scope_id: Identifier
    number: Annotated[str, Meta(min_length=1, max_length=MAX_DOCKET_LENGTH)]


class OpenCase(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Open a case owned by `office_id`, starting with its detection and, optionally, the events that
    followed it (a case recorded after the fact): stored all or nothing."""

    office_id: Identifier
    first_event: FirstEvent  # type: ignore[valid-type]
    events: Annotated[list[CaseEvent], Meta(max_length=MAX_EVENTS_PER_APPEND)] = []
    """The events after the detection, in order, as in an append (seq 2, 3, ...)."""
    dockets: Annotated[list[DocketNumber], Meta(max_length=4)] = []


class AppendEvents(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Events to add, in order, to a case last seen at `expected_version`."""

    expected_version: Annotated[int, Meta(ge=1)]
    events: Annotated[list[CaseEvent], Meta(min_length=1, max_length=MAX_EVENTS_PER_APPEND)]


class CaseOpened(msgspec.Struct, frozen=True, kw_only=True):
    case_id: uuid.UUID
    version: int


class EventsAppended(msgspec.Struct, frozen=True, kw_only=True):
    case_id: uuid.UUID
    version: int
    """The case's version after the append: pass it as the next `expected_version`."""
    appended: list[int]
    """Sequence numbers given to the events, in order."""
