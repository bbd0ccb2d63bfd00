"""Kaplan-Meier product-limit estimator over whole days, for durations with censoring.

A case still pending on the as-of date is *censored*: we know it lasted at least that long. At a
day with both endings and censorings, endings are counted first (the usual convention), so a case
censored on day t is still at risk on day t.

    S(t) = prod over ending days t_i <= t of (1 - d_i / n_i)

where d_i is the number of endings on day t_i and n_i the number of cases whose duration is at
least t_i. The q-quantile of time to the ending (q = 0.5 for the median) is the first ending day
with 1 - S(t) >= q; it is None when the curve never gets there (too many cases still pending).
"""

from collections import Counter
from collections.abc import Iterable, Sequence

import msgspec


class Observation(msgspec.Struct, frozen=True):
    """One case: `days` from start to ending (ended) or to the as-of date (censored)."""

    days: int
    ended: bool


class Step(msgspec.Struct, frozen=True):
    """The curve after ending day `day`: `at_risk`, `ended` that day, survival (share not yet ended)."""

    day: int
    at_risk: int
    ended: int
    survival: float


_EPSILON = 1e-12


def kaplan_meier(observations: Iterable[Observation]) -> tuple[Step, ...]:
    """The survival curve's steps, one per day on which at least one case ended."""
    return product_limit(ending_days(observations))


def ending_days(observations: Iterable[Observation]) -> list[tuple[int, int, int]]:
    """`(day, at_risk, ended)` per day on which at least one case ended, ascending: the counts the
    product-limit estimate multiplies (the SQL engine counts the same rows in the database)."""
    obs = list(observations)
    if any(o.days < 0 for o in obs):
        raise ValueError("durations must be >= 0 days")
    ended = Counter(o.days for o in obs if o.ended)
    leaving = Counter(o.days for o in obs)
    at_risk = len(obs)
    rows: list[tuple[int, int, int]] = []
    for day in sorted(leaving):
        if ended.get(day, 0):
            rows.append((day, at_risk, ended[day]))
        at_risk -= leaving[day]
    return rows


def product_limit(rows: Iterable[tuple[int, int, int]]) -> tuple[Step, ...]:
    """The steps from per-day counts `(day, at_risk, ended)`, ending days in ascending order, where
    `at_risk` counts the cases whose duration is at least `day`. The SQL engine counts these rows in
    the database and multiplies here, so both engines round the running product the same way."""
    survival = 1.0
    steps: list[Step] = []
    for day, at_risk, d in rows:
        survival *= 1 - d / at_risk
        steps.append(Step(day=day, at_risk=at_risk, ended=d, survival=survival))
    return tuple(steps)


def quantile(steps: Sequence[Step], q: float) -> int | None:
    """First day on which the share ended (1 - S) reaches q (0 < q < 1), else None."""
    if not 0 < q < 1:
        raise ValueError("q must be strictly between 0 and 1")
    for step in steps:
        if 1 - step.survival >= q - _EPSILON:
            return step.day
    return None


def share_ended_by(steps: Sequence[Step], day: int) -> float:
    """1 - S(day): estimated share of cases ended within `day` days."""
    survival = 1.0
    for step in steps:
        if step.day > day:
            break
        survival = step.survival
    return 1 - survival
