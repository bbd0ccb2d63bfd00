"""Evaluate a rule's `Condition` against a case (and one accused)."""

from cpc_prosecution.domain.clocks.rules import Condition
from cpc_prosecution.domain.offences import offence
from cpc_prosecution.domain.state import AccusedState, CaseState
from cpc_prosecution.domain.vocab.penalties import CAPITAL_BANDS, Art125Class, over_six_years

_ART125 = {
    Condition.ART125_LIGHT: Art125Class.LIGHT,
    Condition.ART125_CORRECTIONAL: Art125Class.CORRECTIONAL,
    Condition.ART125_AFFLICTIVE: Art125Class.AFFLICTIVE,
}


def _offence_codes(state: CaseState, accused: AccusedState | None) -> list[str]:
    if accused is not None:
        return [c.offence for c in accused.counts]
    return [c.offence for a in state.accused.values() for c in a.counts]


def holds(condition: Condition, state: CaseState, accused: AccusedState | None) -> bool:
    """Whether `condition` holds for the case, or for `accused` when the clock is per accused."""
    if condition in _ART125:
        return accused is not None and accused.art125_class is _ART125[condition]
    if condition is Condition.TIP_CASE:
        return any(offence(code).statute == "RA 9208" for code in _offence_codes(state, accused))
    if condition is Condition.CAPITAL_OFFENCE:
        codes = [*state.pi_offences, *_offence_codes(state, None)]
        return any(offence(code).penalty_band in CAPITAL_BANDS for code in codes)
    if condition is Condition.PENALTY_OVER_6_YEARS:
        codes = _offence_codes(state, accused)
        # With no count known, assume the longer bar: never announce permanence too early.
        return not codes or any(over_six_years(offence(code).penalty_band) for code in codes)
    raise ValueError(f"unknown condition {condition}")  # pragma: no cover - exhaustive above
