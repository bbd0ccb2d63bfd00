"""`python -m cpc_prosecution.cli.watchdog SERVE_PID DATA_DIR`: stop the embedded PostgreSQL when
`serve` dies without stopping it (SIGKILL, OOM killer). Started by `serve` (`supervisor.start_watchdog`);
exits quietly when `serve` terminates it on a normal stop."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path
from types import FrameType

from cpc_prosecution.store.embedded import stop_abandoned

POLL_SECONDS = 0.2


def _quit(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)


def main(argv: list[str]) -> int:
    serve_pid, data_dir = int(argv[0]), Path(argv[1])
    signal.signal(signal.SIGTERM, _quit)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while os.getppid() == serve_pid:
        time.sleep(POLL_SECONDS)
    # `serve` is gone without terminating us: it did not stop its server either.
    stop_abandoned(data_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
