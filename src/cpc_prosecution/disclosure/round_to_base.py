"""Deterministic rounding of published counts to a base (5 by default), applied after suppression.

Rounding is conventional (to the nearest multiple, halves up), never random: a value is rounded the
same way every time, so repeated requests cannot be averaged. The audit works on exact values,
the worst case, so rounding only adds protection.

`public_count` is what a reader sees: 0, or a multiple of the base that is **never below k**. Plain
rounding would show 11 and 12 as 10 (with k = 11), a value the threshold promises never to show,
which also tells the reader "11 or 12". So the counts from k that round below the smallest multiple
of the base reaching k (the *floor*, 15 for k = 11 and base 5) are shown as the floor: a shown 15
means 11-17, any larger shown v means v-2 .. v+2, and 0 means 0.
"""

from __future__ import annotations

__all__ = ("public_count", "public_floor", "round_half_up", "round_to_base")


def round_to_base(value: int, base: int = 5) -> int:
    """Nearest multiple of `base`; exact halves (only possible for even bases) go up."""
    if base < 1:
        raise ValueError(f"rounding base {base} must be at least 1")
    if value < 0:
        raise ValueError(f"cannot round a negative count {value}")
    return (2 * value + base) // (2 * base) * base


def public_floor(threshold: int, base: int) -> int:
    """The smallest non-zero value a count may be shown as: the first multiple of `base` ≥ k."""
    if threshold < 1 or base < 1:
        raise ValueError(f"threshold {threshold} and base {base} must be at least 1")
    return -(-threshold // base) * base


def public_count(value: int, base: int, threshold: int) -> int:
    """The shown value of a publishable count (0, or at least k): rounded to `base`, never 1..k-1.

    Refuses a count of 1..k-1: such a cell is confidential, never rounded into view."""
    if 0 < value < threshold:
        raise ValueError(f"a count of {value} is below the threshold {threshold} and may not be shown")
    if value == 0:
        return 0
    return max(round_to_base(value, base), public_floor(threshold, base))


def round_half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator to the nearest integer, halves up (non-negative inputs)."""
    if denominator <= 0 or numerator < 0:
        raise ValueError("expected a non-negative numerator and a positive denominator")
    return (2 * numerator + denominator) // (2 * denominator)
