"""The "Metrics API" section of docs/performance.md, from a `metrics_api.Results`."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ("GROWTH_NOISE", "report", "write")

#: Allowance on the growth target for timing noise (the machine is shared; see the plain queries' growth).
GROWTH_NOISE = 0.25


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f}" if seconds < 10 else f"{seconds * 1000:,.0f}"


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "**FAIL**"


def _scale(n: int) -> str:
    return f"{n // 1_000_000}M" if n >= 1_000_000 and n % 1_000_000 == 0 else f"{n // 1_000}k"


def report(results: Any, params: Any, metric_ids: Sequence[str], context: dict[str, str], target: float) -> str:
    """Markdown: one table per scale (plain, API, ratio), then API growth between scales."""
    med = {key: statistics.median(v) for key, v in results.api.items()}
    plain = {key: statistics.median(v) for key, v in results.plain.items()}
    lines = [
        context["start"],
        "## Metrics API",
        "",
        f"Each metric through `GET /v1/metrics/{{id}}?period={context['period']}` (analyst key, scope covering "
        f"every case, one keep-alive connection, `serve --workers {context['workers']}`) beside a plain "
        f"hand-written SQL query for the same figures on the same data in the same run; medians of "
        f"{params.repeats} repeats after a warm-up, wall milliseconds.",
        "",
    ]
    misses: list[str] = []
    for scale in params.scales:
        lines += [
            f"**{scale:,} cases** (set up in {results.setup_seconds[scale]:.0f} s)",
            "",
            "| Metric | plain SQL ms | API ms | API / plain | target | result |",
            "|---|---|---|---|---|---|",
        ]
        for metric in metric_ids:
            ratio = med[(scale, metric)] / plain[(scale, metric)]
            ok = ratio <= target
            if not ok:
                misses.append(f"{metric} at {_scale(scale)}")
            lines.append(
                f"| `{metric}` | {_ms(plain[(scale, metric)])} | {_ms(med[(scale, metric)])} | {ratio:.2f} "
                f"| ≤ {target} | {_verdict(ok)} |"
            )
        lines.append("")
        if scale == params.scales[0]:
            compared = ", ".join(f"`{m}` {k}/{n}" for m, (k, n) in results.compared.items())
            lines += [
                f"Same figures: at {scale:,} cases every plain query's figures equal the API response's (checked in "
                "the run, which stops otherwise); ungrouped cells compared / cells in the response: "
                f"{compared}.",
                "",
            ]
    if len(params.scales) > 1:
        steps = list(zip(params.scales, params.scales[1:], strict=False))
        head = " | ".join(f"API {_scale(a)} → {_scale(b)} (x{b // a})" for a, b in steps)
        plain_head = " | ".join(f"plain {_scale(a)} → {_scale(b)}" for a, b in steps)
        lines += [
            "Growth of the median time with the case count (target: API no faster than linear, i.e. the factor "
            f"at most the case-count factor; PASS allows {GROWTH_NOISE:.0%} for timing noise on this shared "
            "machine, which the plain queries' own growth shows):",
            "",
            f"| Metric | {head} | {plain_head} | result |",
            "|---|" + "---|" * (2 * len(steps)) + "---|",
        ]
        for metric in metric_ids:
            api_f = [med[(b, metric)] / med[(a, metric)] for a, b in steps]
            plain_f = [plain[(b, metric)] / plain[(a, metric)] for a, b in steps]
            ok = all(f <= (1 + GROWTH_NOISE) * b / a for f, (a, b) in zip(api_f, steps, strict=True))
            lines.append(
                f"| `{metric}` | {' | '.join(f'x{f:.1f}' for f in api_f)} | "
                f"{' | '.join(f'x{f:.1f}' for f in plain_f)} | {_verdict(ok)} |"
            )
        lines.append("")
    lines += [
        "Ratio target missed: " + (", ".join(misses) if misses else "none") + ".",
        "",
        f"- Machine: {context['machine']}.",
        f"- Server: {context['server']}; {context['server_kind']}. API: {context['http']}. Client, API and "
        "PostgreSQL share the machine (2 cores, shared with other work).",
        f"- Data: generated legal histories (`generate_history`, seed {params.seed}) imported with `import_cases` "
        f"up to {params.base_cases:,} cases; larger scales replicate those `case_file`, `case_summary` and "
        "`case_clock` rows under fresh case ids with `INSERT … SELECT` in the server (the metrics read only "
        "`case_summary` and `case_clock`), then `VACUUM ANALYZE`. Staffing: three snapshots per office; "
        "trainings: twelve per office in 2021.",
        "- Plain SQL (`benchmarks/_plain_metrics.py` and `_plain_*.py`): one hand-written query per metric "
        "computing the same figures as the API's ungrouped result (the as-of rules written out inline: stage "
        "on the as-of day, disposed by it, inactive rule, latest known date; Kaplan-Meier by window functions "
        "and a running product aggregate), without scope, breakdown groups or cells; each output column is "
        "named after the API cell it equals (`_plain_check.py`).",
        f"- Code: {context['code']}; date {context['date']}; whole run {context['elapsed']}.",
        f"- Reproduce: `{context['command']}` (`--quick` for 10k cases only).",
        context["end"],
    ]
    return "\n".join(lines)


def write(path: Path, section: str, start: str, end: str) -> None:
    """Replace (or append) the section between `start` and `end` in `path`."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        text = head + section + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")
