"""Hand-written small tables and the suppression pattern they must get."""

from __future__ import annotations

from collections.abc import Collection, Mapping

import pytest

from cpc_prosecution.disclosure import (
    CannotProtectError,
    Cell,
    CellKey,
    Count,
    CountLike,
    DisclosurePolicy,
    LinkedTables,
    Relation,
    TableError,
    hierarchy_table,
    protect,
    time_aggregation,
    two_way_table,
)

YEAR = {"Y": ["Q1", "Q2", "Q3", "Q4"]}


def _year(counts: Mapping[str, CountLike]) -> LinkedTables:
    return time_aggregation(counts, YEAR)


def _hidden(
    tables: LinkedTables,
    policy: DisclosurePolicy | None = None,
    *,
    published: Mapping[CellKey, int] | None = None,
    hidden: Collection[CellKey] = (),
    prefer_hidden: Collection[CellKey] = (),
) -> set[str]:
    protection = protect(tables, policy, published=published, hidden=hidden, prefer_hidden=prefer_hidden)
    assert protection.audit.passed
    return {"/".join(key) for key in protection.hidden()}


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        pytest.param({"Q1": 12, "Q2": 0, "Q3": 30, "Q4": 11}, set(), id="nothing small: nothing hidden"),
        pytest.param({"Q1": 3, "Q2": 20, "Q3": 30, "Q4": 15}, {"Q1", "Q4"}, id="small cell + smallest complement"),
        pytest.param({"Q1": 3, "Q2": 0, "Q3": 40, "Q4": 15}, {"Q1", "Q4"}, id="a zero is not a complement"),
        pytest.param({"Q1": 3, "Q2": 4, "Q3": 20, "Q4": 30}, {"Q1", "Q2", "Q3"}, id="two small cells need mass"),
        pytest.param(
            {"Q1": Count(10, 10), "Q2": Count(1, 1), "Y": Count(11, 11)}, {"Q1", "Q2"}, id="total's children given"
        ),
        pytest.param(
            {"Q1": Count(10, 10), "Q2": Count(1, 1)}, {"Q1", "Q2", "Y"}, id="total's children unknown: at least 10"
        ),
        pytest.param(
            {"Q1": Count(15, 2), "Q2": 20, "Q3": 25, "Q4": 0}, {"Q1", "Q2"}, id="few children behind many cases"
        ),
        pytest.param({"Q1": 0, "Q2": 0, "Q3": 0, "Q4": 0}, set(), id="zeros are publishable"),
    ],
)
def test_one_dimensional_patterns(counts: dict[str, CountLike], expected: set[str]) -> None:
    """Quarters adding up to a year: primaries (1..10 cases or children) plus the cheapest complements."""
    assert _hidden(_year(counts)) == expected


def test_rectangle_in_a_two_way_table() -> None:
    """One small interior cell is protected by the classic rectangle of four cells."""
    tables = two_way_table(
        {("A", "x"): 3, ("A", "y"): 12, ("A", "z"): 20, ("B", "x"): 15, ("B", "y"): 14, ("B", "z"): 30}
    )
    assert _hidden(tables) == {"A/x", "A/y", "B/x", "B/y"}


def test_region_total_and_one_small_court_hide_two_courts() -> None:
    """Differencing regression (privacy.md §6.1): region total published, one court with 3 cases:
    at least two courts of that region are hidden."""
    tables = hierarchy_table(
        {"C1": 3, "C2": 12, "C3": 25, "C4": 14, "C5": 30},
        {"C1": "R1", "C2": "R1", "C3": "R1", "C4": "R2", "C5": "R2", "R1": "PH", "R2": "PH"},
    )
    assert _hidden(tables) == {"C1", "C2"}


@pytest.mark.parametrize(
    ("threshold", "expected"),
    [(3, set()), (5, {"Q1", "Q2"}), (11, {"Q1", "Q2", "Q3"}), (16, {"Q1", "Q2", "Q3", "Q4", "Y"})],
)
def test_threshold_changes_the_pattern(threshold: int, expected: set[str]) -> None:
    """The same table under k = 3, 5, 11 and 16."""
    tables = _year({"Q1": 4, "Q2": 6, "Q3": 12, "Q4": 15})
    assert _hidden(tables, policy=DisclosurePolicy(threshold=threshold)) == expected


def test_cells_published_earlier_stay_published() -> None:
    """A value already published is known and fixed: the complement is found elsewhere."""
    tables = _year({"Q1": 3, "Q2": 12, "Q3": 20, "Q4": 0})
    assert _hidden(tables) == {"Q1", "Q2"}
    assert _hidden(tables, published={("Q2",): 12}) == {"Q1", "Q3"}


def test_cells_hidden_earlier_stay_hidden() -> None:
    """A cell that must stay hidden gets a complement although it is not small itself."""
    tables = _year({"Q1": 12, "Q2": 15, "Q3": 20, "Q4": 0})
    assert _hidden(tables, hidden=[("Q3",)]) == {"Q1", "Q3"}


def test_preferred_cells_are_chosen_first() -> None:
    """To keep patterns stable across periods, last period's complements are preferred."""
    tables = _year({"Q1": 3, "Q2": 12, "Q3": 20, "Q4": 0})
    assert _hidden(tables, prefer_hidden=[("Q3",)]) == {"Q1", "Q3"}


def test_cannot_protect_when_everything_else_was_published() -> None:
    """If earlier releases published every other cell of the relation, the small cell is derivable:
    protect raises rather than returning an unsafe pattern."""
    tables = _year({"Q1": 3, "Q2": 12, "Q3": 20, "Q4": 0})
    published: dict[CellKey, int] = {("Q2",): 12, ("Q3",): 20, ("Q4",): 0, ("Y",): 35}
    with pytest.raises(CannotProtectError, match=r"\('Q1',\).*exactly derivable"):
        protect(tables, published=published)


def test_a_known_upper_bound_below_k_cannot_be_protected() -> None:
    """An attacker who knows a primary cell is at most 5 can always prove it small."""
    cells = (
        Cell(key=("a",), value=3, subjects=3, upper_bound=5),
        Cell(key=("b",), value=20, subjects=20),
        Cell(key=("t",), value=23, subjects=23),
    )
    tables = LinkedTables(cells=cells, relations=(Relation(("t",), (("a",), ("b",))),))
    with pytest.raises(CannotProtectError, match="provably below threshold"):
        protect(tables)


def test_earlier_values_must_match_the_data() -> None:
    """A published value that disagrees with the data, or one below k, is refused."""
    tables = _year({"Q1": 3, "Q2": 12, "Q3": 20, "Q4": 0})
    with pytest.raises(TableError, match="published as 13"):
        protect(tables, published={("Q2",): 13})
    with pytest.raises(CannotProtectError, match="already published"):
        protect(tables, published={("Q1",): 3})
    with pytest.raises(TableError, match="not in the tables"):
        protect(tables, hidden=[("Q9",)])
    with pytest.raises(TableError, match="both published earlier and kept hidden"):
        protect(tables, published={("Q2",): 12}, hidden=[("Q2",)])


def test_reasons_are_kept_internally() -> None:
    """Internally each hidden cell keeps its reason: primary, complementary or required."""
    tables = _year({"Q1": 3, "Q2": 12, "Q3": 20, "Q4": 15})
    reasons = {cell.key[0]: cell.reason for cell in protect(tables).cells}
    assert reasons == {"Q1": "primary", "Q2": "complementary", "Q3": None, "Q4": None, "Y": None}
    reasons = {cell.key[0]: cell.reason for cell in protect(tables, hidden=[("Q4",)]).cells}
    assert reasons == {"Q1": "primary", "Q2": None, "Q3": None, "Q4": "required", "Y": None}
