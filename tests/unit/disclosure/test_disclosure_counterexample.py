"""privacy.md §6.2: the textbook "second hidden cell in every row and column" rule is unsafe.

court0 = {Q4: 11}, court1 = {Q2: 1}, court2 = {Q3: 13, Q4: 1}, zeros elsewhere. A greedy pattern
with at least two hidden cells in every row and column still lets an attacker prove that
court1/Q2 is at most 1, because the 11 in court0/Q4 stays published and pins column Q4. The LP
audit finds it and the repair loop fixes it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

import pytest

from cpc_prosecution.disclosure import (
    CellKey,
    DisclosurePolicy,
    LinkedTables,
    ProtectionTimeoutError,
    attacker_audit,
    protect,
    two_way_table,
)

ReferenceAttacker = Callable[[LinkedTables, Collection[CellKey]], dict[CellKey, tuple[int, int | None]]]

SMALL = ("court1", "Q2")

# What the textbook greedy rule produced (iterated to a fixed point, smallest part first).
GREEDY_PATTERN = frozenset(
    {
        ("court0", "Q3"),
        ("court0", "Total"),
        ("court1", "Q2"),
        ("court1", "Total"),
        ("court2", "Q3"),
        ("court2", "Q4"),
        ("Total", "Q2"),
        ("Total", "Q4"),
    }
)


@pytest.fixture(name="tables")
def fx_tables() -> LinkedTables:
    """The counter-example table of privacy.md §6.2 with its margins."""
    return two_way_table(
        {("court0", "Q4"): 11, ("court1", "Q2"): 1, ("court2", "Q3"): 13, ("court2", "Q4"): 1},
        rows=["court0", "court1", "court2"],
        columns=["Q1", "Q2", "Q3", "Q4"],
    )


def test_greedy_pattern_hides_two_cells_in_every_relation(tables: LinkedTables) -> None:
    """The pattern satisfies the textbook rule: no row or column has exactly one hidden cell, and
    every small cell is hidden."""
    for relation in tables.relations:
        hidden = [key for key in relation.members() if key in GREEDY_PATTERN]
        assert len(hidden) != 1, relation
    small = {cell.key for cell in tables.cells if 0 < cell.value < 11}
    assert small <= GREEDY_PATTERN


def test_audit_proves_the_small_court_cell_is_small_under_greedy(
    tables: LinkedTables, reference_attacker: ReferenceAttacker
) -> None:
    """Under the greedy pattern the attacker proves court1/Q2 <= 2 (in fact <= 1); the audit says so."""
    report = attacker_audit(tables, GREEDY_PATTERN, threshold=11)
    assert not report.passed
    finding = next(f for f in report.findings if f.key == SMALL)
    assert finding.reason == "provably below threshold"
    assert finding.upper <= 2
    assert reference_attacker(tables, GREEDY_PATTERN)[SMALL] == (0, 1)


def test_audit_and_repair_fix_the_greedy_pattern(tables: LinkedTables, reference_attacker: ReferenceAttacker) -> None:
    """Starting from the greedy pattern, the repair loop hides more until the audit passes; an
    independent attacker can no longer prove court1/Q2 below 11."""
    protection = protect(tables, hidden=GREEDY_PATTERN)
    assert protection.repairs >= 1
    assert protection.audit.passed
    assert protection.hidden() > GREEDY_PATTERN
    _, upper = reference_attacker(tables, protection.hidden())[SMALL]
    assert upper is None or upper >= 11


@pytest.mark.parametrize("max_repairs", [0, 200])
def test_protect_from_scratch_is_safe(
    tables: LinkedTables, reference_attacker: ReferenceAttacker, max_repairs: int
) -> None:
    """protect() on the counter-example passes the audit, also when the repair falls back to hiding
    whole relations at once (max_repairs = 0)."""
    policy = DisclosurePolicy(max_repairs=max_repairs)
    for start in (frozenset(), GREEDY_PATTERN):
        protection = protect(tables, policy, hidden=start)
        assert protection.audit.passed
        small = {cell.key for cell in tables.cells if 0 < cell.value < 11}
        for key, (lower, upper) in reference_attacker(tables, protection.hidden()).items():
            assert upper is None or upper - lower >= 1
            assert key not in small or upper is None or upper >= 11


def test_a_protection_past_its_time_budget_is_refused(tables: LinkedTables) -> None:
    """Starting from the greedy pattern, repair steps are needed; with a time budget of 0 s the
    loop stops before the first one with ProtectionTimeoutError (nothing half-protected is
    returned), and with a generous budget it finishes as before."""
    with pytest.raises(ProtectionTimeoutError, match="time budget of 0 s"):
        protect(tables, hidden=GREEDY_PATTERN, time_budget=0.0)
    assert protect(tables, hidden=GREEDY_PATTERN, time_budget=60.0).audit.passed
