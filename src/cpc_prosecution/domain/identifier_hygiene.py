"""Identifier hygiene for reference records: codes, not people (issue 19).

Office, court and hotspot ids are printed in public tables and metrics, and branch labels are
shown next to them, so they must be codes. An id follows its kind's code pattern, and no id or
label may carry the shape of personal data: a date (a birth date next to a name), a phone number,
or a street address. The patterns accept every id the project already uses (the examples, the
seed and the tests): ``OCP-0702-LLC``, ``OPP-0722-CEB``, ``RTC-R7-LLC-FC54``, ``RTC-NCJR-MNL-B27``,
``HS-0702260000-2018``.

`screen_reference` returns (field, reason) for the first problem, or None. It is pure; the service
turns a problem into a 422 naming the field.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = (
    "COURT_ID_PATTERN",
    "HOTSPOT_ID_PATTERN",
    "OFFICE_ID_PATTERN",
    "personal_data_shape",
    "screen_id",
    "screen_label",
)

_SEGMENTS = r"(-[A-Za-z0-9]{1,24})"
#: NPS offices: City (OCP), Provincial (OPP), Regional (ORP) prosecutor, or the national staff (NPS),
#: then one to four code segments, e.g. OCP-0702-LLC (the PSGC of the city, then a short code).
OFFICE_ID_PATTERN: Final = rf"^(OCP|OPP|ORP|NPS){_SEGMENTS}{{1,4}}$"
#: RTC branches: RTC, then one to five code segments, e.g. RTC-R7-LLC-FC54 (region, station, branch).
COURT_ID_PATTERN: Final = rf"^RTC{_SEGMENTS}{{1,5}}$"
#: Hotspots: HS, then one to four code segments, e.g. HS-0702260000-2018 (PSGC of the area, year).
HOTSPOT_ID_PATTERN: Final = rf"^HS{_SEGMENTS}{{1,4}}$"

_ID_PATTERNS: Final = {
    "office_id": re.compile(OFFICE_ID_PATTERN),
    "court_id": re.compile(COURT_ID_PATTERN),
    "hotspot_id": re.compile(HOTSPOT_ID_PATTERN),
}
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_SHAPES: Final = (
    (
        "a date",
        re.compile(
            r"(?<!\d)(19|20)\d{2}[-./ ]?(0?[1-9]|1[0-2])[-./ ]?(0?[1-9]|[12]\d|3[01])(?!\d)"
            r"|(?<!\d)(0?[1-9]|[12]\d|3[01])[-./ ](0?[1-9]|1[0-2])[-./ ](19|20)?\d{2}(?!\d)"
            rf"|(?<![a-z]){_MONTH}[-./ ]?\d{{1,2}},?[-./ ]?(19|20)\d{{2}}(?!\d)"
            rf"|(?<!\d)\d{{1,2}}[-./ ]?{_MONTH}[-./ ]?(19|20)\d{{2}}(?!\d)",
            re.IGNORECASE,
        ),
    ),
    (
        "a phone number",
        re.compile(
            r"(?<!\d)(\+?63|0)?[-. ]?9\d{2}[-. ]?\d{3}[-. ]?\d{4}(?!\d)"  # mobile: 0917 123 4567
            r"|(?<!\d)\(?0\d{1,2}\)?[-. ]\d{3,4}[-. ]\d{4}(?!\d)"  # landline with area code: (02) 8123-4567
            r"|(?<![\d-])\d{3,4}[-. ]\d{4}(?![\d-])",  # local number: 8123-4567
        ),
    ),
    (
        "a street address",
        re.compile(
            r"(?<![a-z])(st|street|ave|avenue|rd|road|blvd|boulevard|drive|lane|ln|highway|hwy|purok|sitio|"
            r"blk|block|lot|phase|subd|subdivision|village|compound|zone)(?![a-z])",
            re.IGNORECASE,
        ),
    ),
)
#: A run of 8 or more digits is a phone or account number unless it is a PSGC code (10 digits,
#: region 01-19).
_LONG_DIGITS: Final = re.compile(r"\d{8,}")
_PSGC_SHAPE: Final = re.compile(r"^(0[1-9]|1[0-9])\d{8}$")
#: Branch labels: optional capitalised words (the court's name), then "Branch" and its number.
_BRANCH_LABEL: Final = re.compile(r"^([A-Z][A-Za-z]*(?: [A-Z][A-Za-z]*)* )?Branch [0-9]{1,7}[A-Z]?$")


def personal_data_shape(value: str) -> str | None:
    """What personal data `value` looks like ("a date", "a phone number", "a street address"), or None."""
    for what, pattern in _SHAPES:
        if pattern.search(value):
            return what
    for digits in _LONG_DIGITS.findall(value):
        if not _PSGC_SHAPE.match(digits):
            return "a phone number"
    return None


def screen_id(field: str, value: str) -> str | None:
    """Why the id in `field` (office_id, court_id, hotspot_id) is refused, or None."""
    pattern = _ID_PATTERNS[field]
    if not pattern.match(value):
        return f"must be a code matching {pattern.pattern}, not a name or free text"
    shape = personal_data_shape(value)
    if shape is not None:
        return f"looks like it holds {shape}; identifiers are codes and carry no personal data"
    return None


def screen_label(field: str, value: str) -> str | None:
    """Why the branch label in `field` is refused, or None."""
    shape = personal_data_shape(value)
    if shape is not None:
        return f"looks like it holds {shape}; a branch label is the court's name and number only"
    if not _BRANCH_LABEL.match(value):
        return "must be the branch's name and number, e.g. 'Branch 27' or 'Family Court Branch 54'"
    return None
