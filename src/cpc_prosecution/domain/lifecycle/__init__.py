"""The case lifecycle as a state machine over events: `evolve`, the transition table, the handlers."""

from cpc_prosecution.domain.lifecycle.evolve import derive_stage, evolve
from cpc_prosecution.domain.lifecycle.permits import PERMITS, allowed_events

__all__ = ("PERMITS", "allowed_events", "derive_stage", "evolve")
