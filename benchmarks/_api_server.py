"""The API under test: `cpc-prosecution serve` as a child process on a free local port.

Shared by the benchmarks (event_store.py, metrics_api.py): default settings, access log at `info` as
JSON lines to a temporary file, a fresh docket secret, and the per-key rate limit raised as high as the
setting goes (one key drives the whole load; the limiter itself stays in the path, as in production).
`ChildServer` is what every server a benchmark starts shares (the API and the plain-route baselines):
a child process in its own session, its output in a temporary file, ready when `/readyz` answers 200.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import IO, Final

from _http import HttpConnection, HttpError

__all__ = ("HOST", "RATE_LIMIT_PER_MINUTE", "ApiServer", "ChildServer", "free_port")

HOST: Final = "127.0.0.1"
RATE_LIMIT_PER_MINUTE: Final = 1_000_000


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        port: int = s.getsockname()[1]
        return port


# Experiment (--tcp-nodelay-fix): `serve` with uvicorn's pre-bound listener re-created with
# proto=IPPROTO_TCP, so asyncio turns TCP_NODELAY on for accepted connections (Kludex/uvicorn#3149).
_NODELAY_SERVE: Final = """
import socket, sys
import uvicorn.config
bind = uvicorn.config.Config.bind_socket
def bind_socket(self):
    sock = bind(self)
    if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.proto == 0:
        sock = socket.socket(sock.family, sock.type, socket.IPPROTO_TCP, fileno=sock.detach())
    return sock
uvicorn.config.Config.bind_socket = bind_socket
from cpc_prosecution.cli import main
sys.exit(main())
"""


class ChildServer:
    """An HTTP server a benchmark runs as a child process in its own session, on a free local port."""

    name = "the server"

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    def command(self) -> list[str]:
        raise NotImplementedError

    def environment(self) -> dict[str, str]:
        return dict(os.environ)

    def start(self) -> None:
        self._log = tempfile.TemporaryFile(prefix="cpc-bench-server-")  # noqa: SIM115
        self.process = subprocess.Popen(
            self.command(),
            env=self.environment(),
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
                    raise RuntimeError(f"{self.name} exited with code {self.process.returncode}:\n{self.log_tail()}")
                try:
                    status, _ = await http.request("GET", "/readyz")
                    if status == 200:
                        return
                except (OSError, HttpError, asyncio.IncompleteReadError):
                    await http.close()
                await asyncio.sleep(0.2)
        raise RuntimeError(f"{self.name} was not ready within {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 20) -> str:
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


class ApiServer(ChildServer):
    """`cpc-prosecution serve --workers N`; logs to a file."""

    name = "the API"

    def __init__(self, database_url: str, *, workers: int = 2, nodelay_fix: bool = False) -> None:
        super().__init__()
        self.database_url = database_url
        self.workers = workers
        self.nodelay_fix = nodelay_fix

    def command(self) -> list[str]:
        cli = (
            [sys.executable, "-c", _NODELAY_SERVE]
            if self.nodelay_fix
            else [str(Path(sys.executable).parent / "cpc-prosecution")]
        )
        return [*cli, "serve", "--workers", str(self.workers), "--host", HOST, "--port", str(self.port)]

    def environment(self) -> dict[str, str]:
        env = {
            **os.environ,
            "CPC_DATABASE_URL": self.database_url,
            "CPC_DOCKET_SECRET": secrets.token_hex(32),
            "CPC_LOG_LEVEL": "info",
            "CPC_LOG_FORMAT": "json",
            # One key drives the whole load: lift its rate limit as high as the setting goes (the
            # limiter itself stays in the path, as in production).
            "CPC_RATE_LIMIT_PER_MINUTE": str(RATE_LIMIT_PER_MINUTE),
        }
        env.pop("CPC_DOCKET_SECRET_FILE", None)
        return env
