"""`release`, `release_table`, `release_internal`: stored releases, written once and never changed.

Public documents are kept as the exact bytes built once; reads return them untouched.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal

import msgspec

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

__all__ = (
    "InternalRelease",
    "ReleaseRow",
    "earlier_internals",
    "first_of_year",
    "insert_release",
    "next_revision",
    "read_document",
    "read_releases",
    "read_table",
    "try_lock_year",
)


class ReleaseRow(msgspec.Struct, frozen=True, kw_only=True):
    release_id: str
    period: str
    revision: int
    catalogue_version: str
    parameters: dict[str, Any]
    data_cutoff: dt.date
    built_at: dt.datetime
    built_by: str
    content_hash: str


class InternalRelease(msgspec.Struct, frozen=True, kw_only=True):
    """The encoded true tables and pattern of a release (msgpack); never served."""

    release_id: str
    geography: bytes
    tables: bytes
    protection: bytes


async def try_lock_year(conn: Connection, year: int) -> bool:
    """Take the lock that serialises builds of one year's releases (they are audited together)
    until the transaction ends; False at once, without waiting, when another build holds it."""
    taken: bool = await conn.fetchval("SELECT pg_try_advisory_xact_lock(hashtext('cpc-release'), $1)", year)
    return taken


async def first_of_year(conn: Connection, year: int, catalogue_version: str) -> ReleaseRow | None:
    """The first release of `year` built under `catalogue_version`: it fixed the year's policy."""
    row = await conn.fetchrow(
        """SELECT release_id, period, revision, catalogue_version, parameters, data_cutoff, built_at, built_by,
                  content_hash
           FROM release WHERE left(period, 4) = $1 AND catalogue_version = $2
           ORDER BY built_at, period, revision LIMIT 1""",
        f"{year:04d}",
        catalogue_version,
    )
    return None if row is None else ReleaseRow(**dict(row))


async def next_revision(conn: Connection, period: str) -> int:
    value = await conn.fetchval("SELECT coalesce(max(revision), 0) + 1 FROM release WHERE period = $1", period)
    return int(value)


async def earlier_internals(conn: Connection, year: int) -> list[InternalRelease]:
    """The internal records of every release of `year`, in the order they were built."""
    rows = await conn.fetch(
        """SELECT i.release_id, i.geography, i.tables, i.protection
           FROM release_internal AS i JOIN release AS r USING (release_id)
           WHERE left(r.period, 4) = $1 ORDER BY r.built_at, r.period, r.revision""",
        f"{year:04d}",
    )
    return [InternalRelease(**dict(row)) for row in rows]


async def insert_release(
    conn: Connection,
    row: ReleaseRow,
    *,
    document: bytes,
    tables: list[tuple[str, bytes, bytes]],
    internal: InternalRelease,
) -> None:
    """Store a release: metadata and index document, each table's JSON and CSV, the internal record."""
    await conn.execute(
        """INSERT INTO release (release_id, period, revision, catalogue_version, parameters, data_cutoff,
                                built_at, built_by, content_hash, document)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)""",
        row.release_id,
        row.period,
        row.revision,
        row.catalogue_version,
        row.parameters,
        row.data_cutoff,
        row.built_at,
        row.built_by,
        row.content_hash,
        document,
    )
    await conn.executemany(
        "INSERT INTO release_table (release_id, table_id, json, csv) VALUES ($1, $2, $3, $4)",
        [(row.release_id, table_id, json, csv) for table_id, json, csv in tables],
    )
    await conn.execute(
        "INSERT INTO release_internal (release_id, geography, tables, protection) VALUES ($1, $2, $3, $4)",
        internal.release_id,
        internal.geography,
        internal.tables,
        internal.protection,
    )


async def read_releases(conn: Connection) -> list[ReleaseRow]:
    """Every stored release, newest period first, then newest revision."""
    rows = await conn.fetch(
        """SELECT release_id, period, revision, catalogue_version, parameters, data_cutoff, built_at, built_by,
                  content_hash
           FROM release ORDER BY period DESC, revision DESC"""
    )
    return [ReleaseRow(**dict(row)) for row in rows]


async def read_document(conn: Connection, release_id: str) -> bytes | None:
    value: bytes | None = await conn.fetchval("SELECT document FROM release WHERE release_id = $1", release_id)
    return value


async def read_table(conn: Connection, release_id: str, table_id: str, fmt: Literal["json", "csv"]) -> bytes | None:
    column = "json" if fmt == "json" else "csv"
    value: bytes | None = await conn.fetchval(
        f"SELECT {column} FROM release_table WHERE release_id = $1 AND table_id = $2",  # noqa: S608 - fixed column
        release_id,
        table_id,
    )
    return value
