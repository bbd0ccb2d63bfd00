"""`cpc-prosecution demo` as a user runs it: loads once into an empty database, refuses bad options."""

from __future__ import annotations

import subprocess

import asyncpg
import pytest
from tests.support.server import COMMAND, clean_env

pytestmark = pytest.mark.db


def _demo(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = clean_env(CPC_DATABASE_URL=database_url)
    return subprocess.run([COMMAND, "demo", *args], env=env, capture_output=True, text=True, timeout=180, check=False)


async def test_demo_loads_once_and_refuses_bad_options(database_url: str) -> None:
    """Too few courts and a future as-of date are one line with exit code 2 and load nothing; then 120
    cases load and an analyst key is printed; a second run loads nothing and says so."""
    few_courts = _demo(database_url, "--cases", "120", "--courts", "3")
    future = _demo(database_url, "--as-of", "2999-01-01")
    loaded = _demo(database_url, "--cases", "120", "--years", "3", "--seed", "4")
    again = _demo(database_url, "--cases", "120")
    assert (few_courts.returncode, future.returncode) == (2, 2)
    assert "courts must be at least 7" in few_courts.stderr
    assert "after today" in future.stderr
    assert loaded.returncode == 0, loaded.stderr
    assert "demo: 120 cases" in loaded.stderr
    assert "analyst API key" in loaded.stderr
    assert again.returncode == 0
    assert "already holds cases" in again.stderr
    conn = await asyncpg.connect(database_url)
    try:
        assert await conn.fetchval("SELECT count(*) FROM case_file") == 120
        assert await conn.fetchval("SELECT count(*) FROM release") == 1
    finally:
        await conn.close()
