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
from cpc_prosecution.services.errors import InvalidInput, NotFound, Refused, Unauthenticated
from cpc_prosecution.store import api_keys as store

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

__all__ = (
    "AUTHENTICATE",
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
_REFUSED: Final = "a valid API key is required (Authorization: Bearer cpc_...)"
#: The audit operation of a withdrawn key's request when the caller names none.
AUTHENTICATE: Final = "Authenticate"


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


async def authenticate(conn: Connection, token: str, *, operation: str = AUTHENTICATE) -> Principal:
    """The principal a token proves, or Unauthenticated (one message for every failure). `operation`
    names the request in the audit entry of a revoked or expired key."""
    principal, _ = await prove_key(conn, token, operation=operation)
    return principal


async def prove_key(
    conn: Connection, token: str, *, operation: str = AUTHENTICATE
) -> tuple[Principal, dt.datetime | None]:
    """`authenticate`, also giving the key's expiry (None: never expires).

    A key that exists and is proved by its secret but is revoked or expired is refused like any
    other, and the attempt is audited (result `revoked_key` or `expired_key`, under that key's id
    and role): an administrator sees who still uses a withdrawn key. An unknown key or a wrong
    secret names no key and leaves no entry (the access log has the 401)."""
    match = _TOKEN.match(token.strip())
    record = None if match is None else await store.find_key(conn, match["prefix"])
    if match is None or record is None or not hmac.compare_digest(record.secret_hash, _hash(match["secret"])):
        raise Unauthenticated(_REFUSED)
    principal = Principal(
        key_id=record.key_id,
        role=Role(record.role),
        offices=frozenset(record.offices),
        regions=frozenset(record.regions),
    )
    now = dt.datetime.now(dt.UTC)
    withdrawn = (
        "revoked_key"
        if record.revoked_at is not None
        else "expired_key"
        if record.expires_at is not None and record.expires_at <= now
        else None
    )
    if withdrawn is not None:
        await audit.record_read(conn, principal, operation, None, result=withdrawn)
        raise Unauthenticated(_REFUSED)
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
    """`revoke_key` for an admin's request: the revocation and its audit entry in one transaction.

    The last active admin key cannot be revoked this way (Refused, 409): nobody could then issue or
    revoke keys through the API. Concurrent revocations are serialised (the key-table lock of
    `bootstrap_admin_key`), so two admins revoking each other leave one. From the server's shell
    (`keys revoke`) it is allowed: whoever has the shell can create another admin key."""
    require_role(principal, Role.ADMIN)
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock($1)", _BOOTSTRAP_LOCK)
        now = dt.datetime.now(dt.UTC)
        active_admins = {
            r.key_id for r in await store.list_keys(conn) if r.role == Role.ADMIN.value and _info(r, now).active
        }
        if active_admins == {key_id}:
            raise Refused(
                "the last active admin key cannot be revoked; issue another admin key first (POST /v1/keys)",
                key_id=str(key_id),
            )
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
