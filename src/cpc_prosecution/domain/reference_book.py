"""Events name offices, courts and hotspots by their registered ids; the book puts the records in.

An event's `office`, `court`, `hotspot`, `to_office` or `to_court` is sent as the registered id
("OCP-0702-LLC"): that is the form to use. The whole record is still accepted (older clients), but it
brings no fact the id does not already give, so it is accepted only when it is the registered record;
a record that differs is refused, naming the sub-field that differs and the registered value.

What is folded, summarised and stored is always the record, as registered when the event was
recorded: `resolve_references` puts it in the id's place, and the fold refuses an id left in
(`lifecycle.kit.registered`). Folding offline a history that names ids (an advisor's notebook, a
test) takes one more step:

    book = ReferenceBook([*offices, *courts, *hotspots])  # e.g. from GET /v1/offices, /v1/courts, ...
    state = fold(resolve_references(history, book))
"""

from collections.abc import Iterable, Sequence
from typing import Final, NamedTuple

import msgspec
import msgspec.inspect as mi

from cpc_prosecution.domain.errors import DomainError
from cpc_prosecution.domain.events.corrections import Supersession
from cpc_prosecution.domain.events.union import CaseEvent
from cpc_prosecution.domain.near_miss import closest
from cpc_prosecution.domain.reference import Court, Hotspot, ProsecutionOffice

__all__ = (
    "NOUN",
    "REFERENCE_TYPES",
    "DifferingRecord",
    "NamedReference",
    "Reference",
    "ReferenceBook",
    "ReferenceProblem",
    "UnknownReference",
    "by_id",
    "reference_id",
    "references_named",
    "resolve_event",
    "resolve_references",
)

Reference = ProsecutionOffice | Court | Hotspot
REFERENCE_TYPES: Final = (ProsecutionOffice, Court, Hotspot)
_ID_FIELD: Final[dict[type[Reference], str]] = {
    ProsecutionOffice: "office_id",
    Court: "court_id",
    Hotspot: "hotspot_id",
}
#: What a person calls each kind, in messages.
NOUN: Final[dict[type[Reference], str]] = {ProsecutionOffice: "office", Court: "court", Hotspot: "hotspot"}


def reference_id(record: Reference) -> str:
    """The registered id of a record."""
    ident: str = getattr(record, _ID_FIELD[type(record)])
    return ident


class ReferenceProblem(DomainError):
    """An event names an office, court or hotspot that cannot be put in: `field` is the JSON path of
    the value at fault (e.g. `events[2].office`), `reason` what is wrong and what to send instead."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class UnknownReference(ReferenceProblem):
    """The id is not registered; `closest` is the registered id of that kind it most resembles."""

    def __init__(self, field: str, kind: type[Reference], ident: str, near: str | None) -> None:
        hint = f"; did you mean `{near}`?" if near is not None else ""
        super().__init__(field, f"{ident} is not a registered {NOUN[kind]} id{hint}")
        self.kind = kind
        self.ident = ident
        self.closest = near


class DifferingRecord(ReferenceProblem):
    """A whole record was sent that differs from the registered one: `field` names the first sub-field
    that differs; `registered` is the record as registered."""

    def __init__(self, field: str, reason: str, registered: Reference) -> None:
        super().__init__(field, reason)
        self.registered = registered


class NamedReference(NamedTuple):
    """A reference an event names: where (JSON path), of what kind, and as sent (id or record)."""

    field: str
    kind: type[Reference]
    sent: str | Reference

    @property
    def ident(self) -> str:
        return self.sent if isinstance(self.sent, str) else reference_id(self.sent)


_FIELDS: dict[type, tuple[tuple[str, type[Reference]], ...]] = {}


def _unwrap(info: mi.Type) -> mi.Type:
    while isinstance(info, mi.Metadata):
        info = info.type
    return info


def reference_fields(event_type: type) -> tuple[tuple[str, type[Reference]], ...]:
    """(field name, kind) of each field of `event_type` that names a reference (worked out once per type)."""
    found = _FIELDS.get(event_type)
    if found is None:
        info = mi.type_info(event_type)
        assert isinstance(info, mi.StructType)
        pairs: list[tuple[str, type[Reference]]] = []
        for field in info.fields:
            kind = _unwrap(field.type)
            variants = kind.types if isinstance(kind, mi.UnionType) else (kind,)
            pairs += [
                (field.name, v.cls)
                for v in map(_unwrap, variants)
                if isinstance(v, mi.StructType) and v.cls in REFERENCE_TYPES
            ]
        found = _FIELDS[event_type] = tuple(pairs)
    return found


def references_named(events: Sequence[CaseEvent], path: str = "events") -> list[NamedReference]:
    """Every reference the events name (a supersession's replacement included), in order."""
    named: list[NamedReference] = []
    for i, event in enumerate(events):
        for name, kind in reference_fields(type(event)):
            value = getattr(event, name)
            if value is not None:
                named.append(NamedReference(f"{path}[{i}].{name}", kind, value))
        if isinstance(event, Supersession):
            named += references_named([event.replacement], f"{path}[{i}].replacement")
    return named


class ReferenceBook:
    """Registered offices, courts and hotspots by id: what `resolve_references` puts in the ids' place.

    A book need hold only the records a history names; for the closest-id hint on an unknown id it
    should hold every registered record of that kind."""

    def __init__(self, records: Iterable[Reference] = ()) -> None:
        self._by_kind: dict[type[Reference], dict[str, Reference]] = {kind: {} for kind in REFERENCE_TYPES}
        for record in records:
            self.add(record)

    def add(self, record: Reference) -> None:
        self._by_kind[type(record)][reference_id(record)] = record

    def get(self, kind: type[Reference], ident: str) -> Reference | None:
        return self._by_kind[kind].get(ident)

    def ids(self, kind: type[Reference]) -> list[str]:
        return sorted(self._by_kind[kind])


def _registered(book: ReferenceBook, ref: NamedReference) -> Reference:
    """The registered record for what was sent: an id, or a record identical to the registered one."""
    record = book.get(ref.kind, ref.ident)
    if record is None:
        where = ref.field if isinstance(ref.sent, str) else f"{ref.field}.{_ID_FIELD[ref.kind]}"
        raise UnknownReference(where, ref.kind, ref.ident, closest(ref.ident, book.ids(ref.kind)))
    if isinstance(ref.sent, str) or ref.sent == record:
        return record
    differing = [name for name in record.__struct_fields__ if getattr(record, name) != getattr(ref.sent, name)]
    shown = msgspec.to_builtins
    registered_as = ", ".join(
        f"{name} {shown(getattr(record, name))!r} (sent {shown(getattr(ref.sent, name))!r})" for name in differing
    )
    reason = (
        f'{ref.ident} is registered with {registered_as}; send the id alone ("{ref.ident}"): '
        "a whole record is accepted only as registered"
    )
    raise DifferingRecord(f"{ref.field}.{differing[0]}", reason, record)


def resolve_event(event: CaseEvent, book: ReferenceBook, where: str) -> CaseEvent:
    """One event with its reference ids replaced by the records (`where`: its JSON path, for errors)."""
    changes: dict[str, object] = {}
    for name, kind in reference_fields(type(event)):
        sent = getattr(event, name)
        if sent is not None:
            record = _registered(book, NamedReference(f"{where}.{name}", kind, sent))
            if isinstance(sent, str):
                changes[name] = record
    if isinstance(event, Supersession):
        replacement = resolve_event(event.replacement, book, f"{where}.replacement")
        if replacement is not event.replacement:
            changes["replacement"] = replacement
    if not changes:
        return event
    try:  # the event checks itself again with the records in (e.g. the hotspot must cover the date)
        return msgspec.structs.replace(event, **changes)
    except ValueError as exc:
        raise ReferenceProblem(f"{where}.{next(iter(changes))}", str(exc)) from None


def resolve_references(events: Sequence[CaseEvent], book: ReferenceBook, path: str = "events") -> list[CaseEvent]:
    """The events with each reference id replaced by its registered record (a supersession's
    replacement too); an event naming none is returned as it is.

    Raises `UnknownReference` for an id the book does not hold (with the closest registered id),
    `DifferingRecord` for a whole record unlike the registered one (naming the sub-field), and
    `ReferenceProblem` when the record does not fit the event (a hotspot not covering the date)."""
    return [resolve_event(event, book, f"{path}[{i}]") for i, event in enumerate(events)]


def by_id(event: CaseEvent) -> CaseEvent:
    """The event naming its references by id, the form to send (the inverse of `resolve_references`)."""
    changes: dict[str, object] = {
        name: reference_id(value)
        for name, _ in reference_fields(type(event))
        if isinstance(value := getattr(event, name), REFERENCE_TYPES)
    }
    if isinstance(event, Supersession):
        changes["replacement"] = by_id(event.replacement)
    return msgspec.structs.replace(event, **changes) if changes else event
