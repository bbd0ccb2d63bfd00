"""The attacker audit: what can someone who sees every published value prove about a hidden one?

For every hidden cell the attacker solves two linear programs (scipy's HiGHS): the minimum and the
maximum of the cell subject to every relation, every published value (this release's and earlier
ones'), non-negativity and any known upper bound. Since counts are integers, the attacker's
interval is the LP interval rounded inwards.

privacy.md §4.3 step 4 sets the bar. A pattern fails when, for some hidden cell,

* ``upper - lower < 1``: the cell is exactly derivable; or
* the cell is primary and ``upper < k``: the attacker can prove it is small.

The linear programs themselves are in `attacker_lp`.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from collections.abc import Set as AbstractSet
from typing import Literal

import msgspec

from cpc_prosecution.disclosure.attacker_lp import AttackerLP, Component, Optimum, linked_components
from cpc_prosecution.disclosure.indexed_tables import IndexedTables
from cpc_prosecution.disclosure.linked_tables import CellKey, LinkedTables
from cpc_prosecution.disclosure.primary_suppression import primary_cells

__all__ = ("AttackerInterval", "AuditFinding", "AuditReport", "Auditor", "attacker_audit")

FindingReason = Literal["exactly derivable", "provably below threshold"]

_TOLERANCE = 1e-6


class AttackerInterval(msgspec.Struct, frozen=True, kw_only=True):
    """What the attacker can prove about one hidden cell: ``lower <= value <= upper``."""

    key: CellKey
    lower: int
    upper: int | None
    """None: the attacker has no upper bound."""
    primary: bool


class AuditFinding(msgspec.Struct, frozen=True, kw_only=True):
    """A hidden cell the attacker can pin down."""

    key: CellKey
    reason: FindingReason
    lower: int
    upper: int
    primary: bool
    binding: tuple[int, ...] = ()
    """Indices (in `IndexedTables.relations`) of the relations that limit the attacker's bound."""
    nearby: tuple[int, ...] = ()
    """Indices of every relation touching the cell's group of linked hidden cells."""


class AuditReport(msgspec.Struct, frozen=True, kw_only=True):
    """The attacker's interval for every hidden cell and the cells that fail the criterion."""

    threshold: int
    intervals: tuple[AttackerInterval, ...]
    findings: tuple[AuditFinding, ...]

    @property
    def passed(self) -> bool:
        """No hidden cell can be derived exactly and no primary cell can be proved below k."""
        return not self.findings


def _judge(interval: AttackerInterval, threshold: int) -> FindingReason | None:
    if interval.upper is None:
        return None
    if interval.upper - interval.lower < 1:
        return "exactly derivable"
    if interval.primary and interval.upper < threshold:
        return "provably below threshold"
    return None


class Auditor:
    """Audits suppression patterns over one set of tables, remembering what it has solved.

    Hiding one more cell can only widen the attacker's intervals of the cells already hidden (the
    old feasible set is the new one with that cell fixed at its value), so the repair loop
    `check`s only the cells that failed and the ones it just hid; `report` audits everything.
    """

    def __init__(self, system: IndexedTables, threshold: int) -> None:
        self._system = system
        self._threshold = threshold
        self._programs: dict[frozenset[CellKey], AttackerLP] = {}
        self._optima: dict[tuple[frozenset[CellKey], bool], dict[CellKey, Optimum]] = {}

    def check(
        self, hidden: AbstractSet[CellKey], primary: AbstractSet[CellKey], cells: AbstractSet[CellKey]
    ) -> tuple[AuditFinding, ...]:
        """Findings among `cells` (hidden ones), primary cells first, then by key."""
        findings: list[AuditFinding] = []
        for component in self._components(hidden):
            targets = sorted(component.cells & cells)
            if not targets:
                continue
            highs = self._solve(component, targets, maximise=True)
            doubtful = [key for key in targets if self._needs_lower(key, highs[key], key in primary)]
            lows = self._solve(component, doubtful, maximise=False)
            for key in doubtful:
                finding = self._finding(component, key, lows[key], highs[key], key in primary)
                if finding is not None:
                    findings.append(finding)
        return tuple(sorted(findings, key=lambda f: (not f.primary, f.key)))

    def report(
        self,
        hidden: AbstractSet[CellKey],
        primary: AbstractSet[CellKey],
        latent: AbstractSet[CellKey] = frozenset(),
    ) -> AuditReport:
        """The attacker's interval for every hidden cell but the `latent` ones, and every finding."""
        intervals: list[AttackerInterval] = []
        findings: list[AuditFinding] = []
        for component in self._components(hidden):
            targets = sorted(component.cells - latent)
            highs = self._solve(component, targets, maximise=True)
            lows = self._solve(component, targets, maximise=False)
            for key in targets:
                intervals.append(self._interval(key, lows[key], highs[key], key in primary))
                finding = self._finding(component, key, lows[key], highs[key], key in primary)
                if finding is not None:
                    findings.append(finding)
        return AuditReport(
            threshold=self._threshold,
            intervals=tuple(sorted(intervals, key=lambda i: i.key)),
            findings=tuple(sorted(findings, key=lambda f: (not f.primary, f.key))),
        )

    def _components(self, hidden: AbstractSet[CellKey]) -> list[Component]:
        components = linked_components(self._system, hidden)
        current = {component.cells for component in components}
        self._programs = {cells: lp for cells, lp in self._programs.items() if cells in current}
        self._optima = {key: found for key, found in self._optima.items() if key[0] in current}
        return components

    def _solve(self, component: Component, cells: list[CellKey], *, maximise: bool) -> dict[CellKey, Optimum]:
        cache = self._optima.setdefault((component.cells, maximise), {})
        missing = [key for key in cells if key not in cache]
        if missing:
            program = self._programs.get(component.cells)
            if program is None:
                program = self._programs[component.cells] = AttackerLP(self._system, component)
            cache.update(program.optimise(missing, maximise=maximise))
        return {key: cache[key] for key in cells}

    @staticmethod
    def _upper(high: Optimum) -> int | None:
        return None if math.isinf(high.value) else math.floor(high.value + _TOLERANCE)

    def _needs_lower(self, key: CellKey, high: Optimum, primary: bool) -> bool:
        upper = self._upper(high)
        if upper is None:
            return False
        return upper < self._system.value(key) + 1 or (primary and upper < self._threshold)

    def _interval(self, key: CellKey, low: Optimum, high: Optimum, primary: bool) -> AttackerInterval:
        return AttackerInterval(
            key=key, lower=math.ceil(low.value - _TOLERANCE), upper=self._upper(high), primary=primary
        )

    def _finding(
        self, component: Component, key: CellKey, low: Optimum, high: Optimum, primary: bool
    ) -> AuditFinding | None:
        interval = self._interval(key, low, high, primary)
        reason = _judge(interval, self._threshold)
        if reason is None or interval.upper is None:
            return None
        binding = high.binding
        if reason == "exactly derivable":
            binding = tuple(sorted({*low.binding, *high.binding}))
        return AuditFinding(
            key=key,
            reason=reason,
            lower=interval.lower,
            upper=interval.upper,
            primary=primary,
            binding=binding,
            nearby=component.relation_ids,
        )


def attacker_audit(
    tables: LinkedTables, hidden: Collection[CellKey], *, threshold: int, primary: Collection[CellKey] | None = None
) -> AuditReport:
    """Audit a suppression pattern: every cell not in `hidden` is taken as known to the attacker.

    `primary` defaults to the cells that break `threshold`.
    """
    system = IndexedTables(tables)
    hidden_set = frozenset(hidden)
    unknown = [key for key in hidden_set if key not in system.cells]
    if unknown:
        raise KeyError(f"hidden cells not in the tables: {sorted(unknown)!r}")
    primary_set = frozenset(primary) if primary is not None else primary_cells(tables.cells, threshold)
    return Auditor(system, threshold).report(hidden_set, primary_set & hidden_set)
