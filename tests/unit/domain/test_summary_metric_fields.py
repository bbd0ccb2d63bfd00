"""The summary fields and legal clocks added for metrics (issue 6), read off the documented examples."""

import datetime as dt

from cpc_prosecution.domain import fold, summarize
from cpc_prosecution.domain.clocks import clock_outcomes
from cpc_prosecution.domain.examples import EXAMPLES
from cpc_prosecution.domain.offence_groups import OFFENCE_GROUP, OffenceGroup, heaviest_offence
from cpc_prosecution.domain.offences import OFFENCES


def test_every_offence_code_has_a_group() -> None:
    """The group map is explicit and complete (no code is sliced to find its statute)."""
    assert set(OFFENCE_GROUP) == {o.code for o in OFFENCES}


def test_heaviest_offence_by_penalty_band_ties_to_the_first_listed() -> None:
    """Life (RA9208-6) beats 20 years (RA9208-4); RA9208-4 and RA9208-5 tie (12-20 years): first listed."""
    assert heaviest_offence(["RA9208-4", "RA9208-6"]) == "RA9208-6"
    assert heaviest_offence(["RA9208-5", "RA9208-4"]) == "RA9208-4"
    assert heaviest_offence([]) is None


def test_examples_give_the_coded_counts() -> None:
    """plea_bargain: 2 accused convicted on a plea, 12-20 years each; provisional_dismissal_lapse: one
    accused dismissed when the provisional dismissal lapsed, 1 setting postponed (child witness) of 2;
    archive_and_revival: 1 revival; refiling_after_dismissal: refiled 2023-03-01, OSAEC."""
    s = {name: summarize(fold(build())) for name, build in EXAMPLES.items()}
    assert s["plea_bargain"].accused_sentenced_afflictive_12_20 == 2
    assert s["plea_bargain"].offence_group is OffenceGroup.QUALIFIED_TRAFFICKING
    lapse = s["provisional_dismissal_lapse"]
    assert lapse.accused_dismissed_provisional_dismissal_lapsed == 1
    assert (lapse.postponements, lapse.postponements_child_witness_unavailable) == (2, 1)
    assert s["archive_and_revival"].revivals == 1
    assert s["archive_and_revival"].last_revived_on is not None
    assert s["refiling_after_dismissal"].last_refiled_on == dt.date(2023, 3, 1)
    assert s["refiling_after_dismissal"].offence_group is OffenceGroup.OSAEC


def test_clock_outcomes_of_a_plea_case() -> None:
    """plea_bargain: Art. 125 met for both accused (arrest 2019-10-09, filed 2019-10-10, due 10-11);
    trial start missed (due 2019-11-25, first trial setting held 2020-02-03); no waiting periods."""
    clocks = {(c.rule_id, c.accused): c for c in clock_outcomes(fold(EXAMPLES["plea_bargain"]()))}
    assert clocks["ART125_AFFLICTIVE", "A1"].on_time is True
    assert clocks["TRIAL_START", "A2"].due_on == dt.date(2019, 11, 25)
    assert clocks["TRIAL_START", "A2"].on_time is False
    assert not {rule for rule, _ in clocks} & {"APPEAL", "ARCHIVE_ELIGIBLE", "PROV_DISMISSAL_PERMANENT"}
