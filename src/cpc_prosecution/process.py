"""A worker process of `serve` exits when `serve` dies, instead of serving the port on its own.

Here, not in the CLI, because the application calls it in each worker and never imports the CLI.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from typing import Final

__all__ = ("SERVE_PID_VARIABLE", "die_with_serve")

#: Environment variable through which workers learn the PID of their `serve` process.
SERVE_PID_VARIABLE: Final = "CPC_SERVE_PID"
_PR_SET_PDEATHSIG: Final = 1


def die_with_serve() -> None:
    """In a worker process of `serve`: receive SIGTERM (uvicorn's graceful stop) when `serve` dies.

    A no-op outside such a worker (tests, `serve --workers 1`, where uvicorn runs in `serve` itself)."""
    raw = os.environ.get(SERVE_PID_VARIABLE)
    if not raw or not raw.isdigit() or int(raw) == os.getpid() or not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != int(raw):  # `serve` died before prctl took effect
        os.kill(os.getpid(), signal.SIGTERM)
