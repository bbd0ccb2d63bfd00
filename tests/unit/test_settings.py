"""Settings: read from the environment and flags, validated once, errors naming the setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from cpc_prosecution.settings import Settings, SettingsError, default_data_dir


def test_defaults_use_the_embedded_database_in_the_users_data_folder() -> None:
    """With nothing configured, the embedded server lives under XDG_DATA_HOME."""
    settings = Settings.from_env({"XDG_DATA_HOME": "/srv/data"})
    assert settings.uses_embedded_database
    assert Path("/srv/data/cpc-prosecution/pgdata") == settings.data_dir
    assert (settings.host, settings.port, settings.workers, settings.migrate_on_start) == (
        "127.0.0.1",
        8000,
        1,
        True,
    )


def test_data_dir_falls_back_to_the_home_folder() -> None:
    """Without XDG_DATA_HOME the folder is ~/.local/share/cpc-prosecution/pgdata."""
    assert Path.home() / ".local/share/cpc-prosecution/pgdata" == default_data_dir({})


def test_environment_values_are_parsed() -> None:
    """Every CPC_* variable is read and converted to its type."""
    settings = Settings.from_env(
        {
            "CPC_DATABASE_URL": "postgresql://cpc@db.example:5433/cpc",
            "CPC_PORT": "9000",
            "CPC_WORKERS": "4",
            "CPC_MIGRATE_ON_START": "false",
            "CPC_LOG_LEVEL": "WARNING",
            "CPC_LOG_FORMAT": "json",
            "CPC_DATA_DIR": "/var/lib/cpc",
        }
    )
    assert settings.database_url == "postgresql://cpc@db.example:5433/cpc"
    assert not settings.uses_embedded_database
    assert (settings.port, settings.workers, settings.migrate_on_start) == (9000, 4, False)
    assert (settings.log_level, settings.log_format) == ("warning", "json")
    assert Path("/var/lib/cpc") == settings.data_dir


def test_flags_override_the_environment_and_none_means_not_given() -> None:
    """A CLI flag wins over its variable; an absent flag (None) leaves the variable in force."""
    settings = Settings.from_env({"CPC_PORT": "9000", "CPC_HOST": "0.0.0.0"}, port=9100, host=None)
    assert (settings.port, settings.host) == (9100, "0.0.0.0")


def test_a_unix_socket_url_is_accepted() -> None:
    """The embedded server's URL (host given as a socket folder) is a valid database URL."""
    url = "postgresql://postgres:@/postgres?host=/tmp/pgdata"
    assert Settings(database_url=url).database_url == url


@pytest.mark.parametrize(
    ("env", "setting", "reason"),
    [
        ({"CPC_DATABASE_URL": "not a url"}, "CPC_DATABASE_URL (--database-url)", "malformed URL"),
        ({"CPC_DATABASE_URL": "mysql://db/x"}, "CPC_DATABASE_URL (--database-url)", "expected postgresql://"),
        ({"CPC_DATABASE_URL": "postgresql:///cpc"}, "CPC_DATABASE_URL (--database-url)", "no host"),
        ({"CPC_DATABASE_URL": "postgresql://h:99999/x"}, "CPC_DATABASE_URL (--database-url)", "malformed URL"),
        ({"CPC_PORT": "eighty"}, "CPC_PORT (--port)", "not a whole number"),
        ({"CPC_PORT": "70000"}, "CPC_PORT (--port)", "not a TCP port"),
        ({"CPC_WORKERS": "0"}, "CPC_WORKERS (--workers)", "outside 1-64"),
        ({"CPC_MIGRATE_ON_START": "maybe"}, "CPC_MIGRATE_ON_START (--no-migrate)", "not a boolean"),
        ({"CPC_LOG_LEVEL": "loud"}, "CPC_LOG_LEVEL (--log-level)", "not one of"),
        ({"CPC_LOG_FORMAT": "xml"}, "CPC_LOG_FORMAT (--log-format)", "not one of"),
        ({"CPC_CORS_ORIGINS": "dashboard.example.org"}, "CPC_CORS_ORIGINS", "is not an origin"),
        ({"CPC_RATE_LIMIT_PER_MINUTE": "-1"}, "CPC_RATE_LIMIT_PER_MINUTE", "outside 0-1000000"),
    ],
)
def test_a_bad_value_names_the_setting_and_the_reason(env: dict[str, str], setting: str, reason: str) -> None:
    """The message says which variable/flag to fix and why, in one line."""
    with pytest.raises(SettingsError) as caught:
        Settings.from_env(env)
    message = str(caught.value)
    assert setting in message
    assert reason in message
    assert "\n" not in message


def test_the_error_never_echoes_the_url() -> None:
    """A URL may hold a password, so the message describes it without repeating it."""
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({"CPC_DATABASE_URL": "mysql://admin:s3cret@db/x"})
    assert "s3cret" not in str(caught.value)


def test_settings_are_frozen() -> None:
    """One settings object per process, never mutated after validation."""
    settings = Settings()
    with pytest.raises(AttributeError):
        settings.port = 1  # type: ignore[misc]


def test_cors_origins_are_a_comma_separated_list() -> None:
    """Several dashboards may be allowed; spaces around commas are ignored."""
    settings = Settings.from_env({"CPC_CORS_ORIGINS": "https://a.example.org, https://b.example.org"})
    assert settings.cors_origins == ("https://a.example.org", "https://b.example.org")
