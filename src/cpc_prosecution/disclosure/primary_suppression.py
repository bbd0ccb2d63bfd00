"""Primary suppression: a cell is confidential by itself when it counts 1..k-1 cases or children.

Zero is publishable (CMS rule): it singles nobody out. Attribute disclosure through 0% and 100%
is handled by the rate rule, not here.
"""

from __future__ import annotations

from collections.abc import Iterable

from cpc_prosecution.disclosure.linked_tables import Cell, CellKey

__all__ = ("is_primary", "is_small", "primary_cells")


def is_small(count: int, threshold: int) -> bool:
    """True for 1..threshold-1: too small to publish."""
    return 0 < count < threshold


def is_primary(cell: Cell, threshold: int) -> bool:
    """The threshold applies to the number of cases and to the number of distinct children."""
    return is_small(cell.value, threshold) or is_small(cell.subjects, threshold)


def primary_cells(cells: Iterable[Cell], threshold: int) -> frozenset[CellKey]:
    """Keys of the cells that break the threshold."""
    return frozenset(cell.key for cell in cells if is_primary(cell, threshold))
