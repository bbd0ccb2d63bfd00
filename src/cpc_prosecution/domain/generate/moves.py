"""What the generator proposes next: every move carries the event type it would record.

The generator keeps only weights and date ranges of its own. Which event types may come is the
lifecycle's answer (`allowed_events`); which proposal of an allowed type fits (this accused, that
count) is `evolve`'s: a refused proposal is dropped and another one drawn (`history.Generator.run`).
Weights may depend on the stage (likelihoods differ by stage), never decide what is legal.
"""

import datetime as dt
import random
from functools import cache, partial

from cpc_prosecution.domain import events as ev
from cpc_prosecution.domain.events.facts import FACT_EVENT_TYPES
from cpc_prosecution.domain.examples import ALL_EXAMPLES, sample_event
from cpc_prosecution.domain.fold import fold
from cpc_prosecution.domain.generate.court import CourtMoves
from cpc_prosecution.domain.generate.parts import Move
from cpc_prosecution.domain.generate.precourt import PreCourtMoves
from cpc_prosecution.domain.vocab import MotionKind, MotionRulingKind, ProbableCauseFinding


class Moves(PreCourtMoves, CourtMoves):
    """Weighted proposals for the generator's current state."""

    def progress(self) -> list[Move]:
        """Proposals that advance the case (unfiltered: the generator keeps those the lifecycle allows)."""
        return self._with_samples(self.progress_of_its_own())

    def progress_of_its_own(self) -> list[Move]:
        """The proposals the generator has weights for."""
        s = self.gen.state
        # A refileable case is refiled or left alone, as often one as the other (`stop` is offered
        # under the refiling's type, so only when the lifecycle allows a refiling).
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

    def _with_samples(self, moves: list[Move]) -> list[Move]:
        """Add each event type the generator has no proposals of its own for (weight 0.5), as its
        documented example (`examples.sample_event`): a new event type is generated with no weights here."""
        return moves + [(0.5, kind, partial(self.sampled, kind)) for kind in _unweighted_types()]

    def sampled(self, kind: type[ev.FactEvent]) -> bool:
        return self.gen.place(lambda d: sample_event(kind, d), 0, 30)


@cache
def _unweighted_types() -> tuple[type[ev.FactEvent], ...]:
    """The fact types no proposal covers in any state of the example histories (after the opening
    detection and but for the services filler, which the generator draws itself)."""
    from cpc_prosecution.domain.generate.history import Generator  # here: history imports this module

    gen = Generator(random.Random(0), dt.date(2020, 1, 1), 0, corrections=False)  # noqa: S311 - its draws are thrown away
    moves = Moves(gen)
    covered: set[type] = {ev.Detection, ev.ServicesDelivered}
    for build in ALL_EXAMPLES.values():
        history = [e for e in build() if not isinstance(e, ev.Retraction | ev.Supersession)]
        for k in range(1, len(history) + 1):
            gen.state = fold(history[:k])
            covered |= {kind for _, kind, _ in moves.progress_of_its_own()}
    return tuple(kind for kind in FACT_EVENT_TYPES if kind not in covered)
