"""Build one release: tabulate, protect (jointly with the releases of the same year already
published), derive rates and medians, render. Pure: the caller loads the summaries and the
earlier releases and stores the result in one transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Final

import msgspec

from cpc_prosecution.disclosure import EarlierRelease, LinkedTables, Protection, protect, protect_revision, public_cells
from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.releases.catalogue import CATALOGUE, CATALOGUE_VERSION, Level, TableDefinition
from cpc_prosecution.releases.dp_tables import DP_RATE_TABLE, DpPlan, dp_latent, dp_parameters, release_dp
from cpc_prosecution.releases.geography import NATION, Geography
from cpc_prosecution.releases.medians import median_groups
from cpc_prosecution.releases.rendering import RenderedTable, render_table
from cpc_prosecution.releases.spec import ReleaseSpec
from cpc_prosecution.releases.tabulation import tabulate

__all__ = ("RELEASE_ID", "BuiltRelease", "build_release", "release_id_for", "tables_of")

#: `2025Q4.1`: the period, then the revision number (1 for the first release of that period).
RELEASE_ID: Final = re.compile(r"^(\d{4}Q[1-4])\.([1-9]\d{0,3})$")


def release_id_for(period_code: str, revision: int) -> str:
    return f"{period_code}.{revision}"


class BuiltRelease(msgspec.Struct, frozen=True, kw_only=True):
    """Everything the store keeps: public documents, and the true tables and pattern (internal)."""

    release_id: str
    spec: ReleaseSpec
    data_cutoff: dt.date
    geography: Geography
    tables: LinkedTables
    """True values: internal, kept so that later revisions can be audited with this release."""
    protection: Protection
    """This release's pattern and audit: internal."""
    rendered: tuple[RenderedTable, ...]
    content_hash: str
    """sha256 over the parameters and every table's JSON bytes, in catalogue order."""
    timings: dict[str, float]
    """Seconds per step, for the benchmark and the build log."""
    dp: dict[str, Any] | None = None
    """The DP parameters (`dp_tables.dp_parameters`) of a differentially private release, else None."""


def tables_of(spec: ReleaseSpec) -> tuple[TableDefinition, ...]:
    """The catalogue tables a release for this period holds (court tables once the year is complete)."""
    return tuple(t for t in CATALOGUE if t.level is not Level.COURT or spec.year_complete)


@contextmanager
def _timed(timings: dict[str, float], step: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    timings[step] = timings.get(step, 0.0) + time.perf_counter() - started


def _median_places(summaries: Sequence[CaseSummary], geography: Geography, court_level: bool) -> list[tuple[str, ...]]:
    places: list[tuple[str, ...]] = []
    for summary in summaries:
        region = geography.region_of(summary.court_id)
        if court_level:
            court = geography.court_or_outside(summary.court_id)
            places.append((court,) if court in geography.court_regions else ())
        else:
            places.append((region, NATION))
    return places


def build_release(
    summaries: Sequence[CaseSummary],
    spec: ReleaseSpec,
    geography: Geography,
    *,
    release_id: str,
    data_cutoff: dt.date,
    earlier: Sequence[EarlierRelease] = (),
    dp: DpPlan | None = None,
    time_budget: float | None = None,
) -> BuiltRelease:
    """Protect and render one release. Raises `CannotProtectError` when no safe pattern exists
    given what earlier releases published (nothing is returned, so nothing can be stored).

    With `dp` (its charges already paid in the ledger) the region and national tables are noisy
    (`dp_tables`) and draw from `dp.noise`; their exact cells are latent for the protection.
    `time_budget`: seconds the protection may take (`ProtectionTimeoutError` past it)."""
    timings: dict[str, float] = {}
    with _timed(timings, "tabulate"):
        tables = tabulate(summaries, spec, geography)
    latent = dp_latent(tables, geography) if dp is not None else frozenset()
    with _timed(timings, "protect"):
        if earlier:
            protection = protect_revision(
                tables,
                label=release_id,
                earlier=earlier,
                policy=spec.policy,
                latent=latent,
                time_budget=time_budget,
            ).release
        else:
            protection = protect(tables, spec.policy, latent=latent, time_budget=time_budget)
    with _timed(timings, "medians"):
        quarters = [(q.code, (q,)) for q in spec.quarters]
        region_periods = [*quarters, (spec.year.code, spec.quarters)] if spec.year_complete else quarters
        medians = (
            median_groups(summaries, spec, region_periods, _median_places(summaries, geography, False))
            if dp is None
            else {}
        )
        if spec.year_complete:
            court_periods = [(spec.year.code, (spec.year,))]
            medians |= median_groups(summaries, spec, court_periods, _median_places(summaries, geography, True))
    noisy = None
    if dp is not None:
        with _timed(timings, "noise"):
            noisy = release_dp(summaries, tables, spec, geography, dp)
            medians |= noisy.medians
    with _timed(timings, "render"):
        cells = {cell.key: cell for cell in public_cells(protection)}
        if noisy is not None:
            cells |= noisy.cells
        rendered = tuple(
            render_table(
                definition,
                release_id=release_id,
                spec=spec,
                geography=geography,
                cells=cells,
                protection=protection,
                medians=medians,
                rates=noisy.rates if noisy is not None and definition.id == DP_RATE_TABLE else None,
            )
            for definition in tables_of(spec)
        )
        parameters = None if noisy is None or dp is None else dp_parameters(dp, spec, noisy.accuracy95)
        header: dict[str, Any] = {"catalogue": CATALOGUE_VERSION, "spec": spec}
        if parameters is not None:
            header["dp"] = parameters
        digest = hashlib.sha256(msgspec.json.encode(header))
        for table in rendered:
            digest.update(table.json)
    return BuiltRelease(
        release_id=release_id,
        spec=spec,
        data_cutoff=data_cutoff,
        geography=geography,
        tables=tables,
        protection=protection,
        rendered=rendered,
        content_hash=digest.hexdigest(),
        timings=timings,
        dp=parameters,
    )
