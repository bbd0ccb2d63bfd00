"""The attacker's linear programs, solved with scipy's HiGHS.

Unknowns are the hidden cells; every other cell is a constant the attacker knows. Constraints are
every relation touching a hidden cell, non-negativity and known upper bounds. The attacker's bound
on one cell is the optimum of that cell over this polytope.

Hidden cells that share no relation are independent, so they are split into connected components
(`linked_components`). Within a component, the independent LPs "min/max cell j" are stacked into
one block-diagonal LP per batch: its optimum is the vector of the separate optima, with far fewer
solver calls. A stacked LP must be bounded as a whole, so before maximising, one more stacked LP
looks for a ray (a direction along which the cell grows without limit while every relation still
holds); cells with a ray are unbounded and the others are maximised together. Minima are never
unbounded (counts are >= 0).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from typing import Any

import msgspec
import numpy as np
from scipy import sparse  # type: ignore[import-untyped]
from scipy.optimize import linprog  # type: ignore[import-untyped]

from cpc_prosecution.disclosure.indexed_tables import IndexedTables
from cpc_prosecution.disclosure.linked_tables import CellKey

__all__ = ("AttackerLP", "Component", "Optimum", "linked_components")

_BATCH = 32  # independent attacker LPs stacked into one solver call
_DUAL_TOLERANCE = 1e-9
_RAY_TOLERANCE = 1e-7


class Component(msgspec.Struct, frozen=True):
    """Hidden cells linked by relations, and every relation touching them (indices)."""

    cells: frozenset[CellKey]
    relation_ids: tuple[int, ...]


class Optimum(msgspec.Struct, frozen=True):
    """The attacker's optimum for one cell and the relations that bind it (non-zero duals)."""

    value: float
    binding: tuple[int, ...]


def linked_components(system: IndexedTables, hidden: AbstractSet[CellKey]) -> list[Component]:
    """Split hidden cells into groups the attacker must reason about together, in key order."""
    parent = {key: key for key in hidden}

    def find(key: CellKey) -> CellKey:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    touching: list[tuple[int, CellKey]] = []
    for index, relation in enumerate(system.relations):
        members = [key for key in relation.members() if key in hidden]
        if not members:
            continue
        touching.append((index, members[0]))
        for key in members[1:]:
            a, b = find(members[0]), find(key)
            if a != b:
                parent[max(a, b)] = min(a, b)
    groups: dict[CellKey, set[CellKey]] = {}
    for key in hidden:
        groups.setdefault(find(key), set()).add(key)
    relation_ids: dict[CellKey, list[int]] = {}
    for index, first in touching:
        relation_ids.setdefault(find(first), []).append(index)
    return [Component(frozenset(group), tuple(relation_ids.get(root, ()))) for root, group in sorted(groups.items())]


class AttackerLP:
    """The attacker's polytope for one component."""

    def __init__(self, system: IndexedTables, component: Component) -> None:
        self._cells = sorted(component.cells)
        self._column = {key: j for j, key in enumerate(self._cells)}
        self._relation_ids = component.relation_ids
        self._bounds: list[tuple[float, float | None]] = [
            (0.0, None if (bound := system.cells[key].upper_bound) is None else float(bound)) for key in self._cells
        ]
        rows: list[int] = []
        columns: list[int] = []
        coefficients: list[float] = []
        self._rhs = np.zeros(len(self._relation_ids))
        for i, index in enumerate(self._relation_ids):
            relation = system.relations[index]
            for key, coefficient in ((relation.total, 1.0), *((part, -1.0) for part in relation.parts)):
                if key in self._column:
                    rows.append(i)
                    columns.append(self._column[key])
                    coefficients.append(coefficient)
                else:
                    self._rhs[i] -= coefficient * system.value(key)
        self._matrix = sparse.csr_array(
            (coefficients, (rows, columns)), shape=(len(self._relation_ids), len(self._cells))
        )

    def optimise(self, cells: Iterable[CellKey], *, maximise: bool) -> dict[CellKey, Optimum]:
        """The attacker's minimum (or maximum, `inf` if unbounded) of each of `cells`, all members
        of this component."""
        targets = sorted(cells)
        if not self._relation_ids:  # a hidden cell in no relation: only its own bounds hold
            return {key: self._alone(key, maximise=maximise) for key in targets}
        found: dict[CellKey, Optimum] = {}
        if maximise:
            unbounded = self._unbounded(targets)
            found.update({key: Optimum(math.inf, ()) for key in targets if key in unbounded})
            targets = [key for key in targets if key not in unbounded]
        for start in range(0, len(targets), _BATCH):
            batch = targets[start : start + _BATCH]
            result = self._stacked(batch, self._bounds, self._rhs, maximise=maximise)
            duals = np.abs(np.asarray(result.eqlin.marginals)).reshape(len(batch), -1)
            solution = np.asarray(result.x).reshape(len(batch), -1)
            for copy, key in enumerate(batch):
                binding = tuple(self._relation_ids[i] for i in np.flatnonzero(duals[copy] > _DUAL_TOLERANCE))
                found[key] = Optimum(float(solution[copy][self._column[key]]), binding)
        return found

    def _alone(self, key: CellKey, *, maximise: bool) -> Optimum:
        upper = self._bounds[self._column[key]][1]
        if not maximise:
            return Optimum(0.0, ())
        return Optimum(math.inf if upper is None else upper, ())

    def _unbounded(self, targets: list[CellKey]) -> set[CellKey]:
        """Cells with a ray: d >= 0, d_j > 0, every relation's hidden part sums to 0 along d, and
        cells with a known upper bound do not move."""
        ray_bounds: list[tuple[float, float | None]] = [
            (0.0, 1.0 if upper is None else 0.0) for _, upper in self._bounds
        ]
        zero = np.zeros(len(self._relation_ids))
        unbounded: set[CellKey] = set()
        for start in range(0, len(targets), _BATCH):
            batch = targets[start : start + _BATCH]
            solution = np.asarray(self._stacked(batch, ray_bounds, zero, maximise=True).x).reshape(len(batch), -1)
            unbounded.update(
                key for copy, key in enumerate(batch) if solution[copy][self._column[key]] > _RAY_TOLERANCE
            )
        return unbounded

    def _stacked(
        self, batch: list[CellKey], bounds: list[tuple[float, float | None]], rhs: np.ndarray, *, maximise: bool
    ) -> Any:
        """One solver call: independent copies of the polytope, one objective per copy."""
        n_columns = len(self._cells)
        objective = np.zeros(len(batch) * n_columns)
        for copy, key in enumerate(batch):
            objective[copy * n_columns + self._column[key]] = -1.0 if maximise else 1.0
        result = linprog(
            objective,
            A_eq=sparse.block_diag([self._matrix] * len(batch), format="csr"),
            b_eq=np.tile(rhs, len(batch)),
            bounds=bounds * len(batch),
            method="highs",
        )
        if result.status != 0:
            raise RuntimeError(f"attacker LP did not solve: {result.message}")
        return result
