"""Finding server processes, to prove that nothing is left running."""

from __future__ import annotations

from pathlib import Path


def postgres_processes_for(data_dir: Path) -> list[int]:
    """PIDs of PostgreSQL processes whose command line names `data_dir`."""
    needle = str(data_dir.resolve()).encode()
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        if b"postgres" in cmdline and needle in cmdline:
            found.append(int(proc.name))
    return found
