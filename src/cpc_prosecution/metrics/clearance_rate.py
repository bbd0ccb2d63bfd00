"""Clearance rate (CourTools Measure 2): outgoing cases as a percentage of incoming cases."""

from collections.abc import Sequence

from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.metrics.periods import Window
from cpc_prosecution.metrics.results import Cell, Unit, count, ratio


def incoming(summary: CaseSummary, w: Window) -> bool:
    """First filed in court inside the window (revivals and court refilings are not dated)."""
    return w.contains(summary.filed_on)


def outgoing(summary: CaseSummary, w: Window) -> bool:
    """Filed in court at some time and disposed by the trial court inside the window."""
    return summary.filed_on is not None and summary.disposed and w.contains(summary.disposed_on)


def placed_inactive(summary: CaseSummary, w: Window) -> bool:
    """First archived or first provisionally dismissed inside the window (reported, not in the rate)."""
    return w.contains(summary.first_archived_on) or w.contains(summary.first_provisionally_dismissed_on)


def compute(summaries: Sequence[CaseSummary], w: Window) -> list[Cell]:
    n_in = sum(1 for s in summaries if incoming(s, w))
    n_out = sum(1 for s in summaries if outgoing(s, w))
    return [
        count("incoming", Unit.CASE, n_in),
        count("outgoing", Unit.CASE, n_out),
        ratio("clearance_rate", Unit.CASE, n_out, n_in),
        count("placed_inactive", Unit.CASE, sum(1 for s in summaries if placed_inactive(s, w))),
    ]
