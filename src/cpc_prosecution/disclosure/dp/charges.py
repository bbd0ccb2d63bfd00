"""What a table costs: one `Charge` per mechanism run, and how charges add up.

Accounting is pure ε-DP with basic composition: the privacy loss of several mechanisms over the same
children is the sum of their ε. Disjoint cells of one histogram compose in parallel, which is why
a whole histogram is *one* charge: one child changes it by at most c * b in L1 distance, whichever
cells the child's cases fall into, where b (`leaves_per_case`) is the most leaves one case adds
to: 1 when each case falls in one cell, more for a table that counts a case on several days or
once per stage it entered. `d_in = c * b` covers it. Repeated snapshots of the same open cases
(the quarterly backlog) either raise b in one table or are separate tables and add up.

A charge is computed before any noise is drawn (scale and ε depend only on d_in and the target ε,
never on the data), written to the ledger, and then used to draw exactly that noise.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable
from typing import Any, Literal

import msgspec

from cpc_prosecution.disclosure.dp.errors import DpRefusedError
from cpc_prosecution.disclosure.dp.policy import DpPolicy
from cpc_prosecution.disclosure.errors import PolicyError

__all__ = ("EPSILON_SLACK", "Charge", "Mechanism", "require_table_budget", "table_spec_hash", "total_epsilon")

Mechanism = Literal["discrete_laplace", "private_quantile"]

#: Float slack when comparing sums of ε with a cap: 4 x 1.0 must fit a cap of 4.0 exactly.
EPSILON_SLACK = 1e-9


class Charge(msgspec.Struct, frozen=True, kw_only=True):
    """One mechanism of one table: what the ledger records and what the noise is drawn with."""

    mechanism: Mechanism
    d_in: int
    """Sensitivity bound: cases per child * `leaves_per_case` (L1 for counts; symmetric distance,
    with one duration per case, for medians)."""
    scale: float
    """Noise scale the mechanism runs at."""
    epsilon: float
    """Privacy loss at `d_in`, as the privacy map reports it (at most the ε allocated)."""
    table_spec_hash: str
    """SHA-256 of the table's public specification (`table_spec_hash`)."""
    leaves_per_case: int = 1
    """Most leaves one case adds to (from the table's definition, never from the data); d_in is
    cases per child times this. Not a ledger column: the ledger keeps the product, d_in."""

    def __post_init__(self) -> None:
        if self.d_in < 1:
            raise PolicyError(f"d_in {self.d_in} must be at least 1")
        if self.leaves_per_case < 1 or self.d_in % self.leaves_per_case:
            raise PolicyError(f"d_in {self.d_in} is not a multiple of {self.leaves_per_case} leaves per case")
        if not (math.isfinite(self.scale) and self.scale > 0):
            raise PolicyError(f"noise scale {self.scale} must be a positive number")
        if not (math.isfinite(self.epsilon) and self.epsilon > 0):
            raise PolicyError(f"ε {self.epsilon} must be a positive number")
        if len(self.table_spec_hash) != 64:
            raise PolicyError("table_spec_hash must be a SHA-256 hex digest")


def table_spec_hash(spec: Any) -> str:
    """SHA-256 of a table's public specification (dimensions, keys, grid, policy: never data).

    `spec` is anything msgspec can encode; keys are sorted so equal specifications hash equally.
    The ledger stores it so an auditor can tell which table each ε was spent on.
    """
    return hashlib.sha256(msgspec.json.encode(spec, order="sorted")).hexdigest()


def total_epsilon(charges: Iterable[Charge]) -> float:
    """Basic (additive) composition of the charges."""
    return math.fsum(charge.epsilon for charge in charges)


def require_table_budget(charges: Iterable[Charge], policy: DpPolicy) -> float:
    """The ε of one table's mechanisms together; refuses a table that spends more than its share."""
    spent = total_epsilon(charges)
    if spent > policy.epsilon_per_table + EPSILON_SLACK:
        raise DpRefusedError(f"the table's mechanisms cost ε={spent:g}, more than ε={policy.epsilon_per_table:g}")
    return spent
