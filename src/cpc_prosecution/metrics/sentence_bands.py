"""Sentences by band: accused convicted in the cases disposed in the window, by the heaviest
sentence band among their convicted counts (the summary's `accused_sentenced_*`)."""

from collections.abc import Sequence
from typing import Final

from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.domain.summary_counts import (
    SENTENCE_BANDS,
    SENTENCE_FIELDS,
)
from cpc_prosecution.metrics.definitions import MetricDefinition, Timing
from cpc_prosecution.metrics.dimensions import ALL_DIMENSIONS
from cpc_prosecution.metrics.metric import Inputs, Metric, Tally
from cpc_prosecution.metrics.periods import Window
from cpc_prosecution.metrics.reconstruction import disposed_in_court
from cpc_prosecution.metrics.registry_sources import (
    DISPOSED_FIELDS,
    DISPOSED_POPULATION,
    OURS,
)
from cpc_prosecution.metrics.registry_sources import measure as _m
from cpc_prosecution.metrics.results import Cell, Unit, count, ratio


class SentenceTally(Tally, frozen=True, kw_only=True):
    convicted: int
    bands: tuple[int, ...]
    """Accused convicted per `SENTENCE_FIELDS`."""


def tally(summaries: Sequence[CaseSummary], w: Window, _: Inputs) -> SentenceTally:
    cases = [s for s in summaries if disposed_in_court(s, w)]
    return SentenceTally(
        convicted=sum(s.accused_convicted for s in cases),
        bands=tuple(sum(getattr(s, name) for s in cases) for _, name in SENTENCE_FIELDS),
    )


def cells(t: SentenceTally) -> list[Cell]:
    return [
        count("accused_convicted", Unit.ACCUSED, t.convicted),
        *(
            ratio("accused_by_band", Unit.ACCUSED, n, t.convicted, band)
            for (band, _), n in zip(SENTENCE_FIELDS, t.bands, strict=True)
        ),
    ]


DEFINITION: Final = MetricDefinition(
    id="sentence_bands",
    title="Sentences by penalty band",
    definition=(
        "Accused convicted in the cases disposed in the period, by the heaviest sentence band among their "
        "convicted counts."
    ),
    formula="accused_by_band[B] = sum(accused_sentenced_B) / sum(accused_convicted) x 100",
    units=(Unit.ACCUSED,),
    timing=Timing.EITHER,
    population=DISPOSED_POPULATION,
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
    fields=(*DISPOSED_FIELDS, "accused_convicted", *(name for _, name in SENTENCE_FIELDS)),
    approximations=("A conviction without a coded sentence band counts as UNSPECIFIED.",),
)

METRIC: Final = Metric(definition=DEFINITION, tally_type=SentenceTally, tally=tally, cells=cells, order=150)
