"""How children testified: shares by live link, by videotaped deposition, outside the courtroom.

Population: cases filed in court and disposed in the window (their testimony is complete); the
summary does not date testimonies. Unit: one testimony (one child on one occasion).
"""

from collections.abc import Sequence
from typing import Final

from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.metrics.definitions import MetricDefinition, Timing
from cpc_prosecution.metrics.dimensions import ALL_DIMENSIONS
from cpc_prosecution.metrics.metric import Inputs, Metric, Tally
from cpc_prosecution.metrics.periods import Window
from cpc_prosecution.metrics.reconstruction import disposed_in_court
from cpc_prosecution.metrics.registry_sources import CHILD_WITNESS_RULE, DISPOSED_FIELDS
from cpc_prosecution.metrics.registry_sources import measure as _m
from cpc_prosecution.metrics.results import Cell, Unit, count, ratio

#: Summary counts summed over the population (each a tally field of the same name).
SUMMED: Final = (
    "child_testimonies",
    "testimonies_in_courtroom",
    "live_link_used",
    "videotaped_deposition_used",
    "support_person_present",
    "guardian_ad_litem_appointed",
)


class TestimonyTally(Tally, frozen=True, kw_only=True):
    cases: int
    with_testimony: int
    child_testimonies: int
    testimonies_in_courtroom: int
    live_link_used: int
    videotaped_deposition_used: int
    support_person_present: int
    guardian_ad_litem_appointed: int


def tally(summaries: Sequence[CaseSummary], w: Window, _: Inputs) -> TestimonyTally:
    cases = [s for s in summaries if disposed_in_court(s, w)]
    sums = {name: sum(getattr(s, name) for s in cases) for name in SUMMED}
    return TestimonyTally(cases=len(cases), with_testimony=sum(1 for s in cases if s.child_testimonies > 0), **sums)


def cells(t: TestimonyTally) -> list[Cell]:
    n = t.child_testimonies
    return [
        count("cases_disposed", Unit.CASE, t.cases),
        count("cases_with_child_testimony", Unit.CASE, t.with_testimony),
        count("testimonies", Unit.TESTIMONY, n),
        ratio("by_live_link", Unit.TESTIMONY, t.live_link_used, n),
        ratio("by_videotaped_deposition", Unit.TESTIMONY, t.videotaped_deposition_used, n),
        ratio("outside_courtroom", Unit.TESTIMONY, n - t.testimonies_in_courtroom, n),
        ratio("with_support_person", Unit.TESTIMONY, t.support_person_present, n),
        ratio("with_guardian_ad_litem", Unit.TESTIMONY, t.guardian_ad_litem_appointed, n),
    ]


DEFINITION: Final = MetricDefinition(
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
    fields=(*DISPOSED_FIELDS, *SUMMED),
    approximations=("The measure counts are per testimony only if the fold counts each measure once per testimony.",),
)

METRIC: Final = Metric(definition=DEFINITION, tally_type=TestimonyTally, tally=tally, cells=cells, order=80)
