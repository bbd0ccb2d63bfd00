"""Trial date certainty (CourTools Measure 5), from the trial settings the summary counts.

Cases disposed by trial in the window: a trial began (`first_trial_on`) and at least one accused
was convicted after trial or acquitted. Reported: CourTools M5 proper, the settings until the trial
began (postponed ones by band 0, 1, 2, 3+, and settings per case); and apart, the hearing settings of
the whole continuous trial (share held, per case, postponed ones by band).
"""

from collections.abc import Sequence
from typing import Final

from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.metrics.definitions import MetricDefinition, Timing
from cpc_prosecution.metrics.dimensions import ALL_DIMENSIONS
from cpc_prosecution.metrics.metric import Inputs, Metric, Tally
from cpc_prosecution.metrics.periods import Window
from cpc_prosecution.metrics.reconstruction import disposed_in_court
from cpc_prosecution.metrics.registry_sources import CONTINUOUS_TRIAL, M5
from cpc_prosecution.metrics.registry_sources import measure as _m
from cpc_prosecution.metrics.results import Cell, Unit, count, ratio

POSTPONEMENT_BANDS: Final = ("0", "1", "2", "3+")


class TrialDateTally(Tally, frozen=True, kw_only=True):
    cases: int
    settings_until_trial: int
    bands: tuple[int, ...]
    """Cases per `POSTPONEMENT_BANDS` of postponed settings before the trial began (3 and more in the last)."""
    hearing_settings: int
    hearings_held: int
    hearing_bands: tuple[int, ...]
    """Cases per `POSTPONEMENT_BANDS` of postponed settings over the whole trial."""


def disposed_by_trial(summary: CaseSummary, w: Window) -> bool:
    return (
        disposed_in_court(summary, w)
        and summary.first_trial_on is not None
        and summary.accused_convicted_after_trial + summary.accused_acquitted > 0
    )


def _bands(postponements: Sequence[int]) -> tuple[int, ...]:
    last = len(POSTPONEMENT_BANDS) - 1
    capped = [min(n, last) for n in postponements]
    return tuple(capped.count(i) for i in range(last + 1))


def tally(summaries: Sequence[CaseSummary], w: Window, _: Inputs) -> TrialDateTally:
    tried = [s for s in summaries if disposed_by_trial(s, w)]
    return TrialDateTally(
        cases=len(tried),
        settings_until_trial=sum(s.trial_settings_before_trial for s in tried),
        bands=_bands([s.postponements_before_trial for s in tried]),
        hearing_settings=sum(s.trial_settings for s in tried),
        hearings_held=sum(s.trial_settings_held for s in tried),
        hearing_bands=_bands([s.postponements for s in tried]),
    )


def cells(t: TrialDateTally) -> list[Cell]:
    n = t.cases
    return [
        count("cases_disposed_by_trial", Unit.CASE, n),
        ratio("settings_until_trial_per_case", Unit.TRIAL_SETTING, t.settings_until_trial, n, scale=1),
        *(
            ratio("cases_by_postponements", Unit.CASE, k, n, b)
            for b, k in zip(POSTPONEMENT_BANDS, t.bands, strict=True)
        ),
        ratio("hearing_settings_held", Unit.TRIAL_SETTING, t.hearings_held, t.hearing_settings),
        ratio("hearing_settings_per_case", Unit.TRIAL_SETTING, t.hearing_settings, n, scale=1),
        *(
            ratio("cases_by_hearing_postponements", Unit.CASE, k, n, b)
            for b, k in zip(POSTPONEMENT_BANDS, t.hearing_bands, strict=True)
        ),
    ]


DEFINITION: Final = MetricDefinition(
    id="trial_date_certainty",
    title="Trial date certainty",
    definition=(
        "For cases disposed by trial in the period: how many times the trial was set before it began (CourTools "
        "M5: the settings until the first held trial setting, which starts the trial), as the distribution of "
        "postponed settings before the trial began and settings per case; and, named apart because Philippine "
        "continuous trial (A.M. 15-06-10-SC) sets every hearing, the postponements of the hearings of the whole "
        "trial: the share of hearing settings held, hearing settings per case and the distribution of postponed "
        "hearings."
    ),
    formula=(
        "cases_by_postponements[k] = #(postponements_before_trial = k) / #(disposed by trial) x 100; "
        "settings_until_trial_per_case = sum(trial_settings_before_trial) / #(disposed by trial); "
        "hearing_settings_held = sum(trial_settings_held) / sum(trial_settings) x 100; "
        "hearing_settings_per_case = sum(trial_settings) / #(disposed by trial); "
        "cases_by_hearing_postponements[k] = #(postponements = k) / #(disposed by trial) x 100"
    ),
    units=(Unit.CASE, Unit.TRIAL_SETTING),
    timing=Timing.EITHER,
    population=(
        "cases disposed in the window in which a trial began and an accused was convicted after trial or acquitted"
    ),
    includes=(
        "mixed cases (one accused pleaded, another was tried)",
        "acquittals on a demurrer to evidence",
        "settings until the trial began: every trial setting up to and including the first one held",
    ),
    excludes=("cases disposed by plea or dismissal only",),
    measures=(
        _m("cases_disposed_by_trial", Unit.CASE, "count", "cases disposed by trial in the window"),
        _m(
            "settings_until_trial_per_case",
            Unit.TRIAL_SETTING,
            "ratio",
            "trial settings until the trial began (the first held included) per case",
        ),
        _m(
            "cases_by_postponements",
            Unit.CASE,
            "percent",
            "cases by number of settings postponed before the trial began (CourTools M5; 0 = began on the first)",
            POSTPONEMENT_BANDS,
        ),
        _m(
            "hearing_settings_held",
            Unit.TRIAL_SETTING,
            "percent",
            "hearing settings held / hearing settings, whole trial",
        ),
        _m("hearing_settings_per_case", Unit.TRIAL_SETTING, "ratio", "hearing settings per case, whole trial"),
        _m(
            "cases_by_hearing_postponements",
            Unit.CASE,
            "percent",
            "cases by number of postponed hearing settings over the whole trial (continuous-trial postponements)",
            POSTPONEMENT_BANDS,
        ),
    ),
    sources=(M5, CONTINUOUS_TRIAL),
    dimensions=ALL_DIMENSIONS,
    fields=(
        "filed_on",
        "disposed",
        "disposed_on",
        "first_trial_on",
        "accused_convicted_after_trial",
        "accused_acquitted",
        "trial_settings_before_trial",
        "postponements_before_trial",
        "trial_settings",
        "trial_settings_held",
        "postponements",
    ),
    approximations=(
        "The trial begins with the first held trial setting of the case; with several accused, their trials "
        "may begin on different settings, and the case's first one counts.",
        "Postponements by coded reason (whole trial): see postponements_by_reason.",
    ),
)

METRIC: Final = Metric(definition=DEFINITION, tally_type=TrialDateTally, tally=tally, cells=cells, order=50)
