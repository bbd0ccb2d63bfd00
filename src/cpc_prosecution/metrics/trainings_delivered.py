"""Trainings delivered to prosecution offices in the window: trainings and participants per topic, and
participant-hours (participants x hours, summed)."""

from collections.abc import Sequence
from typing import Final

from cpc_prosecution.domain.capacity import TrainingTopic
from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.metrics.periods import Window
from cpc_prosecution.metrics.results import Cell, Unit, count
from cpc_prosecution.metrics.staffing import Capacity

#: Topic categories, in result order.
TOPICS: Final = tuple(t.value for t in TrainingTopic)


def trainings_cells(trainings: Sequence[int], participants: Sequence[int], participant_hours: int) -> list[Cell]:
    """The cells from per-topic counts, in `TOPICS` order (both engines)."""
    cells = [count("trainings", Unit.TRAINING, sum(trainings))]
    cells += [count("trainings", Unit.TRAINING, n, topic) for topic, n in zip(TOPICS, trainings, strict=True)]
    cells.append(count("participants", Unit.PARTICIPANT, sum(participants)))
    cells += [count("participants", Unit.PARTICIPANT, n, topic) for topic, n in zip(TOPICS, participants, strict=True)]
    cells.append(count("participant_hours", Unit.PARTICIPANT, participant_hours))
    return cells


def compute(summaries: Sequence[CaseSummary], capacity: Capacity, w: Window) -> list[Cell]:
    held = [t for t in capacity.trainings if w.contains(t.held_on)]
    return trainings_cells(
        [sum(1 for t in held if t.topic.value == topic) for topic in TOPICS],
        [sum(t.participants for t in held if t.topic.value == topic) for topic in TOPICS],
        sum(t.participants * t.hours for t in held),
    )
