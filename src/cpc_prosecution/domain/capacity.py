"""Prosecution capacity as counts: staffing snapshots of an office and the trainings it received.

The partnership's premise is that trained prosecutors and manageable caseloads change outcomes; to
test it, capacity is recorded beside the cases — as numbers only. No record names a prosecutor.
Definitions follow Justice Counts' prosecution staffing metrics (filled and vacant positions, staff
carrying a caseload) and the Compact's training objectives.
"""

import datetime as dt
from enum import StrEnum

import msgspec

from cpc_prosecution.domain.types import Headcount, Identifier, PositiveCount, check_count, check_identifier

__all__ = ("StaffingSnapshot", "TrainingEvent", "TrainingProvider", "TrainingTopic")


class TrainingTopic(StrEnum):
    TRAFFICKING_LAW = "TRAFFICKING_LAW"
    """RA 9208 as amended, RA 11930: elements, qualifiers, evidence."""
    CHILD_SENSITIVE_HANDLING = "CHILD_SENSITIVE_HANDLING"
    """Rule on Examination of a Child Witness, trauma-informed interviewing."""
    OSEC_DIGITAL_EVIDENCE = "OSEC_DIGITAL_EVIDENCE"
    """Cybercrime warrants (A.M. 17-11-03-SC), electronic evidence."""
    CASE_BUILDUP = "CASE_BUILDUP"
    """Prosecutor-led case build-up (DOJ DC 20-2023)."""
    PLEA_BARGAINING = "PLEA_BARGAINING"
    TRIAL_ADVOCACY = "TRIAL_ADVOCACY"
    OTHER = "OTHER"


class TrainingProvider(StrEnum):
    DOJ = "DOJ"
    IACAT = "IACAT"
    IJM = "IJM"
    US_GOVERNMENT = "US_GOVERNMENT"
    UN_AGENCY = "UN_AGENCY"
    OTHER = "OTHER"


class StaffingSnapshot(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """An office's prosecutors on one date, as counts."""

    office_id: Identifier
    as_of: dt.date
    positions_filled: Headcount
    positions_vacant: Headcount
    carrying_caseload: Headcount
    """Filled positions whose holders carry cases (Justice Counts' caseload denominator)."""
    trained_trafficking: Headcount
    """Prosecutors in post trained in trafficking law (any training to date)."""
    trained_child_sensitive: Headcount
    """Prosecutors in post trained in child-sensitive handling."""

    def __post_init__(self) -> None:
        check_identifier(self.office_id, "office_id")
        for name in (
            "positions_filled",
            "positions_vacant",
            "carrying_caseload",
            "trained_trafficking",
            "trained_child_sensitive",
        ):
            check_count(getattr(self, name), name)
        for name in ("carrying_caseload", "trained_trafficking", "trained_child_sensitive"):
            if getattr(self, name) > self.positions_filled:
                raise ValueError(f"{name} ({getattr(self, name)}) exceeds positions_filled ({self.positions_filled})")


class TrainingEvent(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A training delivered to an office's prosecutors: when, on what, by whom, to how many."""

    office_id: Identifier
    held_on: dt.date
    topic: TrainingTopic
    provider: TrainingProvider
    participants: PositiveCount
    hours: PositiveCount

    def __post_init__(self) -> None:
        check_identifier(self.office_id, "office_id")
        check_count(self.participants, "participants", minimum=1)
        check_count(self.hours, "hours", minimum=1)
