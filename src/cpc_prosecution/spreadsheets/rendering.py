"""The other way: an event as a row of the `events` layout, a summary as a row of plain cells.

The inverse of `fields.read_field`: what `export events` writes, `import` reads back to the same event.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from typing import Any

import msgspec
import msgspec.inspect as mi

from cpc_prosecution.domain.children import CELL_FIELDS, ChildCounts
from cpc_prosecution.domain.events import CaseEvent, event_tag
from cpc_prosecution.spreadsheets.fields import REFERENCE_TYPES, unwrap

__all__ = ("event_cells", "plain_cell")


def plain_cell(value: Any) -> str:
    """A value as one cell's text: dates ISO, codes as their value, lists and records as JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, str | int | float | uuid.UUID):
        return str(value)
    return msgspec.json.encode(value).decode()


def _field_cells(name: str, t: mi.Type, value: Any) -> dict[str, str]:
    inner = unwrap(t)
    if value is None:
        return {}
    if isinstance(value, ChildCounts):
        return {f"{name}.{cell}": str(getattr(value, cell)) for cell in CELL_FIELDS if getattr(value, cell)}
    if isinstance(inner, mi.StructType) and inner.cls in REFERENCE_TYPES:
        key = next(f.name for f in msgspec.structs.fields(inner.cls) if f.name.endswith("_id"))
        return {name: str(getattr(value, key))}
    if isinstance(inner, mi.VarTupleType):
        if not value:
            return {}
        if isinstance(unwrap(inner.item_type), mi.StructType):
            return {name: msgspec.json.encode(value).decode()}
        return {name: ", ".join(plain_cell(v) for v in value)}
    return {name: plain_cell(value)}


def event_cells(office_id: str, docket_number: str, event: CaseEvent) -> dict[str, str]:
    """The event as an `events` layout row (empty cells left out; a detection's case id is not a column)."""
    cells = {
        "office_id": office_id,
        "docket_number": docket_number,
        "event_type": event_tag(event),
        "occurred_on": event.occurred_on.isoformat(),
    }
    info = mi.type_info(type(event))
    assert isinstance(info, mi.StructType)
    for field in info.fields:
        if field.name in {"case_id", "occurred_on"}:
            continue
        cells.update(_field_cells(field.name, field.type, getattr(event, field.name)))
    return cells
