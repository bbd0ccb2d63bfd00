"""Registry entries for outcomes in detail: postponements by reason, dismissals by reason, sentences."""

from typing import Final

from cpc_prosecution.domain.summary_counts import (
    DISMISSAL_CATEGORIES,
    DISMISSAL_FIELDS,
    POSTPONEMENT_FIELDS,
    SENTENCE_BANDS,
    SENTENCE_FIELDS,
)
from cpc_prosecution.metrics.definitions import MetricDefinition, Timing
from cpc_prosecution.metrics.dimensions import ALL_DIMENSIONS
from cpc_prosecution.metrics.dismissals_by_reason import PROSECUTOR_DISMISSALS
from cpc_prosecution.metrics.postponements_by_reason import REASONS
from cpc_prosecution.metrics.registry_sources import JUSTICE_COUNTS, M5, OURS
from cpc_prosecution.metrics.registry_sources import measure as _m
from cpc_prosecution.metrics.results import Unit

_DISPOSED = "cases filed in court and disposed by the trial court in the window"
_DISPOSED_FIELDS = ("filed_on", "disposed", "disposed_on")
_REASON_CODES = tuple(code for code, _ in REASONS)

OUTCOME_METRICS: Final[tuple[MetricDefinition, ...]] = (
    MetricDefinition(
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
        population=_DISPOSED,
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
        fields=(*_DISPOSED_FIELDS, "postponements", *(name for _, name in POSTPONEMENT_FIELDS)),
    ),
    MetricDefinition(
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
        population=_DISPOSED + "; and cases never filed in court and dismissed in the window",
        includes=(
            "the reason of the accused's first count with a coded reason; else the one the count outcome implies "
            "(a withdrawn Information, a provisional dismissal that lapsed); else OTHER",
            "an affidavit of desistance is recorded as VICTIM_DESISTANCE although it is not a legal ground "
            "(RA 9208 §8(j))",
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
            *_DISPOSED_FIELDS,
            "accused_dismissed",
            *(name for _, name in DISMISSAL_FIELDS),
            "prosecutor_outcome",
        ),
        approximations=("An accused dismissed on different counts for different reasons counts under the first.",),
    ),
    MetricDefinition(
        id="sentence_bands",
        title="Sentences by penalty band",
        definition=(
            "Accused convicted in the cases disposed in the period, by the heaviest sentence band among their "
            "convicted counts."
        ),
        formula="accused_by_band[B] = sum(accused_sentenced_B) / sum(accused_convicted) x 100",
        units=(Unit.ACCUSED,),
        timing=Timing.EITHER,
        population=_DISPOSED,
        includes=(
            "sentences as modified on appeal",
            "convictions on a plea to a lesser offence (e.g. attempted trafficking, 15 years)",
        ),
        excludes=("acquitted and dismissed accused", "convictions reversed on appeal"),
        measures=(
            _m("accused_convicted", Unit.ACCUSED, "count", "accused convicted in these cases"),
            _m("accused_by_band", Unit.ACCUSED, "percent", "convicted accused by heaviest sentence", SENTENCE_BANDS),
        ),
        sources=(OURS,),
        dimensions=ALL_DIMENSIONS,
        fields=(*_DISPOSED_FIELDS, "accused_convicted", *(name for _, name in SENTENCE_FIELDS)),
        approximations=("A conviction without a coded sentence band counts as UNSPECIFIED.",),
    ),
)
