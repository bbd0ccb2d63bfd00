"""Crosswalks: the expected counts are worked by hand from the example histories' dates (each case's
dates are in the comments), period by period; every mapping line is filled or says why not."""

from __future__ import annotations

from pathlib import Path
from typing import Final

import pytest

from cpc_prosecution.crosswalks import CROSSWALKS, mapping_rows
from cpc_prosecution.crosswalks.mapping import months_of
from cpc_prosecution.domain import CaseEvent, CaseSummary, fold, summarize
from cpc_prosecution.domain.examples import dismissals, pleas, side_paths, trials
from cpc_prosecution.metrics.periods import parse_period


def _summary(history: list[CaseEvent]) -> CaseSummary:
    return summarize(fold(history))


_REFILE: Final = dismissals.refiling_after_dismissal_history()
CASES: Final = {
    # detected 2019-10-01, inquest and filed 2019-10-10, 2 accused convicted on pleas 2020-02-03 (final)
    "plea": _summary(pleas.plea_bargain_history()),
    # filed 2019-03-13; A1 convicted on a plea 2019-04-16, A2 after trial 2019-10-15 (final 2019-11-04)
    "mixed": _summary(pleas.mixed_speeds_history()),
    # PI 2018-02-20, filed 2018-04-09, archived 2018-11-05, revived 2019-08-16, plea conviction 2019-09-06
    "archive": _summary(pleas.archive_and_revival_history()),
    # labour case: detected 2021-03-02, inquest 03-16, filed 03-17, convicted after trial 2021-11-30
    "conviction": _summary(trials.conviction_after_trial_history()),
    # filed 2020-06-10; A2 acquitted on demurrer 2020-11-06, A1 acquitted 2021-04-06
    "acquittal": _summary(trials.acquittal_history()),
    # labour case filed 2021-03-17, provisionally dismissed 2022-01-10, lapsed into a dismissal 2024-01-11
    "lapse": _summary(dismissals.provisional_dismissal_lapse_history()),
    # 2 accused filed 2022-02-10; dismissed 2022-03-21 and (withdrawn) 2022-04-04
    "withdrawal": _summary(side_paths.bail_and_withdrawal_history()),
    # detected 2022-08-01, preliminary investigation 2022-08-15, still pending
    "open_pi": _summary(_REFILE[:2]),
    # the same, dismissed at the preliminary investigation 2022-10-10
    "dropped": _summary(_REFILE[:3]),
    # refiled, filed in court 2023-04-24, convicted after trial 2023-12-12, not final
    "refiled": _summary(_REFILE),
}


def _table(target: str, names: tuple[str, ...], period: str) -> dict[tuple[str, ...], str]:
    crosswalk = CROSSWALKS[target]
    rows = crosswalk.rows([CASES[n] for n in names], parse_period(period))
    return {tuple(r[:-1]): r[-1] for r in rows}


@pytest.mark.parametrize(
    ("names", "period", "expected"),
    [
        (
            ("plea", "conviction", "acquittal", "lapse"),
            "2021",
            {
                "investigated": 2,  # conviction and lapse detected 2021-03-02
                "under_investigation_at_end": 0,
                "submitted_for_prosecution": 2,  # both inquests 2021-03-16
                "dropped": 0,
                "filed_in_court": 2,
                "pending_in_court_at_end": 1,  # lapse (conviction disposed 2021-11-30, acquittal 2021-04-06)
                "convictions": 1,
                "persons_convicted": 1,
                "acquittals": 1,
                "persons_acquitted": 2,
                "dismissed_in_court": 0,
                "victims_girls_15_17": 4,  # 2 in each labour case
                "victims_boys_12_14": 2,
                "victims_total": 8,
            },
        ),
        (
            ("withdrawal", "open_pi", "dropped", "lapse"),
            "2022",
            {
                "investigated": 3,
                "under_investigation_at_end": 1,  # open_pi, in preliminary investigation
                "submitted_for_prosecution": 3,
                "dropped": 1,
                "filed_in_court": 1,
                "pending_in_court_at_end": 1,  # lapse (provisionally dismissed: still pending in court)
                "convictions": 0,
                "persons_acquitted": 0,
                "dismissed_in_court": 1,  # withdrawal, disposed 2022-04-04
                "victims_total": 3,  # the withdrawal case's children; the refiling example has none
            },
        ),
    ],
)
def test_ra9208_buckets(names: tuple[str, ...], period: str, expected: dict[str, int]) -> None:
    """Each §16-A bucket counts the cases (persons_*: accused; victims_*: children) its rule names."""
    table = _table("ra9208-16a", names, period)
    got = {key[1]: int(value) for key, value in table.items()}
    assert {k: got[k] for k in expected} == expected
    assert all(key[0] == period for key in table)


def test_a_case_dropped_and_refiled_later_was_still_dropped_that_year() -> None:
    """The refiled case was dismissed at its preliminary investigation on 2022-10-10 and filed in court in
    2023: 2022 counts it dropped, 2023 filed in court and convicted, and neither year counts it twice."""
    y2022 = {k[1]: v for k, v in _table("ra9208-16a", ("refiled",), "2022").items()}
    y2023 = {k[1]: v for k, v in _table("ra9208-16a", ("refiled",), "2023").items()}
    assert (y2022["dropped"], y2022["filed_in_court"], y2022["investigated"]) == ("1", "0", "1")
    assert (y2023["dropped"], y2023["filed_in_court"], y2023["convictions"], y2023["investigated"]) == (
        "0",
        "1",
        "1",
        "0",
    )


def test_justice_counts_single_page_rows_by_month() -> None:
    """2019 with the plea (referred 2019-10), mixed (referred 2019-03, disposed 2019-10: a conviction after
    trial makes it Resolved at Trial) and archive (disposed 2019-09 on a plea) cases: one row per metric and
    month, the disposition breakdown adding up to cases_disposed."""
    table = _table("justice-counts", ("plea", "mixed", "archive"), "2019")
    assert len(table) == 12 * (3 + 5)
    referred = {m: table[("cases_referred", "2019", str(m), "", "")] for m in range(1, 13)}
    assert referred == {m: "1" if m in (3, 10) else "0" for m in range(1, 13)}
    assert all(table[("cases_rejected", "2019", str(m), "", "")] == "0" for m in range(1, 13))
    disposed = {m: table[("cases_disposed", "2019", str(m), "", "")] for m in range(1, 13)}
    assert disposed == {m: "1" if m in (9, 10) else "0" for m in range(1, 13)}
    by_type = "disposition_type"
    assert table[("cases_disposed", "2019", "9", by_type, "Cases Resolved by Plea")] == "1"
    assert table[("cases_disposed", "2019", "10", by_type, "Cases Resolved at Trial")] == "1"
    for m in range(1, 13):
        parts = [int(v) for k, v in table.items() if k[0] == "cases_disposed" and k[2] == str(m) and k[3] == by_type]
        assert sum(parts) == int(disposed[m])


def test_justice_counts_rejections_and_dismissals() -> None:
    """2022Q2 and 2022Q4: the withdrawal case disposed 2022-04-04 is a dismissal in April; the case dropped
    at the preliminary investigation 2022-10-10 is a rejection in October, not a disposition."""
    q2 = _table("justice-counts", ("withdrawal", "dropped"), "2022Q2")
    assert q2[("cases_disposed", "2022", "4", "disposition_type", "Cases Disposed by Dismissal")] == "1"
    assert {k[2] for k in q2} == {"4", "5", "6"}
    q4 = _table("justice-counts", ("withdrawal", "dropped"), "2022Q4")
    assert q4[("cases_rejected", "2022", "10", "", "")] == "1"
    assert all(v == "0" for k, v in q4.items() if k[0] == "cases_disposed")


@pytest.mark.parametrize(
    ("names", "period", "expected"),
    [
        # acquittal A1 pending since 2020, A2 already disposed; lapse and conviction filed 2021-03-17
        (("acquittal", "lapse", "conviction"), "2021", (1, 0, 2, 0, 2, 0, 1, 0)),
        # lapse placed inactive 2022-01-10 and never revived
        (("acquittal", "lapse", "conviction"), "2022", (1, 0, 0, 0, 0, 1, 0, 1)),
        # archive inactive at the start, revived 2019-08-16, judged 2019-09-06; mixed: two defendants filed and
        # judged; plea: two defendants filed 2019-10-10, still pending at the end
        (("archive", "mixed", "plea"), "2019", (0, 1, 4, 1, 3, 0, 2, 0)),
    ],
)
def test_ncsc_status_categories_count_defendants(
    names: tuple[str, ...], period: str, expected: tuple[int, ...]
) -> None:
    """Begin pending (active, inactive), new filings, reactivated, entry of judgment, placed inactive, end
    pending (active, inactive): per defendant, as the State Court Guide counts."""
    rows = CROSSWALKS["ncsc"].rows([CASES[n] for n in names], parse_period(period))
    assert tuple(int(r[2]) for r in rows) == expected
    begin, _, filed, reactivated, judged, parked, end, _ = expected
    if parked == 0:  # no inactive defendant judged: the active caseload balances
        assert begin + filed + reactivated - judged == end


def test_htcds_case_rows() -> None:
    """One row per case: Closed once final or dropped, FollowUp when judged but not final, Active otherwise;
    OSEC cases are remote interactive sexual exploitation; the outcome only once closed or judged."""
    rows = CROSSWALKS["htcds"].rows([CASES[n] for n in ("plea", "refiled", "open_pi", "dropped", "conviction")], None)
    assert [r[1:] for r in rows] == [
        ["Closed", "2019-10-01", "NCMEC_CYBERTIP", "CONVICTED", "RemoteInteractiveServices"],
        ["FollowUp", "2022-08-01", "HOTLINE", "CONVICTED", "RemoteInteractiveServices"],
        ["Active", "2022-08-01", "HOTLINE", "", "RemoteInteractiveServices"],
        ["Closed", "2022-08-01", "HOTLINE", "DISMISSED", "RemoteInteractiveServices"],
        ["Closed", "2021-03-02", "LABOR_INSPECTION", "CONVICTED", ""],
    ]


@pytest.mark.parametrize("target", sorted(CROSSWALKS))
def test_every_mapping_line_is_filled_or_says_why_not(target: str) -> None:
    """A line either names its source fields and rule, or has no source and a reason it cannot be filled;
    every target has at least one line it cannot fill (each standard asks for something not recorded)."""
    crosswalk = CROSSWALKS[target]
    for line in crosswalk.mapping:
        if line.cannot_fill is None:
            assert line.source, line.target
            assert line.rule, line.target
        else:
            assert len(line.cannot_fill) > 20, line.target
            assert (line.source, line.rule) == ("", ""), line.target
    assert any(line.cannot_fill for line in crosswalk.mapping)
    assert [len(r) for r in mapping_rows(crosswalk)] == [4] * len(crosswalk.mapping)


@pytest.mark.parametrize("target", ["ra9208-16a", "justice-counts", "ncsc"])
def test_every_category_produced_has_a_mapping_line(target: str) -> None:
    """Each category in the rows (bucket, metric and breakdown, status category) is documented."""
    crosswalk = CROSSWALKS[target]
    documented = {line.target for line in crosswalk.mapping}
    rows = crosswalk.rows(list(CASES.values()), parse_period("2021"))
    for row in rows:
        name = row[1]
        if target == "justice-counts":
            name = row[0] if not row[3] else f"{row[0]} / {row[3]} = {row[4]}"
        assert name in documented, name


def test_every_mapping_line_is_in_the_crosswalk_docs() -> None:
    """docs/crosswalks.md lists every line of every mapping: the target field or category with its rule, or
    with the reason it cannot be filled, as the code has them."""
    text = (Path(__file__).parents[3] / "docs" / "crosswalks.md").read_text(encoding="utf-8")
    missing = [
        (c.target, m.target)
        for c in CROSSWALKS.values()
        for m in c.mapping
        if f"| {m.target} |" not in text or (m.cannot_fill or m.rule) not in text
    ]
    assert missing == []


def test_a_fiscal_year_has_its_twelve_months_in_order() -> None:
    """FY2020 runs October 2019 to September 2020: the Justice Counts rows use those calendar months."""
    assert [m.code for m in months_of(parse_period("FY2020"))][:4] == ["2019-10", "2019-11", "2019-12", "2020-01"]
    assert len(list(months_of(parse_period("FY2020")))) == 12
