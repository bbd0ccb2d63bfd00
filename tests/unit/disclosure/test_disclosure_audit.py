"""The attacker audit: min and max of every hidden cell by linear programming (scipy HiGHS)."""

from __future__ import annotations

from collections.abc import Callable, Collection

import pytest

from cpc_prosecution.disclosure import (
    AttackerInterval,
    Cell,
    CellKey,
    LinkedTables,
    Relation,
    attacker_audit,
    time_aggregation,
    two_way_table,
)

ReferenceAttacker = Callable[[LinkedTables, Collection[CellKey]], dict[CellKey, tuple[int, int | None]]]
YEAR = {"Y": ["Q1", "Q2", "Q3"]}


def _intervals(tables: LinkedTables, hidden: list[str], threshold: int = 11) -> dict[str, tuple[int, int | None]]:
    report = attacker_audit(tables, [(key,) for key in hidden], threshold=threshold)
    return {i.key[0]: (i.lower, i.upper) for i in report.intervals}


def test_single_hidden_cell_in_a_relation_is_exactly_derivable() -> None:
    """Total minus the published parts gives the hidden cell: interval of width 0."""
    tables = time_aggregation({"Q1": 3, "Q2": 12, "Q3": 20}, YEAR)
    report = attacker_audit(tables, [("Q1",)], threshold=11)
    assert [(f.key, f.reason, f.lower, f.upper) for f in report.findings] == [(("Q1",), "exactly derivable", 3, 3)]


def test_small_hidden_mass_proves_a_primary_small() -> None:
    """Two hidden small cells under a published total: each is at most their sum, 7 < k."""
    tables = time_aggregation({"Q1": 3, "Q2": 4, "Q3": 20}, YEAR)
    report = attacker_audit(tables, [("Q1",), ("Q2",)], threshold=11)
    assert {(f.key[0], f.reason, f.upper) for f in report.findings} == {
        ("Q1", "provably below threshold", 7),
        ("Q2", "provably below threshold", 7),
    }


def test_enough_hidden_mass_passes() -> None:
    """A small cell hidden with a complement of 12: the attacker only knows it is in 0..15."""
    tables = time_aggregation({"Q1": 3, "Q2": 12, "Q3": 20}, YEAR)
    report = attacker_audit(tables, [("Q1",), ("Q2",)], threshold=11)
    assert report.passed
    assert report.intervals == (
        AttackerInterval(key=("Q1",), lower=0, upper=15, primary=True),
        AttackerInterval(key=("Q2",), lower=0, upper=15, primary=False),
    )


def test_hidden_total_with_hidden_parts_is_unbounded() -> None:
    """With the total and two parts hidden, nothing bounds them from above."""
    assert _intervals(time_aggregation({"Q1": 3, "Q2": 12, "Q3": 20}, YEAR), ["Q1", "Q2", "Y"]) == {
        "Q1": (0, None),
        "Q2": (0, None),
        "Y": (20, None),
    }


def test_complement_interval_can_exclude_zero() -> None:
    """Bounds are rounded inwards: a lower bound proves a hidden complement non-zero, which is allowed
    for a complement (only width < 1 fails it)."""
    tables = two_way_table({("A", "x"): 3, ("A", "y"): 12, ("B", "x"): 15, ("B", "y"): 14})
    hidden = [("A", "x"), ("A", "y"), ("B", "x"), ("B", "y")]
    report = attacker_audit(tables, hidden, threshold=11)
    assert report.passed
    bounds = {i.key: (i.lower, i.upper) for i in report.intervals}
    assert bounds[("A", "x")] == (0, 15)
    assert bounds[("B", "y")] == (11, 26)


def test_known_upper_bounds_are_used() -> None:
    """A public upper bound on a hidden cell narrows the attacker's interval of its partners."""
    cells = (
        Cell(key=("a",), value=3, subjects=3),
        Cell(key=("b",), value=20, subjects=20, upper_bound=21),
        Cell(key=("t",), value=23, subjects=23),
    )
    tables = LinkedTables(cells=cells, relations=(Relation(("t",), (("a",), ("b",))),))
    report = attacker_audit(tables, [("a",), ("b",)], threshold=11)
    assert {i.key[0]: (i.lower, i.upper) for i in report.intervals} == {"a": (2, 23), "b": (0, 21)}


def test_cell_in_no_relation_is_free() -> None:
    """A hidden cell no relation mentions: the attacker knows only that it is >= 0."""
    tables = LinkedTables(cells=(Cell(key=("a",), value=3, subjects=3),))
    report = attacker_audit(tables, [("a",)], threshold=11)
    assert report.passed
    assert report.intervals == (AttackerInterval(key=("a",), lower=0, upper=None, primary=True),)


def test_primary_cells_can_be_named_explicitly() -> None:
    """`primary` overrides the threshold rule, e.g. to audit a 12 as if it were small."""
    tables = time_aggregation({"Q1": 12, "Q2": 0, "Q3": 0}, YEAR)
    report = attacker_audit(tables, [("Q1",), ("Q2",)], threshold=13, primary=[("Q1",)])
    assert [f.reason for f in report.findings] == ["provably below threshold"]


def test_unknown_hidden_cell_is_an_error() -> None:
    """Auditing a cell that is not in the tables is a programming error."""
    with pytest.raises(KeyError):
        attacker_audit(time_aggregation({"Q1": 1}, YEAR), [("nope",)], threshold=11)


def test_audit_matches_an_independent_attacker(reference_attacker: ReferenceAttacker) -> None:
    """The batched, component-wise audit gives the same intervals as one LP per bound per cell."""
    tables = two_way_table(
        {(f"c{r}", f"q{c}"): (r * 7 + c * 5) % 17 for r in range(5) for c in range(4)},
    )
    hidden = [cell.key for cell in tables.cells if cell.value % 3 != 0 or "Total" in cell.key[1]]
    report = attacker_audit(tables, hidden, threshold=11)
    reference = reference_attacker(tables, hidden)
    for interval in report.intervals:
        lower, upper = reference[interval.key]
        assert interval.lower == lower
        assert interval.upper == upper
