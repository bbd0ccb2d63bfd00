"""Shared by the disclosure tests: an independent attacker to check the library's audit against."""

from __future__ import annotations

import math
from collections.abc import Callable, Collection

import numpy as np
import pytest
from scipy.optimize import linprog  # type: ignore[import-untyped]

from cpc_prosecution.disclosure import CellKey, LinkedTables

Interval = tuple[int, int | None]
ReferenceAttacker = Callable[[LinkedTables, Collection[CellKey]], dict[CellKey, Interval]]
ReferenceFindings = Callable[[LinkedTables, Collection[CellKey], Collection[CellKey], int], list[tuple[CellKey, str]]]


class _Polytope:
    """What the attacker knows: every relation, with every cell not hidden as a constant."""

    def __init__(self, tables: LinkedTables, hidden: Collection[CellKey]) -> None:
        self.keys = sorted(hidden)
        self.column = {key: j for j, key in enumerate(self.keys)}
        cells = tables.by_key()
        rows: list[np.ndarray] = []
        rhs: list[float] = []
        for relation in tables.relations:
            row = np.zeros(len(self.keys))
            constant = 0.0
            for key, coefficient in ((relation.total, 1.0), *((part, -1.0) for part in relation.parts)):
                if key in self.column:
                    row[self.column[key]] += coefficient
                else:
                    constant -= coefficient * cells[key].value
            if row.any():
                rows.append(row)
                rhs.append(constant)
        self.matrix = np.array(rows) if rows else None
        self.rhs = np.array(rhs)
        self.bounds = [(0, cells[key].upper_bound) for key in self.keys]

    def lower(self, key: CellKey) -> int:
        if self.matrix is None:
            return 0
        objective = np.zeros(len(self.keys))
        objective[self.column[key]] = 1.0
        result = linprog(objective, A_eq=self.matrix, b_eq=self.rhs, bounds=self.bounds, method="highs")
        assert result.status == 0, result.message
        lowest: float = result.fun
        return math.ceil(lowest - 1e-6)

    def upper(self, key: CellKey) -> int | None:
        if self.matrix is None:
            return self.bounds[self.column[key]][1]
        objective = np.zeros(len(self.keys))
        objective[self.column[key]] = -1.0
        result = linprog(objective, A_eq=self.matrix, b_eq=self.rhs, bounds=self.bounds, method="highs")
        assert result.status in (0, 3), result.message
        if result.status == 3:
            return None
        highest: float = -result.fun
        return math.floor(highest + 1e-6)


def _reference_intervals(tables: LinkedTables, hidden: Collection[CellKey]) -> dict[CellKey, Interval]:
    """Textbook attacker: one dense LP per bound per hidden cell over *all* relations, no batching,
    no components; the interval is rounded inwards because counts are integers."""
    polytope = _Polytope(tables, hidden)
    return {key: (polytope.lower(key), polytope.upper(key)) for key in polytope.keys}


def _reference_findings(
    tables: LinkedTables, hidden: Collection[CellKey], primary: Collection[CellKey], threshold: int
) -> list[tuple[CellKey, str]]:
    """The privacy.md criterion by the textbook attacker: hidden cells whose interval is narrower
    than 1, and primary cells whose maximum is below k. (The minimum is only solved when the
    maximum does not already show a width of 1.)"""
    polytope = _Polytope(tables, hidden)
    values = {cell.key: cell.value for cell in tables.cells}
    found: list[tuple[CellKey, str]] = []
    for key in polytope.keys:
        upper = polytope.upper(key)
        if upper is None:
            continue
        if key in primary and upper < threshold:
            found.append((key, f"provably below {threshold}: at most {upper}"))
        if upper < values[key] + 1 and upper - polytope.lower(key) < 1:
            found.append((key, f"exactly derivable: {upper}"))
    return found


@pytest.fixture(scope="session")
def reference_attacker() -> ReferenceAttacker:
    """`reference_attacker(tables, hidden)` → {hidden key: (lower, upper or None)}."""
    return _reference_intervals


@pytest.fixture(scope="session")
def reference_findings() -> ReferenceFindings:
    """`reference_findings(tables, hidden, primary, k)` → [(key, violation)], empty when safe."""
    return _reference_findings
