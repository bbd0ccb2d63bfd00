"""Case summaries → the linked tables of a release (true counts, before any protection).

One system of cells and additive relations per family and level (`cross_classified`): nation →
regions per quarter (and the year as the sum of its quarters) and court → region → nation per
year. The systems share the regional and national yearly cells, so `combine` links them, and the
age-band totals are tied to the stage counts they partition. The rules for a case's stage on a
past day are the metrics engine's (`metrics.reconstruction`), so the figures match its definitions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import msgspec

from cpc_prosecution.disclosure import Hierarchy, LinkedTables, Relation, combine, cross_classified
from cpc_prosecution.domain.children import cell_field
from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.domain.vocab.stages import PRE_COURT_STAGES, Stage
from cpc_prosecution.domain.vocab.victims import AgeBand, Sex
from cpc_prosecution.metrics.age_of_pending_caseload import AGE_BANDS, band_of
from cpc_prosecution.metrics.periods import Period
from cpc_prosecution.metrics.reconstruction import first_on, stage_on
from cpc_prosecution.releases.catalogue import (
    CHILD_AGE_BANDS,
    COURT_PENDING_STAGES,
    ENTRY_STAGES,
    OPEN_STAGES,
    OUTCOMES,
    TOTAL,
    Family,
)
from cpc_prosecution.releases.geography import NATION, Geography
from cpc_prosecution.releases.spec import ReleaseSpec
from cpc_prosecution.releases.tally import Tally

__all__ = ("family_key", "tabulate")

_AGE_LABELS = tuple(label for label, _, _ in AGE_BANDS)


def family_key(family: Family, geography: str, period: str, category: str) -> tuple[str, str, str, str]:
    """The cell key every layer uses: (family, geography node, period or ISO day, category)."""
    return (family.value, geography, period, category)


class _Level(msgspec.Struct, frozen=True):
    geography: Hierarchy
    flow_periods: Hierarchy
    stock_days: Hierarchy
    court_level: bool


def _levels(spec: ReleaseSpec, geography: Geography) -> list[_Level]:
    quarters = tuple(q.code for q in spec.quarters)
    days = tuple(d.isoformat() for d in spec.stock_days)
    year = spec.year.code
    flows = (
        Hierarchy.groups("period", {year: quarters}) if spec.year_complete else Hierarchy(name="period", nodes=quarters)
    )
    levels = [_Level(geography.region_tree(), flows, Hierarchy(name="day", nodes=days), court_level=False)]
    if spec.year_complete:
        year_end = (spec.year.end.isoformat(),)
        levels.append(
            _Level(
                geography.court_tree(),
                Hierarchy(name="period", nodes=(year,)),
                Hierarchy(name="day", nodes=year_end),
                court_level=True,
            )
        )
    return levels


def _children(summary: CaseSummary) -> int:
    """Every case has a child victim behind it, recorded or not."""
    return max(1, summary.children_total)


def _place(summary: CaseSummary, stage: Stage, geography: Geography, court_level: bool) -> str:
    if stage in PRE_COURT_STAGES or summary.court_id is None:
        return geography.court_or_outside(None)
    return geography.court_or_outside(summary.court_id) if court_level else geography.region_of(summary.court_id)


def _filed_by(summary: CaseSummary, day: dt.date) -> dt.date:
    for candidate in (summary.filed_on, summary.first_filed_in_court_on):
        if candidate is not None and candidate <= day:
            return candidate
    return summary.detected_on


def _stocks(
    summaries: Iterable[CaseSummary], level: _Level, geography: Geography, per_child: int
) -> list[LinkedTables]:
    stages = Hierarchy.flat("stage", [s.value for s in OPEN_STAGES], TOTAL)
    bands = Hierarchy.flat("age", _AGE_LABELS, TOTAL)
    by_stage = Tally((level.geography, level.stock_days, stages), cases_per_child=per_child)
    by_age = Tally((level.geography, level.stock_days, bands), cases_per_child=per_child)
    for summary in summaries:
        children = _children(summary)
        for day_code in level.stock_days.nodes:
            day = dt.date.fromisoformat(day_code)
            stage = stage_on(summary, day)
            if stage is None or stage not in OPEN_STAGES:
                continue
            place = _place(summary, stage, geography, level.court_level)
            by_stage.add((place, day_code, stage.value), value=1, children=children)
            if stage in COURT_PENDING_STAGES:
                age = max(0, (day - _filed_by(summary, day)).days)
                by_age.add((place, day_code, band_of(age)), value=1, children=children)
    stage_table = cross_classified(by_stage.counts(), by_stage.dimensions, prefix=(Family.CASES_BY_STAGE.value,))
    age_table = cross_classified(by_age.counts(), by_age.dimensions, prefix=(Family.PENDING_BY_AGE.value,))
    ties = [
        Relation(
            family_key(Family.PENDING_BY_AGE, node, day_code, TOTAL),
            tuple(family_key(Family.CASES_BY_STAGE, node, day_code, s.value) for s in COURT_PENDING_STAGES),
        )
        for node in level.geography.nodes
        for day_code in level.stock_days.nodes
    ]
    return [combine(stage_table, age_table, relations=ties)]


def _period_of(periods: Sequence[Period], day: dt.date) -> str:
    return next(p.code for p in periods if p.start <= day <= p.end)


def _flows(
    summaries: Iterable[CaseSummary], level: _Level, geography: Geography, spec: ReleaseSpec
) -> list[LinkedTables]:
    per_child = spec.cases_per_child
    entry = Tally(
        (level.geography, level.flow_periods, Hierarchy(name="stage", nodes=tuple(s.value for s in ENTRY_STAGES))),
        cases_per_child=per_child,
    )
    disposed = Tally(
        (level.geography, level.flow_periods, Hierarchy.flat("outcome", OUTCOMES, TOTAL)), cases_per_child=per_child
    )
    leaves = [p for p in spec.quarters if p.code in level.flow_periods.nodes] or [spec.year]
    first, last = leaves[0].start, leaves[-1].end
    for summary in summaries:
        children = _children(summary)
        for stage in ENTRY_STAGES:
            day = first_on(summary, stage)
            if day is not None and first <= day <= last:
                place = _place(summary, stage, geography, level.court_level)
                entry.add((place, _period_of(leaves, day), stage.value), value=1, children=children)
        day = summary.disposed_on
        # The same population as the metrics engine's `disposed_in_court`, found in one pass.
        in_court = summary.filed_on is not None and summary.disposed
        if in_court and day is not None and first <= day <= last and summary.case_outcome.value in OUTCOMES:
            place = _place(summary, Stage.DECISION, geography, level.court_level)
            disposed.add((place, _period_of(leaves, day), summary.case_outcome.value), value=1, children=children)
    return [
        cross_classified(entry.counts(), entry.dimensions, prefix=(Family.CASES_ENTERING_STAGE.value,)),
        cross_classified(disposed.counts(), disposed.dimensions, prefix=(Family.CASES_DISPOSED.value,)),
    ]


def _children_identified(summaries: Iterable[CaseSummary], spec: ReleaseSpec) -> LinkedTables:
    periods = (
        Hierarchy.groups("period", {spec.year.code: tuple(q.code for q in spec.quarters)})
        if spec.year_complete
        else Hierarchy(name="period", nodes=tuple(q.code for q in spec.quarters))
    )
    tally = Tally(
        (Hierarchy(name="geography", nodes=(NATION,)), periods, Hierarchy.flat("age", CHILD_AGE_BANDS, TOTAL)),
        cases_per_child=spec.cases_per_child,
    )
    for summary in summaries:
        for period in spec.quarters:
            if period.contains(summary.detected_on):
                for band in AgeBand:
                    count = sum(getattr(summary, f"children_{cell_field(sex, band)}") for sex in Sex)
                    tally.add((NATION, period.code, band.value), value=count, children=count)
    return cross_classified(tally.counts(), tally.dimensions, prefix=(Family.CHILDREN_IDENTIFIED.value,))


def tabulate(summaries: Sequence[CaseSummary], spec: ReleaseSpec, geography: Geography) -> LinkedTables:
    """Every count of the release, with the relations that link them (true values)."""
    systems: list[LinkedTables] = []
    for level in _levels(spec, geography):
        systems += _stocks(summaries, level, geography, spec.cases_per_child)
        systems += _flows(summaries, level, geography, spec)
    systems.append(_children_identified(summaries, spec))
    return combine(*systems)
