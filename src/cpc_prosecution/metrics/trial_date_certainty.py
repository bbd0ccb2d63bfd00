"""Trial date certainty (CourTools Measure 5), from the trial settings the summary counts.

Cases disposed by trial in the window: a trial began (`first_trial_on`) and at least one accused
was convicted after trial or acquitted. Reported: cases by number of postponed settings (0, 1, 2,
3+), the share of settings held, and settings per case.
"""

from collections.abc import Sequence
from typing import Final

from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.metrics.definitions import MetricDefinition, Timing
from cpc_prosecution.metrics.dimensions import ALL_DIMENSIONS
from cpc_prosecution.metrics.metric import Inputs, Metric, Tally
from cpc_prosecution.metrics.periods import Window
from cpc_prosecution.metrics.reconstruction import disposed_in_court
from cpc_prosecution.metrics.registry_sources import (
    M5,
)
from cpc_prosecution.metrics.registry_sources import measure as _m
from cpc_prosecution.metrics.results import Cell, Unit, count, ratio

POSTPONEMENT_BANDS: Final = ("0", "1", "2", "3+")


class TrialDateTally(Tally, frozen=True, kw_only=True):
    cases: int
    settings: int
    held: int
    bands: tuple[int, ...]
    """Cases per `POSTPONEMENT_BANDS` (postponed settings, 3 and more in the last)."""


def disposed_by_trial(summary: CaseSummary, w: Window) -> bool:
    return (
        disposed_in_court(summary, w)
        and summary.first_trial_on is not None
        and summary.accused_convicted_after_trial + summary.accused_acquitted > 0
    )


def tally(summaries: Sequence[CaseSummary], w: Window, _: Inputs) -> TrialDateTally:
    tried = [s for s in summaries if disposed_by_trial(s, w)]
    bands = [min(s.postponements, len(POSTPONEMENT_BANDS) - 1) for s in tried]
    return TrialDateTally(
        cases=len(tried),
        settings=sum(s.trial_settings for s in tried),
        held=sum(s.trial_settings_held for s in tried),
        bands=tuple(bands.count(i) for i in range(len(POSTPONEMENT_BANDS))),
    )


def cells(t: TrialDateTally) -> list[Cell]:
    return [
        count("cases_disposed_by_trial", Unit.CASE, t.cases),
        ratio("settings_held", Unit.TRIAL_SETTING, t.held, t.settings),
        ratio("settings_per_case", Unit.TRIAL_SETTING, t.settings, t.cases, scale=1),
        *(
            ratio("cases_by_postponements", Unit.CASE, n, t.cases, band)
            for band, n in zip(POSTPONEMENT_BANDS, t.bands, strict=True)
        ),
    ]


DEFINITION: Final = MetricDefinition(
    id="trial_date_certainty",
    title="Trial date certainty",
    definition=(
        "For cases disposed by trial in the period: the distribution of postponed trial settings per case, "
        "the share of trial settings held, and settings per case."
    ),
    formula=(
        "cases_by_postponements[k] = #(postponements = k) / #(disposed by trial) x 100; "
        "settings_held = sum(trial_settings_held) / sum(trial_settings) x 100; "
        "settings_per_case = sum(trial_settings) / #(disposed by trial)"
    ),
    units=(Unit.CASE, Unit.TRIAL_SETTING),
    timing=Timing.EITHER,
    population=(
        "cases disposed in the window in which a trial began and an accused was convicted after trial or acquitted"
    ),
    includes=("mixed cases (one accused pleaded, another was tried)", "acquittals on a demurrer to evidence"),
    excludes=("cases disposed by plea or dismissal only",),
    measures=(
        _m("cases_disposed_by_trial", Unit.CASE, "count", "cases disposed by trial in the window"),
        _m("settings_held", Unit.TRIAL_SETTING, "percent", "trial settings held / trial settings"),
        _m("settings_per_case", Unit.TRIAL_SETTING, "ratio", "trial settings per case disposed by trial"),
        _m(
            "cases_by_postponements",
            Unit.CASE,
            "percent",
            "cases by number of postponed settings",
            POSTPONEMENT_BANDS,
        ),
    ),
    sources=(M5,),
    dimensions=ALL_DIMENSIONS,
    fields=(
        "filed_on",
        "disposed",
        "disposed_on",
        "first_trial_on",
        "accused_convicted_after_trial",
        "accused_acquitted",
        "trial_settings",
        "trial_settings_held",
        "postponements",
    ),
    approximations=(
        "CourTools counts settings until the trial begins; the summary counts all trial settings of the case, "
        "so every continuous-trial hearing date is a setting. Postponements by coded reason: see "
        "postponements_by_reason.",
    ),
)

METRIC: Final = Metric(definition=DEFINITION, tally_type=TrialDateTally, tally=tally, cells=cells, order=50)
