"""Median durations per row and period, under the median rule (privacy.md §4.4).

Medians are not additive, so they are not part of the linked tables: each group (a geography
node and a period, aggregates included) gets the median of its own cases, published only when the
group has enough cases and distinct children, and rounded to 7 or 30 days.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence

from cpc_prosecution.disclosure import PublicMedian, public_median
from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.metrics.conviction_rate import disposed_in_court
from cpc_prosecution.metrics.periods import Period, Window
from cpc_prosecution.releases.spec import ReleaseSpec
from cpc_prosecution.releases.tally import distinct_children_at_least

__all__ = ("DURATIONS", "group_durations", "median_groups")

#: Public category → (start field, end field, which cases: "disposed" in court or "filed").
DURATIONS = {
    "filing_to_disposition": ("filed_on", "disposed_on", "disposed"),
    "detection_to_filing": ("detected_on", "filed_on", "filed"),
}


def _in_group(summary: CaseSummary, period: Period, population: str) -> bool:
    if population == "disposed":
        return disposed_in_court(summary, Window(period=period, as_of=period.end))
    return period.contains(summary.filed_on)


def group_durations(summaries: Iterable[CaseSummary], category: str, covered: Sequence[Period]) -> list[int]:
    """Days of `category` for every case in the group of the periods `covered` (one per case)."""
    start_field, end_field, population = DURATIONS[category]
    days: list[int] = []
    for summary in summaries:
        start, end = getattr(summary, start_field), getattr(summary, end_field)
        if start is None or end is None or end < start:
            continue
        if any(_in_group(summary, p, population) for p in covered):
            days.append((end - start).days)
    return days


def median_groups(
    summaries: Iterable[CaseSummary],
    spec: ReleaseSpec,
    periods: Sequence[tuple[str, Sequence[Period]]],
    places: Iterable[tuple[str, ...]],
) -> dict[tuple[str, str, str], PublicMedian]:
    """(geography node, period code, category) → public median.

    `periods`: (code, the periods it covers). `places`: for each case in `summaries` (same order),
    the geography nodes it counts in (its leaf and every ancestor).
    """
    durations: dict[tuple[str, str, str], list[int]] = {}
    children: dict[tuple[str, str, str], list[int]] = {}
    for summary, nodes in zip(summaries, places, strict=True):
        for category, (start_field, end_field, population) in DURATIONS.items():
            start, end = getattr(summary, start_field), getattr(summary, end_field)
            if start is None or end is None or end < start:
                continue
            for code, covered in periods:
                if any(_in_group(summary, p, population) for p in covered):
                    for node in nodes:
                        key = (node, code, category)
                        durations.setdefault(key, []).append((end - start).days)
                        children.setdefault(key, []).append(max(1, summary.children_total))
    result: dict[tuple[str, str, str], PublicMedian] = {}
    for key, values in durations.items():
        kids = children[key]
        distinct_lower_bound = distinct_children_at_least(max(kids), sum(kids), spec.cases_per_child)
        result[key] = public_median(
            float(statistics.median(values)), cases=len(values), children=distinct_lower_bound, policy=spec.policy
        )
    return result
