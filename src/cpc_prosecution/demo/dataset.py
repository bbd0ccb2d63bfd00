"""The demo dataset as data: reference entities, case histories, capacity records and targets.

Pure and seeded: `generate(seed=7)` gives the same histories on every machine. `load` (load.py)
writes it through the ordinary services.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from cpc_prosecution.demo.histories import Shape, demo_history
from cpc_prosecution.demo.places import HOTSPOTS, MASTERLIST, OFFICES, STATIONS, courts
from cpc_prosecution.domain.capacity import StaffingSnapshot, TrainingEvent, TrainingProvider, TrainingTopic
from cpc_prosecution.domain.events import CaseEvent
from cpc_prosecution.domain.reference import Court, Hotspot, ProsecutionOffice
from cpc_prosecution.metrics.targets import Target

__all__ = ("DemoCase", "DemoDataset", "generate")


@dataclass(frozen=True)
class DemoCase:
    office_id: str
    events: list[CaseEvent]


@dataclass(frozen=True)
class DemoDataset:
    as_of: dt.date
    offices: tuple[ProsecutionOffice, ...]
    courts: tuple[Court, ...]
    hotspots: tuple[Hotspot, ...]
    masterlist: tuple[str, ...]
    cases: list[DemoCase]
    staffing: list[StaffingSnapshot]
    trainings: list[TrainingEvent]
    targets: list[Target] = field(default_factory=list)

    @property
    def release_period(self) -> str:
        """The last quarter that ended before the as-of date (the release the demo builds)."""
        quarter = (self.as_of.month - 1) // 3
        year = self.as_of.year
        if quarter == 0:
            return f"{year - 1}Q4"
        return f"{year}Q{quarter}"


def generate(
    *,
    cases: int = 2000,
    courts_count: int = 14,
    years: int = 10,
    as_of: dt.date | None = None,
    seed: int = 7,
    shape: Shape | None = None,
) -> DemoDataset:
    """A reproducible demo dataset: `cases` histories detected over `years` years before `as_of`
    (default: today), before `courts_count` family courts of NCR and Central Visayas."""
    if cases < 1 or years < 1:
        raise ValueError("cases and years must be at least 1")
    as_of = as_of or dt.date.today()
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets
    by_station = courts(courts_count)
    first = as_of - dt.timedelta(days=365 * years)
    span = (as_of - first).days
    stations = list(STATIONS)
    weights = [s.weight for s in STATIONS]
    histories: list[DemoCase] = []
    for _ in range(cases):
        station = rng.choices(stations, weights=weights)[0]
        # Detections grow a little year on year (more CyberTipline referrals), as the TIP reports show.
        offset = round(span * rng.random() ** 0.85)
        detected_on = min(as_of, first + dt.timedelta(days=offset))
        events = demo_history(
            random.Random(rng.getrandbits(64)),  # noqa: S311
            detected_on=detected_on,
            as_of=as_of,
            station=station,
            courts=by_station[station.psgc],
            hotspots=HOTSPOTS,
            shape=shape or Shape(),
        )
        histories.append(DemoCase(office_id=station.office.office_id, events=events))
    return DemoDataset(
        as_of=as_of,
        offices=OFFICES,
        courts=tuple(c for s in STATIONS for c in by_station[s.psgc]),
        hotspots=HOTSPOTS,
        masterlist=MASTERLIST,
        cases=histories,
        staffing=_staffing(rng, first, as_of),
        trainings=_trainings(rng, first, as_of),
        targets=_targets(as_of),
    )


def _staffing(rng: random.Random, first: dt.date, as_of: dt.date) -> list[StaffingSnapshot]:
    """One snapshot per office at each year's end (and on the as-of date): posts fill and training
    spreads slowly."""
    out: list[StaffingSnapshot] = []
    days = [dt.date(y, 12, 31) for y in range(first.year, as_of.year) if dt.date(y, 12, 31) >= first] + [as_of]
    for office in OFFICES:
        posts = rng.randint(8, 22)
        for i, day in enumerate(days):
            vacant = max(0, round(posts * (0.3 - 0.03 * i) + rng.randint(-1, 1)))
            filled = posts - vacant
            trained = min(filled, round(filled * min(0.9, 0.2 + 0.1 * i + rng.random() * 0.1)))
            out.append(
                StaffingSnapshot(
                    office_id=office.office_id,
                    as_of=day,
                    positions_filled=filled,
                    positions_vacant=vacant,
                    carrying_caseload=max(1, filled - rng.randint(0, 2)),
                    trained_trafficking=trained,
                    trained_child_sensitive=min(filled, max(0, trained - rng.randint(0, 2))),
                )
            )
    return out


def _trainings(rng: random.Random, first: dt.date, as_of: dt.date) -> list[TrainingEvent]:
    out: list[TrainingEvent] = []
    topics = list(TrainingTopic)
    providers = list(TrainingProvider)
    for office in OFFICES:
        for _ in range(rng.randint(4, 9)):
            out.append(
                TrainingEvent(
                    office_id=office.office_id,
                    held_on=first + dt.timedelta(days=rng.randint(0, (as_of - first).days)),
                    topic=rng.choice(topics),
                    provider=rng.choice(providers),
                    participants=rng.randint(4, 20),
                    hours=rng.choice((8, 16, 24, 40)),
                )
            )
    return sorted(out, key=lambda t: (t.held_on, t.office_id))


def _targets(as_of: dt.date) -> list[Target]:
    """Targets for this year's end: the clearance rate at 100 %, median time to disposition under two
    years, convictions at 75 % of disposed cases."""
    period = str(as_of.year)
    return [
        Target(metric_id="clearance_rate", measure="clearance_rate", period=period, baseline=80.0, target=100.0),
        Target(metric_id="time_to_disposition", measure="km_median_days", period=period, baseline=1100.0, target=730.0),
        Target(metric_id="conviction_rate", measure="conviction_rate", period=period, baseline=60.0, target=75.0),
    ]
