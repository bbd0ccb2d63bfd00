"""One demo case: a scripted walk detection -> filing -> court -> judgment, cut at the as-of date.

Unlike `domain.generate` (which explores every legal move for property tests), this walk follows the
common paths in the proportions the published figures show (docs/quickstart.md, "How the demo is
shaped"): about 85 % of cases detected reach a court (PNP-WCPC 2010), about 30 % of convictions come
from a plea (DOJ/IACAT 2020: 179 of 593), and durations from operation to conviction of one to seven
years (case_durations.csv: pleas 12-84 months, median about 36; trials 27-72 months). Each history is
folded event by event (`evolve`), so a bug here fails loudly instead of loading an illegal case.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, TypeVar

from cpc_prosecution.demo.places import Station
from cpc_prosecution.domain import events as ev
from cpc_prosecution.domain.children import ChildCounts
from cpc_prosecution.domain.lifecycle import evolve
from cpc_prosecution.domain.reference import Court, Hotspot
from cpc_prosecution.domain.state import EMPTY_CASE, CaseState
from cpc_prosecution.domain.types import MANILA
from cpc_prosecution.domain.vocab import (
    AgeBand,
    Agency,
    ArchiveGround,
    ArrestMode,
    BuildUpActivity,
    CaseType,
    ChildWitnessMeasure,
    CountOutcome,
    Custodian,
    DismissalReason,
    FinalityBasis,
    OperationKind,
    PenaltyBand,
    PiBasis,
    PleaKind,
    PostponementReason,
    ProbableCauseFinding,
    ReferralSource,
    ResolutionDisposition,
    Sex,
    VictimService,
)

__all__ = ("Shape", "demo_history")


@dataclass(frozen=True)
class Shape:
    """The proportions and durations a demo case is drawn from (defaults: the published figures)."""

    reaches_filing: float = 0.85
    """Share of detected cases that are filed in court (PNP-WCPC, Jan-Sep 2010: 85 %)."""
    plea_share_of_convictions: float = 0.30
    """Convictions by plea bargain among convictions (DOJ/IACAT to Oct 2020: 179 of 593 = 30 %)."""
    conviction_after_trial: float = 0.72
    """Share of tried cases that end in a conviction (the rest are acquittals)."""
    provisionally_dismissed: float = 0.07
    """Share of court cases provisionally dismissed (witness unavailable, accused not found)."""
    archived: float = 0.06
    """Share of court cases archived with the accused at large (never arraigned while at large)."""
    plea_median_months: float = 32.0
    """Median months from arrest to a plea conviction (case_durations.csv: 12, 23, 36, 46, 84)."""
    trial_median_months: float = 44.0
    """Median months from arrest to a judgment after trial (case_durations.csv: 27, 42, 72)."""
    spread: float = 0.45
    """Log-normal sigma of both durations."""

    def plea_probability(self) -> float:
        """P(plea) for an arraigned case, so that pleas are `plea_share_of_convictions` of the
        convictions of the cases that are not dismissed: q / (q + (1 - q) c) = s."""
        s, c = self.plea_share_of_convictions, self.conviction_after_trial
        return s * c / (1 - s + s * c)


_REFERRALS: Final = {
    CaseType.OSEC: (
        (ReferralSource.NCMEC_CYBERTIP, 6),
        (ReferralSource.FOREIGN_LE_REFERRAL, 3),
        (ReferralSource.ISP_ESP_REPORT, 1),
        (ReferralSource.FINANCIAL_INTERMEDIARY, 1),
        (ReferralSource.PROACTIVE_UNDERCOVER, 1),
    ),
    CaseType.CHILD_LABOR_TRAFFICKING: (
        (ReferralSource.LABOR_INSPECTION, 4),
        (ReferralSource.SOCIAL_WORKER, 2),
        (ReferralSource.COMMUNITY_OR_BARANGAY, 2),
    ),
    CaseType.OTHER_TRAFFICKING: (
        (ReferralSource.VICTIM_OR_FAMILY, 3),
        (ReferralSource.HOTLINE, 2),
        (ReferralSource.COMMUNITY_OR_BARANGAY, 2),
        (ReferralSource.SOCIAL_WORKER, 1),
    ),
}
_CASE_TYPES: Final = ((CaseType.OSEC, 6), (CaseType.CHILD_LABOR_TRAFFICKING, 1.5), (CaseType.OTHER_TRAFFICKING, 2.5))
_OFFENCE: Final = {
    CaseType.OSEC: "RA9208-4",
    CaseType.CHILD_LABOR_TRAFFICKING: "RA9208-6",
    CaseType.OTHER_TRAFFICKING: "RA9208-4",
}
_POSTPONEMENTS: Final = (
    (PostponementReason.ABSENCE_OF_WITNESS, 3),
    (PostponementReason.CHILD_WITNESS_UNAVAILABLE, 2),
    (PostponementReason.ACCUSED_NOT_BROUGHT_FROM_DETENTION, 2),
    (PostponementReason.ABSENCE_OF_DEFENCE_COUNSEL, 2),
    (PostponementReason.JUDGE_UNAVAILABLE, 1),
    (PostponementReason.PENDING_MOTION, 1),
)


T = TypeVar("T")


def _pick(rng: random.Random, weighted: Sequence[tuple[T, float]]) -> T:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def _months(rng: random.Random, median: float, sigma: float) -> int:
    """Days of a log-normal duration in months (at least two months)."""
    return max(60, round(30.44 * median * math.exp(rng.gauss(0.0, sigma))))


class _Walk:
    """Appends events in date order, folding each; stops recording at the as-of date."""

    def __init__(self, as_of: dt.date) -> None:
        self.as_of = as_of
        self.state: CaseState = EMPTY_CASE
        self.events: list[ev.CaseEvent] = []
        self.day = dt.date.min
        self.cut = False

    def add(self, event: ev.CaseEvent) -> bool:
        """Record `event` unless it falls after the as-of date (then the case stays pending there)."""
        if self.cut or event.occurred_on > self.as_of:
            self.cut = True
            return False
        self.state = evolve(self.state, event)
        self.events.append(event)
        self.day = max(self.day, event.occurred_on)
        return True

    def after(self, rng: random.Random, lo: int, hi: int) -> dt.date:
        return self.day + dt.timedelta(days=rng.randint(lo, hi))


def _children(rng: random.Random) -> ChildCounts:
    fields = ("girls_6_11", "girls_12_14", "girls_15_17", "boys_6_11", "boys_12_14", "boys_15_17")
    counts = dict.fromkeys(fields, 0)
    for _ in range(rng.choice((1, 1, 2, 2, 3, 4))):
        counts[rng.choice(fields)] += 1
    return ChildCounts(**counts)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=MANILA)


def demo_history(
    rng: random.Random,
    *,
    detected_on: dt.date,
    as_of: dt.date,
    station: Station,
    courts: Sequence[Court],
    hotspots: Sequence[Hotspot],
    shape: Shape = Shape(),
) -> list[ev.CaseEvent]:
    """One legal history detected on `detected_on` and cut at `as_of` (no later event)."""
    walk = _Walk(as_of)
    case_type = _pick(rng, _CASE_TYPES)
    offence = _OFFENCE[case_type]
    hotspot = next((h for h in hotspots if h.psgc == station.psgc and h.covers(detected_on)), None)
    if hotspot is not None and (case_type is not CaseType.OSEC or rng.random() < 0.3):
        hotspot = None
    walk.add(
        ev.Detection(
            occurred_on=detected_on,
            case_id="DEMO",
            case_type=case_type,
            referral_source=_pick(rng, _REFERRALS[case_type]),
            place_psgc=station.psgc,
            hotspot=hotspot,
        )
    )
    accused = ("A1", "A2") if rng.random() < 0.25 else ("A1",)
    filed = rng.random() < shape.reaches_filing
    if case_type is CaseType.OSEC or rng.random() < 0.4:
        arrested_on = _entrapment(rng, walk, station, case_type, accused, offence, filed)
    else:
        arrested_on = _complaint(rng, walk, station, accused, offence, filed)
    if walk.cut or not filed:
        return walk.events
    _court(rng, walk, rng.choice(courts), accused, arrested_on, shape)
    return walk.events


def _entrapment(
    rng: random.Random,
    walk: _Walk,
    station: Station,
    case_type: CaseType,
    accused: tuple[str, ...],
    offence: str,
    filed: bool,
) -> dt.date | None:
    """Build-up, a rescue operation with warrantless arrests, an inquest and its resolution."""
    activity = BuildUpActivity.UNDERCOVER_ONLINE_CONTACT if case_type is CaseType.OSEC else BuildUpActivity.SURVEILLANCE
    walk.add(ev.CaseBuildUp(occurred_on=walk.after(rng, 3, 45), activity=activity))
    if not filed and rng.random() < 0.6:
        return None  # still being built up, or dropped without an operation
    rescued = _children(rng)
    day = walk.after(rng, 7, 75)
    kind = OperationKind.RESCUE_AND_ENTRAPMENT if case_type is CaseType.OSEC else OperationKind.RESCUE
    walk.add(
        ev.Operation(
            occurred_on=day,
            kind=kind,
            lead_agency=_pick(rng, ((Agency.PNP_WCPC, 5), (Agency.NBI_AHTRAD, 3), (Agency.IACAT_TASK_FORCE, 2))),
            children_rescued=rescued,
            children_into_custody=rescued,
            custodian=_pick(rng, ((Custodian.DSWD, 2), (Custodian.C_MSWDO, 3))),
        )
    )
    walk.add(ev.Arrest(occurred_on=day, accused=accused, mode=ArrestMode.WARRANTLESS, occurred_at=_at(day, 15)))
    walk.add(ev.ServicesDelivered(occurred_on=day, service=VictimService.SHELTER_RESIDENTIAL, children=rescued.total()))
    inquest = day + dt.timedelta(days=1)
    walk.add(ev.Inquest(occurred_on=inquest, accused=accused, office=station.office, occurred_at=_at(inquest, 9)))
    if not filed:
        walk.add(
            ev.Resolution(
                occurred_on=inquest,
                disposition=ResolutionDisposition.DISMISS,
                dismissal_reason=DismissalReason.RELEASED_AT_INQUEST,
            )
        )
        return None
    walk.add(ev.Resolution(occurred_on=inquest, disposition=ResolutionDisposition.FILE_INFORMATION))
    counts = (ev.ChargeCount(count_no=1, offence=offence, accused=accused),)
    walk.add(ev.Filing(occurred_on=inquest, counts=counts, occurred_at=_at(inquest, 16)))
    return day


def _complaint(
    rng: random.Random, walk: _Walk, station: Station, accused: tuple[str, ...], offence: str, filed: bool
) -> dt.date | None:
    """A complaint, a preliminary investigation and its resolution (dismissed when not filed)."""
    if not filed and rng.random() < 0.45:
        return None  # still under investigation by law enforcement
    walk.add(
        ev.PreliminaryInvestigation(
            occurred_on=walk.after(rng, 20, 150),
            office=station.office,
            basis=PiBasis.COMPLAINT,
            respondents=accused,
            offences=(offence,),
        )
    )
    resolved = walk.after(rng, 30, 140)
    if not filed:
        walk.add(
            ev.Resolution(
                occurred_on=resolved,
                disposition=ResolutionDisposition.DISMISS,
                dismissal_reason=DismissalReason.INSUFFICIENT_EVIDENCE,
            )
        )
        return None
    walk.add(ev.Resolution(occurred_on=resolved, disposition=ResolutionDisposition.FILE_INFORMATION))
    counts = (ev.ChargeCount(count_no=1, offence=offence, accused=accused),)
    walk.add(ev.Filing(occurred_on=walk.after(rng, 1, 20), counts=counts))
    return None


def _court(
    rng: random.Random,
    walk: _Walk,
    court: Court,
    accused: tuple[str, ...],
    arrested_on: dt.date | None,
    shape: Shape,
) -> None:
    walk.add(ev.Raffle(occurred_on=walk.after(rng, 1, 14), court=court))
    walk.add(ev.ProbableCauseDetermination(occurred_on=walk.after(rng, 2, 10), finding=ProbableCauseFinding.FOUND))
    if arrested_on is None:
        if rng.random() < shape.archived:
            walk.add(
                ev.Archiving(
                    occurred_on=walk.after(rng, 180, 240), accused=accused, ground=ArchiveGround.ACCUSED_AT_LARGE
                )
            )
            return
        walk.add(ev.Arrest(occurred_on=walk.after(rng, 5, 120), accused=accused, mode=ArrestMode.ON_WARRANT))
        arrested_on = walk.day
    pleas = tuple(ev.Plea(accused=a, count_no=1, plea=PleaKind.NOT_GUILTY) for a in accused)
    if not walk.add(ev.Arraignment(occurred_on=walk.after(rng, 10, 75), pleas=pleas)):
        return
    walk.add(ev.PreTrial(occurred_on=walk.after(rng, 7, 45), accused=accused))
    if rng.random() < shape.plea_probability():
        _plea(rng, walk, accused, arrested_on + dt.timedelta(days=_months(rng, shape.plea_median_months, shape.spread)))
        return
    ends_on = arrested_on + dt.timedelta(days=_months(rng, shape.trial_median_months, shape.spread))
    dismissed = rng.random() < shape.provisionally_dismissed
    _trial(rng, walk, accused, ends_on, convicted=rng.random() < shape.conviction_after_trial, dismissed=dismissed)


def _hearings(rng: random.Random, walk: _Walk, accused: tuple[str, ...], until: dt.date) -> None:
    """Trial settings every one to three months until `until`, some postponed, one child testifying."""
    testified = False
    while walk.day + dt.timedelta(days=100) < until:
        day = walk.after(rng, 30, 95)
        held = rng.random() < 0.6
        reason = None if held else _pick(rng, _POSTPONEMENTS)
        if not walk.add(ev.TrialSetting(occurred_on=day, accused=accused, held=held, postponement_reason=reason)):
            return
        if held and not testified and rng.random() < 0.5:
            measures = (ChildWitnessMeasure.LIVE_LINK,) if rng.random() < 0.6 else (ChildWitnessMeasure.SUPPORT_PERSON,)
            age = _pick(rng, ((AgeBand.AGE_12_14, 2), (AgeBand.AGE_15_17, 3), (AgeBand.AGE_6_11, 1)))
            sex = _pick(rng, ((Sex.FEMALE, 4), (Sex.MALE, 1)))
            testified = walk.add(ev.ChildTestimony(occurred_on=day, age_band=age, sex=sex, measures=measures))


def _plea(rng: random.Random, walk: _Walk, accused: tuple[str, ...], on: dt.date) -> None:
    # A plea comes before trial starts; meanwhile the children keep receiving services.
    while walk.day + dt.timedelta(days=150) < on:
        service = _pick(
            rng, ((VictimService.PSYCHOSOCIAL_MENTAL_HEALTH, 3), (VictimService.AFTERCARE_CASE_MANAGEMENT, 2))
        )
        if not walk.add(ev.ServicesDelivered(occurred_on=walk.after(rng, 60, 140), service=service, children=1)):
            return
    on = max(on, walk.day + dt.timedelta(days=14))
    for a in accused:
        if not walk.add(
            ev.PleaBargain(occurred_on=on, accused=a, pleas=(ev.LesserPlea(count_no=1, plea_to="RA9208-4A"),))
        ):
            return
    judgments = tuple(
        ev.CountJudgment(
            accused=a,
            count_no=1,
            outcome=CountOutcome.CONVICTED_LESSER_OFFENSE_PLEA,
            sentence_band=PenaltyBand.AFFLICTIVE_12_20,
            convicted_of="RA9208-4A",
        )
        for a in accused
    )
    if walk.add(ev.Promulgation(occurred_on=on, judgments=judgments)):
        walk.add(ev.Finality(occurred_on=on, accused=accused, basis=FinalityBasis.WAIVER_OF_APPEAL))


def _trial(
    rng: random.Random, walk: _Walk, accused: tuple[str, ...], ends_on: dt.date, *, convicted: bool, dismissed: bool
) -> None:
    decided_on = max(ends_on, walk.day + dt.timedelta(days=120))
    submitted_on = decided_on - dt.timedelta(days=rng.randint(45, 90))
    _hearings(rng, walk, accused, submitted_on)
    if dismissed:
        walk.add(ev.ProvisionalDismissal(occurred_on=walk.after(rng, 20, 90), accused=accused))
        return
    # The last hearing (the defence rests), then the case is submitted for decision.
    last = max(submitted_on - dt.timedelta(days=rng.randint(7, 30)), walk.day)
    if not walk.add(ev.TrialSetting(occurred_on=last, accused=accused, held=True)):
        return
    if not walk.add(ev.SubmissionForDecision(occurred_on=max(submitted_on, walk.day), accused=accused)):
        return
    outcome = CountOutcome.CONVICTED_AS_CHARGED if convicted else CountOutcome.ACQUITTED
    band = PenaltyBand.LIFE_IMPRISONMENT if convicted else None
    judgments = tuple(ev.CountJudgment(accused=a, count_no=1, outcome=outcome, sentence_band=band) for a in accused)
    if walk.add(ev.Promulgation(occurred_on=max(decided_on, walk.day), judgments=judgments)) and convicted:
        basis = FinalityBasis.APPEAL_PERIOD_LAPSED
        walk.add(ev.Finality(occurred_on=walk.after(rng, 16, 30), accused=accused, basis=basis))
