"""Constrained types shared by events, state and reference entities.

A constraint msgspec can express (pattern, bounds, length, timezone) is written here as `Meta`, once:
decoding checks it (every way data comes in: the API, imports, stored histories) and the OpenAPI
schema shows it. msgspec does not check `Meta` when code constructs a Struct in Python; the events
therefore keep in `__post_init__` only what `Meta` cannot say (no position or code listed twice, a
known offence code, rules between fields), and code that builds events is trusted to fill the rest.
Reference entities (offices, courts, hotspots) and `ChildCounts` still check their fields in Python.
"""

import datetime as dt
import re
from typing import Annotated

from msgspec import Meta

#: Philippine Standard Time (UTC+8, no daylight saving): the calendar every `occurred_on` uses.
MANILA = dt.timezone(dt.timedelta(hours=8), "PHT")

PSGC_PATTERN = r"^[0-9]{10}$"
POSITION_PATTERN = r"^A[1-9][0-9]{0,2}$"
IDENTIFIER_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
OFFENCE_CODE_PATTERN = r"^[A-Z]{2,3}[0-9]*-[A-Za-z0-9]+$"
BRANCH_LABEL_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9 .-]{0,39}$"

#: A place as a 10-character PSGC code (PSA). Stored as a string, never sliced for hierarchy.
Psgc = Annotated[str, Meta(pattern=PSGC_PATTERN, description="10-digit PSGC code")]
#: An accused as a position inside the case (A1, A2, ... A999); never a name.
AccusedPosition = Annotated[str, Meta(pattern=POSITION_PATTERN, description="accused position, e.g. A1")]
#: Opaque identifiers (case id, office id, court id, hotspot id). Docket numbers never go here.
Identifier = Annotated[str, Meta(pattern=IDENTIFIER_PATTERN)]
#: An offence code from `cpc_prosecution.domain.offences.OFFENCES`, e.g. "RA9208-6".
OffenceCode = Annotated[str, Meta(pattern=OFFENCE_CODE_PATTERN)]
#: A court branch label such as "Branch 66" or "Family Court Branch 10" (an identifier, not prose).
BranchLabel = Annotated[str, Meta(pattern=BRANCH_LABEL_PATTERN)]
#: The accused an event concerns: at least one position, none twice (`check_accused` checks repeats).
AccusedPositions = Annotated[
    tuple[AccusedPosition, ...],
    Meta(min_length=1, max_length=999, description="accused positions (A1, A2, ...): at least one, none twice"),
]
#: As `AccusedPositions`, but possibly empty (a motion or a complaint that names no accused yet).
AccusedPositionsOrNone = Annotated[
    tuple[AccusedPosition, ...],
    Meta(max_length=999, description="accused positions (A1, A2, ...), none twice; may be empty"),
]
#: A count of people or items (children, services); never negative.
Headcount = Annotated[int, Meta(ge=0, le=100_000)]
#: A positive count.
PositiveCount = Annotated[int, Meta(ge=1, le=100_000)]
#: Number of a count (charge) inside one Information filing: 1, 2, ...
CountNumber = Annotated[int, Meta(ge=1, le=999)]
#: 1-based position of an event in a case history.
SequenceNumber = Annotated[int, Meta(ge=1)]
#: A timezone-aware moment (Art. 125 clocks count hours).
AwareDatetime = Annotated[dt.datetime, Meta(tz=True)]

_PSGC = re.compile(PSGC_PATTERN)
_POSITION = re.compile(POSITION_PATTERN)
_IDENTIFIER = re.compile(IDENTIFIER_PATTERN)
_BRANCH = re.compile(BRANCH_LABEL_PATTERN)


def check_psgc(value: str, field: str) -> None:
    """Raise ValueError unless `value` is a 10-digit PSGC string."""
    if not _PSGC.match(value):
        raise ValueError(f"{field} must be a 10-digit PSGC code")


def check_identifier(value: str, field: str) -> None:
    """Raise ValueError unless `value` is a short opaque identifier."""
    if not _IDENTIFIER.match(value):
        raise ValueError(f"{field} must match {IDENTIFIER_PATTERN}")


def check_branch_label(value: str, field: str) -> None:
    """Raise ValueError unless `value` looks like a branch label."""
    if not _BRANCH.match(value):
        raise ValueError(f"{field} must match {BRANCH_LABEL_PATTERN}")


def check_count(value: int, field: str, *, minimum: int = 0) -> None:
    """Raise ValueError unless `value` is an int of at least `minimum`."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValueError(f"{field} must be an integer >= {minimum}")


def check_moment(occurred_on: dt.date, occurred_at: dt.datetime | None) -> None:
    """Raise ValueError unless `occurred_at` is aware and falls on `occurred_on` in Manila."""
    if occurred_at is None:
        return
    if occurred_at.tzinfo is None or occurred_at.utcoffset() is None:
        raise ValueError("occurred_at must carry a timezone")
    if occurred_at.astimezone(MANILA).date() != occurred_on:
        raise ValueError("occurred_at must fall on occurred_on (Philippine time)")


def position_number(position: str) -> int:
    """The number of an accused position: A12 -> 12 (for ordering)."""
    return int(position[1:])
