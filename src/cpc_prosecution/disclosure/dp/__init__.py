"""Optional differential-privacy mode for region and national tables (privacy.md §5, docs/privacy-dp.md).

Pure functions and small structs; OpenDP is imported only by `OpenDpNoise` (the ``dp`` extra), so
this package imports without it. A release builder uses it in three steps per table:

1. plan: `plan_counts` / `plan_median` compute each mechanism's `Charge` (scale, ε) without noise;
2. charge: `cpc_prosecution.store.dp_budget.charge_budget` writes the charges to the ledger inside
   the builder's transaction, or raises `BudgetExceededError`;
3. release: `release_counts` / `release_median` draw the noise with exactly those charges and
   post-process it (clamp, suppress below k, round).
"""

from __future__ import annotations

from cpc_prosecution.disclosure.dp.accuracy import discrete_laplace_accuracy, discrete_laplace_scale
from cpc_prosecution.disclosure.dp.charges import (
    Charge,
    Mechanism,
    require_table_budget,
    table_spec_hash,
    total_epsilon,
)
from cpc_prosecution.disclosure.dp.counts import DpCounts, plan_counts, publish_noisy_count, release_counts
from cpc_prosecution.disclosure.dp.errors import BudgetExceededError, DpError, DpRefusedError, DpUnavailableError
from cpc_prosecution.disclosure.dp.medians import DpMedian, plan_median, release_median
from cpc_prosecution.disclosure.dp.noise import Calibration, NoiseSource
from cpc_prosecution.disclosure.dp.opendp_noise import OPENDP_VERSION, OpenDpNoise, load_opendp
from cpc_prosecution.disclosure.dp.policy import DP_GEOGRAPHIES, DpPolicy, Geography, MedianGrid, require_dp_geography
from cpc_prosecution.disclosure.dp.scripted_noise import ScriptedNoise

__all__ = (
    "DP_GEOGRAPHIES",
    "OPENDP_VERSION",
    "BudgetExceededError",
    "Calibration",
    "Charge",
    "DpCounts",
    "DpError",
    "DpMedian",
    "DpPolicy",
    "DpRefusedError",
    "DpUnavailableError",
    "Geography",
    "Mechanism",
    "MedianGrid",
    "NoiseSource",
    "OpenDpNoise",
    "ScriptedNoise",
    "discrete_laplace_accuracy",
    "discrete_laplace_scale",
    "load_opendp",
    "plan_counts",
    "plan_median",
    "publish_noisy_count",
    "release_counts",
    "release_median",
    "require_dp_geography",
    "require_table_budget",
    "table_spec_hash",
    "total_epsilon",
)
