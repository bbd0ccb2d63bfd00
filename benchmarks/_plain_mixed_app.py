"""The plain baseline of benchmarks/mixed_load.py: the mixed load's four requests in one minimal
Litestar app, each running the API's query for it and nothing else.

- `GET /plain/{metric_id}?period=…`: the metric's plain query (`_plain_route.plain_metric`, the same
  text and arguments as benchmarks/metrics_api.py's baselines), rows as JSON;
- `POST /append/{case_id}`: the API's append body, one raw `INSERT` per event into a table with
  `case_event`'s columns, keys and constraints (`_plain_append_app.append`, as benchmarks/event_store.py);
- `GET /plain-cases?limit=N`: the case listing's own query (`store.case_listing.list_case_rows`, scoped
  to the benchmark's offices as the API scopes the key), the rows as JSON;
- `GET /plain-cases/{case_id}`: the case's history (`store.case_events.load_events`), as JSON. The API's
  `GET /v1/cases/{id}` reads the case's snapshot or history the same way, then folds it and computes the
  legal clocks, which this route does not.

No key, no scope lookup, no audit entry, no middleware, no access log. One pool per worker as the API's
(`store.pool.create_pool`: codecs, `METRIC_READ_SETTINGS`, no per-release reset, 10 connections), served
as `serve` serves the API: uvicorn with the same workers, uvloop and httptools, the TCP_NODELAY listener
fix (`cli.serve._tcp_nodelay_listener`), lifespan on. Run as a script by the benchmark:

    python benchmarks/_plain_mixed_app.py --port N --workers W   # CPC_DATABASE_URL, CPC_BENCH_TABLE
"""

from __future__ import annotations

import argparse
import os
import sys
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Final

from _api_server import HOST, ChildServer
from _plain_append_app import _insert_sql, append
from _plain_route import plain_metric, ready
from event_store import OFFICE_IDS
from litestar import Litestar, get
from litestar.datastructures import State
from litestar.params import FromPath

from cpc_prosecution.domain.events.recorded import RecordedEvent
from cpc_prosecution.services.projection import manila_today
from cpc_prosecution.store.case_events import load_events
from cpc_prosecution.store.case_listing import CaseFilter, CaseListing, list_case_rows
from cpc_prosecution.store.pool import create_pool

__all__ = ("CASES_PATH", "PlainMixedServer", "create_app")

CASES_PATH: Final = "/plain-cases"
#: The API's default pool size per worker (`CPC_POOL_MAX_SIZE`).
POOL_MAX_SIZE: Final = 10


@asynccontextmanager
async def _pool(app: Litestar) -> AsyncIterator[None]:
    pool = await create_pool(os.environ["CPC_DATABASE_URL"], max_size=POOL_MAX_SIZE)
    app.state.pool = pool
    try:
        yield
    finally:
        await pool.close()


@get(CASES_PATH)
async def list_cases(state: State, limit: int = 50) -> list[CaseListing]:
    where = CaseFilter(limit=limit, scope_offices=list(OFFICE_IDS))
    async with state.pool.acquire() as conn:
        rows = await list_case_rows(conn, where, manila_today())
    return [row.case for row in rows]


@get(f"{CASES_PATH}/{{case_id:uuid}}")
async def case_history(state: State, case_id: FromPath[uuid.UUID]) -> list[RecordedEvent]:
    async with state.pool.acquire() as conn:
        return await load_events(conn, case_id)


def create_app() -> Litestar:
    return Litestar(
        route_handlers=[plain_metric, append, list_cases, case_history, ready],
        lifespan=[_pool],
        state=State({"insert": _insert_sql(os.environ["CPC_BENCH_TABLE"])}),
        logging_config=None,
        debug=False,
        openapi_config=None,
    )


class PlainMixedServer(ChildServer):
    """This module served by uvicorn (`--workers N`) as a child process."""

    name = "the plain mixed-load app"

    def __init__(self, database_url: str, table: str, *, workers: int) -> None:
        super().__init__()
        self.database_url = database_url
        self.table = table
        self.workers = workers

    def command(self) -> list[str]:
        return [sys.executable, str(Path(__file__)), "--port", str(self.port), "--workers", str(self.workers)]

    def environment(self) -> dict[str, str]:
        return {**os.environ, "CPC_DATABASE_URL": self.database_url, "CPC_BENCH_TABLE": self.table}


def main() -> None:
    import uvicorn

    from cpc_prosecution.cli.serve import _tcp_nodelay_listener

    parser = argparse.ArgumentParser(description="serve the plain mixed-load app")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    _tcp_nodelay_listener()
    # The same uvicorn settings as `cpc-prosecution serve` (cli/serve.py::_run_uvicorn).
    uvicorn.run(
        f"{Path(__file__).stem}:create_app",
        factory=True,
        host=HOST,
        port=args.port,
        workers=args.workers,
        log_config=None,
        access_log=False,
        server_header=False,
        lifespan="on",
    )


if __name__ == "__main__":
    main()
