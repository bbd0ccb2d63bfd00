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
import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import IO, Any, Final

import asyncpg
from _api_server import HOST, free_port
from _http import HttpConnection, HttpError
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


class PlainRouteServer:
    """This module served as a child process in its own session on a free local port."""

    def __init__(self, database_url: str) -> None:
        self.database_url = database_url
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    def start(self) -> None:
        self._log = tempfile.TemporaryFile(prefix="cpc-bench-plain-route-")  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__)), "--host", HOST, "--port", str(self.port)],
            env={**os.environ, DATABASE_ENV: self.database_url},
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    async def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        async with HttpConnection(HOST, self.port) as http:
            while time.monotonic() < deadline:
                if self.process is not None and self.process.poll() is not None:
                    raise RuntimeError(f"the plain route exited with code {self.process.returncode}:\n{self._tail()}")
                try:
                    status, _ = await http.request("GET", "/readyz")
                    if status == 200:
                        return
                except (OSError, HttpError, asyncio.IncompleteReadError):
                    await http.close()
                await asyncio.sleep(0.2)
        raise RuntimeError(f"the plain route was not ready within {timeout:.0f} s:\n{self._tail()}")

    def _tail(self, lines: int = 20) -> str:
        if self._log is None:
            return ""
        self._log.seek(0)
        return "\n".join(self._log.read().decode(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        if self._log is not None:
            self._log.close()
            self._log = None


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
