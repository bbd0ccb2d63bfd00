"""The public representation: one marker for every hidden cell, counts rounded to base 5."""

from __future__ import annotations

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpc_prosecution.disclosure import (
    DisclosurePolicy,
    PublicCell,
    protect,
    public_cells,
    round_to_base,
    time_aggregation,
)


def test_hidden_cells_read_the_same_whatever_the_reason() -> None:
    """A primary and a complementary cell have byte-identical JSON apart from their key."""
    protection = protect(time_aggregation({"Q1": 3, "Q2": 12, "Q3": 20}, {"Y": ["Q1", "Q2", "Q3"]}))
    reasons = {cell.key: cell.reason for cell in protection.cells}
    assert (reasons[("Q1",)], reasons[("Q2",)]) == ("primary", "complementary")
    shown = {cell.key: cell for cell in public_cells(protection)}
    blank = {key: msgspec.json.encode(msgspec.structs.replace(cell, key=())) for key, cell in shown.items()}
    assert blank[("Q1",)] == blank[("Q2",)] == b'{"key":[],"value":null,"status":"confidential","rounding":null}'
    assert msgspec.json.encode(shown[("Q3",)]) == b'{"key":["Q3"],"value":20,"status":"published","rounding":5}'
    assert msgspec.json.encode(shown[("Y",)]) == b'{"key":["Y"],"value":35,"status":"published","rounding":5}'


def test_public_cells_carry_no_reason_and_no_exact_value() -> None:
    """The public type has no field for the reason or for the unrounded value."""
    assert PublicCell.__struct_fields__ == ("key", "value", "status", "rounding")


def test_rounding_base_comes_from_the_policy() -> None:
    """With rounding_base=1 published values are exact; with 10 they round to tens, but never
    below k = 11: 13 shows as 20 (the first ten reaching k), not 10."""
    tables = time_aggregation({"Q1": 13, "Q2": 16}, {"Y": ["Q1", "Q2"]})
    for base, expected in [(1, [13, 16, 29]), (10, [20, 20, 30])]:
        cells = public_cells(protect(tables, DisclosurePolicy(rounding_base=base)))
        assert [cell.value for cell in cells] == expected
        assert {cell.rounding for cell in cells} == {base}


@pytest.mark.parametrize(
    ("value", "expected"), [(0, 0), (2, 0), (3, 5), (11, 10), (12, 10), (13, 15), (15, 15), (1002, 1000)]
)
def test_round_to_base_five(value: int, expected: int) -> None:
    """Nearest multiple of 5 (the raw rounding; `public_count` then keeps shown values at or above k)."""
    assert round_to_base(value) == expected


def test_even_bases_round_halves_up() -> None:
    """Halves (only possible with an even base) round up, deterministically."""
    assert [round_to_base(v, 10) for v in (4, 5, 14, 15)] == [0, 10, 10, 20]


def test_round_to_base_refuses_nonsense() -> None:
    """Negative counts and bases below 1 are errors."""
    with pytest.raises(ValueError, match="negative"):
        round_to_base(-1)
    with pytest.raises(ValueError, match="base"):
        round_to_base(3, 0)


@given(value=st.integers(0, 10**6), base=st.integers(1, 50))
def test_rounding_is_nearest_multiple_and_deterministic(value: int, base: int) -> None:
    """Rounded value is a multiple of the base within half a base of the value, stable when
    rounded again, and monotone."""
    rounded = round_to_base(value, base)
    assert rounded % base == 0
    assert abs(rounded - value) * 2 <= base
    assert round_to_base(rounded, base) == rounded
    assert round_to_base(value + 1, base) >= rounded
