"""Trainings delivered to prosecution offices in the window: trainings and participants per topic, and
participant-hours (participants x hours, summed)."""

from collections.abc import Sequence
from typing import Final

from cpc_prosecution.domain.capacity import TrainingTopic
from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.metrics.definitions import MetricDefinition, Timing
from cpc_prosecution.metrics.metric import Inputs, Metric, Tally
from cpc_prosecution.metrics.periods import Window
from cpc_prosecution.metrics.registry_sources import (
    BY_OFFICE,
    CAPACITY_SCOPE,
    COMPACT,
)
from cpc_prosecution.metrics.registry_sources import measure as _m
from cpc_prosecution.metrics.results import Cell, Unit, count

#: Topic categories, in result order.
TOPICS: Final = tuple(t.value for t in TrainingTopic)


class TrainingsTally(Tally, frozen=True, kw_only=True):
    trainings: tuple[int, ...]
    """Per `TOPICS`."""
    participants: tuple[int, ...]
    """Per `TOPICS`."""
    participant_hours: int


def tally(summaries: Sequence[CaseSummary], w: Window, inputs: Inputs) -> TrainingsTally:
    held = [t for t in inputs.capacity.trainings if w.contains(t.held_on)]
    return TrainingsTally(
        trainings=tuple(sum(1 for t in held if t.topic.value == topic) for topic in TOPICS),
        participants=tuple(sum(t.participants for t in held if t.topic.value == topic) for topic in TOPICS),
        participant_hours=sum(t.participants * t.hours for t in held),
    )


def cells(t: TrainingsTally) -> list[Cell]:
    out = [count("trainings", Unit.TRAINING, sum(t.trainings))]
    out += [count("trainings", Unit.TRAINING, n, topic) for topic, n in zip(TOPICS, t.trainings, strict=True)]
    out.append(count("participants", Unit.PARTICIPANT, sum(t.participants)))
    out += [count("participants", Unit.PARTICIPANT, n, topic) for topic, n in zip(TOPICS, t.participants, strict=True)]
    out.append(count("participant_hours", Unit.PARTICIPANT, t.participant_hours))
    return out


DEFINITION: Final = MetricDefinition(
    id="trainings_delivered",
    title="Trainings delivered to prosecution offices",
    definition="Trainings held in the period, their participants by topic, and participant-hours.",
    formula="trainings[T] = #(held in window, topic T); participant_hours = sum(participants x hours)",
    units=(Unit.TRAINING, Unit.PARTICIPANT),
    timing=Timing.EITHER,
    population="trainings held in the window",
    includes=("every recorded training of the offices in scope, whoever provided it", CAPACITY_SCOPE),
    excludes=("trainings of offices outside the scope",),
    measures=(
        _m("trainings", Unit.TRAINING, "count", "trainings held (total, and per topic)", TOPICS, with_total=True),
        _m(
            "participants",
            Unit.PARTICIPANT,
            "count",
            "participants (total, and per topic)",
            TOPICS,
            with_total=True,
        ),
        _m("participant_hours", Unit.PARTICIPANT, "count", "participants x hours, summed"),
    ),
    sources=(COMPACT,),
    dimensions=BY_OFFICE,
    fields=("office_id",),
    approximations=("Participants are attendances: a prosecutor at two trainings counts twice.",),
)

METRIC: Final = Metric(
    definition=DEFINITION,
    tally_type=TrainingsTally,
    tally=tally,
    cells=cells,
    order=190,
    reads_capacity=True,
)
