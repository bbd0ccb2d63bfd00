"""Postponements by coded reason (CourTools Measure 5, by why a trial setting did not go ahead).

Population: cases filed in court and disposed by the trial court in the window (any manner: a
plea case may have had postponed settings too). Shares of the postponed settings of these cases by
coded `PostponementReason`, and of the cases with at least one postponement for each reason.
"""

from collections.abc import Sequence
from typing import Final

from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.domain.summary_counts import (
    POSTPONEMENT_FIELDS,
)
from cpc_prosecution.metrics.definitions import MetricDefinition, Timing
from cpc_prosecution.metrics.dimensions import ALL_DIMENSIONS
from cpc_prosecution.metrics.metric import Inputs, Metric, Tally
from cpc_prosecution.metrics.periods import Window
from cpc_prosecution.metrics.reconstruction import disposed_in_court
from cpc_prosecution.metrics.registry_sources import (
    DISPOSED_FIELDS,
    DISPOSED_POPULATION,
    M5,
)
from cpc_prosecution.metrics.registry_sources import measure as _m
from cpc_prosecution.metrics.results import Cell, Unit, count, ratio

#: (reason code, summary field), in the vocabulary's order.
REASONS: Final = tuple((r.value, name) for r, name in POSTPONEMENT_FIELDS)

_REASON_CODES: Final = tuple(code for code, _ in REASONS)


class PostponementTally(Tally, frozen=True, kw_only=True):
    cases: int
    postponed: int
    settings: tuple[int, ...]
    """Postponed settings per `REASONS`."""
    with_reason: tuple[int, ...]
    """Cases with at least one postponement per `REASONS`."""


def tally(summaries: Sequence[CaseSummary], w: Window, _: Inputs) -> PostponementTally:
    cases = [s for s in summaries if disposed_in_court(s, w)]
    return PostponementTally(
        cases=len(cases),
        postponed=sum(s.postponements for s in cases),
        settings=tuple(sum(getattr(s, name) for s in cases) for _, name in REASONS),
        with_reason=tuple(sum(1 for s in cases if getattr(s, name) > 0) for _, name in REASONS),
    )


def cells(t: PostponementTally) -> list[Cell]:
    codes = [code for code, _ in REASONS]
    return [
        count("cases_disposed", Unit.CASE, t.cases),
        count("postponed_settings", Unit.TRIAL_SETTING, t.postponed),
        *(ratio("by_reason", Unit.TRIAL_SETTING, n, t.postponed, r) for r, n in zip(codes, t.settings, strict=True)),
        *(ratio("cases_with_reason", Unit.CASE, n, t.cases, r) for r, n in zip(codes, t.with_reason, strict=True)),
    ]


DEFINITION: Final = MetricDefinition(
    id="postponements_by_reason",
    title="Postponed trial settings by coded reason",
    definition=(
        "Of the trial settings postponed in the cases disposed in the period, the share per coded reason; "
        "and the share of those cases with at least one postponement for each reason."
    ),
    formula=(
        "by_reason[R] = sum(postponements_R) / sum(postponements) x 100; "
        "cases_with_reason[R] = #(postponements_R > 0) / #(cases disposed) x 100"
    ),
    units=(Unit.CASE, Unit.TRIAL_SETTING),
    timing=Timing.EITHER,
    population=DISPOSED_POPULATION,
    includes=("every postponed trial setting of these cases, whenever it was set", "cases disposed by plea too"),
    excludes=("settings held", "cases still pending (postponement dates are not in the summary)"),
    measures=(
        _m("cases_disposed", Unit.CASE, "count", "cases disposed in the window"),
        _m("postponed_settings", Unit.TRIAL_SETTING, "count", "postponed trial settings of these cases"),
        _m("by_reason", Unit.TRIAL_SETTING, "percent", "postponed settings by coded reason", _REASON_CODES),
        _m("cases_with_reason", Unit.CASE, "percent", "cases with a postponement for the reason", _REASON_CODES),
    ),
    sources=(M5,),
    dimensions=ALL_DIMENSIONS,
    fields=(*DISPOSED_FIELDS, "postponements", *(name for _, name in POSTPONEMENT_FIELDS)),
)

METRIC: Final = Metric(definition=DEFINITION, tally_type=PostponementTally, tally=tally, cells=cells, order=130)
