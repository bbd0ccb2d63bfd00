"""The base of the generator's move lists: access to the generator and its state."""

from typing import TYPE_CHECKING

from cpc_prosecution.domain.generate.parts import OFFENCES_BY_TYPE
from cpc_prosecution.domain.offences import offence
from cpc_prosecution.domain.vocab import Stage

if TYPE_CHECKING:
    from cpc_prosecution.domain.generate.history import Generator


class MovesBase:
    """Holds the generator; subclasses list moves by phase."""

    def __init__(self, gen: "Generator") -> None:
        self.gen = gen
        self.rng = gen.rng

    def _offences(self) -> tuple[str, ...]:
        detected = self.gen.start
        codes = [c for c in OFFENCES_BY_TYPE[self.gen.case_type] if offence(c).in_force_on(detected)]
        return (self.rng.choice(codes),)

    def _at(self, stages: set[Stage]) -> tuple[str, ...]:
        return tuple(a.position for a in self.gen.state.accused.values() if a.stage in stages)
