"""Dismissals by reason: accused dismissed in court by coded reason, and cases dismissed by the
prosecutor by outcome.

Court: the accused of the cases filed and disposed in the window whose every count was dismissed
or withdrawn, by `DISMISSAL_CATEGORIES` (the summary's `accused_dismissed_*`). Prosecutor: cases
never filed in court and dismissed in the window, by `ProsecutorOutcome`.
"""

from collections.abc import Sequence
from typing import Final

from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.domain.summary_counts import (
    DISMISSAL_CATEGORIES,
    DISMISSAL_FIELDS,
)
from cpc_prosecution.domain.vocab.case import ProsecutorOutcome
from cpc_prosecution.metrics.definitions import MetricDefinition, Timing
from cpc_prosecution.metrics.dimensions import ALL_DIMENSIONS
from cpc_prosecution.metrics.metric import Inputs, Metric, Tally
from cpc_prosecution.metrics.periods import Window
from cpc_prosecution.metrics.reconstruction import disposed_in_court
from cpc_prosecution.metrics.registry_sources import (
    DISPOSED_FIELDS,
    DISPOSED_POPULATION,
    JUSTICE_COUNTS,
    OURS,
)
from cpc_prosecution.metrics.registry_sources import measure as _m
from cpc_prosecution.metrics.results import Cell, Unit, count, ratio

#: Prosecutor outcomes that dismiss a case (its categories).
PROSECUTOR_DISMISSALS: Final = tuple(o.value for o in ProsecutorOutcome if o is not ProsecutorOutcome.INFORMATION_FILED)


class DismissalTally(Tally, frozen=True, kw_only=True):
    dismissed: int
    reasons: tuple[int, ...]
    """Accused dismissed per `DISMISSAL_FIELDS`."""
    before: int
    prosecutor: tuple[int, ...]
    """Cases dismissed before filing per `PROSECUTOR_DISMISSALS`."""


def dismissed_before_filing(summary: CaseSummary, w: Window) -> bool:
    return summary.filed_on is None and summary.disposed and w.contains(summary.disposed_on)


def tally(summaries: Sequence[CaseSummary], w: Window, _: Inputs) -> DismissalTally:
    cases = [s for s in summaries if disposed_in_court(s, w)]
    before = [
        s.prosecutor_outcome.value
        for s in summaries
        if dismissed_before_filing(s, w) and s.prosecutor_outcome is not None
    ]
    return DismissalTally(
        dismissed=sum(s.accused_dismissed for s in cases),
        reasons=tuple(sum(getattr(s, name) for s in cases) for _, name in DISMISSAL_FIELDS),
        before=sum(1 for s in summaries if dismissed_before_filing(s, w)),
        prosecutor=tuple(before.count(outcome) for outcome in PROSECUTOR_DISMISSALS),
    )


def cells(t: DismissalTally) -> list[Cell]:
    out = [count("accused_dismissed", Unit.ACCUSED, t.dismissed)]
    out += [
        ratio("accused_by_reason", Unit.ACCUSED, n, t.dismissed, category)
        for (category, _), n in zip(DISMISSAL_FIELDS, t.reasons, strict=True)
    ]
    out.append(count("cases_dismissed_by_prosecutor", Unit.CASE, t.before))
    out += [
        ratio("cases_by_prosecutor_outcome", Unit.CASE, n, t.before, outcome)
        for outcome, n in zip(PROSECUTOR_DISMISSALS, t.prosecutor, strict=True)
    ]
    return out


DEFINITION: Final = MetricDefinition(
    id="dismissals_by_reason",
    title="Dismissals by reason",
    definition=(
        "Accused whose case the trial court dismissed (every count dismissed or withdrawn), in the cases "
        "disposed in the period, by coded reason; and cases the prosecutor dismissed in the period, by outcome."
    ),
    formula=(
        "accused_by_reason[R] = sum(accused_dismissed_R) / sum(accused_dismissed) x 100; "
        "cases_by_prosecutor_outcome[O] = #(prosecutor_outcome = O) / #(dismissed before filing) x 100"
    ),
    units=(Unit.ACCUSED, Unit.CASE),
    timing=Timing.EITHER,
    population=DISPOSED_POPULATION + "; and cases never filed in court and dismissed in the window",
    includes=(
        "the reason of the accused's first count with a coded reason; else the one the count outcome implies "
        "(a withdrawn Information, a provisional dismissal that lapsed); else OTHER",
        "an affidavit of desistance is recorded as VICTIM_DESISTANCE although it is not a legal ground (RA 9208 §8(j))",
    ),
    excludes=("counts dropped under a plea agreement (that accused is convicted)", "acquittals"),
    measures=(
        _m("accused_dismissed", Unit.ACCUSED, "count", "accused dismissed in court, in these cases"),
        _m("accused_by_reason", Unit.ACCUSED, "percent", "dismissed accused by reason", DISMISSAL_CATEGORIES),
        _m("cases_dismissed_by_prosecutor", Unit.CASE, "count", "cases dismissed before filing in the window"),
        _m(
            "cases_by_prosecutor_outcome",
            Unit.CASE,
            "percent",
            "cases dismissed before filing, by prosecutor outcome",
            PROSECUTOR_DISMISSALS,
        ),
    ),
    sources=(JUSTICE_COUNTS, OURS),
    dimensions=ALL_DIMENSIONS,
    fields=(
        *DISPOSED_FIELDS,
        "accused_dismissed",
        *(name for _, name in DISMISSAL_FIELDS),
        "prosecutor_outcome",
    ),
    approximations=("An accused dismissed on different counts for different reasons counts under the first.",),
)

METRIC: Final = Metric(definition=DEFINITION, tally_type=DismissalTally, tally=tally, cells=cells, order=140)
