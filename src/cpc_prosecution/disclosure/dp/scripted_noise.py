"""A deterministic `NoiseSource` for tests: the noise is a fixed script, not random.

Never use it to publish: its "noise" is known to anyone who reads the test. It exists so that the
post-processing rules can be tested exactly (OpenDP cannot be seeded, privacy.md §2.1).
Calibration follows the closed form of both OpenDP mechanisms in pure ε-DP, ε = d_in / scale
(the exponential-mechanism median's score changes by at most d_in per child at alpha = 0.5), so
charges made with it look like real ones.
"""

from __future__ import annotations

from collections.abc import Sequence

from cpc_prosecution.disclosure.dp.charges import Charge, Mechanism
from cpc_prosecution.disclosure.dp.noise import Calibration

__all__ = ("ScriptedNoise",)


class ScriptedNoise:
    """Adds `offsets` to counts (cycling through them); answers quantiles with `quantile` if given,
    else with the candidate nearest the true quantile. Counts how many draws were made."""

    def __init__(self, offsets: Sequence[int] = (0,), *, quantile: int | None = None) -> None:
        if not offsets:
            raise ValueError("give at least one offset")
        self.offsets = tuple(offsets)
        self.quantile = quantile
        self.draws = 0

    def calibrate(
        self,
        mechanism: Mechanism,
        *,
        d_in: int,
        epsilon: float,
        candidates: Sequence[int] = (),
        alpha: float = 0.5,
    ) -> Calibration:
        """Scale d_in / ε, spending exactly ε (both mechanisms; see the module docstring)."""
        return Calibration(scale=d_in / epsilon, epsilon=epsilon)

    def discrete_laplace(self, counts: Sequence[int], charge: Charge) -> tuple[int, ...]:
        """Count i gets offsets[i mod len(offsets)]."""
        self.draws += 1
        return tuple(count + self.offsets[i % len(self.offsets)] for i, count in enumerate(counts))

    def private_quantile(
        self, values: Sequence[int], charge: Charge, *, candidates: Sequence[int], alpha: float
    ) -> int:
        """The scripted answer, or the candidate nearest the true (lower) quantile."""
        self.draws += 1
        if self.quantile is not None:
            return self.quantile
        ordered = sorted(values)
        target = ordered[min(len(ordered) - 1, int(alpha * (len(ordered) - 1)))] if ordered else candidates[0]
        return min(candidates, key=lambda candidate: (abs(candidate - target), candidate))
