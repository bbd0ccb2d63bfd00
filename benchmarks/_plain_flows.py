"""Plain queries of the flow metrics: cases counted by a date in the period ($1 .. $2), one scan of
`case_summary` with `FILTER` counts and sums; no as-of rule is involved."""

from __future__ import annotations

from typing import Final

from _plain_check import label as _

from cpc_prosecution.domain.summary_counts import DISMISSAL_FIELDS, POSTPONEMENT_FIELDS, SENTENCE_FIELDS
from cpc_prosecution.domain.vocab.case import ProsecutorOutcome
from cpc_prosecution.domain.vocab.victims import VictimService

__all__ = ("FLOWS",)

_IN = "BETWEEN $1 AND $2"
#: Filed in court and disposed by the trial court in the period.
_DISPOSED = f"filed_on IS NOT NULL AND disposed AND disposed_on {_IN}"
_CHILD_CELLS = [f"{sex}_{ages}" for sex in ("girls", "boys") for ages in ("0_5", "6_11", "12_14", "15_17")]
_PROSECUTOR_DISMISSALS = [o.value for o in ProsecutorOutcome if o is not ProsecutorOutcome.INFORMATION_FILED]


def _list(*parts: str) -> str:
    return ", ".join(parts)


FLOWS: Final[dict[str, str]] = {
    "clearance_rate": (
        # Incoming = new filings + reactivations, outgoing = dispositions + placements inactive, each day
        # of the two date arrays counted once (unnest, a lateral count per case).
        "SELECT new_filings + reopened AS "
        + _("incoming")
        + ", new_filings AS "
        + _("new_filings")
        + ", reopened AS "
        + _("reopened")
        + ", dispositions + placed AS "
        + _("outgoing")
        + ", dispositions AS "
        + _("dispositions")
        + ", placed AS "
        + _("placed_inactive")
        + ", dispositions + placed AS "
        + _("clearance_rate")
        + ", new_filings + reopened AS "
        + _("clearance_rate", None, "denominator")
        + f" FROM (SELECT count(*) FILTER (WHERE filed_on {_IN}) AS new_filings, "
        f"count(*) FILTER (WHERE {_DISPOSED}) AS dispositions, "
        f"COALESCE(sum((SELECT count(*) FROM unnest(reactivated_on) AS r(d) WHERE r.d {_IN})), 0) AS reopened, "
        f"COALESCE(sum((SELECT count(*) FROM unnest(placed_inactive_on) AS i(d) WHERE i.d {_IN})), 0) AS placed "
        "FROM case_summary) AS t"
    ),
    "trial_date_certainty": (
        f"SELECT count(*) AS {_('cases_disposed_by_trial')}, "
        f"sum(trial_settings_before_trial) AS {_('settings_until_trial_per_case')}, "
        f"count(*) AS {_('settings_until_trial_per_case', None, 'denominator')}, "
        + _list(
            *(
                f"count(*) FILTER (WHERE postponements_before_trial = {i}) AS {_('cases_by_postponements', str(i))}"
                for i in range(3)
            )
        )
        + f", count(*) FILTER (WHERE postponements_before_trial >= 3) AS {_('cases_by_postponements', '3+')}, "
        f"sum(trial_settings_held) AS {_('hearing_settings_held')}, "
        f"sum(trial_settings) AS {_('hearing_settings_held', None, 'denominator')}, "
        f"sum(trial_settings) AS {_('hearing_settings_per_case')}, "
        + _list(
            *(
                f"count(*) FILTER (WHERE postponements = {i}) AS {_('cases_by_hearing_postponements', str(i))}"
                for i in range(3)
            )
        )
        + f", count(*) FILTER (WHERE postponements >= 3) AS {_('cases_by_hearing_postponements', '3+')} "
        f"FROM case_summary WHERE {_DISPOSED} AND first_trial_on IS NOT NULL "
        "AND accused_convicted_after_trial + accused_acquitted > 0"
    ),
    "conviction_rate": (
        f"SELECT count(*) FILTER (WHERE filed_on IS NOT NULL) AS {_('cases_disposed')}, "
        + _list(
            *(
                f"count(*) FILTER (WHERE filed_on IS NOT NULL AND case_outcome = '{o}') AS {_(f'{m}_rate')}"
                for o, m in (("CONVICTED", "conviction"), ("ACQUITTED", "acquittal"), ("DISMISSED", "dismissal"))
            )
        )
        + ", "
        + _list(
            *(
                f"count(*) FILTER (WHERE filed_on IS NOT NULL AND case_outcome = 'CONVICTED' AND {cond}) "
                f"AS {_('convicted_by_manner', manner)}"
                for manner, cond in (
                    ("PLEA", "accused_convicted_after_trial = 0"),
                    ("TRIAL", "accused_convicted_after_trial > 0 AND accused_convicted_by_plea = 0"),
                    ("MIXED", "accused_convicted_after_trial > 0 AND accused_convicted_by_plea > 0"),
                )
            )
        )
        + ", sum(accused_convicted + accused_acquitted + accused_dismissed) FILTER (WHERE filed_on IS NOT NULL) "
        f"AS {_('accused_disposed')}, "
        f"sum(accused_convicted) FILTER (WHERE filed_on IS NOT NULL) AS {_('accused_conviction_rate')}, "
        f"sum(accused_convicted_by_plea) FILTER (WHERE filed_on IS NOT NULL) "
        f"AS {_('accused_convicted_by_manner', 'PLEA')}, "
        f"sum(accused_convicted_after_trial) FILTER (WHERE filed_on IS NOT NULL) "
        f"AS {_('accused_convicted_by_manner', 'TRIAL')}, "
        f"sum(accused_acquitted) FILTER (WHERE filed_on IS NOT NULL) AS {_('accused_acquittal_rate')}, "
        f"sum(accused_acquitted_on_demurrer) FILTER (WHERE filed_on IS NOT NULL) "
        f"AS {_('accused_acquitted_on_demurrer')}, "
        f"sum(accused_dismissed) FILTER (WHERE filed_on IS NOT NULL) AS {_('accused_dismissal_rate')}, "
        f"count(*) FILTER (WHERE filed_on IS NULL) AS {_('dismissed_before_filing')} "
        f"FROM case_summary WHERE disposed AND disposed_on {_IN}"
    ),
    "children_identified": (
        f"SELECT count(*) AS {_('cases_detected')}, sum(children_total) AS {_('children_identified')}, "
        f"sum(children_in_custody) AS {_('children_in_protective_custody')}, "
        f"sum(children_in_custody) AS {_('custody_share')}, "
        + _list(
            *(
                f"sum(children_{c}) AS {_('children_identified', c)}, "
                f"sum(custody_{c}) AS {_('children_in_protective_custody', c)}"
                for c in _CHILD_CELLS
            )
        )
        + f" FROM case_summary WHERE detected_on {_IN}"
    ),
    "child_testimony": (
        f"SELECT count(*) AS {_('cases_disposed')}, "
        f"count(*) FILTER (WHERE child_testimonies > 0) AS {_('cases_with_child_testimony')}, "
        f"sum(child_testimonies) AS {_('testimonies')}, sum(live_link_used) AS {_('by_live_link')}, "
        f"sum(videotaped_deposition_used) AS {_('by_videotaped_deposition')}, "
        f"sum(child_testimonies - testimonies_in_courtroom) AS {_('outside_courtroom')}, "
        f"sum(support_person_present) AS {_('with_support_person')}, "
        f"sum(guardian_ad_litem_appointed) AS {_('with_guardian_ad_litem')} "
        f"FROM case_summary WHERE {_DISPOSED}"
    ),
    "convictions_without_child_testimony": (
        f"SELECT count(*) AS {_('convicted_cases')}, "
        f"count(*) FILTER (WHERE testimonies_in_courtroom = 0) AS {_('no_courtroom_testimony')}, "
        f"count(*) FILTER (WHERE child_testimonies = 0) AS {_('no_child_testimony')} "
        f"FROM case_summary WHERE case_outcome = 'CONVICTED' AND first_conviction_on {_IN}"
    ),
    "postponements_by_reason": (
        f"SELECT count(*) AS {_('cases_disposed')}, sum(postponements) AS {_('postponed_settings')}, "
        + _list(*(f"sum({column}) AS {_('by_reason', r.value)}" for r, column in POSTPONEMENT_FIELDS))
        + ", "
        + _list(
            *(f"count(*) FILTER (WHERE {c} > 0) AS {_('cases_with_reason', r.value)}" for r, c in POSTPONEMENT_FIELDS)
        )
        + f" FROM case_summary WHERE {_DISPOSED}"
    ),
    "dismissals_by_reason": (
        f"SELECT sum(accused_dismissed) FILTER (WHERE filed_on IS NOT NULL) AS {_('accused_dismissed')}, "
        + _list(
            *(
                f"sum({column}) FILTER (WHERE filed_on IS NOT NULL) AS {_('accused_by_reason', c)}"
                for c, column in DISMISSAL_FIELDS
            )
        )
        + f", count(*) FILTER (WHERE filed_on IS NULL) AS {_('cases_dismissed_by_prosecutor')}, "
        + _list(
            *(
                f"count(*) FILTER (WHERE filed_on IS NULL AND prosecutor_outcome = '{o}') "
                f"AS {_('cases_by_prosecutor_outcome', o)}"
                for o in _PROSECUTOR_DISMISSALS
            )
        )
        + f" FROM case_summary WHERE disposed AND disposed_on {_IN}"
    ),
    "sentence_bands": (
        f"SELECT sum(accused_convicted) AS {_('accused_convicted')}, "
        + _list(*(f"sum({column}) AS {_('accused_by_band', band)}" for band, column in SENTENCE_FIELDS))
        + f" FROM case_summary WHERE {_DISPOSED}"
    ),
    "services_delivered": (
        f"SELECT count(*) AS {_('cases_detected')}, "
        f"count(*) FILTER (WHERE services_total > 0) AS {_('cases_with_services')}, "
        f"sum(services_total) AS {_('children_served')}, "
        + _list(*(f"sum(services_{v.value.lower()}) AS {_('children_served', v.value)}" for v in VictimService))
        + f" FROM case_summary WHERE detected_on {_IN}"
    ),
}
