"""Side paths and loops (archiving, provisional dismissal, withdrawal, dismissal, refiling), transfers
and services delivered to children."""

import datetime as dt
from typing import Self

from cpc_prosecution.domain.events.base import Event, check_accused
from cpc_prosecution.domain.events.court import Raffle
from cpc_prosecution.domain.reference import CourtRefOrNone, OfficeRefOrNone
from cpc_prosecution.domain.types import AccusedPositions, PositiveCount
from cpc_prosecution.domain.vocab.case import RefilingForum, TransferReason
from cpc_prosecution.domain.vocab.court import ArchiveGround
from cpc_prosecution.domain.vocab.outcomes import COURT_DISMISSAL_REASONS, DismissalReason
from cpc_prosecution.domain.vocab.victims import VictimService


class Archiving(Event, frozen=True, tag="archiving"):
    """The case is archived as to these accused (A.M. 15-06-10-SC III.6)."""

    accused: AccusedPositions
    ground: ArchiveGround

    def __post_init__(self) -> None:
        check_accused(self.accused)

    @classmethod
    def sample(cls, day: dt.date) -> Self:
        return cls(occurred_on=day, accused=("A1",), ground=ArchiveGround.ACCUSED_AT_LARGE)


class Revival(Event, frozen=True, tag="revival"):
    """Revival after archiving (e.g. the accused was arrested) or of a provisional dismissal."""

    accused: AccusedPositions

    def __post_init__(self) -> None:
        check_accused(self.accused)

    @classmethod
    def sample(cls, day: dt.date) -> Self:
        return cls(occurred_on=day, accused=("A1",))


class ProvisionalDismissal(Event, frozen=True, tag="provisional_dismissal"):
    """Provisional dismissal with the accused's express consent (Rule 117 §8)."""

    accused: AccusedPositions

    def __post_init__(self) -> None:
        check_accused(self.accused)

    @classmethod
    def sample(cls, day: dt.date) -> Self:
        return cls(occurred_on=day, accused=("A1",))


class PermanentDismissal(Event, frozen=True, tag="permanent_dismissal"):
    """A provisional dismissal lapsed into a permanent one (1 year; 2 years if penalty > 6 years)."""

    accused: AccusedPositions

    def __post_init__(self) -> None:
        check_accused(self.accused)

    @classmethod
    def sample(cls, day: dt.date) -> Self:
        return cls(occurred_on=day, accused=("A1",))


class InformationWithdrawal(Event, frozen=True, tag="information_withdrawal"):
    """The prosecution withdrew the Information as to these accused (may be refiled)."""

    accused: AccusedPositions

    def __post_init__(self) -> None:
        check_accused(self.accused)

    @classmethod
    def sample(cls, day: dt.date) -> Self:
        return cls(occurred_on=day, accused=("A1",))


class Dismissal(Event, frozen=True, tag="dismissal"):
    """A court dismissal with a coded reason; the reason decides whether refiling is barred."""

    accused: AccusedPositions
    reason: DismissalReason

    def __post_init__(self) -> None:
        check_accused(self.accused)
        if self.reason not in COURT_DISMISSAL_REASONS:
            raise ValueError(f"{self.reason} is not a court dismissal reason")

    @classmethod
    def sample(cls, day: dt.date) -> Self:
        return cls(occurred_on=day, accused=("A2",), reason=DismissalReason.VICTIM_DESISTANCE)


class Refiling(Event, frozen=True, tag="refiling"):
    """The case starts again after a dismissal without prejudice (DC 015-2024 §16)."""

    forum: RefilingForum

    @classmethod
    def sample(cls, day: dt.date) -> Self:
        return cls(occurred_on=day, forum=RefilingForum.PROSECUTOR)


class Transfer(Event, frozen=True, tag="transfer"):
    """The case moves to another prosecution office or another court, for a coded reason."""

    reason: TransferReason
    to_office: OfficeRefOrNone = None
    to_court: CourtRefOrNone = None

    def __post_init__(self) -> None:
        if (self.to_office is None) == (self.to_court is None):
            raise ValueError("a transfer names exactly one of to_office or to_court")

    @classmethod
    def sample(cls, day: dt.date) -> Self:
        return cls(
            occurred_on=day,
            reason=TransferReason.NEW_DESIGNATED_COURT,
            to_court=Raffle.sample(day).court,
        )


class ServicesDelivered(Event, frozen=True, tag="services_delivered"):
    """A service delivered to a number of child victims (RA 9208 §23; DSWD RRPTP)."""

    service: VictimService
    children: PositiveCount

    @classmethod
    def sample(cls, day: dt.date) -> Self:
        return cls(occurred_on=day, service=VictimService.SHELTER_RESIDENTIAL, children=3)


#: Side paths, transfers and services (domain brief §2.1 order); `FactEvent` is the union of these unions.
SideEvent = (
    Archiving
    | Revival
    | ProvisionalDismissal
    | PermanentDismissal
    | InformationWithdrawal
    | Dismissal
    | Refiling
    | Transfer
    | ServicesDelivered
)


__all__ = (
    "Archiving",
    "Dismissal",
    "InformationWithdrawal",
    "PermanentDismissal",
    "ProvisionalDismissal",
    "Refiling",
    "Revival",
    "ServicesDelivered",
    "SideEvent",
    "Transfer",
)
