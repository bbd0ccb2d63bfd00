"""Shared pieces of the history generator: weighted choice, random children, offence tables."""

import datetime as dt
import random
from collections.abc import Callable, Sequence
from typing import TypeVar

from cpc_prosecution.domain.children import CELL_FIELDS, ChildCounts
from cpc_prosecution.domain.events.facts import FactEvent
from cpc_prosecution.domain.examples import CITY_OFFICE, FAMILY_COURT, PROVINCIAL_OFFICE, REGULAR_COURT
from cpc_prosecution.domain.offences import offence
from cpc_prosecution.domain.types import MANILA
from cpc_prosecution.domain.vocab import (
    CaseType,
    PenaltyBand,
    Stage,
)

T = TypeVar("T")

#: A proposal: its weight, the event type it records, and the action (False when the lifecycle refused it).
Move = tuple[float, type[FactEvent], Callable[[], bool]]

S = Stage

COURTS = (FAMILY_COURT, REGULAR_COURT)

OFFICES = (CITY_OFFICE, PROVINCIAL_OFFICE)

OFFENCES_BY_TYPE = {
    CaseType.OSEC: ("RA11930-4g", "RA9208-6", "RA9775-4", "RA11930-4b"),
    CaseType.CHILD_LABOR_TRAFFICKING: ("RA9208-6", "RA9208-4", "RA7610-10"),
    CaseType.OTHER_TRAFFICKING: ("RA9208-6", "RA9208-4", "RA7610-5"),
}

SECONDARY_OFFENCES = ("RA7610-5", "RA11930-4r", "RA9208-5")

#: A lesser offence for plea bargains and convictions of a lesser offence.
LESSER = {
    "RA9208-6": "RA9208-4A",
    "RA9208-4": "RA9208-4A",
    "RA9208-5": "RA9208-4B",
    "RA11930-4g": "RA11930-4t",
    "RA11930-4b": "RA11930-4t",
    "RA11930-4r": "RA11930-4s",
    "RA7610-5": "RA7610-10",
    "RA9775-4": "RA7610-10",
    "RA7610-10": "RPC-336",
}

CELL_WEIGHTS = (1, 3, 4, 4, 1, 2, 2, 2)


def pick(rng: random.Random, weighted: Sequence[tuple[T, float]]) -> T:
    """One item of `(item, weight)` pairs, chosen by weight."""
    return rng.choices([item for item, _ in weighted], weights=[w for _, w in weighted])[0]


def moment(rng: random.Random, day: dt.date) -> dt.datetime:
    """A random Philippine-time moment on `day`."""
    return dt.datetime.combine(day, dt.time(rng.randint(0, 23), rng.choice((0, 15, 30, 45))), MANILA)


def children(rng: random.Random, most: int = 3) -> ChildCounts:
    """One to `most` children in random cells."""
    cells = dict.fromkeys(CELL_FIELDS, 0)
    for _ in range(rng.randint(1, most)):
        cells[rng.choices(CELL_FIELDS, weights=CELL_WEIGHTS)[0]] += 1
    return ChildCounts(**cells)


def sentence(code: str) -> PenaltyBand:
    """A sentence band for a conviction of `code`."""
    band = offence(code).penalty_band
    return PenaltyBand.AFFLICTIVE_12_20 if band is PenaltyBand.UNSPECIFIED else band
