"""All moves the generator may make next, by state."""

from functools import partial
from typing import TYPE_CHECKING

from cpc_prosecution.domain.vocab import ProbableCauseFinding
from cpc_prosecution.domain.vocab.stages import TERMINAL_STAGES

if TYPE_CHECKING:
    pass
from cpc_prosecution.domain.generate.court import CourtMoves
from cpc_prosecution.domain.generate.parts import Move
from cpc_prosecution.domain.generate.precourt import PreCourtMoves


class Moves(PreCourtMoves, CourtMoves):
    """Weighted moves for the generator's current state."""

    def progress(self) -> list[Move]:
        """Moves that advance the case; empty once it is closed."""
        s = self.gen.state
        if s.refileable:
            return [(1.0, self.refile), (1.0, self.gen.stop)]
        if not s.in_court:
            return self._pre_court()
        if s.raffled_on is None:
            return [(1.0, self.raffle)]
        if s.probable_cause in (None, ProbableCauseFinding.MORE_EVIDENCE_REQUIRED):
            return [
                (8.0, lambda: self.jdpc(ProbableCauseFinding.FOUND)),
                (0.6, lambda: self.jdpc(ProbableCauseFinding.MORE_EVIDENCE_REQUIRED)),
                (0.3, lambda: self.jdpc(ProbableCauseFinding.NOT_FOUND)),
            ]
        moves: list[Move] = []
        for acc in s.accused.values():
            moves += self._accused(acc)
        for motion in s.pending_motions:
            moves.append((3.0, partial(self.rule_motion, motion.kind, motion.accused)))
        if moves and s.stage not in TERMINAL_STAGES:
            moves.append((0.05, self.transfer_court))
        return moves
