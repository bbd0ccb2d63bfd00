"""The production `NoiseSource`: OpenDP 0.16.0 through its framework API.

OpenDP is an optional extra (`pip install 'cpc-prosecution[dp]'`). It is imported here only, and
only when an `OpenDpNoise` is made, so the library, the API and every non-DP test run without it
(its wheel unpacks to 265 MB and takes 0.15-0.4 s to import, privacy.md §7).

* Counts: discrete Laplace (`then_laplace` on a vector of ints under the L1 distance; OpenDP picks
  the integer mechanism for integer data), sensitivity d_in = cases per child.
* Medians: `then_private_quantile` (exponential mechanism) over a public grid, under the
  symmetric distance, d_in = cases per child.

Before every draw the measurement is rebuilt at the charge's scale and its privacy map checked
against the charge, so noise is never drawn at a cost other than the one written to the ledger.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Sequence
from typing import Any, Final

from cpc_prosecution.disclosure.dp.charges import EPSILON_SLACK, Charge, Mechanism
from cpc_prosecution.disclosure.dp.errors import DpRefusedError, DpUnavailableError
from cpc_prosecution.disclosure.dp.noise import Calibration

__all__ = ("OPENDP_VERSION", "OpenDpNoise", "load_opendp")

#: The privacy maps recorded in the ledger are those of this version; another one may differ.
OPENDP_VERSION: Final = "0.16.0"


def load_opendp() -> Any:
    """`opendp.prelude` with the "contrib" features on, or DpUnavailableError."""
    try:
        version = importlib.metadata.version("opendp")
    except importlib.metadata.PackageNotFoundError:
        raise DpUnavailableError() from None
    if version != OPENDP_VERSION:
        raise DpUnavailableError(f"found opendp {version}; the library is checked against {OPENDP_VERSION}")
    try:
        import opendp.prelude as dp  # lazy on purpose: the extra is optional
    except ImportError as exc:
        raise DpUnavailableError(str(exc)) from exc
    # then_private_quantile and integer Laplace are "contrib" (not yet vetted by OpenDP's reviewers).
    dp.enable_features("contrib")
    return dp


class OpenDpNoise:
    """Noise from OpenDP's CSPRNG; it has no seed, on purpose."""

    def __init__(self) -> None:
        self._dp = load_opendp()

    def measurement(
        self, mechanism: Mechanism, scale: float, *, candidates: Sequence[int] = (), alpha: float = 0.5
    ) -> Any:
        """The OpenDP measurement of `mechanism` at `scale` (its `.map(d_in)` is the ε spent)."""
        dp = self._dp
        if mechanism == "discrete_laplace":
            space = dp.vector_domain(dp.atom_domain(T=int)), dp.l1_distance(T=int)
            return space >> dp.m.then_laplace(scale=scale)
        if not candidates:
            raise DpRefusedError("a DP quantile needs a public candidate grid")
        space = dp.vector_domain(dp.atom_domain(T=int)), dp.symmetric_distance()
        return space >> dp.m.then_private_quantile(
            dp.max_divergence(), candidates=list(candidates), alpha=alpha, scale=scale
        )

    def calibrate(
        self,
        mechanism: Mechanism,
        *,
        d_in: int,
        epsilon: float,
        candidates: Sequence[int] = (),
        alpha: float = 0.5,
    ) -> Calibration:
        """Binary search for the smallest scale with map(d_in) <= ε, then the ε the map reports."""
        scale = self._dp.binary_search_param(
            lambda s: self.measurement(mechanism, s, candidates=candidates, alpha=alpha), d_in=d_in, d_out=epsilon
        )
        spent = self.measurement(mechanism, scale, candidates=candidates, alpha=alpha).map(d_in)
        return Calibration(scale=float(scale), epsilon=float(spent))

    def _checked(self, charge: Charge, *, candidates: Sequence[int] = (), alpha: float = 0.5) -> Any:
        measurement = self.measurement(charge.mechanism, charge.scale, candidates=candidates, alpha=alpha)
        spent = float(measurement.map(charge.d_in))
        if spent > charge.epsilon + EPSILON_SLACK:
            raise DpRefusedError(
                f"{charge.mechanism} at scale {charge.scale} costs ε={spent}, charged {charge.epsilon}"
            )
        return measurement

    def discrete_laplace(self, counts: Sequence[int], charge: Charge) -> tuple[int, ...]:
        """Counts plus discrete Laplace noise; the vector is one release of one measurement."""
        if charge.mechanism != "discrete_laplace":
            raise DpRefusedError(f"a {charge.mechanism} charge cannot pay for a count")
        return tuple(int(value) for value in self._checked(charge)(list(counts)))

    def private_quantile(
        self, values: Sequence[int], charge: Charge, *, candidates: Sequence[int], alpha: float
    ) -> int:
        """A grid value chosen by the exponential mechanism."""
        if charge.mechanism != "private_quantile":
            raise DpRefusedError(f"a {charge.mechanism} charge cannot pay for a quantile")
        return int(self._checked(charge, candidates=candidates, alpha=alpha)(list(values)))
