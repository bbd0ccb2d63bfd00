"""An example for the event types the outcome-path examples do not use: bail, transfer, withdrawal,
a court dismissal and both corrections. Kept out of `EXAMPLES` (whose summaries the metric tests
count by hand); `ALL_EXAMPLES` holds both, and the registry tests require every event type in one."""

from cpc_prosecution.domain.events import (
    BailHearing,
    BailRuling,
    CaseEvent,
    Dismissal,
    InformationWithdrawal,
    ProbableCauseDetermination,
    Raffle,
    Retraction,
    ServicesDelivered,
    Supersession,
    Transfer,
)
from cpc_prosecution.domain.examples.prefixes import osec_rescue
from cpc_prosecution.domain.examples.reference import FAMILY_COURT, REGULAR_COURT, day
from cpc_prosecution.domain.vocab import (
    BailDecision,
    CorrectionReason,
    DismissalReason,
    ProbableCauseFinding,
    TransferReason,
    VictimService,
)


def bail_and_withdrawal_history() -> list[CaseEvent]:
    """OSEC rescue (2 accused): A2 is granted bail, the case moves to a family court, the Information
    is withdrawn as to A1 and A2's case is dismissed on the victim's desistance; a services record is
    superseded (3 children, not 2) and a duplicate one retracted."""
    history = osec_rescue("EX-BAIL-2022-007", "2022-02-01")
    return [
        *history,
        Raffle(occurred_on=day("2022-02-11"), court=REGULAR_COURT),
        ProbableCauseDetermination(occurred_on=day("2022-02-15"), finding=ProbableCauseFinding.FOUND),
        BailHearing(occurred_on=day("2022-02-17"), accused=("A2",)),
        ServicesDelivered(occurred_on=day("2022-02-18"), service=VictimService.MEDICAL, children=2),
        ServicesDelivered(occurred_on=day("2022-02-18"), service=VictimService.MEDICAL, children=2),
        BailRuling(occurred_on=day("2022-03-03"), accused=("A2",), decision=BailDecision.GRANTED),
        Transfer(occurred_on=day("2022-03-07"), reason=TransferReason.NEW_DESIGNATED_COURT, to_court=FAMILY_COURT),
        Supersession(
            occurred_on=day("2022-03-08"),
            target_seq=len(history) + 4,
            replacement=ServicesDelivered(occurred_on=day("2022-02-18"), service=VictimService.MEDICAL, children=3),
            reason=CorrectionReason.DATA_ENTRY_ERROR,
        ),
        Retraction(occurred_on=day("2022-03-08"), target_seq=len(history) + 5, reason=CorrectionReason.DUPLICATE_ENTRY),
        InformationWithdrawal(occurred_on=day("2022-03-21"), accused=("A1",)),
        Dismissal(occurred_on=day("2022-04-04"), accused=("A2",), reason=DismissalReason.VICTIM_DESISTANCE),
    ]
