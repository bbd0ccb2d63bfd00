"""The DP policy: privacy unit bound, ε per table, the annual cap, the median grid; which tables may use DP.

Defaults follow privacy.md §5. The privacy unit is one child victim. SQL truncates each child to at
most `cases_per_child` cases before aggregating, so one child moves a histogram by at most that much
in L1 distance and a list of durations by at most that many rows (symmetric distance): that bound
is the `d_in` of every mechanism.
"""

from __future__ import annotations

from typing import Final, Literal

import msgspec

from cpc_prosecution.disclosure.dp.errors import DpRefusedError
from cpc_prosecution.disclosure.errors import PolicyError
from cpc_prosecution.disclosure.policy import DEFAULT_THRESHOLD, MIN_THRESHOLD

__all__ = ("DP_GEOGRAPHIES", "DpPolicy", "Geography", "MedianGrid", "require_dp_geography")

Geography = Literal["national", "region", "court"]

#: At about 3 cases per court per quarter, noise of ±6 (95%, ε = 1, c = 2) swamps every court
#: figure (privacy.md §5), so DP is offered only where counts are large enough to survive it.
DP_GEOGRAPHIES: Final = frozenset({"national", "region"})


def require_dp_geography(geography: str) -> None:
    """Refuse DP for any table that is not region or national level (court tables above all)."""
    if geography not in DP_GEOGRAPHIES:
        raise DpRefusedError(
            f"DP mode covers region and national tables only, not {geography!r} tables: "
            "publish court figures with suppression and rounding"
        )


class MedianGrid(msgspec.Struct, frozen=True, kw_only=True):
    """Public candidate values (days) for a DP median; fixed in advance, never taken from the data."""

    start: int = 0
    stop: int = 730
    """Inclusive: two years, beyond which a duration is reported as the top of the grid."""
    step: int = 15

    def __post_init__(self) -> None:
        if self.start < 0 or self.step < 1 or self.stop <= self.start:
            raise PolicyError(f"median grid {self.start}..{self.stop} step {self.step} is not a valid grid")

    def candidates(self) -> tuple[int, ...]:
        """The grid values, in increasing order."""
        return tuple(range(self.start, self.stop + 1, self.step))


class DpPolicy(msgspec.Struct, frozen=True, kw_only=True):
    """Parameters of DP mode; stored with every DP release so its accounting can be checked."""

    epsilon_per_table: float = 1.0
    """Privacy loss of one published table, split across the mechanisms in it."""
    annual_cap: float = 4.0
    """Cap on the privacy loss per dataset and year (basic composition across tables and releases)."""
    cases_per_child: int = 2
    """c: cases kept per child (truncated in SQL); the sensitivity of every mechanism."""
    threshold: int = DEFAULT_THRESHOLD
    """Noisy counts below k are suppressed (free post-processing): they say little but noise."""
    rounding_base: int = 5
    """Published noisy counts are rounded to a multiple of this, like non-DP counts."""
    median_grid: MedianGrid = msgspec.field(default_factory=MedianGrid)
    median_min_count: int = 30
    """A DP median is released only when the group's DP count reaches this (privacy.md §5: on
    n = 10 a DP median is off by a median of 134 days, on n = 30 by 16)."""

    def __post_init__(self) -> None:
        if not 0 < self.epsilon_per_table <= self.annual_cap:
            raise PolicyError(f"ε per table {self.epsilon_per_table} must be > 0 and at most the cap {self.annual_cap}")
        if self.cases_per_child < 1:
            raise PolicyError(f"cases per child {self.cases_per_child} must be at least 1")
        if self.threshold < MIN_THRESHOLD:
            raise PolicyError(f"threshold k={self.threshold} is below the minimum of {MIN_THRESHOLD}")
        if self.rounding_base < 1:
            raise PolicyError(f"rounding base {self.rounding_base} must be at least 1")
        if self.median_min_count < self.threshold:
            raise PolicyError(f"median minimum count {self.median_min_count} is below k={self.threshold}")

    def split(self, mechanisms: int) -> float:
        """ε for each of `mechanisms` mechanisms sharing one table (basic composition: they add up)."""
        if mechanisms < 1:
            raise PolicyError("a table needs at least one mechanism")
        return self.epsilon_per_table / mechanisms
