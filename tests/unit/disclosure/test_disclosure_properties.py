"""The properties of privacy.md §6.1, on random small tables skewed toward small counts.

Every hidden cell is re-checked by an independent attacker (one LP per bound per cell, see
conftest), not by the library's own audit.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Collection

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpc_prosecution.disclosure import (
    CellKey,
    Count,
    DisclosurePolicy,
    EarlierRelease,
    Hierarchy,
    LinkedTables,
    Protection,
    cross_classified,
    is_primary,
    joint_tables,
    protect,
    protect_revision,
    public_cells,
    two_way_table,
)

ReferenceAttacker = Callable[[LinkedTables, Collection[CellKey]], dict[CellKey, tuple[int, int | None]]]
ReferenceFindings = Callable[[LinkedTables, Collection[CellKey], Collection[CellKey], int], list[tuple[CellKey, str]]]

SKEWED = st.sampled_from([0, 0, 0, 1, 1, 2, 3, 5, 8, 10, 11, 12, 15, 20, 40])


@st.composite
def counts(draw: st.DrawFn) -> Count:
    value = draw(SKEWED)
    return Count(value, draw(st.integers(1, value)) if value else 0)


@st.composite
def court_quarter_counts(draw: st.DrawFn) -> dict[tuple[str, str], Count]:
    """1-5 courts x 1-4 quarters (the §6.1 shape)."""
    courts = draw(st.integers(1, 5))
    quarters = draw(st.integers(1, 4))
    return {(f"C{c}", f"Q{q}"): draw(counts()) for c in range(courts) for q in range(1, quarters + 1)}


def court_quarter_table(cells: dict[tuple[str, str], Count]) -> LinkedTables:
    return two_way_table(cells, rows=sorted({c for c, _ in cells}), columns=sorted({q for _, q in cells}), total="All")


tables_2d = court_quarter_counts().map(court_quarter_table)


@st.composite
def hierarchical_tables(draw: st.DrawFn) -> LinkedTables:
    """Courts → 2 regions → nation, by quarters → year: the release geometry, small."""
    courts = draw(st.integers(2, 4))
    geography = Hierarchy.tree("geography", {**{f"C{c}": f"R{c % 2}" for c in range(courts)}, "R0": "PH", "R1": "PH"})
    period = Hierarchy.groups("period", {"2025": ["Q1", "Q2"]})
    cells: dict[CellKey, Count] = {(f"C{c}", q): draw(counts()) for c in range(courts) for q in ("Q1", "Q2")}
    return cross_classified(cells, [geography, period])


def primary_keys(tables: LinkedTables, threshold: int = 11) -> set[CellKey]:
    return {cell.key for cell in tables.cells if is_primary(cell, threshold)}


def assert_no_small_published(protection: Protection, tables: LinkedTables) -> None:
    cells = tables.by_key()
    k = protection.policy.threshold
    for cell in protection.cells:
        if cell.status == "published":
            assert not 0 < cells[cell.key].value < k
            assert not 0 < cells[cell.key].subjects < k


@given(cells=court_quarter_counts(), threshold=st.integers(3, 15))
def test_no_small_cell_published(cells: dict[tuple[str, str], Count], threshold: int) -> None:
    """Whatever k, no published cell counts 1..k-1 cases or 1..k-1 children."""
    tables = court_quarter_table(cells)
    assert_no_small_published(protect(tables, DisclosurePolicy(threshold=threshold)), tables)


@given(tables=tables_2d)
def test_suppressed_cells_cannot_be_backed_out(tables: LinkedTables, reference_attacker: ReferenceAttacker) -> None:
    """For every hidden cell the attacker's LP interval is at least 1 wide, and no primary cell can
    be proved below k; the library's own audit reports exactly the attacker's intervals."""
    protection = protect(tables)
    assert protection.audit.passed
    primary = primary_keys(tables)
    reference = reference_attacker(tables, protection.hidden())
    for key, (lower, upper) in reference.items():
        assert upper is None or upper - lower >= 1, f"{key} derivable: [{lower}, {upper}]"
        assert key not in primary or upper is None or upper >= 11, f"{key} provably small: [{lower}, {upper}]"
    assert {i.key: (i.lower, i.upper) for i in protection.audit.intervals} == reference


@pytest.mark.slow
@given(tables=hierarchical_tables())
def test_hierarchies_cannot_be_backed_out(tables: LinkedTables, reference_findings: ReferenceFindings) -> None:
    """Courts → regions → nation crossed with quarters → year: no small published cell, and no
    hidden cell derivable or provably small across all the linked relations."""
    protection = protect(tables)
    assert_no_small_published(protection, tables)
    assert reference_findings(tables, protection.hidden(), primary_keys(tables), 11) == []


@given(tables=tables_2d, seed=st.integers(0, 2**16))
def test_protection_is_deterministic(tables: LinkedTables, seed: int) -> None:
    """Same input, same pattern: also when cells, relations and parts are listed in another order."""
    shuffle = random.Random(seed)
    cells = list(tables.cells)
    relations = [
        msgspec.structs.replace(r, parts=tuple(shuffle.sample(r.parts, len(r.parts)))) for r in tables.relations
    ]
    shuffle.shuffle(cells)
    shuffle.shuffle(relations)
    reordered = LinkedTables(cells=tuple(cells), relations=tuple(relations))
    first = protect(tables)
    assert protect(tables) == first
    assert protect(reordered) == first


@given(tables=tables_2d)
def test_second_run_with_published_cells_fixed_keeps_the_pattern(tables: LinkedTables) -> None:
    """Re-protecting with the first run's published values fixed hides exactly the same cells."""
    first = protect(tables)
    second = protect(tables, published=first.published())
    assert second.hidden() == first.hidden()
    assert second.audit.passed


@st.composite
def revisions(draw: st.DrawFn) -> tuple[LinkedTables, LinkedTables]:
    """A release and its revision with 1-3 late cases (each a new child) in random cells."""
    cells = draw(court_quarter_counts())
    revised = dict(cells)
    for _ in range(draw(st.integers(1, 3))):
        key = draw(st.sampled_from(sorted(cells)))
        revised[key] = Count(revised[key].value + 1, revised[key].subjects + 1)
    return court_quarter_table(cells), court_quarter_table(revised)


@pytest.mark.slow
@given(pair=revisions(), protect_changes=st.booleans())
def test_release_and_revision_pass_the_audit_jointly(
    pair: tuple[LinkedTables, LinkedTables], protect_changes: bool, reference_findings: ReferenceFindings
) -> None:
    """Revision differencing (privacy.md §6.1): r2 adds late cases to r1. Over r1 and r2, with r1's
    published values known, no hidden cell of either release is derivable or provably small; with
    `protect_changes`, no small late-case count is provably small. r1 is not changed by r2."""
    r1_tables, r2_tables = pair
    r1 = protect(r1_tables)
    earlier = [EarlierRelease(label="r1", tables=r1_tables, protection=r1)]
    revision = protect_revision(r2_tables, label="r2", earlier=earlier, protect_changes=protect_changes)
    joint, _, _, _ = joint_tables(r2_tables, label="r2", earlier=earlier)
    primary = primary_keys(joint)
    findings = reference_findings(joint, revision.joint.hidden(), primary, 11)
    # A change of 0 or >= k may be derivable, like a published count; a small change (late cases)
    # is protected unless protect_changes is off.
    assert [(key, text) for key, text in findings if key[0] != "Δ" or (protect_changes and key in primary)] == []
    joint_cells = revision.joint.by_key()
    for key, value in r1.published().items():
        assert joint_cells[("r1", *key)].status == "published"
        assert joint_cells[("r1", *key)].value == value
    assert all(joint_cells[("r1", *key)].status == "confidential" for key in r1.hidden())
    assert_no_small_published(revision.release, r2_tables)


@given(tables=tables_2d)
def test_public_cells_show_one_marker_and_rounded_values(tables: LinkedTables) -> None:
    """Hidden cells all read value null / "confidential"; published ones are the exact value rounded
    to the nearest 5, except that 11..12 show as 15: no shown value is in 1..k-1."""
    protection = protect(tables)
    exact = {cell.key: cell.value for cell in protection.cells}
    for cell in public_cells(protection):
        if cell.status == "confidential":
            assert (cell.value, cell.rounding) == (None, None)
        else:
            assert cell.value is not None
            assert cell.value % 5 == 0
            assert not 1 <= cell.value < 11
            assert (cell.value == 0) == (exact[cell.key] == 0)
            if cell.value == 15:
                assert 11 <= exact[cell.key] <= 17
            else:
                assert abs(cell.value - exact[cell.key]) <= 2
