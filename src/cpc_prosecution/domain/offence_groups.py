"""Offence groups: the statute family of an offence code, for breakdowns (domain brief §4).

Each code is mapped explicitly (a test holds every offence of `OFFENCES` mapped); a case's group is
that of its heaviest offence charged (or, before filing, complained of), by penalty band, ties going
to the offence listed first in `OFFENCES`.
"""

from collections.abc import Iterable
from enum import StrEnum
from typing import Final

from cpc_prosecution.domain.offences import OFFENCES, offence
from cpc_prosecution.domain.vocab.penalties import PENALTY_ORDER


class OffenceGroup(StrEnum):
    """Statute families of the offence codes."""

    QUALIFIED_TRAFFICKING = "QUALIFIED_TRAFFICKING"
    """RA 9208 §6 (life imprisonment)."""
    TRAFFICKING = "TRAFFICKING"
    """RA 9208 §§4, 4-A, 4-B, 4-C, 5: trafficking, attempt, accomplices, accessories, promotion."""
    OSAEC = "OSAEC"
    """RA 11930 §§4, 6: online sexual abuse or exploitation of children, CSAEM."""
    CHILD_PORNOGRAPHY_LEGACY = "CHILD_PORNOGRAPHY_LEGACY"
    """RA 9775 (repealed 2022) and RA 10175 §4(c)(2)."""
    CHILD_ABUSE = "CHILD_ABUSE"
    """RA 7610: child prostitution and other sexual abuse, child trafficking (older), other abuse."""
    SEXUAL_OFFENCE_RPC = "SEXUAL_OFFENCE_RPC"
    """Revised Penal Code: rape and sexual assault (RA 8353), acts of lasciviousness."""
    OTHER = "OTHER"
    """Breach of confidentiality (RA 9208 §7) and qualifiers."""


_G = OffenceGroup
OFFENCE_GROUP: Final[dict[str, OffenceGroup]] = {
    "RA9208-4": _G.TRAFFICKING,
    "RA9208-4A": _G.TRAFFICKING,
    "RA9208-4B": _G.TRAFFICKING,
    "RA9208-4C": _G.TRAFFICKING,
    "RA9208-5": _G.TRAFFICKING,
    "RA9208-6": _G.QUALIFIED_TRAFFICKING,
    "RA9208-7": _G.OTHER,
    **{o.code: _G.OSAEC for o in OFFENCES if o.code.startswith("RA11930-")},
    "RA9775-4": _G.CHILD_PORNOGRAPHY_LEGACY,
    "RA10175-4c2": _G.CHILD_PORNOGRAPHY_LEGACY,
    "RA7610-5": _G.CHILD_ABUSE,
    "RA7610-7": _G.CHILD_ABUSE,
    "RA7610-10": _G.CHILD_ABUSE,
    "RA10175-6": _G.OTHER,
    "RA8353-RPC266A": _G.SEXUAL_OFFENCE_RPC,
    "RPC-336": _G.SEXUAL_OFFENCE_RPC,
}
_LISTED: Final = {o.code: i for i, o in enumerate(OFFENCES)}


def heaviest_offence(codes: Iterable[str]) -> str | None:
    """The code with the heaviest penalty band (ties: listed first in `OFFENCES`); None for no codes."""
    best: str | None = None
    for code in codes:
        if best is None:
            best = code
            continue
        key = (PENALTY_ORDER[offence(code).penalty_band], -_LISTED[code])
        if key > (PENALTY_ORDER[offence(best).penalty_band], -_LISTED[best]):
            best = code
    return best


def offence_group(code: str | None) -> OffenceGroup | None:
    """The group of an offence code (None for None)."""
    return None if code is None else OFFENCE_GROUP[code]
