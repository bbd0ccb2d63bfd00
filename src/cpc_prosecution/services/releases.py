"""Build a release (admins, or the CLI) and read stored ones (anyone allowed by the settings).

A build is one transaction under a per-year lock: a second build of the same year is refused at
once (409), not queued. It keeps the year's release policy (threshold, rounding, cases per child,
mode), fixed by the year's first release: another policy is refused (409) with nothing stored.
Then it reads every case summary and the internal records of the year's earlier releases, protects
(within `PROTECTION_TIME_BUDGET` seconds, else 409) and renders in a worker thread, so the API
stays responsive, stores, audits. A differentially private build first charges the year's privacy budget
in the same transaction (refused with nothing stored when the cap would be passed), then draws
its noise in the build. Reads only return stored bytes: nothing here computes from case data
on a read.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import math
from typing import TYPE_CHECKING, Final, Literal

import msgspec

from cpc_prosecution.disclosure import (
    CannotProtectError,
    EarlierRelease,
    LinkedTables,
    PolicyError,
    Protection,
    ProtectionTimeoutError,
)
from cpc_prosecution.disclosure.dp import BudgetExceededError, DpUnavailableError, NoiseSource, OpenDpNoise
from cpc_prosecution.releases.build import RELEASE_ID, BuiltRelease, build_release, release_id_for
from cpc_prosecution.releases.catalogue import CATALOGUE_VERSION, table_definition
from cpc_prosecution.releases.document import ReleaseListing, parameters_of, release_document, release_href
from cpc_prosecution.releases.dp_tables import DATASET, DEFAULT_DP_EPSILON, DpPlan, dp_policy, plan_dp
from cpc_prosecution.releases.geography import geography_from
from cpc_prosecution.releases.spec import DEFAULT_CASES_PER_CHILD, MAX_CASES_PER_CHILD, ReleaseSpec, release_spec
from cpc_prosecution.releases.year_policy import YearPolicy, policy_conflict, recorded_policy
from cpc_prosecution.services import audit
from cpc_prosecution.services.access import Principal, Role, require_role
from cpc_prosecution.services.errors import InvalidInput, NotFound, Refused
from cpc_prosecution.services.projection import manila_today
from cpc_prosecution.store import reference
from cpc_prosecution.store import releases as store
from cpc_prosecution.store.case_summaries import read_all_summaries
from cpc_prosecution.store.dp_budget import charge_budget

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

__all__ = (
    "DEFAULT_CASES_PER_CHILD",
    "PROTECTION_TIME_BUDGET",
    "BuildRequest",
    "build",
    "list_releases",
    "read_document",
    "read_table",
)

#: Seconds the protection of one build may take. The release geometry protects in well under a
#: second; a pattern that needs minutes of repairs is refused with a reason instead of holding the
#: year's lock (and a worker) for 20 minutes.
PROTECTION_TIME_BUDGET: Final = 45.0


class BuildRequest(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    period: str
    """The quarter to release, e.g. 2025Q4; it must have ended."""
    threshold: int | None = None
    """k (never below 3): counts of 1..k-1 cases or children are never published. Default: the
    year's policy, or 11 for the first release of a year."""
    cases_per_child: int | None = None
    """Most cases one child is assumed to be named in (for the distinct-children lower bound, and
    the sensitivity c of differential privacy). Default: the year's policy, or 2."""
    differential_privacy: bool | None = None
    """Publish the region and national tables with differential-privacy noise (needs OpenDP, the
    ``dp`` extra); court tables keep suppression. Charges the year's privacy budget. Default: the
    year's policy (a year's releases are all exact or all DP), or false."""
    dp_epsilon: float | None = None
    """Total ε this release may spend (default 1.0: four quarterly releases fit the annual cap 4.0)."""


def _spec(request: BuildRequest, today: dt.date) -> ReleaseSpec:
    per_child = DEFAULT_CASES_PER_CHILD if request.cases_per_child is None else request.cases_per_child
    if not 1 <= per_child <= MAX_CASES_PER_CHILD:
        raise InvalidInput("cases_per_child", f"must be 1..{MAX_CASES_PER_CHILD}, got {per_child}")
    try:
        spec = release_spec(request.period, threshold=request.threshold, cases_per_child=per_child)
    except PolicyError as exc:
        raise InvalidInput("threshold", str(exc)) from None
    except ValueError as exc:
        raise InvalidInput("period", str(exc)) from None
    if spec.period.end >= today:
        raise InvalidInput("period", f"{spec.period.code} has not ended yet (today is {today.isoformat()} in Manila)")
    return spec


def noise_source() -> NoiseSource:
    """OpenDP's noise (tests replace this factory with a scripted one)."""
    return OpenDpNoise()


def _dp_plan(request: BuildRequest, spec: ReleaseSpec) -> DpPlan | None:
    """The calibrated mechanisms of a DP build (no noise drawn), or None for a plain build."""
    if request.differential_privacy is None:
        return None  # decided by the year's policy (`_with_year_policy`)
    if not request.differential_privacy:
        if request.dp_epsilon is not None:
            raise InvalidInput("dp_epsilon", "only a differentially private build spends ε")
        return None
    epsilon = DEFAULT_DP_EPSILON if request.dp_epsilon is None else request.dp_epsilon
    cap = dp_policy(spec).annual_cap
    if not (math.isfinite(epsilon) and 0 < epsilon <= cap):
        raise InvalidInput("dp_epsilon", f"must be greater than 0 and at most the annual cap {cap:g}")
    try:
        return plan_dp(spec, epsilon=epsilon, noise=noise_source())
    except DpUnavailableError as exc:
        raise InvalidInput("differential_privacy", str(exc)) from None


def _earlier(internals: list[store.InternalRelease]) -> list[EarlierRelease]:
    return [
        EarlierRelease(
            label=item.release_id,
            tables=msgspec.msgpack.decode(item.tables, type=LinkedTables),
            protection=msgspec.msgpack.decode(item.protection, type=Protection),
        )
        for item in internals
    ]


def _year_policy(spec: ReleaseSpec, request: BuildRequest) -> YearPolicy:
    return YearPolicy(
        threshold=spec.policy.threshold,
        rounding_base=spec.policy.rounding_base,
        cases_per_child=spec.cases_per_child,
        differential_privacy=bool(request.differential_privacy),
    )


async def _with_year_policy(conn: Connection, request: BuildRequest, year: int) -> BuildRequest:
    """The request with its unset fields taken from the year's policy; Refused (409) when a field
    it sets differs from that policy."""
    first = await store.first_of_year(conn, year, CATALOGUE_VERSION)
    if first is None:
        return request
    recorded = recorded_policy(first.parameters)
    filled = msgspec.structs.replace(
        request,
        threshold=recorded.threshold if request.threshold is None else request.threshold,
        cases_per_child=recorded.cases_per_child if request.cases_per_child is None else request.cases_per_child,
        differential_privacy=(
            recorded.differential_privacy if request.differential_privacy is None else request.differential_privacy
        ),
    )
    requested = _year_policy(_spec(filled, manila_today()), filled)
    conflict = policy_conflict(recorded, requested, year=year, first_release=first.release_id)
    if conflict is not None:
        raise Refused(f"no release of {request.period}: {conflict}")
    return filled


async def build(conn: Connection, request: BuildRequest, *, principal: Principal | None) -> BuiltRelease:
    """Build, store and return a release. `principal` None means the command line."""
    if principal is not None:
        require_role(principal, Role.ADMIN)
    today = manila_today()
    # Bad fields are 422 before any lock or policy is looked at.
    _dp_plan(request, _spec(request, today))
    year = int(request.period[:4])
    actor = "cli" if principal is None else str(principal.key_id)
    async with conn.transaction():
        if not await store.try_lock_year(conn, year):
            raise Refused(f"a build of this year ({year}) is in progress; try again when it has finished")
        request = await _with_year_policy(conn, request, year)
        spec = _spec(request, today)
        plan = _dp_plan(msgspec.structs.replace(request, differential_privacy=bool(request.differential_privacy)), spec)
        revision = await store.next_revision(conn, spec.period.code)
        release_id = release_id_for(spec.period.code, revision)
        if plan is not None:
            # Paid before any noise is drawn, in the transaction that stores the release.
            try:
                await charge_budget(
                    conn,
                    dataset_id=DATASET,
                    period=spec.year.code,
                    release_id=release_id,
                    charges=plan.charges,
                    actor=actor,
                    default_cap=plan.policy.annual_cap,
                )
            except BudgetExceededError as exc:
                raise Refused(f"no differentially private release of {spec.period.code}: {exc}") from None
        earlier = _earlier(await store.earlier_internals(conn, year))
        summaries = await read_all_summaries(conn)
        geography = geography_from({c.court_id: c.judicial_region.value for c in await reference.list_courts(conn)})
        try:
            built = await asyncio.to_thread(
                build_release,
                summaries,
                spec,
                geography,
                release_id=release_id,
                data_cutoff=today,
                earlier=earlier,
                dp=plan,
                time_budget=PROTECTION_TIME_BUDGET,
            )
        except CannotProtectError as exc:
            raise Refused(f"no safe release exists for {spec.period.code}: {exc}") from None
        except ProtectionTimeoutError as exc:
            raise Refused(
                f"no release of {spec.period.code}: {exc}; the year's releases leave no quick safe pattern "
                "(nothing was stored)"
            ) from None
        await _store(conn, built, revision, built_by=actor)
        await audit.record(conn, principal, "BuildRelease", None)
    return built


async def _store(conn: Connection, built: BuiltRelease, revision: int, *, built_by: str) -> None:
    built_at = dt.datetime.now(dt.UTC).replace(microsecond=0)
    document = release_document(built, revision=revision, built_at=built_at)
    row = store.ReleaseRow(
        release_id=built.release_id,
        period=built.spec.period.code,
        revision=revision,
        catalogue_version=CATALOGUE_VERSION,
        parameters=parameters_of(built),
        data_cutoff=built.data_cutoff,
        built_at=built_at,
        built_by=built_by,
        content_hash=built.content_hash,
    )
    internal = store.InternalRelease(
        release_id=built.release_id,
        geography=msgspec.msgpack.encode(built.geography),
        tables=msgspec.msgpack.encode(built.tables),
        protection=msgspec.msgpack.encode(built.protection),
    )
    await store.insert_release(
        conn,
        row,
        document=msgspec.json.encode(document),
        tables=[(t.table, t.json, t.csv) for t in built.rendered],
        internal=internal,
    )


def _check_id(release_id: str) -> None:
    if not RELEASE_ID.match(release_id):
        raise NotFound(f"no release {release_id!r} (ids look like 2025Q4.1)")


async def list_releases(conn: Connection) -> list[ReleaseListing]:
    return [
        ReleaseListing(
            release_id=row.release_id,
            period=row.period,
            revision=row.revision,
            data_cutoff=row.data_cutoff,
            built_at=row.built_at,
            content_hash=row.content_hash,
            href=release_href(row.release_id),
        )
        for row in await store.read_releases(conn)
    ]


async def read_document(conn: Connection, release_id: str) -> bytes:
    _check_id(release_id)
    document = await store.read_document(conn, release_id)
    if document is None:
        raise NotFound(f"no release {release_id!r}")
    return document


async def read_table(conn: Connection, release_id: str, table_id: str, fmt: Literal["json", "csv"]) -> bytes:
    _check_id(release_id)
    if table_definition(table_id) is None:
        raise NotFound(f"no table {table_id!r} in the release catalogue {CATALOGUE_VERSION}")
    body = await store.read_table(conn, release_id, table_id, fmt)
    if body is None:
        raise NotFound(f"release {release_id!r} has no table {table_id!r}")
    return body
