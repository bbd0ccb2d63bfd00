"""What every command does first: read settings and reach the database."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import asyncpg

from cpc_prosecution.log import configure_logging
from cpc_prosecution.settings import Settings, SettingsError
from cpc_prosecution.store.database import DatabaseUnavailable, connect

__all__ = ("load_settings", "run_with_connection")

T = TypeVar("T")


def load_settings(args: argparse.Namespace, **extra: Any) -> Settings:
    settings = Settings.from_env(
        database_url=getattr(args, "database_url", None),
        data_dir=getattr(args, "data_dir", None),
        log_level=getattr(args, "log_level", None),
        log_format=getattr(args, "log_format", None),
        **extra,
    )
    configure_logging(settings.log_level, settings.log_format)
    return settings


def run_with_connection(settings: Settings, url: str, work: Callable[[asyncpg.Connection], Awaitable[T]]) -> T:
    """Connect (a failure names the setting to fix), run `work`, close."""

    async def _run() -> T:
        try:
            conn = await connect(url, timeout=settings.connect_timeout)
        except DatabaseUnavailable as exc:
            setting = "database_url" if settings.database_url is not None else "data_dir"
            raise SettingsError(setting, str(exc)) from None
        try:
            return await work(conn)
        finally:
            await conn.close()

    return asyncio.run(_run())
