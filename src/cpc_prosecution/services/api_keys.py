"""API keys: issue (shown once), authenticate, list, revoke; and the first admin key of a new install.

A key reads `cpc_<prefix>_<secret>`. The 8-character prefix is public (it names the key in listings
and in the audit log); the secret is 256 random bits, so one SHA-256 is a sufficient hash — there is
nothing to brute-force, unlike a password.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
import string
import uuid
from typing import TYPE_CHECKING, Final

import msgspec

from cpc_prosecution.domain import JudicialRegion
from cpc_prosecution.services import audit
from cpc_prosecution.services.access import Principal, Role, require_role
from cpc_prosecution.services.errors import InvalidInput, NotFound, Unauthenticated
from cpc_prosecution.store import api_keys as store

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

__all__ = (
    "IssuedKey",
    "KeyInfo",
    "NewKey",
    "authenticate",
    "bootstrap_admin_key",
    "issue_key",
    "issue_key_as_admin",
    "list_keys",
    "prove_key",
    "revoke_key",
    "revoke_key_as_admin",
)

_TOKEN: Final = re.compile(r"^cpc_(?P<prefix>[a-z0-9]{8})_(?P<secret>[A-Za-z0-9_-]{43})$")
_PREFIX_ALPHABET: Final = string.ascii_lowercase + string.digits
_BOOTSTRAP_LOCK: Final = 0x63_70_63_6B_65_79  # "cpckey"


class NewKey(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """What a new key may do: a role and, for case access, its offices and judicial regions."""

    role: Role
    offices: list[str] = []
    regions: list[JudicialRegion] = []
    expires_at: dt.datetime | None = None


class KeyInfo(msgspec.Struct, frozen=True, kw_only=True):
    """A key as listed: never its secret."""

    key_id: uuid.UUID
    prefix: str
    role: Role
    offices: list[str]
    regions: list[str]
    created_at: dt.datetime
    expires_at: dt.datetime | None
    revoked_at: dt.datetime | None
    active: bool


class IssuedKey(msgspec.Struct, frozen=True, kw_only=True):
    """A new key: `token` is shown this once and stored nowhere."""

    token: str
    key: KeyInfo


def _hash(secret: str) -> bytes:
    return hashlib.sha256(secret.encode()).digest()


def _info(record: store.KeyRecord, now: dt.datetime) -> KeyInfo:
    active = record.revoked_at is None and (record.expires_at is None or record.expires_at > now)
    return KeyInfo(
        key_id=record.key_id,
        prefix=record.prefix,
        role=Role(record.role),
        offices=record.offices,
        regions=record.regions,
        created_at=record.created_at,
        expires_at=record.expires_at,
        revoked_at=record.revoked_at,
        active=active,
    )


async def _check_scope(conn: Connection, new: NewKey) -> None:
    if new.role is Role.LIAISON and not new.offices:
        raise InvalidInput("offices", "a liaison key needs at least one office")
    if new.role is Role.ANALYST and not (new.offices or new.regions):
        raise InvalidInput("offices", "an analyst key needs at least one office or region")
    if new.role in (Role.ADMIN, Role.VIEWER) and (new.offices or new.regions):
        raise InvalidInput("offices", f"a {new.role.value} key has no case scope")
    if new.role is Role.LIAISON and new.regions:
        raise InvalidInput("regions", "a liaison key is scoped by office only")
    if new.expires_at is not None and new.expires_at.tzinfo is None:
        raise InvalidInput("expires_at", "must include a timezone offset")
    known = {r["office_id"] for r in await conn.fetch("SELECT office_id FROM prosecution_office")}
    for i, office in enumerate(new.offices):
        if office not in known:
            raise InvalidInput(f"offices[{i}]", f"{office} is not registered (see /v1/offices)")


async def issue_key(conn: Connection, new: NewKey, *, created_by: uuid.UUID | None) -> IssuedKey:
    await _check_scope(conn, new)
    prefix = "".join(secrets.choice(_PREFIX_ALPHABET) for _ in range(8))
    secret = secrets.token_urlsafe(32)
    record = await store.insert_key(
        conn,
        key_id=uuid.uuid4(),
        prefix=prefix,
        secret_hash=_hash(secret),
        role=new.role.value,
        offices=sorted(set(new.offices)),
        regions=sorted({r.value for r in new.regions}),
        created_by=created_by,
        expires_at=new.expires_at,
    )
    return IssuedKey(token=f"cpc_{prefix}_{secret}", key=_info(record, dt.datetime.now(dt.UTC)))


async def issue_key_as_admin(conn: Connection, new: NewKey, *, principal: Principal) -> IssuedKey:
    """`issue_key` for an admin's request: the key and its audit entry in one transaction."""
    require_role(principal, Role.ADMIN)
    async with conn.transaction():
        issued = await issue_key(conn, new, created_by=principal.key_id)
        await audit.record(conn, principal, "CreateApiKey", None)
    return issued


async def authenticate(conn: Connection, token: str) -> Principal:
    """The principal a token proves, or Unauthenticated (one message for every failure)."""
    principal, _ = await prove_key(conn, token)
    return principal


async def prove_key(conn: Connection, token: str) -> tuple[Principal, dt.datetime | None]:
    """`authenticate`, also giving the key's expiry (None: never expires)."""
    match = _TOKEN.match(token.strip())
    record = None if match is None else await store.find_key(conn, match["prefix"])
    now = dt.datetime.now(dt.UTC)
    if (
        match is None
        or record is None
        or not hmac.compare_digest(record.secret_hash, _hash(match["secret"]))
        or record.revoked_at is not None
        or (record.expires_at is not None and record.expires_at <= now)
    ):
        raise Unauthenticated("a valid API key is required (Authorization: Bearer cpc_...)")
    principal = Principal(
        key_id=record.key_id,
        role=Role(record.role),
        offices=frozenset(record.offices),
        regions=frozenset(record.regions),
    )
    return principal, record.expires_at


async def list_keys(conn: Connection) -> list[KeyInfo]:
    now = dt.datetime.now(dt.UTC)
    return [_info(r, now) for r in await store.list_keys(conn)]


async def revoke_key(conn: Connection, key_id: uuid.UUID) -> KeyInfo:
    record = await store.revoke_key(conn, key_id)
    if record is None:
        raise NotFound(f"key {key_id} not found")
    return _info(record, dt.datetime.now(dt.UTC))


async def revoke_key_as_admin(conn: Connection, key_id: uuid.UUID, *, principal: Principal) -> KeyInfo:
    """`revoke_key` for an admin's request: the revocation and its audit entry in one transaction."""
    require_role(principal, Role.ADMIN)
    async with conn.transaction():
        info = await revoke_key(conn, key_id)
        await audit.record(conn, principal, "RevokeApiKey", None)
    return info


async def bootstrap_admin_key(conn: Connection) -> IssuedKey | None:
    """On a database with no keys at all, issue one admin key (once, even with concurrent starts)."""
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock($1)", _BOOTSTRAP_LOCK)
        if await store.count_keys(conn) > 0:
            return None
        return await issue_key(conn, NewKey(role=Role.ADMIN), created_by=None)
