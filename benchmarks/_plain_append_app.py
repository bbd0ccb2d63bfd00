"""A plain Litestar route that appends one event with a raw INSERT: the ceiling of any Python HTTP API here.

The API benchmark (event_store.py) serves this app exactly as `cpc-prosecution serve` serves the API:
uvicorn with the same workers, uvloop and httptools, and the same TCP_NODELAY listener fix
(`cli.serve._tcp_nodelay_listener`, imported, not copied), no access log. Its one route takes the API's
request body (`AppendEvents`, decoded by Litestar with msgspec, as the API does), and runs the baseline's
`INSERT` on a pooled connection (autocommit), with the application's jsonb codec. No key, no fold, no
summary, no audit: what remains is HTTP, Litestar and one INSERT.

Run as a script (event_store.py does): `python benchmarks/_plain_append_app.py --port N --workers 2`,
with CPC_DATABASE_URL naming the database and CPC_BENCH_TABLE the table.
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

import msgspec
from _api_server import HOST, ChildServer
from litestar import Litestar, get, post
from litestar.datastructures import State
from litestar.params import FromPath

from cpc_prosecution.domain import event_tag
from cpc_prosecution.services.case_commands import AppendEvents
from cpc_prosecution.store.pool import create_pool

__all__ = ("PlainAppendServer", "create_app")

INSERT_COLUMNS: Final = ("case_id", "seq", "type", "occurred_on", "payload", "recorded_by", "idempotency_key")
RECORDED_BY: Final = "bench-plain"


class Appended(msgspec.Struct):
    version: int


def _insert_sql(table: str) -> str:
    placeholders = ", ".join(f"${i}" for i in range(1, len(INSERT_COLUMNS) + 1))
    return f"INSERT INTO {table} ({', '.join(INSERT_COLUMNS)}) VALUES ({placeholders})"


@asynccontextmanager
async def _pool(app: Litestar) -> AsyncIterator[None]:
    pool = await create_pool(os.environ["CPC_DATABASE_URL"])
    app.state.pool = pool
    try:
        yield
    finally:
        await pool.close()


@post("/append/{case_id:uuid}", status_code=201)
async def append(state: State, case_id: FromPath[uuid.UUID], data: AppendEvents) -> Appended:
    """Store the body's events as rows `expected_version + 1, …` of the case, one INSERT each."""
    version = data.expected_version
    async with state.pool.acquire() as conn:
        for event in data.events:
            version += 1
            await conn.execute(
                state.insert, case_id, version, event_tag(event), event.occurred_on, event, RECORDED_BY, None
            )
    return Appended(version=version)


@get(["/healthz", "/readyz"])
async def ready() -> dict[str, str]:
    return {"status": "ready"}


def create_app() -> Litestar:
    return Litestar(
        route_handlers=[append, ready],
        lifespan=[_pool],
        state=State({"insert": _insert_sql(os.environ["CPC_BENCH_TABLE"])}),
        logging_config=None,
        debug=False,
        openapi_config=None,
    )


class PlainAppendServer(ChildServer):
    """This module served by uvicorn (`--workers N`) as a child process."""

    name = "the plain append route"

    def __init__(self, database_url: str, table: str, *, workers: int = 2) -> None:
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

    parser = argparse.ArgumentParser(description="serve the plain append route")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=2)
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
