"""Clearance rate (CourTools Measure 2): outgoing cases as a percentage of incoming cases."""

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Final

from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.metrics.definitions import MetricDefinition, Timing
from cpc_prosecution.metrics.dimensions import ALL_DIMENSIONS
from cpc_prosecution.metrics.metric import Inputs, Metric, Tally
from cpc_prosecution.metrics.periods import Window
from cpc_prosecution.metrics.reconstruction import disposed_in_court
from cpc_prosecution.metrics.registry_sources import (
    COURT_UNFILED,
    M2,
    UNIT_OF_COUNT,
)
from cpc_prosecution.metrics.registry_sources import measure as _m
from cpc_prosecution.metrics.results import Cell, Unit, count, ratio


class ClearanceTally(Tally, frozen=True, kw_only=True):
    unit: Unit
    """CASE, or ACCUSED (the State Court Guide's criminal unit of count: one per accused charged)."""
    new_filings: int
    reopened: int
    dispositions: int
    placed_inactive: int


def dates_in(w: Window, days: Iterable[dt.date | None]) -> int:
    """How many of the days fall inside the window (a day listed twice counts twice)."""
    return sum(1 for d in days if w.contains(d))


def tally(summaries: Sequence[CaseSummary], w: Window, inputs: Inputs) -> ClearanceTally:
    if inputs.unit is Unit.ACCUSED:
        # Each accused charged in court: filed, revived, disposed and parked on their own dates.
        return ClearanceTally(
            unit=Unit.ACCUSED,
            new_filings=sum(dates_in(w, s.accused_filed_on) for s in summaries),
            reopened=sum(dates_in(w, s.accused_inactive_until) for s in summaries),
            dispositions=sum(dates_in(w, s.accused_disposed_on) for s in summaries),
            placed_inactive=sum(dates_in(w, s.accused_inactive_from) for s in summaries),
        )
    return ClearanceTally(
        unit=Unit.CASE,
        new_filings=dates_in(w, (s.filed_on for s in summaries)),
        reopened=sum(dates_in(w, s.reactivated_on) for s in summaries),
        dispositions=sum(1 for s in summaries if disposed_in_court(s, w)),
        placed_inactive=sum(dates_in(w, s.placed_inactive_on) for s in summaries),
    )


def cells(t: ClearanceTally) -> list[Cell]:
    incoming = t.new_filings + t.reopened
    outgoing = t.dispositions + t.placed_inactive
    return [
        count("incoming", t.unit, incoming),
        count("new_filings", t.unit, t.new_filings),
        count("reopened", t.unit, t.reopened),
        count("outgoing", t.unit, outgoing),
        count("dispositions", t.unit, t.dispositions),
        count("placed_inactive", t.unit, t.placed_inactive),
        ratio("clearance_rate", t.unit, outgoing, incoming),
    ]


DEFINITION: Final = MetricDefinition(
    id="clearance_rate",
    title="Clearance rate",
    definition=(
        "Outgoing cases as a percentage of incoming cases in the same period, per court or office, with the "
        "NCSC State Court Guide's status categories: incoming = new filings + reopened (reactivated) cases, "
        "outgoing = dispositions + cases placed inactive. Each component is reported as its own measure."
    ),
    formula=(
        "clearance_rate = (dispositions + placed_inactive) / (new_filings + reopened) x 100; "
        "incoming = new_filings + reopened; outgoing = dispositions + placed_inactive"
    ),
    units=(Unit.CASE, Unit.ACCUSED),
    timing=Timing.PERIOD,
    population="cases filed in court (with unit=ACCUSED: the accused charged in court)",
    includes=(
        "new_filings: cases first filed in court in the window",
        "reopened: returns to active status in the window: a revival of archived or provisionally dismissed "
        "accused (a provisional dismissal 'refiled' is revived under Rule 117 §8) that makes the case active "
        "again, one per return",
        "dispositions: cases disposed by the trial court in the window (every accused convicted, acquitted or "
        "dismissed), whenever filed",
        "placed_inactive: the case placed inactive in the window (every pending accused archived, the accused "
        "at large among the grounds, or provisionally dismissed), one per placement",
        "unit=ACCUSED (State Court Guide, criminal unit of count): each accused charged in court counts on its "
        "own first charging, revivals, disposition and archivings or provisional dismissals",
    ),
    excludes=(COURT_UNFILED,),
    measures=(
        _m("incoming", Unit.CASE, "count", "new filings + reopened in the window"),
        _m("new_filings", Unit.CASE, "count", "cases first filed in the window"),
        _m("reopened", Unit.CASE, "count", "cases reactivated (revived) in the window"),
        _m("outgoing", Unit.CASE, "count", "dispositions + placements inactive in the window"),
        _m("dispositions", Unit.CASE, "count", "cases disposed in the window"),
        _m("placed_inactive", Unit.CASE, "count", "cases placed inactive in the window"),
        _m("clearance_rate", Unit.CASE, "percent", "outgoing / incoming x 100 (None if no incoming)"),
    ),
    sources=(M2, UNIT_OF_COUNT),
    dimensions=ALL_DIMENSIONS,
    fields=(
        "filed_on",
        "disposed",
        "disposed_on",
        "placed_inactive_on",
        "reactivated_on",
        "accused_filed_on",
        "accused_disposed_on",
        "accused_inactive_from",
        "accused_inactive_until",
    ),
    approximations=(
        "A remanded case counts as outgoing once, at its last judgment, and its return on remand is not "
        "counted as reopened (the State Court Guide leaves remands to the court; remand dates are not in the "
        "summary).",
        "A case dismissed and refiled in court by a new Information (after a withdrawal or a dismissal without "
        "prejudice) counts as a new filing once, at its first filing: later filings of the same case are not "
        "dated in the summary.",
        "Per accused, an accused's disposition is their latest one (a remand is not a new filing).",
        "Whether a case is inactive is decided over the accused charged in it now: an accused added later by "
        "an amended Information counts as pending from the case's first filing, and an accused whose judgment "
        "was set aside on remand stays disposed for it.",
    ),
    units_of_count=(Unit.CASE, Unit.ACCUSED),
)

METRIC: Final = Metric(definition=DEFINITION, tally_type=ClearanceTally, tally=tally, cells=cells, order=20)
