"""The capacity metrics as data (issue 6): staffing, caseload per prosecutor, trainings, and outcomes
split by trained capacity. Appended to `registry.METRICS`; kept apart so the case metrics' registry
stays readable."""

from typing import Final

from cpc_prosecution.metrics.definitions import Measure, MetricDefinition, Source, Timing
from cpc_prosecution.metrics.dimensions import Dimension
from cpc_prosecution.metrics.outcomes_by_trained_capacity import WITHIN_DAYS
from cpc_prosecution.metrics.results import Unit
from cpc_prosecution.metrics.staffing import THRESHOLD_STATUSES, TRAINED_CAPACITY_THRESHOLD_PERCENT
from cpc_prosecution.metrics.trainings_delivered import TOPICS

__all__ = ("CAPACITY_METRICS", "TRAINED_CAPACITY_THRESHOLD")

JUSTICE_COUNTS_STAFF = Source(
    name="Justice Counts prosecution metrics: staff (filled, vacant) and caseload per attorney",
    url="https://github.com/Recidiviz/pulse-data/blob/main/recidiviz/justice_counts/metrics/prosecution.py",
    relation="adapts",
)
COMPACT = Source(name="US-Philippines Child Protection Compact: prosecutor training objectives", relation="extends")

_T = TRAINED_CAPACITY_THRESHOLD_PERCENT
#: The threshold as the registry states it (also in each definition that uses it).
TRAINED_CAPACITY_THRESHOLD: Final = (
    f"an office meets the trained-capacity threshold on a day when its latest staffing snapshot on or before "
    f"that day has at least one filled prosecutor post and trained_trafficking >= {_T} % of positions_filled "
    f"(100 x trained_trafficking >= {_T} x positions_filled; parameter "
    "`metrics.staffing.TRAINED_CAPACITY_THRESHOLD_PERCENT`)"
)
_LATEST = "each office's latest staffing snapshot on or before the as-of date (a snapshot holds until the next)"
_SCOPE = "staffing and trainings of the offices in the key's scope (live API: the key's offices)"
_OFFICE = (Dimension.OFFICE,)


def _m(
    name: str, unit: Unit, kind: str, description: str, categories: tuple[str, ...] = (), *, with_total: bool = False
) -> Measure:
    return Measure(
        name=name, unit=unit, kind=kind, description=description, categories=categories, with_total=with_total
    )


CAPACITY_METRICS: Final[tuple[MetricDefinition, ...]] = (
    MetricDefinition(
        id="prosecutor_staffing",
        title="Prosecutors per office: filled, vacant, carrying a caseload, trained",
        definition=(
            "Prosecutor posts of the offices that reported staffing, from " + _LATEST + ": filled and vacant "
            "posts, posts carrying a caseload, and the share of filled posts trained in trafficking law and in "
            "child-sensitive handling; and the share of offices meeting the trained-capacity threshold."
        ),
        formula=(
            "sums over offices of the latest snapshot's counts; vacancy_rate = vacant / (filled + vacant) x 100; "
            "trained_* = trained / filled x 100; offices_meeting_trained_threshold = #(met) / #(offices) x 100"
        ),
        units=(Unit.OFFICE, Unit.PROSECUTOR),
        timing=Timing.AS_OF,
        population="offices with a staffing snapshot on or before the as-of date",
        includes=(_LATEST, TRAINED_CAPACITY_THRESHOLD, _SCOPE),
        excludes=("offices that have not reported staffing by the as-of date", "case records (none are read)"),
        measures=(
            _m("offices_reporting", Unit.OFFICE, "count", "offices with a snapshot on or before the as-of date"),
            _m("positions", Unit.PROSECUTOR, "count", "prosecutor posts, filled or vacant"),
            _m("positions_filled", Unit.PROSECUTOR, "count", "filled posts"),
            _m("positions_vacant", Unit.PROSECUTOR, "count", "vacant posts"),
            _m("vacancy_rate", Unit.PROSECUTOR, "percent", "vacant / all posts"),
            _m("carrying_caseload", Unit.PROSECUTOR, "count", "filled posts whose holders carry cases"),
            _m("trained_trafficking", Unit.PROSECUTOR, "percent", "trained in trafficking law / filled posts"),
            _m(
                "trained_child_sensitive",
                Unit.PROSECUTOR,
                "percent",
                "trained in child-sensitive handling / filled posts",
            ),
            _m(
                "offices_meeting_trained_threshold",
                Unit.OFFICE,
                "percent",
                f"offices with >= {_T} % of filled posts trained in trafficking law / offices reporting",
            ),
        ),
        sources=(JUSTICE_COUNTS_STAFF, COMPACT),
        dimensions=_OFFICE,
        fields=("office_id",),
        approximations=(
            "Staffing is as reported per snapshot; between two snapshots the earlier one is taken to hold.",
        ),
    ),
    MetricDefinition(
        id="caseload_per_prosecutor",
        title="Open cases per prosecutor carrying a caseload",
        definition=(
            "Open cases of the offices that reported staffing, divided by their prosecutors carrying a "
            "caseload (" + _LATEST + ")."
        ),
        formula="cases_per_prosecutor = #(open cases of offices with a snapshot) / sum(carrying_caseload)",
        units=(Unit.CASE, Unit.PROSECUTOR),
        timing=Timing.AS_OF,
        population="cases detected on or before the as-of date and open on it; offices with a snapshot",
        includes=(
            "open: not disposed by the as-of date and not inactive on it, before or after filing",
            "each case counts for its handling office (office_id)",
            _SCOPE,
        ),
        excludes=(
            "inactive cases (archived, provisionally dismissed)",
            "open cases of offices without a snapshot from the ratio (counted as open_cases_without_staffing)",
        ),
        measures=(
            _m("open_cases", Unit.CASE, "count", "open cases on the as-of date"),
            _m("open_cases_without_staffing", Unit.CASE, "count", "of which handled by offices with no snapshot"),
            _m("carrying_caseload", Unit.PROSECUTOR, "count", "prosecutors carrying a caseload (latest snapshots)"),
            _m("cases_per_prosecutor", Unit.CASE, "ratio", "open cases of reporting offices / prosecutors"),
        ),
        sources=(JUSTICE_COUNTS_STAFF,),
        dimensions=_OFFICE,
        fields=(
            "office_id",
            "detected_on",
            "disposed",
            "disposed_on",
            "case_outcome",
            "accused_pending",
            "accused_archived",
            "accused_provisionally_dismissed",
            "first_archived_on",
            "first_provisionally_dismissed_on",
        ),
        approximations=(
            "A case counts wholly for its handling office; shared handling is not split.",
            "Inactive on a past day follows `reconstruction.inactive_on` (see age_of_pending_caseload).",
        ),
    ),
    MetricDefinition(
        id="trainings_delivered",
        title="Trainings delivered to prosecution offices",
        definition="Trainings held in the period, their participants by topic, and participant-hours.",
        formula="trainings[T] = #(held in window, topic T); participant_hours = sum(participants x hours)",
        units=(Unit.TRAINING, Unit.PARTICIPANT),
        timing=Timing.EITHER,
        population="trainings held in the window",
        includes=("every recorded training of the offices in scope, whoever provided it", _SCOPE),
        excludes=("trainings of offices outside the scope",),
        measures=(
            _m("trainings", Unit.TRAINING, "count", "trainings held (total, and per topic)", TOPICS, with_total=True),
            _m(
                "participants",
                Unit.PARTICIPANT,
                "count",
                "participants (total, and per topic)",
                TOPICS,
                with_total=True,
            ),
            _m("participant_hours", Unit.PARTICIPANT, "count", "participants x hours, summed"),
        ),
        sources=(COMPACT,),
        dimensions=_OFFICE,
        fields=("office_id",),
        approximations=("Participants are attendances: a prosecutor at two trainings counts twice.",),
    ),
    MetricDefinition(
        id="outcomes_by_trained_capacity",
        title="Outcomes and timeliness by trained capacity of the handling office",
        definition=(
            "Cases disposed in the period, split by whether their handling office met the trained-capacity "
            f"threshold ({_T} % of filled posts trained in trafficking law) on the as-of date: conviction and "
            f"dismissal rates and the share disposed within {WITHIN_DAYS} days of filing."
        ),
        formula=(
            "per status X: conviction_rate[X] = #(convicted) / #(disposed) x 100; "
            f"disposed_within_{WITHIN_DAYS}_days[X] = #(0 <= disposed_on - filed_on <= {WITHIN_DAYS}) / "
            "#(disposed_on >= filed_on) x 100"
        ),
        units=(Unit.CASE,),
        timing=Timing.EITHER,
        population="cases filed in court and disposed in the window",
        includes=(
            TRAINED_CAPACITY_THRESHOLD,
            "status of the handling office (office_id) on the as-of date: MET, NOT_MET, or NO_SNAPSHOT when it "
            "had reported no staffing by then or the case names no office",
            _SCOPE,
        ),
        excludes=(
            "cases never filed in court",
            f"cases whose disposition is dated before their filing, from disposed_within_{WITHIN_DAYS}_days only",
        ),
        measures=(
            _m("cases_disposed", Unit.CASE, "count", "cases disposed in the window", THRESHOLD_STATUSES),
            _m("conviction_rate", Unit.CASE, "percent", "convicted / disposed", THRESHOLD_STATUSES),
            _m("dismissal_rate", Unit.CASE, "percent", "dismissed / disposed", THRESHOLD_STATUSES),
            _m(
                f"disposed_within_{WITHIN_DAYS}_days",
                Unit.CASE,
                "percent",
                f"disposed within {WITHIN_DAYS} days of filing / disposed (dates in order)",
                THRESHOLD_STATUSES,
            ),
        ),
        sources=(COMPACT, JUSTICE_COUNTS_STAFF),
        dimensions=_OFFICE,
        fields=("office_id", "filed_on", "disposed", "disposed_on", "case_outcome"),
        approximations=(
            "The office's status is taken on the as-of date, not on each case's disposition date, so a "
            "period's split reads the staffing at its end.",
            "An association, not an effect: offices that met the threshold may differ in other ways.",
        ),
    ),
)
