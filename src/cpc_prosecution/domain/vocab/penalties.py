"""Penalty bands: severity ordering for offences and sentences, and what follows from a band.

The bands follow the Revised Penal Code scale (arresto menor ... reclusion perpetua) with special-law
terms placed by their length; life imprisonment (special laws) is kept apart from reclusion perpetua.
"""

from enum import StrEnum


class PenaltyBand(StrEnum):
    """Penalty or sentence band, lightest first."""

    LIGHT = "LIGHT"
    """Light penalties (arresto menor, up to 30 days)."""
    CORRECTIONAL = "CORRECTIONAL"
    """Correctional: over 30 days up to 6 years (arresto mayor, prision correccional)."""
    AFFLICTIVE_6_12 = "AFFLICTIVE_6_12"
    """Over 6 up to 12 years (prision mayor)."""
    AFFLICTIVE_12_20 = "AFFLICTIVE_12_20"
    """Over 12 up to 20 years (reclusion temporal; the 15- and 20-year terms of RA 9208 §10)."""
    RECLUSION_PERPETUA = "RECLUSION_PERPETUA"
    LIFE_IMPRISONMENT = "LIFE_IMPRISONMENT"
    UNSPECIFIED = "UNSPECIFIED"
    """Varies by act or not classified (legacy codes). Treated as over 6 years and afflictive."""


class Art125Class(StrEnum):
    """RPC Art. 125 penalty classes (12 / 18 / 36 hours; DC 015-2024 §13)."""

    LIGHT = "LIGHT"
    CORRECTIONAL = "CORRECTIONAL"
    AFFLICTIVE = "AFFLICTIVE"


PENALTY_ORDER: dict[PenaltyBand, int] = {
    PenaltyBand.LIGHT: 0,
    PenaltyBand.CORRECTIONAL: 1,
    PenaltyBand.AFFLICTIVE_6_12: 2,
    PenaltyBand.AFFLICTIVE_12_20: 3,
    PenaltyBand.UNSPECIFIED: 3,
    PenaltyBand.RECLUSION_PERPETUA: 4,
    PenaltyBand.LIFE_IMPRISONMENT: 5,
}

#: Bands treated as "capital offences" for the DC 015-2024 §17 +30-day PI extension. Counting life
#: imprisonment here is an interpretation (domain brief §9, open question 5).
CAPITAL_BANDS = frozenset({PenaltyBand.RECLUSION_PERPETUA, PenaltyBand.LIFE_IMPRISONMENT})


def art125_class(band: PenaltyBand) -> Art125Class:
    """The Art. 125 class of a penalty band."""
    if band is PenaltyBand.LIGHT:
        return Art125Class.LIGHT
    if band is PenaltyBand.CORRECTIONAL:
        return Art125Class.CORRECTIONAL
    return Art125Class.AFFLICTIVE


def over_six_years(band: PenaltyBand) -> bool:
    """Whether the penalty exceeds 6 years (Rule 117 §8: 2-year instead of 1-year bar)."""
    return PENALTY_ORDER[band] >= PENALTY_ORDER[PenaltyBand.AFFLICTIVE_6_12]


def heavier(a: PenaltyBand, b: PenaltyBand) -> PenaltyBand:
    """The heavier of two bands (the first on a tie)."""
    return b if PENALTY_ORDER[b] > PENALTY_ORDER[a] else a
