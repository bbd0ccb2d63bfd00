"""Vocabularies for the case and the phase before court (domain brief §§1, 2.2, 4)."""

from enum import StrEnum


class CaseType(StrEnum):
    """Case types of the Child Protection Compact (state.gov CPC page; domain brief §4 tags)."""

    OSEC = "OSEC"
    """Online sexual exploitation of children (OSEC/OSAEC, RA 11930)."""
    CHILD_LABOR_TRAFFICKING = "CHILD_LABOR_TRAFFICKING"
    """Child labour trafficking (RA 9208 §4(k))."""
    OTHER_TRAFFICKING = "OTHER_TRAFFICKING"
    """Any other trafficking of a child (offline sex trafficking, ...)."""


class ReferralSource(StrEnum):
    """How the case was detected (domain brief §2.2)."""

    NCMEC_CYBERTIP = "NCMEC_CYBERTIP"
    FOREIGN_LE_REFERRAL = "FOREIGN_LE_REFERRAL"
    ISP_ESP_REPORT = "ISP_ESP_REPORT"
    FINANCIAL_INTERMEDIARY = "FINANCIAL_INTERMEDIARY"
    HOTLINE = "HOTLINE"
    COMMUNITY_OR_BARANGAY = "COMMUNITY_OR_BARANGAY"
    VICTIM_OR_FAMILY = "VICTIM_OR_FAMILY"
    SOCIAL_WORKER = "SOCIAL_WORKER"
    PROACTIVE_UNDERCOVER = "PROACTIVE_UNDERCOVER"
    LABOR_INSPECTION = "LABOR_INSPECTION"


class Agency(StrEnum):
    """Law-enforcement or partner unit leading an operation (domain brief §1)."""

    PNP_WCPC = "PNP_WCPC"
    PNP_OTHER = "PNP_OTHER"
    NBI_AHTRAD = "NBI_AHTRAD"
    NBI_OTHER = "NBI_OTHER"
    IACAT_TASK_FORCE = "IACAT_TASK_FORCE"
    DOLE = "DOLE"
    OTHER = "OTHER"


class BuildUpActivity(StrEnum):
    """Case build-up steps (DOJ DC 20-2023; A.M. 17-11-03-SC warrants; RA 9208 §8(b))."""

    SURVEILLANCE = "SURVEILLANCE"
    UNDERCOVER_ONLINE_CONTACT = "UNDERCOVER_ONLINE_CONTACT"
    CYBERCRIME_WARRANT = "CYBERCRIME_WARRANT"
    INTERCEPTION_ORDER = "INTERCEPTION_ORDER"
    DATA_PRESERVATION_ORDER = "DATA_PRESERVATION_ORDER"
    FINANCIAL_INQUIRY = "FINANCIAL_INQUIRY"
    PROSECUTOR_CONSULTATION = "PROSECUTOR_CONSULTATION"
    FOREIGN_LE_COORDINATION = "FOREIGN_LE_COORDINATION"


class OperationKind(StrEnum):
    """Kinds of operation (domain brief §2.1 stage 3)."""

    RESCUE = "RESCUE"
    ENTRAPMENT = "ENTRAPMENT"
    RESCUE_AND_ENTRAPMENT = "RESCUE_AND_ENTRAPMENT"
    CYBER_WARRANT_EXECUTION = "CYBER_WARRANT_EXECUTION"
    LABOR_INSPECTION_REMOVAL = "LABOR_INSPECTION_REMOVAL"


class Custodian(StrEnum):
    """Who takes rescued children into protective custody (RA 11930 §26)."""

    C_MSWDO = "C_MSWDO"
    DSWD = "DSWD"
    LICENSED_CHILD_CARING_AGENCY = "LICENSED_CHILD_CARING_AGENCY"


class ArrestMode(StrEnum):
    """How an accused came into custody (domain brief §2.1 stage 4)."""

    WARRANTLESS = "WARRANTLESS"
    ON_WARRANT = "ON_WARRANT"
    VOLUNTARY_SURRENDER = "VOLUNTARY_SURRENDER"


class Custody(StrEnum):
    """Where an accused is, as the fold sees it."""

    AT_LARGE = "AT_LARGE"
    """Not in custody and not before the court (never arrested, or a warrant is outstanding)."""
    DETAINED = "DETAINED"
    ON_BAIL = "ON_BAIL"
    RELEASED = "RELEASED"
    """Released before any Information (at inquest, for further investigation, or on dismissal)."""


class PiBasis(StrEnum):
    """Why a preliminary investigation opened (DC 015-2024 §§3, 13)."""

    COMPLAINT = "COMPLAINT"
    """A complaint filed for regular preliminary investigation."""
    ART125_WAIVER = "ART125_WAIVER"
    """The arrested respondent waived Art. 125 and asked for a PI after inquest (15 days)."""
    RELEASED_FOR_FURTHER_INVESTIGATION = "RELEASED_FOR_FURTHER_INVESTIGATION"
    """Inquest released the arrested persons and referred the complaint to a regular PI."""


class ResolutionDisposition(StrEnum):
    """What the investigating prosecutor resolved (DC 015-2024 §§5, 16)."""

    FILE_INFORMATION = "FILE_INFORMATION"
    DISMISS = "DISMISS"


class ProsecutorOutcome(StrEnum):
    """Outcome at the prosecutor level (domain brief §2.3)."""

    INFORMATION_FILED = "INFORMATION_FILED"
    DISMISSED_AT_PI = "DISMISSED_AT_PI"
    DISMISSED_MOTU_PROPRIO = "DISMISSED_MOTU_PROPRIO"
    RELEASED_AT_INQUEST = "RELEASED_AT_INQUEST"


class RefilingForum(StrEnum):
    """Where a case dismissed without prejudice starts again."""

    PROSECUTOR = "PROSECUTOR"
    """The complaint is refiled for a new preliminary investigation (DC 015-2024 §16)."""
    COURT = "COURT"
    """The prosecutor files a new Information directly (e.g. after a dismissal for lack of probable cause)."""


class TransferReason(StrEnum):
    """Coded reasons for moving a case between offices or courts."""

    REASSIGNMENT = "REASSIGNMENT"
    CONSOLIDATION = "CONSOLIDATION"
    CHANGE_OF_VENUE = "CHANGE_OF_VENUE"
    INHIBITION = "INHIBITION"
    JURISDICTION = "JURISDICTION"
    NEW_DESIGNATED_COURT = "NEW_DESIGNATED_COURT"
    OTHER = "OTHER"


class CorrectionReason(StrEnum):
    """Coded reasons for retracting or superseding a recorded event."""

    DATA_ENTRY_ERROR = "DATA_ENTRY_ERROR"
    WRONG_DATE = "WRONG_DATE"
    WRONG_CASE = "WRONG_CASE"
    DUPLICATE_ENTRY = "DUPLICATE_ENTRY"
    LATE_COURT_REPORT = "LATE_COURT_REPORT"
    ORDER_CORRECTED_BY_COURT = "ORDER_CORRECTED_BY_COURT"
    OTHER = "OTHER"
