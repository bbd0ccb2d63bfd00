"""Vocabularies for the court phase (domain brief §§2.1, 2.3; Rules of Court; A.M. 15-06-10-SC)."""

from enum import StrEnum


class ProbableCauseFinding(StrEnum):
    """Judicial determination of probable cause (Rule 112 §5(a))."""

    FOUND = "FOUND"
    """Warrant of arrest (or commitment order for a detained accused) issues."""
    NOT_FOUND = "NOT_FOUND"
    """The case is dismissed for lack of probable cause."""
    MORE_EVIDENCE_REQUIRED = "MORE_EVIDENCE_REQUIRED"
    """The judge orders more evidence (5 days) and resolves within 30 days of filing."""


class BailDecision(StrEnum):
    """Ruling on a petition for bail (Rule 114 §7; A.M. 15-06-10-SC III.10)."""

    GRANTED = "GRANTED"
    DENIED = "DENIED"


class PleaKind(StrEnum):
    """Plea entered at arraignment (Rule 116 §1). Pleas to a lesser offence are a `PleaBargain`."""

    GUILTY = "GUILTY"
    NOT_GUILTY = "NOT_GUILTY"


class PostponementReason(StrEnum):
    """Coded reasons a trial setting did not go ahead."""

    ABSENCE_OF_PROSECUTOR = "ABSENCE_OF_PROSECUTOR"
    ABSENCE_OF_DEFENCE_COUNSEL = "ABSENCE_OF_DEFENCE_COUNSEL"
    ABSENCE_OF_ACCUSED = "ABSENCE_OF_ACCUSED"
    ACCUSED_NOT_BROUGHT_FROM_DETENTION = "ACCUSED_NOT_BROUGHT_FROM_DETENTION"
    ABSENCE_OF_WITNESS = "ABSENCE_OF_WITNESS"
    CHILD_WITNESS_UNAVAILABLE = "CHILD_WITNESS_UNAVAILABLE"
    JUDGE_UNAVAILABLE = "JUDGE_UNAVAILABLE"
    COURT_SUSPENSION_OR_CALAMITY = "COURT_SUSPENSION_OR_CALAMITY"
    PENDING_MOTION = "PENDING_MOTION"
    INTERPRETER_UNAVAILABLE = "INTERPRETER_UNAVAILABLE"
    LIVE_LINK_EQUIPMENT_FAILURE = "LIVE_LINK_EQUIPMENT_FAILURE"
    PLEA_NEGOTIATION = "PLEA_NEGOTIATION"
    OTHER = "OTHER"


class MotionKind(StrEnum):
    """Motions and petitions whose filing and ruling the fold tracks."""

    MOTION_TO_QUASH = "MOTION_TO_QUASH"
    """Rule 117; pauses the arraignment clock (Rule 116 §1(g))."""
    BILL_OF_PARTICULARS = "BILL_OF_PARTICULARS"
    """Rule 116 §9; pauses the arraignment clock (Rule 116 §1(g))."""
    PETITION_FOR_REVIEW_DOJ = "PETITION_FOR_REVIEW_DOJ"
    """DOJ review of the prosecutor's resolution (DC 015 §19); suspends arraignment <= 60 days (Rule 116 §11(c))."""
    REINVESTIGATION = "REINVESTIGATION"
    INHIBITION = "INHIBITION"
    DEMURRER_TO_EVIDENCE = "DEMURRER_TO_EVIDENCE"
    """Rule 119 §23; when granted the accused is acquitted (A.M. 15-06-10-SC III.13)."""
    RECONSIDERATION = "RECONSIDERATION"
    """MR of a prosecutor's resolution (DC 015 §18) or of a judgment (Rule 121; fresh appeal period on denial)."""
    NEW_TRIAL = "NEW_TRIAL"
    """Rule 121; when granted the accused goes back to trial."""


class MotionRulingKind(StrEnum):
    """How a motion ended."""

    GRANTED = "GRANTED"
    DENIED = "DENIED"
    WITHDRAWN = "WITHDRAWN"


class ArchiveGround(StrEnum):
    """Grounds for archiving (A.M. 15-06-10-SC III.6)."""

    ACCUSED_AT_LARGE = "ACCUSED_AT_LARGE"
    """Still at large 6 months after the warrant was delivered to the peace officer."""
    UNSOUND_MIND = "UNSOUND_MIND"
    PREJUDICIAL_QUESTION = "PREJUDICIAL_QUESTION"
    HIGHER_COURT_TRO = "HIGHER_COURT_TRO"
    BAIL_JUMPED_BEFORE_ARRAIGNMENT = "BAIL_JUMPED_BEFORE_ARRAIGNMENT"


class AppellateCourt(StrEnum):
    """Appellate forum (Rule 122 §3(c); Rule 124 §13(c))."""

    CA = "CA"
    SC = "SC"


class AppellateOutcome(StrEnum):
    """Appellate outcome (domain brief §2.3)."""

    AFFIRMED = "AFFIRMED"
    MODIFIED = "MODIFIED"
    REVERSED = "REVERSED"
    """Conviction reversed: the accused is acquitted, and the acquittal is final at once."""
    REMANDED = "REMANDED"
    """Sent back to the trial court for further proceedings: the accused returns to trial."""


class FinalityBasis(StrEnum):
    """Why a judgment became final (Rule 120 §7)."""

    APPEAL_PERIOD_LAPSED = "APPEAL_PERIOD_LAPSED"
    ENTRY_OF_JUDGMENT = "ENTRY_OF_JUDGMENT"
    WAIVER_OF_APPEAL = "WAIVER_OF_APPEAL"
    PROBATION_APPLIED = "PROBATION_APPLIED"
    SENTENCE_SERVED = "SENTENCE_SERVED"
