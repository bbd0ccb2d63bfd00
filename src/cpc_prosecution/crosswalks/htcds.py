"""Human Trafficking Case Data Standard (HTCDS, IOM / UNMigration): the fields a prosecution record can fill.

HTCDS describes a frontline organisation's case with its people (victims, perpetrators) in person
records. This project keeps no person records (children are counts, accused are positions), so the
export is one row per case holding the `cas_` fields it can fill and the victim-context fields that hold
for the whole case; every person field is listed as not fillable, with the reason. Field names from
UNMigration/HTCDS `HTCDS Field Reference.md` (commit 38195b9).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from cpc_prosecution.crosswalks.mapping import Crosswalk, MappingLine
from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.domain.vocab.case import CaseType
from cpc_prosecution.metrics.periods import Period

__all__ = ("CROSSWALK", "case_status")


def case_status(s: CaseSummary) -> str:
    """`cas_Status`: Closed once final (or closed before filing), FollowUp while a judgment awaits finality
    (motions, appeal), Active otherwise."""
    if s.final_on is not None or (s.disposed and s.filed_on is None):
        return "Closed"
    if s.disposed:
        return "FollowUp"
    return "Active"


def _closure(s: CaseSummary) -> str:
    return s.case_outcome.value if case_status(s) != "Active" else ""


def rows(summaries: Sequence[CaseSummary], period: Period | None) -> list[list[str]]:
    return [
        [
            s.case_id,
            case_status(s),
            s.detected_on.isoformat(),
            s.referral_source.value,
            _closure(s),
            "RemoteInteractiveServices" if s.case_type is CaseType.OSEC else "",
        ]
        for s in summaries
    ]


_NO_PERSONS = (
    "person records are never kept: children are counts by sex and age band and accused are positions "
    "(docs/privacy.md), so there is nothing to fill per person"
)
_NOT_RECORDED = "not recorded by the prosecution record (victim intake and services data held by DSWD and NGOs)"

MAPPING: Final = (
    MappingLine(target="case_id", source="case_id", rule="not an HTCDS field: this project's case id, to join back"),
    MappingLine(
        target="cas_Status",
        source="final_on, disposed, filed_on",
        rule="Closed when every accused reached a final judgment or dismissal, or the case closed before filing; "
        "FollowUp when the trial court disposed of it but a judgment is not final; Active otherwise",
    ),
    MappingLine(
        target="cas_IncomingReferralDate",
        source="detected_on",
        rule="the day the report, referral or complaint was received",
    ),
    MappingLine(
        target="cas_ReferringOrganisation",
        source="referral_source",
        rule="the referral source category (e.g. NCMEC_CYBERTIP, HOTLINE); HTCDS expects a lookup to an "
        "organisation record, which the receiving system maps the category to",
    ),
    MappingLine(
        target="cas_ReasonForCaseClosure",
        source="case_outcome",
        rule="the case outcome (CONVICTED, ACQUITTED, DISMISSED) once Closed or FollowUp; empty while Active",
    ),
    MappingLine(
        target="vic_TypeOfSexExploitation",
        source="case_type",
        rule="OSEC cases: RemoteInteractiveServices (online sexual exploitation, RA 11930); empty otherwise, as "
        "whether abuse material was produced (Pornography) or offline exploitation happened is not recorded",
    ),
    MappingLine(
        target="vic_TypeOfLabourExploitation, vic_Labour Industry",
        cannot_fill="a case is tagged child labour trafficking (case_type) but the kind of work is not recorded",
    ),
    MappingLine(target="prs_ (name, birthdate, gender, nationality, contacts, address)", cannot_fill=_NO_PERSONS),
    MappingLine(target="per_RoleInProcess, per_RoleDetails", cannot_fill="accused positions carry no role"),
    MappingLine(
        target="vic_MethodOfRecruitment, vic_MethodsOfControl, vic_RecruitmentWebsitesAndApps, "
        "vic_ExploitationWebsitesAndApps, vic_Vulnerabilities",
        cannot_fill=_NOT_RECORDED,
    ),
    MappingLine(
        target="vic_LocationOfRecruitment, vic_LocationOfExploitation, hte_ (historic trafficking events)",
        cannot_fill="the place recorded is where the case was detected (PSGC), not where recruitment, transit "
        "or exploitation happened",
    ),
    MappingLine(
        target="cas_ outgoing and incoming referral details, case workers",
        cannot_fill="referrals between organisations and case workers are persons and services not recorded here",
    ),
    MappingLine(
        target="org_ (organisation records)",
        cannot_fill="the owning office is an id in the case summaries export; organisation records are the "
        "receiving system's",
    ),
)

CROSSWALK: Final = Crosswalk(
    target="htcds",
    title="Human Trafficking Case Data Standard: the case fields a prosecution record fills",
    reference="UNMigration/HTCDS, HTCDS Field Reference.md (commit 38195b927cfde98924b94b1fb159e24ecde68855)",
    unit="cases (one row per case)",
    columns=(
        "case_id",
        "cas_Status",
        "cas_IncomingReferralDate",
        "cas_ReferringOrganisation",
        "cas_ReasonForCaseClosure",
        "vic_TypeOfSexExploitation",
    ),
    mapping=MAPPING,
    needs_period=False,
    rows=rows,
)
