"""Runtime settings: one frozen object, read from the environment and CLI flags, validated at start.

A bad value stops the program with a one-line message that names the setting (its environment
variable and its flag) and the reason; the CLI turns that into exit code 2.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Final, Literal
from urllib.parse import parse_qs, urlsplit

__all__ = ("LogFormat", "Settings", "SettingsError", "default_data_dir")

LogFormat = Literal["auto", "json", "console"]

_TRUE: Final = frozenset({"1", "true", "yes", "on"})
_FALSE: Final = frozenset({"0", "false", "no", "off"})
_LOG_LEVELS: Final = ("debug", "info", "warning", "error")
_LOG_FORMATS: Final = ("auto", "json", "console")

#: Environment variable and CLI flag of each setting, so an error can name both.
SETTING_SOURCES: Final[Mapping[str, tuple[str, str]]] = {
    "database_url": ("CPC_DATABASE_URL", "--database-url"),
    "read_database_url": ("CPC_READ_DATABASE_URL", ""),
    "data_dir": ("CPC_DATA_DIR", "--data-dir"),
    "host": ("CPC_HOST", "--host"),
    "port": ("CPC_PORT", "--port"),
    "workers": ("CPC_WORKERS", "--workers"),
    "migrate_on_start": ("CPC_MIGRATE_ON_START", "--no-migrate"),
    "log_level": ("CPC_LOG_LEVEL", "--log-level"),
    "log_format": ("CPC_LOG_FORMAT", "--log-format"),
    "pool_max_size": ("CPC_POOL_MAX_SIZE", "--pool-max-size"),
    "connect_timeout": ("CPC_CONNECT_TIMEOUT", "--connect-timeout"),
    "statement_timeout": ("CPC_STATEMENT_TIMEOUT", ""),
    "docket_secret": ("CPC_DOCKET_SECRET", ""),
    "docket_secret_file": ("CPC_DOCKET_SECRET_FILE", "--docket-secret-file"),
    "rate_limit_per_minute": ("CPC_RATE_LIMIT_PER_MINUTE", ""),
    "cors_origins": ("CPC_CORS_ORIGINS", ""),
    "public_releases": ("CPC_PUBLIC_RELEASES", ""),
}


class SettingsError(ValueError):
    """A setting has a value the program cannot run with."""

    def __init__(self, setting: str, reason: str) -> None:
        self.setting = setting
        self.reason = reason
        env, flag = SETTING_SOURCES.get(setting, (setting, ""))
        label = f"{env} ({flag})" if flag else env
        super().__init__(f"invalid setting {label}: {reason}")


def default_data_dir(env: Mapping[str, str] | None = None) -> Path:
    """Per-user folder of the embedded PostgreSQL (XDG base directory convention)."""
    env = os.environ if env is None else env
    base = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "cpc-prosecution" / "pgdata"


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Everything the program reads from its environment, validated once."""

    database_url: str | None = None
    """External PostgreSQL 15+; None means the embedded server in `data_dir`."""
    read_database_url: str | None = None
    """A streaming replica of `database_url` for metric, case-listing, worklist and release reads;
    None: every read on the primary (docs/operations.md#read-replicas)."""
    data_dir: Path = field(default_factory=default_data_dir)
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    migrate_on_start: bool = True
    log_level: str = "info"
    log_format: LogFormat = "auto"
    pool_max_size: int = 10
    connect_timeout: float = 10.0
    statement_timeout: float = 5.0
    """Seconds an API request may wait for a pooled connection, and each of its statements may run; past
    it the request is answered 503 (docs/operations.md#faults)."""
    docket_secret: bytes | None = field(default=None, repr=False)
    """Key of the docket-number hashes (>= 32 bytes); never stored in the database."""
    docket_secret_file: Path | None = None
    """File holding that key; with the embedded database a new one is created beside the data folder."""
    rate_limit_per_minute: int = 600
    """Requests per minute per API key (per address without a key) and per worker; 0 turns it off."""
    cors_origins: tuple[str, ...] = ()
    """Browser origins allowed to call the API (CORS); empty means CORS is off."""
    public_releases: bool = False
    """Anyone may read stored releases (GET /v1/releases...) without an API key; off: any valid key."""

    def __post_init__(self) -> None:
        if self.database_url is not None:
            _check_database_url(self.database_url)
        if self.read_database_url is not None:
            _check_database_url(self.read_database_url, "read_database_url")
            if self.database_url is None:
                raise SettingsError("read_database_url", "a replica needs its primary in CPC_DATABASE_URL")
        if not 0 < self.port < 65536:
            raise SettingsError("port", f"{self.port} is not a TCP port (1-65535)")
        if not 1 <= self.workers <= 64:
            raise SettingsError("workers", f"{self.workers} is outside 1-64")
        if self.log_level not in _LOG_LEVELS:
            raise SettingsError("log_level", f"{self.log_level!r} is not one of {', '.join(_LOG_LEVELS)}")
        if self.log_format not in _LOG_FORMATS:
            raise SettingsError("log_format", f"{self.log_format!r} is not one of {', '.join(_LOG_FORMATS)}")
        if not 1 <= self.pool_max_size <= 500:
            raise SettingsError("pool_max_size", f"{self.pool_max_size} is outside 1-500")
        if not 0 < self.connect_timeout <= 300:
            raise SettingsError("connect_timeout", f"{self.connect_timeout} is outside (0, 300] seconds")
        if not 0 < self.statement_timeout <= 3600:
            raise SettingsError("statement_timeout", f"{self.statement_timeout} is outside (0, 3600] seconds")
        if not 0 <= self.rate_limit_per_minute <= 1_000_000:
            raise SettingsError("rate_limit_per_minute", f"{self.rate_limit_per_minute} is outside 0-1000000")
        for origin in self.cors_origins:
            if not (origin.startswith(("https://", "http://")) and " " not in origin) or origin.endswith("/"):
                raise SettingsError("cors_origins", f"{origin!r} is not an origin like https://dashboard.example.org")
        if self.docket_secret is not None and len(self.docket_secret) < 32:
            raise SettingsError("docket_secret", "must be at least 32 bytes (e.g. 64 hex characters)")

    @property
    def uses_embedded_database(self) -> bool:
        return self.database_url is None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Read the environment, then apply CLI overrides (a None override means "not given")."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for name, (var, _flag) in SETTING_SOURCES.items():
            raw = env.get(var)
            if raw is not None and raw.strip() != "":
                values[name] = _parse(name, raw.strip())
        if "data_dir" not in values:
            values["data_dir"] = default_data_dir(env)
        values.update({k: v for k, v in overrides.items() if v is not None})
        for key in ("data_dir", "docket_secret_file"):
            if isinstance(values.get(key), str):
                values[key] = Path(values[key])
        return cls(**values)

    def with_database_url(self, url: str) -> Settings:
        return replace(self, database_url=url)


def _parse(name: str, raw: str) -> Any:
    if name == "cors_origins":
        return tuple(o.strip() for o in raw.split(",") if o.strip())
    if name in ("port", "workers", "pool_max_size", "rate_limit_per_minute"):
        try:
            return int(raw)
        except ValueError:
            raise SettingsError(name, f"{raw!r} is not a whole number") from None
    if name in ("connect_timeout", "statement_timeout"):
        try:
            return float(raw)
        except ValueError:
            raise SettingsError(name, f"{raw!r} is not a number of seconds") from None
    if name in ("migrate_on_start", "public_releases"):
        low = raw.lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        raise SettingsError(name, f"{raw!r} is not a boolean (1/0, true/false)")
    if name in ("data_dir", "docket_secret_file"):
        return Path(raw).expanduser()
    if name == "docket_secret":
        return raw.encode()
    if name in ("log_level", "log_format"):
        return raw.lower()
    return raw


def _check_database_url(url: str, setting: str = "database_url") -> None:
    """Reject a malformed URL before anything tries to connect; never echo the URL (it may hold a password)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise SettingsError(setting, f"malformed URL ({exc})") from None
    if parts.scheme not in ("postgresql", "postgres"):
        raise SettingsError(setting, "malformed URL: expected postgresql://user@host:port/dbname")
    has_socket_host = "host" in parse_qs(parts.query)
    if not parts.hostname and not has_socket_host:
        raise SettingsError(setting, "malformed URL: no host (postgresql://user@host:port/dbname)")
    if port is not None and port == 0:
        raise SettingsError(setting, "malformed URL: port 0")
