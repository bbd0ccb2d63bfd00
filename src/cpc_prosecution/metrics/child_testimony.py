"""How children testified: shares by live link, by videotaped deposition, outside the courtroom.

Population: cases filed in court and disposed in the window (their testimony is complete); the
summary does not date testimonies. Unit: one testimony (one child on one occasion).
"""

from collections.abc import Sequence

from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.metrics.conviction_rate import disposed_in_court
from cpc_prosecution.metrics.periods import Window
from cpc_prosecution.metrics.results import Cell, Unit, count, ratio


def compute(summaries: Sequence[CaseSummary], w: Window) -> list[Cell]:
    cases = [s for s in summaries if disposed_in_court(s, w)]
    n = sum(s.child_testimonies for s in cases)
    courtroom = sum(s.testimonies_in_courtroom for s in cases)
    return [
        count("cases_disposed", Unit.CASE, len(cases)),
        count("cases_with_child_testimony", Unit.CASE, sum(1 for s in cases if s.child_testimonies > 0)),
        count("testimonies", Unit.TESTIMONY, n),
        ratio("by_live_link", Unit.TESTIMONY, sum(s.live_link_used for s in cases), n),
        ratio("by_videotaped_deposition", Unit.TESTIMONY, sum(s.videotaped_deposition_used for s in cases), n),
        ratio("outside_courtroom", Unit.TESTIMONY, n - courtroom, n),
        ratio("with_support_person", Unit.TESTIMONY, sum(s.support_person_present for s in cases), n),
        ratio("with_guardian_ad_litem", Unit.TESTIMONY, sum(s.guardian_ad_litem_appointed for s in cases), n),
    ]
