"""One documented example history per outcome path, and the summary each one yields."""

import datetime as dt
import types
import typing

import msgspec
import pytest

from cpc_prosecution.domain import CaseOutcome, CaseState, CaseSummary, Stage, fold, summarize
from cpc_prosecution.domain.examples import EXAMPLES

# name -> (stage, case outcome, convicted, of which by plea, acquitted, dismissed)
EXPECTED = {
    "plea_bargain": (Stage.FINAL, CaseOutcome.CONVICTED, 2, 2, 0, 0),
    "conviction_after_trial": (Stage.FINAL, CaseOutcome.CONVICTED, 1, 0, 0, 0),
    "acquittal": (Stage.FINAL, CaseOutcome.ACQUITTED, 0, 0, 2, 0),
    "provisional_dismissal_lapse": (Stage.DISMISSED, CaseOutcome.DISMISSED, 0, 0, 0, 1),
    "archive_and_revival": (Stage.FINAL, CaseOutcome.CONVICTED, 1, 1, 0, 0),
    "refiling_after_dismissal": (Stage.POST_JUDGMENT, CaseOutcome.CONVICTED, 1, 0, 0, 0),
    "mixed_speeds": (Stage.FINAL, CaseOutcome.CONVICTED, 2, 1, 0, 0),
    "remand_after_appeal": (Stage.FINAL, CaseOutcome.CONVICTED, 1, 0, 0, 0),
}


def test_every_outcome_path_has_an_example() -> None:
    """Plea, trial conviction, acquittal, lapsed provisional dismissal, archive/revival and refiling are covered."""
    assert set(EXPECTED) == set(EXAMPLES)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_outcome(name: str) -> None:
    """Each example folds to its documented stage and outcome counts."""
    summary = summarize(fold(EXAMPLES[name]()))
    got = (
        summary.stage,
        summary.case_outcome,
        summary.accused_convicted,
        summary.accused_convicted_by_plea,
        summary.accused_acquitted,
        summary.accused_dismissed,
    )
    assert got == EXPECTED[name]


def test_plea_example_summary_details() -> None:
    """The plea example: children by band and sex, custody, services, key dates, no testimony."""
    s = summarize(fold(EXAMPLES["plea_bargain"]()))
    assert (s.children_girls_6_11, s.children_girls_12_14, s.children_boys_0_5, s.children_total) == (1, 1, 1, 3)
    assert (s.children_in_custody, s.custody_boys_0_5) == (3, 1)
    assert (s.services_shelter_residential, s.services_total) == (3, 6)
    assert (s.detected_on, s.filed_on, s.arraigned_on) == (
        dt.date(2019, 10, 1),
        dt.date(2019, 10, 10),
        dt.date(2019, 10, 24),
    )
    assert (s.disposed_on, s.final_on) == (dt.date(2020, 2, 3), dt.date(2020, 2, 3))
    assert (s.child_testified, s.trial_settings) == (False, 0)
    assert (s.counts_charged, s.counts_convicted, s.counts_dismissed) == (3, 2, 1)
    assert s.court_designation is not None
    assert s.court_designation.value == "FAMILY"
    assert s.hotspot_id == "HS-0702260000-2018"


def test_trial_example_counts_settings_and_child_witness_measures() -> None:
    """Trial settings, postponements, testimonies and measures are counted."""
    s = summarize(fold(EXAMPLES["conviction_after_trial"]()))
    assert (s.trial_settings, s.trial_settings_held, s.postponements) == (4, 3, 1)
    assert (s.child_testimonies, s.child_testified, s.testimonies_in_courtroom) == (1, True, 0)
    assert (s.live_link_used, s.support_person_present) == (1, 1)
    assert (s.appeals_filed, s.first_post_judgment_on) == (1, dt.date(2021, 11, 30))


def test_first_date_of_each_stage() -> None:
    """The summary keeps the first date each stage was reached (per case, across accused)."""
    s = summarize(fold(EXAMPLES["archive_and_revival"]()))
    assert s.first_archived_on == dt.date(2018, 11, 5)
    assert s.first_prelim_investigation_on == dt.date(2018, 2, 20)
    assert s.first_trial_on is None
    assert s.archived is False


def test_summary_is_flat() -> None:
    """Every summary field is a scalar (str, enum code, int, bool or date, possibly None), or a tuple of
    int or date scalars (one SQL array column, e.g. per-accused dates): one SQL row."""
    allowed = {str, int, bool, dt.date, type(None)}
    for name, hint in typing.get_type_hints(CaseSummary).items():
        if typing.get_origin(hint) is tuple:
            item, ellipsis = typing.get_args(hint)
            assert ellipsis is Ellipsis, name
            hint = item
            assert set(typing.get_args(hint) or (hint,)) <= {int, dt.date, type(None)}, (name, hint)
        args = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
        for arg in args:
            assert arg in allowed or issubclass(arg, str), (name, arg)


def test_summary_encodes_to_one_json_object() -> None:
    """The summary round-trips through JSON unchanged."""
    s = summarize(fold(EXAMPLES["mixed_speeds"]()))
    assert msgspec.json.decode(msgspec.json.encode(s), type=CaseSummary) == s


def test_summary_needs_a_detection() -> None:
    """An empty case has nothing to summarise."""
    with pytest.raises(ValueError, match="no detection"):
        summarize(fold([]))


def test_state_encodes_and_decodes() -> None:
    """A folded state is plain data: it round-trips through JSON (e.g. for caching next to a history)."""
    state = fold(EXAMPLES["mixed_speeds"]())
    assert msgspec.json.decode(msgspec.json.encode(state), type=CaseState) == state
