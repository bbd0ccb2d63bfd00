"""Throw-away PostgreSQL servers (a primary, its streaming standby, a restored base backup) for the
replica and archiving tests, and the settings and queries docs/operations.md gives for them.

The servers are started with the PostgreSQL programs the machine has: PostgreSQL 15's
(/usr/lib/postgresql/15/bin, or CPC_TEST_PG_BIN) else the embedded server's own. They listen on free
loopback ports only, with trust authentication, in one temporary folder removed afterwards.
PostgreSQL refuses to run as root: under root its programs run as the `postgres` system user (the
folder is made theirs), as docs/operations.md#read-replicas does with `sudo -u postgres`.
"""

from __future__ import annotations

import asyncio
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import asyncpg

from cpc_prosecution.settings import SettingsError
from cpc_prosecution.store.embedded import embedded_bin_dir
from tests.support.server import free_port

#: Server settings of the primary, as docs/operations.md gives them for a replicated primary.
PRIMARY_SETTINGS = ("wal_level = replica", "max_wal_senders = 5", "hot_standby = on", "listen_addresses = '127.0.0.1'")
#: The pg_hba.conf line that lets the standby stream from the primary (loopback only here).
REPLICATION_HBA = "host replication postgres 127.0.0.1/32 trust"
#: The standby's own setting: the primary keeps the rows its running queries still read, so a long
#: metric query is not cancelled by replayed clean-up ("canceling statement due to conflict with recovery").
STANDBY_SETTINGS = ("hot_standby_feedback = on",)
#: docs/operations.md: is the replica streaming (run on the primary)?
REPLICATION_STATUS = "SELECT application_name, state, replay_lag FROM pg_stat_replication;"
#: docs/operations.md, "Continuous archiving": the primary's settings ($ARCHIVE: the archive folder).
ARCHIVING = ("archive_mode = on", "archive_command = 'test ! -f $ARCHIVE/%f && cp %p $ARCHIVE/%f'")
#: docs/operations.md, the restored copy's settings.
RECOVERY = (
    "restore_command = 'cp $ARCHIVE/%f %p'",
    "recovery_target_time = '$TARGET_TIME'",
    "recovery_target_action = 'promote'",
)
#: docs/operations.md, "Partitioning by office": sizes and vacuum state of the tables.
TABLE_SIZES = (
    "SELECT relname, pg_total_relation_size(relid) AS bytes, n_live_tup, n_dead_tup, last_autovacuum "
    "FROM pg_stat_user_tables ORDER BY bytes DESC;"
)
#: docs/operations.md: is the WAL archived?
ARCHIVER_STATUS = "SELECT archived_count, last_archived_wal, failed_count, last_failed_wal FROM pg_stat_archiver;"


def usable_bin_dir() -> tuple[Path | None, str]:
    """A folder with initdb, pg_ctl and pg_basebackup of one version, or None and why not."""
    candidates = [os.environ.get("CPC_TEST_PG_BIN", "/usr/lib/postgresql/15/bin")]
    with suppress(SettingsError):
        candidates.append(str(embedded_bin_dir()))
    for candidate in candidates:
        folder = Path(candidate)
        if all((folder / tool).is_file() for tool in ("initdb", "pg_ctl", "pg_basebackup", "postgres")):
            if os.geteuid() == 0 and _postgres_user() is None:
                return None, "running as root and no `postgres` system user to run PostgreSQL as"
            return folder, ""
    return None, f"no PostgreSQL programs (initdb, pg_ctl, pg_basebackup) in {', '.join(candidates)}"


def _postgres_user() -> pwd.struct_passwd | None:
    try:
        return pwd.getpwnam("postgres")
    except KeyError:
        return None


@dataclass
class Node:
    """One server of the pair: its data folder, port and log file."""

    data_dir: Path
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"


class Cluster:
    """The programs of `bin_dir`, run in `root` (as `postgres` when we are root)."""

    def __init__(self, bin_dir: Path, root: Path) -> None:
        self.bin_dir = bin_dir
        self.root = root
        self._owner = _postgres_user() if os.geteuid() == 0 else None
        self._user = None if self._owner is None else self._owner.pw_name
        self.folder(root)

    def folder(self, path: Path) -> Path:
        """`path` created (mode 0700) and given to the user the servers run as."""
        path.mkdir(mode=0o700, exist_ok=True)
        path.chmod(0o700)
        return self.own(path)

    def own(self, path: Path) -> Path:
        """`path` given to the user the servers run as (when we are root)."""
        if self._owner is not None:
            os.chown(path, self._owner.pw_uid, self._owner.pw_gid)
        return path

    def run(self, tool: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        env = {"PATH": os.environ.get("PATH", ""), "LC_ALL": "C", "TZ": "UTC"}
        return subprocess.run(
            [str(self.bin_dir / tool), *args],
            user=self._user,
            env=env,
            cwd=self.root,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )

    def init_primary(self, extra_settings: Sequence[str] = ()) -> Node:
        """initdb, the replication settings (and `extra_settings`) and pg_hba line, then start."""
        node = Node(self.root / "primary", free_port(), self.root / "primary.log")
        self.run("initdb", "-D", str(node.data_dir), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
        with (node.data_dir / "postgresql.conf").open("a") as conf:
            conf.write("\n".join((*PRIMARY_SETTINGS, *extra_settings)) + "\n")
        self.start(node)
        # As docs/operations.md: the replication line added to the running primary, then a reload.
        with (node.data_dir / "pg_hba.conf").open("a") as hba:
            hba.write(REPLICATION_HBA + "\n")
        self.run("pg_ctl", "reload", "-D", str(node.data_dir))
        return node

    def base_backup(self, primary: Node, name: str, *, standby: bool) -> Node:
        """pg_basebackup of `primary` into `name` (not started); `standby`: with -R (standby.signal and
        primary_conninfo written) and the standby's settings."""
        node = Node(self.root / name, free_port(), self.root / f"{name}.log")
        self.run(
            "pg_basebackup",
            *("-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres"),
            *("-D", str(node.data_dir), "-X", "stream", "-c", "fast", "--no-sync", *(["-R"] if standby else [])),
        )
        if standby:
            with (node.data_dir / "postgresql.auto.conf").open("a") as conf:
                conf.write("\n".join(STANDBY_SETTINGS) + "\n")
        return node

    def base_backup_standby(self, primary: Node) -> Node:
        """A hot standby streaming from `primary`, started."""
        node = self.base_backup(primary, "standby", standby=True)
        self.start(node)
        return node

    def start(self, node: Node) -> None:
        options = f"-p {node.port} -k {self.root} -c fsync=off"
        self.run("pg_ctl", "-D", str(node.data_dir), "-o", options, "-l", str(node.log), "-w", "-t", "30", "start")

    def stop(self, node: Node) -> None:
        if (node.data_dir / "postmaster.pid").exists():
            self.run("pg_ctl", "-D", str(node.data_dir), "-m", "fast", "-w", "-t", "30", "stop")

    def promote(self, node: Node) -> None:
        """End recovery: the standby becomes a primary that accepts writes (docs/operations.md)."""
        self.run("pg_ctl", "-D", str(node.data_dir), "-w", "-t", "30", "promote")

    def kill_all(self) -> None:
        """Immediate stop of whatever still runs in `root` (after a failed test)."""
        for data_dir in self.root.iterdir():
            if (data_dir / "postmaster.pid").exists():
                with suppress(subprocess.SubprocessError):
                    self.run("pg_ctl", "-D", str(data_dir), "-m", "immediate", "-w", "-t", "10", "stop")


async def wait_caught_up(primary_url: str, standby_url: str, within: float = 30.0) -> float:
    """Seconds until the standby replayed everything the primary had written when asked."""
    started = time.monotonic()
    primary = await asyncpg.connect(primary_url)
    standby = await asyncpg.connect(standby_url)
    try:
        target = await primary.fetchval("SELECT pg_current_wal_lsn()")
        while time.monotonic() - started < within:
            behind = await standby.fetchval("SELECT pg_wal_lsn_diff($1::pg_lsn, pg_last_wal_replay_lsn())", target)
            if behind <= 0:
                return time.monotonic() - started
            await asyncio.sleep(0.05)
        raise TimeoutError(f"the standby did not catch up within {within} s")
    finally:
        await primary.close()
        await standby.close()


@contextmanager
def primary_and_standby() -> Iterator[tuple[Cluster, Node, Node]]:
    """A running primary and a hot standby streaming from it; everything stopped and removed on exit."""
    bin_dir, reason = usable_bin_dir()
    if bin_dir is None:
        import pytest

        pytest.skip(reason)
    root = Path(tempfile.mkdtemp(prefix="cpc-repl-", dir="/tmp"))
    cluster = Cluster(bin_dir, root)
    try:
        primary = cluster.init_primary()
        standby = cluster.base_backup_standby(primary)
        yield cluster, primary, standby
    finally:
        cluster.kill_all()
        shutil.rmtree(root, ignore_errors=True)
