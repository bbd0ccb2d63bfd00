"""Registry entry for services delivered to child victims."""

from typing import Final

from cpc_prosecution.metrics.definitions import MetricDefinition, Source, Timing
from cpc_prosecution.metrics.dimensions import ALL_DIMENSIONS
from cpc_prosecution.metrics.registry_sources import PPI
from cpc_prosecution.metrics.registry_sources import measure as _m
from cpc_prosecution.metrics.results import Unit
from cpc_prosecution.metrics.services_delivered import SERVICES

RA9208_SERVICES = Source(
    name="RA 9208 §23 (mandatory services to trafficked persons); DSWD Recovery and Reintegration Program",
    relation="extends",
)
_CODES = tuple(code for code, _ in SERVICES)

VICTIM_METRICS: Final[tuple[MetricDefinition, ...]] = (
    MetricDefinition(
        id="services_delivered",
        title="Services delivered to child victims, by type",
        definition=(
            "Services delivered to the child victims of the cases detected in the period, by type (shelter, "
            "case management, psychosocial, medical, legal, education, livelihood, reintegration, witness "
            "protection, compensation), and the share of those cases with any service."
        ),
        formula=(
            "children_served[S] = sum(services_S); "
            "cases_with_services = #(services_total > 0) / #(cases detected) x 100"
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
    ),
)
