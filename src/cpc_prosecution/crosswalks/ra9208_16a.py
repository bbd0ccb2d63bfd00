"""RA 9208 §16-A (as amended): the status buckets IACAT's central database must hold, per period.

§16-A asks for "the number of cases ... being investigated, submitted for prosecution, dropped, and
filed and/or pending before the courts and the number of convictions and acquittals", with victims and
accused disaggregated. Flows count the cases whose date falls in the period; stocks are taken on its
last day (`metrics.reconstruction`). Convictions are given twice, as cases and as persons, because IACAT
publishes both (domain brief §6.2).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Final

from cpc_prosecution.crosswalks.mapping import Crosswalk, MappingLine, disposed_in_court_in, dropped_on, submitted_on
from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.domain.vocab.outcomes import CaseOutcome
from cpc_prosecution.domain.vocab.stages import PRE_COURT_STAGES
from cpc_prosecution.metrics.periods import Period
from cpc_prosecution.metrics.reconstruction import pending_in_court_on, stage_on

__all__ = ("CROSSWALK",)

_CHILD_CELLS: Final = tuple(
    f"children_{sex}_{band}" for sex in ("girls", "boys") for band in ("0_5", "6_11", "12_14", "15_17")
)


def _victims(cell: str) -> Callable[[CaseSummary, Period], int]:
    def count(s: CaseSummary, p: Period) -> int:
        value: int = getattr(s, cell)
        return value if p.contains(s.detected_on) else 0

    return count


#: (bucket, unit, value of one case in the period). Order is the law's.
_BUCKETS: Final[tuple[tuple[str, str, Callable[[CaseSummary, Period], int]], ...]] = (
    ("investigated", "cases", lambda s, p: int(p.contains(s.detected_on))),
    ("under_investigation_at_end", "cases", lambda s, p: int(stage_on(s, p.end) in PRE_COURT_STAGES)),
    ("submitted_for_prosecution", "cases", lambda s, p: int(p.contains(submitted_on(s)))),
    ("dropped", "cases", lambda s, p: int(p.contains(dropped_on(s)))),
    ("filed_in_court", "cases", lambda s, p: int(p.contains(s.filed_on))),
    ("pending_in_court_at_end", "cases", lambda s, p: int(pending_in_court_on(s, p.end))),
    ("convictions", "cases", lambda s, p: int(p.contains(s.first_conviction_on))),
    ("persons_convicted", "accused", lambda s, p: s.accused_convicted if p.contains(s.first_conviction_on) else 0),
    (
        "acquittals",
        "cases",
        lambda s, p: int(disposed_in_court_in(s, p) and s.case_outcome is CaseOutcome.ACQUITTED),
    ),
    ("persons_acquitted", "accused", lambda s, p: s.accused_acquitted if disposed_in_court_in(s, p) else 0),
    (
        "dismissed_in_court",
        "cases",
        lambda s, p: int(disposed_in_court_in(s, p) and s.case_outcome is CaseOutcome.DISMISSED),
    ),
    *(
        (f"victims_{cell.removeprefix('children_')}", "children", _victims(cell))
        for cell in (*_CHILD_CELLS, "children_total")
    ),
)


def rows(summaries: Sequence[CaseSummary], period: Period | None) -> list[list[str]]:
    """One row per bucket: period code, bucket, unit, count."""
    assert period is not None
    return [
        [period.code, bucket, unit, str(sum(value(s, period) for s in summaries))] for bucket, unit, value in _BUCKETS
    ]


MAPPING: Final = (
    MappingLine(
        target="investigated",
        source="detected_on",
        rule="cases detected (the report, referral or complaint that opens the investigation) in the period",
    ),
    MappingLine(
        target="under_investigation_at_end",
        source="stage, first_<stage>_on, last_event_on",
        rule="cases still before court on the period's last day: stage then one of DETECTION to RESOLUTION "
        "(metrics.reconstruction.stage_on; exact when nothing happened after that day)",
    ),
    MappingLine(
        target="submitted_for_prosecution",
        source="first_inquest_on, first_prelim_investigation_on",
        rule="cases whose first inquest or preliminary investigation began in the period",
    ),
    MappingLine(
        target="dropped",
        source="first_dismissed_on, filed_on",
        rule="cases first closed in the period before any Information was filed (dismissed at inquest or "
        "preliminary investigation, or on the prosecutor's own motion), counted even if refiled since",
    ),
    MappingLine(
        target="filed_in_court", source="filed_on", rule="cases whose first Information was filed in the period"
    ),
    MappingLine(
        target="pending_in_court_at_end",
        source="filed_on, disposed, disposed_on",
        rule="cases filed on or before the period's last day and not disposed by the trial court by then",
    ),
    MappingLine(
        target="convictions",
        source="first_conviction_on",
        rule="cases whose first conviction (any accused, any count, plea or trial) fell in the period",
    ),
    MappingLine(
        target="persons_convicted",
        source="accused_convicted, first_conviction_on",
        rule="accused convicted, counted in the period of the case's first conviction (per-accused conviction "
        "dates are not kept in the summary: an accused convicted later in the same case is counted early)",
    ),
    MappingLine(
        target="acquittals",
        source="filed_on, disposed_on, case_outcome",
        rule="cases disposed by the trial court in the period with every accused acquitted or dismissed and at "
        "least one acquitted (case_outcome ACQUITTED)",
    ),
    MappingLine(
        target="persons_acquitted",
        source="accused_acquitted, filed_on, disposed_on",
        rule="accused acquitted (after trial or on demurrer) in cases disposed by the trial court in the period",
    ),
    MappingLine(
        target="dismissed_in_court",
        source="filed_on, disposed_on, case_outcome",
        rule="not a §16-A bucket: cases filed in court and dismissed there in the period, listed so the court "
        "outcomes add up",
    ),
    *(
        MappingLine(
            target=f"victims_{cell.removeprefix('children_')}",
            source=f"{cell}, detected_on",
            rule="child victims of the cases detected in the period (per sex and age band the larger of the "
            "count known at detection and the count rescued)",
        )
        for cell in (*_CHILD_CELLS, "children_total")
    ),
    MappingLine(
        target="victims by nationality",
        cannot_fill="children are recorded as counts by sex and age band only; no nationality is recorded",
    ),
    MappingLine(
        target="adult victims",
        cannot_fill="the project records child cases (the Child Protection Compact); adult victims are not counted",
    ),
    MappingLine(
        target="accused by sex, age and nationality",
        cannot_fill="accused are recorded as positions (A1, A2, ...) without personal attributes, by design "
        "(docs/privacy.md): no sex, age or nationality to disaggregate by",
    ),
)

CROSSWALK: Final = Crosswalk(
    target="ra9208-16a",
    title="RA 9208 §16-A central database status buckets (IACAT)",
    reference="RA 9208 §16-A, as amended (https://limnestor.github.io/Justitia/ra9208.html)",
    unit="cases (persons_* rows: accused; victims_* rows: children)",
    columns=("period", "bucket", "unit", "value"),
    mapping=MAPPING,
    needs_period=True,
    rows=rows,
)
