"""Clearance rate (CourTools Measure 2): outgoing cases as a percentage of incoming cases."""

from collections.abc import Sequence
from typing import Final

from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.metrics.definitions import MetricDefinition, Timing
from cpc_prosecution.metrics.dimensions import ALL_DIMENSIONS
from cpc_prosecution.metrics.metric import Inputs, Metric, Tally
from cpc_prosecution.metrics.periods import Window
from cpc_prosecution.metrics.registry_sources import (
    COURT_UNFILED,
    M2,
    UNIT_OF_COUNT,
)
from cpc_prosecution.metrics.registry_sources import measure as _m
from cpc_prosecution.metrics.results import Cell, Unit, count, ratio


class ClearanceTally(Tally, frozen=True, kw_only=True):
    incoming: int
    outgoing: int
    placed_inactive: int


def incoming(summary: CaseSummary, w: Window) -> bool:
    """First filed in court inside the window (revivals and court refilings are not dated)."""
    return w.contains(summary.filed_on)


def outgoing(summary: CaseSummary, w: Window) -> bool:
    """Filed in court at some time and disposed by the trial court inside the window."""
    return summary.filed_on is not None and summary.disposed and w.contains(summary.disposed_on)


def placed_inactive(summary: CaseSummary, w: Window) -> bool:
    """First archived or first provisionally dismissed inside the window (reported, not in the rate)."""
    return w.contains(summary.first_archived_on) or w.contains(summary.first_provisionally_dismissed_on)


def tally(summaries: Sequence[CaseSummary], w: Window, _: Inputs) -> ClearanceTally:
    return ClearanceTally(
        incoming=sum(1 for s in summaries if incoming(s, w)),
        outgoing=sum(1 for s in summaries if outgoing(s, w)),
        placed_inactive=sum(1 for s in summaries if placed_inactive(s, w)),
    )


def cells(t: ClearanceTally) -> list[Cell]:
    return [
        count("incoming", Unit.CASE, t.incoming),
        count("outgoing", Unit.CASE, t.outgoing),
        ratio("clearance_rate", Unit.CASE, t.outgoing, t.incoming),
        count("placed_inactive", Unit.CASE, t.placed_inactive),
    ]


DEFINITION: Final = MetricDefinition(
    id="clearance_rate",
    title="Clearance rate",
    definition="Outgoing cases as a percentage of incoming cases in the same period, per court or office.",
    formula="clearance_rate = outgoing / incoming x 100",
    units=(Unit.CASE,),
    timing=Timing.PERIOD,
    population="cases filed in court",
    includes=(
        "incoming: cases first filed in court in the window (new filings)",
        "outgoing: cases disposed by the trial court in the window (every accused convicted, acquitted or "
        "dismissed), whenever filed",
    ),
    excludes=(
        COURT_UNFILED,
        "reopened and reactivated cases from incoming (revival and court refiling dates are not in the summary)",
        "placed-inactive cases from outgoing (reported apart as placed_inactive, so the rate stays "
        "symmetric while reactivations cannot be counted)",
    ),
    measures=(
        _m("incoming", Unit.CASE, "count", "cases first filed in the window"),
        _m("outgoing", Unit.CASE, "count", "cases disposed in the window"),
        _m("clearance_rate", Unit.CASE, "percent", "outgoing / incoming x 100 (None if no incoming)"),
        _m("placed_inactive", Unit.CASE, "count", "cases first archived or provisionally dismissed in the window"),
    ),
    sources=(M2, UNIT_OF_COUNT),
    dimensions=ALL_DIMENSIONS,
    fields=("filed_on", "disposed", "disposed_on", "first_archived_on", "first_provisionally_dismissed_on"),
    approximations=(
        "A case is one prosecution matter with all its accused; the State Court Guide counts one case per "
        "defendant (accused-unit clearance needs per-accused filing and disposition dates).",
        "A remanded case counts as outgoing once, at its last judgment.",
    ),
)

METRIC: Final = Metric(definition=DEFINITION, tally_type=ClearanceTally, tally=tally, cells=cells, order=20)
