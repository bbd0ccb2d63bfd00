"""Rates and percentages (e.g. conviction rate = convicted / disposed), privacy.md §4.4.

A rate is a cell in disguise: with the denominator it gives back the numerator and the
complement (denominator - numerator). So a rate is published only when

* neither its numerator nor its denominator cell is hidden;
* the denominator is at least k;
* the numerator and the complement are each 0 or at least k;
* a rate of 0% or 100% (everyone in the group shares the attribute, NCJJ) has a denominator of
  at least 2k.

Published rates are whole percents, rounded half up. Put the complement into the tables as a cell
of its own (disposed = convicted + acquitted + dismissed) so that suppression protects it too.
"""

from __future__ import annotations

from typing import Literal

import msgspec

from cpc_prosecution.disclosure.linked_tables import CellKey
from cpc_prosecution.disclosure.policy import DisclosurePolicy
from cpc_prosecution.disclosure.primary_suppression import is_small
from cpc_prosecution.disclosure.protection import Protection
from cpc_prosecution.disclosure.round_to_base import round_half_up

__all__ = ("PublicRate", "protected_rate", "public_rate", "rate_is_publishable")


class PublicRate(msgspec.Struct, frozen=True, kw_only=True):
    """A rate as the public sees it, in whole percent."""

    value: int | None
    status: Literal["published", "confidential"]


def rate_is_publishable(numerator: int, denominator: int, threshold: int) -> bool:
    """The count rules for a rate (the hidden-cell rule is applied by the callers below)."""
    if not 0 <= numerator <= denominator:
        raise ValueError(f"a rate needs 0 <= numerator <= denominator, got {numerator}/{denominator}")
    complement = denominator - numerator
    if denominator < threshold or is_small(numerator, threshold) or is_small(complement, threshold):
        return False
    return not ((numerator == 0 or complement == 0) and denominator < 2 * threshold)


def public_rate(
    numerator: int,
    denominator: int,
    policy: DisclosurePolicy | None = None,
    *,
    numerator_hidden: bool = False,
    denominator_hidden: bool = False,
) -> PublicRate:
    """The rate, or the confidential marker when any rule forbids it."""
    policy = policy or DisclosurePolicy()
    publishable = rate_is_publishable(numerator, denominator, policy.threshold)
    if numerator_hidden or denominator_hidden or not publishable:
        return PublicRate(value=None, status="confidential")
    return PublicRate(value=round_half_up(100 * numerator, denominator), status="published")


def protected_rate(protection: Protection, numerator: CellKey, denominator: CellKey) -> PublicRate:
    """The rate of two cells of a protection run, suppressed if either cell is hidden."""
    cells = protection.by_key()
    top, bottom = cells[numerator], cells[denominator]
    return public_rate(
        top.value,
        bottom.value,
        protection.policy,
        numerator_hidden=top.status == "confidential",
        denominator_hidden=bottom.status == "confidential",
    )
