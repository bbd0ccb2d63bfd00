"""DP counts and histograms over public keys: discrete Laplace noise, then free post-processing.

The keys (regions, stages, age bands, quarters) are public, from the release catalogue, so every key
gets a noisy value, zeros included: leaving out the keys with no cases would itself disclose them.
The whole histogram is one mechanism run with d_in = c * b: one child is in at most c cases and
one case adds 1 to at most b leaves (`leaves_per_case`: 1 when each case falls in one cell, the
number of days for a stock counted on several days, the number of stages for "cases entering
each stage"), so one child moves the vector by at most c * b in L1. It costs one ε, not one per
cell (see `charges`).

After the noise, everything is post-processing, which costs no privacy (privacy.md §5):

1. margins (region → nation, quarters → year, stage totals) are sums of the noisy leaves, so
   they cost nothing more and add up with their parts before rounding; noising them separately
   would multiply the sensitivity by the number of levels;
2. clamp at 0 (a negative count is noise, not information);
3. a noisy value below k is suppressed: at ±6 (95%, ε = 1, c = 2) it says little but noise, and
   a shown 0 or 4 would be read as a true small count;
4. round to the publication base (5), as non-DP counts are, never to a value below k
   (`public_count`: a noisy 11 or 12 shows as 15, not 10).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import msgspec

from cpc_prosecution.disclosure.dp.accuracy import discrete_laplace_accuracy
from cpc_prosecution.disclosure.dp.charges import Charge, table_spec_hash
from cpc_prosecution.disclosure.dp.errors import DpRefusedError
from cpc_prosecution.disclosure.dp.noise import NoiseSource
from cpc_prosecution.disclosure.dp.policy import DpPolicy, require_dp_geography
from cpc_prosecution.disclosure.errors import TableError
from cpc_prosecution.disclosure.linked_tables import CellKey
from cpc_prosecution.disclosure.public_cells import PublicCell
from cpc_prosecution.disclosure.round_to_base import public_count

__all__ = ("DpCounts", "plan_counts", "publish_noisy_count", "release_counts")


class DpCounts(msgspec.Struct, frozen=True, kw_only=True):
    """A DP histogram as published, with what it cost and how accurate each leaf is."""

    cells: tuple[PublicCell, ...]
    """Leaves in key order, then margins in the order given."""
    clamped: dict[CellKey, int]
    """Noisy values clamped at 0, before suppression and rounding. DP output, so safe to reuse
    (e.g. as the count that gates a DP median), but publish `cells`, not these."""
    charge: Charge
    accuracy95: float
    """With 95% probability a leaf's noise is within ± this; a margin of m leaves is noisier."""


def plan_counts(
    spec: Any,
    *,
    geography: str,
    policy: DpPolicy,
    noise: NoiseSource,
    epsilon: float | None = None,
    leaves_per_case: int = 1,
) -> Charge:
    """What a DP histogram of the table `spec` costs at `epsilon` (default: a whole table's ε).

    `leaves_per_case` is the most leaves of the histogram one case can add to, taken from the
    table's definition (never from the data); the mechanism is calibrated to d_in = c * that.
    Refuses tables that are not region or national level. Draws no noise.
    """
    require_dp_geography(geography)
    target = policy.epsilon_per_table if epsilon is None else epsilon
    if not 0 < target <= policy.epsilon_per_table:
        raise DpRefusedError(f"ε {target} for one histogram is outside (0, {policy.epsilon_per_table}]")
    if leaves_per_case < 1:
        raise DpRefusedError(f"a case adds to at least one leaf, not {leaves_per_case}")
    d_in = policy.cases_per_child * leaves_per_case
    calibration = noise.calibrate("discrete_laplace", d_in=d_in, epsilon=target)
    return Charge(
        mechanism="discrete_laplace",
        d_in=d_in,
        scale=calibration.scale,
        epsilon=calibration.epsilon,
        table_spec_hash=table_spec_hash(spec),
        leaves_per_case=leaves_per_case,
    )


def publish_noisy_count(key: CellKey, noisy: int, policy: DpPolicy) -> PublicCell:
    """Post-processing of one noisy count: clamp at 0, suppress below k, round to the base."""
    clamped = max(noisy, 0)
    if clamped < policy.threshold:
        return PublicCell(key=key, value=None, status="confidential")
    return PublicCell(
        key=key,
        value=public_count(clamped, policy.rounding_base, policy.threshold),
        status="published",
        rounding=policy.rounding_base,
    )


def release_counts(
    keys: Sequence[CellKey],
    counts: Mapping[CellKey, int],
    charge: Charge,
    *,
    noise: NoiseSource,
    policy: DpPolicy,
    margins: Mapping[CellKey, Sequence[CellKey]] | None = None,
) -> DpCounts:
    """Noise the leaf counts of the public `keys` (missing ones are 0) with `charge`, then post-process.

    `counts` must already be truncated to `policy.cases_per_child` cases per child (in SQL), or
    the charge understates the privacy loss. `margins` maps a total's key to its leaves' keys.
    """
    if charge.mechanism != "discrete_laplace" or charge.d_in != policy.cases_per_child * charge.leaves_per_case:
        raise DpRefusedError("the charge does not pay for a histogram under this policy")
    leaves = list(dict.fromkeys(keys))
    if len(leaves) != len(keys):
        raise TableError("a public key is listed twice")
    unknown = sorted(set(counts) - set(leaves))
    if unknown:
        raise TableError(f"counts for keys outside the public key set: {unknown!r}")
    if any(count < 0 for count in counts.values()):
        raise TableError("a count is negative")
    noisy = dict(zip(leaves, noise.discrete_laplace([counts.get(key, 0) for key in leaves], charge), strict=True))
    totals: dict[CellKey, int] = {}
    for total, parts in (margins or {}).items():
        if total in noisy or total in totals:
            raise TableError(f"margin {total!r} is also a leaf or listed twice")
        missing = [part for part in parts if part not in noisy]
        if missing or not parts:
            raise TableError(f"margin {total!r} needs leaves of this table, not {missing!r}")
        # Summed before clamping: the clamped parts would bias every total upwards.
        totals[total] = sum(noisy[part] for part in parts)
    everything = {**noisy, **totals}
    return DpCounts(
        cells=tuple(publish_noisy_count(key, value, policy) for key, value in everything.items()),
        clamped={key: max(value, 0) for key, value in everything.items()},
        charge=charge,
        accuracy95=discrete_laplace_accuracy(charge.scale, 0.05),
    )
