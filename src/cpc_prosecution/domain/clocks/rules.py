"""The shape of a legal clock: `ClockRule` rows are data; one engine evaluates them all.

A rule starts at a milestone, stops at the first of its stop milestones, may pause between
milestone pairs, may restart (a "fresh period"), may be cancelled (moot) and may be extended by a
condition or a milestone. It applies when its start date falls in [effective_from, effective_to).
"""

import datetime as dt
from enum import StrEnum

import msgspec

from cpc_prosecution.domain.milestones import Milestone


class ClockUnit(StrEnum):
    """How a limit is counted (domain brief §3)."""

    HOURS = "hours"
    """Clock hours from the start moment (RPC Art. 125)."""
    CALENDAR_DAYS = "calendar_days"
    """Start + n days, no adjustment (A.M. 15-06-10-SC; most DC 015 periods)."""
    DAYS = "days"
    """Rule 22 §1: exclude the first day; a last day on Saturday, Sunday or holiday moves to the next working day."""
    MONTHS = "months"
    """30 days each (Administrative Code 1987, Bk I §31)."""
    YEARS = "years"
    """12 calendar months: the same date n years later (Admin. Code Bk I §31)."""


class Strength(StrEnum):
    """Binding law or rule, or an administrative target that raises advisory flags only."""

    BINDING = "binding"
    ADVISORY = "advisory"


class ClockScope(StrEnum):
    """One clock per case, or one per accused."""

    CASE = "case"
    ACCUSED = "accused"


class Condition(StrEnum):
    """Facts about the case or accused a rule (or an extension) depends on."""

    ART125_LIGHT = "ART125_LIGHT"
    ART125_CORRECTIONAL = "ART125_CORRECTIONAL"
    ART125_AFFLICTIVE = "ART125_AFFLICTIVE"
    TIP_CASE = "TIP_CASE"
    """A count charges RA 9208 (OCA Circular 151-2010 covers RA 9208 cases)."""
    CAPITAL_OFFENCE = "CAPITAL_OFFENCE"
    """An offence complained of or charged carries reclusion perpetua or life (interpretation)."""
    PENALTY_OVER_6_YEARS = "PENALTY_OVER_6_YEARS"
    """The accused's heaviest count carries more than 6 years (Rule 117 §8)."""


class Extension(msgspec.Struct, frozen=True, kw_only=True):
    """Add `add` units when `condition` holds or `milestone` occurred while the clock ran.

    Extensions do not stack: the largest applicable one applies.
    """

    add: int
    condition: Condition | None = None
    milestone: Milestone | None = None


class Pause(msgspec.Struct, frozen=True, kw_only=True):
    """The clock stands still from `start` until the next `end` (at most `max_days` days)."""

    start: Milestone
    end: Milestone
    max_days: int | None = None


class ClockRule(msgspec.Struct, frozen=True, kw_only=True):
    """One versioned legal clock."""

    rule_id: str
    title: str
    scope: ClockScope
    start_event: Milestone
    stop_events: tuple[Milestone, ...]
    limit: int
    unit: ClockUnit
    strength: Strength
    legal_source: str
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    """First start date the rule no longer governs (exclusive)."""
    extensions: tuple[Extension, ...] = ()
    pause_events: tuple[Pause, ...] = ()
    restart_events: tuple[Milestone, ...] = ()
    """A later restart milestone begins a fresh full period (e.g. appeal after a denied MR)."""
    cancel_events: tuple[Milestone, ...] = ()
    """Before the due date, these make the clock moot (it is then not reported)."""
    conditions: tuple[Condition, ...] = ()
    note: str = ""

    def in_effect(self, start: dt.date) -> bool:
        """Whether this version governs a clock that started on `start`."""
        if self.effective_from is not None and start < self.effective_from:
            return False
        return self.effective_to is None or start < self.effective_to
