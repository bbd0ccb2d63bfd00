"""Domain errors. Every rejection of an event by the fold is one of these.

`fold` sets `seq` (the 1-based position of the offending event) on the error it raises, so a
service can tell the client which event was refused and what is allowed instead.
"""

import datetime as dt

from cpc_prosecution.domain.vocab.stages import Stage


class DomainError(Exception):
    """Base class: an event or history breaks a rule of the case lifecycle."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
        self.seq: int | None = None

    def __str__(self) -> str:
        return self.message if self.seq is None else f"event #{self.seq}: {self.message}"


class IllegalTransition(DomainError):
    """The event is not allowed in the case's current stage (or the accused's stage).

    Attributes: `stage` (current case stage, None before detection), `event_type` (tag of the
    refused event), `allowed` (tags of the event types allowed next), and, when one accused is
    the problem, `accused` and `accused_stage`.
    """

    def __init__(
        self,
        *,
        stage: Stage | None,
        event_type: str,
        allowed: tuple[str, ...],
        accused: str | None = None,
        accused_stage: Stage | None = None,
        detail: str | None = None,
    ) -> None:
        where = f"stage {stage.value if stage else 'NONE (no detection yet)'}"
        if accused is not None:
            where += f" (accused {accused} at {accused_stage.value if accused_stage else 'no court stage'})"
        message = f"{event_type} is not allowed at {where}"
        if detail:
            message += f": {detail}"
        message += f"; allowed next: {', '.join(allowed) if allowed else 'nothing'}"
        super().__init__(message)
        self.stage = stage
        self.event_type = event_type
        self.allowed = allowed
        self.accused = accused
        self.accused_stage = accused_stage


class DateOrderError(DomainError):
    """The event is dated before detection, or before an event it depends on.

    Attributes: `event_type`, `occurred_on`, `depends_on` (what it must not precede) and
    `depends_on_date` (the earliest date the event may carry).
    """

    def __init__(self, *, event_type: str, occurred_on: dt.date, depends_on: str, depends_on_date: dt.date) -> None:
        super().__init__(
            f"{event_type} dated {occurred_on.isoformat()} is before {depends_on} dated {depends_on_date.isoformat()}"
        )
        self.event_type = event_type
        self.occurred_on = occurred_on
        self.depends_on = depends_on
        self.depends_on_date = depends_on_date


class InvalidEvent(DomainError):
    """The event is allowed in this stage but its content does not fit the case.

    Examples: it names an accused the case does not have, pleas do not cover the accused's counts,
    a ruling matches no pending motion. Attributes: `event_type`, `reason`.
    """

    def __init__(self, *, event_type: str, reason: str) -> None:
        super().__init__(f"{event_type}: {reason}")
        self.event_type = event_type
        self.reason = reason


class CorrectionError(DomainError):
    """A retraction or supersession cannot be applied. Attributes: `target_seq`, `reason`."""

    def __init__(self, *, target_seq: int, reason: str) -> None:
        super().__init__(f"correction of event #{target_seq}: {reason}")
        self.target_seq = target_seq
        self.reason = reason
