"""Events name offices, courts and hotspots by their registered ids; the records go in before anything else.

A case's office or court drives access scope and every breakdown of the metrics, so an event may
only name one that exists. It names it by id (the whole record is still accepted, only as registered:
it adds nothing to the id); the registered record is put in the id's place
(`domain.reference_book.resolve_references`) before the history is folded and stored, so what is
stored is always the record as registered when the event was recorded. Each distinct id is read once
per batch (one query each; an event naming none costs none). Likewise a `place_psgc`, once a PSGC
masterlist is loaded, must be an area it lists (its shape, a 10-digit code with a region 01-19, is
checked on decoding).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from cpc_prosecution.domain import CaseEvent, Court, Detection, Hotspot, ProsecutionOffice, Supersession
from cpc_prosecution.domain.reference_book import (
    Reference,
    ReferenceBook,
    ReferenceProblem,
    UnknownReference,
    references_named,
    resolve_event,
    resolve_references,
)
from cpc_prosecution.services.errors import InvalidInput
from cpc_prosecution.store import psgc as psgc_store
from cpc_prosecution.store import reference as store

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from cpc_prosecution.store.pool import Connection

__all__ = ("ReferenceCache", "check_detection_references", "check_event_references")

#: Records read in this batch, by (kind, id); None for an id that is not registered.
ReferenceCache = dict[tuple[type, str], Reference | None]

_GET: Final[dict[type, Callable[[Connection, str], Awaitable[Reference | None]]]] = {
    ProsecutionOffice: store.get_office,
    Court: store.get_court,
    Hotspot: store.get_hotspot,
}
_LIST: Final[dict[type, Callable[[Connection], Awaitable[Sequence[Reference]]]]] = {
    ProsecutionOffice: store.list_offices,
    Court: store.list_courts,
    Hotspot: store.list_hotspots,
}
_LISTING: Final[dict[type, str]] = {ProsecutionOffice: "offices", Court: "courts", Hotspot: "hotspots"}


async def _book(conn: Connection, events: Sequence[CaseEvent], path: str, cache: ReferenceCache) -> ReferenceBook:
    """The records the events name, each read once per batch; with an unknown id, every registered
    record of its kind too (one more query, only then), so the answer can name the closest id."""
    book = ReferenceBook()
    unknown_kinds: set[type] = set()
    for ref in references_named(events, path):
        key = (ref.kind, ref.ident)
        if key not in cache:
            cache[key] = await _GET[ref.kind](conn, ref.ident)
        record = cache[key]
        if record is None:
            unknown_kinds.add(ref.kind)
        else:
            book.add(record)
    for kind in unknown_kinds:
        for record in await _LIST[kind](conn):
            book.add(record)
    return book


def _refused(problem: ReferenceProblem) -> InvalidInput:
    if isinstance(problem, UnknownReference):
        return InvalidInput(problem.field, f"{problem.reason} (registered ids: GET /v1/{_LISTING[problem.kind]})")
    return InvalidInput(problem.field, problem.reason)


async def check_event_references(
    conn: Connection,
    events: Sequence[CaseEvent],
    path: str = "events",
    *,
    cache: ReferenceCache | None = None,
    places: dict[str, bool | None] | None = None,
) -> list[CaseEvent]:
    """The events with the registered records in place of the ids they name; InvalidInput naming the
    field for an unregistered id (with the closest registered one), a record unlike the registered one
    (naming the sub-field), or a place the loaded PSGC masterlist does not list.

    `cache` and `places` let a batch (an import, or a case opened with its history) read each record
    and each place once."""
    book = await _book(conn, events, path, {} if cache is None else cache)
    try:
        resolved = resolve_references(events, book, path)
    except ReferenceProblem as problem:
        raise _refused(problem) from None
    await _check_places(conn, resolved, path, {} if places is None else places)
    return resolved


async def check_detection_references(
    conn: Connection, detection: Detection, path: str = "first_event", *, cache: ReferenceCache | None = None
) -> Detection:
    """`check_event_references` for the detection that opens a case (its fields named under `path`)."""
    book = await _book(conn, [detection], path, {} if cache is None else cache)
    try:
        resolved = resolve_event(detection, book, path)
    except ReferenceProblem as problem:
        raise _refused(problem) from None
    assert isinstance(resolved, Detection)
    place = resolved.place_psgc
    if await psgc_store.place_listed(conn, place) is False:
        raise InvalidInput(f"{path}.place_psgc", f"{place} is not an area of the loaded PSGC masterlist")
    return resolved


async def _check_places(
    conn: Connection, events: Sequence[CaseEvent], path: str, listed: dict[str, bool | None]
) -> None:
    """InvalidInput naming the field when a place is not an area of the loaded masterlist."""
    for i, event in enumerate(events):
        place = getattr(event, "place_psgc", None)
        if isinstance(place, str):
            if place not in listed:
                listed[place] = await psgc_store.place_listed(conn, place)
            if listed[place] is False:
                raise InvalidInput(f"{path}[{i}].place_psgc", f"{place} is not an area of the loaded PSGC masterlist")
        if isinstance(event, Supersession):
            await _check_places(conn, [event.replacement], f"{path}[{i}].replacement", listed)
