"""DP medians of durations (days) over a public grid, released only for large enough groups.

The exponential mechanism (`then_private_quantile`) picks a grid value; the grid is public and fixed
in advance (0-730 days, step 15 by default), never derived from the data, so it leaks nothing.
Each child contributes at most c durations, so d_in = c under the symmetric distance.

On small groups a DP median is noise (privacy.md §5: off by a median of 134 days on n = 10), so it
is released only when the group's *DP* count reaches `policy.median_min_count` (30). The gate uses
a noisy count already paid for (from the table's histogram), which keeps the decision itself
private; when the gate is shut no noise is drawn, but the median's charge has been paid already,
because the ledger is charged before any draw.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import msgspec

from cpc_prosecution.disclosure.dp.charges import Charge, table_spec_hash
from cpc_prosecution.disclosure.dp.errors import DpRefusedError
from cpc_prosecution.disclosure.dp.noise import NoiseSource
from cpc_prosecution.disclosure.dp.policy import DpPolicy, require_dp_geography
from cpc_prosecution.disclosure.errors import TableError

__all__ = ("MEDIAN", "DpMedian", "plan_median", "release_median")

MEDIAN = 0.5


class DpMedian(msgspec.Struct, frozen=True, kw_only=True):
    """A DP median as the public sees it, in days."""

    value: int | None
    status: Literal["published", "confidential"]
    rounding: int | None = None
    """The grid step: the value is a multiple of it from the grid's start; None when confidential."""


def plan_median(
    spec: Any, *, geography: str, policy: DpPolicy, noise: NoiseSource, epsilon: float | None = None
) -> Charge:
    """What a DP median of the table `spec` costs at `epsilon` (default: a whole table's ε).

    The grid and the policy are part of what is hashed, so put them in `spec` too. Draws no noise.
    """
    require_dp_geography(geography)
    target = policy.epsilon_per_table if epsilon is None else epsilon
    if not 0 < target <= policy.epsilon_per_table:
        raise DpRefusedError(f"ε {target} for one median is outside (0, {policy.epsilon_per_table}]")
    calibration = noise.calibrate(
        "private_quantile",
        d_in=policy.cases_per_child,
        epsilon=target,
        candidates=policy.median_grid.candidates(),
        alpha=MEDIAN,
    )
    return Charge(
        mechanism="private_quantile",
        d_in=policy.cases_per_child,
        scale=calibration.scale,
        epsilon=calibration.epsilon,
        table_spec_hash=table_spec_hash(spec),
    )


def release_median(
    durations: Sequence[int], charge: Charge, *, dp_count: int | None, noise: NoiseSource, policy: DpPolicy
) -> DpMedian:
    """The DP median of `durations` (whole days, at most c per child), or the confidential marker.

    `dp_count` is the group's noisy count (e.g. `DpCounts.clamped[key]`); None means it was not
    released, which shuts the gate too. Never pass a true count here.
    """
    if charge.mechanism != "private_quantile" or charge.d_in != policy.cases_per_child:
        raise DpRefusedError("the charge does not pay for a median under this policy")
    if any(days < 0 for days in durations):
        raise TableError("a duration is negative")
    if dp_count is None or dp_count < policy.median_min_count:
        return DpMedian(value=None, status="confidential")
    grid = policy.median_grid
    value = noise.private_quantile(durations, charge, candidates=grid.candidates(), alpha=MEDIAN)
    return DpMedian(value=value, status="published", rounding=grid.step)
