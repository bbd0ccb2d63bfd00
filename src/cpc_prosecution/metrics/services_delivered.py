"""Services delivered to child victims, by type (RA 9208 §23; DSWD RRPTP), counted, never named.

Population: cases detected in the window. Each service event adds the number of children served,
so a child served twice with the same service counts twice.
"""

from collections.abc import Sequence
from typing import Final

from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.domain.vocab.victims import VictimService
from cpc_prosecution.metrics.periods import Window
from cpc_prosecution.metrics.results import Cell, Unit, count, ratio

#: (service code, summary field), in the vocabulary's order.
SERVICES: Final = tuple((v.value, f"services_{v.value.lower()}") for v in VictimService)


def compute(summaries: Sequence[CaseSummary], w: Window) -> list[Cell]:
    cases = [s for s in summaries if w.contains(s.detected_on)]
    n = len(cases)
    cells = [
        count("cases_detected", Unit.CASE, n),
        ratio("cases_with_services", Unit.CASE, sum(1 for s in cases if s.services_total > 0), n),
        count("children_served", Unit.CHILD, sum(s.services_total for s in cases)),
    ]
    for service, name in SERVICES:
        cells.append(count("children_served", Unit.CHILD, sum(getattr(s, name) for s in cases), service))
    return cells
