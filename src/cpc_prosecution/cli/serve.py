"""`cpc-prosecution serve`: migrate, then run the API with uvicorn; stop the embedded server on exit.

Shutdown is the point of care here: Ctrl-C, SIGTERM (from systemd, Docker, a test) and a crash must
all leave no PostgreSQL process behind, so the embedded server is owned by a `with` block and
SIGTERM is turned into an ordinary exception that unwinds it.
"""

from __future__ import annotations

import argparse
import errno
import os
import signal
import socket
import sys
import threading
from pathlib import Path
from types import FrameType
from typing import Any, Final, NoReturn

import asyncpg
import structlog

from cpc_prosecution.cli.common import load_settings, run_with_connection
from cpc_prosecution.cli.demo import add_demo_options, load_demo
from cpc_prosecution.cli.supervisor import EXIT_DATABASE_LOST, DatabaseSupervisor, start_watchdog
from cpc_prosecution.process import SERVE_PID_VARIABLE
from cpc_prosecution.services.api_keys import IssuedKey, bootstrap_admin_key
from cpc_prosecution.services.secrets import resolve_docket_secret
from cpc_prosecution.settings import Settings, SettingsError
from cpc_prosecution.store.embedded import EmbeddedPostgres
from cpc_prosecution.store.migrate import schema_status, upgrade

__all__ = ("add_parser",)

#: The application is referred to by name only: the library never imports it.
APP_FACTORY: Final = "cpc_api.app:create_app"
DOCS_PATH: Final = "/schema/swagger"
OPENAPI_PATH: Final = "/schema/openapi.json"
#: File name of the first-start admin key, in the folder that holds the embedded database.
ADMIN_KEY_FILE: Final = "first-admin-key"

_log = structlog.get_logger("cpc_prosecution.serve")


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    serve = commands.add_parser("serve", parents=[common], help="run the HTTP API")
    serve.add_argument("--host", help="interface to listen on (env CPC_HOST, default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="TCP port (env CPC_PORT, default 8000)")
    serve.add_argument("--workers", type=int, help="worker processes (env CPC_WORKERS, default 1)")
    serve.add_argument(
        "--docket-secret-file",
        metavar="FILE",
        help="key of the docket-number hashes (env CPC_DOCKET_SECRET_FILE); required with an external database",
    )
    serve.add_argument(
        "--no-migrate",
        dest="migrate_on_start",
        action="store_const",
        const=False,
        help="do not apply pending migrations on start (env CPC_MIGRATE_ON_START=0)",
    )
    serve.add_argument(
        "--demo", action="store_true", help="load the seeded demo dataset first (into an empty database; see `demo`)"
    )
    add_demo_options(serve)
    serve.set_defaults(run=_serve)


#: Set when the supervisor gave up on the embedded database; the exit code then says so.
_database_lost = threading.Event()


def _terminate(signum: int, frame: FrameType | None) -> NoReturn:
    raise SystemExit(EXIT_DATABASE_LOST if _database_lost.is_set() else 0)


def _check_port_free(settings: Settings) -> None:
    """Fail before anything starts (and before the banner) when the port is taken: uvicorn would
    only log the bind error and exit with its own code 3 after the database had started."""
    family = socket.AF_INET6 if ":" in settings.host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds it
        try:
            probe.bind((settings.host, settings.port))
        except OSError as exc:
            reason = "already in use" if exc.errno == errno.EADDRINUSE else (exc.strerror or str(exc))
            raise SettingsError("port", f"cannot listen on {settings.host}:{settings.port}: {reason}") from None


def _give_up() -> None:
    _database_lost.set()
    os.kill(os.getpid(), signal.SIGTERM)  # uvicorn's graceful stop, then `_terminate`


def _serve(args: argparse.Namespace) -> int:
    if args.demo:  # demo data only: the dashboard then shows the published release without a key
        os.environ.setdefault("CPC_PUBLIC_RELEASES", "1")
    settings = load_settings(
        args,
        host=args.host,
        port=args.port,
        workers=args.workers,
        migrate_on_start=args.migrate_on_start,
        docket_secret_file=args.docket_secret_file,
    )
    _, secret_file = resolve_docket_secret(settings)
    if secret_file is not None:
        os.environ["CPC_DOCKET_SECRET_FILE"] = str(secret_file)  # for the worker processes
    _check_port_free(settings)
    # Before the database starts, so a SIGTERM at any moment unwinds the `with` below.
    signal.signal(signal.SIGTERM, _terminate)
    os.environ[SERVE_PID_VARIABLE] = str(os.getpid())  # workers exit with this process
    if settings.database_url is not None:
        if not _prepare(settings, settings.database_url, args):
            return 2
        _run_uvicorn(settings, settings.database_url)
    elif not _serve_embedded(settings, args):
        return 2
    if _database_lost.is_set():
        return EXIT_DATABASE_LOST
    _log.info("stopped")
    return 0


def _prepare(settings: Settings, url: str, args: argparse.Namespace) -> bool:
    """Migrate (and bootstrap the first admin key), then load the demo data when asked; False when
    the demo could not be loaded (its reason is already printed)."""
    _prepare_schema(settings, url)
    return not (args.demo and load_demo(settings, url, args) != 0)


def _serve_embedded(settings: Settings, args: argparse.Namespace) -> bool:
    """The embedded server, watched by the supervisor thread and by a watchdog process. False when
    the demo data could not be loaded."""
    watchdog = None
    supervisor = None
    server = EmbeddedPostgres(settings.data_dir)
    with server as url:
        try:
            watchdog = start_watchdog(server.data_dir)
            if not _prepare(settings, url, args):
                return False
            supervisor = DatabaseSupervisor(server, url, _give_up)
            supervisor.start()
            _run_uvicorn(settings, url)
            return True
        finally:
            if supervisor is not None:
                supervisor.stop()
            if watchdog is not None:
                watchdog.terminate()
                watchdog.wait(timeout=10)


def _prepare_schema(settings: Settings, url: str) -> None:
    async def work(conn: asyncpg.Connection) -> IssuedKey | None:
        if settings.migrate_on_start:
            for migration in await upgrade(conn):
                _log.info("migration_applied", migration=migration.filename)
        else:
            status = await schema_status(conn)
            if not status.current:
                _log.warning("schema_not_current", detail=status.describe())
                return None
        return await bootstrap_admin_key(conn)

    issued = run_with_connection(settings, url, work)
    if issued is not None:
        _hand_over_admin_key(settings, issued)


def admin_key_file(settings: Settings) -> Path:
    """Where the first-start admin key is written when no terminal shows it: beside the docket key."""
    return settings.data_dir.expanduser().absolute().parent / ADMIN_KEY_FILE


def _hand_over_admin_key(settings: Settings, issued: IssuedKey) -> None:
    """Show the first admin key once, on a terminal (stdout); otherwise (a service manager, Docker,
    a redirect to a log file) write it to a file only its owner can read and print where. Never to
    stderr: that is where the JSON log lines go, and log files are kept and shipped."""
    if sys.stdout.isatty():
        print(f"First start: an admin API key was created. Store it now; it is shown only once:\n  {issued.token}")
        return
    path = admin_key_file(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # a file left from an earlier install may have had another mode
    with os.fdopen(fd, "w") as handle:
        handle.write(issued.token + "\n")
    print(
        f"First start: an admin API key was created and written to {path} (mode 0600); "
        "store it elsewhere, then delete that file.",
        file=sys.stderr,
    )


def _tcp_nodelay_listener() -> None:
    """Make uvicorn's multi-worker listener a TCP socket that asyncio will set TCP_NODELAY on.

    With --workers > 1, uvicorn binds the listening socket itself with protocol 0; asyncio only
    disables Nagle's algorithm on accepted sockets whose protocol is IPPROTO_TCP, so every keep-alive
    response after the first waited ~40 ms for a delayed ACK (uvicorn issue #3149). Re-wrapping the
    bound socket with its protocol named fixes it; the single-worker path is unaffected.
    """
    import socket

    from uvicorn.config import Config

    bind = Config.bind_socket
    if getattr(bind, "_cpc_tcp_nodelay", False):
        return

    def bind_socket(self: Config) -> socket.socket:
        sock = bind(self)
        if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.proto == 0:
            sock = socket.socket(sock.family, sock.type, socket.IPPROTO_TCP, fileno=sock.detach())
            sock.set_inheritable(True)
        return sock

    bind_socket._cpc_tcp_nodelay = True  # type: ignore[attr-defined]
    Config.bind_socket = bind_socket  # type: ignore[method-assign]


def _run_uvicorn(settings: Settings, url: str) -> None:
    import uvicorn

    _tcp_nodelay_listener()
    # Worker processes build the app from the environment; hand them the resolved database.
    os.environ["CPC_DATABASE_URL"] = url
    base = f"http://{settings.host}:{settings.port}"
    print(f"cpc-prosecution API on {base}", file=sys.stderr)
    print(f"  interactive API docs: {base}{DOCS_PATH}", file=sys.stderr)
    print(f"  OpenAPI 3.1 schema:   {base}{OPENAPI_PATH}", file=sys.stderr)
    uvicorn.run(
        APP_FACTORY,
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        log_config=None,
        access_log=False,
        server_header=False,
        lifespan="on",
    )
