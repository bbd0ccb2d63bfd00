"""The pure domain core: vocabularies, events, the lifecycle fold, summaries and legal clocks.

No I/O, no asyncio, no web framework, no database: only Python and msgspec.

    >>> from cpc_prosecution.domain import fold, summarize, deadlines
    >>> from cpc_prosecution.domain.examples import plea_bargain_history
    >>> summarize(fold(plea_bargain_history())).case_outcome
    <CaseOutcome.CONVICTED: 'CONVICTED'>
"""

from cpc_prosecution.domain import events
from cpc_prosecution.domain.children import ChildCounts
from cpc_prosecution.domain.clocks import (
    CLOCK_RULES,
    RULES_BY_ID,
    WAITING_PERIOD_RULES,
    ClockRule,
    ClockScope,
    ClockUnit,
    Condition,
    Deadline,
    DeadlineStatus,
    Extension,
    Pause,
    Strength,
    deadlines,
    due_date,
)
from cpc_prosecution.domain.errors import (
    CorrectionError,
    DateOrderError,
    DomainError,
    IllegalTransition,
    InvalidEvent,
)
from cpc_prosecution.domain.events import *  # noqa: F403

# mypy follows one level of star re-export, so the event modules are named here too (not their types).
from cpc_prosecution.domain.events.corrections import *  # noqa: F403
from cpc_prosecution.domain.events.court import *  # noqa: F403
from cpc_prosecution.domain.events.judgment import *  # noqa: F403
from cpc_prosecution.domain.events.precourt import *  # noqa: F403
from cpc_prosecution.domain.events.side import *  # noqa: F403
from cpc_prosecution.domain.fold import (
    effective_history,
    fold,
    fold_recorded,
    state_as_known_at,
    state_as_of,
)
from cpc_prosecution.domain.lifecycle import allowed_events, evolve
from cpc_prosecution.domain.milestones import Milestone
from cpc_prosecution.domain.offences import OFFENCES, Offence, heaviest_band, is_chargeable, offence, offences_in_force
from cpc_prosecution.domain.reference import (
    Court,
    CourtDesignation,
    Hotspot,
    HotspotBasis,
    HotspotDesignator,
    JudicialRegion,
    OfficeType,
    ProsecutionOffice,
)
from cpc_prosecution.domain.state import EMPTY_CASE, AccusedState, CaseState, CountRecord
from cpc_prosecution.domain.summary import CaseSummary, summarize
from cpc_prosecution.domain.summary_rules import accused_outcome
from cpc_prosecution.domain.types import MANILA
from cpc_prosecution.domain.vocab import (
    AccusedOutcome,
    AgeBand,
    Agency,
    AppellateCourt,
    AppellateOutcome,
    ArchiveGround,
    ArrestMode,
    Art125Class,
    BailDecision,
    BuildUpActivity,
    CaseOutcome,
    CaseType,
    ChildWitnessMeasure,
    CorrectionReason,
    CountOutcome,
    Custodian,
    Custody,
    DismissalReason,
    FinalityBasis,
    MotionKind,
    MotionRulingKind,
    OperationKind,
    PenaltyBand,
    PiBasis,
    PleaKind,
    PostponementReason,
    ProbableCauseFinding,
    ProsecutorOutcome,
    ReferralSource,
    RefilingForum,
    ResolutionDisposition,
    Sex,
    Stage,
    TransferReason,
    VictimService,
)

# The event types are re-exported from `events`, where each is named once.
__all__ = [
    "CLOCK_RULES",
    "EMPTY_CASE",
    "MANILA",
    "OFFENCES",
    "RULES_BY_ID",
    "WAITING_PERIOD_RULES",
    "AccusedOutcome",
    "AccusedState",
    "AgeBand",
    "Agency",
    "AppellateCourt",
    "AppellateOutcome",
    "ArchiveGround",
    "ArrestMode",
    "Art125Class",
    "BailDecision",
    "BuildUpActivity",
    "CaseOutcome",
    "CaseState",
    "CaseSummary",
    "CaseType",
    "ChildCounts",
    "ChildWitnessMeasure",
    "ClockRule",
    "ClockScope",
    "ClockUnit",
    "Condition",
    "CorrectionError",
    "CorrectionReason",
    "CountOutcome",
    "CountRecord",
    "Court",
    "CourtDesignation",
    "Custodian",
    "Custody",
    "DateOrderError",
    "Deadline",
    "DeadlineStatus",
    "DismissalReason",
    "DomainError",
    "Extension",
    "FinalityBasis",
    "Hotspot",
    "HotspotBasis",
    "HotspotDesignator",
    "IllegalTransition",
    "InvalidEvent",
    "JudicialRegion",
    "Milestone",
    "MotionKind",
    "MotionRulingKind",
    "Offence",
    "OfficeType",
    "OperationKind",
    "Pause",
    "PenaltyBand",
    "PiBasis",
    "PleaKind",
    "PostponementReason",
    "ProbableCauseFinding",
    "ProsecutionOffice",
    "ProsecutorOutcome",
    "ReferralSource",
    "RefilingForum",
    "ResolutionDisposition",
    "Sex",
    "Stage",
    "Strength",
    "TransferReason",
    "VictimService",
    "accused_outcome",
    "allowed_events",
    "deadlines",
    "due_date",
    "effective_history",
    "evolve",
    "fold",
    "fold_recorded",
    "heaviest_band",
    "is_chargeable",
    "offence",
    "offences_in_force",
    "state_as_known_at",
    "state_as_of",
    "summarize",
]
__all__ += events.__all__
