"""Random legal histories for property tests, benchmarks and demo data (deterministic per seed).

`generate_history(random.Random(seed))` walks the state machine: at each step it keeps the proposals
(`moves.Moves`) whose event type the lifecycle allows now (`allowed_events`), picks one by weight,
and dates it from the dates it depends on (retrying when `evolve` reports a `DateOrderError`, whose
`depends_on_date` is the floor). A proposal `evolve` refuses (wrong accused, no pending motion, ...)
is dropped and another drawn; when every proposal is refused the history ends. The generator holds
weights and date ranges only: no rule of the lifecycle is written here again. The
result always folds; every prefix folds too. Dates are not always in sequence order: events are
sometimes back-dated, as real late reporting does, but never before the latest move of the case
stage (`Generator._earliest_back_date`), so the state as of any date folds too. Durations are illustrative, not
calibrated statistics (domain brief §3 "Calibration figures": none are published).
"""

import datetime as dt
import random
from collections.abc import Callable

from msgspec.structs import replace

from cpc_prosecution.domain import events as ev
from cpc_prosecution.domain.children import ChildCounts
from cpc_prosecution.domain.errors import DateOrderError, DomainError
from cpc_prosecution.domain.events.union import TAG_OF
from cpc_prosecution.domain.examples import HOTSPOT
from cpc_prosecution.domain.fold import fold
from cpc_prosecution.domain.generate.moves import Moves
from cpc_prosecution.domain.generate.parts import children, pick
from cpc_prosecution.domain.lifecycle import allowed_events, evolve
from cpc_prosecution.domain.state import EMPTY_CASE, CaseState
from cpc_prosecution.domain.vocab import (
    CaseType,
    ChildWitnessMeasure,
    CorrectionReason,
    PostponementReason,
    ReferralSource,
    VictimService,
)

_REFERRALS = {
    CaseType.OSEC: (
        (ReferralSource.NCMEC_CYBERTIP, 5),
        (ReferralSource.FOREIGN_LE_REFERRAL, 3),
        (ReferralSource.ISP_ESP_REPORT, 1),
        (ReferralSource.FINANCIAL_INTERMEDIARY, 1),
        (ReferralSource.PROACTIVE_UNDERCOVER, 1),
        (ReferralSource.HOTLINE, 1),
    ),
    CaseType.CHILD_LABOR_TRAFFICKING: (
        (ReferralSource.LABOR_INSPECTION, 4),
        (ReferralSource.SOCIAL_WORKER, 2),
        (ReferralSource.COMMUNITY_OR_BARANGAY, 2),
        (ReferralSource.VICTIM_OR_FAMILY, 1),
    ),
    CaseType.OTHER_TRAFFICKING: (
        (ReferralSource.VICTIM_OR_FAMILY, 3),
        (ReferralSource.HOTLINE, 2),
        (ReferralSource.COMMUNITY_OR_BARANGAY, 2),
        (ReferralSource.SOCIAL_WORKER, 1),
    ),
}
_PLACES = ("0702260000", "0702230000", "0703000000", "1380600000", "1381300000", "0803700000", "0306900000")
_SAFE_TO_CORRECT = (ev.ServicesDelivered, ev.ChildTestimony, ev.TrialSetting)


class Generator:
    """Builds one history; `Moves` (generate_moves.py) lists what may come next."""

    def __init__(self, rng: random.Random, start: dt.date, max_events: int, corrections: bool) -> None:
        self.rng = rng
        self.start = start
        self.max_events = max_events
        self.corrections = corrections
        self.history: list[ev.CaseEvent] = []
        self.state: CaseState = EMPTY_CASE
        self.corrected: set[int] = set()
        self.stopped = False
        self.case_type = pick(
            rng, ((CaseType.OSEC, 6), (CaseType.CHILD_LABOR_TRAFFICKING, 2), (CaseType.OTHER_TRAFFICKING, 2))
        )
        self.positions = tuple(f"A{i}" for i in range(1, pick(rng, ((1, 5), (2, 3), (3, 2))) + 1))

    def stop(self) -> bool:
        """End the history here (e.g. a dismissed case that is never refiled)."""
        self.stopped = True
        return True

    def run(self) -> list[ev.CaseEvent]:
        """Generate until the case closes, a stop is chosen, or `max_events` is reached."""
        self.detect()
        moves = Moves(self)
        while not self.stopped and len(self.history) < self.max_events:
            allowed = set(allowed_events(self.state))
            progress = [(act, w) for w, kind, act in moves.progress() if TAG_OF[kind] in allowed]
            filler: list[tuple[Callable[[], bool], float]] = [(self.services, 0.35)]
            if self.corrections and self.correctable():
                filler.append((self.correct, 0.12))
            if not self._step(progress, filler):
                break
        return self.history

    def _step(
        self, progress: list[tuple[Callable[[], bool], float]], filler: list[tuple[Callable[[], bool], float]]
    ) -> bool:
        """Apply one proposal, drawing again while `evolve` refuses them; False when no progress is possible."""
        while progress:
            act = pick(self.rng, [*progress, *filler])
            if act():
                return True
            progress = [(a, w) for a, w in progress if a is not act]
            filler = [(a, w) for a, w in filler if a is not act]
        return False

    def place(self, make: Callable[[dt.date], ev.FactEvent], lo: int, hi: int, base: dt.date | None = None) -> bool:
        """Date `make(day)` at a base date plus a gap, raising it to the floor the fold reports;
        False (nothing recorded) when the lifecycle refuses the event itself."""
        rng = self.rng
        if base is None:
            assert self.state.last_event_on is not None
            assert self.state.detected_on is not None
            base = self.state.last_event_on if rng.random() < 0.8 else self._earliest_back_date()
        day = base + dt.timedelta(days=rng.randint(lo, hi))
        for _ in range(16):
            event = make(day)
            try:
                self.state = evolve(self.state, event)
            except DateOrderError as error:
                day = error.depends_on_date + dt.timedelta(days=rng.randint(lo, hi))
                continue
            except DomainError:
                return False
            self.history.append(event)
            return True
        raise RuntimeError("could not find a legal date")  # pragma: no cover - a generator bug

    def _earliest_back_date(self) -> dt.date:
        """How far back an event may be dated: not before the latest move of the case stage.

        The lifecycle checks only some dependencies by date (a probable cause determination, say,
        is not checked against the revival that made it allowed again). An event dated before the
        move it depends on would make `state_as_of` between the two dates drop the move, keep the
        event, and refuse it; so back-dating stops at the stage's latest move, as the old generator's
        fixed order of moves did.
        """
        state = self.state
        assert state.detected_on is not None
        since = state.stage_since
        return since if since is not None and since > state.detected_on else state.detected_on

    def detect(self) -> None:
        """The opening event."""
        rng = self.rng
        known = children(rng, 2) if rng.random() < 0.4 else ChildCounts()
        hotspot = HOTSPOT if self.start >= HOTSPOT.valid_from and rng.random() < 0.35 else None
        event = ev.Detection(
            occurred_on=self.start,
            case_id=f"G{rng.getrandbits(48):012x}",
            case_type=self.case_type,
            referral_source=pick(rng, _REFERRALS[self.case_type]),
            place_psgc=hotspot.psgc if hotspot else rng.choice(_PLACES),
            hotspot=hotspot,
            children=known,
        )
        self.state = evolve(self.state, event)
        self.history.append(event)

    def services(self) -> bool:
        """Filler: a service delivered to some children."""
        service = self.rng.choice(tuple(VictimService))
        count = self.rng.randint(1, 4)
        return self.place(lambda d: ev.ServicesDelivered(occurred_on=d, service=service, children=count), 0, 90)

    def correctable(self) -> list[int]:
        """Positions of events that can be corrected without touching the lifecycle."""
        return [
            seq
            for seq, e in enumerate(self.history, start=1)
            if isinstance(e, _SAFE_TO_CORRECT)
            and seq not in self.corrected
            and not (isinstance(e, ev.TrialSetting) and e.held)
        ]

    def correct(self) -> bool:
        """Retract or supersede a safe event, then refold (the correction must keep the history legal)."""
        rng = self.rng
        seq = rng.choice(self.correctable())
        target = self.history[seq - 1]
        assert not isinstance(target, ev.Retraction | ev.Supersession)
        day = self.state.last_event_on or self.start
        reason = rng.choice(tuple(CorrectionReason))
        correction: ev.CaseEvent
        if rng.random() < 0.5:
            correction = ev.Retraction(occurred_on=day, target_seq=seq, reason=reason)
        else:
            correction = ev.Supersession(
                occurred_on=day, target_seq=seq, replacement=_variant(rng, target), reason=reason
            )
        self.history.append(correction)
        self.corrected.add(seq)
        self.state = fold(self.history)
        return True


def _variant(rng: random.Random, event: ev.FactEvent) -> ev.FactEvent:
    if isinstance(event, ev.ServicesDelivered):
        return replace(event, children=event.children + rng.randint(1, 3))
    if isinstance(event, ev.ChildTestimony):
        extra = rng.choice((ChildWitnessMeasure.SUPPORT_PERSON, ChildWitnessMeasure.INTERPRETER))
        kept = tuple(m for m in event.measures if m is not extra)
        return replace(event, measures=kept if extra in event.measures else (*kept, extra))
    if isinstance(event, ev.TrialSetting):
        return replace(event, postponement_reason=rng.choice(tuple(PostponementReason)))
    return event


def generate_history(
    rng: random.Random,
    *,
    start: dt.date | None = None,
    max_events: int = 60,
    corrections: bool = True,
) -> list[ev.CaseEvent]:
    """A legal history drawn from `rng` (use `random.Random(seed)` for a reproducible one)."""
    if start is None:
        start = dt.date(2017, 4, 11) + dt.timedelta(days=rng.randint(0, 7 * 365))
    return Generator(rng, start, max_events, corrections).run()
