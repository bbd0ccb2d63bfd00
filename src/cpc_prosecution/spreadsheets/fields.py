"""An event type's fields as spreadsheet columns, derived from the event Structs themselves.

A scalar field is one column of its own name; children counts are eight columns
(`children.girls_0_5` …); an office, court or hotspot is its registered id; a list of positions or
codes is typed in one cell ("A1, A2"); a list of records (filing counts, pleas, judgments) is JSON
in one cell. A new event type or field therefore needs no change here.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Mapping
from typing import Any, Final

import msgspec
import msgspec.inspect as mi

from cpc_prosecution.domain.children import CELL_FIELDS, ChildCounts
from cpc_prosecution.domain.reference import Court, Hotspot, ProsecutionOffice
from cpc_prosecution.spreadsheets.cells import (
    CellError,
    parse_bool,
    parse_code,
    parse_date,
    parse_int,
    parse_list,
    text,
)

__all__ = ("REFERENCE_TYPES", "ColumnError", "Registry", "codes_of", "field_columns", "read_field", "unwrap")

REFERENCE_TYPES: Final = (ProsecutionOffice, Court, Hotspot)
_ID_OF: Final[dict[type, str]] = {ProsecutionOffice: "office_id", Court: "court_id", Hotspot: "hotspot_id"}


class Registry(msgspec.Struct, frozen=True, kw_only=True):
    """The registered offices, courts and hotspots, by id (a sheet names them by id only)."""

    offices: Mapping[str, ProsecutionOffice]
    courts: Mapping[str, Court]
    hotspots: Mapping[str, Hotspot]

    def find(self, kind: type, key: str) -> object:
        tables: dict[type, Mapping[str, Any]] = {
            ProsecutionOffice: self.offices,
            Court: self.courts,
            Hotspot: self.hotspots,
        }
        table = tables[kind]
        if key in table:
            return msgspec.to_builtins(table[key])
        raise CellError(f"no registered {_ID_OF[kind].removesuffix('_id')} has this id", None)


def unwrap(t: mi.Type) -> mi.Type:
    """The field's own type, without constraints or `| None`."""
    while True:
        if isinstance(t, mi.Metadata):
            t = t.type
        elif isinstance(t, mi.UnionType):
            kinds = [u for u in t.types if not isinstance(u, mi.NoneType)]
            # An event names an office, court or hotspot by id or by record: a cell holds the id, read
            # into the registered record.
            kinds = [u for u in kinds if isinstance(u, mi.StructType) and u.cls in REFERENCE_TYPES] or kinds
            if len(kinds) != 1:
                return t
            t = kinds[0]
        else:
            return t


def _is_struct(t: mi.Type, cls: type) -> bool:
    return isinstance(t, mi.StructType) and t.cls is cls


def field_columns(name: str, t: mi.Type) -> tuple[str, ...]:
    """The column(s) one field takes."""
    if _is_struct(unwrap(t), ChildCounts):
        return tuple(f"{name}.{cell}" for cell in CELL_FIELDS)
    return (name,)


def codes_of(t: mi.Type) -> tuple[str, ...] | None:
    """The valid codes of a coded field (an enum, or a list of one), for drop-downs and near misses."""
    inner = unwrap(t)
    if isinstance(inner, mi.VarTupleType):
        inner = unwrap(inner.item_type)
    if isinstance(inner, mi.EnumType):
        return tuple(str(member.value) for member in inner.cls)
    return None


@functools.cache
def _enum_codes(cls: type[enum.Enum]) -> tuple[str, ...]:
    return tuple(str(m.value) for m in cls)


def _scalar(value: object, t: mi.Type) -> object:
    if isinstance(t, mi.EnumType):
        return parse_code(value, _enum_codes(t.cls))
    if isinstance(t, mi.DateType):
        return parse_date(value).isoformat()
    if isinstance(t, mi.IntType):
        return parse_int(value)
    if isinstance(t, mi.BoolType):
        return parse_bool(value)
    if isinstance(t, mi.StructType) and t.cls in REFERENCE_TYPES:
        raise AssertionError("references are resolved by read_field")
    return text(value)


def read_field(cells: Mapping[str, object], name: str, t: mi.Type, registry: Registry) -> object:
    """The field's value from the row, None when its cells are empty; ColumnError names the bad cell."""
    inner = unwrap(t)
    if _is_struct(inner, ChildCounts):
        counts: dict[str, int] = {}
        for cell in CELL_FIELDS:
            column = f"{name}.{cell}"
            if column in cells:
                counts[cell] = _checked(column, lambda c=column: parse_int(cells[c]))
        return counts or None
    if name not in cells:
        return None
    value = cells[name]
    if isinstance(inner, mi.StructType) and inner.cls in REFERENCE_TYPES:
        return _checked(name, lambda: registry.find(inner.cls, text(value)))
    if isinstance(inner, mi.VarTupleType):
        item = unwrap(inner.item_type)
        if isinstance(item, mi.StructType):
            try:
                return msgspec.json.decode(text(value))
            except msgspec.DecodeError:
                raise ColumnError(name, CellError("not a JSON list of records (see the Columns sheet)")) from None
        return [_checked(name, lambda p=part: _scalar(p, item)) for part in parse_list(value)]
    return _checked(name, lambda: _scalar(value, inner))


class ColumnError(ValueError):
    """A cell that cannot be read, with its column."""

    def __init__(self, column: str, error: CellError) -> None:
        super().__init__(str(error))
        self.column = column
        self.error = error


def _checked(column: str, read: Any) -> Any:
    try:
        return read()
    except CellError as exc:
        raise ColumnError(column, exc) from None
