"""Children as counts by age band and sex: the only way victims appear anywhere (domain brief §5)."""

from collections.abc import Iterable

import msgspec

from cpc_prosecution.domain.types import Headcount, check_count
from cpc_prosecution.domain.vocab.victims import AgeBand, Sex


class ChildCounts(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Number of children per sex and age band (0-5, 6-11, 12-14, 15-17)."""

    girls_0_5: Headcount = 0
    girls_6_11: Headcount = 0
    girls_12_14: Headcount = 0
    girls_15_17: Headcount = 0
    boys_0_5: Headcount = 0
    boys_6_11: Headcount = 0
    boys_12_14: Headcount = 0
    boys_15_17: Headcount = 0

    def __post_init__(self) -> None:
        # Plain non-negative ints (every count the fold adds up) pass without a call per cell;
        # anything else gets the full check, which names the field.
        for value in self.cells():
            if type(value) is not int or value < 0:
                break
        else:
            return
        for name in CELL_FIELDS:
            check_count(getattr(self, name), name)

    def get(self, sex: Sex, band: AgeBand) -> int:
        """The count in one cell."""
        value: int = getattr(self, cell_field(sex, band))
        return value

    def total(self) -> int:
        """All children counted."""
        return sum(self.cells())

    def cells(self) -> tuple[int, ...]:
        """The eight cells in `CELL_FIELDS` order."""
        return (
            self.girls_0_5,
            self.girls_6_11,
            self.girls_12_14,
            self.girls_15_17,
            self.boys_0_5,
            self.boys_6_11,
            self.boys_12_14,
            self.boys_15_17,
        )

    def plus(self, other: "ChildCounts") -> "ChildCounts":
        """Cell-wise sum."""
        return _from_cells(a + b for a, b in zip(self.cells(), other.cells(), strict=True))

    def cellwise_max(self, other: "ChildCounts") -> "ChildCounts":
        """Cell-wise maximum (the same child counted at detection and at rescue is one child)."""
        return _from_cells(max(a, b) for a, b in zip(self.cells(), other.cells(), strict=True))

    def within(self, other: "ChildCounts") -> bool:
        """Whether every cell is at most the matching cell of `other`."""
        return all(a <= b for a, b in zip(self.cells(), other.cells(), strict=True))


_SEX_PREFIX = {Sex.FEMALE: "girls", Sex.MALE: "boys"}


def cell_field(sex: Sex, band: AgeBand) -> str:
    """Field name of one cell, e.g. (Sex.FEMALE, AgeBand.AGE_12_14) -> 'girls_12_14'."""
    return f"{_SEX_PREFIX[sex]}_{band.value}"


#: The eight cell field names, girls first, youngest first.
CELL_FIELDS: tuple[str, ...] = tuple(cell_field(sex, band) for sex in Sex for band in AgeBand)
NO_CHILDREN = ChildCounts()


def _from_cells(values: Iterable[int]) -> ChildCounts:
    v = tuple(values)
    return ChildCounts(
        girls_0_5=v[0],
        girls_6_11=v[1],
        girls_12_14=v[2],
        girls_15_17=v[3],
        boys_0_5=v[4],
        boys_6_11=v[5],
        boys_12_14=v[6],
        boys_15_17=v[7],
    )
