"""Running `cpc-prosecution serve` as a real process for tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

COMMAND = str(Path(sys.executable).parent / "cpc-prosecution")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_ready(url: str, within: float) -> float | None:
    """Seconds until `url` answered 200, or None if it did not within `within` seconds."""
    started = time.monotonic()
    while time.monotonic() - started < within:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return time.monotonic() - started
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    return None


def status_of(url: str) -> int | None:
    """HTTP status of GET `url`, or None when nothing answers within 2 s."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            status: int = response.status
            return status
    except urllib.error.HTTPError as exc:
        return exc.code
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CPC_")}
    env.update(extra)
    return env


@contextmanager
def running_server(database_url: str, *, workers: int = 2, secret: str = "r" * 32, **settings: str) -> Iterator[str]:
    """`serve` on a free port against `database_url` (other CPC_* `settings` as given); yields its
    base URL; SIGTERM on exit."""
    port = free_port()
    env = clean_env(
        CPC_DATABASE_URL=database_url,
        CPC_DOCKET_SECRET=secret,
        CPC_LOG_LEVEL=os.environ.get("CPC_TEST_SERVER_LOG_LEVEL", "warning"),
        # Load tests hammer one key on purpose; rate limiting has its own test.
        CPC_RATE_LIMIT_PER_MINUTE="0",
        **settings,
    )
    # A file, not a pipe: a pipe nobody reads fills up and blocks the server's logging.
    log = tempfile.NamedTemporaryFile(prefix="cpc-serve-", suffix=".log", delete=False)  # noqa: SIM115
    process = subprocess.Popen(
        [COMMAND, "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        if wait_ready(f"{base}/readyz", within=60) is None:
            process.kill()
            process.communicate()
            raise RuntimeError(f"server not ready: {Path(log.name).read_text()[-2000:]}")
        yield base
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.communicate()
        log.close()
        Path(log.name).unlink(missing_ok=True)


def wait_until(condition: Callable[[], bool], within: float, step: float = 0.2) -> bool:
    """Whether `condition` became true within `within` seconds, polled every `step`."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()
