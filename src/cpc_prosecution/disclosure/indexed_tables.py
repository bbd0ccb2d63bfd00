"""A canonical, indexed view of linked tables: sorted keys, sorted relations, relations per cell.

Every protection step works on this view, so the result never depends on the order in which the
caller listed cells or relations (determinism: same input, same pattern).
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Set as AbstractSet

from cpc_prosecution.disclosure.linked_tables import Cell, CellKey, LinkedTables, Relation

__all__ = ("IndexedTables",)


class IndexedTables:
    """Read-only index over one `LinkedTables`."""

    __slots__ = ("cells", "keys", "relations", "relations_of")

    def __init__(self, tables: LinkedTables) -> None:
        self.cells: dict[CellKey, Cell] = {cell.key: cell for cell in sorted(tables.cells, key=lambda c: c.key)}
        self.keys: tuple[CellKey, ...] = tuple(self.cells)
        canonical = {Relation(r.total, tuple(sorted(r.parts))) for r in tables.relations}
        self.relations: tuple[Relation, ...] = tuple(sorted(canonical, key=lambda r: (r.total, r.parts)))
        relations_of: dict[CellKey, list[int]] = {key: [] for key in self.keys}
        for index, relation in enumerate(self.relations):
            for key in relation.members():
                relations_of[key].append(index)
        self.relations_of: dict[CellKey, tuple[int, ...]] = {k: tuple(v) for k, v in relations_of.items()}

    def value(self, key: CellKey) -> int:
        """True value of a cell."""
        return self.cells[key].value

    def open_members(
        self, relation_ids: Iterable[int], hidden: AbstractSet[CellKey], fixed: AbstractSet[CellKey]
    ) -> list[CellKey]:
        """Cells of these relations that are still published and may still be hidden, sorted."""
        found = {
            key
            for index in relation_ids
            for key in self.relations[index].members()
            if key not in hidden and key not in fixed
        }
        return sorted(found)
