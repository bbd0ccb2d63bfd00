"""Schema migrations: numbered plain SQL files shipped in the package, applied by a small runner.

Every upgrade runs in one transaction under an advisory lock, so concurrent starts (several API
replicas, a CLI run beside a server) apply each file exactly once, and a failure leaves nothing
half-applied. The ledger keeps each file's SHA-256: an applied file that has since changed is a hard
error, because the database would no longer match what the code believes it is.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

__all__ = (
    "AppliedMigration",
    "Migration",
    "MigrationError",
    "SchemaStatus",
    "packaged_migrations",
    "schema_status",
    "upgrade",
)

LEDGER_TABLE: Final = "schema_migration"
# Derived from the package name so it will not collide with other applications' advisory locks.
ADVISORY_LOCK_KEY: Final = int.from_bytes(hashlib.sha256(b"cpc_prosecution.migrate").digest()[:8], "big", signed=True)
_FILE_NAME: Final = re.compile(r"^(?P<version>\d{4})_(?P<name>[a-z0-9_]+)\.sql$")

_LEDGER_DDL: Final = f"""
CREATE TABLE IF NOT EXISTS {LEDGER_TABLE} (
    version    integer     PRIMARY KEY,
    name       text        NOT NULL,
    checksum   text        NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
)
"""


class MigrationError(RuntimeError):
    """The database's schema history and the packaged migrations disagree."""


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()

    @property
    def filename(self) -> str:
        return f"{self.version:04d}_{self.name}.sql"


@dataclass(frozen=True, slots=True)
class AppliedMigration:
    version: int
    name: str
    checksum: str


@dataclass(frozen=True, slots=True)
class SchemaStatus:
    applied: tuple[AppliedMigration, ...]
    pending: tuple[Migration, ...]
    changed: tuple[Migration, ...]
    """Applied files whose packaged text no longer matches the checksum in the ledger."""
    unknown: tuple[AppliedMigration, ...]
    """Applied versions this program does not ship: the database belongs to a newer release."""

    @property
    def current(self) -> bool:
        return not (self.pending or self.changed or self.unknown)

    def describe(self) -> str:
        if self.changed:
            return f"applied migration changed since it was applied: {', '.join(m.filename for m in self.changed)}"
        if self.unknown:
            return (
                f"database has migrations this version does not know: {', '.join(str(a.version) for a in self.unknown)}"
            )
        if self.pending:
            return f"{len(self.pending)} migration(s) pending"
        return "schema current"


def packaged_migrations() -> tuple[Migration, ...]:
    """The migrations shipped with this version, in order; a misnamed or duplicate file is an error."""
    found: dict[int, Migration] = {}
    for entry in resources.files("cpc_prosecution.store.migrations").iterdir():
        if not entry.name.endswith(".sql"):
            continue
        match = _FILE_NAME.match(entry.name)
        if match is None:
            raise MigrationError(f"migration file {entry.name!r} is not named NNNN_snake_case.sql")
        version = int(match["version"])
        if version in found:
            raise MigrationError(f"two migration files share version {version:04d}")
        found[version] = Migration(version, match["name"], entry.read_text(encoding="utf-8"))
    return tuple(found[v] for v in sorted(found))


def _compare(applied: list[AppliedMigration], shipped: tuple[Migration, ...]) -> SchemaStatus:
    by_version = {m.version: m for m in shipped}
    applied_versions = {a.version for a in applied}
    changed = tuple(
        by_version[a.version]
        for a in applied
        if a.version in by_version and by_version[a.version].checksum != a.checksum
    )
    unknown = tuple(a for a in applied if a.version not in by_version)
    pending = tuple(m for m in shipped if m.version not in applied_versions)
    return SchemaStatus(applied=tuple(applied), pending=pending, changed=changed, unknown=unknown)


async def _read_ledger(conn: Connection) -> list[AppliedMigration]:
    rows = await conn.fetch(f"SELECT version, name, checksum FROM {LEDGER_TABLE} ORDER BY version")  # noqa: S608
    return [AppliedMigration(r["version"], r["name"], r["checksum"]) for r in rows]


async def schema_status(conn: Connection, shipped: tuple[Migration, ...] | None = None) -> SchemaStatus:
    """Compare the ledger with the packaged files without changing anything."""
    shipped = packaged_migrations() if shipped is None else shipped
    exists = await conn.fetchval("SELECT to_regclass($1) IS NOT NULL", LEDGER_TABLE)
    applied = await _read_ledger(conn) if exists else []
    return _compare(applied, shipped)


async def upgrade(conn: Connection, shipped: tuple[Migration, ...] | None = None) -> list[Migration]:
    """Apply every pending migration in one transaction; return the ones this call applied."""
    shipped = packaged_migrations() if shipped is None else shipped
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock($1)", ADVISORY_LOCK_KEY)
        await conn.execute(_LEDGER_DDL)
        status = _compare(await _read_ledger(conn), shipped)
        if status.changed or status.unknown:
            raise MigrationError(status.describe())
        for migration in status.pending:
            try:
                await conn.execute(migration.sql)
            except Exception as exc:
                raise MigrationError(f"{migration.filename} failed: {exc}") from exc
            await conn.execute(
                f"INSERT INTO {LEDGER_TABLE} (version, name, checksum) VALUES ($1, $2, $3)",  # noqa: S608
                migration.version,
                migration.name,
                migration.checksum,
            )
        return list(status.pending)
