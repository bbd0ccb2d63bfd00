"""Examples for the OpenAPI document, built from the domain's own example histories so they are
always valid requests (tests post them). Events name offices, courts and hotspots by their registered
id, the form to send (`domain.reference_book`)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, Final

import msgspec
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example

from cpc_prosecution.domain import TYPE_OF, CaseEvent, event_tag
from cpc_prosecution.domain.examples import (
    ALL_EXAMPLES,
    CITY_OFFICE,
    FAMILY_COURT,
    HOTSPOT,
    plea_bargain_history,
)
from cpc_prosecution.domain.reference_book import by_id

__all__ = (
    "APPEND_EVENTS",
    "APPEND_EXAMPLES",
    "COURT",
    "DOCKET",
    "EVENT_EXAMPLES",
    "EXAMPLE_HISTORIES",
    "HOTSPOT_EXAMPLE",
    "OFFICE",
    "OPEN_CASE",
    "PROBLEM_RESPONSES",
    "EventExample",
    "ProblemDetails",
    "sent",
)

_HISTORY = plea_bargain_history()


def sent(event: CaseEvent) -> dict[str, Any]:
    """The event as a client sends it: references by id."""
    body: dict[str, Any] = msgspec.to_builtins(by_id(event))
    return body


def _first_event() -> dict[str, Any]:
    first = sent(_HISTORY[0])
    del first["case_id"], first["type"]
    return first


OPEN_CASE: Final = Example(
    summary="OSEC referral opened by a city prosecution office",
    value={
        "office_id": CITY_OFFICE.office_id,
        "first_event": _first_event(),
        "dockets": [{"kind": "nps", "scope_id": CITY_OFFICE.office_id, "number": "NPS XV-07-INV-24B-00456"}],
    },
)
APPEND_EVENTS: Final = Example(
    summary="Operation and arrest after the referral",
    value={"expected_version": 1, "events": [sent(e) for e in _HISTORY[1:3]]},
)


#: Where the per-type examples come from: the domain's documented histories (`ALL_EXAMPLES`: the
#: outcome paths, and the side paths that record bail, transfer, withdrawal, dismissal, corrections).
EXAMPLE_HISTORIES: Final[dict[str, Callable[[], list[CaseEvent]]]] = ALL_EXAMPLES


class EventExample(msgspec.Struct, frozen=True, kw_only=True):
    """One example append of one event type: the event at `seq` of history `history`."""

    event_type: str
    history: str
    seq: int
    example: Example


def _event_examples() -> dict[str, EventExample]:
    """The first occurrence of each event type over `EXAMPLE_HISTORIES`, as an append of that event
    alone at the version before it (detection: the open-case example)."""
    found: dict[str, EventExample] = {}
    for name, build in EXAMPLE_HISTORIES.items():
        for index, event in enumerate(build()):
            tag = event_tag(event)
            if tag in found or tag == "detection":
                continue
            doc = " ".join((type(event).__doc__ or tag).strip().split("\n\n")[0].split())
            found[tag] = EventExample(
                event_type=tag,
                history=name,
                seq=index + 1,
                example=Example(
                    summary=tag,
                    description=f"{doc} Event {index + 1} of the `{name}` example history (docs/worked-case.md).",
                    value={"expected_version": index, "events": [sent(event)]},
                ),
            )
    missing = set(TYPE_OF) - set(found) - {"detection"}
    if missing:  # pragma: no cover - a new event type needs an example history that records it
        raise RuntimeError(f"no example for event types {sorted(missing)}")
    return found


#: One example append per event type (all but `detection`, opened by `OPEN_CASE`), by type.
EVENT_EXAMPLES: Final[dict[str, EventExample]] = _event_examples()
#: The append endpoint's examples: the two-event append, then one per event type in lifecycle order.
APPEND_EXAMPLES: Final[list[Example]] = [
    APPEND_EVENTS,
    *(EVENT_EXAMPLES[tag].example for tag in TYPE_OF if tag in EVENT_EXAMPLES),
]
DOCKET: Final = Example(
    summary="Criminal case number after filing",
    value={"kind": "criminal_case", "scope_id": FAMILY_COURT.court_id, "number": "R-LLP-24-01234-CR"},
)
OFFICE: Final = Example(summary="A city prosecution office", value=msgspec.to_builtins(CITY_OFFICE))
COURT: Final = Example(summary="An RTC branch designated as a family court", value=msgspec.to_builtins(FAMILY_COURT))
HOTSPOT_EXAMPLE: Final = Example(
    summary="A city flagged for CyberTip concentration", value=msgspec.to_builtins(HOTSPOT)
)


class ProblemDetails(msgspec.Struct, kw_only=True):
    """RFC 9457 problem details; extra members depend on the problem `type`."""

    status: int
    type: str | None = None
    title: str | None = None
    detail: str | None = None


_CASE = str(uuid.UUID(int=1))

PROBLEM_RESPONSES: Final[dict[int, ResponseSpec]] = {
    400: ResponseSpec(
        data_container=ProblemDetails,
        media_type="application/problem+json",
        description="The body or a parameter does not decode: `errors` lists each field and reason",
        examples=[
            Example(
                summary="Unknown field",
                value={
                    "status": 400,
                    "type": "/problems/invalid-request",
                    "title": "Invalid request",
                    "detail": "$: Object contains unknown field `victim_name`",
                    "errors": [{"field": "$", "reason": "Object contains unknown field `victim_name`"}],
                },
            )
        ],
    ),
    401: ResponseSpec(
        data_container=ProblemDetails,
        media_type="application/problem+json",
        description="No API key, or an unknown, expired or revoked one",
    ),
    403: ResponseSpec(
        data_container=ProblemDetails,
        media_type="application/problem+json",
        description="The key's role may not do this (or not for this office)",
    ),
    404: ResponseSpec(data_container=ProblemDetails, media_type="application/problem+json", description="No such case"),
    409: ResponseSpec(
        data_container=ProblemDetails,
        media_type="application/problem+json",
        description="Stale `expected_version` (the body has `current_version`), or the record already exists",
        examples=[
            Example(
                summary="Stale version",
                value={
                    "status": 409,
                    "type": "/problems/version-conflict",
                    "title": "Version conflict",
                    "detail": "expected_version 1 is stale: the case is at version 3",
                    "current_version": 3,
                },
            )
        ],
    ),
    422: ResponseSpec(
        data_container=ProblemDetails,
        media_type="application/problem+json",
        description="An event not allowed next, dated out of order, or naming an unregistered record",
        examples=[
            Example(
                summary="Illegal transition",
                value={
                    "status": 422,
                    "type": "/problems/illegal-transition",
                    "title": "Event not allowed in the current stage",
                    "detail": "event #2: promulgation is not allowed at stage DETECTION; allowed next: ...",
                    "event_seq": 2,
                    "current_stage": "DETECTION",
                    "event_type": "promulgation",
                    "allowed_next": ["case_build_up", "operation", "arrest", "preliminary_investigation"],
                },
            ),
            Example(
                summary="Unregistered id",
                value={
                    "status": 422,
                    "type": "/problems/invalid-input",
                    "title": "Invalid input",
                    "detail": "events[0].court: RTC-R7-LLC-FC45 is not a registered court id; did you mean "
                    "`RTC-R7-LLC-FC54`? (registered ids: GET /v1/courts)",
                    "field": "events[0].court",
                    "reason": "RTC-R7-LLC-FC45 is not a registered court id; did you mean `RTC-R7-LLC-FC54`? "
                    "(registered ids: GET /v1/courts)",
                },
            ),
        ],
    ),
}
