"""Outcomes of cases disposed in court: conviction rate per case and per accused, by manner.

Population: cases filed in court and disposed by the trial court in the window. A case counts as
convicted if any accused was convicted on any count (the domain's case outcome); its manner is
PLEA when every convicted accused pleaded, TRIAL when none did, MIXED otherwise. Accused outcomes
are those of the accused of these cases, whenever each was disposed.
"""

from collections.abc import Sequence
from typing import Final

from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.domain.vocab.outcomes import CaseOutcome
from cpc_prosecution.metrics.definitions import MetricDefinition, Timing
from cpc_prosecution.metrics.dimensions import ALL_DIMENSIONS
from cpc_prosecution.metrics.metric import Inputs, Metric, Tally
from cpc_prosecution.metrics.periods import Window
from cpc_prosecution.metrics.reconstruction import disposed_in_court
from cpc_prosecution.metrics.registry_sources import (
    COURT_UNFILED,
    JIL,
    JUSTICE_COUNTS,
    UNIT_OF_COUNT,
)
from cpc_prosecution.metrics.registry_sources import measure as _m
from cpc_prosecution.metrics.results import Cell, Unit, count, ratio

__all__ = ("MANNERS", "METRIC", "ConvictionTally", "cells", "disposed_in_court", "manner", "tally")

MANNERS: Final = ("PLEA", "TRIAL", "MIXED")


class ConvictionTally(Tally, frozen=True, kw_only=True):
    cases: int
    outcome_convicted: int
    outcome_acquitted: int
    outcome_dismissed: int
    manners: tuple[int, ...]
    """Convicted cases per `MANNERS`."""
    accused_convicted: int
    accused_acquitted: int
    accused_dismissed: int
    accused_convicted_by_plea: int
    accused_convicted_after_trial: int
    accused_acquitted_on_demurrer: int
    before_filing: int


def manner(summary: CaseSummary) -> str:
    if summary.accused_convicted_after_trial == 0:
        return "PLEA"
    if summary.accused_convicted_by_plea == 0:
        return "TRIAL"
    return "MIXED"


def tally(summaries: Sequence[CaseSummary], w: Window, _: Inputs) -> ConvictionTally:
    cases = [s for s in summaries if disposed_in_court(s, w)]
    manners = [manner(s) for s in cases if s.case_outcome is CaseOutcome.CONVICTED]
    return ConvictionTally(
        cases=len(cases),
        outcome_convicted=sum(1 for s in cases if s.case_outcome is CaseOutcome.CONVICTED),
        outcome_acquitted=sum(1 for s in cases if s.case_outcome is CaseOutcome.ACQUITTED),
        outcome_dismissed=sum(1 for s in cases if s.case_outcome is CaseOutcome.DISMISSED),
        manners=tuple(manners.count(m) for m in MANNERS),
        accused_convicted=sum(s.accused_convicted for s in cases),
        accused_acquitted=sum(s.accused_acquitted for s in cases),
        accused_dismissed=sum(s.accused_dismissed for s in cases),
        accused_convicted_by_plea=sum(s.accused_convicted_by_plea for s in cases),
        accused_convicted_after_trial=sum(s.accused_convicted_after_trial for s in cases),
        accused_acquitted_on_demurrer=sum(s.accused_acquitted_on_demurrer for s in cases),
        before_filing=sum(1 for s in summaries if s.filed_on is None and s.disposed and w.contains(s.disposed_on)),
    )


def cells(t: ConvictionTally) -> list[Cell]:
    n, convicted = t.cases, t.outcome_convicted
    acc_disposed = t.accused_convicted + t.accused_acquitted + t.accused_dismissed
    out = [
        count("cases_disposed", Unit.CASE, n),
        ratio("conviction_rate", Unit.CASE, convicted, n),
        ratio("acquittal_rate", Unit.CASE, t.outcome_acquitted, n),
        ratio("dismissal_rate", Unit.CASE, t.outcome_dismissed, n),
    ]
    out += [ratio("convicted_by_manner", Unit.CASE, k, convicted, m) for m, k in zip(MANNERS, t.manners, strict=True)]
    return [
        *out,
        count("accused_disposed", Unit.ACCUSED, acc_disposed),
        ratio("accused_conviction_rate", Unit.ACCUSED, t.accused_convicted, acc_disposed),
        ratio("accused_convicted_by_manner", Unit.ACCUSED, t.accused_convicted_by_plea, t.accused_convicted, "PLEA"),
        ratio(
            "accused_convicted_by_manner", Unit.ACCUSED, t.accused_convicted_after_trial, t.accused_convicted, "TRIAL"
        ),
        ratio("accused_acquittal_rate", Unit.ACCUSED, t.accused_acquitted, acc_disposed),
        count("accused_acquitted_on_demurrer", Unit.ACCUSED, t.accused_acquitted_on_demurrer),
        ratio("accused_dismissal_rate", Unit.ACCUSED, t.accused_dismissed, acc_disposed),
        count("dismissed_before_filing", Unit.CASE, t.before_filing),
    ]


DEFINITION: Final = MetricDefinition(
    id="conviction_rate",
    title="Outcomes: conviction, acquittal and dismissal rates",
    definition=(
        "Of the cases disposed by the trial court in the period: the share convicted, acquitted and dismissed, "
        "per case and per accused, and convictions by manner (plea, trial)."
    ),
    formula=(
        "conviction_rate = #(case_outcome = CONVICTED) / #(disposed) x 100; "
        "accused_conviction_rate = sum(accused_convicted) / sum(convicted + acquitted + dismissed) x 100"
    ),
    units=(Unit.CASE, Unit.ACCUSED),
    timing=Timing.EITHER,
    population="cases filed in court and disposed in the window",
    includes=(
        "a case is convicted if any accused was convicted on any count, including on a plea to a lesser offence",
        "accused outcomes of these cases, whenever each accused was disposed",
    ),
    excludes=(COURT_UNFILED + " (counted as dismissed_before_filing)", "appeal outcomes after the trial court"),
    measures=(
        _m("cases_disposed", Unit.CASE, "count", "cases disposed in the window"),
        _m("conviction_rate", Unit.CASE, "percent", "convicted cases / disposed cases"),
        _m("acquittal_rate", Unit.CASE, "percent", "acquitted cases / disposed cases"),
        _m("dismissal_rate", Unit.CASE, "percent", "dismissed cases / disposed cases"),
        _m("convicted_by_manner", Unit.CASE, "percent", "convicted cases by manner", MANNERS),
        _m("accused_disposed", Unit.ACCUSED, "count", "accused convicted, acquitted or dismissed"),
        _m("accused_conviction_rate", Unit.ACCUSED, "percent", "convicted accused / disposed accused"),
        _m("accused_convicted_by_manner", Unit.ACCUSED, "percent", "convicted accused by manner", MANNERS[:2]),
        _m("accused_acquittal_rate", Unit.ACCUSED, "percent", "acquitted accused / disposed accused"),
        _m("accused_acquitted_on_demurrer", Unit.ACCUSED, "count", "accused acquitted on a demurrer to evidence"),
        _m("accused_dismissal_rate", Unit.ACCUSED, "percent", "dismissed accused / disposed accused"),
        _m("dismissed_before_filing", Unit.CASE, "count", "cases disposed in the window without ever being filed"),
    ),
    sources=(JUSTICE_COUNTS, JIL, UNIT_OF_COUNT),
    dimensions=ALL_DIMENSIONS,
    fields=(
        "filed_on",
        "disposed",
        "disposed_on",
        "case_outcome",
        "accused_convicted",
        "accused_convicted_by_plea",
        "accused_convicted_after_trial",
        "accused_acquitted",
        "accused_acquitted_on_demurrer",
        "accused_dismissed",
    ),
    approximations=("Dismissals by reason and sentence bands: see dismissals_by_reason and sentence_bands.",),
)

METRIC: Final = Metric(definition=DEFINITION, tally_type=ConvictionTally, tally=tally, cells=cells, order=60)
