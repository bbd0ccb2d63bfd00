"""Linked tables and their builders: cells plus "total = sum of parts" relations."""

from __future__ import annotations

import pytest

from cpc_prosecution.disclosure import (
    Cell,
    Count,
    Hierarchy,
    LinkedTables,
    Relation,
    TableError,
    combine,
    cross_classified,
    hierarchy_table,
    time_aggregation,
    two_way_table,
)


def _relations(tables: LinkedTables) -> set[tuple[tuple[str, ...], frozenset[tuple[str, ...]]]]:
    return {(r.total, frozenset(r.parts)) for r in tables.relations}


def test_two_way_table_has_margins_and_one_relation_per_row_and_column() -> None:
    """A 2x2 table gets row totals, column totals, the grand total, and a relation for each."""
    tables = two_way_table({("A", "x"): 1, ("A", "y"): 2, ("B", "x"): 3, ("B", "y"): 4})
    values = {cell.key: cell.value for cell in tables.cells}
    assert values == {
        ("A", "x"): 1, ("A", "y"): 2, ("A", "Total"): 3,
        ("B", "x"): 3, ("B", "y"): 4, ("B", "Total"): 7,
        ("Total", "x"): 4, ("Total", "y"): 6, ("Total", "Total"): 10,
    }  # fmt: skip
    assert _relations(tables) == {
        (("A", "Total"), frozenset({("A", "x"), ("A", "y")})),
        (("B", "Total"), frozenset({("B", "x"), ("B", "y")})),
        (("Total", "Total"), frozenset({("Total", "x"), ("Total", "y")})),
        (("Total", "x"), frozenset({("A", "x"), ("B", "x")})),
        (("Total", "y"), frozenset({("A", "y"), ("B", "y")})),
        (("Total", "Total"), frozenset({("A", "Total"), ("B", "Total")})),
    }


def test_missing_leaf_counts_are_zero_and_explicit_rows_are_kept() -> None:
    """Rows and columns passed explicitly appear even when all their counts are zero."""
    tables = two_way_table({("A", "x"): 12}, rows=["A", "B"], columns=["x", "y"])
    values = {cell.key: cell.value for cell in tables.cells}
    assert values[("B", "y")] == 0
    assert values[("B", "Total")] == 0
    assert values[("Total", "Total")] == 12


def test_hierarchy_court_region_nation() -> None:
    """Courts add up to regions and regions to the nation, one relation per aggregate node."""
    tables = hierarchy_table(
        {"C1": 3, "C2": 12, "C3": 20}, {"C1": "R1", "C2": "R1", "C3": "R2", "R1": "PH", "R2": "PH"}
    )
    values = {cell.key: cell.value for cell in tables.cells}
    assert values[("R1",)] == 15
    assert values[("R2",)] == 20
    assert values[("PH",)] == 35
    assert _relations(tables) == {
        (("R1",), frozenset({("C1",), ("C2",)})),
        (("R2",), frozenset({("C3",)})),
        (("PH",), frozenset({("R1",), ("R2",)})),
    }


def test_time_aggregation_quarters_to_year_with_prefix() -> None:
    """Quarters add up to their year; a prefix places the table in a larger key space."""
    tables = time_aggregation(
        {"2025Q1": 1, "2025Q2": 2, "2025Q3": 3, "2025Q4": 4},
        {"2025": ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]},
        prefix=("NCR", "filed"),
    )
    assert tables.by_key()[("NCR", "filed", "2025")].value == 10
    assert _relations(tables) == {
        (("NCR", "filed", "2025"), frozenset(("NCR", "filed", f"2025Q{q}") for q in range(1, 5)))
    }


def test_aggregate_children_default_to_a_lower_bound() -> None:
    """Distinct children of a total are not the sum of its parts'; without a given count the
    builder uses the largest part's, which can only make the threshold stricter."""
    tables = time_aggregation({"Q1": Count(12, 9), "Q2": Count(15, 7)}, {"Y": ["Q1", "Q2"]})
    year = tables.by_key()[("Y",)]
    assert (year.value, year.subjects) == (27, 9)


def test_aggregate_children_can_be_given() -> None:
    """A total's distinct children can be given alongside the leaves; its value must match the sum."""
    tables = time_aggregation({"Q1": Count(12, 9), "Q2": Count(15, 7), "Y": Count(27, 14)}, {"Y": ["Q1", "Q2"]})
    assert tables.by_key()[("Y",)].subjects == 14
    with pytest.raises(TableError, match="parts sum to 27"):
        time_aggregation({"Q1": 12, "Q2": 15, "Y": 26}, {"Y": ["Q1", "Q2"]})


def test_bare_int_counts_children() -> None:
    """An int count means a count of children: value and subjects are both that number."""
    tables = time_aggregation({"Q1": 4}, {"Y": ["Q1"]})
    assert tables.by_key()[("Q1",)] == Cell(key=("Q1",), value=4, subjects=4)


def test_cross_classified_three_dimensions() -> None:
    """Geography x period x stage: every node combination is a cell, every aggregate a relation."""
    geography = Hierarchy.tree("geography", {"C1": "R1", "C2": "R1"})
    period = Hierarchy.groups("period", {"2025": ["Q1", "Q2"]})
    stage = Hierarchy.flat("stage", ["filed", "convicted"])
    tables = cross_classified({("C1", "Q1", "filed"): 5, ("C2", "Q2", "convicted"): 7}, [geography, period, stage])
    assert len(tables.cells) == 3 * 3 * 3
    assert tables.by_key()[("R1", "2025", "Total")].value == 12
    assert len(tables.relations) == 9 + 9 + 9  # one per aggregate node per combination of the others


@pytest.mark.parametrize(
    ("cells", "relations", "message"),
    [
        ([Cell(key=("a",), value=-1, subjects=0)], [], "negative"),
        ([Cell(key=("a",), value=0, subjects=2)], [], "no cases but 2 children"),
        ([Cell(key=("a",), value=1, subjects=1)] * 2, [], "appears twice"),
        ([Cell(key=("a",), value=5, subjects=5, upper_bound=4)], [], "upper bound"),
        ([Cell(key=("t",), value=3, subjects=3)], [Relation(("t",), (("a",),))], "unknown cells"),
        (
            [Cell(key=("t",), value=3, subjects=3), Cell(key=("a",), value=2, subjects=2)],
            [Relation(("t",), (("a",),))],
            "parts sum to 2",
        ),
        ([Cell(key=("t",), value=0, subjects=0)], [Relation(("t",), ())], "no parts"),
        ([Cell(key=("t",), value=0, subjects=0)], [Relation(("t",), (("t",),))], "twice"),
    ],
)
def test_inconsistent_tables_are_refused(cells: list[Cell], relations: list[Relation], message: str) -> None:
    """Negative counts, duplicates, unknown cells and totals that are not the sum of their parts raise."""
    with pytest.raises(TableError, match=message):
        LinkedTables(cells=tuple(cells), relations=tuple(relations))


def test_combine_merges_shared_cells_and_relations() -> None:
    """Tables that share a cell are protected as one system; the shared cell appears once."""
    region = time_aggregation({"Q1": 5, "Q2": 7}, {"2025": ["Q1", "Q2"]}, prefix=("R1",))
    nation = hierarchy_table({"R1": 12, "R2": 20}, {"R1": "PH", "R2": "PH"})
    linked = hierarchy_table({"R1": 12}, {"R1": "PHx"})
    merged = combine(region, region, nation)
    assert len(merged.cells) == len(region.cells) + len(nation.cells)
    assert len(merged.relations) == len(region.relations) + len(nation.relations)
    with pytest.raises(TableError, match="differs between tables"):
        combine(nation, hierarchy_table({"R1": 13}, {"R1": "PH"}))
    extra = combine(region, linked, relations=[Relation(("R1",), (("R1", "2025"),))])
    assert Relation(("R1",), (("R1", "2025"),)) in extra.relations


def test_hierarchy_refuses_cycles_and_unknown_nodes() -> None:
    """A dimension must be a forest."""
    with pytest.raises(TableError, match="cycle"):
        Hierarchy.tree("g", {"a": "b", "b": "a"})
    with pytest.raises(TableError, match="unknown node"):
        Hierarchy(name="g", nodes=("a",), parents=(("a", "b"),))
    with pytest.raises(TableError, match="does not name one node"):
        cross_classified({("nowhere",): 1}, [Hierarchy.flat("g", ["a"])])


def test_combine_keeps_the_larger_children_lower_bound() -> None:
    """Two tables may derive different lower bounds for a shared total's children; the larger,
    still a lower bound, is kept, and the smaller of two known upper bounds."""
    by_quarter = time_aggregation({"Q1": Count(12, 9), "Q2": Count(15, 7)}, {"Y": ["Q1", "Q2"]})
    by_stage = hierarchy_table({"filed": Count(20, 12), "convicted": Count(7, 5)}, {"filed": "Y", "convicted": "Y"})
    merged = combine(by_quarter, by_stage)
    assert merged.by_key()[("Y",)] == Cell(key=("Y",), value=27, subjects=12)
    bounded = LinkedTables(cells=(Cell(key=("Y",), value=27, subjects=12, upper_bound=30),))
    assert combine(merged, bounded).by_key()[("Y",)].upper_bound == 30
