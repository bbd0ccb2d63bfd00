"""Builders for the common shapes, so callers never write "total = sum of parts" by hand.

A table is a cross-classification of hierarchical dimensions: a flat dimension with a total
(stages + "Total"), a tree (court → region → nation), or time (quarters → year). Every combination
of nodes is a cell, and each aggregate node gives one relation per combination of the other
coordinates. A 2-D table with margins is two flat dimensions; a hierarchy is one tree.

Counts are given for the leaf combinations (missing ones are 0). Aggregate cells are summed. The
distinct-children count of an aggregate is not the sum of its parts' (a child can be in several),
so give it in `counts` when you know it; otherwise the builder uses the largest of its parts',
which can only be lower than the truth and so can only make the threshold stricter.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence

import msgspec

from cpc_prosecution.disclosure.errors import TableError
from cpc_prosecution.disclosure.linked_tables import Cell, CellKey, LinkedTables, Relation

__all__ = (
    "Count",
    "CountLike",
    "Hierarchy",
    "cross_classified",
    "hierarchy_table",
    "time_aggregation",
    "two_way_table",
)


class Count(msgspec.Struct, frozen=True):
    """A cell's additive value (e.g. cases) and the distinct children behind it."""

    value: int
    subjects: int


CountLike = Count | int
"""A bare int is a count of children: value and subjects are both that number."""


def _as_count(count: CountLike) -> Count:
    return Count(count, count) if isinstance(count, int) else count


class Hierarchy(msgspec.Struct, frozen=True, kw_only=True):
    """One classifying dimension: each node but the roots has a parent; leaves have no children."""

    name: str
    nodes: tuple[str, ...]
    """Every node, in display order."""
    parents: tuple[tuple[str, str], ...] = ()
    """(child, parent) pairs."""

    def __post_init__(self) -> None:
        known = set(self.nodes)
        if len(known) != len(self.nodes):
            raise TableError(f"dimension {self.name!r} lists a node twice")
        children = [child for child, _ in self.parents]
        if len(set(children)) != len(children):
            raise TableError(f"dimension {self.name!r} gives a node two parents")
        for child, parent in self.parents:
            if child not in known or parent not in known:
                raise TableError(f"dimension {self.name!r}: unknown node in {child!r} → {parent!r}")
        parent_of = dict(self.parents)
        for node in self.nodes:
            seen = {node}
            while node in parent_of:
                node = parent_of[node]
                if node in seen:
                    raise TableError(f"dimension {self.name!r} has a cycle through {node!r}")
                seen.add(node)

    @classmethod
    def flat(cls, name: str, categories: Iterable[str], total: str = "Total") -> Hierarchy:
        """Categories that add up to one total."""
        items = tuple(categories)
        return cls(name=name, nodes=(*items, total), parents=tuple((item, total) for item in items))

    @classmethod
    def tree(cls, name: str, parent_of: Mapping[str, str]) -> Hierarchy:
        """A tree from child → parent, e.g. court → region and region → nation."""
        nodes: dict[str, None] = {}
        for child, parent in parent_of.items():
            nodes.setdefault(child)
            nodes.setdefault(parent)
        return cls(name=name, nodes=tuple(nodes), parents=tuple(parent_of.items()))

    @classmethod
    def groups(cls, name: str, groups: Mapping[str, Sequence[str]]) -> Hierarchy:
        """One level: each group is the sum of its members, e.g. a year of its quarters."""
        return cls.tree(name, {member: group for group, members in groups.items() for member in members})

    def children(self) -> dict[str, tuple[str, ...]]:
        """Children of each aggregate node, in node order."""
        order = {node: i for i, node in enumerate(self.nodes)}
        found: dict[str, list[str]] = {}
        for child, parent in self.parents:
            found.setdefault(parent, []).append(child)
        return {parent: tuple(sorted(kids, key=order.__getitem__)) for parent, kids in found.items()}


def cross_classified(
    counts: Mapping[CellKey, CountLike], dimensions: Sequence[Hierarchy], *, prefix: CellKey = ()
) -> LinkedTables:
    """Every combination of the dimensions' nodes, keyed ``prefix + (node, node, ...)``."""
    if not dimensions:
        raise TableError("a table needs at least one dimension")
    kids = [dimension.children() for dimension in dimensions]
    given = {key: _as_count(count) for key, count in counts.items()}
    for key in given:
        if len(key) != len(dimensions) or any(
            node not in dimension.nodes for node, dimension in zip(key, dimensions, strict=False)
        ):
            raise TableError(f"count for {key!r} does not name one node of each dimension")

    values: dict[CellKey, int] = {}
    subjects: dict[CellKey, int] = {}

    def fill(combo: CellKey) -> None:
        if combo in values:
            return
        aggregate_dims = [d for d, node in enumerate(combo) if node in kids[d]]
        if not aggregate_dims:
            count = given.get(combo, Count(0, 0))
            values[combo], subjects[combo] = count.value, count.subjects
            return
        lower_bound = 0
        total: int | None = None
        for d in aggregate_dims:
            parts = [(*combo[:d], child, *combo[d + 1 :]) for child in kids[d][combo[d]]]
            for part in parts:
                fill(part)
            total = sum(values[part] for part in parts)
            lower_bound = max([lower_bound, *(subjects[part] for part in parts)])
        assert total is not None
        values[combo] = total
        if combo in given:
            if given[combo].value != total:
                raise TableError(f"count for {combo!r} is {given[combo].value} but its parts sum to {total}")
            subjects[combo] = given[combo].subjects
        else:
            subjects[combo] = lower_bound

    cells: list[Cell] = []
    relations: list[Relation] = []
    for combo in itertools.product(*(dimension.nodes for dimension in dimensions)):
        fill(combo)
        cells.append(Cell(key=(*prefix, *combo), value=values[combo], subjects=subjects[combo]))
        for d, node in enumerate(combo):
            if node in kids[d]:
                parts = tuple((*prefix, *combo[:d], child, *combo[d + 1 :]) for child in kids[d][node])
                relations.append(Relation((*prefix, *combo), parts))
    return LinkedTables(cells=tuple(cells), relations=tuple(relations))


def two_way_table(
    counts: Mapping[tuple[str, str], CountLike],
    *,
    rows: Sequence[str] | None = None,
    columns: Sequence[str] | None = None,
    total: str = "Total",
    prefix: CellKey = (),
) -> LinkedTables:
    """Rows by columns, with a total column, a total row and the grand total.

    `rows` and `columns` default to the labels seen in `counts`, sorted; pass them to include
    all-zero rows or to fix the order.
    """
    rows = sorted({row for row, _ in counts}) if rows is None else rows
    columns = sorted({column for _, column in counts}) if columns is None else columns
    dimensions = (Hierarchy.flat("rows", rows, total), Hierarchy.flat("columns", columns, total))
    cells: dict[CellKey, CountLike] = {key: count for key, count in counts.items()}
    return cross_classified(cells, dimensions, prefix=prefix)


def hierarchy_table(
    counts: Mapping[str, CountLike], parent_of: Mapping[str, str], *, prefix: CellKey = ()
) -> LinkedTables:
    """One tree, e.g. courts → regions → nation; keys are ``prefix + (node,)``."""
    return cross_classified(
        {(node,): count for node, count in counts.items()}, (Hierarchy.tree("hierarchy", parent_of),), prefix=prefix
    )


def time_aggregation(
    counts: Mapping[str, CountLike], periods: Mapping[str, Sequence[str]], *, prefix: CellKey = ()
) -> LinkedTables:
    """Sub-periods adding up to periods, e.g. ``{"2025": ["2025Q1", ..., "2025Q4"]}``."""
    return cross_classified(
        {(node,): count for node, count in counts.items()}, (Hierarchy.groups("period", periods),), prefix=prefix
    )
