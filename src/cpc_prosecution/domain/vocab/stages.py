"""Lifecycle stages (domain brief §2.1) and the stage groups the state machine uses.

The codes are stable: they are stored, exported and aggregated. Add new codes; never rename one.
"""

from enum import StrEnum


class Stage(StrEnum):
    """Where a case (or one accused inside it) stands. Codes follow domain brief §2.1."""

    DETECTION = "DETECTION"
    """Report / referral / complaint received (RA 9208 §8(a); RA 11930 §23)."""
    CASE_BUILDUP = "CASE_BUILDUP"
    """Surveillance, undercover contact, cybercrime warrants (DOJ DC 20-2023; A.M. 17-11-03-SC)."""
    OPERATION = "OPERATION"
    """Rescue / entrapment operation; children into protective custody (RA 11930 §26)."""
    ARREST = "ARREST"
    """Warrantless arrest (in flagrante); arrests on a warrant happen in court stages."""
    INQUEST = "INQUEST"
    """Summary inquiry after a warrantless arrest (DOJ DC 015-2024 §§12-13)."""
    PRELIM_INVESTIGATION = "PRELIM_INVESTIGATION"
    """Regular preliminary investigation (DC 015-2024 §3; Rule 112)."""
    RESOLUTION = "RESOLUTION"
    """Prosecutor resolved to file an Information (DC 015-2024 §5)."""
    FILED_IN_COURT = "FILED_IN_COURT"
    """Information filed, raffled, judicial determination of probable cause (Rule 112 §5)."""
    ARCHIVED = "ARCHIVED"
    """Side state: archived, e.g. accused at large (A.M. 15-06-10-SC III.6)."""
    BAIL_HEARING = "BAIL_HEARING"
    """Overlay stage: a petition for bail is heard (Rule 114 §7); never the current stage."""
    ARRAIGNMENT = "ARRAIGNMENT"
    """Arraignment and plea (Rule 116 §1)."""
    PLEA_BARGAIN = "PLEA_BARGAIN"
    """Plea of guilty to a lesser offence (Rule 116 §2)."""
    PRE_TRIAL = "PRE_TRIAL"
    """Pre-trial conference and order (Rule 118 §1; RA 8493 §2)."""
    TRIAL = "TRIAL"
    """Continuous trial (A.M. 15-06-10-SC III.1, III.13)."""
    DECISION = "DECISION"
    """Submitted for decision; promulgation due (A.M. 15-06-10-SC III.16)."""
    POST_JUDGMENT = "POST_JUDGMENT"
    """Judgment of conviction promulgated, not yet final: MR, new trial, appeal (Rules 121-122)."""
    FINAL = "FINAL"
    """Judgment final (Rule 120 §7)."""
    DISMISSED = "DISMISSED"
    """Closed by a dismissal or withdrawal; may be refiled when without prejudice (DC 015 §16)."""
    PROVISIONALLY_DISMISSED = "PROVISIONALLY_DISMISSED"
    """Side state: provisional dismissal, revivable for 1 or 2 years (Rule 117 §8)."""


#: Table order of domain brief §2.1; the terminal and side states come last.
STAGE_ORDER: dict[Stage, int] = {stage: index for index, stage in enumerate(Stage)}

#: Stages the case passes through before an Information is filed (case level, not per accused).
PRE_COURT_STAGES = frozenset(
    {
        Stage.DETECTION,
        Stage.CASE_BUILDUP,
        Stage.OPERATION,
        Stage.ARREST,
        Stage.INQUEST,
        Stage.PRELIM_INVESTIGATION,
        Stage.RESOLUTION,
    }
)
#: Court stages an accused moves through while the proceedings against them are open.
COURT_ACTIVE_STAGES: tuple[Stage, ...] = (
    Stage.FILED_IN_COURT,
    Stage.ARRAIGNMENT,
    Stage.PLEA_BARGAIN,
    Stage.PRE_TRIAL,
    Stage.TRIAL,
    Stage.DECISION,
    Stage.POST_JUDGMENT,
)
#: Before judgment and not submitted: archiving, provisional dismissal and withdrawal happen here.
BEFORE_SUBMISSION = frozenset({Stage.FILED_IN_COURT, Stage.ARRAIGNMENT, Stage.PRE_TRIAL, Stage.TRIAL})
#: Before any judgment (dismissals are possible up to here).
BEFORE_JUDGMENT = BEFORE_SUBMISSION | {Stage.DECISION}
#: Side states: the accused's proceedings are suspended and can be revived.
SIDE_STAGES = frozenset({Stage.ARCHIVED, Stage.PROVISIONALLY_DISMISSED})
#: Terminal states for one accused (a refiling after a dismissal without prejudice starts over).
TERMINAL_STAGES = frozenset({Stage.FINAL, Stage.DISMISSED})
