"""`FactEvent`: the union of every event that states a fact about the case (all but corrections)."""

from cpc_prosecution.domain.events.court import (
    Arraignment,
    BailHearing,
    BailRuling,
    ChildTestimony,
    Filing,
    PleaBargain,
    PreTrial,
    ProbableCauseDetermination,
    Raffle,
    SubmissionForDecision,
    TrialSetting,
)
from cpc_prosecution.domain.events.judgment import (
    Appeal,
    AppellateDecision,
    Finality,
    MotionFiled,
    MotionRuling,
    Promulgation,
)
from cpc_prosecution.domain.events.precourt import (
    Arrest,
    CaseBuildUp,
    Detection,
    Inquest,
    Operation,
    PreliminaryInvestigation,
    Resolution,
)
from cpc_prosecution.domain.events.side import (
    Archiving,
    Dismissal,
    InformationWithdrawal,
    PermanentDismissal,
    ProvisionalDismissal,
    Refiling,
    Revival,
    ServicesDelivered,
    Transfer,
)

FactEvent = (
    Detection
    | CaseBuildUp
    | Operation
    | Arrest
    | Inquest
    | PreliminaryInvestigation
    | Resolution
    | Filing
    | Raffle
    | ProbableCauseDetermination
    | BailHearing
    | BailRuling
    | Arraignment
    | PleaBargain
    | PreTrial
    | TrialSetting
    | ChildTestimony
    | SubmissionForDecision
    | Promulgation
    | MotionFiled
    | MotionRuling
    | Appeal
    | AppellateDecision
    | Finality
    | Archiving
    | Revival
    | ProvisionalDismissal
    | PermanentDismissal
    | InformationWithdrawal
    | Dismissal
    | Refiling
    | Transfer
    | ServicesDelivered
)

FACT_EVENT_TYPES: tuple[type[FactEvent], ...] = (
    Detection,
    CaseBuildUp,
    Operation,
    Arrest,
    Inquest,
    PreliminaryInvestigation,
    Resolution,
    Filing,
    Raffle,
    ProbableCauseDetermination,
    BailHearing,
    BailRuling,
    Arraignment,
    PleaBargain,
    PreTrial,
    TrialSetting,
    ChildTestimony,
    SubmissionForDecision,
    Promulgation,
    MotionFiled,
    MotionRuling,
    Appeal,
    AppellateDecision,
    Finality,
    Archiving,
    Revival,
    ProvisionalDismissal,
    PermanentDismissal,
    InformationWithdrawal,
    Dismissal,
    Refiling,
    Transfer,
    ServicesDelivered,
)
