"""An independent attacker on a sequence of releases of the same figures (revisions, modes).

It knows every relation of every release, every value published exactly, and that a figure moved
by at most `change_bound` between consecutive releases (|new - old| <= B). Everything else (hidden
cells, and cells published only with DP noise) is an unknown >= 0. It splits the unknowns into
groups that share no constraint, then solves one LP per small unknown cell over its group (scipy
HiGHS, sparse; no batching and no reuse of the library's audit) and reports the cells it can prove
to lie in 1..k-1, that is below k.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog  # type: ignore[import-untyped]
from scipy.sparse import coo_matrix  # type: ignore[import-untyped]

from cpc_prosecution.disclosure import CellKey, LinkedTables, is_primary

__all__ = ("ReleaseView", "provably_small")

Variable = tuple[str, CellKey]


@dataclass(frozen=True)
class ReleaseView:
    """One release as the attacker sees it: its true tables (for the relations) and the values it
    published exactly. Noisy (DP) values are not exact: leave them out of `known`."""

    label: str
    tables: LinkedTables
    known: Mapping[CellKey, int]


class _Rows:
    def __init__(self) -> None:
        self.rows: list[int] = []
        self.cols: list[int] = []
        self.data: list[float] = []
        self.rhs: list[float] = []

    def add(self, terms: dict[int, float], rhs: float) -> None:
        row = len(self.rhs)
        for col, coefficient in terms.items():
            if coefficient:
                self.rows.append(row)
                self.cols.append(col)
                self.data.append(coefficient)
        self.rhs.append(rhs)

    def matrix(self, width: int) -> coo_matrix | None:
        if not self.rhs:
            return None
        return coo_matrix((self.data, (self.rows, self.cols)), shape=(len(self.rhs), width)).tocsr()


def provably_small(
    releases: Sequence[ReleaseView], *, change_bound: int, threshold: int, limit: int | None = None
) -> list[tuple[str, CellKey, int]]:
    """(release, cell, the attacker's maximum) for every unknown small cell proved below k (the
    first `limit` of them, if given)."""
    variables: dict[Variable, int] = {}
    for view in releases:
        for cell in view.tables.cells:
            if cell.key not in view.known:
                variables[(view.label, cell.key)] = len(variables)

    def term(label: str, key: CellKey, known: Mapping[CellKey, int], sign: float, terms: dict[int, float]) -> float:
        """Adds the variable's coefficient to `terms`; returns the constant to move to the right."""
        if key in known:
            return sign * known[key]
        column = variables[(label, key)]
        terms[column] = terms.get(column, 0.0) + sign
        return 0.0

    equalities, inequalities = _Rows(), _Rows()
    for view in releases:
        for relation in view.tables.relations:
            terms: dict[int, float] = {}
            constant = term(view.label, relation.total, view.known, 1.0, terms)
            for part in relation.parts:
                constant += term(view.label, part, view.known, -1.0, terms)
            if terms:
                equalities.add(terms, -constant)
    for old, new in itertools.pairwise(releases):
        old_keys = old.tables.by_key()
        for key in new.tables.by_key():
            if key not in old_keys or (key in old.known and key in new.known):
                continue
            for sign in (1.0, -1.0):  # new - old <= B and old - new <= B
                terms = {}
                constant = term(new.label, key, new.known, sign, terms) + term(old.label, key, old.known, -sign, terms)
                inequalities.add(terms, change_bound - constant)
    groups = _groups(len(variables), equalities, inequalities)
    programs: dict[int, _Program] = {}
    found: list[tuple[str, CellKey, int]] = []
    for view in releases:
        for cell in view.tables.cells:
            if cell.key in view.known or not is_primary(cell, threshold):
                continue
            column = variables[(view.label, cell.key)]
            group = groups[column]
            if group[0] not in programs:
                programs[group[0]] = _Program(group, equalities, inequalities)
            upper = programs[group[0]].maximum(column)
            if upper is not None and upper < threshold:
                found.append((view.label, cell.key, upper))
                if limit is not None and len(found) >= limit:
                    return found
    return found


def _groups(width: int, *systems: _Rows) -> list[list[int]]:
    """For each variable, the sorted variables it shares a chain of constraints with."""
    parent = list(range(width))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for system in systems:
        first: dict[int, int] = {}
        for row, col in zip(system.rows, system.cols, strict=True):
            if row in first:
                parent[find(col)] = find(first[row])
            else:
                first[row] = col
    members: dict[int, list[int]] = {}
    for variable in range(width):
        members.setdefault(find(variable), []).append(variable)
    return [members[find(variable)] for variable in range(width)]


def _sub(system: _Rows, columns: dict[int, int]) -> tuple[coo_matrix | None, np.ndarray | None]:
    rows: dict[int, int] = {}
    entries: list[tuple[int, int, float]] = []
    for row, col, value in zip(system.rows, system.cols, system.data, strict=True):
        if col in columns:
            entries.append((rows.setdefault(row, len(rows)), columns[col], value))
    if not rows:
        return None, None
    rhs = np.zeros(len(rows))
    for row, index in rows.items():
        rhs[index] = system.rhs[row]
    i, j, v = zip(*entries, strict=True)
    return coo_matrix((v, (i, j)), shape=(len(rows), len(columns))).tocsr(), rhs


class _Program:
    """The constraints of one group of variables, solved for one variable at a time."""

    def __init__(self, group: list[int], equalities: _Rows, inequalities: _Rows) -> None:
        self.columns = {variable: index for index, variable in enumerate(group)}
        self.a_eq, self.b_eq = _sub(equalities, self.columns)
        self.a_ub, self.b_ub = _sub(inequalities, self.columns)

    def maximum(self, column: int) -> int | None:
        """The attacker's largest value for `column` (None: unbounded)."""
        if self.a_eq is None and self.a_ub is None:
            return None
        objective = np.zeros(len(self.columns))
        objective[self.columns[column]] = -1.0
        result = linprog(
            objective, A_eq=self.a_eq, b_eq=self.b_eq, A_ub=self.a_ub, b_ub=self.b_ub, bounds=(0, None), method="highs"
        )
        assert result.status in (0, 3), result.message  # 2 would mean the true values are infeasible
        return None if result.status == 3 else math.floor(-result.fun + 1e-6)
