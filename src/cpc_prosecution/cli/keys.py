"""`cpc-prosecution keys create | list | revoke`: manage API keys from the server's shell."""

from __future__ import annotations

import argparse
import datetime as dt
import uuid
from typing import Any

import asyncpg
import msgspec

from cpc_prosecution.cli.common import load_settings, run_with_connection
from cpc_prosecution.domain import JudicialRegion
from cpc_prosecution.services import api_keys
from cpc_prosecution.services.access import Role
from cpc_prosecution.services.api_keys import IssuedKey, KeyInfo, NewKey
from cpc_prosecution.services.errors import ServiceError
from cpc_prosecution.settings import SettingsError
from cpc_prosecution.store.database import provisioned_database

__all__ = ("add_parser",)


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    keys = commands.add_parser("keys", help="manage API keys")
    actions = keys.add_subparsers(dest="keys_command", required=True, metavar="ACTION")
    create = actions.add_parser("create", parents=[common], help="issue a key and print it (shown once)")
    create.add_argument("--role", required=True, choices=[r.value for r in Role])
    create.add_argument("--office", action="append", default=[], help="office id in scope (repeatable)")
    create.add_argument(
        "--region", action="append", default=[], choices=[r.value for r in JudicialRegion], help="judicial region"
    )
    create.add_argument("--expires-at", help="ISO date-time with offset, e.g. 2027-06-30T23:59:59+08:00")
    create.set_defaults(run=_create)
    listing = actions.add_parser("list", parents=[common], help="list keys (prefix, role, scope, state)")
    listing.set_defaults(run=_list)
    revoke = actions.add_parser("revoke", parents=[common], help="revoke a key by its id")
    revoke.add_argument("key_id", type=uuid.UUID)
    revoke.set_defaults(run=_revoke)


def _run(args: argparse.Namespace, work: Any) -> Any:
    settings = load_settings(args)
    with provisioned_database(settings) as url:
        try:
            return run_with_connection(settings, url, work)
        except ServiceError as exc:
            raise SettingsError("key", exc.detail) from None


def _create(args: argparse.Namespace) -> int:
    expires = None
    if args.expires_at:
        try:
            expires = dt.datetime.fromisoformat(args.expires_at)
        except ValueError:
            raise SettingsError("expires_at", f"{args.expires_at!r} is not an ISO date-time") from None
    new = msgspec.convert(
        {"role": args.role, "offices": args.office, "regions": args.region, "expires_at": expires},
        NewKey,
        strict=False,
    )

    async def work(conn: asyncpg.Connection) -> IssuedKey:
        return await api_keys.issue_key(conn, new, created_by=None)

    issued: IssuedKey = _run(args, work)
    print(issued.token)
    print(f"# key {issued.key.key_id} ({issued.key.role.value}); store the line above now: it is not kept")
    return 0


def _describe(key: KeyInfo) -> str:
    scope = ",".join(key.offices + key.regions) or "-"
    state = "active" if key.active else ("revoked" if key.revoked_at else "expired")
    return f"{key.key_id}  cpc_{key.prefix}_…  {key.role.value:8} {state:8} {scope}"


def _list(args: argparse.Namespace) -> int:
    async def work(conn: asyncpg.Connection) -> list[KeyInfo]:
        return await api_keys.list_keys(conn)

    for key in _run(args, work):
        print(_describe(key))
    return 0


def _revoke(args: argparse.Namespace) -> int:
    async def work(conn: asyncpg.Connection) -> KeyInfo:
        return await api_keys.revoke_key(conn, args.key_id)

    print(_describe(_run(args, work)))
    return 0
