"""The second baseline of benchmarks/metrics_api.py: a plain Litestar route over the plain SQL.

`GET /plain/{metric_id}?period=2021` runs the metric's plain query (`_plain_metrics.py`, the same text
and arguments as the first baseline) on a pooled asyncpg connection and returns its rows as JSON.
Nothing else: no key, no scope, no audit entry, no targets, no cells, no middleware, no access log.
It is served like the API (uvicorn, one worker, uvloop and httptools, no access log, lifespan on) and
its pool is set up like the API's (connections opened lazily, no per-release session reset, the same
`server_settings`), so the difference between this route and the API is the API's own work per
request, and the difference between this route and the plain query is HTTP and JSON.

Run by the benchmark as a child process:

    python benchmarks/_plain_route.py --port PORT      # database from $PLAIN_ROUTE_DATABASE_URL
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Final

import asyncpg
from _api_server import HOST, ChildServer
from _plain_metrics import PLAIN
from litestar import Litestar, get
from litestar.datastructures import State
from litestar.exceptions import NotFoundException
from litestar.params import FromPath

from cpc_prosecution.metrics import window
from cpc_prosecution.store.pool import METRIC_READ_SETTINGS

__all__ = ("DATABASE_ENV", "PATH", "PlainRouteServer", "create_app")

DATABASE_ENV: Final = "PLAIN_ROUTE_DATABASE_URL"
PATH: Final = "/plain"


async def _keep_session(conn: asyncpg.Connection) -> None:
    """No per-release reset, as the API's pool (`store/pool.py`)."""


@asynccontextmanager
async def _pool(app: Litestar) -> AsyncIterator[None]:
    pool = await asyncpg.create_pool(
        os.environ[DATABASE_ENV], min_size=0, max_size=2, reset=_keep_session, server_settings=METRIC_READ_SETTINGS
    )
    app.state.pool = pool
    try:
        yield
    finally:
        await pool.close()


@get("/readyz")
async def ready() -> str:
    return "ok"


@get(f"{PATH}/{{metric_id:str}}")
async def plain_metric(state: State, metric_id: FromPath[str], period: str) -> list[dict[str, Any]]:
    sql = PLAIN.get(metric_id)
    if sql is None:
        raise NotFoundException(f"no plain query for {metric_id!r}")
    w = window(period)
    async with state.pool.acquire() as conn:
        rows = await conn.fetch(sql, w.start, w.end, w.as_of)
    return [dict(r) for r in rows]


def create_app() -> Litestar:
    return Litestar(route_handlers=[ready, plain_metric], lifespan=[_pool], logging_config=None, openapi_config=None)


class PlainRouteServer(ChildServer):
    """This module served as a child process (one uvicorn worker)."""

    name = "the plain route"

    def __init__(self, database_url: str) -> None:
        super().__init__()
        self.database_url = database_url

    def command(self) -> list[str]:
        return [sys.executable, str(Path(__file__)), "--host", HOST, "--port", str(self.port)]

    def environment(self) -> dict[str, str]:
        return {**os.environ, DATABASE_ENV: self.database_url}


def main() -> None:
    import uvicorn

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    uvicorn.run(
        create_app,
        factory=True,
        host=args.host,
        port=args.port,
        workers=1,
        loop="uvloop",
        http="httptools",
        log_config=None,
        access_log=False,
        server_header=False,
        lifespan="on",
    )


if __name__ == "__main__":
    main()
