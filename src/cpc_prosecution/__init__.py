"""cpc-prosecution: child-trafficking case lifecycle, legal clocks and court-level metrics.

Importing this package never touches a database or a web framework: the domain, metrics and
disclosure layers are pure, so technical advisors can use them offline. The case lifecycle lives in
`cpc_prosecution.domain`; its main entry points are re-exported here.
"""

from __future__ import annotations

from cpc_prosecution.domain import (
    CaseEvent,
    CaseState,
    CaseSummary,
    DateOrderError,
    Deadline,
    DomainError,
    IllegalTransition,
    RecordedEvent,
    deadlines,
    evolve,
    fold,
    state_as_known_at,
    state_as_of,
    summarize,
)

__version__ = "0.1.0"

__all__ = (
    "CaseEvent",
    "CaseState",
    "CaseSummary",
    "DateOrderError",
    "Deadline",
    "DomainError",
    "IllegalTransition",
    "RecordedEvent",
    "__version__",
    "deadlines",
    "evolve",
    "fold",
    "state_as_known_at",
    "state_as_of",
    "summarize",
)
