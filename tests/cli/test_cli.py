"""The `cpc-prosecution` command as a user runs it: a real process, real exit codes."""

from __future__ import annotations

import asyncio
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import asyncpg
import pytest
from tests.support.log_privacy import API_KEY
from tests.support.processes import postgres_processes_for
from tests.support.psgc import SAMPLE_PSGC_CSV, sample_masterlist
from tests.support.server import COMMAND, clean_env, free_port, wait_ready

from cpc_prosecution.store.psgc import loaded_version


def _run(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    full_env = clean_env(**(env or {}))
    return subprocess.run([COMMAND, *args], env=full_env, capture_output=True, text=True, timeout=timeout, check=False)


def test_the_console_script_is_installed() -> None:
    """`pip install` puts `cpc-prosecution` beside the interpreter."""
    result = _run("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("cpc-prosecution ")


@pytest.mark.parametrize(
    ("env", "args", "expected"),
    [
        ({"CPC_DATABASE_URL": "not-a-url"}, ["db", "status"], "CPC_DATABASE_URL (--database-url): malformed URL"),
        ({}, ["db", "status", "--database-url", "mysql://x/y"], "CPC_DATABASE_URL (--database-url): malformed"),
        (
            {
                "CPC_DATABASE_URL": "postgresql://cpc@127.0.0.1:1/cpc",
                "CPC_CONNECT_TIMEOUT": "3",
                "CPC_DOCKET_SECRET": "k" * 32,
            },
            ["serve"],
            "CPC_DATABASE_URL (--database-url): database unreachable: connection refused",
        ),
        (
            {"CPC_DATABASE_URL": "postgresql://cpc@127.0.0.1:1/cpc"},
            ["serve"],
            "CPC_DOCKET_SECRET_FILE (--docket-secret-file): required with an external database",
        ),
        ({"CPC_DATA_DIR": "/proc/version/pgdata"}, ["db", "upgrade"], "CPC_DATA_DIR (--data-dir): cannot write"),
        ({"CPC_PORT": "http"}, ["serve"], "CPC_PORT (--port): 'http' is not a whole number"),
    ],
)
def test_a_bad_setting_stops_with_one_line_and_exit_code_2(env: dict[str, str], args: list[str], expected: str) -> None:
    """The program names the setting and the reason on one stderr line, with no traceback."""
    result = _run(*args, env=env)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert expected in lines[0]
    assert "Traceback" not in result.stderr


@pytest.mark.db
def test_db_upgrade_and_status_on_an_external_database(empty_database_url: str) -> None:
    """`db status` lists pending files (exit 1), `db upgrade` applies them, then status is current (exit 0)."""
    env = {"CPC_DATABASE_URL": empty_database_url}
    before = _run("db", "status", env=env)
    upgraded = _run("db", "upgrade", env=env)
    again = _run("db", "upgrade", env=env)
    after = _run("db", "status", env=env)
    assert before.returncode == 1
    assert "pending  0001_deployment.sql" in before.stdout
    assert (upgraded.returncode, again.returncode, after.returncode) == (0, 0, 0)
    assert "applied 0001_deployment.sql" in upgraded.stdout
    assert "schema already current" in again.stdout
    assert "applied  0001_deployment.sql" in after.stdout
    assert after.stdout.strip().endswith("schema current")


@pytest.mark.parametrize("workers", [1, 2])
def test_serve_on_the_embedded_database_stops_cleanly_on_sigterm(workers: int) -> None:
    """With no database configured, `serve` starts the embedded PostgreSQL, is ready within 60 s,
    and after SIGTERM exits 0 leaving no PostgreSQL process for its data directory; the first admin
    key is in `first-admin-key` (mode 0600) beside the data folder, not on stderr."""
    root = Path(tempfile.mkdtemp(prefix="cpc-serve-", dir="/tmp"))
    data_dir = root / "pgdata"
    port = free_port()
    env = clean_env(CPC_DATA_DIR=str(data_dir), CPC_LOG_FORMAT="json")
    process = subprocess.Popen(
        [COMMAND, "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        ready_after = wait_ready(f"http://127.0.0.1:{port}/readyz", within=60)
        assert ready_after is not None, "not ready within 60 s"
        assert postgres_processes_for(data_dir), "the embedded server should be running"
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
        leftover = postgres_processes_for(data_dir)
    assert process.returncode == 0, err
    assert f"interactive API docs: http://127.0.0.1:{port}/schema/swagger" in err
    # Not a terminal: the first admin key goes to a file only its owner reads, never to stderr (the log).
    key_file = root / "first-admin-key"
    assert API_KEY.findall(err) == []
    assert f"written to {key_file} (mode 0600)" in err
    assert (key_file.stat().st_mode & 0o777) == 0o600
    assert len(API_KEY.findall(key_file.read_text())) == 1
    deadline = time.monotonic() + 10
    while postgres_processes_for(data_dir) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert postgres_processes_for(data_dir) == [], leftover
    shutil.rmtree(root, ignore_errors=True)


def test_serve_reuses_the_embedded_database_on_the_next_start() -> None:
    """The data directory survives a stop: the second start finds its schema already applied."""
    root = Path(tempfile.mkdtemp(prefix="cpc-reuse-", dir="/tmp"))
    env = {"CPC_DATA_DIR": str(root / "pgdata")}
    first = _run("db", "upgrade", env=env)
    second = _run("db", "upgrade", env=env)
    assert first.returncode == 0, first.stderr
    assert "applied 0001_deployment.sql" in first.stdout
    assert "schema already current" in second.stdout
    assert postgres_processes_for(root / "pgdata") == []
    shutil.rmtree(root, ignore_errors=True)


@pytest.mark.db
def test_keys_are_created_listed_and_revoked_from_the_shell(database_url: str) -> None:
    """`keys create` prints the key once; `keys list` shows prefix, role, state and scope, never the
    secret; `keys revoke` marks it revoked; a bad scope is a one-line error with exit code 2."""
    env = {"CPC_DATABASE_URL": database_url}
    created = _run("keys", "create", "--role", "analyst", "--region", "R7", env=env)
    assert created.returncode == 0, created.stderr
    token = created.stdout.splitlines()[0]
    assert API_KEY.fullmatch(token)
    key_id = created.stdout.splitlines()[1].split()[2]
    listed = _run("keys", "list", env=env)
    revoked = _run("keys", "revoke", key_id, env=env)
    bad = _run("keys", "create", "--role", "liaison", env=env)
    assert token not in listed.stdout
    assert f"{key_id}  cpc_{token[4:12]}_" in listed.stdout
    assert "analyst  active   R7" in listed.stdout
    assert "revoked" in revoked.stdout
    assert bad.returncode == 2
    assert "a liaison key needs at least one office" in bad.stderr


@pytest.mark.db
def test_release_build_from_the_shell(database_url: str) -> None:
    """`release build --period` stores the next release of the quarter and prints its id, hidden cells,
    hash and where the time went; an unfinished quarter or a bad threshold is one line, exit code 2,
    and stores nothing."""
    env = {"CPC_DATABASE_URL": database_url}
    built = _run("release", "build", "--period", "2020Q4", "--threshold", "5", env=env)
    again = _run("release", "build", "--period", "2020Q4", env=env)
    # 2020Q3 shares its quarters with both 2020Q4 releases: it is protected jointly with them.
    earlier_quarter = _run("release", "build", "--period", "2020Q3", "--threshold", "5", env=env)
    future = _run("release", "build", "--period", "2099Q1", env=env)
    low = _run("release", "build", "--period", "2020Q3", "--threshold", "2", env=env)
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith("built release 2020Q4.1: 13 tables")
    assert "content hash " in built.stdout
    assert "time: tabulate" in built.stdout
    assert again.stdout.startswith("built release 2020Q4.2")
    assert earlier_quarter.stdout.startswith("built release 2020Q3.1: 7 tables"), earlier_quarter.stderr
    assert (future.returncode, low.returncode) == (2, 2)
    assert "period: 2099Q1 has not ended yet" in future.stderr
    assert "threshold" in low.stderr
    assert len(low.stderr.strip().splitlines()) == 1


@pytest.mark.db
def test_a_dp_release_build_without_usable_opendp_is_one_line_and_exit_2(database_url: str, tmp_path: Path) -> None:
    """`release build --differential-privacy` where OpenDP is missing (here: shadowed by a dist of
    another version, which is refused the same way) or with ε above the cap: one line naming the
    field, exit code 2, nothing stored."""
    shadow = tmp_path / "opendp-0.0.1.dist-info"
    shadow.mkdir()
    (shadow / "METADATA").write_text("Metadata-Version: 2.1\nName: opendp\nVersion: 0.0.1\n")
    env = {"CPC_DATABASE_URL": database_url, "PYTHONPATH": str(tmp_path)}
    missing = _run("release", "build", "--period", "2020Q2", "--differential-privacy", env=env)
    assert missing.returncode == 2, missing.stdout
    assert missing.stderr.startswith("cpc-prosecution: release not built: differential_privacy: ")
    assert len(missing.stderr.strip().splitlines()) == 1
    env = {"CPC_DATABASE_URL": database_url}
    greedy = _run("release", "build", "--period", "2020Q2", "--differential-privacy", "--dp-epsilon", "9", env=env)
    assert greedy.returncode == 2
    assert "dp_epsilon: " in greedy.stderr
    assert len(greedy.stderr.strip().splitlines()) == 1


@pytest.mark.db
def test_a_psgc_masterlist_is_loaded_from_the_shell(database_url: str, tmp_path: Path) -> None:
    """`db load-psgc FILE --edition 2024Q4` loads the areas and says how many; a bad row is refused
    with its line and column, exit 1, and the loaded edition stays as it was."""
    env = {"CPC_DATABASE_URL": database_url}
    loaded = _run("db", "load-psgc", str(SAMPLE_PSGC_CSV), "--edition", "2024Q4", env=env)
    assert loaded.returncode == 0, loaded.stderr
    assert f"loaded PSGC 2024Q4: {len(sample_masterlist().areas)} area(s)" in loaded.stdout
    broken = tmp_path / "broken.csv"
    broken.write_text(SAMPLE_PSGC_CSV.read_text(encoding="utf-8") + "0702269999,Orphan,Bgy,0702269998,\n")
    refused = _run("db", "load-psgc", str(broken), "--edition", "2025Q1", env=env)
    assert refused.returncode == 1
    assert "parent_psgc" in refused.stdout
    assert "nothing loaded" in refused.stdout

    async def edition() -> str | None:
        conn = await asyncpg.connect(database_url)
        try:
            return await loaded_version(conn)
        finally:
            await conn.close()

    assert asyncio.run(edition()) == "2024Q4"
