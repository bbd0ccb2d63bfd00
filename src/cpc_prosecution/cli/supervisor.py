"""`serve` keeps its embedded PostgreSQL alive, and leaves nothing alive after itself.

- `DatabaseSupervisor`: a thread of the `serve` process that notices the embedded server died and
  starts it again (PostgreSQL's crash recovery replays its WAL: nothing committed is lost). After
  `MAX_RESTARTS` starts within `RESTART_WINDOW` seconds, or a start that fails `MAX_RESTARTS` times,
  it gives up: `serve` stops with exit code `EXIT_DATABASE_LOST`, so a service manager restarts it
  (or a person reads why) instead of a process that answers 503 for ever.
- `start_watchdog`: a small child process that stops the embedded server when `serve` dies without
  cleaning up (SIGKILL, OOM killer): the `with` block of `serve` cannot run then.
- Workers exit with `serve` through `cpc_prosecution.process.die_with_serve` (the application calls it,
  and may not import the CLI).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Final

import structlog

from cpc_prosecution.process import SERVE_PID_VARIABLE
from cpc_prosecution.store.embedded import EmbeddedPostgres

__all__ = (
    "EXIT_DATABASE_LOST",
    "MAX_RESTARTS",
    "RESTART_WINDOW",
    "SERVE_PID_VARIABLE",
    "DatabaseSupervisor",
    "start_watchdog",
)

#: Exit code of `serve` when its embedded database died and could not be started again.
EXIT_DATABASE_LOST: Final = 4
#: Starts of the embedded server allowed within `RESTART_WINDOW` seconds before giving up.
MAX_RESTARTS: Final = 3
RESTART_WINDOW: Final = 60.0
#: How often the supervisor looks at the server, and waits between failed starts.
CHECK_INTERVAL: Final = 0.5
RETRY_DELAY: Final = 1.0

_log = structlog.get_logger("cpc_prosecution.serve")


class DatabaseSupervisor(threading.Thread):
    """Watch `server` every `CHECK_INTERVAL` seconds; start it again when it died; `on_give_up()`
    when it cannot be kept running."""

    def __init__(self, server: EmbeddedPostgres, url: str, on_give_up: Callable[[], None]) -> None:
        super().__init__(name="embedded-database-supervisor", daemon=True)
        self.server = server
        self.url = url
        self.on_give_up = on_give_up
        self.gave_up = False
        self.restarts = 0
        self._starts: list[float] = []
        self._stopping = threading.Event()

    def stop(self) -> None:
        self._stopping.set()

    def run(self) -> None:
        while not self._stopping.wait(CHECK_INTERVAL):
            if self.server.alive():
                continue
            _log.warning("embedded_database_died", pid=self.server.pid)
            if not self._start_again():
                self.gave_up = True
                _log.error(
                    "embedded_database_lost",
                    detail=f"the embedded PostgreSQL died and could not be kept running "
                    f"({MAX_RESTARTS} starts within {RESTART_WINDOW:.0f} s); see {self.server.data_dir / 'log'}",
                )
                self.on_give_up()
                return

    def _start_again(self) -> bool:
        while not self._stopping.is_set():
            now = time.monotonic()
            self._starts = [t for t in self._starts if now - t < RESTART_WINDOW]
            if len(self._starts) >= MAX_RESTARTS:
                return False
            self._starts.append(now)
            try:
                url = self.server.restart()
            except Exception as exc:  # the wheel raises whatever pg_ctl or psutil raised
                _log.warning("embedded_database_start_failed", exc_type=type(exc).__name__)
                self._stopping.wait(RETRY_DELAY)
                continue
            if url != self.url:  # the workers hold the old URL: they could not reach this server
                _log.error("embedded_database_moved")
                return False
            self.restarts += 1
            _log.warning("embedded_database_restarted", pid=self.server.pid, restarts=self.restarts)
            return True
        return True


def start_watchdog(data_dir: Path) -> subprocess.Popen[bytes]:
    """A child process that stops the embedded server in `data_dir` once this process is gone and
    holds it no more (`store.embedded.stop_abandoned`). Terminate it on a normal stop."""
    return subprocess.Popen(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "cpc_prosecution.cli.watchdog", str(os.getpid()), str(data_dir)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        start_new_session=True,  # a Ctrl-C at the terminal is for `serve`, not for the watchdog
    )
