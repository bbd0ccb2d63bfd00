"""Import of case-list files: peak memory beside just reading the file, and rows per second beside the
bulk path's indexed-COPY ceiling measured in the same run (docs/performance.md, "Import").

    .venv/bin/python benchmarks/import_files.py memory [--database-url URL] [--events 100000 --cases 20000]
    .venv/bin/python benchmarks/import_files.py throughput [--database-url URL] [--rows 20000 --repeats 5]

* memory: each measurement runs in a child process of its own and reports that process's resident set
  before the file is opened (the interpreter and the libraries) and its peak (VmHWM, reset to the
  resident set just before the work, so the start-up's own peak does not count). Reading =
  `SheetFile.stream()` over every row; whole sheet = what the importer read before (python-calamine's
  sheet, .xlsx only); import = `import_sheet` of the file into an empty database (everything checked,
  folded and written in one transaction).
* throughput: per repeat, in alternation on one database: the indexed-COPY ceiling (the rows
  `import_cases` writes for the file's cases, captured once, COPY'd under fresh case ids by
  `store.bulk.copy_cases`: no Python work), then `import_sheet` of the file (read, check, group, look the
  dockets up, fold, COPY, register the dockets) into a fresh database. Medians of the repeats.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Final

import asyncpg
from _database import BenchServer, create_database, drop_database
from _import_data import CASES_COLUMNS, cases_rows, events_rows, write_file
from event_store import capture_rows, fresh_copy_rows, indexed_copy, register_reference_data, say

from cpc_prosecution.services.case_import import ImportedCase, import_cases
from cpc_prosecution.services.cases import Recorder
from cpc_prosecution.services.imports import import_sheet, load_registry
from cpc_prosecution.spreadsheets.events_layout import event_columns
from cpc_prosecution.spreadsheets.layouts import ANCHOR, Layout, parse_sheet, settle
from cpc_prosecution.spreadsheets.table import SheetFile
from cpc_prosecution.store.migrate import upgrade
from cpc_prosecution.store.pool import register_codecs

SECRET: Final = b"b" * 32
FILES: Final = Path("/tmp/cpc-import-bench")


class _Recorder:
    """`capture_rows` wants a caller; the import's own recorder."""

    def identity(self, use_case: Any) -> dict[str, Any]:
        return {"recorder": Recorder(client="import")}


def data_file(layout: Layout, count: int, suffix: str, seed: int = 1) -> Path:
    """A generated file (kept between runs: generating 100,000 events takes a while)."""
    FILES.mkdir(exist_ok=True)
    path = FILES / f"{layout}-{count}-{seed}{suffix}"
    if not path.exists():
        say(f"generating {path}")
        partial = path.with_suffix(".part" + suffix)
        if layout == "events":
            write_file(partial, event_columns(), events_rows(count, seed))
        else:
            write_file(partial, CASES_COLUMNS, cases_rows(count, seed))
        partial.rename(path)
    return path


async def prepared_database(server_url: str) -> tuple[str, str]:
    name, url = await create_database(server_url)
    conn = await asyncpg.connect(url)
    try:
        await register_codecs(conn)
        await upgrade(conn)
        await register_reference_data(conn)
    finally:
        await conn.close()
    return name, url


async def import_file(url: str, path: Path, layout: Layout) -> int:
    conn = await asyncpg.connect(url)
    try:
        await register_codecs(conn)
        report = await import_sheet(conn, SheetFile(path, ANCHOR), layout, SECRET)
    finally:
        await conn.close()
    if not report.written or report.parsed.problems:
        raise SystemExit(f"{path.name}: not imported: {report.parsed.problems[:3]}")
    return report.rows_read


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return 0.0


def reset_peak() -> float:
    """Reset this process's peak resident set to its present size (Linux: clear_refs 5), so the peak
    read later is the measured work's, not the interpreter's start-up (imports peak and fall back)."""
    Path("/proc/self/clear_refs").write_text("5")
    return _status_mb("VmRSS")


def child(mode: str, path: Path, layout: Layout, url: str) -> None:
    """One measurement in this (fresh) process; prints JSON."""
    start = reset_peak()
    rows = 0
    if mode == "read":
        rows = sum(1 for _ in SheetFile(path, ANCHOR).stream())
    elif mode == "whole":
        from python_calamine import CalamineWorkbook

        rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).height
    elif mode == "import":
        rows = asyncio.run(import_file(url, path, layout))
    print(json.dumps({"rows": rows, "start_mb": start, "peak_mb": _status_mb("VmHWM")}))


def measure(mode: str, path: Path, layout: Layout, url: str = "") -> dict[str, float]:
    args = [sys.executable, __file__, "_child", mode, str(path), layout, url]
    done = subprocess.run(args, capture_output=True, text=True, check=False, cwd=Path(__file__).parent)
    if done.returncode != 0:
        raise SystemExit(f"{mode} {path.name} failed: {done.stderr[-2000:]}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


async def memory(server_url: str, events: int, cases: int) -> list[str]:
    lines = [
        "| file | rows | process at start (MB) | reading: peak (MB) | whole sheet in calamine: peak (MB) "
        "| import: peak (MB) | import above start (MB) | per row (KB) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    sizes = [("events", n) for n in sorted({events // 4, events // 2, events})] + [("cases", cases)]
    for suffix in (".csv", ".xlsx"):
        for layout, count in sizes:
            path = data_file(layout, count, suffix)  # type: ignore[arg-type]
            read = measure("read", path, layout)  # type: ignore[arg-type]
            whole = measure("whole", path, layout)["peak_mb"] if suffix == ".xlsx" else None  # type: ignore[arg-type]
            name, url = await prepared_database(server_url)
            try:
                done = measure("import", path, layout, url)  # type: ignore[arg-type]
            finally:
                await drop_database(server_url, name)
            above = done["peak_mb"] - done["start_mb"]
            say(f"{path.name}: read {read['peak_mb']:.0f} MB, import {done['peak_mb']:.0f} MB")
            lines.append(
                f"| {layout} {suffix} | {int(done['rows']):,} | {done['start_mb']:.0f} | {read['peak_mb']:.0f} "
                f"| {'' if whole is None else f'{whole:.0f}'} | {done['peak_mb']:.0f} | {above:.0f} "
                f"| {above * 1024 / done['rows']:.2f} |"
            )
    return lines


async def file_cases(url: str, path: Path) -> list[ImportedCase]:
    """The file's cases, read and checked as the import does."""
    conn = await asyncpg.connect(url)
    try:
        parsed = settle(parse_sheet(SheetFile(path, ANCHOR), "events", await load_registry(conn)), {})
        return [ImportedCase(office_id=c.key.office_id, events=list(c.events)) for c in parsed.cases]
    finally:
        await conn.close()


async def timed_bulk(url: str, cases: list[ImportedCase], events: int, workers: int) -> float:
    """Events per second of `import_cases` alone (the bulk path: fold, summarize, COPY)."""
    conn = await asyncpg.connect(url)
    try:
        await register_codecs(conn)
        await conn.execute("CHECKPOINT")
        gc.collect()
        began = time.perf_counter()
        await import_cases(conn, cases, recorder=Recorder(client="import"), workers=workers)
        return events / (time.perf_counter() - began)
    finally:
        await conn.close()


async def throughput(server_url: str, rows: int, repeats: int) -> list[str]:
    path = data_file("events", rows, ".csv")
    name, url = await prepared_database(server_url)
    ceiling: list[float] = []
    imported: list[float] = []
    bulk: dict[int, list[float]] = {0: [], 2: []}
    steps: dict[str, list[float]] = {"read": [], "check": [], "fold": []}
    try:
        cases = await file_cases(url, path)
        conn = await asyncpg.connect(url)
        try:
            registry = await load_registry(conn)
        finally:
            await conn.close()
        conn = await asyncpg.connect(url)
        try:
            await register_codecs(conn)
            prepared = await capture_rows(conn, cases, _Recorder())  # type: ignore[arg-type]
        finally:
            await conn.close()
        events = len(prepared[1])
        for r in range(repeats):
            conn = await asyncpg.connect(url)
            try:
                await register_codecs(conn)
                fresh = await fresh_copy_rows(conn, prepared)
                await conn.execute("CHECKPOINT")
                ceiling.append((await indexed_copy(conn, fresh, events)).rate)
            finally:
                await conn.close()
            for workers, rates in bulk.items():
                rates.append(await timed_bulk(url, cases, events, workers))
            for step, seconds in pure_steps(path, registry).items():
                steps[step].append(seconds)
            target, target_url = await prepared_database(server_url)
            try:
                gc.collect()
                began = time.perf_counter()
                count = await import_file(target_url, path, "events")
                imported.append(count / (time.perf_counter() - began))
            finally:
                await drop_database(server_url, target)
            say(
                f"repeat {r + 1}/{repeats}: indexed COPY {ceiling[-1]:,.0f}/s, import_cases {bulk[0][-1]:,.0f}/s "
                f"(2 workers {bulk[2][-1]:,.0f}/s), file import {imported[-1]:,.0f} rows/s"
            )
    finally:
        await drop_database(server_url, name)

    def share(rates: list[float]) -> str:
        ratios = [x / c for x, c in zip(rates, ceiling, strict=True)]
        return f"{statistics.median(ratios):.0%} ({min(ratios):.0%} to {max(ratios):.0%}) of the ceiling"

    return [
        "| Measurement | Median rows/s | Ratio (median of repeats; min to max) |",
        "|---|---|---|",
        f"| Ceiling: indexed COPY of the rows the import writes ({events:,} events) | "
        f"{statistics.median(ceiling):,.0f} | |",
        f"| Bulk path: `import_cases` of the file's {len(cases):,} cases (fold in a thread beside the COPY) "
        f"| {statistics.median(bulk[0]):,.0f} | {share(bulk[0])} |",
        f"| Bulk path, fold in 2 worker processes (`workers=2`) | {statistics.median(bulk[2]):,.0f} "
        f"| {share(bulk[2])} |",
        f"| `cpc-prosecution import` path: `import_sheet` of a {rows:,}-row events .csv | "
        f"{statistics.median(imported):,.0f} | {share(imported)} |",
        "",
        f"Where a file import's time goes, µs per row (medians; no database): read the row "
        f"{statistics.median(steps['read']) * 1e6 / rows:.1f}, check its cells and group it "
        f"{statistics.median(steps['check']) * 1e6 / rows:.1f}, fold its case to check the history "
        f"{statistics.median(steps['fold']) * 1e6 / rows:.1f}; the whole import "
        f"{1e6 / statistics.median(imported):.1f}, the indexed COPY {1e6 / statistics.median(ceiling):.1f}.",
    ]


def pure_steps(path: Path, registry: Any) -> dict[str, float]:
    """Seconds of the import's steps that need no database: read the rows; read, check and group them
    (`parse_sheet`, which includes the reading); fold every case (`settle`)."""
    began = time.perf_counter()
    for _ in SheetFile(path, ANCHOR).stream():
        pass
    read = time.perf_counter() - began
    began = time.perf_counter()
    grouped = parse_sheet(SheetFile(path, ANCHOR), "events", registry)
    check = time.perf_counter() - began
    began = time.perf_counter()
    settle(grouped, {})
    return {"read": read, "check": check - read, "fold": time.perf_counter() - began}


def main() -> int:
    if sys.argv[1:2] == ["_child"]:
        mode, path, layout, url = sys.argv[2:6]
        child(mode, Path(path), layout, url)  # type: ignore[arg-type]
        return 0
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=("memory", "throughput"))
    parser.add_argument("--database-url", help="an existing server (default: an embedded one)")
    parser.add_argument("--events", type=int, default=100_000, help="rows of the largest events file")
    parser.add_argument("--cases", type=int, default=20_000, help="rows of the cases file")
    parser.add_argument("--rows", type=int, default=20_000, help="rows of the throughput events file")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    server = BenchServer(args.database_url)
    try:
        url = server.start()
        if args.what == "memory":
            lines = asyncio.run(memory(url, args.events, args.cases))
        else:
            lines = asyncio.run(throughput(url, args.rows, args.repeats))
    finally:
        server.stop()
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
