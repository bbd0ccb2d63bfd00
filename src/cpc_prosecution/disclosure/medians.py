"""Medians (time to filing, time to disposition), privacy.md §4.4.

For an odd group the median *is* one child's value, and small groups give it away. A median is
published only when its group has at least `policy.median_min_n` cases (20 by default, stricter
than UK LLC's 10 because the subjects are children) and as many distinct children, and never fewer
than k. Published medians are rounded to 7 days, or to 30 days above 180 days. Minimums, maximums
and extreme percentiles are never published.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Literal

import msgspec

from cpc_prosecution.disclosure.policy import DisclosurePolicy

__all__ = ("PublicMedian", "median_is_publishable", "public_median", "round_days")

_LONG_AFTER_DAYS = 180


class PublicMedian(msgspec.Struct, frozen=True, kw_only=True):
    """A median duration as the public sees it, in days."""

    value: int | None
    status: Literal["published", "confidential"]
    rounding: int | None = None
    """7 or 30 (days) for a published median; None when confidential."""


def median_is_publishable(cases: int, children: int, policy: DisclosurePolicy | None = None) -> bool:
    """True when the group is large enough, in cases and in distinct children."""
    threshold = (policy or DisclosurePolicy()).median_threshold
    return cases >= threshold and children >= threshold


def round_days(days: float) -> tuple[int, int]:
    """(rounded days, base): nearest 7 days up to 180 days, nearest 30 above; halves go up."""
    if not math.isfinite(days) or days < 0:
        raise ValueError(f"a duration must be a finite number of days >= 0, got {days}")
    base = 7 if days <= _LONG_AFTER_DAYS else 30
    return math.floor(Fraction(days) / base + Fraction(1, 2)) * base, base


def public_median(
    median_days: float, *, cases: int, children: int, policy: DisclosurePolicy | None = None
) -> PublicMedian:
    """The rounded median, or the confidential marker when the group is too small."""
    if not median_is_publishable(cases, children, policy):
        return PublicMedian(value=None, status="confidential")
    value, base = round_days(median_days)
    return PublicMedian(value=value, status="published", rounding=base)
