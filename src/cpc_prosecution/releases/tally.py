"""Count cases (or children) into the cells of a cross-classification, aggregates included.

Each contribution lands in its leaf cell and in every ancestor combination, so totals are exact
and the distinct-children bound of a total is computed from its own cases, not from its parts.
No child is identified across cases, so distinct children are bounded below: at least the most
children of any one case in the cell, and at least the children summed over its cases divided by
the most cases one child can be named in (`cases_per_child`).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

from cpc_prosecution.disclosure import CellKey, Count, Hierarchy

__all__ = ("Tally", "distinct_children_at_least")


def distinct_children_at_least(most: int, summed: int, cases_per_child: int) -> int:
    """Lower bound of the distinct children behind some cases: the most in one case, and the sum
    over the cases divided by the most cases one child can be named in."""
    return max(most, math.ceil(summed / cases_per_child))


def _chains(dimension: Hierarchy) -> dict[str, tuple[str, ...]]:
    parent_of = dict(dimension.parents)
    chains: dict[str, tuple[str, ...]] = {}
    for node in dimension.nodes:
        chain = [node]
        while chain[-1] in parent_of:
            chain.append(parent_of[chain[-1]])
        chains[node] = tuple(chain)
    return chains


class Tally:
    """Accumulates contributions over fixed dimensions; `counts()` gives every non-empty cell."""

    def __init__(self, dimensions: Sequence[Hierarchy], *, cases_per_child: int) -> None:
        self.dimensions = tuple(dimensions)
        self._chains = [_chains(d) for d in self.dimensions]
        self._cases_per_child = cases_per_child
        self._cells: dict[CellKey, list[int]] = {}

    def add(self, leaf: CellKey, *, value: int, children: int) -> None:
        """One case (value 1) or its children (value = children) in the cell `leaf`."""
        if value == 0:
            return
        for combo in itertools.product(*(chains[node] for chains, node in zip(self._chains, leaf, strict=True))):
            cell = self._cells.setdefault(combo, [0, 0, 0])
            cell[0] += value
            cell[1] += children
            cell[2] = max(cell[2], children)

    def counts(self) -> dict[CellKey, Count]:
        """Value and distinct-children lower bound of every cell that received something."""
        return {
            key: Count(value, distinct_children_at_least(most, summed, self._cases_per_child))
            for key, (value, summed, most) in self._cells.items()
        }
