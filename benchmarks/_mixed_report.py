"""What one mixed-load run measured (`Sample`), and the "Mixed load (issue 18)" section of
docs/performance.md from the samples of every subject and repeat."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ("RATIO_TARGET", "SLACK_MS", "Sample", "report", "within_target")

#: Issue 18: the metric API within 1.5x of its plain query, or within 3 ms of it, whichever is larger.
RATIO_TARGET = 1.5
SLACK_MS = 3.0


@dataclass
class Sample:
    """The latencies (seconds) of every answer of one timed run, by request kind, and its length."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    seconds: float = 0.0

    def add(self, kind: str, seconds: float) -> None:
        self.latencies.setdefault(kind, []).append(seconds)

    def rate(self, kind: str) -> float:
        return len(self.latencies.get(kind, ())) / self.seconds

    def total_rate(self) -> float:
        return sum(len(v) for v in self.latencies.values()) / self.seconds

    def quantile(self, kind: str, q: float) -> float:
        """The q-quantile (nearest rank) of the kind's latencies, in milliseconds."""
        values = sorted(self.latencies[kind])
        return values[min(len(values) - 1, round(q * (len(values) - 1)))] * 1000

    def line(self) -> str:
        return ", ".join(
            f"{kind} {self.rate(kind):.0f}/s p50 {self.quantile(kind, 0.5):.1f} ms" for kind in sorted(self.latencies)
        )


def within_target(api_ms: float, plain_ms: float) -> tuple[float, bool]:
    """The bound max(1.5 x plain, plain + 3 ms) and whether the API's time is within it."""
    bound = max(RATIO_TARGET * plain_ms, plain_ms + SLACK_MS)
    return bound, api_ms <= bound


def _median(samples: Sequence[Sample], of: Callable[[Sample], float]) -> float:
    return statistics.median(of(s) for s in samples)


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "**FAIL**"


def _kinds(samples: dict[str, list[Sample]]) -> list[str]:
    order = {"append": 0, "metric": 1, "case list": 2, "case": 3}
    kinds = {kind for runs in samples.values() for run in runs for kind in run.latencies}
    return sorted(kinds, key=lambda k: (order.get(k.split(" ")[0] if k.startswith("metric") else k, 9), k))


def _table(samples: dict[str, list[Sample]], workers: int, clients: dict[str, int], misses: list[str]) -> list[str]:
    label = f"{workers} worker{'s' * (workers > 1)}"
    api, plain = samples[f"API, {label}"], samples[f"plain, {label}"]
    lines = [
        f"**`--workers {workers}`** (the API and the plain app alike)",
        "",
        "| request | clients | plain req/s | API req/s | API / plain | plain p50 ms | API p50 ms | API / plain p50 "
        "| p50 bound ms | p50 result | plain p99 ms | API p99 ms | p99 within bound |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---|",
    ]
    for kind in _kinds(samples):
        a_rate, p_rate = _median(api, lambda s, k=kind: s.rate(k)), _median(plain, lambda s, k=kind: s.rate(k))
        a50, p50 = (
            _median(api, lambda s, k=kind: s.quantile(k, 0.5)),
            _median(plain, lambda s, k=kind: s.quantile(k, 0.5)),
        )
        a99, p99 = (
            _median(api, lambda s, k=kind: s.quantile(k, 0.99)),
            _median(plain, lambda s, k=kind: s.quantile(k, 0.99)),
        )
        if kind.startswith("metric"):
            bound, ok = within_target(a50, p50)
            bound99, ok99 = within_target(a99, p99)
            if not ok:
                misses.append(f"{kind} at {label} (p50 {a50:.1f} ms, bound {bound:.1f} ms)")
            target = f"{bound:.1f} | {_verdict(ok)}"
            tail = f"{'yes' if ok99 else 'no'} (≤ {bound99:.1f})"
        else:
            target, tail = "— | —", "—"
        name = f"`{kind.removeprefix('metric ')}` metric" if kind.startswith("metric") else kind
        lines.append(
            f"| {name} | {clients.get(kind, 0)} | {p_rate:,.0f} | {a_rate:,.0f} | {a_rate / p_rate:.2f} | {p50:.1f} "
            f"| {a50:.1f} | {a50 / p50:.2f} | {target} | {p99:.1f} | {a99:.1f} | {tail} |"
        )
    a_all, p_all = _median(api, Sample.total_rate), _median(plain, Sample.total_rate)
    lines += [
        f"| all requests | {sum(clients.values())} | {p_all:,.0f} | {a_all:,.0f} | {a_all / p_all:.2f} "
        "| | | | | | | | |",
        "",
    ]
    return lines


def report(samples: dict[str, list[Sample]], params: Any, metric_ids: Sequence[str], context: dict[str, str]) -> str:
    """Markdown: one table per worker count, scaling from 1 to 2 workers, then what each line measures."""
    clients = {"append": params.writers, "case list": params.list_readers, "case": params.case_readers}
    for n in range(params.metric_readers):
        kind = f"metric {metric_ids[n % len(metric_ids)]}"
        clients[kind] = clients.get(kind, 0) + 1
    misses: list[str] = []
    lines = [
        context["start"],
        "## Mixed load (issue 18)",
        "",
        f"Reads and writes at once, each subject for {params.seconds:g} s with the same fixed mix of closed-loop "
        "keep-alive HTTP/1.1 clients (each sends its next request when the last one is answered): "
        f"{params.writers} writers appending one `ServicesDelivered` event per request to cases of their own "
        f"({params.cases_per_writer} each, `expected_version` tracked), {params.metric_readers} metric readers "
        f"(period {context['period']}, one per metric), {params.list_readers} reader of the case list's first "
        f"page (50 cases) and {params.case_readers} reader of single cases (random among {params.cases:,}). "
        "Subjects: the API (`cpc-prosecution serve`, access log on as deployed, analyst key for the metrics, "
        "liaison key for the rest) and the plain app (`benchmarks/_plain_mixed_app.py`), each with 1 and with "
        "2 workers, all four running on the same database through the whole run; each repeat measures them "
        f"one after another, the order reversed every other repeat; medians of {params.repeats} repeats "
        "(throughput, p50, p99 each the median of the repeats' values). Target (issue 18): the metric API's "
        f"p50 within max({RATIO_TARGET}x plain, plain + {SLACK_MS:g} ms).",
        "",
    ]
    for workers in (1, 2):
        lines += _table(samples, workers, clients, misses)
    scale = []
    for who in ("API", "plain"):
        two, one = samples[f"{who}, 2 workers"], samples[f"{who}, 1 worker"]
        scale.append(f"{who}: {_median(two, Sample.total_rate) / _median(one, Sample.total_rate):.2f}x")
    lines += [
        f"Throughput of all requests with 2 workers over 1 worker: {', '.join(scale)} (2 cores, shared with "
        "the load generator, PostgreSQL and other work).",
        "",
        "Target missed: " + ("; ".join(misses) if misses else "none") + ".",
        "",
        "What each line measures (plain app: the same query with nothing around it; API: the same query "
        "plus HTTP routing, key proof, scope, audit entry, access log and the response's own shape):",
        "",
        "- append: API `POST /v1/cases/{id}/events` (idempotency, lock or version check, fold from the stored "
        "snapshot, summary and clocks, audit, in one transaction) / plain `POST /append/{id}`: the same body, one "
        "`INSERT` into a table with `case_event`'s columns, keys and constraints (`_plain_append_app.append`).",
        "- metric: API `GET /v1/metrics/{id}` / plain `GET /plain/{id}`: the metric's hand-written plain query "
        "(`_plain_metrics.py`), whose figures were checked equal to the API's cells at the start of the run.",
        "- case list: API `GET /v1/cases?limit=50` / plain: the listing's own query "
        "(`store.case_listing.list_case_rows`, the same offices in scope) as JSON.",
        "- case: API `GET /v1/cases/{id}` (state, summary, timeline, legal clocks) / plain: the case's history "
        "(`store.case_events.load_events`) as JSON; the API also folds it and computes the clocks.",
        "",
        f"- Machine: {context['machine']}; other helpers' work (tests, benchmarks) ran on it at the same time, "
        "so absolute figures are noisy; the ratios compare subjects measured minutes apart in one run.",
        f"- Server: {context['server']}; {context['server_kind']}. HTTP: {context['http']}.",
        f"- Code: {context['code']}; date {context['date']}; whole run {context['elapsed']}.",
        f"- Reproduce: `{context['command']}` (`--quick`: 2,000 cases, 5 s runs, 3 repeats).",
        context["end"],
    ]
    return "\n".join(lines)
