"""`CaseState`: what the fold knows about a case after some events.

States are frozen msgspec Structs; `evolve` returns a new state and never mutates one. Dict fields
are copied on write. The state holds no personal data: accused are positions, children counts.
"""

import datetime as dt

import msgspec

from cpc_prosecution.domain.children import NO_CHILDREN, ChildCounts
from cpc_prosecution.domain.milestones import Milestone
from cpc_prosecution.domain.reference import Court, Hotspot, ProsecutionOffice
from cpc_prosecution.domain.vocab.case import (
    CaseType,
    Custody,
    ProsecutorOutcome,
    ReferralSource,
    ResolutionDisposition,
)
from cpc_prosecution.domain.vocab.court import (
    AppellateCourt,
    AppellateOutcome,
    ArchiveGround,
    MotionKind,
    PleaKind,
    PostponementReason,
    ProbableCauseFinding,
)
from cpc_prosecution.domain.vocab.outcomes import CountOutcome, DismissalReason
from cpc_prosecution.domain.vocab.penalties import Art125Class, PenaltyBand
from cpc_prosecution.domain.vocab.stages import TERMINAL_STAGES, Stage
from cpc_prosecution.domain.vocab.victims import ChildWitnessMeasure, VictimService


class MilestoneRecord(msgspec.Struct, frozen=True, kw_only=True):
    """A milestone as logged by the fold (`accused` None: concerns the whole case)."""

    kind: Milestone
    on: dt.date
    at: dt.datetime | None = None
    accused: str | None = None


class PendingMotion(msgspec.Struct, frozen=True, kw_only=True):
    """A motion filed and not yet ruled on."""

    kind: MotionKind
    accused: tuple[str, ...]
    filed_on: dt.date


class CountRecord(msgspec.Struct, frozen=True, kw_only=True):
    """One count as it concerns one accused."""

    count_no: int
    offence: str
    plea: PleaKind | None = None
    plea_to: str | None = None
    """Plea-bargained offence (None with `bargained` set: count dropped under the agreement)."""
    bargained: bool = False
    outcome: CountOutcome | None = None
    sentence_band: PenaltyBand | None = None
    convicted_of: str | None = None
    dismissal_reason: DismissalReason | None = None


class AccusedState(msgspec.Struct, frozen=True, kw_only=True):
    """One accused (a position, never a person's details) and how far their case has moved."""

    position: str
    stage: Stage | None = None
    """None while a suspect/respondent only; a court stage once charged in an Information."""
    since: dt.date | None = None
    """Date of the event that last moved this accused; later events for them may not be earlier."""
    since_event: str | None = None
    resume_stage: Stage | None = None
    """Stage to return to on revival (while ARCHIVED or PROVISIONALLY_DISMISSED)."""
    custody: Custody = Custody.AT_LARGE
    custody_since: dt.date | None = None
    ever_arrested: bool = False
    art125_class: Art125Class | None = None
    warrant_on: dt.date | None = None
    counts: tuple[CountRecord, ...] = ()
    archive_ground: ArchiveGround | None = None
    bail_hearing_on: dt.date | None = None
    """First hearing of a pending bail petition (None when none is pending)."""
    bail_ruled_on: dt.date | None = None
    demurrer_granted_on: dt.date | None = None
    appeal_pending: AppellateCourt | None = None
    last_appellate_court: AppellateCourt | None = None
    appellate_outcome: AppellateOutcome | None = None
    dismissed_with_prejudice: bool | None = None
    disposed_on: dt.date | None = None
    final_on: dt.date | None = None
    first_on: dict[Stage, dt.date] = {}

    @property
    def in_court(self) -> bool:
        """Charged in an Information of some filing."""
        return self.stage is not None

    @property
    def pending(self) -> bool:
        """Charged, and the proceedings against them have not ended."""
        return self.stage is not None and self.stage not in TERMINAL_STAGES


class CaseState(msgspec.Struct, frozen=True, kw_only=True):
    """Everything the fold derives from a case history. `CaseState()` is the empty case."""

    case_id: str | None = None
    case_type: CaseType | None = None
    referral_source: ReferralSource | None = None
    place_psgc: str | None = None
    hotspot: Hotspot | None = None
    office: ProsecutionOffice | None = None
    court: Court | None = None
    detected_on: dt.date | None = None

    stage: Stage | None = None
    """Current stage of the case (derived from the accused once an Information is pending)."""
    stage_since: dt.date | None = None
    stage_since_event: str | None = None
    precourt_stage: Stage | None = None
    """Case-level stage while no Information of the current filing cycle is before a court."""
    in_court: bool = False
    """An Information of the current filing cycle has been filed."""
    resolution: ResolutionDisposition | None = None
    prosecutor_outcome: ProsecutorOutcome | None = None
    pi_offences: tuple[str, ...] = ()
    pi_extension: bool = False
    filed_on: dt.date | None = None
    first_filed_on: dt.date | None = None
    raffled_on: dt.date | None = None
    probable_cause: ProbableCauseFinding | None = None
    probable_cause_on: dt.date | None = None
    refileable: bool = False
    refilings: int = 0
    last_refiled_on: dt.date | None = None

    accused: dict[str, AccusedState] = {}
    suspects_arrested: int = 0

    children_identified: ChildCounts = NO_CHILDREN
    children_rescued: ChildCounts = NO_CHILDREN
    children_in_custody: ChildCounts = NO_CHILDREN
    operations: int = 0
    trial_settings: int = 0
    trial_settings_held: int = 0
    postponements: int = 0
    postponements_by_reason: dict[PostponementReason, int] = {}
    testimonies: int = 0
    testimonies_in_courtroom: int = 0
    measures: dict[ChildWitnessMeasure, int] = {}
    services: dict[VictimService, int] = {}
    appeals_filed: int = 0
    appeals_reversed: int = 0
    remands: int = 0
    transfers: int = 0

    pending_motions: tuple[PendingMotion, ...] = ()
    case_motion_ruled_on: dt.date | None = None
    """Latest ruling on a motion that named no accused."""
    milestones: tuple[MilestoneRecord, ...] = ()
    stage_first_on: dict[Stage, dt.date] = {}
    events_applied: int = 0
    event_counts: dict[str, int] = {}
    """Events applied by type tag (the effective history's): a summary field that counts an event
    type reads it here, so a new event type that feeds a count needs no field of its own."""
    last_event_on: dt.date | None = None

    def court_accused(self) -> list[AccusedState]:
        """Accused charged in court (any filing), in position order."""
        return [a for a in self.accused.values() if a.stage is not None]


EMPTY_CASE = CaseState()
