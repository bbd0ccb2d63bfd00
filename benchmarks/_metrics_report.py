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
    """Markdown: one table per scale (plain SQL, plain route, API, ratios), then growth between scales."""
    med = {key: statistics.median(v) for key, v in results.api.items()}
    plain = {key: statistics.median(v) for key, v in results.plain.items()}
    route = {key: statistics.median(v) for key, v in results.route.items()}
    lines = [
        context["start"],
        "## Metrics API",
        "",
        f"Each metric through `GET /v1/metrics/{{id}}?period={context['period']}` (analyst key, scope covering "
        f"every case, one keep-alive connection, `serve --workers {context['workers']}`) beside two baselines "
        "for the same figures on the same data in the same run: a plain hand-written SQL query on one asyncpg "
        "connection (**plain SQL**), and the same query behind a minimal Litestar route returning its rows as "
        "JSON (**plain route**: pooled connection, uvicorn with one worker, uvloop and httptools, like the API; "
        f"`benchmarks/_plain_route.py`); the three alternate, medians of {params.repeats} repeats after a "
        "warm-up, wall milliseconds. The target (issue 6) is API / plain SQL; API / plain route is what the "
        "API's own work per request costs beyond HTTP and JSON (key proof, scope, audit entry, targets, cells).",
        "",
    ]
    misses: list[str] = []
    passed: dict[int, int] = {}
    for scale in params.scales:
        lines += [
            f"**{scale:,} cases** (set up in {results.setup_seconds[scale]:.0f} s)",
            "",
            "| Metric | plain SQL ms | plain route ms | API ms | API / plain SQL | target | result "
            "| API / plain route |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for metric in metric_ids:
            key = (scale, metric)
            ratio = med[key] / plain[key]
            ok = ratio <= target
            passed[scale] = passed.get(scale, 0) + ok
            if not ok:
                misses.append(f"{metric} at {_scale(scale)}")
            lines.append(
                f"| `{metric}` | {_ms(plain[key])} | {_ms(route[key])} | {_ms(med[key])} | {ratio:.2f} "
                f"| ≤ {target} | {_verdict(ok)} | {med[key] / route[key]:.2f} |"
            )
        lines += ["", f"Within {target}x of plain SQL: {passed[scale]} of {len(metric_ids)} metrics.", ""]
        if scale == params.scales[0]:
            compared = ", ".join(f"`{m}` {k}/{n}" for m, (k, n) in results.compared.items())
            lines += [
                f"Same figures: at {scale:,} cases every plain query's figures (run directly and through the plain "
                "route) equal the API response's (checked in the run, which stops otherwise); ungrouped cells "
                f"compared / cells in the response: {compared}.",
                "",
            ]
    if len(params.scales) > 1:
        steps = list(zip(params.scales, params.scales[1:], strict=False))
        head = " | ".join(f"cases {_scale(a)} → {_scale(b)} | API | plain SQL | plain route" for a, b in steps)
        lines += [
            "Growth of the median time with the case count: for each step, the case-count ratio beside the "
            "ratio of the API's median times, and of the plain query's and the plain route's (target: the API "
            f"no faster than linear, i.e. its ratio at most the case-count ratio; PASS allows {GROWTH_NOISE:.0%} "
            "for timing noise on this shared machine, which the plain queries' own growth shows):",
            "",
            f"| Metric | {head} | result |",
            "|---|" + "---|" * (4 * len(steps)) + "---|",
        ]
        grew: list[str] = []
        for metric in metric_ids:
            cols: list[str] = []
            ok = True
            for a, b in steps:
                api_f = med[(b, metric)] / med[(a, metric)]
                ok = ok and api_f <= (1 + GROWTH_NOISE) * b / a
                cols += [
                    f"x{b / a:g}",
                    f"x{api_f:.1f}",
                    f"x{plain[(b, metric)] / plain[(a, metric)]:.1f}",
                    f"x{route[(b, metric)] / route[(a, metric)]:.1f}",
                ]
            if not ok:
                grew.append(metric)
            lines.append(f"| `{metric}` | {' | '.join(cols)} | {_verdict(ok)} |")
        lines += ["", "Growth target missed: " + (", ".join(grew) if grew else "none") + ".", ""]
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
        f"- Metric reads: the API's pool and both baselines' connections use the same server settings "
        f"({context['read_settings']}; `store/pool.py` `METRIC_READ_SETTINGS`).",
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
