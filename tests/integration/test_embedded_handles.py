"""A `serve` killed with SIGKILL leaves its PID in the embedded server's handle file; the next start
removes it, so later normal stops stop the server again (issue 18: they no longer did)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from cpc_prosecution.store.embedded import HANDLE_FILE, prune_stale_handles


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_the_pids_of_dead_processes_are_removed_and_live_ones_kept(tmp_path: Path) -> None:
    """[this process, a finished one] -> the finished one is reported and removed; a second pass finds
    nothing; a missing or unreadable file is no error."""
    dead = _dead_pid()
    handles = tmp_path / HANDLE_FILE
    handles.write_text(json.dumps([os.getpid(), dead]))
    assert prune_stale_handles(tmp_path) == [dead]
    assert json.loads(handles.read_text()) == [os.getpid()]
    assert prune_stale_handles(tmp_path) == []
    handles.write_text("not json")
    assert prune_stale_handles(tmp_path) == []
    assert prune_stale_handles(tmp_path / "missing") == []
