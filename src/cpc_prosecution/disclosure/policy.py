"""The disclosure policy: threshold k, rounding base, median rule and the repair budget."""

from __future__ import annotations

from typing import Final

import msgspec

from cpc_prosecution.disclosure.errors import PolicyError

__all__ = ("DEFAULT_THRESHOLD", "MIN_THRESHOLD", "DisclosurePolicy")

#: Suppress counts 1..10 (CMS, CTDC): a cell is publishable when it is 0 or at least 11.
DEFAULT_THRESHOLD: Final = 11
#: Below 3 a count of 1 or 2 could be published next to its complement; the design forbids it.
MIN_THRESHOLD: Final = 3


class DisclosurePolicy(msgspec.Struct, frozen=True, kw_only=True):
    """Parameters of one protection run; stored with every release so it can be reproduced."""

    threshold: int = DEFAULT_THRESHOLD
    """k: a count (of cases or of distinct children) in 1..k-1 is never published."""
    rounding_base: int = 5
    """Published counts are rounded to the nearest multiple of this (1 = no rounding)."""
    median_min_n: int = 20
    """A median is published only when its group has at least this many cases and children
    (never fewer than `threshold`)."""
    max_repairs: int = 200
    """Audit-and-repair steps that hide one cell at a time before the repair falls back to hiding
    every cell of the offending relations."""

    def __post_init__(self) -> None:
        if self.threshold < MIN_THRESHOLD:
            raise PolicyError(f"threshold k={self.threshold} is below the minimum of {MIN_THRESHOLD}")
        if self.rounding_base < 1:
            raise PolicyError(f"rounding base {self.rounding_base} must be at least 1")
        if self.median_min_n < 1:
            raise PolicyError(f"median minimum n {self.median_min_n} must be at least 1")
        if self.max_repairs < 0:
            raise PolicyError(f"max_repairs {self.max_repairs} must not be negative")

    @property
    def median_threshold(self) -> int:
        """Smallest group size (cases and children) for which a median may be published."""
        return max(self.median_min_n, self.threshold)
