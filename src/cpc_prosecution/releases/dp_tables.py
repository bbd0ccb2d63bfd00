"""Differential-privacy mode of a release: noisy region and national tables (docs/privacy-dp.md).

A DP release noises the five region/national count tables and the national medians; everything
else in them is post-processing of those noisy values (margins, the conviction rate). Court tables
keep suppression and the attacker audit, with the region and national cells *latent* (unknowns
that are never published exactly) because only their noisy versions are public.

Sensitivity. One child is in at most c cases (`cases_per_child`), and one case adds 1 to at most
b leaves of a table, so one child moves a table's leaf vector by at most c * b in L1:

* `cases_by_stage` and `pending_by_age`: a case stands at one stage (one age band) per stock day,
  and a release has one stock day per quarter it covers, so b = number of quarters (1..4);
* `cases_entering_stage`: a case first enters each stage on one day, so at most once per stage
  over all the release's quarters: b = number of entry stages (18);
* `cases_disposed`: a case is disposed of on one day: b = 1;
* `children_identified`: a child of a case counts once, in one age band and one quarter: b = 1.

b comes from the catalogue and the period, never from the data. Margins (region → nation,
quarters → year, categories → Total) are sums of the noisy leaves and cost nothing. A national
median of one period is one mechanism with d_in = c (one duration per case).

ε split (basic composition): the release's ε is divided equally over its m mechanisms, the five
count tables and the national medians (2 per quarter, and 2 for the year in a fourth-quarter
release), so they add up to exactly the release's ε, which the ledger charges.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Mapping, Sequence
from typing import Any, Final

from cpc_prosecution.disclosure import (
    CellKey,
    DisclosurePolicy,
    LinkedTables,
    PublicCell,
    PublicMedian,
    PublicRate,
    public_rate,
)
from cpc_prosecution.disclosure.dp import (
    OPENDP_VERSION,
    Charge,
    DpCounts,
    DpPolicy,
    DpRefusedError,
    NoiseSource,
    plan_counts,
    plan_median,
    release_counts,
    release_median,
    total_epsilon,
)
from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.metrics.periods import Period
from cpc_prosecution.releases.catalogue import CATALOGUE_VERSION, TOTAL, Family, Level, Measure, table_definition
from cpc_prosecution.releases.catalogue import TableDefinition as Definition
from cpc_prosecution.releases.geography import NATION, NOT_IN_COURT, Geography
from cpc_prosecution.releases.medians import DURATIONS, group_durations
from cpc_prosecution.releases.spec import ReleaseSpec

__all__ = (
    "DATASET",
    "DEFAULT_DP_EPSILON",
    "DP_COUNT_TABLES",
    "DP_RATE_TABLE",
    "DpPlan",
    "DpTables",
    "dp_latent",
    "dp_parameters",
    "dp_policy",
    "leaves_per_case",
    "plan_dp",
    "release_dp",
)

#: The ledger's dataset id for releases built from case summaries.
DATASET: Final = "cases"
#: ε one release may spend by default: four quarterly releases fit the annual cap of 4.0.
DEFAULT_DP_EPSILON: Final = 1.0
DP_COUNT_TABLES: Final = (
    "cases_by_stage.region_quarter",
    "cases_entering_stage.region_quarter",
    "cases_disposed.region_quarter",
    "pending_by_age.region_quarter",
    "children_identified.national_quarter",
)
DP_RATE_TABLE: Final = "conviction_rate.region_quarter"
DP_MEDIAN_TABLE: Final = "median_days.region_quarter"
_FAMILIES: Final = frozenset(Family)
#: The noisy count that gates each national median (the closest population the tables count).
_GATES: Final = {
    "filing_to_disposition": (Family.CASES_DISPOSED.value, TOTAL),
    "detection_to_filing": (Family.CASES_ENTERING_STAGE.value, "FILED_IN_COURT"),
}


def _definition(table_id: str) -> Definition:
    definition = table_definition(table_id)
    assert definition is not None, table_id
    return definition


def dp_policy(spec: ReleaseSpec) -> DpPolicy:
    """The DP policy of a release: its c, threshold and rounding, the default ε and cap."""
    return DpPolicy(
        cases_per_child=spec.cases_per_child,
        threshold=spec.policy.threshold,
        rounding_base=spec.policy.rounding_base,
        median_min_count=max(DpPolicy().median_min_count, spec.policy.threshold),
    )


def leaves_per_case(definition: Definition, spec: ReleaseSpec) -> int:
    """b: the most leaves of this table one case can add 1 to (see the module docstring)."""
    if definition.family in (Family.CASES_BY_STAGE, Family.PENDING_BY_AGE):
        return len(spec.stock_days)
    if definition.family is Family.CASES_ENTERING_STAGE:
        return len(definition.categories)
    return 1


def _median_periods(spec: ReleaseSpec) -> list[tuple[str, tuple[Period, ...]]]:
    periods: list[tuple[str, tuple[Period, ...]]] = [(q.code, (q,)) for q in spec.quarters]
    return [*periods, (spec.year.code, spec.quarters)] if spec.year_complete else periods


@dataclasses.dataclass(frozen=True, kw_only=True)
class DpPlan:
    """The mechanisms of one DP release and their charges, before any noise is drawn."""

    policy: DpPolicy
    epsilon: float
    """The release's total ε, split equally over the mechanisms."""
    noise: NoiseSource
    counts: tuple[tuple[str, Charge], ...]
    """(table id, charge) of each noisy count table."""
    medians: tuple[tuple[str, str, Charge], ...]
    """(period code, category, charge) of each national median."""

    @property
    def charges(self) -> list[Charge]:
        """What the ledger is charged, in a fixed order: count tables, then medians."""
        return [c for _, c in self.counts] + [c for _, _, c in self.medians]


def _spec_of(table: str, spec: ReleaseSpec, policy: DpPolicy, **more: Any) -> dict[str, Any]:
    return {"catalogue": CATALOGUE_VERSION, "table": table, "period": spec.period.code, "policy": policy, **more}


def plan_dp(spec: ReleaseSpec, *, epsilon: float, noise: NoiseSource) -> DpPlan:
    """Calibrate every mechanism of the release at ε / m each. Draws no noise."""
    policy = dp_policy(spec)
    if not 0 < epsilon <= policy.annual_cap:
        raise DpRefusedError(f"a release's ε must be > 0 and at most the annual cap {policy.annual_cap}")
    periods = _median_periods(spec)
    share = epsilon / (len(DP_COUNT_TABLES) + len(periods) * len(DURATIONS))
    counts = []
    for table in DP_COUNT_TABLES:
        definition = _definition(table)
        bound = leaves_per_case(definition, spec)
        charge = plan_counts(
            _spec_of(table, spec, policy, leaves_per_case=bound),
            geography=definition.level.value,
            policy=policy,
            noise=noise,
            epsilon=share,
            leaves_per_case=bound,
        )
        counts.append((table, charge))
    medians = [
        (
            code,
            category,
            plan_median(
                _spec_of(DP_MEDIAN_TABLE, spec, policy, geography=NATION, group=code, category=category),
                geography="national",
                policy=policy,
                noise=noise,
                epsilon=share,
            ),
        )
        for code, _ in periods
        for category in DURATIONS
    ]
    return DpPlan(policy=policy, epsilon=epsilon, noise=noise, counts=tuple(counts), medians=tuple(medians))


def dp_latent(tables: LinkedTables, geography: Geography) -> frozenset[CellKey]:
    """Cells published only with noise (every non-court count cell): latent for the protection."""
    families = {f.value for f in _FAMILIES}
    return frozenset(
        cell.key for cell in tables.cells if cell.key[0] in families and cell.key[1] not in geography.court_regions
    )


def _dimensions(
    definition: Definition, spec: ReleaseSpec, geography: Geography
) -> list[tuple[tuple[str, ...], dict[str, tuple[str, ...]]]]:
    """(leaves, margin → its leaves) of the geography, period and category dimensions."""
    if definition.level is Level.NATIONAL:
        places: tuple[tuple[str, ...], dict[str, tuple[str, ...]]] = ((NATION,), {})
    else:
        leaves = (*geography.regions, NOT_IN_COURT)
        places = (leaves, {NATION: leaves})
    if definition.measure is Measure.STOCK:
        periods: tuple[tuple[str, ...], dict[str, tuple[str, ...]]] = (
            tuple(d.isoformat() for d in spec.stock_days),
            {},
        )
    else:
        quarters = tuple(q.code for q in spec.quarters)
        periods = (quarters, {spec.year.code: quarters} if spec.year_complete else {})
    parts = tuple(c for c in definition.categories if c != TOTAL)
    categories = (parts, {TOTAL: parts} if TOTAL in definition.categories else {})
    return [places, periods, categories]


def _keys(
    definition: Definition, spec: ReleaseSpec, geography: Geography
) -> tuple[list[CellKey], dict[CellKey, list[CellKey]]]:
    """Leaf keys of a DP count table, and every margin's leaves."""
    prefix = (definition.family.value,)
    dimensions = _dimensions(definition, spec, geography)
    leaves = [(*prefix, *combo) for combo in itertools.product(*(leaves for leaves, _ in dimensions))]
    options = [[(node, (node,)) for node in leaves] + list(margins.items()) for leaves, margins in dimensions]
    margins: dict[CellKey, list[CellKey]] = {}
    for combo in itertools.product(*options):
        nodes = tuple(node for node, _ in combo)
        if all(len(below) == 1 and below[0] == node for node, below in combo):
            continue
        margins[(*prefix, *nodes)] = [(*prefix, *part) for part in itertools.product(*(below for _, below in combo))]
    return leaves, margins


@dataclasses.dataclass(frozen=True, kw_only=True)
class DpTables:
    """What a DP release publishes for its region and national tables."""

    cells: dict[CellKey, PublicCell]
    rates: dict[tuple[str, str, str], PublicRate]
    medians: dict[tuple[str, str, str], PublicMedian]
    accuracy95: dict[str, float]
    """Per count table: with 95% probability a leaf's noise is within ± this."""


def _rates(counts: DpCounts, policy: DisclosurePolicy) -> dict[tuple[str, str, str], PublicRate]:
    """Conviction rates from the noisy counts (post-processing), under the rate rule."""
    published = {cell.key: cell for cell in counts.cells}
    rates: dict[tuple[str, str, str], PublicRate] = {}
    for key, total in counts.clamped.items():
        family, place, period, category = key
        if category != TOTAL:
            continue
        top_key = (family, place, period, "CONVICTED")
        top = counts.clamped[top_key]
        hidden = published[top_key].status != "published" or published[key].status != "published"
        if top > total:
            rates[(place, period, "CONVICTED")] = PublicRate(value=None, status="confidential")
            continue
        rate = public_rate(top, total, policy, numerator_hidden=hidden, denominator_hidden=hidden)
        rates[(place, period, "CONVICTED")] = rate
    return rates


def release_dp(
    summaries: Sequence[CaseSummary],
    tables: LinkedTables,
    spec: ReleaseSpec,
    geography: Geography,
    plan: DpPlan,
) -> DpTables:
    """Draw the noise with the plan's charges (already paid) and post-process it."""
    true = {cell.key: cell.value for cell in tables.cells}
    cells: dict[CellKey, PublicCell] = {}
    clamped: dict[CellKey, int] = {}
    accuracy: dict[str, float] = {}
    disposed: DpCounts | None = None
    for table, charge in plan.counts:
        definition = _definition(table)
        leaves, margins = _keys(definition, spec, geography)
        counts = {key: true[key] for key in leaves if true.get(key, 0)}
        noisy = release_counts(leaves, counts, charge, noise=plan.noise, policy=plan.policy, margins=margins)
        cells |= {cell.key: cell for cell in noisy.cells}
        clamped |= noisy.clamped
        accuracy[table] = noisy.accuracy95
        if definition.family is Family.CASES_DISPOSED:
            disposed = noisy
    assert disposed is not None
    medians: dict[tuple[str, str, str], PublicMedian] = {}
    covered = dict(_median_periods(spec))
    for code, category, charge in plan.medians:
        family, gate_category = _GATES[category]
        median = release_median(
            group_durations(summaries, category, covered[code]),
            charge,
            dp_count=clamped.get((family, NATION, code, gate_category)),
            noise=plan.noise,
            policy=plan.policy,
        )
        medians[(NATION, code, category)] = PublicMedian(
            value=median.value, status=median.status, rounding=median.rounding
        )
    return DpTables(cells=cells, rates=_rates(disposed, spec.policy), medians=medians, accuracy95=accuracy)


def dp_parameters(plan: DpPlan, spec: ReleaseSpec, accuracy95: Mapping[str, float]) -> dict[str, Any]:
    """The `dp` object of the release's parameters: ε per mechanism, total, cap, c and bounds."""
    policy = plan.policy
    grid = policy.median_grid
    return {
        "mechanisms": "discrete Laplace (counts), exponential-mechanism quantile (medians); OpenDP " + OPENDP_VERSION,
        "privacy_unit": "one child victim",
        "epsilon": plan.epsilon,
        "epsilon_charged": total_epsilon(plan.charges),
        "split": "equal over the mechanisms (basic composition)",
        "annual_cap": policy.annual_cap,
        "dataset": DATASET,
        "budget_period": spec.year.code,
        "cases_per_child": policy.cases_per_child,
        "threshold": policy.threshold,
        "rounding_base": policy.rounding_base,
        "median_grid": {"start": grid.start, "stop": grid.stop, "step": grid.step},
        "median_min_count": policy.median_min_count,
        "tables": {
            table: {
                "epsilon": charge.epsilon,
                "leaves_per_case": charge.leaves_per_case,
                "d_in": charge.d_in,
                "scale": charge.scale,
                "accuracy95": round(accuracy95.get(table, 0.0), 2),
                "table_spec_hash": charge.table_spec_hash,
            }
            for table, charge in plan.counts
        },
        "medians": [
            {
                "geography": NATION,
                "period": code,
                "category": category,
                "epsilon": charge.epsilon,
                "d_in": charge.d_in,
                "scale": charge.scale,
                "table_spec_hash": charge.table_spec_hash,
            }
            for code, category, charge in plan.medians
        ],
        "derived": {DP_RATE_TABLE: "conviction rate of the noisy cases_disposed counts (post-processing)"},
    }
