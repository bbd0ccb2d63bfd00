"""Moves before an Information is filed, and case-level court moves."""

from cpc_prosecution.domain import events as ev
from cpc_prosecution.domain.children import ChildCounts
from cpc_prosecution.domain.examples import CITY_OFFICE
from cpc_prosecution.domain.generate.base import MovesBase
from cpc_prosecution.domain.generate.parts import (
    COURTS,
    OFFICES,
    SECONDARY_OFFENCES,
    Move,
    S,
    children,
    moment,
)
from cpc_prosecution.domain.offences import offence
from cpc_prosecution.domain.vocab import (
    Agency,
    ArrestMode,
    BuildUpActivity,
    CaseType,
    Custodian,
    Custody,
    DismissalReason,
    MotionKind,
    MotionRulingKind,
    OperationKind,
    PiBasis,
    ProbableCauseFinding,
    RefilingForum,
    ResolutionDisposition,
    Stage,
    TransferReason,
)


class PreCourtMoves(MovesBase):
    """Detection to filing; raffle, probable cause, motions, court transfers."""

    # -- before court -----------------------------------------------------------------------------
    def _pre_court(self) -> list[Move]:
        """Proposals before filing, weighted by the case-level stage."""
        osec = self.gen.case_type is CaseType.OSEC
        table: dict[Stage, list[Move]] = {
            S.DETECTION: [
                (3, ev.CaseBuildUp, self.build_up),
                (3 if osec else 2, ev.Operation, self.operation),
                (2, ev.PreliminaryInvestigation, self.pi_complaint),
            ],
            S.CASE_BUILDUP: [
                (1, ev.CaseBuildUp, self.build_up),
                (4, ev.Operation, self.operation),
                (2, ev.PreliminaryInvestigation, self.pi_complaint),
            ],
            S.OPERATION: [
                (5, ev.Arrest, self.warrantless_arrest),
                (1, ev.PreliminaryInvestigation, self.pi_complaint),
                (0.5, ev.Operation, self.operation),
            ],
            S.ARREST: [(6, ev.Inquest, self.inquest)],
            S.INQUEST: [
                (6, ev.Resolution, lambda: self.resolve(None)),
                (1, ev.PreliminaryInvestigation, lambda: self.pi_after_inquest(PiBasis.ART125_WAIVER)),
                (
                    1,
                    ev.PreliminaryInvestigation,
                    lambda: self.pi_after_inquest(PiBasis.RELEASED_FOR_FURTHER_INVESTIGATION),
                ),
                (0.4, ev.Resolution, lambda: self.resolve(DismissalReason.RELEASED_AT_INQUEST)),
            ],
            S.PRELIM_INVESTIGATION: [
                (5, ev.Resolution, lambda: self.resolve(None)),
                (1.2, ev.Resolution, lambda: self.resolve(DismissalReason.INSUFFICIENT_EVIDENCE)),
                (0.4, ev.Transfer, self.transfer_office),
            ],
            S.RESOLUTION: [(1, ev.Filing, self.file)],
        }
        stage = self.gen.state.precourt_stage
        return table.get(stage, []) if stage is not None else []

    def refile(self) -> bool:
        court = self.gen.state.in_court and self.rng.random() < 0.4
        forum = RefilingForum.COURT if court else RefilingForum.PROSECUTOR
        return self.gen.place(lambda d: ev.Refiling(occurred_on=d, forum=forum), 30, 240)

    def build_up(self) -> bool:
        activity = self.rng.choice(tuple(BuildUpActivity))
        return self.gen.place(lambda d: ev.CaseBuildUp(occurred_on=d, activity=activity), 1, 45)

    def operation(self) -> bool:
        rng = self.rng
        rescued = children(rng, 4)
        custody = rescued if rng.random() < 0.9 else ChildCounts()
        labour = self.gen.case_type is CaseType.CHILD_LABOR_TRAFFICKING
        kinds = (OperationKind.RESCUE, OperationKind.ENTRAPMENT, OperationKind.RESCUE_AND_ENTRAPMENT)
        kind = OperationKind.LABOR_INSPECTION_REMOVAL if labour else rng.choice(kinds)
        lead = rng.choice((Agency.PNP_WCPC, Agency.NBI_AHTRAD, Agency.IACAT_TASK_FORCE))
        custodian = rng.choice(tuple(Custodian)) if custody.total() else None
        return self.gen.place(
            lambda d: ev.Operation(
                occurred_on=d,
                kind=kind,
                lead_agency=lead,
                children_rescued=rescued,
                children_into_custody=custody,
                custodian=custodian,
            ),
            3,
            60,
        )

    def warrantless_arrest(self) -> bool:
        rng = self.rng
        positions = self.gen.positions
        offences = self._offences() if rng.random() < 0.85 else ()
        timed = rng.random() < 0.6
        return self.gen.place(
            lambda d: ev.Arrest(
                occurred_on=d,
                accused=positions,
                mode=ArrestMode.WARRANTLESS,
                offences=offences,
                occurred_at=moment(rng, d) if timed else None,
            ),
            0,
            0,
        )

    def inquest(self) -> bool:
        rng = self.rng
        detained = tuple(a.position for a in self.gen.state.accused.values() if a.custody is Custody.DETAINED)
        office = rng.choice(OFFICES)
        return self.gen.place(lambda d: ev.Inquest(occurred_on=d, accused=detained, office=office), 0, 1)

    def pi_complaint(self) -> bool:
        office = self.rng.choice(OFFICES)
        positions, offences = self.gen.positions, self._offences()
        return self.gen.place(
            lambda d: ev.PreliminaryInvestigation(
                occurred_on=d, office=office, basis=PiBasis.COMPLAINT, respondents=positions, offences=offences
            ),
            5,
            45,
        )

    def pi_after_inquest(self, basis: PiBasis) -> bool:
        office = self.gen.state.office or CITY_OFFICE
        offences = self._offences()
        return self.gen.place(
            lambda d: ev.PreliminaryInvestigation(occurred_on=d, office=office, basis=basis, offences=offences), 0, 2
        )

    def resolve(self, reason: DismissalReason | None) -> bool:
        disposition = ResolutionDisposition.FILE_INFORMATION if reason is None else ResolutionDisposition.DISMISS
        inquest = self.gen.state.precourt_stage is S.INQUEST
        lo, hi = (0, 1) if inquest else (15, 90)
        return self.gen.place(
            lambda d: ev.Resolution(occurred_on=d, disposition=disposition, dismissal_reason=reason), lo, hi
        )

    def transfer_office(self) -> bool:
        office = self.rng.choice(OFFICES)
        reason = self.rng.choice((TransferReason.REASSIGNMENT, TransferReason.CONSOLIDATION, TransferReason.OTHER))
        return self.gen.place(lambda d: ev.Transfer(occurred_on=d, reason=reason, to_office=office), 1, 20)

    def file(self) -> bool:
        rng, state = self.rng, self.gen.state
        chargeable = tuple(
            p
            for p in self.gen.positions
            if (acc := state.accused.get(p)) is None
            or acc.stage is None
            or (acc.stage is S.DISMISSED and acc.dismissed_with_prejudice is False)
        )
        main = self._offences()[0]
        counts = [ev.ChargeCount(count_no=1, offence=main, accused=chargeable)]
        if rng.random() < 0.4:
            secondary = [c for c in SECONDARY_OFFENCES if offence(c).in_force_on(self.gen.start)]
            counts.append(ev.ChargeCount(count_no=2, offence=rng.choice(secondary), accused=chargeable[:1]))
        timed = rng.random() < 0.5
        return self.gen.place(
            lambda d: ev.Filing(occurred_on=d, counts=tuple(counts), occurred_at=moment(rng, d) if timed else None),
            0,
            3,
        )

    # -- in court, whole case ---------------------------------------------------------------------
    def raffle(self) -> bool:
        court = self.rng.choice(COURTS)
        return self.gen.place(lambda d: ev.Raffle(occurred_on=d, court=court), 0, 4)

    def jdpc(self, finding: ProbableCauseFinding) -> bool:
        return self.gen.place(lambda d: ev.ProbableCauseDetermination(occurred_on=d, finding=finding), 1, 12)

    def transfer_court(self) -> bool:
        court = self.rng.choice(COURTS)
        return self.gen.place(
            lambda d: ev.Transfer(occurred_on=d, reason=TransferReason.INHIBITION, to_court=court), 0, 30
        )

    def rule_motion(self, kind: MotionKind, accused: tuple[str, ...], ruling: MotionRulingKind) -> bool:
        return self.gen.place(
            lambda d: ev.MotionRuling(occurred_on=d, kind=kind, ruling=ruling, accused=accused), 5, 40
        )
