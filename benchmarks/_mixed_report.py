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


def _label(workers: int) -> str:
    return f"{workers} worker{'s' * (workers > 1)}"


def _name(kind: str) -> str:
    return f"`{kind.removeprefix('metric ')}` metric" if kind.startswith("metric") else kind


def _rate(kind: str) -> Callable[[Sample], float]:
    return lambda s: s.rate(kind)


def _q(kind: str, q: float) -> Callable[[Sample], float]:
    return lambda s: s.quantile(kind, q)


def _closed_loop(samples: dict[str, list[Sample]], clients: dict[str, int]) -> list[str]:
    """Throughput and p50 of each kind when every client sends as fast as it is answered."""
    lines = [
        "| workers | request | clients | plain req/s | API req/s | API / plain | plain p50 ms | API p50 ms |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for workers in (1, 2):
        api, plain = samples[f"API, {_label(workers)}"], samples[f"plain, {_label(workers)}"]
        for kind in _kinds(samples):
            a_rate, p_rate = _median(api, _rate(kind)), _median(plain, _rate(kind))
            lines.append(
                f"| {workers} | {_name(kind)} | {clients[kind]} | {p_rate:,.0f} | {a_rate:,.0f} | "
                f"{a_rate / p_rate:.2f} | {_median(plain, _q(kind, 0.5)):.1f} | {_median(api, _q(kind, 0.5)):.1f} |"
            )
        a_all, p_all = _median(api, Sample.total_rate), _median(plain, Sample.total_rate)
        lines.append(
            f"| {workers} | **all requests** | {sum(clients.values())} | {p_all:,.0f} | {a_all:,.0f} "
            f"| {a_all / p_all:.2f} | | |"
        )
    return [*lines, ""]


def _paced(samples: dict[str, list[Sample]], offered: dict[str, float], misses: list[str]) -> list[str]:
    """p50 and p99 of each kind at the same offered load, and the metric target."""
    lines = [
        "| workers | request | offered req/s | plain p50 ms | API p50 ms | API / plain | p50 bound ms | p50 result "
        "| plain p99 ms | API p99 ms | p99 within bound |",
        "|---|---|---:|---:|---:|---:|---:|---|---:|---:|---|",
    ]
    for workers in (1, 2):
        api, plain = samples[f"API, {_label(workers)}"], samples[f"plain, {_label(workers)}"]
        for kind in _kinds(samples):
            a50, p50 = _median(api, _q(kind, 0.5)), _median(plain, _q(kind, 0.5))
            a99, p99 = _median(api, _q(kind, 0.99)), _median(plain, _q(kind, 0.99))
            if kind.startswith("metric"):
                bound, ok = within_target(a50, p50)
                bound99, ok99 = within_target(a99, p99)
                if not ok:
                    misses.append(f"{_name(kind)}, {_label(workers)}: p50 {a50:.1f} ms, bound {bound:.1f} ms")
                target, tail = f"{bound:.1f} | {_verdict(ok)}", f"{'yes' if ok99 else 'no'} (≤ {bound99:.1f})"
            else:
                target, tail = "— | —", "—"
            lines.append(
                f"| {workers} | {_name(kind)} | {offered[kind]:g} | {p50:.1f} | {a50:.1f} | {a50 / p50:.2f} "
                f"| {target} | {p99:.1f} | {a99:.1f} | {tail} |"
            )
    return [*lines, ""]


def report(
    saturated: dict[str, list[Sample]],
    paced: dict[str, list[Sample]],
    params: Any,
    metric_ids: Sequence[str],
    context: dict[str, str],
    rates: dict[str, float],
) -> str:
    """Markdown: closed-loop throughput, paced latencies and the target, scaling, what each line measures."""
    clients = {"append": params.writers, "case list": params.list_readers, "case": params.case_readers}
    for n in range(params.metric_readers):
        kind = f"metric {metric_ids[n % len(metric_ids)]}"
        clients[kind] = clients.get(kind, 0) + 1
    offered = {kind: count * rates[kind.split(" ")[0]] for kind, count in clients.items()}
    misses: list[str] = []
    lines = [
        context["start"],
        "## Mixed load (issue 18)",
        "",
        "Reads and writes at once through keep-alive HTTP/1.1 clients, the same fixed mix for every subject: "
        f"{params.writers} writers appending one `ServicesDelivered` event per request to cases of their own "
        f"({params.cases_per_writer} each, `expected_version` tracked), {params.metric_readers} metric readers "
        f"(period {context['period']}, one per metric), {params.list_readers} reader of the case list's first "
        f"page (50 cases) and {params.case_readers} reader of single cases (random among {params.cases:,} "
        "imported cases). Subjects: the API (`cpc-prosecution serve`, access log on as deployed, analyst key "
        "for the metrics, liaison key for the rest) and the plain app (`benchmarks/_plain_mixed_app.py`), each "
        "with 1 and with 2 workers, all four on the same database and running through the whole run. Each "
        f"repeat gives every subject, one after another (the order reversed every other repeat), {params.seconds:g} s "
        "**closed loop** (each client sends its next request as soon as the last is answered: throughput) and "
        f"{params.seconds:g} s **paced** (each client at a fixed rate, the same offered load for every subject, "
        "below what either answers closed-loop: latency without a queue of the subject's own making). Medians "
        f"of {params.repeats} repeats of each figure. Target (issue 18): the metric API's paced p50 within "
        f"max({RATIO_TARGET}x plain, plain + {SLACK_MS:g} ms).",
        "",
        "**Closed loop**: throughput and p50 (a slower subject's own appends queue its reads on the 2 cores, "
        "so its read latencies here measure its write cost as much as its reads):",
        "",
        *_closed_loop(saturated, clients),
        "**Paced**: p50 and p99 at the same offered load, the metric target:",
        "",
        *_paced(paced, offered, misses),
    ]
    scale = []
    for who in ("API", "plain"):
        two, one = saturated[f"{who}, 2 workers"], saturated[f"{who}, 1 worker"]
        scale.append(f"{who} {_median(two, Sample.total_rate) / _median(one, Sample.total_rate):.2f}x")
    lines += [
        f"Closed-loop throughput of all requests, 2 workers over 1: {', '.join(scale)} (2 cores, shared with "
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
        "so absolute figures are noisy; the ratios compare subjects measured one after another within each repeat.",
        f"- Server: {context['server']}; {context['server_kind']}. HTTP: {context['http']}.",
        f"- Code: {context['code']}; date {context['date']}; whole run {context['elapsed']}.",
        f"- Reproduce: `{context['command']}` (`--quick`: 2,000 cases, 5 s runs, 3 repeats).",
        context["end"],
    ]
    return "\n".join(lines)
