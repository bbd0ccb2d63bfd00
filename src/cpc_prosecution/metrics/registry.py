"""The metric registry: every metric as data, in documentation order.

One definition, two engines: the Python engine (`engine.compute`) and the SQL engine follow the
same ids, populations, `fields` and measure names, and return the same cells.
"""

from typing import Final

from cpc_prosecution.metrics.age_of_pending_caseload import AGE_BANDS
from cpc_prosecution.metrics.capacity_registry import CAPACITY_METRICS
from cpc_prosecution.metrics.children_identified import CELLS as CHILD_CELLS
from cpc_prosecution.metrics.conviction_rate import MANNERS
from cpc_prosecution.metrics.definitions import MetricDefinition, Source, Timing
from cpc_prosecution.metrics.dimensions import ALL_DIMENSIONS, CASE_DIMENSIONS
from cpc_prosecution.metrics.reconstruction import FIRST_FIELD, FUNNEL_STAGES
from cpc_prosecution.metrics.registry_clocks import CLOCK_METRICS
from cpc_prosecution.metrics.registry_outcomes import OUTCOME_METRICS
from cpc_prosecution.metrics.registry_progress import PROGRESS_METRICS
from cpc_prosecution.metrics.registry_sources import (
    CHILD_WITNESS_RULE,
    JIL,
    JUSTICE_COUNTS,
    M2,
    M3,
    M4,
    M5,
    MFJ,
    MODEL_TIME_STANDARDS,
    OURS,
    PPI,
    RA11930,
    UNIT_OF_COUNT,
)
from cpc_prosecution.metrics.registry_sources import measure as _m
from cpc_prosecution.metrics.registry_victims import VICTIM_METRICS
from cpc_prosecution.metrics.results import Unit
from cpc_prosecution.metrics.time_to_disposition import INTERVALS
from cpc_prosecution.metrics.trial_date_certainty import POSTPONEMENT_BANDS

_STAGES = tuple(s.value for s in FUNNEL_STAGES)
_COURT_UNFILED = "cases never filed in court (dismissed or pending before the prosecutor)"


def _interval(
    metric_id: str, title: str, start: str, end: str, sources: tuple[Source, ...], extra: str
) -> MetricDefinition:
    interval = INTERVALS[metric_id]
    standards = tuple(str(d) for d in interval.standards_days)
    return MetricDefinition(
        id=metric_id,
        title=title,
        definition=(
            f"Days from {start} to {end}. Two readings: the share of intervals that ended in the period and "
            f"took at most N days (N = {', '.join(standards)}); and, for the cohort that started in the period, "
            "Kaplan-Meier estimates (median, 90th percentile, share ended within N days) with cases still "
            "open on the as-of date censored there. " + extra
        ),
        formula=(
            "within_standard[N] = #(ended in window and days <= N) / #(ended in window) x 100; "
            "km_median_days = min{t : 1 - S(t) >= 0.5}; km_p90_days = min{t : 1 - S(t) >= 0.9}; "
            "km_within_standard[N] = (1 - S(N)) x 100"
        ),
        units=(Unit.CASE,),
        timing=Timing.EITHER,
        population=f"cases with a {interval.start}",
        includes=(f"cases whose {interval.start} is set",),
        excludes=("cases whose end date precedes their start date (counted by data_quality)",),
        measures=(
            _m("ended_in_window", Unit.CASE, "count", "intervals that ended in the window"),
            _m("cohort", Unit.CASE, "count", "cases whose interval started in the window (Kaplan-Meier cohort)"),
            _m("cohort_ended", Unit.CASE, "count", "of the cohort, intervals ended by the as-of date"),
            _m("km_median_days", Unit.CASE, "days", "Kaplan-Meier median (None if not reached)"),
            _m("km_p90_days", Unit.CASE, "days", "Kaplan-Meier 90th percentile (None if not reached)"),
            _m("within_standard", Unit.CASE, "percent", "share of ended intervals within N days", standards),
            _m("km_within_standard", Unit.CASE, "percent", "Kaplan-Meier share ended within N days", standards),
        ),
        sources=sources,
        dimensions=ALL_DIMENSIONS,
        fields=tuple(dict.fromkeys((interval.start, interval.end, "disposed", "disposed_on", "case_outcome"))),
    )


METRICS: Final[tuple[MetricDefinition, ...]] = (
    MetricDefinition(
        id="stage_funnel",
        title="Stage funnel",
        definition=(
            "Cases (and their accused) at each lifecycle stage on the as-of date, cases that had reached each "
            "stage by then, and cases entering each stage in the period."
        ),
        formula=(
            "cases_reached[S] = #(first_S_on <= as_of); cases_entering[S] = #(first_S_on in window); "
            "cases_at_stage[S] = #(stage_on(as_of) = S); accused_in_cases_at_stage[S] = sum of accused of those cases"
        ),
        units=(Unit.CASE, Unit.ACCUSED),
        timing=Timing.EITHER,
        population="cases detected on or before the as-of date",
        includes=("cases at every stage, before and after filing, open or closed",),
        excludes=("the overlay stage BAIL_HEARING (bail is heard alongside the other stages)",),
        measures=(
            _m("cases", Unit.CASE, "count", "cases detected by the as-of date"),
            _m(
                "cases_reached",
                Unit.CASE,
                "count",
                "cases whose first date at the stage is on or before the as-of date",
                _STAGES,
            ),
            _m("cases_entering", Unit.CASE, "count", "cases whose first date at the stage is in the window", _STAGES),
            _m("cases_at_stage", Unit.CASE, "count", "cases at the stage on the as-of date", _STAGES),
            _m(
                "accused_in_cases_at_stage",
                Unit.ACCUSED,
                "count",
                "accused of the cases at the stage: charged accused from FILED_IN_COURT on, arrested suspects before",
                _STAGES,
            ),
        ),
        sources=(OURS,),
        dimensions=ALL_DIMENSIONS,
        fields=(*FIRST_FIELD.values(), "detected_on", "stage", "last_event_on", "accused_charged", "suspects_arrested"),
        approximations=(
            "Stage on a past day: exact when the case had no event after that day (the current stage); otherwise "
            "the stage with the latest first date on or before the day, ties to the later stage in funnel order. "
            "Loops (remand to TRIAL, revival from ARCHIVED, refiling after DISMISSED) are undated in the summary, "
            "and the case stage of accused moving at different speeds is the least advanced open accused, while "
            "first dates are the earliest over all accused.",
            "Accused are counted per case, not by each accused's own stage (the summary has no per-accused stages).",
            "cases_entering counts first entries only; re-entries after a loop are not counted.",
        ),
    ),
    MetricDefinition(
        id="clearance_rate",
        title="Clearance rate",
        definition="Outgoing cases as a percentage of incoming cases in the same period, per court or office.",
        formula="clearance_rate = outgoing / incoming x 100",
        units=(Unit.CASE,),
        timing=Timing.PERIOD,
        population="cases filed in court",
        includes=(
            "incoming: cases first filed in court in the window (new filings)",
            "outgoing: cases disposed by the trial court in the window (every accused convicted, acquitted or "
            "dismissed), whenever filed",
        ),
        excludes=(
            _COURT_UNFILED,
            "reopened and reactivated cases from incoming (revival and court refiling dates are not in the summary)",
            "placed-inactive cases from outgoing (reported apart as placed_inactive, so the rate stays "
            "symmetric while reactivations cannot be counted)",
        ),
        measures=(
            _m("incoming", Unit.CASE, "count", "cases first filed in the window"),
            _m("outgoing", Unit.CASE, "count", "cases disposed in the window"),
            _m("clearance_rate", Unit.CASE, "percent", "outgoing / incoming x 100 (None if no incoming)"),
            _m("placed_inactive", Unit.CASE, "count", "cases first archived or provisionally dismissed in the window"),
        ),
        sources=(M2, UNIT_OF_COUNT),
        dimensions=ALL_DIMENSIONS,
        fields=("filed_on", "disposed", "disposed_on", "first_archived_on", "first_provisionally_dismissed_on"),
        approximations=(
            "A case is one prosecution matter with all its accused; the State Court Guide counts one case per "
            "defendant (accused-unit clearance needs per-accused filing and disposition dates).",
            "A remanded case counts as outgoing once, at its last judgment.",
        ),
    ),
    _interval(
        "time_to_disposition",
        "Time to disposition",
        "the filing of the Information",
        "disposition by the trial court",
        (M3, MODEL_TIME_STANDARDS),
        "Standards: 180, 365 and 730 days (the Model Time Standards' felony tiers are 90/180/365 days; "
        "trafficking cases are longer; the project's targets are not set yet). Suspended time is not "
        "discounted (pause dates are not in the summary).",
    ),
    _interval(
        "time_detection_to_filing",
        "Time from detection to filing",
        "detection",
        "the first filing in court",
        (JIL,),
        "Cases dismissed before filing are censored on the dismissal date.",
    ),
    _interval(
        "time_filing_to_arraignment",
        "Time from filing to arraignment",
        "the filing of the Information",
        "the first arraignment",
        (JIL,),
        "Cases disposed without arraignment are censored on the disposition date.",
    ),
    _interval(
        "time_arraignment_to_judgment",
        "Time from arraignment to judgment",
        "the first arraignment",
        "disposition by judgment (conviction or acquittal of the last open accused)",
        (JIL,),
        "Cases dismissed after arraignment are censored on the dismissal date.",
    ),
    MetricDefinition(
        id="age_of_pending_caseload",
        title="Age of active pending caseload",
        definition="Days from filing to the as-of date of the cases pending and active in court, in age bands.",
        formula="age = as_of - filed_on; cases_in_band[B] = #(age in B) / #(active pending) x 100",
        units=(Unit.CASE,),
        timing=Timing.AS_OF,
        population="cases filed in court on or before the as-of date and not disposed by it",
        includes=("pending cases with at least one accused not archived or provisionally dismissed",),
        excludes=(
            "inactive cases: every pending accused archived or provisionally dismissed (counted as inactive_pending)",
            _COURT_UNFILED,
        ),
        measures=(
            _m("active_pending", Unit.CASE, "count", "active pending cases on the as-of date"),
            _m("inactive_pending", Unit.CASE, "count", "pending but inactive cases (excluded from the bands)"),
            _m(
                "median_age_days",
                Unit.CASE,
                "days",
                "median age of active pending cases (midpoint of the two middle ages)",
            ),
            _m(
                "cases_in_band",
                Unit.CASE,
                "percent",
                "active pending cases in the age band",
                tuple(b[0] for b in AGE_BANDS),
            ),
        ),
        sources=(M4,),
        dimensions=ALL_DIMENSIONS,
        fields=(
            "filed_on",
            "disposed",
            "disposed_on",
            "accused_pending",
            "accused_archived",
            "accused_provisionally_dismissed",
            "first_archived_on",
            "first_provisionally_dismissed_on",
        ),
        approximations=(
            "Inactive on a past day: inactive now and first archived or provisionally dismissed on or before the "
            "day; a case archived and later revived counts as active throughout (no revival date in the summary). "
            "A provisional dismissal that lapsed into a permanent one counts as inactive until the disposition.",
            "A remanded case counts as pending from its first judgment to the remand.",
        ),
    ),
    MetricDefinition(
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
    ),
    MetricDefinition(
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
        excludes=(_COURT_UNFILED + " (counted as dismissed_before_filing)", "appeal outcomes after the trial court"),
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
    ),
    MetricDefinition(
        id="children_identified",
        title="Children identified and taken into protective custody",
        definition=(
            "Child victims of the cases detected in the period, and those taken into protective custody, "
            "by sex and age band."
        ),
        formula="custody_share = sum(children_in_custody) / sum(children_total) x 100",
        units=(Unit.CHILD, Unit.CASE),
        timing=Timing.EITHER,
        population="cases detected in the window",
        includes=(
            "per sex and age band, the larger of the children known at detection and those rescued",
            "children placed in protective custody at any operation of these cases",
        ),
        excludes=("children of cases detected outside the window, even if rescued inside it",),
        measures=(
            _m("cases_detected", Unit.CASE, "count", "cases detected in the window"),
            _m(
                "children_identified",
                Unit.CHILD,
                "count",
                "children identified (total, and per cell)",
                CHILD_CELLS,
                with_total=True,
            ),
            _m(
                "children_in_protective_custody",
                Unit.CHILD,
                "count",
                "children in protective custody (total, and per cell)",
                CHILD_CELLS,
                with_total=True,
            ),
            _m("custody_share", Unit.CHILD, "percent", "children in custody / children identified"),
        ),
        sources=(RA11930, PPI),
        dimensions=CASE_DIMENSIONS,
        fields=(
            "detected_on",
            "children_total",
            "children_in_custody",
            *(f"children_{c}" for c in CHILD_CELLS),
            *(f"custody_{c}" for c in CHILD_CELLS),
        ),
        approximations=(
            "Custody is attributed to the detection period; operation dates per child are not in the summary.",
        ),
    ),
    MetricDefinition(
        id="child_testimony",
        title="Child testimony by live link, videotaped deposition and outside the courtroom",
        definition=(
            "Of the child testimonies in cases disposed in the period, the share given by live link, by "
            "videotaped deposition, and outside the courtroom."
        ),
        formula=(
            "by_live_link = sum(live_link_used) / sum(child_testimonies) x 100; "
            "outside_courtroom = (testimonies - in courtroom) / testimonies x 100"
        ),
        units=(Unit.TESTIMONY, Unit.CASE),
        timing=Timing.EITHER,
        population="cases filed in court and disposed in the window",
        includes=("every testimony of every child in these cases",),
        excludes=("testimonies in cases still pending (testimonies are not dated in the summary)",),
        measures=(
            _m("cases_disposed", Unit.CASE, "count", "cases disposed in the window"),
            _m("cases_with_child_testimony", Unit.CASE, "count", "of which with at least one child testimony"),
            _m("testimonies", Unit.TESTIMONY, "count", "child testimonies"),
            _m("by_live_link", Unit.TESTIMONY, "percent", "testimonies using live-link television"),
            _m("by_videotaped_deposition", Unit.TESTIMONY, "percent", "testimonies by videotaped deposition"),
            _m("outside_courtroom", Unit.TESTIMONY, "percent", "testimonies not given in the courtroom"),
            _m("with_support_person", Unit.TESTIMONY, "percent", "testimonies with a support person"),
            _m("with_guardian_ad_litem", Unit.TESTIMONY, "percent", "testimonies with a guardian ad litem"),
        ),
        sources=(CHILD_WITNESS_RULE,),
        dimensions=ALL_DIMENSIONS,
        fields=(
            "filed_on",
            "disposed",
            "disposed_on",
            "child_testimonies",
            "testimonies_in_courtroom",
            "live_link_used",
            "videotaped_deposition_used",
            "support_person_present",
            "guardian_ad_litem_appointed",
        ),
        approximations=(
            "The measure counts are per testimony only if the fold counts each measure once per testimony.",
        ),
    ),
    MetricDefinition(
        id="convictions_without_child_testimony",
        title="Convictions without a child testifying in the courtroom",
        definition=(
            "Of the cases first convicted in the period, the share in which no child testified in the courtroom, "
            "and in which no child testified at all."
        ),
        formula="no_courtroom_testimony = #(testimonies_in_courtroom = 0) / #(convicted) x 100",
        units=(Unit.CASE,),
        timing=Timing.EITHER,
        population="cases convicted (any accused, any count) whose first conviction is in the window",
        includes=(
            "convictions on a plea",
            "convictions after trial with testimony by live link or videotaped deposition",
        ),
        excludes=("convictions later reversed (the case outcome is no longer CONVICTED)",),
        measures=(
            _m("convicted_cases", Unit.CASE, "count", "cases first convicted in the window"),
            _m("no_courtroom_testimony", Unit.CASE, "percent", "no child testified in the courtroom"),
            _m("no_child_testimony", Unit.CASE, "percent", "no child testified at all"),
        ),
        sources=(CHILD_WITNESS_RULE,),
        dimensions=ALL_DIMENSIONS,
        fields=("case_outcome", "first_conviction_on", "testimonies_in_courtroom", "child_testimonies"),
    ),
    MetricDefinition(
        id="data_quality",
        title="Data quality",
        definition=(
            "Share of cases with missing key dates or an impossible date order, and share of open cases with no "
            "event for more than 180 days on the as-of date."
        ),
        formula=(
            "missing_key_dates = #(flag) / #(cases) x 100; no_event_180_days = #(as_of - latest event > 180) / "
            "#(open cases) x 100; any_issue = #(any flag) / #(cases) x 100"
        ),
        units=(Unit.CASE,),
        timing=Timing.AS_OF,
        population="cases detected on or before the as-of date",
        includes=(
            "missing: a court without a filing date; a trial, conviction or acquittal without an arraignment date; "
            "disposed without a disposition date; convicted without a conviction date",
            "order: detected <= filed <= arraigned <= first conviction <= disposed <= final (present dates), and no "
            "date before the detection",
            "stale: open (not disposed, not inactive) and the latest event on or before the as-of date more than "
            "180 days before it",
        ),
        excludes=("inactive cases (archived, provisionally dismissed) from the staleness check",),
        measures=(
            _m("cases", Unit.CASE, "count", "cases detected by the as-of date"),
            _m("missing_key_dates", Unit.CASE, "percent", "cases missing a key date"),
            _m("impossible_date_order", Unit.CASE, "percent", "cases with dates out of order"),
            _m("open_cases", Unit.CASE, "count", "open active cases on the as-of date"),
            _m("no_event_180_days", Unit.CASE, "percent", "open cases with no event for more than 180 days"),
            _m("any_issue", Unit.CASE, "percent", "cases with any of the three flags"),
        ),
        sources=(MFJ,),
        dimensions=ALL_DIMENSIONS,
        fields=(
            *FIRST_FIELD.values(),
            "detected_on",
            "filed_on",
            "arraigned_on",
            "first_conviction_on",
            "disposed_on",
            "final_on",
            "last_event_on",
            "court_id",
            "disposed",
            "case_outcome",
            "accused_convicted",
            "accused_acquitted",
            "accused_pending",
            "accused_archived",
            "accused_provisionally_dismissed",
        ),
        approximations=(
            "Missing dates and date order are judged on the record as it is now, not as it was on the as-of date.",
            "On a past day the latest event is the latest summary date on or before it (a lower bound).",
        ),
    ),
    *PROGRESS_METRICS,
    *CLOCK_METRICS,
    *OUTCOME_METRICS,
    *VICTIM_METRICS,
    *CAPACITY_METRICS,
)

#: Metrics by id.
METRICS_BY_ID: Final[dict[str, MetricDefinition]] = {m.id: m for m in METRICS}


def definition(metric_id: str) -> MetricDefinition:
    """The definition with this id (KeyError naming the known ids otherwise)."""
    try:
        return METRICS_BY_ID[metric_id]
    except KeyError:
        raise KeyError(f"unknown metric {metric_id!r}; known: {', '.join(METRICS_BY_ID)}") from None
