"""Linked tables: cells of counts and the additive relations ("total = sum of parts") among them.

This is the general form every protection step works on. A row total, a column total, a court →
region → nation hierarchy, quarters → year and a link to an earlier release are all the same
thing here: one `Relation`. Tables that share cells (the national-by-year cell of a region table
and of a court table) are merged into one `LinkedTables` with `combine`, so they are protected
jointly. The builders in `table_builders` write the relations for the common shapes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import msgspec

from cpc_prosecution.disclosure.errors import TableError

__all__ = ("Cell", "CellKey", "LinkedTables", "Relation", "combine")

CellKey = tuple[str, ...]
"""Coordinates of a cell, e.g. ``("NCR", "2025", "filed")``; equal keys are the same cell."""


class Cell(msgspec.Struct, frozen=True, kw_only=True):
    """One count. `value` is the additive quantity that may be published (cases, or children);
    `subjects` is the number of distinct children behind it, which the threshold also checks."""

    key: CellKey
    value: int
    subjects: int
    upper_bound: int | None = None
    """A public upper bound the attacker is assumed to know (e.g. a capacity), if any."""


class Relation(msgspec.Struct, frozen=True):
    """``total = sum(parts)``: holds for the true values and is known to everyone."""

    total: CellKey
    parts: tuple[CellKey, ...]

    def members(self) -> tuple[CellKey, ...]:
        """The total, then the parts."""
        return (self.total, *self.parts)


class LinkedTables(msgspec.Struct, frozen=True, kw_only=True):
    """Cells plus the relations among them; validated on construction."""

    cells: tuple[Cell, ...]
    relations: tuple[Relation, ...] = ()

    def __post_init__(self) -> None:
        values: dict[CellKey, int] = {}
        for cell in self.cells:
            _check_cell(cell)
            if cell.key in values:
                raise TableError(f"cell {cell.key!r} appears twice")
            values[cell.key] = cell.value
        for relation in self.relations:
            _check_relation(relation, values)

    def by_key(self) -> dict[CellKey, Cell]:
        """Cells indexed by key."""
        return {cell.key: cell for cell in self.cells}


def _check_cell(cell: Cell) -> None:
    if cell.value < 0 or cell.subjects < 0:
        raise TableError(f"cell {cell.key!r} has a negative count")
    if cell.value == 0 and cell.subjects != 0:
        raise TableError(f"cell {cell.key!r} counts no cases but {cell.subjects} children")
    if cell.upper_bound is not None and cell.upper_bound < cell.value:
        raise TableError(f"cell {cell.key!r} exceeds its known upper bound {cell.upper_bound}")


def _check_relation(relation: Relation, values: Mapping[CellKey, int]) -> None:
    members = relation.members()
    if not relation.parts:
        raise TableError(f"relation for {relation.total!r} has no parts")
    if len(set(members)) != len(members):
        raise TableError(f"relation for {relation.total!r} names a cell twice")
    missing = [key for key in members if key not in values]
    if missing:
        raise TableError(f"relation for {relation.total!r} names unknown cells {missing!r}")
    parts_sum = sum(values[key] for key in relation.parts)
    if values[relation.total] != parts_sum:
        raise TableError(f"total {relation.total!r} is {values[relation.total]} but its parts sum to {parts_sum}")


def combine(*tables: LinkedTables, relations: Iterable[Relation] = ()) -> LinkedTables:
    """Merge tables into one system; a cell shared by several tables must have the same value.

    Its distinct-children count may differ, because builders derive a lower bound for totals whose
    count was not given (see `table_builders`); the larger is kept. Known upper bounds combine too.

    Extra `relations` (e.g. between tables whose keys differ) are added as well. Duplicate
    relations (same total, same set of parts) are kept once.
    """
    cells: dict[CellKey, Cell] = {}
    for table in tables:
        for cell in table.cells:
            known = cells.setdefault(cell.key, cell)
            if known.value != cell.value:
                raise TableError(f"cell {cell.key!r} differs between tables: {known.value} vs {cell.value}")
            bounds = [bound for bound in (known.upper_bound, cell.upper_bound) if bound is not None]
            cells[cell.key] = Cell(
                key=cell.key,
                value=cell.value,
                subjects=max(known.subjects, cell.subjects),
                upper_bound=min(bounds) if bounds else None,
            )
    seen: set[tuple[CellKey, frozenset[CellKey]]] = set()
    merged: list[Relation] = []
    for relation in [r for table in tables for r in table.relations] + list(relations):
        signature = (relation.total, frozenset(relation.parts))
        if signature not in seen:
            seen.add(signature)
            merged.append(relation)
    return LinkedTables(cells=tuple(cells.values()), relations=tuple(merged))
