"""Vocabularies and offence codes: stable codes and data-driven lookups."""

import datetime as dt

import pytest

from cpc_prosecution.domain import (
    OFFENCES,
    AgeBand,
    ArchiveGround,
    CaseType,
    ChildWitnessMeasure,
    CountOutcome,
    DismissalReason,
    PenaltyBand,
    ReferralSource,
    Stage,
    VictimService,
    heaviest_band,
    is_chargeable,
    offence,
    offences_in_force,
)
from cpc_prosecution.domain.vocab.penalties import Art125Class, art125_class, over_six_years


def test_stage_codes_follow_the_domain_brief() -> None:
    """Stage codes are the domain brief §2.1 codes, plus the closing states DISMISSED and PROVISIONALLY_DISMISSED."""
    assert [s.value for s in Stage] == [
        "DETECTION", "CASE_BUILDUP", "OPERATION", "ARREST", "INQUEST", "PRELIM_INVESTIGATION", "RESOLUTION",
        "FILED_IN_COURT", "ARCHIVED", "BAIL_HEARING", "ARRAIGNMENT", "PLEA_BARGAIN", "PRE_TRIAL", "TRIAL",
        "DECISION", "POST_JUDGMENT", "FINAL", "DISMISSED", "PROVISIONALLY_DISMISSED",
    ]  # fmt: skip


def test_partnership_case_types_and_referral_sources() -> None:
    """Case types of the Compact; referral sources are the §2.2 controlled list."""
    assert {t.value for t in CaseType} == {"OSEC", "CHILD_LABOR_TRAFFICKING", "OTHER_TRAFFICKING"}
    assert len(ReferralSource) == 10
    assert ReferralSource("NCMEC_CYBERTIP") is ReferralSource.NCMEC_CYBERTIP


def test_outcomes_cover_the_brief() -> None:
    """Outcomes per accused per count include demurrer acquittal, provisional/permanent dismissal and withdrawal."""
    needed = {
        "CONVICTED_AS_CHARGED", "CONVICTED_LESSER_OFFENSE_PLEA", "CONVICTED_LESSER_OFFENSE_AFTER_TRIAL", "ACQUITTED",
        "ACQUITTED_ON_DEMURRER", "DISMISSED_LACK_OF_PROBABLE_CAUSE", "DISMISSED_SPEEDY_TRIAL",
        "PROVISIONALLY_DISMISSED", "PERMANENTLY_DISMISSED", "INFORMATION_WITHDRAWN",
    }  # fmt: skip
    assert needed <= {o.value for o in CountOutcome}


def test_victim_vocabularies() -> None:
    """Age bands 0-5/6-11/12-14/15-17; child-witness measures and services from domain brief §5."""
    assert [b.value for b in AgeBand] == ["0_5", "6_11", "12_14", "15_17"]
    for code in ("LIVE_LINK", "VIDEOTAPED_DEPOSITION", "SUPPORT_PERSON", "GUARDIAN_AD_LITEM", "FACILITATOR"):
        assert ChildWitnessMeasure(code)
    assert len(VictimService) == 10
    assert len(ArchiveGround) == 5


def test_dismissal_reasons_know_whether_they_bar_refiling() -> None:
    """Speedy-trial dismissals bar refiling (double jeopardy); a PI dismissal does not (DC 015 §16)."""
    assert DismissalReason.SPEEDY_TRIAL_VIOLATION.with_prejudice
    assert not DismissalReason.INSUFFICIENT_EVIDENCE.with_prejudice
    assert not DismissalReason.LACK_OF_PROBABLE_CAUSE.with_prejudice


def test_offence_rows_carry_statute_section_band_and_validity() -> None:
    """Offence codes are data: code, statute, section, label, penalty band, valid from/to."""
    qualified = offence("RA9208-6")
    assert (qualified.statute, qualified.section, qualified.penalty_band) == (
        "RA 9208",
        "§6(a)-(o)",
        PenaltyBand.LIFE_IMPRISONMENT,
    )
    assert len({o.code for o in OFFENCES}) == len(OFFENCES)
    with pytest.raises(KeyError, match="RA0000"):
        offence("RA0000-1")


def test_ra9775_is_repealed_but_still_known() -> None:
    """RA 9775 was repealed by RA 11930 (30 Jul 2022): out of force after, still chargeable for old conduct."""
    legacy = offence("RA9775-4")
    assert legacy.valid_to == dt.date(2022, 7, 30)
    assert legacy.in_force_on(dt.date(2021, 1, 1))
    assert not legacy.in_force_on(dt.date(2023, 1, 1))
    assert is_chargeable("RA9775-4")
    in_force_2023 = {o.code for o in offences_in_force(dt.date(2023, 1, 1))}
    assert "RA11930-4g" in in_force_2023
    assert "RA9775-4" not in in_force_2023


def test_qualifiers_are_not_chargeable() -> None:
    """RA 10175 §6 raises a penalty by one degree; it is not itself a count."""
    assert not is_chargeable("RA10175-6")


def test_penalty_bands_decide_art125_and_the_provisional_dismissal_bar() -> None:
    """Art. 125 class and the Rule 117 §8 bar follow from the band."""
    assert heaviest_band(["RA9208-7", "RA9208-6"]) is PenaltyBand.LIFE_IMPRISONMENT
    assert art125_class(PenaltyBand.CORRECTIONAL) is Art125Class.CORRECTIONAL
    assert art125_class(PenaltyBand.LIFE_IMPRISONMENT) is Art125Class.AFFLICTIVE
    assert not over_six_years(PenaltyBand.CORRECTIONAL)
    assert over_six_years(PenaltyBand.UNSPECIFIED)
