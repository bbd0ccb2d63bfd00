"""Benchmark: fold generated case histories into summaries, in events per second.

Generates `--cases` legal histories (default 100,000) of about 12 events each (capped at 10-15) from a
fixed seed with `cpc_prosecution.domain.generate`, then times, `--repeats` times each (default 5):

* baseline: `msgspec.json` decoding of every history (pre-encoded bytes) into `list[CaseEvent]`;
* fold: `summarize(fold(history))` for every history (events already decoded).

It prints medians and the ratio, measured in the same run; `--write docs/performance.md` puts the
results into that file's "Domain fold" section. Garbage collection is paused while timing (as
`timeit` does). Run from the repository root:

    .venv/bin/python benchmarks/fold_histories.py --write docs/performance.md
    .venv/bin/python benchmarks/fold_histories.py --cases 2000 --repeats 3   # quick check
"""

from __future__ import annotations

import argparse
import gc
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import msgspec

from cpc_prosecution.domain import CaseEvent, fold, summarize
from cpc_prosecution.domain.generate import generate_history

START = "<!-- domain-fold:start -->"
END = "<!-- domain-fold:end -->"


def build(cases: int, seed: int) -> list[list[CaseEvent]]:
    """`cases` histories capped at 10 to 15 events (about 12 on average), reproducible from `seed`."""
    master = random.Random(seed)
    return [generate_history(random.Random(master.getrandbits(64)), max_events=10 + i % 6) for i in range(cases)]


def timed(run: Callable[[], None], repeats: int) -> list[float]:
    """Wall-clock seconds of each of `repeats` runs, with the garbage collector paused."""
    times = []
    for _ in range(repeats):
        gc.collect()
        gc.disable()
        try:
            began = time.perf_counter()
            run()
            times.append(time.perf_counter() - began)
        finally:
            gc.enable()
    return times


def machine() -> str:
    """A one-line description of the machine and interpreter."""
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [
            line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines() if line.startswith("model name")
        ]
        if names:
            cpu = f"{names[0]} x {len(names)}"
    system = f"{platform.system()} {platform.release()}"
    return f"{cpu}; {system}; Python {platform.python_version()}; msgspec {msgspec.__version__}"


def report(histories: Sequence[list[CaseEvent]], repeats: int, seed: int, generated_in: float) -> str:
    """Run both measurements and return the markdown section."""
    events = sum(len(h) for h in histories)
    encoded = [msgspec.json.encode(h) for h in histories]
    decoder = msgspec.json.Decoder(list[CaseEvent])

    def decode_all() -> None:
        for raw in encoded:
            decoder.decode(raw)

    def fold_all() -> None:
        for history in histories:
            summarize(fold(history))

    decode_times = timed(decode_all, repeats)
    fold_times = timed(fold_all, repeats)
    decode_s, fold_s = statistics.median(decode_times), statistics.median(fold_times)
    decode_rate, fold_rate = events / decode_s, events / fold_s
    cases = len(histories)
    return "\n".join(
        [
            START,
            "## Domain fold",
            "",
            f"Folding {cases:,} generated histories ({events:,} events, {events / cases:.1f} per case) into "
            f"`CaseSummary` rows; medians of {repeats} repeats, measured in the same run.",
            "",
            "| Measurement | Median events/s | Median time | Per case |",
            "|---|---|---|---|",
            f"| Baseline: `msgspec.json` decode into `list[CaseEvent]` | {decode_rate:,.0f} | {decode_s:.2f} s "
            f"| {decode_s / cases * 1e6:.1f} µs |",
            f"| `summarize(fold(history))` | {fold_rate:,.0f} | {fold_s:.2f} s | {fold_s / cases * 1e6:.1f} µs |",
            "",
            f"Ratio: folding into a summary takes {decode_rate / fold_rate:.1f}x as long as decoding the same "
            "events from JSON (the fold validates every transition, date and accused, and logs clock milestones).",
            "",
            f"- Machine: {machine()}.",
            f"- Histories: `generate_history`, seed {seed}, capped at 10 to 15 events each (generated in "
            f"{generated_in:.0f} s, not timed); garbage collection paused while timing.",
            "- Reproduce: `.venv/bin/python benchmarks/fold_histories.py --write docs/performance.md` "
            "(`--cases 2000` for a quick run).",
            END,
        ]
    )


def write(path: Path, section: str) -> None:
    """Replace (or append) the Domain fold section of `path`."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    if START in text and END in text:
        head, rest = text.split(START, 1)
        text = head + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--cases", type=int, default=100_000, help="number of histories (default 100000)")
    parser.add_argument("--repeats", type=int, default=5, help="timed repeats per measurement (default 5)")
    parser.add_argument("--seed", type=int, default=20_170_411, help="generator seed")
    parser.add_argument("--write", type=Path, help="markdown file whose Domain fold section to replace")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    histories = build(args.cases, args.seed)
    section = report(histories, args.repeats, args.seed, time.perf_counter() - began)
    print(section)
    if args.write is not None:
        write(args.write, section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
