"""The case lifecycle as a state machine over events: `evolve`, the registry of handlers and permits."""

from cpc_prosecution.domain.lifecycle.evolve import derive_stage, evolve
from cpc_prosecution.domain.lifecycle.registry import Transition, allowed_events, transition, transitions

__all__ = ("Transition", "allowed_events", "derive_stage", "evolve", "transition", "transitions")
