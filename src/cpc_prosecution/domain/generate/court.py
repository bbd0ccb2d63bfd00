"""Moves for one accused in court: arraignment to finality, side paths and loops."""

from cpc_prosecution.domain import events as ev
from cpc_prosecution.domain.clocks.deadlines import provisional_dismissal_lapses_on
from cpc_prosecution.domain.generate.base import MovesBase
from cpc_prosecution.domain.generate.parts import (
    LESSER,
    Move,
    S,
    moment,
    sentence,
)
from cpc_prosecution.domain.state import AccusedState
from cpc_prosecution.domain.vocab import (
    AgeBand,
    AppellateCourt,
    AppellateOutcome,
    ArchiveGround,
    ArrestMode,
    BailDecision,
    ChildWitnessMeasure,
    CountOutcome,
    DismissalReason,
    FinalityBasis,
    MotionKind,
    PenaltyBand,
    PleaKind,
    PostponementReason,
    Sex,
    Stage,
)


class CourtMoves(MovesBase):
    """One accused's next steps."""

    # -- in court, one accused --------------------------------------------------------------------
    def _accused(self, acc: AccusedState) -> list[Move]:
        """Proposals for one accused, weighted by the accused's stage; the lifecycle refuses the rest."""
        p = acc.position
        stage = acc.stage
        moves: list[Move] = [(3, ev.BailRuling, lambda: self.bail_ruling(p))]
        if stage is S.FILED_IN_COURT:
            moves += [
                (5, ev.Arraignment, lambda: self.arraign(p)),
                (0.25, ev.MotionFiled, lambda: self.motion(MotionKind.MOTION_TO_QUASH, p)),
                (0.15, ev.InformationWithdrawal, lambda: self.withdraw(p)),
                (0.15, ev.ProvisionalDismissal, lambda: self.provisionally_dismiss(p)),
                (4, ev.Arrest, lambda: self.court_arrest(p, ArrestMode.ON_WARRANT)),
                (1, ev.Arrest, lambda: self.surrender(p)),
                (1.2, ev.Archiving, lambda: self.archive(p)),
                (0.4, ev.BailHearing, lambda: self.bail_hearing(p)),
            ]
        elif stage is S.ARRAIGNMENT:
            moves += [
                (5, ev.PreTrial, lambda: self.group(ev.PreTrial, {S.ARRAIGNMENT}, 0, 20)),
                (1.5, ev.PleaBargain, lambda: self.bargain(p)),
                (20, ev.Promulgation, lambda: self.judge(p, "guilty")),
            ]
        elif stage is S.PRE_TRIAL:
            moves += [
                (4, ev.TrialSetting, lambda: self.setting(True)),
                (2, ev.TrialSetting, lambda: self.setting(False)),
                (1.2, ev.PleaBargain, lambda: self.bargain(p)),
                (0.3, ev.ChildTestimony, self.testimony),
                (0.2, ev.ProvisionalDismissal, lambda: self.provisionally_dismiss(p)),
                (20, ev.Promulgation, lambda: self.judge(p, "guilty")),
            ]
        elif stage is S.TRIAL:
            moves += [
                (3, ev.TrialSetting, lambda: self.setting(True)),
                (1.5, ev.TrialSetting, lambda: self.setting(False)),
                (1.2, ev.ChildTestimony, self.testimony),
                (2, ev.SubmissionForDecision, lambda: self.group(ev.SubmissionForDecision, {S.TRIAL}, 14, 120)),
                (0.04, ev.Dismissal, lambda: self.court_dismissal(p, DismissalReason.SPEEDY_TRIAL_VIOLATION)),
                (20, ev.Promulgation, lambda: self.judge(p, "demurrer")),
                (0.3, ev.MotionFiled, lambda: self.motion(MotionKind.DEMURRER_TO_EVIDENCE, p)),
                (0.4, ev.BailHearing, lambda: self.bail_hearing(p)),
            ]
        elif stage is S.PLEA_BARGAIN:
            moves.append((6, ev.Promulgation, lambda: self.judge(p, "plea")))
        elif stage is S.DECISION:
            moves += [
                (3, ev.Promulgation, lambda: self.judge(p, "convict")),
                (1, ev.Promulgation, lambda: self.judge(p, "acquit")),
                (0.4, ev.Promulgation, lambda: self.judge(p, "lesser")),
            ]
        elif stage is S.POST_JUDGMENT:
            moves += self._post_judgment(acc)
        elif stage is S.ARCHIVED:
            moves += [
                (2, ev.Arrest, lambda: self.court_arrest(p, ArrestMode.ON_WARRANT)),
                (0.5, ev.Arrest, lambda: self.surrender(p)),
                (3, ev.Revival, lambda: self.revive(p)),
            ]
        elif stage is S.PROVISIONALLY_DISMISSED:
            moves += [
                (1, ev.Revival, lambda: self.revive(p)),
                (1.3, ev.PermanentDismissal, lambda: self.make_permanent(p)),
            ]
        return moves

    def _post_judgment(self, acc: AccusedState) -> list[Move]:
        p = acc.position
        forum = acc.appeal_pending or AppellateCourt.CA
        kind = self.rng.choice((MotionKind.RECONSIDERATION, MotionKind.NEW_TRIAL))
        return [
            (3, ev.AppellateDecision, lambda: self.appellate(p, forum, AppellateOutcome.AFFIRMED)),
            (1, ev.AppellateDecision, lambda: self.appellate(p, forum, AppellateOutcome.MODIFIED)),
            (0.6, ev.AppellateDecision, lambda: self.appellate(p, forum, AppellateOutcome.REVERSED)),
            (0.4, ev.AppellateDecision, lambda: self.appellate(p, forum, AppellateOutcome.REMANDED)),
            (3, ev.Finality, lambda: self.finality(p)),
            (1.2, ev.Appeal, lambda: self.appeal(p, acc.last_appellate_court)),
            (0.3, ev.MotionFiled, lambda: self.motion(kind, p)),
        ]

    def group(
        self, kind: type[ev.PreTrial] | type[ev.SubmissionForDecision], stages: set[Stage], lo: int, hi: int
    ) -> bool:
        positions = self._at(stages)
        return self.gen.place(lambda d: kind(occurred_on=d, accused=positions), lo, hi)

    def arraign(self, position: str) -> bool:
        state, rng = self.gen.state, self.rng
        ready = [a for a in state.accused.values() if a.stage is S.FILED_IN_COURT]
        chosen = ready if rng.random() < 0.7 else [state.accused[position]]
        plea = PleaKind.GUILTY if rng.random() < 0.06 else PleaKind.NOT_GUILTY
        pleas = tuple(ev.Plea(accused=a.position, count_no=c.count_no, plea=plea) for a in chosen for c in a.counts)
        return self.gen.place(lambda d: ev.Arraignment(occurred_on=d, pleas=pleas), 3, 40)

    def court_arrest(self, position: str, mode: ArrestMode) -> bool:
        rng = self.rng
        timed = rng.random() < 0.3
        return self.gen.place(
            lambda d: ev.Arrest(
                occurred_on=d, accused=(position,), mode=mode, occurred_at=moment(rng, d) if timed else None
            ),
            5,
            150,
        )

    def surrender(self, position: str) -> bool:
        return self.court_arrest(position, ArrestMode.VOLUNTARY_SURRENDER)

    def archive(self, position: str) -> bool:
        warrant = self.gen.state.accused[position].warrant_on
        make = lambda d: ev.Archiving(occurred_on=d, accused=(position,), ground=ArchiveGround.ACCUSED_AT_LARGE)  # noqa: E731
        return self.gen.place(make, 181, 400, base=warrant)

    def revive(self, position: str) -> bool:
        acc = self.gen.state.accused[position]
        assert acc.since is not None
        hi = 200
        if acc.stage is S.PROVISIONALLY_DISMISSED:  # before the bar runs out
            hi = min(hi, (provisional_dismissal_lapses_on(self.gen.state, acc, acc.since) - acc.since).days)
            base = acc.since
        else:
            base = max(d for d in (acc.since, acc.custody_since) if d is not None)
        return self.gen.place(lambda d: ev.Revival(occurred_on=d, accused=(position,)), 1, hi, base=base)

    def make_permanent(self, position: str) -> bool:
        return self.gen.place(lambda d: ev.PermanentDismissal(occurred_on=d, accused=(position,)), 1, 30)

    def provisionally_dismiss(self, position: str) -> bool:
        return self.gen.place(lambda d: ev.ProvisionalDismissal(occurred_on=d, accused=(position,)), 10, 120)

    def withdraw(self, position: str) -> bool:
        return self.gen.place(lambda d: ev.InformationWithdrawal(occurred_on=d, accused=(position,)), 5, 60)

    def court_dismissal(self, position: str, reason: DismissalReason) -> bool:
        return self.gen.place(lambda d: ev.Dismissal(occurred_on=d, accused=(position,), reason=reason), 5, 60)

    def motion(self, kind: MotionKind, position: str) -> bool:
        return self.gen.place(lambda d: ev.MotionFiled(occurred_on=d, kind=kind, accused=(position,)), 1, 20)

    def bail_hearing(self, position: str) -> bool:
        return self.gen.place(lambda d: ev.BailHearing(occurred_on=d, accused=(position,)), 3, 30)

    def bail_ruling(self, position: str) -> bool:
        decision = BailDecision.GRANTED if self.rng.random() < 0.4 else BailDecision.DENIED
        return self.gen.place(lambda d: ev.BailRuling(occurred_on=d, accused=(position,), decision=decision), 5, 40)

    def bargain(self, position: str) -> bool:
        acc = self.gen.state.accused[position]
        pleas = tuple(
            ev.LesserPlea(count_no=c.count_no, plea_to=LESSER[c.offence] if i == 0 else None)
            for i, c in enumerate(acc.counts)
        )
        return self.gen.place(lambda d: ev.PleaBargain(occurred_on=d, accused=position, pleas=pleas), 7, 150)

    def setting(self, held: bool) -> bool:
        positions = self._at({S.PRE_TRIAL, S.TRIAL})
        reason = None if held else self.rng.choice(tuple(PostponementReason))
        return self.gen.place(
            lambda d: ev.TrialSetting(occurred_on=d, accused=positions, held=held, postponement_reason=reason), 7, 45
        )

    def testimony(self) -> bool:
        rng = self.rng
        measures = tuple(
            m
            for m, chance in (
                (ChildWitnessMeasure.SUPPORT_PERSON, 0.6),
                (ChildWitnessMeasure.LIVE_LINK, 0.4),
                (ChildWitnessMeasure.GUARDIAN_AD_LITEM, 0.3),
                (ChildWitnessMeasure.FACILITATOR, 0.2),
                (ChildWitnessMeasure.PUBLIC_EXCLUDED, 0.5),
            )
            if rng.random() < chance
        )
        band, sex = rng.choice(tuple(AgeBand)), rng.choice(tuple(Sex))
        return self.gen.place(
            lambda d: ev.ChildTestimony(occurred_on=d, age_band=band, sex=sex, measures=measures), 0, 30
        )

    def judge(self, position: str, how: str) -> bool:
        acc = self.gen.state.accused[position]
        judgments = tuple(self._judgment(acc, c.count_no, c.offence, c.plea_to, how) for c in acc.counts)
        lo, hi = (0, 3) if how in ("plea", "guilty") else (20, 100)
        return self.gen.place(lambda d: ev.Promulgation(occurred_on=d, judgments=judgments), lo, hi)

    def _judgment(self, acc: AccusedState, count_no: int, code: str, plea_to: str | None, how: str) -> ev.CountJudgment:
        p = acc.position
        if how == "demurrer":
            return ev.CountJudgment(accused=p, count_no=count_no, outcome=CountOutcome.ACQUITTED_ON_DEMURRER)
        if how == "acquit" or (how == "convict" and self.rng.random() < 0.15):
            return ev.CountJudgment(accused=p, count_no=count_no, outcome=CountOutcome.ACQUITTED)
        if how == "plea":
            if plea_to is None:
                return ev.CountJudgment(
                    accused=p,
                    count_no=count_no,
                    outcome=CountOutcome.DISMISSED,
                    dismissal_reason=DismissalReason.PLEA_AGREEMENT,
                )
            return ev.CountJudgment(
                accused=p,
                count_no=count_no,
                outcome=CountOutcome.CONVICTED_LESSER_OFFENSE_PLEA,
                sentence_band=sentence(plea_to),
                convicted_of=plea_to,
            )
        if how == "lesser" and code in LESSER:
            lesser = LESSER[code]
            return ev.CountJudgment(
                accused=p,
                count_no=count_no,
                outcome=CountOutcome.CONVICTED_LESSER_OFFENSE_AFTER_TRIAL,
                sentence_band=sentence(lesser),
                convicted_of=lesser,
            )
        return ev.CountJudgment(
            accused=p, count_no=count_no, outcome=CountOutcome.CONVICTED_AS_CHARGED, sentence_band=sentence(code)
        )

    def appeal(self, position: str, last: AppellateCourt | None) -> bool:
        forum = AppellateCourt.CA if last is None else AppellateCourt.SC
        return self.gen.place(lambda d: ev.Appeal(occurred_on=d, accused=(position,), forum=forum), 1, 15)

    def appellate(self, position: str, forum: AppellateCourt, outcome: AppellateOutcome) -> bool:
        band = PenaltyBand.AFFLICTIVE_12_20 if outcome is AppellateOutcome.MODIFIED else None
        return self.gen.place(
            lambda d: ev.AppellateDecision(
                occurred_on=d, accused=(position,), forum=forum, outcome=outcome, sentence_band=band
            ),
            150,
            700,
        )

    def finality(self, position: str) -> bool:
        acc = self.gen.state.accused[position]
        basis = FinalityBasis.ENTRY_OF_JUDGMENT if acc.last_appellate_court else FinalityBasis.APPEAL_PERIOD_LAPSED
        return self.gen.place(lambda d: ev.Finality(occurred_on=d, accused=(position,), basis=basis), 0, 30)
