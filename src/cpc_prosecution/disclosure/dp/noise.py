"""Where DP noise comes from: the `NoiseSource` protocol.

Production uses `OpenDpNoise` (OpenDP's CSPRNG; it cannot be seeded). Tests of everything that
happens *after* the noise (clamping, rounding, suppression, the median rule) inject
`ScriptedNoise`, which is deterministic. The split into `calibrate` and the draws lets a release
charge its budget before a single draw: calibration depends on the target ε and d_in only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import msgspec

from cpc_prosecution.disclosure.dp.charges import Charge, Mechanism

__all__ = ("Calibration", "NoiseSource")


class Calibration(msgspec.Struct, frozen=True, kw_only=True):
    """The noise scale that meets a target ε, and the ε the privacy map reports for it (≤ target)."""

    scale: float
    epsilon: float


class NoiseSource(Protocol):
    """Calibrates and runs the two mechanisms of DP mode."""

    def calibrate(
        self,
        mechanism: Mechanism,
        *,
        d_in: int,
        epsilon: float,
        candidates: Sequence[int] = (),
        alpha: float = 0.5,
    ) -> Calibration:
        """Smallest noise scale whose privacy loss at `d_in` is at most `epsilon`.

        `candidates` and `alpha` describe a quantile; they are ignored for counts.
        """
        ...

    def discrete_laplace(self, counts: Sequence[int], charge: Charge) -> tuple[int, ...]:
        """Each count plus independent discrete Laplace noise at `charge.scale`."""
        ...

    def private_quantile(
        self, values: Sequence[int], charge: Charge, *, candidates: Sequence[int], alpha: float
    ) -> int:
        """One of `candidates`, chosen by the exponential mechanism at `charge.scale`."""
        ...
