"""Services delivered to child victims, by type (RA 9208 §23; DSWD RRPTP), counted, never named.

Population: cases detected in the window. Each service event adds the number of children served,
so a child served twice with the same service counts twice.
"""

from collections.abc import Sequence
from typing import Final

from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.domain.vocab.victims import VictimService
from cpc_prosecution.metrics.definitions import MetricDefinition, Source, Timing
from cpc_prosecution.metrics.dimensions import ALL_DIMENSIONS
from cpc_prosecution.metrics.metric import Inputs, Metric, Tally
from cpc_prosecution.metrics.periods import Window
from cpc_prosecution.metrics.registry_sources import (
    PPI,
)
from cpc_prosecution.metrics.registry_sources import measure as _m
from cpc_prosecution.metrics.results import Cell, Unit, count, ratio

#: (service code, summary field), in the vocabulary's order.
SERVICES: Final = tuple((v.value, f"services_{v.value.lower()}") for v in VictimService)

_CODES: Final = tuple(code for code, _ in SERVICES)
RA9208_SERVICES: Final = Source(
    name="RA 9208 §23 (mandatory services to trafficked persons); DSWD Recovery and Reintegration Program",
    relation="extends",
)


class ServicesTally(Tally, frozen=True, kw_only=True):
    cases: int
    served: int
    total: int
    services: tuple[int, ...]
    """Children served per `SERVICES`."""


def tally(summaries: Sequence[CaseSummary], w: Window, _: Inputs) -> ServicesTally:
    cases = [s for s in summaries if w.contains(s.detected_on)]
    return ServicesTally(
        cases=len(cases),
        served=sum(1 for s in cases if s.services_total > 0),
        total=sum(s.services_total for s in cases),
        services=tuple(sum(getattr(s, name) for s in cases) for _, name in SERVICES),
    )


def cells(t: ServicesTally) -> list[Cell]:
    return [
        count("cases_detected", Unit.CASE, t.cases),
        ratio("cases_with_services", Unit.CASE, t.served, t.cases),
        count("children_served", Unit.CHILD, t.total),
        *(count("children_served", Unit.CHILD, n, s) for (s, _), n in zip(SERVICES, t.services, strict=True)),
    ]


DEFINITION: Final = MetricDefinition(
    id="services_delivered",
    title="Services delivered to child victims, by type",
    definition=(
        "Services delivered to the child victims of the cases detected in the period, by type (shelter, "
        "case management, psychosocial, medical, legal, education, livelihood, reintegration, witness "
        "protection, compensation), and the share of those cases with any service."
    ),
    formula=(
        "children_served[S] = sum(services_S); cases_with_services = #(services_total > 0) / #(cases detected) x 100"
    ),
    units=(Unit.CHILD, Unit.CASE),
    timing=Timing.EITHER,
    population="cases detected in the window",
    includes=("every service recorded for these cases, whenever delivered",),
    excludes=("services to victims of cases detected outside the window",),
    measures=(
        _m("cases_detected", Unit.CASE, "count", "cases detected in the window"),
        _m("cases_with_services", Unit.CASE, "percent", "cases with at least one service delivered"),
        _m(
            "children_served",
            Unit.CHILD,
            "count",
            "children served (total, and per service type)",
            _CODES,
            with_total=True,
        ),
    ),
    sources=(PPI, RA9208_SERVICES),
    dimensions=ALL_DIMENSIONS,
    fields=("detected_on", "services_total", *(name for _, name in SERVICES)),
    approximations=(
        "A child served twice with the same service counts twice (services are recorded as counts per event).",
        "Service dates are not in the summary: services count with the case's detection period.",
    ),
)

METRIC: Final = Metric(definition=DEFINITION, tally_type=ServicesTally, tally=tally, cells=cells, order=160)
