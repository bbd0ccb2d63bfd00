"""Reading one cell: the date forms offices type, codes forgiven for case and spacing, near misses named."""

from __future__ import annotations

import datetime as dt

import pytest

from cpc_prosecution.spreadsheets.cells import CellError, parse_bool, parse_code, parse_date, parse_list, text

MARCH_5 = dt.date(2024, 3, 5)


@pytest.mark.parametrize(
    "cell",
    [
        MARCH_5,
        dt.datetime(2024, 3, 5, 0, 0),
        "2024-03-05",
        "05/03/2024",
        "5/3/2024",
        "05-03-2024",
        45356,
        45356.0,
        "45356",
    ],
)
def test_a_date_is_read_from_each_form_offices_type(cell: object) -> None:
    """ISO text, dd/mm/yyyy (Philippine order, day first), Excel serial numbers (45356 = 2024-03-05)
    and real date cells are all the same day."""
    assert parse_date(cell) == MARCH_5


@pytest.mark.parametrize("cell", ["31/02/2024", "March 5", "2024-13-01", 0, -4, "yesterday"])
def test_a_cell_that_is_no_date_is_refused_with_the_forms_to_use(cell: object) -> None:
    """Impossible days and free text are errors, never guessed."""
    with pytest.raises(CellError):
        parse_date(cell)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("NOT_GUILTY", "NOT_GUILTY"), ("not guilty", "NOT_GUILTY"), (" Not-Guilty ", "NOT_GUILTY"), ("guilty", "GUILTY")],
)
def test_a_code_is_matched_whatever_its_case_and_separators(cell: str, expected: str) -> None:
    """Case, spaces and hyphens are forgiven: they cannot change which code was meant."""
    assert parse_code(cell, ["GUILTY", "NOT_GUILTY"]) == expected


@pytest.mark.parametrize(
    ("cell", "suggestion"),
    [("Arraigment", "arraignment"), ("prelim investigation", "preliminary_investigation"), ("zzz", None)],
)
def test_a_near_miss_is_refused_with_the_code_it_most_likely_meant(cell: str, suggestion: str | None) -> None:
    """A misspelt code is not silently corrected (it is reported), but the report names the likely code."""
    with pytest.raises(CellError) as caught:
        parse_code(cell, ["detection", "arraignment", "preliminary_investigation", "filing"])
    assert caught.value.suggestion == suggestion


def test_whole_numbers_stored_as_floats_lose_their_decimal_point_and_lists_split_on_any_separator() -> None:
    """Excel stores 3 as 3.0; 'A1, A2;A3 A4' is four positions; yes/no cells read as booleans."""
    assert text(3.0) == "3"
    assert text(None) == ""
    assert parse_list("A1, A2;A3 A4") == ["A1", "A2", "A3", "A4"]
    assert parse_bool("Yes") is True
    assert parse_bool("no") is False
    with pytest.raises(CellError):
        parse_bool("maybe")
