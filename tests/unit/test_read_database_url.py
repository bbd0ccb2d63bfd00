"""CPC_READ_DATABASE_URL: read like the other settings, refused the same way (one line, exit code 2)."""

from __future__ import annotations

import subprocess

import pytest
from tests.support.server import COMMAND, clean_env

from cpc_prosecution.settings import Settings, SettingsError

PRIMARY = "postgresql://cpc@db-primary.example:5432/cpc"


def test_the_replica_url_is_read_from_the_environment_and_unset_means_none() -> None:
    """Set: every replica route may read there; unset: everything on the primary as before."""
    env = {"CPC_DATABASE_URL": PRIMARY, "CPC_READ_DATABASE_URL": "postgresql://cpc@db-replica.example:5432/cpc"}
    assert Settings.from_env(env).read_database_url == "postgresql://cpc@db-replica.example:5432/cpc"
    assert Settings.from_env({"CPC_DATABASE_URL": PRIMARY}).read_database_url is None


@pytest.mark.parametrize(
    ("env", "reason"),
    [
        ({"CPC_DATABASE_URL": PRIMARY, "CPC_READ_DATABASE_URL": "replica.example"}, "malformed URL"),
        ({"CPC_DATABASE_URL": PRIMARY, "CPC_READ_DATABASE_URL": "mysql://r/x"}, "expected postgresql://"),
        ({"CPC_DATABASE_URL": PRIMARY, "CPC_READ_DATABASE_URL": "postgresql:///cpc"}, "no host"),
        ({"CPC_READ_DATABASE_URL": "postgresql://cpc@r.example/cpc"}, "needs its primary in CPC_DATABASE_URL"),
    ],
)
def test_a_bad_replica_url_names_the_setting_and_never_echoes_the_url(env: dict[str, str], reason: str) -> None:
    """The message names CPC_READ_DATABASE_URL and the reason, on one line, without the URL."""
    with pytest.raises(SettingsError) as caught:
        Settings.from_env(env)
    message = str(caught.value)
    assert message.startswith("invalid setting CPC_READ_DATABASE_URL: ")
    assert reason in message
    assert env["CPC_READ_DATABASE_URL"] not in message


def test_serve_with_a_bad_replica_url_exits_2_with_one_line() -> None:
    """`serve` stops before starting anything, like for any other bad setting."""
    env = clean_env(CPC_DATABASE_URL=PRIMARY, CPC_READ_DATABASE_URL="mysql://admin:s3cret@r/x")
    result = subprocess.run([COMMAND, "serve"], env=env, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines == [lines[0]], result.stderr
    assert "CPC_READ_DATABASE_URL" in lines[0]
    assert "s3cret" not in result.stderr
