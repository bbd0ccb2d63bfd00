"""Complementary (secondary) suppression, greedy pass: hide safe cells so that hidden ones cannot be
recovered by subtraction from a single relation.

Two rules, applied to every relation until nothing changes:

1. a relation with exactly one hidden cell gives it away (total minus published parts), so hide
   a second member;
2. a relation whose total is published bounds its hidden parts by their sum; when that sum is
   below k and a primary cell is among them, hide another part.

This is the textbook rule and it is *not enough* on its own: relations combine (privacy.md §6.2).
The attacker audit and the repair loop in `protection` finish the job. The greedy pass just makes
the common cases cheap.

Which cell to hide: the cheapest, in this order: cells the caller prefers to hide (last period's
pattern, for stability), then non-zero before zero (a hidden zero adds no mass behind a total),
then the smallest value (least information lost), then the key (determinism).
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Set as AbstractSet

from cpc_prosecution.disclosure.indexed_tables import IndexedTables
from cpc_prosecution.disclosure.linked_tables import CellKey

__all__ = ("cheapest", "complementary_suppression", "hiding_cost")


def hiding_cost(
    system: IndexedTables, key: CellKey, prefer: AbstractSet[CellKey] = frozenset()
) -> tuple[bool, bool, int, CellKey]:
    """Sort key of a candidate: lower is hidden first."""
    value = system.value(key)
    return (key not in prefer, value == 0, value, key)


def cheapest(
    system: IndexedTables, candidates: Iterable[CellKey], prefer: AbstractSet[CellKey] = frozenset()
) -> CellKey:
    """The candidate to hide first."""
    return min(candidates, key=lambda key: hiding_cost(system, key, prefer))


def complementary_suppression(
    system: IndexedTables,
    hidden: AbstractSet[CellKey],
    *,
    primary: AbstractSet[CellKey],
    fixed: AbstractSet[CellKey],
    threshold: int,
    prefer: AbstractSet[CellKey] = frozenset(),
    latent: AbstractSet[CellKey] = frozenset(),
) -> frozenset[CellKey]:
    """Extend `hidden` until no relation has exactly one hidden cell and no published total bounds a
    primary cell's hidden group below `threshold`. `fixed` cells (published earlier) stay published;
    `latent` cells are unknowns that need no protection of their own (relations where they are the
    only hidden cells are left alone).
    """
    result = set(hidden)
    changed = True
    while changed:
        changed = False
        for relation in system.relations:
            members = relation.members()
            hidden_members = [key for key in members if key in result]
            if all(key in latent for key in hidden_members):
                continue
            candidates = [key for key in members if key not in result and key not in fixed]
            if len(hidden_members) > 1:
                if relation.total in result or not any(key in primary for key in hidden_members):
                    continue
                if sum(system.value(key) for key in hidden_members) >= threshold:
                    continue
                candidates = [key for key in candidates if key != relation.total]
            if candidates:
                result.add(cheapest(system, candidates, prefer))
                changed = True
    return frozenset(result)
