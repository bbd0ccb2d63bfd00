"""Metric results and case summaries as records and pandas data frames: `cpc_prosecution.metrics.frames`,
under the short name advisors import (`from cpc_prosecution.frames import to_frame`)."""

from cpc_prosecution.metrics.frames import (
    Framed,
    summaries_to_frame,
    summaries_to_records,
    to_frame,
    to_records,
)

__all__ = ("Framed", "summaries_to_frame", "summaries_to_records", "to_frame", "to_records")
