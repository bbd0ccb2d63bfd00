"""Prosecutors per office (Justice Counts' staffing metric): filled and vacant posts, posts carrying a
caseload, and prosecutors trained in trafficking law and in child-sensitive handling, from each office's
latest staffing snapshot on or before the as-of date."""

from collections.abc import Sequence
from typing import Final

from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.metrics.definitions import MetricDefinition, Timing
from cpc_prosecution.metrics.metric import Inputs, Metric, Tally
from cpc_prosecution.metrics.periods import Window
from cpc_prosecution.metrics.registry_sources import (
    BY_OFFICE,
    CAPACITY_SCOPE,
    COMPACT,
    JUSTICE_COUNTS_STAFF,
    LATEST_SNAPSHOT,
    THRESHOLD_PERCENT,
    TRAINED_CAPACITY_THRESHOLD,
)
from cpc_prosecution.metrics.registry_sources import measure as _m
from cpc_prosecution.metrics.results import Cell, Unit, count, ratio
from cpc_prosecution.metrics.staffing import latest_snapshots, meets_trained_threshold


class StaffingTally(Tally, frozen=True, kw_only=True):
    offices: int
    positions_filled: int
    positions_vacant: int
    carrying_caseload: int
    trained_trafficking: int
    trained_child_sensitive: int
    met: int


def tally(summaries: Sequence[CaseSummary], w: Window, inputs: Inputs) -> StaffingTally:
    latest = list(latest_snapshots(inputs.capacity.staffing, w.as_of).values())
    return StaffingTally(
        offices=len(latest),
        positions_filled=sum(s.positions_filled for s in latest),
        positions_vacant=sum(s.positions_vacant for s in latest),
        carrying_caseload=sum(s.carrying_caseload for s in latest),
        trained_trafficking=sum(s.trained_trafficking for s in latest),
        trained_child_sensitive=sum(s.trained_child_sensitive for s in latest),
        met=sum(1 for s in latest if meets_trained_threshold(s)),
    )


def cells(t: StaffingTally) -> list[Cell]:
    filled, vacant = t.positions_filled, t.positions_vacant
    return [
        count("offices_reporting", Unit.OFFICE, t.offices),
        count("positions", Unit.PROSECUTOR, filled + vacant),
        count("positions_filled", Unit.PROSECUTOR, filled),
        count("positions_vacant", Unit.PROSECUTOR, vacant),
        ratio("vacancy_rate", Unit.PROSECUTOR, vacant, filled + vacant),
        count("carrying_caseload", Unit.PROSECUTOR, t.carrying_caseload),
        ratio("trained_trafficking", Unit.PROSECUTOR, t.trained_trafficking, filled),
        ratio("trained_child_sensitive", Unit.PROSECUTOR, t.trained_child_sensitive, filled),
        ratio("offices_meeting_trained_threshold", Unit.OFFICE, t.met, t.offices),
    ]


DEFINITION: Final = MetricDefinition(
    id="prosecutor_staffing",
    title="Prosecutors per office: filled, vacant, carrying a caseload, trained",
    definition=(
        "Prosecutor posts of the offices that reported staffing, from " + LATEST_SNAPSHOT + ": filled and vacant "
        "posts, posts carrying a caseload, and the share of filled posts trained in trafficking law and in "
        "child-sensitive handling; and the share of offices meeting the trained-capacity threshold."
    ),
    formula=(
        "sums over offices of the latest snapshot's counts; vacancy_rate = vacant / (filled + vacant) x 100; "
        "trained_* = trained / filled x 100; offices_meeting_trained_threshold = #(met) / #(offices) x 100"
    ),
    units=(Unit.OFFICE, Unit.PROSECUTOR),
    timing=Timing.AS_OF,
    population="offices with a staffing snapshot on or before the as-of date",
    includes=(LATEST_SNAPSHOT, TRAINED_CAPACITY_THRESHOLD, CAPACITY_SCOPE),
    excludes=("offices that have not reported staffing by the as-of date", "case records (none are read)"),
    measures=(
        _m("offices_reporting", Unit.OFFICE, "count", "offices with a snapshot on or before the as-of date"),
        _m("positions", Unit.PROSECUTOR, "count", "prosecutor posts, filled or vacant"),
        _m("positions_filled", Unit.PROSECUTOR, "count", "filled posts"),
        _m("positions_vacant", Unit.PROSECUTOR, "count", "vacant posts"),
        _m("vacancy_rate", Unit.PROSECUTOR, "percent", "vacant / all posts"),
        _m("carrying_caseload", Unit.PROSECUTOR, "count", "filled posts whose holders carry cases"),
        _m("trained_trafficking", Unit.PROSECUTOR, "percent", "trained in trafficking law / filled posts"),
        _m(
            "trained_child_sensitive",
            Unit.PROSECUTOR,
            "percent",
            "trained in child-sensitive handling / filled posts",
        ),
        _m(
            "offices_meeting_trained_threshold",
            Unit.OFFICE,
            "percent",
            f"offices with >= {THRESHOLD_PERCENT} % of filled posts trained in trafficking law / offices reporting",
        ),
    ),
    sources=(JUSTICE_COUNTS_STAFF, COMPACT),
    dimensions=BY_OFFICE,
    fields=("office_id",),
    approximations=("Staffing is as reported per snapshot; between two snapshots the earlier one is taken to hold.",),
)

METRIC: Final = Metric(
    definition=DEFINITION,
    tally_type=StaffingTally,
    tally=tally,
    cells=cells,
    order=170,
    reads_capacity=True,
)
