"""What the generator proposes next: every move carries the event type it would record.

The generator keeps only weights and date ranges of its own. Which event types may come is the
lifecycle's answer (`allowed_events`); which proposal of an allowed type fits (this accused, that
count) is `evolve`'s: a refused proposal is dropped and another one drawn (`history.Generator.run`).
Weights may depend on the stage (likelihoods differ by stage), never decide what is legal.
"""

from functools import partial

from cpc_prosecution.domain import events as ev
from cpc_prosecution.domain.generate.court import CourtMoves
from cpc_prosecution.domain.generate.parts import Move
from cpc_prosecution.domain.generate.precourt import PreCourtMoves
from cpc_prosecution.domain.vocab import MotionKind, MotionRulingKind, ProbableCauseFinding


class Moves(PreCourtMoves, CourtMoves):
    """Weighted proposals for the generator's current state."""

    def progress(self) -> list[Move]:
        """Proposals that advance the case (unfiltered: the generator keeps those the lifecycle allows)."""
        s = self.gen.state
        # A refileable case is refiled or left alone, as often one as the other.
        moves: list[Move] = [(1.0, ev.Refiling, self.refile), (1.0, ev.Refiling, self.gen.stop)]
        if not s.in_court:
            return moves + self._pre_court()
        moves += [
            (2.0, ev.Raffle, self.raffle),
            (2.0, ev.ProbableCauseDetermination, lambda: self.jdpc(ProbableCauseFinding.FOUND)),
            (0.15, ev.ProbableCauseDetermination, lambda: self.jdpc(ProbableCauseFinding.MORE_EVIDENCE_REQUIRED)),
            (0.08, ev.ProbableCauseDetermination, lambda: self.jdpc(ProbableCauseFinding.NOT_FOUND)),
            (0.05, ev.Transfer, self.transfer_court),
        ]
        for acc in s.accused.values():
            moves += self._accused(acc)
        for motion in s.pending_motions:
            grant = 0.5 if motion.kind is MotionKind.DEMURRER_TO_EVIDENCE else 0.2
            rule = partial(self.rule_motion, motion.kind, motion.accused)
            moves.append((3.0 * grant, ev.MotionRuling, partial(rule, MotionRulingKind.GRANTED)))
            moves.append((3.0 * (1 - grant), ev.MotionRuling, partial(rule, MotionRulingKind.DENIED)))
        return moves
