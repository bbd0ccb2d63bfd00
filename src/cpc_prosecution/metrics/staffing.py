"""Prosecution capacity beside the cases: the records the capacity metrics read, and the rules they share.

An office's staffing on a day is its latest snapshot on or before that day (a snapshot holds until the
next one). An office *meets the trained-capacity threshold* on a day when that snapshot has at least
one filled prosecutor post and at least `TRAINED_CAPACITY_THRESHOLD_PERCENT` of its filled posts are
held by prosecutors trained in trafficking law. The comparison is on integers
(100 x trained >= threshold x filled), so both engines decide a tie the same way.
"""

import datetime as dt
from collections.abc import Iterable
from typing import Final

import msgspec

from cpc_prosecution.domain.capacity import StaffingSnapshot, TrainingEvent

__all__ = (
    "NO_SNAPSHOT",
    "THRESHOLD_STATUSES",
    "TRAINED_CAPACITY_THRESHOLD_PERCENT",
    "Capacity",
    "latest_snapshots",
    "meets_trained_threshold",
    "threshold_status",
)

#: Share of filled prosecutor posts trained in trafficking law (percent) for an office to count as
#: having trained capacity. A documented parameter of `outcomes_by_trained_capacity` and
#: `prosecutor_staffing` (the Compact's objective: at least half of the prosecutors handling
#: trafficking cases trained).
TRAINED_CAPACITY_THRESHOLD_PERCENT: Final = 50

MET: Final = "MET"
NOT_MET: Final = "NOT_MET"
NO_SNAPSHOT: Final = "NO_SNAPSHOT"
#: Categories of the threshold split, in result order.
THRESHOLD_STATUSES: Final = (MET, NOT_MET, NO_SNAPSHOT)


class Capacity(msgspec.Struct, frozen=True, kw_only=True):
    """The capacity records a computation may read (those of the offices in scope)."""

    staffing: tuple[StaffingSnapshot, ...] = ()
    trainings: tuple[TrainingEvent, ...] = ()

    def offices(self) -> set[str]:
        """Every office named by a snapshot or a training, whatever its date."""
        return {s.office_id for s in self.staffing} | {t.office_id for t in self.trainings}

    def of_office(self, office_id: str) -> "Capacity":
        return Capacity(
            staffing=tuple(s for s in self.staffing if s.office_id == office_id),
            trainings=tuple(t for t in self.trainings if t.office_id == office_id),
        )


def latest_snapshots(staffing: Iterable[StaffingSnapshot], day: dt.date) -> dict[str, StaffingSnapshot]:
    """Each office's latest snapshot on or before `day` (offices with none are absent)."""
    latest: dict[str, StaffingSnapshot] = {}
    for snapshot in staffing:
        if snapshot.as_of <= day:
            held = latest.get(snapshot.office_id)
            if held is None or snapshot.as_of > held.as_of:
                latest[snapshot.office_id] = snapshot
    return latest


def meets_trained_threshold(snapshot: StaffingSnapshot) -> bool:
    """At least one filled post, and trained_trafficking / positions_filled >= the threshold."""
    filled = snapshot.positions_filled
    return filled > 0 and 100 * snapshot.trained_trafficking >= TRAINED_CAPACITY_THRESHOLD_PERCENT * filled


def threshold_status(snapshot: StaffingSnapshot | None) -> str:
    """MET, NOT_MET, or NO_SNAPSHOT when the office had reported no staffing by the day."""
    if snapshot is None:
        return NO_SNAPSHOT
    return MET if meets_trained_threshold(snapshot) else NOT_MET
