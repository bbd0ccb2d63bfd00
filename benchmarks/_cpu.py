"""CPU time per process tree, from /proc (Linux only; elsewhere every reading is None).

Used to say where an API append spends its CPU: the API workers, the PostgreSQL server, the load
generator, and whatever else ran on the (shared) machine at the same time.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

__all__ = ("CpuSample", "machine_busy_seconds", "sample", "tree_seconds")

_PROC = Path("/proc")
_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat(pid: int) -> tuple[int, int] | None:
    """(ppid, utime+stime+cutime+cstime in ticks) of a process, or None if it is gone or unreadable."""
    try:
        text = (_PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    # The command name is in parentheses and may contain spaces: split after the last ")".
    fields = text[text.rindex(")") + 2 :].split()
    # fields[0] is field 3 (state): ppid is field 4, utime..cstime are fields 14..17.
    return int(fields[1]), sum(int(f) for f in fields[11:15])


def _all_stats() -> dict[int, tuple[int, int]]:
    stats = {}
    for entry in _PROC.iterdir():
        if entry.name.isdigit():
            found = _stat(int(entry.name))
            if found is not None:
                stats[int(entry.name)] = found
    return stats


def _descendants(root: int, stats: Mapping[int, tuple[int, int]]) -> set[int]:
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in stats.items():
        children.setdefault(ppid, []).append(pid)
    tree, todo = set(), [root]
    while todo:
        pid = todo.pop()
        if pid in stats and pid not in tree:
            tree.add(pid)
            todo.extend(children.get(pid, ()))
    return tree


def tree_seconds(roots: Iterable[int]) -> dict[int, float] | None:
    """CPU seconds used so far by each root and its descendants (reaped children included)."""
    if not _PROC.is_dir():
        return None
    stats = _all_stats()
    return {root: sum(stats[p][1] for p in _descendants(root, stats)) / _TICK for root in roots if root in stats}


def machine_busy_seconds() -> float | None:
    """Non-idle CPU seconds of the whole machine since boot, all cores summed."""
    try:
        first = (_PROC / "stat").read_text().splitlines()[0].split()
    except OSError:
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in first[1:9])
    return (user + nice + system + irq + softirq + steal) / _TICK


@dataclass(frozen=True)
class CpuSample:
    """CPU seconds at one moment: per named process tree, this process, and the whole machine."""

    trees: dict[str, float]
    own: float
    machine: float | None

    def __sub__(self, before: CpuSample) -> CpuSample:
        return CpuSample(
            trees={k: v - before.trees[k] for k, v in self.trees.items() if k in before.trees},
            own=self.own - before.own,
            machine=None if self.machine is None or before.machine is None else self.machine - before.machine,
        )


def sample(named_roots: Mapping[str, int | None]) -> CpuSample:
    """CPU seconds of each named tree (roots that are None or not visible here are left out)."""
    roots = {name: pid for name, pid in named_roots.items() if pid is not None}
    seconds = tree_seconds(roots.values()) or {}
    times = os.times()
    return CpuSample(
        trees={name: seconds[pid] for name, pid in roots.items() if pid in seconds},
        own=times.user + times.system,
        machine=machine_busy_seconds(),
    )
