"""The PostgreSQL server a benchmark runs on, and a fresh database on it that is dropped afterwards.

Without a URL, an embedded server (the same wheel `cpc-prosecution serve` uses) starts in a temporary
folder and is stopped and deleted at the end; with one, that server is used as is.
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from cpc_prosecution.store.embedded import EmbeddedPostgres

__all__ = ("BenchServer", "create_database", "drop_database", "postmaster_pid", "server_facts", "url_for")


def url_for(server_url: str, database: str) -> str:
    """The same server and credentials, another database (TCP and Unix-socket URLs alike)."""
    return urlunsplit(urlsplit(server_url)._replace(path=f"/{database}"))


class BenchServer:
    """The server under test: `start()` returns a URL of its maintenance database; `stop()` is idempotent."""

    def __init__(self, database_url: str | None) -> None:
        self.external_url = database_url
        self._embedded: EmbeddedPostgres | None = None
        self._folder: Path | None = None

    @property
    def kind(self) -> str:
        return "external server (--database-url)" if self.external_url else "embedded server (temporary folder)"

    def start(self) -> str:
        if self.external_url is not None:
            return self.external_url
        # Short path: the server's Unix socket lives in its data folder.
        self._folder = Path(tempfile.mkdtemp(prefix="cpc-bench-", dir="/tmp"))
        self._embedded = EmbeddedPostgres(self._folder / "pgdata")
        return self._embedded.start()

    def stop(self) -> None:
        embedded, self._embedded = self._embedded, None
        folder, self._folder = self._folder, None
        try:
            if embedded is not None:
                embedded.stop()
        finally:
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)


async def create_database(server_url: str) -> tuple[str, str]:
    """Create an empty database; returns (name, URL)."""
    name = f"cpc_bench_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(server_url)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return name, url_for(server_url, name)


async def drop_database(server_url: str, name: str) -> None:
    admin = await asyncpg.connect(server_url)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


async def server_facts(conn: asyncpg.Connection) -> str:
    """Version and the settings that bound write throughput, in one line."""
    version = await conn.fetchval("SHOW server_version")
    settings = []
    for name in ("fsync", "synchronous_commit", "wal_sync_method", "shared_buffers", "max_wal_size"):
        settings.append(f"{name}={await conn.fetchval(f'SHOW {name}')}")
    return f"PostgreSQL {version.split()[0]} ({', '.join(settings)})"


async def postmaster_pid(conn: asyncpg.Connection) -> int | None:
    """The server's main process id if it runs on this machine and /proc shows it, else None."""
    return _postgres_parent(await conn.fetchval("SELECT pg_backend_pid()"))


def _postgres_parent(backend: int) -> int | None:
    try:
        stat = Path(f"/proc/{backend}/stat").read_text()
        parent = int(stat[stat.rindex(")") + 2 :].split()[1])
        comm = Path(f"/proc/{parent}/comm").read_text().strip()
    except (OSError, ValueError):
        return None
    return parent if comm.startswith("postgres") else None
