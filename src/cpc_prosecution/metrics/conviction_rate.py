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
from cpc_prosecution.metrics.periods import Window
from cpc_prosecution.metrics.results import Cell, Unit, count, ratio

MANNERS: Final = ("PLEA", "TRIAL", "MIXED")


def manner(summary: CaseSummary) -> str:
    if summary.accused_convicted_after_trial == 0:
        return "PLEA"
    if summary.accused_convicted_by_plea == 0:
        return "TRIAL"
    return "MIXED"


def disposed_in_court(summary: CaseSummary, w: Window) -> bool:
    return summary.filed_on is not None and summary.disposed and w.contains(summary.disposed_on)


def compute(summaries: Sequence[CaseSummary], w: Window) -> list[Cell]:
    cases = [s for s in summaries if disposed_in_court(s, w)]
    n = len(cases)
    by_outcome = {o: sum(1 for s in cases if s.case_outcome is o) for o in CaseOutcome}
    convicted = [s for s in cases if s.case_outcome is CaseOutcome.CONVICTED]
    manners = [manner(s) for s in convicted]
    acc_convicted = sum(s.accused_convicted for s in cases)
    acc_acquitted = sum(s.accused_acquitted for s in cases)
    acc_dismissed = sum(s.accused_dismissed for s in cases)
    acc_disposed = acc_convicted + acc_acquitted + acc_dismissed
    before_filing = sum(1 for s in summaries if s.filed_on is None and s.disposed and w.contains(s.disposed_on))
    cells = [
        count("cases_disposed", Unit.CASE, n),
        ratio("conviction_rate", Unit.CASE, by_outcome[CaseOutcome.CONVICTED], n),
        ratio("acquittal_rate", Unit.CASE, by_outcome[CaseOutcome.ACQUITTED], n),
        ratio("dismissal_rate", Unit.CASE, by_outcome[CaseOutcome.DISMISSED], n),
    ]
    cells += [ratio("convicted_by_manner", Unit.CASE, manners.count(m), len(convicted), m) for m in MANNERS]
    cells += [
        count("accused_disposed", Unit.ACCUSED, acc_disposed),
        ratio("accused_conviction_rate", Unit.ACCUSED, acc_convicted, acc_disposed),
        ratio(
            "accused_convicted_by_manner",
            Unit.ACCUSED,
            sum(s.accused_convicted_by_plea for s in cases),
            acc_convicted,
            "PLEA",
        ),
        ratio(
            "accused_convicted_by_manner",
            Unit.ACCUSED,
            sum(s.accused_convicted_after_trial for s in cases),
            acc_convicted,
            "TRIAL",
        ),
        ratio("accused_acquittal_rate", Unit.ACCUSED, acc_acquitted, acc_disposed),
        count("accused_acquitted_on_demurrer", Unit.ACCUSED, sum(s.accused_acquitted_on_demurrer for s in cases)),
        ratio("accused_dismissal_rate", Unit.ACCUSED, acc_dismissed, acc_disposed),
        count("dismissed_before_filing", Unit.CASE, before_filing),
    ]
    return cells
