"""Events in the trial court before judgment (domain brief §2.1, stages 7-14)."""

import datetime as dt
from typing import Annotated, Self

import msgspec
from msgspec import Meta

from cpc_prosecution.domain.events.base import Event, check_accused, check_offences, check_unique
from cpc_prosecution.domain.reference import Court, CourtDesignation, CourtRef, JudicialRegion
from cpc_prosecution.domain.types import (
    AccusedPosition,
    AccusedPositions,
    AwareDatetime,
    CountNumber,
    OffenceCode,
    check_moment,
    position_number,
)
from cpc_prosecution.domain.vocab.court import (
    BailDecision,
    PleaKind,
    PostponementReason,
    ProbableCauseFinding,
)
from cpc_prosecution.domain.vocab.victims import AgeBand, ChildWitnessMeasure, Sex


class ChargeCount(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """One count of an Information: an offence code charged against one or more accused."""

    count_no: CountNumber
    offence: OffenceCode
    accused: AccusedPositions

    def __post_init__(self) -> None:
        check_offences((self.offence,), "offence")
        check_accused(self.accused)


class Filing(Event, frozen=True, tag="filing"):
    """Filing of the Information(s) in court: the counts, each against positions A1, A2, ...

    Filing is the "delivery to the judicial authority" that stops the Art. 125 clocks, so it has
    an optional `occurred_at`.
    """

    counts: Annotated[tuple[ChargeCount, ...], Meta(min_length=1)]
    occurred_at: AwareDatetime | None = None

    def __post_init__(self) -> None:
        check_unique((c.count_no for c in self.counts), "count_no")
        check_moment(self.occurred_on, self.occurred_at)

    def accused_positions(self) -> tuple[str, ...]:
        """Every accused named in any count, in position order."""
        return tuple(sorted({p for c in self.counts for p in c.accused}, key=position_number))

    @classmethod
    def sample(cls, day: dt.date) -> Self:
        return cls(
            occurred_on=day,
            counts=(
                ChargeCount(count_no=1, offence="RA9208-6", accused=("A1", "A2")),
                ChargeCount(count_no=2, offence="RA7610-5", accused=("A1",)),
            ),
        )


class Raffle(Event, frozen=True, tag="raffle"):
    """Raffle of the case to an RTC branch (Rule 116 §1(e): 3 days for detained accused)."""

    court: CourtRef

    @classmethod
    def sample(cls, day: dt.date) -> Self:
        return cls(
            occurred_on=day,
            court=Court(
                court_id="RTC-R7-LLC-FC54",
                judicial_region=JudicialRegion.R7,
                station_psgc="0702260000",
                branch_label="Family Court Branch 54",
                designation=CourtDesignation.FAMILY,
            ),
        )


class ProbableCauseDetermination(Event, frozen=True, tag="probable_cause_determination"):
    """Judicial determination of probable cause (Rule 112 §5(a)); FOUND issues warrants."""

    finding: ProbableCauseFinding

    @classmethod
    def sample(cls, day: dt.date) -> Self:
        return cls(occurred_on=day, finding=ProbableCauseFinding.FOUND)


class BailHearing(Event, frozen=True, tag="bail_hearing"):
    """First hearing of a petition for bail (A.M. 15-06-10-SC III.10: resolve within 30 days)."""

    accused: AccusedPositions

    def __post_init__(self) -> None:
        check_accused(self.accused)

    @classmethod
    def sample(cls, day: dt.date) -> Self:
        return cls(occurred_on=day, accused=("A2",))


class BailRuling(Event, frozen=True, tag="bail_ruling"):
    """Ruling on the petition for bail (Rule 114 §7)."""

    accused: AccusedPositions
    decision: BailDecision

    def __post_init__(self) -> None:
        check_accused(self.accused)

    @classmethod
    def sample(cls, day: dt.date) -> Self:
        return cls(occurred_on=day, accused=("A2",), decision=BailDecision.GRANTED)


class Plea(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """The plea of one accused to one count."""

    accused: AccusedPosition
    count_no: CountNumber
    plea: PleaKind


class Arraignment(Event, frozen=True, tag="arraignment"):
    """Arraignment: each arraigned accused pleads to each of their counts (Rule 116 §1)."""

    pleas: Annotated[tuple[Plea, ...], Meta(min_length=1)]

    def __post_init__(self) -> None:
        check_unique(((p.accused, p.count_no) for p in self.pleas), "pleas")

    def accused_positions(self) -> tuple[str, ...]:
        """Accused arraigned, in position order."""
        return tuple(sorted({p.accused for p in self.pleas}, key=position_number))

    @classmethod
    def sample(cls, day: dt.date) -> Self:
        return cls(
            occurred_on=day,
            pleas=(
                Plea(accused="A1", count_no=1, plea=PleaKind.NOT_GUILTY),
                Plea(accused="A1", count_no=2, plea=PleaKind.NOT_GUILTY),
                Plea(accused="A2", count_no=1, plea=PleaKind.NOT_GUILTY),
            ),
        )


class LesserPlea(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Under a plea bargain, a count is pleaded to a lesser offence, or dropped (`plea_to` None)."""

    count_no: CountNumber
    plea_to: OffenceCode | None

    def __post_init__(self) -> None:
        if self.plea_to is not None:
            check_offences((self.plea_to,), "plea_to")


class PleaBargain(Event, frozen=True, tag="plea_bargain"):
    """Approved plea bargain for one accused, covering all their counts (Rule 116 §2).

    Allowed at or after arraignment and before trial; judgment on the plea follows as a
    `Promulgation` (A.M. 15-06-10-SC III.8(d)).
    """

    accused: AccusedPosition
    pleas: Annotated[tuple[LesserPlea, ...], Meta(min_length=1)]

    def __post_init__(self) -> None:
        check_unique((p.count_no for p in self.pleas), "count_no")
        if all(p.plea_to is None for p in self.pleas):
            raise ValueError("a plea bargain pleads guilty to at least one lesser offence")

    @classmethod
    def sample(cls, day: dt.date) -> Self:
        return cls(
            occurred_on=day,
            accused="A1",
            pleas=(LesserPlea(count_no=1, plea_to="RA9208-4A"), LesserPlea(count_no=2, plea_to=None)),
        )


class PreTrial(Event, frozen=True, tag="pre_trial"):
    """Pre-trial conference held and order issued (Rule 118 §1; RA 8493 §2)."""

    accused: AccusedPositions

    def __post_init__(self) -> None:
        check_accused(self.accused)

    @classmethod
    def sample(cls, day: dt.date) -> Self:
        return cls(occurred_on=day, accused=("A1", "A2"))


class TrialSetting(Event, frozen=True, tag="trial_setting"):
    """One trial setting: held, or postponed for a coded reason. The first one held starts trial."""

    accused: AccusedPositions
    held: bool
    postponement_reason: PostponementReason | None = None

    def __post_init__(self) -> None:
        check_accused(self.accused)
        if self.held == (self.postponement_reason is not None):
            raise ValueError("postponement_reason is required exactly when the setting was not held")

    @classmethod
    def sample(cls, day: dt.date) -> Self:
        return cls(
            occurred_on=day,
            accused=("A1",),
            held=False,
            postponement_reason=PostponementReason.ACCUSED_NOT_BROUGHT_FROM_DETENTION,
        )


class ChildTestimony(Event, frozen=True, tag="child_testimony"):
    """One child witness testified, with the measures used (A.M. No. 004-07-SC).

    A child who testifies by live link or videotaped deposition is not in the courtroom.
    """

    age_band: AgeBand
    sex: Sex
    measures: tuple[ChildWitnessMeasure, ...] = ()

    def __post_init__(self) -> None:
        check_unique(self.measures, "measures")

    @classmethod
    def sample(cls, day: dt.date) -> Self:
        return cls(
            occurred_on=day,
            age_band=AgeBand.AGE_15_17,
            sex=Sex.FEMALE,
            measures=(ChildWitnessMeasure.LIVE_LINK, ChildWitnessMeasure.SUPPORT_PERSON),
        )


class SubmissionForDecision(Event, frozen=True, tag="submission_for_decision"):
    """Case submitted for decision; promulgation due within 90 days (A.M. 15-06-10-SC III.16)."""

    accused: AccusedPositions

    def __post_init__(self) -> None:
        check_accused(self.accused)

    @classmethod
    def sample(cls, day: dt.date) -> Self:
        return cls(occurred_on=day, accused=("A1",))


#: Court events before judgment (domain brief §2.1 order); `FactEvent` is the union of these unions.
CourtEvent = (
    Filing
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
)


__all__ = (
    "Arraignment",
    "BailHearing",
    "BailRuling",
    "ChargeCount",
    "ChildTestimony",
    "CourtEvent",
    "Filing",
    "LesserPlea",
    "Plea",
    "PleaBargain",
    "PreTrial",
    "ProbableCauseDetermination",
    "Raffle",
    "SubmissionForDecision",
    "TrialSetting",
)
