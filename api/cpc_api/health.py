"""Liveness and readiness probes for orchestrators and load balancers."""

from __future__ import annotations

import asyncio

import msgspec
from litestar import Controller, Response, get
from litestar.datastructures import State
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example
from litestar.status_codes import HTTP_200_OK, HTTP_503_SERVICE_UNAVAILABLE

from cpc_prosecution.services.readiness import Readiness, check_readiness

__all__ = ("HealthController", "Liveness", "ReadinessReport")


class Liveness(msgspec.Struct, frozen=True):
    status: str


class ReadinessReport(msgspec.Struct, frozen=True, omit_defaults=True):
    status: str
    """"ready" or "not_ready"."""
    database: str
    schema: str
    replica: str | None = None
    """Only with CPC_READ_DATABASE_URL: "ready", "unreachable" (its reads go to the primary) or what is
    wrong with its schema. The status does not depend on it: the primary serves every request alone."""


def _replica_state(result: Readiness) -> str:
    if result.ready:
        return "ready"
    return "unreachable" if result.database == "unreachable" else result.schema


class HealthController(Controller):
    tags = ["Operations"]

    @get("/healthz", operation_id="GetLiveness", summary="The process is alive", cache=False)
    async def liveness(self) -> Liveness:
        """Answers while the process runs, whatever the state of the database."""
        return Liveness(status="alive")

    @get(
        "/readyz",
        operation_id="GetReadiness",
        summary="The database is reachable and its schema current",
        responses={
            503: ResponseSpec(
                data_container=ReadinessReport,
                description="Not ready: the database is unreachable or its schema is not current",
                examples=[
                    Example(
                        summary="Database down",
                        value={"status": "not_ready", "database": "unreachable", "schema": "unknown"},
                    )
                ],
            )
        },
        cache=False,
    )
    async def readiness(self, state: State) -> Response[ReadinessReport]:
        """200 when requests can be served; 503 while the database is down or its schema is not current.
        With a read replica, its state too (a replica that is down leaves the answer 200)."""
        replica = state.get("read_replica")
        pools = [state.pool] if replica is None else [state.pool, replica.pool]
        result, *of_replica = await asyncio.gather(*(check_readiness(pool) for pool in pools))
        report = ReadinessReport(
            status="ready" if result.ready else "not_ready",
            database=result.database,
            schema=result.schema,
            replica=_replica_state(of_replica[0]) if of_replica else None,
        )
        return Response(report, status_code=HTTP_200_OK if result.ready else HTTP_503_SERVICE_UNAVAILABLE)
