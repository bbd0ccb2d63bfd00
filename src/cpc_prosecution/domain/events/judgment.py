"""Judgment and after: promulgation, motions, appeal, finality (domain brief §2.1, stages 14-16)."""

import datetime as dt
from typing import Annotated, Self

import msgspec
from msgspec import Meta

from cpc_prosecution.domain.events.base import Event, check_accused, check_offences
from cpc_prosecution.domain.types import (
    AccusedPosition,
    AccusedPositions,
    AccusedPositionsOrNone,
    CountNumber,
    OffenceCode,
    position_number,
)
from cpc_prosecution.domain.vocab.court import (
    AppellateCourt,
    AppellateOutcome,
    FinalityBasis,
    MotionKind,
    MotionRulingKind,
)
from cpc_prosecution.domain.vocab.outcomes import (
    CONVICTIONS,
    JUDGMENT_OUTCOMES,
    LESSER_OFFENSE_OUTCOMES,
    CountOutcome,
    DismissalReason,
)
from cpc_prosecution.domain.vocab.penalties import PenaltyBand


class CountJudgment(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """The judgment on one count for one accused.

    A conviction carries a `sentence_band`; a conviction of a lesser offence names it in
    `convicted_of`; a count dropped under a plea bargain is DISMISSED with reason PLEA_AGREEMENT.
    """

    accused: AccusedPosition
    count_no: CountNumber
    outcome: CountOutcome
    sentence_band: PenaltyBand | None = None
    convicted_of: OffenceCode | None = None
    dismissal_reason: DismissalReason | None = None

    def __post_init__(self) -> None:
        if self.outcome not in JUDGMENT_OUTCOMES:
            raise ValueError(f"{self.outcome} is not an outcome a promulgation records")
        if (self.outcome in CONVICTIONS) != (self.sentence_band is not None):
            raise ValueError("sentence_band is required exactly for convictions")
        if (self.outcome in LESSER_OFFENSE_OUTCOMES) != (self.convicted_of is not None):
            raise ValueError("convicted_of is required exactly for convictions of a lesser offence")
        if self.convicted_of is not None:
            check_offences((self.convicted_of,), "convicted_of")
        dismissed = self.outcome is CountOutcome.DISMISSED
        if dismissed != (self.dismissal_reason is DismissalReason.PLEA_AGREEMENT):
            raise ValueError("a promulgation dismisses a count only under a plea agreement (PLEA_AGREEMENT)")


class Promulgation(Event, frozen=True, tag="promulgation"):
    """Promulgation of judgment: one outcome per accused per count (Rule 120 §6)."""

    judgments: Annotated[tuple[CountJudgment, ...], Meta(min_length=1)]

    def __post_init__(self) -> None:
        keys = [(j.accused, j.count_no) for j in self.judgments]
        if len(set(keys)) != len(keys):
            raise ValueError("a count is judged twice for the same accused")

    def accused_positions(self) -> tuple[str, ...]:
        """Accused judged, in position order."""
        return tuple(sorted({j.accused for j in self.judgments}, key=position_number))

    @classmethod
    def sample(cls, day: dt.date) -> Self:
        return cls(
            occurred_on=day,
            judgments=(
                CountJudgment(
                    accused="A1",
                    count_no=1,
                    outcome=CountOutcome.CONVICTED_LESSER_OFFENSE_PLEA,
                    sentence_band=PenaltyBand.AFFLICTIVE_12_20,
                    convicted_of="RA9208-4A",
                ),
                CountJudgment(
                    accused="A1",
                    count_no=2,
                    outcome=CountOutcome.DISMISSED,
                    dismissal_reason=DismissalReason.PLEA_AGREEMENT,
                ),
                CountJudgment(
                    accused="A2",
                    count_no=1,
                    outcome=CountOutcome.CONVICTED_LESSER_OFFENSE_PLEA,
                    sentence_band=PenaltyBand.AFFLICTIVE_12_20,
                    convicted_of="RA9208-4A",
                ),
            ),
        )


class MotionFiled(Event, frozen=True, tag="motion_filed"):
    """A motion or petition filed; `accused` empty means a motion about the case as a whole."""

    kind: MotionKind
    accused: AccusedPositionsOrNone = ()

    def __post_init__(self) -> None:
        check_accused(self.accused)

    @classmethod
    def sample(cls, day: dt.date) -> Self:
        return cls(occurred_on=day, kind=MotionKind.DEMURRER_TO_EVIDENCE, accused=("A2",))


class MotionRuling(Event, frozen=True, tag="motion_ruling"):
    """The ruling that ends a pending motion of the same kind and accused."""

    kind: MotionKind
    ruling: MotionRulingKind
    accused: AccusedPositionsOrNone = ()

    def __post_init__(self) -> None:
        check_accused(self.accused)

    @classmethod
    def sample(cls, day: dt.date) -> Self:
        return cls(
            occurred_on=day, kind=MotionKind.DEMURRER_TO_EVIDENCE, ruling=MotionRulingKind.GRANTED, accused=("A2",)
        )


class Appeal(Event, frozen=True, tag="appeal"):
    """Notice of appeal by convicted accused (Rule 122 §§3, 6; Rule 124 §13(c))."""

    accused: AccusedPositions
    forum: AppellateCourt = AppellateCourt.CA

    def __post_init__(self) -> None:
        check_accused(self.accused)

    @classmethod
    def sample(cls, day: dt.date) -> Self:
        return cls(occurred_on=day, accused=("A1",))


class AppellateDecision(Event, frozen=True, tag="appellate_decision"):
    """Decision on the appeal: affirmed, modified (optionally a new sentence band), reversed, remanded."""

    accused: AccusedPositions
    forum: AppellateCourt
    outcome: AppellateOutcome
    sentence_band: PenaltyBand | None = None

    def __post_init__(self) -> None:
        check_accused(self.accused)
        if self.sentence_band is not None and self.outcome is not AppellateOutcome.MODIFIED:
            raise ValueError("sentence_band only accompanies a MODIFIED judgment")

    @classmethod
    def sample(cls, day: dt.date) -> Self:
        return cls(occurred_on=day, accused=("A1",), forum=AppellateCourt.CA, outcome=AppellateOutcome.AFFIRMED)


class Finality(Event, frozen=True, tag="finality"):
    """The judgment became final for these accused (Rule 120 §7)."""

    accused: AccusedPositions
    basis: FinalityBasis

    def __post_init__(self) -> None:
        check_accused(self.accused)

    @classmethod
    def sample(cls, day: dt.date) -> Self:
        return cls(occurred_on=day, accused=("A1", "A2"), basis=FinalityBasis.WAIVER_OF_APPEAL)


#: Judgment, motions, appeals and finality (domain brief §2.1 order); `FactEvent` is the union of these unions.
JudgmentEvent = Promulgation | MotionFiled | MotionRuling | Appeal | AppellateDecision | Finality


__all__ = (
    "Appeal",
    "AppellateDecision",
    "CountJudgment",
    "Finality",
    "JudgmentEvent",
    "MotionFiled",
    "MotionRuling",
    "Promulgation",
)
