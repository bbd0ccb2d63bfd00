"""The `events` layout: one row per event — case key, event type, date, the event's coded fields."""

from __future__ import annotations

import functools
import re
from typing import Final

import msgspec
import msgspec.inspect as mi

from cpc_prosecution.domain.events import CaseEvent
from cpc_prosecution.domain.events.union import FACT_TAGS, TYPE_OF
from cpc_prosecution.spreadsheets.cells import CellError, Problem, parse_code, parse_date, text
from cpc_prosecution.spreadsheets.fields import ColumnError, Registry, field_columns, read_field
from cpc_prosecution.spreadsheets.table import Row

__all__ = ("EVENT_KEY_COLUMNS", "event_columns", "event_fields", "read_event")

#: Columns every row has: whose case (office + its NPS docket number), what happened, when.
EVENT_KEY_COLUMNS: Final = ("office_id", "docket_number", "event_type", "occurred_on")
#: Filled by the importer, never by a sheet (the case id is made on import).
_FILLED: Final = frozenset({"case_id", "occurred_on"})
#: Placeholder case id in a parsed detection; `services.imports` gives each case its own.
PENDING_CASE_ID: Final = "pending-import"
_PATH: Final = re.compile(r"`\$\.?([a-z_]+)")


@functools.cache
def event_fields(tag: str) -> tuple[mi.Field, ...]:
    """The fields a sheet supplies for one event type (corrections are not imported); inspected once
    per type, as every row of an import asks."""
    info = mi.type_info(TYPE_OF[tag])
    assert isinstance(info, mi.StructType)
    return tuple(f for f in info.fields if f.name not in _FILLED)


def event_columns() -> tuple[str, ...]:
    """Every column of the layout: the key columns, then each field column once, in event order."""
    seen: dict[str, None] = dict.fromkeys(EVENT_KEY_COLUMNS)
    for tag in FACT_TAGS:
        for field in event_fields(tag):
            seen.update(dict.fromkeys(field_columns(field.name, field.type)))
    return tuple(seen)


def read_event(row: Row, registry: Registry) -> tuple[CaseEvent | None, list[Problem]]:
    """The row's event, or the problems that stop it (every bad cell, not just the first)."""
    problems: list[Problem] = []

    def problem(column: str, message: str, suggestion: str | None = None) -> None:
        value = text(row.cells.get(column))
        problems.append(Problem(row=row.number, column=column, value=value, message=message, suggestion=suggestion))

    for column in ("event_type", "occurred_on"):
        if column not in row.cells:
            problem(column, "required, but empty")
    try:
        tag = parse_code(row.cells["event_type"], FACT_TAGS) if "event_type" in row.cells else None
    except CellError as exc:
        problem("event_type", str(exc), exc.suggestion)
        tag = None
    data: dict[str, object] = {}
    if "occurred_on" in row.cells:
        try:
            data["occurred_on"] = parse_date(row.cells["occurred_on"]).isoformat()
        except CellError as exc:
            problem("occurred_on", str(exc))
    if tag is None:
        return None, problems
    fields = event_fields(tag)
    used = set(EVENT_KEY_COLUMNS)
    for field in fields:
        used.update(field_columns(field.name, field.type))
        try:
            value = read_field(row.cells, field.name, field.type, registry)
        except ColumnError as exc:
            problem(exc.column, str(exc.error), exc.error.suggestion)
            continue
        if value is not None:
            data[field.name] = value
        elif field.required:
            problem(field.name, f"required for {tag}, but empty")
    for column in sorted(set(row.cells) - used):
        problem(column, f"{tag} has no such field; leave it empty on this row")
    if problems:
        return None, problems
    if tag == "detection":
        data["case_id"] = PENDING_CASE_ID
    try:
        return msgspec.convert(data, TYPE_OF[tag], strict=False), []
    except msgspec.ValidationError as exc:
        match = _PATH.search(str(exc))
        problem(match.group(1) if match else "event_type", str(exc).split(" - at ")[0])
        return None, problems
