"""Trial date certainty (CourTools Measure 5), from the trial settings the summary counts.

Cases disposed by trial in the window: a trial began (`first_trial_on`) and at least one accused
was convicted after trial or acquitted. Reported: cases by number of postponed settings (0, 1, 2,
3+), the share of settings held, and settings per case.
"""

from collections.abc import Sequence
from typing import Final

from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.metrics.periods import Window
from cpc_prosecution.metrics.results import Cell, Unit, count, ratio

POSTPONEMENT_BANDS: Final = ("0", "1", "2", "3+")


def disposed_by_trial(summary: CaseSummary, w: Window) -> bool:
    return (
        summary.filed_on is not None
        and summary.disposed
        and w.contains(summary.disposed_on)
        and summary.first_trial_on is not None
        and summary.accused_convicted_after_trial + summary.accused_acquitted > 0
    )


def compute(summaries: Sequence[CaseSummary], w: Window) -> list[Cell]:
    tried = [s for s in summaries if disposed_by_trial(s, w)]
    n = len(tried)
    settings = sum(s.trial_settings for s in tried)
    held = sum(s.trial_settings_held for s in tried)
    bands = [POSTPONEMENT_BANDS[min(s.postponements, 3)] for s in tried]
    cells = [
        count("cases_disposed_by_trial", Unit.CASE, n),
        ratio("settings_held", Unit.TRIAL_SETTING, held, settings),
        ratio("settings_per_case", Unit.TRIAL_SETTING, settings, n, scale=1),
    ]
    for band in POSTPONEMENT_BANDS:
        cells.append(ratio("cases_by_postponements", Unit.CASE, bands.count(band), n, band))
    return cells
