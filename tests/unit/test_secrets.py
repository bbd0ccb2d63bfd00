"""The docket-hash key: from the environment, a file, or (embedded only) a file made once."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from cpc_prosecution.services.secrets import embedded_secret_file, resolve_docket_secret
from cpc_prosecution.settings import Settings, SettingsError


def test_the_environment_key_wins(tmp_path: Path) -> None:
    """CPC_DOCKET_SECRET is used as given, before any file."""
    settings = Settings.from_env({"CPC_DOCKET_SECRET": "k" * 40, "CPC_DATA_DIR": str(tmp_path / "pg")})
    assert resolve_docket_secret(settings) == (b"k" * 40, None)


def test_a_short_environment_key_is_a_settings_error() -> None:
    """Under 32 bytes is refused at start, naming the variable."""
    with pytest.raises(SettingsError, match="CPC_DOCKET_SECRET: must be at least 32 bytes"):
        Settings.from_env({"CPC_DOCKET_SECRET": "short"})


def test_the_embedded_database_gets_a_private_key_file_made_once(tmp_path: Path) -> None:
    """Beside the data folder, mode 0600, 64 hex characters, and the same key on the next start."""
    settings = Settings(data_dir=tmp_path / "cpc" / "pgdata")
    first, path = resolve_docket_secret(settings)
    second, _ = resolve_docket_secret(settings)
    assert path == embedded_secret_file(settings) == tmp_path / "cpc" / "docket-secret"
    assert first == second
    assert len(first) == 64
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_an_external_database_needs_a_configured_key() -> None:
    """A key invented per start would orphan every stored hash, so there is no default."""
    with pytest.raises(SettingsError, match=r"CPC_DOCKET_SECRET_FILE .* required with an external database"):
        resolve_docket_secret(Settings(database_url="postgresql://cpc@db/cpc"))


def test_a_key_file_is_read_and_checked(tmp_path: Path) -> None:
    """The file's content (trimmed) is the key; a missing or short file is a settings error."""
    good = tmp_path / "key"
    good.write_text("a" * 48 + "\n")
    settings = Settings(database_url="postgresql://cpc@db/cpc", docket_secret_file=good)
    assert resolve_docket_secret(settings) == (b"a" * 48, good)
    short = tmp_path / "short"
    short.write_text("abc")
    with pytest.raises(SettingsError, match="fewer than 32 bytes"):
        resolve_docket_secret(Settings(database_url="postgresql://cpc@db/cpc", docket_secret_file=short))
    with pytest.raises(SettingsError, match="cannot read"):
        resolve_docket_secret(Settings(database_url="postgresql://x@db/x", docket_secret_file=tmp_path / "none"))
