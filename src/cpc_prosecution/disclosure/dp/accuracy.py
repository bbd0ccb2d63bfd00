"""How far a DP count can be from the truth: the discrete Laplace accuracy bound, without OpenDP.

Published next to DP figures (and in docs/privacy-dp.md) so readers know the noise. For discrete
Laplace noise X at scale s, P(X = x) ∝ exp(-|x| / s), so for a whole a ≥ 1

    P(|X| ≥ a) = 2 e^(-a/s) / (1 + e^(-1/s)).

Setting that to alpha and solving for a gives the same bound as OpenDP's
`discrete_laplacian_scale_to_accuracy` (checked in the tests): with probability 1 - alpha the noise is
at most `a` in absolute value. It is pure arithmetic so that accuracy can be shown where OpenDP is
not installed.
"""

from __future__ import annotations

import math

__all__ = ("discrete_laplace_accuracy", "discrete_laplace_scale")


def discrete_laplace_accuracy(scale: float, alpha: float = 0.05) -> float:
    """a such that |noise| ≤ a with probability at least 1 - alpha."""
    if scale <= 0 or not 0 < alpha < 1:
        raise ValueError("need scale > 0 and 0 < alpha < 1")
    return scale * math.log(2 / (alpha * (1 + math.exp(-1 / scale))))


def discrete_laplace_scale(*, d_in: int, epsilon: float) -> float:
    """The scale of a pure ε-DP discrete Laplace mechanism with sensitivity d_in (ε = d_in / s)."""
    if d_in < 1 or epsilon <= 0:
        raise ValueError("need d_in >= 1 and epsilon > 0")
    return d_in / epsilon
