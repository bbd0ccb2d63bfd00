"""Deterministic rounding of published counts to a base (5 by default), applied after suppression.

Rounding is conventional (to the nearest multiple, halves up), never random: a value is rounded the
same way every time, so repeated requests cannot be averaged. The audit works on exact values,
the worst case, so rounding only adds protection.
"""

from __future__ import annotations

__all__ = ("round_half_up", "round_to_base")


def round_to_base(value: int, base: int = 5) -> int:
    """Nearest multiple of `base`; exact halves (only possible for even bases) go up."""
    if base < 1:
        raise ValueError(f"rounding base {base} must be at least 1")
    if value < 0:
        raise ValueError(f"cannot round a negative count {value}")
    return (2 * value + base) // (2 * base) * base


def round_half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator to the nearest integer, halves up (non-negative inputs)."""
    if denominator <= 0 or numerator < 0:
        raise ValueError("expected a non-negative numerator and a positive denominator")
    return (2 * numerator + denominator) // (2 * denominator)
