"""Outcome vocabularies: per accused per count, per accused, per case (domain brief §2.3)."""

from enum import StrEnum


class CountOutcome(StrEnum):
    """Outcome of one count for one accused (record one per accused per count)."""

    CONVICTED_AS_CHARGED = "CONVICTED_AS_CHARGED"
    CONVICTED_LESSER_OFFENSE_PLEA = "CONVICTED_LESSER_OFFENSE_PLEA"
    """Plea bargain (Rule 116 §2)."""
    CONVICTED_LESSER_OFFENSE_AFTER_TRIAL = "CONVICTED_LESSER_OFFENSE_AFTER_TRIAL"
    """The lesser offence is necessarily included in the charge."""
    ACQUITTED = "ACQUITTED"
    """After trial, or on appeal (conviction reversed)."""
    ACQUITTED_ON_DEMURRER = "ACQUITTED_ON_DEMURRER"
    """A demurrer to evidence was granted (Rule 119 §23)."""
    DISMISSED_LACK_OF_PROBABLE_CAUSE = "DISMISSED_LACK_OF_PROBABLE_CAUSE"
    """Rule 112 §5."""
    DISMISSED_SPEEDY_TRIAL = "DISMISSED_SPEEDY_TRIAL"
    """Rule 119 §9; treated as double jeopardy."""
    DISMISSED = "DISMISSED"
    """Any other dismissal; the reason is a `DismissalReason`."""
    PROVISIONALLY_DISMISSED = "PROVISIONALLY_DISMISSED"
    """Rule 117 §8; becomes permanent after 1 or 2 years unless revived."""
    PERMANENTLY_DISMISSED = "PERMANENTLY_DISMISSED"
    INFORMATION_WITHDRAWN = "INFORMATION_WITHDRAWN"


CONVICTIONS = frozenset(
    {
        CountOutcome.CONVICTED_AS_CHARGED,
        CountOutcome.CONVICTED_LESSER_OFFENSE_PLEA,
        CountOutcome.CONVICTED_LESSER_OFFENSE_AFTER_TRIAL,
    }
)
ACQUITTALS = frozenset({CountOutcome.ACQUITTED, CountOutcome.ACQUITTED_ON_DEMURRER})
DISMISSALS = frozenset(
    {
        CountOutcome.DISMISSED_LACK_OF_PROBABLE_CAUSE,
        CountOutcome.DISMISSED_SPEEDY_TRIAL,
        CountOutcome.DISMISSED,
        CountOutcome.PERMANENTLY_DISMISSED,
        CountOutcome.INFORMATION_WITHDRAWN,
    }
)
#: Outcomes a promulgation may record.
JUDGMENT_OUTCOMES = CONVICTIONS | ACQUITTALS | {CountOutcome.DISMISSED}
#: Outcomes that need the offence actually convicted of.
LESSER_OFFENSE_OUTCOMES = frozenset(
    {CountOutcome.CONVICTED_LESSER_OFFENSE_PLEA, CountOutcome.CONVICTED_LESSER_OFFENSE_AFTER_TRIAL}
)


class DismissalReason(StrEnum):
    """Coded reasons for a dismissal (never free text)."""

    INSUFFICIENT_EVIDENCE = "INSUFFICIENT_EVIDENCE"
    """Prosecutor: no prima facie case with reasonable certainty of conviction (DC 015 §§5, 16)."""
    NO_PRIMA_FACIE_CASE_MOTU_PROPRIO = "NO_PRIMA_FACIE_CASE_MOTU_PROPRIO"
    """Prosecutor, on their own motion with head-of-office approval (DC 015 §3)."""
    RELEASED_AT_INQUEST = "RELEASED_AT_INQUEST"
    """Invalid warrantless arrest, or evidence incomplete within the Art. 125 window (DC 015 §13)."""
    LACK_OF_PROBABLE_CAUSE = "LACK_OF_PROBABLE_CAUSE"
    """Judge: no probable cause (Rule 112 §5)."""
    SPEEDY_TRIAL_VIOLATION = "SPEEDY_TRIAL_VIOLATION"
    """Rule 119 §9; bars a new prosecution."""
    MOTION_TO_QUASH_GRANTED = "MOTION_TO_QUASH_GRANTED"
    LACK_OF_JURISDICTION = "LACK_OF_JURISDICTION"
    DEATH_OF_ACCUSED = "DEATH_OF_ACCUSED"
    VICTIM_DESISTANCE = "VICTIM_DESISTANCE"
    """Recorded because it happens; an affidavit of desistance is not a legal ground (RA 9208 §8(j))."""
    PLEA_AGREEMENT = "PLEA_AGREEMENT"
    """A count dropped as part of an approved plea bargain (judgment on the plea)."""
    OTHER = "OTHER"

    @property
    def with_prejudice(self) -> bool:
        """Whether the dismissal bars refiling against that accused."""
        return self in _WITH_PREJUDICE


_WITH_PREJUDICE = frozenset(
    {
        DismissalReason.SPEEDY_TRIAL_VIOLATION,
        DismissalReason.DEATH_OF_ACCUSED,
        DismissalReason.VICTIM_DESISTANCE,
        DismissalReason.PLEA_AGREEMENT,
    }
)
#: Reasons a prosecutor's resolution may give.
PROSECUTOR_DISMISSAL_REASONS = frozenset(
    {
        DismissalReason.INSUFFICIENT_EVIDENCE,
        DismissalReason.NO_PRIMA_FACIE_CASE_MOTU_PROPRIO,
        DismissalReason.RELEASED_AT_INQUEST,
        DismissalReason.OTHER,
    }
)
#: Reasons a court dismissal order may give.
COURT_DISMISSAL_REASONS = frozenset(
    {
        DismissalReason.LACK_OF_PROBABLE_CAUSE,
        DismissalReason.SPEEDY_TRIAL_VIOLATION,
        DismissalReason.MOTION_TO_QUASH_GRANTED,
        DismissalReason.LACK_OF_JURISDICTION,
        DismissalReason.DEATH_OF_ACCUSED,
        DismissalReason.VICTIM_DESISTANCE,
        DismissalReason.OTHER,
    }
)


class AccusedOutcome(StrEnum):
    """Outcome for one accused, derived from their counts."""

    PENDING = "PENDING"
    CONVICTED = "CONVICTED"
    """Convicted on at least one count."""
    ACQUITTED = "ACQUITTED"
    """No conviction; acquitted on at least one count."""
    DISMISSED = "DISMISSED"
    """Every count dismissed or withdrawn."""


class CaseOutcome(StrEnum):
    """Outcome for the whole case, derived from the accused."""

    PENDING = "PENDING"
    CONVICTED = "CONVICTED"
    """At least one accused convicted (even if others are still pending)."""
    ACQUITTED = "ACQUITTED"
    """Nothing pending, no conviction, at least one acquittal."""
    DISMISSED = "DISMISSED"
    """Nothing pending and everything dismissed (at the prosecutor or in court)."""
