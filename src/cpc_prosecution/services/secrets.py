"""Where the docket-hash key comes from.

Order: `CPC_DOCKET_SECRET`, then the file `CPC_DOCKET_SECRET_FILE`, then — only with the embedded
database — a key file created once beside its data folder. With an external database there is no
safe default: a key made up on each start would make every stored docket hash unfindable.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from cpc_prosecution.settings import Settings, SettingsError

__all__ = ("embedded_secret_file", "resolve_docket_secret")


def embedded_secret_file(settings: Settings) -> Path:
    return settings.data_dir.expanduser().absolute().parent / "docket-secret"


def _read(path: Path) -> bytes:
    try:
        key = path.read_bytes().strip()
    except OSError as exc:
        raise SettingsError("docket_secret_file", f"cannot read {path} ({exc.strerror or exc})") from None
    if len(key) < 32:
        raise SettingsError("docket_secret_file", f"{path} holds fewer than 32 bytes")
    return key


def _create(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return  # another process made it first; read theirs
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_hex(32) + "\n")


def resolve_docket_secret(settings: Settings) -> tuple[bytes, Path | None]:
    """The key, and the file it came from (None when it came from the environment)."""
    if settings.docket_secret is not None:
        return settings.docket_secret, None
    if settings.docket_secret_file is not None:
        return _read(settings.docket_secret_file), settings.docket_secret_file
    if settings.uses_embedded_database:
        path = embedded_secret_file(settings)
        if not path.exists():
            _create(path)
        return _read(path), path
    raise SettingsError(
        "docket_secret_file",
        "required with an external database: a file holding >= 32 random bytes (or set CPC_DOCKET_SECRET)",
    )
