"""Events name offices, courts and hotspots by value; each must be the registered record.

A case's office or court drives access scope and every breakdown of the metrics, so an event may
only name one that exists, exactly as registered. Likewise a `place_psgc`, once a PSGC masterlist
is loaded, must be an area it lists (its shape, a 10-digit code with a region 01-19, is checked on
decoding).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import msgspec

from cpc_prosecution.domain import CaseEvent, Court, Hotspot, ProsecutionOffice, Supersession
from cpc_prosecution.services.errors import InvalidInput
from cpc_prosecution.store import psgc as psgc_store
from cpc_prosecution.store import reference as store

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

__all__ = ("check_event_references",)

Reference = ProsecutionOffice | Court | Hotspot


_REFERENCE_TYPES = (ProsecutionOffice, Court, Hotspot)
_FIELDS_BY_TYPE: dict[type, tuple[str, ...]] = {}


def _reference_fields(event_type: type) -> tuple[str, ...]:
    """Names of the fields of an event type that can hold a reference record (worked out once per type)."""
    names = _FIELDS_BY_TYPE.get(event_type)
    if names is None:
        info = msgspec.inspect.type_info(event_type)
        assert isinstance(info, msgspec.inspect.StructType)
        names = tuple(
            f.name
            for f in info.fields
            if any(
                isinstance(t, msgspec.inspect.StructType) and t.cls in _REFERENCE_TYPES
                for t in (f.type.types if isinstance(f.type, msgspec.inspect.UnionType) else (f.type,))
            )
        )
        _FIELDS_BY_TYPE[event_type] = names
    return names


def _named(events: Sequence[CaseEvent], path: str) -> list[tuple[str, Reference]]:
    found: list[tuple[str, Reference]] = []
    for i, event in enumerate(events):
        for name in _reference_fields(type(event)):
            value = getattr(event, name)
            if isinstance(value, _REFERENCE_TYPES):
                found.append((f"{path}[{i}].{name}", value))
        if isinstance(event, Supersession):  # the replacement names records too
            found.extend(_named([event.replacement], f"{path}[{i}].replacement"))
    return found


async def _registered(conn: Connection, ref: Reference) -> Reference | None:
    if isinstance(ref, ProsecutionOffice):
        return await store.get_office(conn, ref.office_id)
    if isinstance(ref, Court):
        return await store.get_court(conn, ref.court_id)
    return await store.get_hotspot(conn, ref.hotspot_id)


async def check_event_references(
    conn: Connection,
    events: Sequence[CaseEvent],
    path: str = "events",
    *,
    cache: dict[tuple[type, str], Reference | None] | None = None,
    places: dict[str, bool | None] | None = None,
) -> None:
    """InvalidInput naming the field when an event names an unregistered or altered reference record.

    `cache` and `places` let a batch (an import) look each record and each place up once."""
    seen: dict[tuple[type, str], Reference | None] = {} if cache is None else cache
    for field, ref in _named(events, path):
        ident = (
            ref.office_id
            if isinstance(ref, ProsecutionOffice)
            else ref.court_id
            if isinstance(ref, Court)
            else ref.hotspot_id
        )
        key = (type(ref), ident)
        if key not in seen:
            seen[key] = await _registered(conn, ref)
        registered = seen[key]
        if registered is None:
            raise InvalidInput(field, f"{ident} is not registered (see /v1/{_plural(ref)})")
        if registered != ref:
            raise InvalidInput(field, f"{ident} differs from the registered record: {_differences(ref, registered)}")
    await _check_places(conn, events, path, {} if places is None else places)


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


def _plural(ref: Reference) -> str:
    return "offices" if isinstance(ref, ProsecutionOffice) else "courts" if isinstance(ref, Court) else "hotspots"


def _differences(sent: msgspec.Struct, registered: msgspec.Struct) -> str:
    """Each sub-field that differs, with the registered value: what the client must send instead."""
    builtins = msgspec.to_builtins
    parts = [
        f"{name} is {builtins(getattr(registered, name))!r} (sent {builtins(getattr(sent, name))!r})"
        for name in registered.__struct_fields__
        if getattr(registered, name) != getattr(sent, name)
    ]
    return "; ".join(parts) or "send it as registered"
