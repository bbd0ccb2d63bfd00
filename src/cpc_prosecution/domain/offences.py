"""Offence codes as data: one row per statute-section(-paragraph) (domain brief §4).

`valid_from` is the date the provision was approved/enacted (effectivity dates, usually 15 days
after publication, were not verified); `valid_to` is the first date it no longer applies to new
conduct (RA 9775 was repealed by RA 11930 §44, approved 30 July 2022). Repealed codes stay
chargeable for conduct before the repeal, so the fold only checks that a code exists and was in
force by the filing date.
"""

import datetime as dt
from collections.abc import Iterable

import msgspec

from cpc_prosecution.domain.vocab.penalties import PENALTY_ORDER, PenaltyBand

_RA9208 = dt.date(2003, 5, 26)
_RA10364 = dt.date(2013, 2, 6)
_RA11930 = dt.date(2022, 7, 30)
_RA9775 = dt.date(2009, 11, 17)
_RA7610 = dt.date(1992, 6, 17)
_RA8353 = dt.date(1997, 9, 30)
_RA10175 = dt.date(2012, 9, 12)
_RPC = dt.date(1932, 1, 1)


class Offence(msgspec.Struct, frozen=True, kw_only=True):
    """One chargeable provision (reference data, not case data)."""

    code: str
    statute: str
    section: str
    label: str
    penalty_band: PenaltyBand
    penalty_text: str
    valid_from: dt.date
    valid_to: dt.date | None = None
    chargeable: bool = True
    """False for qualifiers such as RA 10175 §6, which modify a penalty but are not offences."""

    def in_force_on(self, day: dt.date) -> bool:
        """Whether the provision applied to conduct on `day`."""
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


def _ra11930(paragraph: str, label: str, band: PenaltyBand, text: str) -> Offence:
    return Offence(
        code=f"RA11930-4{paragraph}",
        statute="RA 11930",
        section=f"§4({paragraph})",
        label=label,
        penalty_band=band,
        penalty_text=text,
        valid_from=_RA11930,
    )


_LIFE_2M = "Life imprisonment + fine >= PHP 2M (§10(a))"
_RT_MAX = "Reclusion temporal maximum (§10)"

OFFENCES: tuple[Offence, ...] = (
    Offence(
        code="RA9208-4",
        statute="RA 9208",
        section="§4(a)-(m)",
        label="Trafficking in persons",
        penalty_band=PenaltyBand.AFFLICTIVE_12_20,
        penalty_text="20 yrs + PHP 1-2M (§10(a))",
        valid_from=_RA9208,
    ),
    Offence(
        code="RA9208-4A",
        statute="RA 9208",
        section="§4-A",
        label="Attempted trafficking in persons",
        penalty_band=PenaltyBand.AFFLICTIVE_12_20,
        penalty_text="15 yrs + PHP 500k-1M (§10(b))",
        valid_from=_RA10364,
    ),
    Offence(
        code="RA9208-4B",
        statute="RA 9208",
        section="§4-B",
        label="Accomplice liability",
        penalty_band=PenaltyBand.AFFLICTIVE_12_20,
        penalty_text="15 yrs + PHP 500k-1M (§10(c))",
        valid_from=_RA10364,
    ),
    Offence(
        code="RA9208-4C",
        statute="RA 9208",
        section="§4-C",
        label="Accessories",
        penalty_band=PenaltyBand.AFFLICTIVE_12_20,
        penalty_text="15 yrs + PHP 500k-1M (§4-C refers to §10(d))",
        valid_from=_RA10364,
    ),
    Offence(
        code="RA9208-5",
        statute="RA 9208",
        section="§5",
        label="Acts that promote trafficking in persons",
        penalty_band=PenaltyBand.AFFLICTIVE_12_20,
        penalty_text="15 yrs + PHP 500k-1M (§10(d))",
        valid_from=_RA9208,
    ),
    Offence(
        code="RA9208-6",
        statute="RA 9208",
        section="§6(a)-(o)",
        label="Qualified trafficking in persons",
        penalty_band=PenaltyBand.LIFE_IMPRISONMENT,
        penalty_text="Life imprisonment + PHP 2-5M (§10(e))",
        valid_from=_RA9208,
    ),
    Offence(
        code="RA9208-7",
        statute="RA 9208",
        section="§7",
        label="Breach of confidentiality",
        penalty_band=PenaltyBand.CORRECTIONAL,
        penalty_text="6 yrs + PHP 500k-1M (§10(f))",
        valid_from=_RA9208,
    ),
    *(
        _ra11930(p, label, PenaltyBand.LIFE_IMPRISONMENT, _LIFE_2M)
        for p, label in (
            ("a", "Using or inducing a child to take part in producing OSAEC/CSAEM"),
            ("b", "Producing or facilitating CSAEM"),
            ("c", "Selling, distributing or advertising CSAEM"),
            ("d", "Publishing, transmitting or broadcasting CSAEM"),
            ("e", "Permitting or influencing a child to engage in CSAEM"),
            ("f", "Hiring or paying a facilitator to stream child sexual abuse"),
            ("g", "Streaming or live-streaming child sexual abuse"),
            ("h", "Recruiting or transporting a child for OSAEC"),
            ("i", "Matching a child to a foreign national or other person"),
            ("j", "Distribution by film distributors, theatres or ICT services"),
        )
    ),
    _ra11930("k", "Benefiting from OSAEC", PenaltyBand.RECLUSION_PERPETUA, "Reclusion temporal max to RP"),
    _ra11930("l", "Providing a venue for OSAEC", PenaltyBand.RECLUSION_PERPETUA, "Reclusion temporal max to RP"),
    _ra11930("m", "Luring or grooming a child", PenaltyBand.AFFLICTIVE_12_20, _RT_MAX),
    _ra11930("n", "Sexualising children online", PenaltyBand.AFFLICTIVE_12_20, _RT_MAX),
    _ra11930("o", "Pandering", PenaltyBand.AFFLICTIVE_12_20, _RT_MAX),
    _ra11930("p", "Subscribing to or supporting OSAEC sites", PenaltyBand.AFFLICTIVE_12_20, "RT medium"),
    _ra11930("q", "Advertising OSAEC material", PenaltyBand.AFFLICTIVE_12_20, "Reclusion temporal minimum"),
    _ra11930("r", "Possession of CSAEM", PenaltyBand.AFFLICTIVE_12_20, "Reclusion temporal"),
    _ra11930("s", "Wilful access to CSAEM", PenaltyBand.AFFLICTIVE_6_12, "Prision mayor maximum"),
    _ra11930("t", "Conspiracy to commit OSAEC", PenaltyBand.AFFLICTIVE_6_12, "Prision mayor medium"),
    Offence(
        code="RA11930-6",
        statute="RA 11930",
        section="§6",
        label="Syndicated or large-scale OSAEC",
        penalty_band=PenaltyBand.LIFE_IMPRISONMENT,
        penalty_text="Life imprisonment + PHP 5-20M",
        valid_from=_RA11930,
    ),
    Offence(
        code="RA9775-4",
        statute="RA 9775",
        section="§4",
        label="Child pornography (legacy; repealed by RA 11930 §44)",
        penalty_band=PenaltyBand.UNSPECIFIED,
        penalty_text="RA 9775 §15, varies by act (legacy)",
        valid_from=_RA9775,
        valid_to=_RA11930,
    ),
    Offence(
        code="RA7610-5",
        statute="RA 7610",
        section="§5",
        label="Child prostitution and other sexual abuse",
        penalty_band=PenaltyBand.RECLUSION_PERPETUA,
        penalty_text="Reclusion temporal medium to reclusion perpetua",
        valid_from=_RA7610,
    ),
    Offence(
        code="RA7610-7",
        statute="RA 7610",
        section="§7",
        label="Child trafficking (older provision)",
        penalty_band=PenaltyBand.RECLUSION_PERPETUA,
        penalty_text="Reclusion temporal to reclusion perpetua (RA 7610 §7 text)",
        valid_from=_RA7610,
    ),
    Offence(
        code="RA7610-10",
        statute="RA 7610",
        section="§10(a)",
        label="Other acts of child abuse",
        penalty_band=PenaltyBand.AFFLICTIVE_6_12,
        penalty_text="Prision mayor minimum",
        valid_from=_RA7610,
    ),
    Offence(
        code="RA10175-4c2",
        statute="RA 10175",
        section="§4(c)(2)",
        label="Child pornography through a computer system (status after RA 11930 unverified)",
        penalty_band=PenaltyBand.UNSPECIFIED,
        penalty_text="One degree higher than RA 9775 (legacy / check status)",
        valid_from=_RA10175,
    ),
    Offence(
        code="RA10175-6",
        statute="RA 10175",
        section="§6",
        label="Qualifier: crime committed through ICT (penalty one degree higher)",
        penalty_band=PenaltyBand.UNSPECIFIED,
        penalty_text="Modifier, not an offence",
        valid_from=_RA10175,
        chargeable=False,
    ),
    Offence(
        code="RA8353-RPC266A",
        statute="RPC as amended by RA 8353",
        section="Art. 266-A",
        label="Rape / sexual assault",
        penalty_band=PenaltyBand.RECLUSION_PERPETUA,
        penalty_text="Per RPC Art. 266-B",
        valid_from=_RA8353,
    ),
    Offence(
        code="RPC-336",
        statute="RPC",
        section="Art. 336",
        label="Acts of lasciviousness",
        penalty_band=PenaltyBand.CORRECTIONAL,
        penalty_text="Prision correccional",
        valid_from=_RPC,
    ),
)

_BY_CODE: dict[str, Offence] = {o.code: o for o in OFFENCES}


def offence(code: str) -> Offence:
    """The offence with this code; raises KeyError naming the code if unknown."""
    try:
        return _BY_CODE[code]
    except KeyError:
        raise KeyError(f"unknown offence code {code!r}") from None


def is_chargeable(code: str) -> bool:
    """Whether `code` is a known offence that can be charged as a count."""
    found = _BY_CODE.get(code)
    return found is not None and found.chargeable


def offences_in_force(day: dt.date) -> tuple[Offence, ...]:
    """Chargeable offences whose provision applied to conduct on `day`."""
    return tuple(o for o in OFFENCES if o.chargeable and o.in_force_on(day))


def heaviest_band(codes: Iterable[str]) -> PenaltyBand | None:
    """The heaviest penalty band among `codes` (None for no codes)."""
    best: PenaltyBand | None = None
    for code in codes:
        band = _BY_CODE[code].penalty_band
        if best is None or PENALTY_ORDER[band] > PENALTY_ORDER[best]:
            best = band
    return best
