"""Legal clocks as versioned data (`CLOCK_RULES`) and the `deadlines` view over a case state."""

from cpc_prosecution.domain.clocks.catalogue import CLOCK_RULES, DC015_EFFECTIVE, RULES_BY_ID, WAITING_PERIOD_RULES
from cpc_prosecution.domain.clocks.counting import (
    add_calendar_years,
    due_date,
    due_moment,
    is_working_day,
    next_working_day,
)
from cpc_prosecution.domain.clocks.deadlines import (
    Deadline,
    DeadlineStatus,
    deadlines,
    provisional_dismissal_lapses_on,
)
from cpc_prosecution.domain.clocks.outcomes import (
    OBLIGATION_RULES,
    ClockOutcome,
    clock_outcomes,
    outcomes_carry_over,
    same_clock_facts,
)
from cpc_prosecution.domain.clocks.rules import (
    ClockRule,
    ClockScope,
    ClockUnit,
    Condition,
    Extension,
    Pause,
    Strength,
)

__all__ = (
    "CLOCK_RULES",
    "DC015_EFFECTIVE",
    "OBLIGATION_RULES",
    "RULES_BY_ID",
    "WAITING_PERIOD_RULES",
    "ClockOutcome",
    "ClockRule",
    "ClockScope",
    "ClockUnit",
    "Condition",
    "Deadline",
    "DeadlineStatus",
    "Extension",
    "Pause",
    "Strength",
    "add_calendar_years",
    "clock_outcomes",
    "deadlines",
    "due_date",
    "due_moment",
    "is_working_day",
    "next_working_day",
    "outcomes_carry_over",
    "provisional_dismissal_lapses_on",
    "same_clock_facts",
)
