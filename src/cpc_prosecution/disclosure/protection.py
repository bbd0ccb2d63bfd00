"""Protect linked tables: primary suppression, greedy complementary suppression, then the attacker
audit with its repair loop, until no hidden cell can be pinned down (privacy.md §4.3).

The repair loop takes the first failing cell (primary cells first, then by key) and hides the
cheapest published cell in a relation that binds the attacker's bound (from the LP duals); if
none, in a relation containing the cell; if none, in any relation around its group of linked
hidden cells. After `policy.max_repairs` single steps it stops being frugal and hides every cell
of the offending relations at once. Only when nothing is left to hide, because values published
earlier or known upper bounds pin the cell down, does it raise `CannotProtectError`: it never
returns an unsafe pattern.
"""

from __future__ import annotations

import time
from collections.abc import Collection, Mapping
from typing import Literal

import msgspec

from cpc_prosecution.disclosure.attacker_audit import AuditFinding, Auditor, AuditReport
from cpc_prosecution.disclosure.complementary_suppression import cheapest, complementary_suppression
from cpc_prosecution.disclosure.errors import CannotProtectError, ProtectionTimeoutError, TableError
from cpc_prosecution.disclosure.indexed_tables import IndexedTables
from cpc_prosecution.disclosure.linked_tables import CellKey, LinkedTables
from cpc_prosecution.disclosure.policy import DisclosurePolicy
from cpc_prosecution.disclosure.primary_suppression import is_primary

__all__ = ("CellStatus", "HidingReason", "ProtectedCell", "Protection", "protect")

CellStatus = Literal["published", "confidential"]
HidingReason = Literal["primary", "complementary", "required", "latent"]


class ProtectedCell(msgspec.Struct, frozen=True, kw_only=True):
    """Internal record of one cell: its true value and why it is hidden. Never serve this."""

    key: CellKey
    value: int
    status: CellStatus
    reason: HidingReason | None = None
    """Internal only (privacy.md §4.5: "A" primary, "D" secondary); the public marker hides it."""


class Protection(msgspec.Struct, frozen=True, kw_only=True):
    """The outcome of one protection run: the pattern, the final audit and the run's parameters."""

    policy: DisclosurePolicy
    cells: tuple[ProtectedCell, ...]
    audit: AuditReport
    repairs: int
    """Repair steps the audit needed after the greedy pass (0 when the greedy pattern was safe)."""

    def by_key(self) -> dict[CellKey, ProtectedCell]:
        """Cells indexed by key."""
        return {cell.key: cell for cell in self.cells}

    def hidden(self) -> frozenset[CellKey]:
        """Keys of the confidential cells."""
        return frozenset(cell.key for cell in self.cells if cell.status == "confidential")

    def published(self) -> dict[CellKey, int]:
        """Exact values of the published cells: what later releases must treat as known."""
        return {cell.key: cell.value for cell in self.cells if cell.status == "published"}


def protect(
    tables: LinkedTables,
    policy: DisclosurePolicy | None = None,
    *,
    published: Mapping[CellKey, int] | None = None,
    hidden: Collection[CellKey] = (),
    prefer_hidden: Collection[CellKey] = (),
    latent: Collection[CellKey] = (),
    time_budget: float | None = None,
) -> Protection:
    """Choose which cells to hide so that no child can be singled out.

    `published`: cells already public (earlier releases) with their exact values; they stay
    published and the attacker knows them. `hidden`: cells that must stay hidden (hidden in an
    earlier release, or never publishable such as late-case differences). `prefer_hidden`: cells
    to choose first as complements, e.g. last period's, to keep the pattern stable. `latent`:
    unknowns that are never published and need no protection of their own (they are hidden but
    not audited), e.g. the changes between a release and its revision when only the releases'
    own cells are to be protected. `time_budget`: seconds the audit-and-repair loop may take
    before `ProtectionTimeoutError` (checked between repair steps; None: no limit).
    """
    started = time.monotonic()
    policy = policy or DisclosurePolicy()
    system = IndexedTables(tables)
    fixed = _check_fixed(system, published or {}, policy)
    required = frozenset(hidden)
    unaudited = frozenset(latent)
    for key in sorted(required | unaudited):
        if key not in system.cells:
            raise TableError(f"cell {key!r} to keep hidden is not in the tables")
        if key in fixed:
            raise TableError(f"cell {key!r} cannot be both published earlier and kept hidden")
    primary = frozenset(
        key for key, cell in system.cells.items() if is_primary(cell, policy.threshold) and key not in unaudited
    )
    prefer = frozenset(prefer_hidden)
    pattern = set(
        complementary_suppression(
            system,
            primary | required | unaudited,
            primary=primary,
            fixed=fixed,
            threshold=policy.threshold,
            prefer=prefer,
            latent=unaudited,
        )
    )
    auditor = Auditor(system, policy.threshold)
    repairs = 0
    pending: set[CellKey] = pattern - unaudited
    while True:
        # Hiding a cell only widens the intervals of the cells hidden before it, so each round
        # re-checks just the failures and the newly hidden cells; the full report confirms.
        while findings := auditor.check(pattern, primary, pending):
            if time_budget is not None and time.monotonic() - started > time_budget:
                raise ProtectionTimeoutError(time_budget, repairs)
            added = _repair(system, findings[0], pattern, fixed, prefer, frugal=repairs < policy.max_repairs)
            pattern |= added
            pending = {finding.key for finding in findings} | added
            repairs += 1
        report = auditor.report(pattern, primary, unaudited)
        if report.passed:
            break
        pending = {finding.key for finding in report.findings}
    cells = tuple(
        ProtectedCell(
            key=key,
            value=system.value(key),
            status="confidential" if key in pattern else "published",
            reason=_reason(key, pattern, primary, required, unaudited),
        )
        for key in system.keys
    )
    return Protection(policy=policy, cells=cells, audit=report, repairs=repairs)


def _check_fixed(
    system: IndexedTables, published: Mapping[CellKey, int], policy: DisclosurePolicy
) -> frozenset[CellKey]:
    for key, value in sorted(published.items()):
        if key not in system.cells:
            raise TableError(f"published cell {key!r} is not in the tables")
        if system.value(key) != value:
            raise TableError(f"cell {key!r} was published as {value} but the data say {system.value(key)}")
        if is_primary(system.cells[key], policy.threshold):
            raise CannotProtectError(key, "it was already published although it breaks the threshold")
    return frozenset(published)


def _repair(
    system: IndexedTables,
    finding: AuditFinding,
    pattern: set[CellKey],
    fixed: frozenset[CellKey],
    prefer: frozenset[CellKey],
    *,
    frugal: bool,
) -> set[CellKey]:
    """Cells to hide next for this finding."""
    around = system.relations_of[finding.key]
    if frugal:
        for relation_ids in (finding.binding, around, finding.nearby):
            candidates = system.open_members(relation_ids, pattern, fixed)
            if candidates:
                return {cheapest(system, candidates, prefer)}
    else:
        for relation_ids in (around, finding.nearby):
            candidates = system.open_members(relation_ids, pattern, fixed)
            if candidates:
                return set(candidates)
    bound = f"between {finding.lower} and {finding.upper}"
    raise CannotProtectError(finding.key, f"{finding.reason} ({bound}) from values published earlier or known bounds")


def _reason(
    key: CellKey,
    pattern: set[CellKey],
    primary: frozenset[CellKey],
    required: frozenset[CellKey],
    latent: frozenset[CellKey],
) -> HidingReason | None:
    if key not in pattern:
        return None
    if key in latent:
        return "latent"
    if key in primary:
        return "primary"
    if key in required:
        return "required"
    return "complementary"
