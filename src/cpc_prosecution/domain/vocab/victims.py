"""Victim-centred vocabularies: counted, never identified (domain brief §5; RA 9208 §7; RA 11930 §21)."""

from enum import StrEnum


class AgeBand(StrEnum):
    """Coarse child age bands used for every victim count (domain brief §5)."""

    AGE_0_5 = "0_5"
    AGE_6_11 = "6_11"
    AGE_12_14 = "12_14"
    AGE_15_17 = "15_17"


class Sex(StrEnum):
    """Sex of a child in victim counts."""

    FEMALE = "F"
    MALE = "M"


class ChildWitnessMeasure(StrEnum):
    """Measures under the Rule on Examination of a Child Witness (A.M. No. 004-07-SC)."""

    GUARDIAN_AD_LITEM = "GUARDIAN_AD_LITEM"
    """§5."""
    INTERPRETER = "INTERPRETER"
    """§9."""
    FACILITATOR = "FACILITATOR"
    """§10: a facilitator poses the questions."""
    SUPPORT_PERSON = "SUPPORT_PERSON"
    """§11: one or two support persons chosen by the child."""
    WAITING_AREA = "WAITING_AREA"
    """§12."""
    COURTROOM_ARRANGEMENT = "COURTROOM_ARRANGEMENT"
    """§13."""
    SUITABLE_HOURS_AND_RECESSES = "SUITABLE_HOURS_AND_RECESSES"
    """§§14-15."""
    TESTIMONIAL_AIDS = "TESTIMONIAL_AIDS"
    """§§16-17, incl. an emotional-security item."""
    PUBLIC_EXCLUDED = "PUBLIC_EXCLUDED"
    """§23."""
    LIVE_LINK = "LIVE_LINK"
    """§25: live-link television testimony from a room outside the courtroom."""
    SCREEN_OR_ONE_WAY_MIRROR = "SCREEN_OR_ONE_WAY_MIRROR"
    """§26."""
    VIDEOTAPED_DEPOSITION = "VIDEOTAPED_DEPOSITION"
    """§27."""
    HEARSAY_EXCEPTION = "HEARSAY_EXCEPTION"
    """§28: a child's statements on abuse admitted."""
    SEXUAL_ABUSE_SHIELD = "SEXUAL_ABUSE_SHIELD"
    """§30."""


#: Measures by which a child testifies without being in the courtroom.
OUTSIDE_COURTROOM = frozenset({ChildWitnessMeasure.LIVE_LINK, ChildWitnessMeasure.VIDEOTAPED_DEPOSITION})


class VictimService(StrEnum):
    """Mandatory services to victims (RA 9208 §§13, 17-A, 18, 23; DSWD RRPTP; RA 7309)."""

    SHELTER_RESIDENTIAL = "SHELTER_RESIDENTIAL"
    AFTERCARE_CASE_MANAGEMENT = "AFTERCARE_CASE_MANAGEMENT"
    PSYCHOSOCIAL_MENTAL_HEALTH = "PSYCHOSOCIAL_MENTAL_HEALTH"
    MEDICAL = "MEDICAL"
    LEGAL_ASSISTANCE = "LEGAL_ASSISTANCE"
    EDUCATION = "EDUCATION"
    LIVELIHOOD_SKILLS = "LIVELIHOOD_SKILLS"
    REINTEGRATION = "REINTEGRATION"
    WITNESS_PROTECTION = "WITNESS_PROTECTION"
    VICTIM_COMPENSATION = "VICTIM_COMPENSATION"
