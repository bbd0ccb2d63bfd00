"""Justice Counts (Recidiviz) prosecution metrics, as a Publisher bulk upload in the single-page format.

One row per metric, month and breakdown, with the columns the Publisher's single-page template has:
`metric, year, month, breakdown_category, breakdown, value` (Recidiviz/pulse-data
`recidiviz/justice_counts/bulk_upload/template_generator.py`; metric file names from
`metricfiles/prosecution.py`). Justice Counts counts a case with several defendants as one case in
prosecution metrics, as this project does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Final

from cpc_prosecution.crosswalks.mapping import (
    Crosswalk,
    MappingLine,
    disposed_in_court_in,
    dropped_on,
    months_of,
    submitted_on,
)
from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.domain.vocab.outcomes import CaseOutcome
from cpc_prosecution.metrics.periods import Period

__all__ = ("CROSSWALK", "DISMISSAL", "OTHER", "PLEA", "TRIAL", "disposition_type")

DISMISSAL: Final = "Cases Disposed by Dismissal"
PLEA: Final = "Cases Resolved by Plea"
TRIAL: Final = "Cases Resolved at Trial"
OTHER: Final = "Other Disposition"
UNKNOWN: Final = "Unknown Disposition"
_BREAKDOWNS: Final = (DISMISSAL, PLEA, TRIAL, OTHER, UNKNOWN)


def disposition_type(s: CaseSummary) -> str:
    """The disposition breakdown of a case disposed by the trial court."""
    if s.case_outcome is CaseOutcome.DISMISSED:
        return DISMISSAL
    if s.case_outcome is CaseOutcome.CONVICTED and s.accused_convicted_after_trial == 0:
        return PLEA if s.accused_convicted_by_plea > 0 else OTHER
    if s.case_outcome in (CaseOutcome.CONVICTED, CaseOutcome.ACQUITTED):
        return TRIAL
    return OTHER


_MONTHLY: Final[tuple[tuple[str, Callable[[CaseSummary, Period], bool]], ...]] = (
    ("cases_referred", lambda s, p: p.contains(submitted_on(s))),
    ("cases_rejected", lambda s, p: p.contains(dropped_on(s))),
    ("cases_disposed", disposed_in_court_in),
)


def rows(summaries: Sequence[CaseSummary], period: Period | None) -> list[list[str]]:
    assert period is not None
    out: list[list[str]] = []
    for m in months_of(period):
        year, number = str(m.start.year), str(m.start.month)
        for metric, counted in _MONTHLY:
            out.append([metric, year, number, "", "", str(sum(1 for s in summaries if counted(s, m)))])
        disposed = [disposition_type(s) for s in summaries if disposed_in_court_in(s, m)]
        out += [["cases_disposed", year, number, "disposition_type", b, str(disposed.count(b))] for b in _BREAKDOWNS]
    return out


_NO_SEVERITY: Final = (
    "U.S. felony / misdemeanour / infraction classes have no Philippine counterpart; every offence tracked "
    "here is punished by imprisonment, and no agreed crosswalk from penalty scales to those classes exists"
)

MAPPING: Final = (
    MappingLine(
        target="cases_referred",
        source="first_inquest_on, first_prelim_investigation_on",
        rule="cases whose first inquest or preliminary investigation began in the month (the case reached the "
        "prosecutor)",
    ),
    MappingLine(
        target="cases_rejected",
        source="first_dismissed_on, filed_on",
        rule="cases first closed in the month before any Information was filed, counted even if refiled "
        "since (Justice Counts: declined)",
    ),
    MappingLine(
        target="cases_disposed",
        source="filed_on, disposed, disposed_on",
        rule="cases filed in court whose last open accused was disposed of by the trial court in the month",
    ),
    MappingLine(
        target=f"cases_disposed / disposition_type = {DISMISSAL}",
        source="case_outcome",
        rule="case_outcome DISMISSED (every accused dismissed, withdrawn or the provisional dismissal lapsed)",
    ),
    MappingLine(
        target=f"cases_disposed / disposition_type = {PLEA}",
        source="case_outcome, accused_convicted_by_plea, accused_convicted_after_trial",
        rule="convicted, every conviction on a plea (a plea bargain or a guilty plea as charged)",
    ),
    MappingLine(
        target=f"cases_disposed / disposition_type = {TRIAL}",
        source="case_outcome, accused_convicted_after_trial",
        rule="acquitted (after trial or on demurrer), or convicted with at least one conviction after trial",
    ),
    MappingLine(
        target=f"cases_disposed / disposition_type = {OTHER}",
        source="case_outcome",
        rule="any other disposition (none expected: the three above cover every trial-court outcome)",
    ),
    MappingLine(
        target=f"cases_disposed / disposition_type = {UNKNOWN}",
        source="case_outcome",
        rule="always 0: every disposed case has a recorded outcome",
    ),
    MappingLine(target="cases_referred_by_severity", cannot_fill=_NO_SEVERITY),
    MappingLine(target="cases_rejected_by_severity", cannot_fill=_NO_SEVERITY),
    MappingLine(
        target="cases_rejected_by_gender, cases_rejected_by_race",
        cannot_fill="accused are positions (A1, A2, ...) without sex, race or ethnicity, by design (docs/privacy.md)",
    ),
    MappingLine(
        target="caseloads, caseloads_by_severity",
        cannot_fill="Justice Counts counts people with open cases; respondents are not recorded as persons "
        "before an Information names them, so a count would be short (the court part, per accused, is in "
        "the NCSC crosswalk)",
    ),
    MappingLine(
        target="total_staff, total_staff_by_type",
        cannot_fill="staff are not in case summaries; the capacity records (GET /v1/staffing, docs/capacity.md) "
        "hold prosecutor counts by office and quarter, not the Justice Counts staff types",
    ),
    MappingLine(target="annual_budget", cannot_fill="budgets are not recorded"),
    MappingLine(target="violations_filed", cannot_fill="attorney discipline is not recorded"),
)

CROSSWALK: Final = Crosswalk(
    target="justice-counts",
    title="Justice Counts prosecution metrics (Publisher bulk upload, single-page format)",
    reference="Recidiviz/pulse-data recidiviz/justice_counts/bulk_upload/template_generator.py, "
    "metricfiles/prosecution.py, dimensions (DispositionType)",
    unit="cases (one case with several defendants is one case)",
    columns=("metric", "year", "month", "breakdown_category", "breakdown", "value"),
    mapping=MAPPING,
    needs_period=True,
    rows=rows,
)
