"""Identifier hygiene (issue 19): ids are codes of their kind, and no id or branch label carries the
shape of personal data; a PSGC code starts with a region code, so a phone number is no place."""

from __future__ import annotations

import msgspec
import pytest

from cpc_prosecution.domain.events.precourt import Detection
from cpc_prosecution.domain.identifier_hygiene import personal_data_shape, screen_id, screen_label

GOOD_IDS = [
    ("office_id", "OCP-0702-LLC"),
    ("office_id", "OPP-0722-CEB"),
    ("office_id", "OCP-T-liaison-city"),
    ("court_id", "RTC-R7-LLC-FC54"),
    ("court_id", "RTC-NCJR-MNL-B27"),
    ("court_id", "RTC-R7-CEBU-FC-10"),
    ("court_id", "RTC-BENCH-001"),
    ("hotspot_id", "HS-0702260000-2018"),
    ("hotspot_id", "HS-LAPULAPU-2018"),
]
GOOD_LABELS = ["Branch 27", "Family Court Branch 54", "Branch 3", "Branch 55110"]

#: (field, value, what the refusal says), written by hand.
BAD_IDS = [
    ("court_id", "Maria.Clara.Santos.2011-03-04", "must be a code"),
    ("court_id", "RTC-Santos-2011-03-04", "a date"),
    ("court_id", "RTC-R7-04Mar2011", "a date"),
    ("court_id", "RTC-MCS-20110304", "a date"),
    ("hotspot_id", "12-Rizal-St-Malate", "must be a code"),
    ("hotspot_id", "HS-12-Rizal-St-Malate", "a street address"),
    ("hotspot_id", "HS-Purok-5-Tondo", "a street address"),
    ("hotspot_id", "HS-9171234567", "a phone number"),
    ("office_id", "OCP-09171234567", "a phone number"),
    ("office_id", "OCP-917-123-4567", "a phone number"),
    ("office_id", "Office of Juan Cruz", "must be a code"),
    ("office_id", "RTC-R7-LLC-FC54", "must be a code"),
]
BAD_LABELS = [
    ("Maria Clara Santos 2011-03-04", "a date"),
    ("Branch 27 Rizal St", "a street address"),
    ("Branch 0917 123 4567", "a phone number"),
    ("Branch 27 (born 04/03/2011)", "a date"),
    ("Juan Dela Cruz", "the branch's name and number"),
]


@pytest.mark.parametrize(("field", "value"), GOOD_IDS)
def test_ids_in_use_are_accepted(field: str, value: str) -> None:
    """Every id the examples, the seed and the tests register follows its kind's code pattern."""
    assert screen_id(field, value) is None


@pytest.mark.parametrize("label", GOOD_LABELS)
def test_branch_labels_in_use_are_accepted(label: str) -> None:
    """A branch label is the court's name and its number."""
    assert screen_label("branch_label", label) is None


@pytest.mark.parametrize(("field", "value", "reason"), BAD_IDS)
def test_ids_with_names_dates_phones_or_streets_are_refused(field: str, value: str, reason: str) -> None:
    """An id that is not a code of its kind, or holds a date, phone number or street, is refused."""
    refusal = screen_id(field, value)
    assert refusal is not None
    assert reason in refusal


@pytest.mark.parametrize(("label", "reason"), BAD_LABELS)
def test_labels_with_personal_data_shapes_are_refused(label: str, reason: str) -> None:
    """A branch label holding a date, phone number, street, or a person-like name is refused."""
    refusal = screen_label("branch_label", label)
    assert refusal is not None
    assert reason in refusal


def test_a_psgc_code_inside_an_id_is_not_a_phone_number() -> None:
    """Ten digits starting with a region code (01-19) are a place, not a phone number."""
    assert personal_data_shape("HS-0702260000-2018") is None
    assert personal_data_shape("HS-9702260000") == "a phone number"


@pytest.mark.parametrize(
    ("place", "accepted"),
    [("0702260000", True), ("1380600000", True), ("9171234567", False), ("2012345678", False), ("702260000", False)],
)
def test_place_psgc_must_have_the_psgc_shape(place: str, accepted: bool) -> None:
    """A Detection's place_psgc is 10 digits with a region code 01-19 first: a phone-shaped
    9171234567 is refused on decoding, naming the field."""
    body = {
        "type": "detection",
        "occurred_on": "2022-08-01",
        "case_id": "EX-1",
        "case_type": "OSEC",
        "referral_source": "HOTLINE",
        "place_psgc": place,
    }
    if accepted:
        assert msgspec.convert(body, Detection).place_psgc == place
    else:
        with pytest.raises(msgspec.ValidationError, match="place_psgc"):
            msgspec.convert(body, Detection)
