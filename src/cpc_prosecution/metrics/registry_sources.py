"""What the metric definitions share: the published standards metrics follow, common phrases, the measure helper."""

from typing import Final

from cpc_prosecution.metrics.definitions import Measure, Source
from cpc_prosecution.metrics.dimensions import Dimension
from cpc_prosecution.metrics.reconstruction import FUNNEL_STAGES
from cpc_prosecution.metrics.results import Unit
from cpc_prosecution.metrics.staffing import TRAINED_CAPACITY_THRESHOLD_PERCENT

_NCSC_CASEFLOW = (
    "https://www.ncsc.org/consulting-and-research/areas-of-expertise/court-management-and-performance/"
    "caseflow-management/data-and-performance-management"
)
M2 = Source(name="NCSC CourTools Measure 2: Clearance Rates", url=_NCSC_CASEFLOW, relation="adapts")
M3 = Source(
    name="NCSC CourTools Measure 3: Time to Disposition",
    url="https://www.ncsc.org/courtools/trial-court-performance-measures/measure-three-time-to-disposition",
    relation="adapts",
)
M4 = Source(
    name="NCSC CourTools Measure 4: Age of Active Pending Caseload",
    url="https://www.ncsc.org/courtools/trial-court-performance-measures/measure-four-age-of-active-pending-caseload",
)
M5 = Source(
    name="NCSC CourTools Measure 5: Trial Date Certainty",
    url="https://www.ncsc.org/courtools/trial-court-performance-measures/measure-five-trial-date-certainty",
    relation="adapts",
)
OCA_151_2010 = Source(
    name="OCA Circular No. 151-2010 (26 Oct 2010): trafficking cases heard and decided within 180 days of arraignment",
    relation="follows",
)
RULE_119_TRIAL = Source(
    name="Rules of Court Rule 119 §2; RA 8493 (Speedy Trial Act) §6: trial within 180 days of its first day",
    relation="follows",
)
CONTINUOUS_TRIAL = Source(
    name="Revised Guidelines for Continuous Trial of Criminal Cases, A.M. No. 15-06-10-SC (2017)",
    relation="extends",
)
MODEL_TIME_STANDARDS = Source(
    name="Model Time Standards for State Trial Courts (2011; ABA Resolution 112, 2012)",
    url="https://studylib.net/doc/7401738/resolution-112---american-bar-association",
    relation="adapts",
)
UNIT_OF_COUNT = Source(
    name="NCSC State Court Guide to Statistical Reporting: unit of count, criminal",
    url=(
        "http://www.ncscstatsguide.org/Acc/display_text.php?title=Unit%20of%20Count%20for%20Criminal%20Case"
        "&filename=Textfiles/criminal_unit_of_count_text.htm"
    ),
    relation="adapts",
)
JUSTICE_COUNTS = Source(
    name="Justice Counts prosecution metrics (Recidiviz pulse-data, recidiviz/justice_counts/metrics/prosecution.py)",
    url="https://github.com/Recidiviz/pulse-data/blob/main/recidiviz/justice_counts/metrics/prosecution.py",
    relation="adapts",
)
JIL = Source(
    name="Justice Innovation Lab, prosecutor-analytics metric primer (conviction rate, time to X)",
    url="https://github.com/Justice-Innovation-Lab/prosecutor-analytics",
    relation="adapts",
)
PPI = Source(
    name="Prosecutorial Performance Indicators (victim support)",
    url="https://prosecutorialperformanceindicators.org",
    relation="adapts",
)
MFJ = Source(
    name="Measures for Justice methodology (unreliable and missing data)",
    url="https://measuresforjustice.org/what-we-do/how-we-measure/methodology",
    relation="adapts",
)
CHILD_WITNESS_RULE = Source(name="Rule on Examination of a Child Witness, A.M. No. 004-07-SC", relation="extends")
RA11930 = Source(name="RA 11930 §26 (protective custody of rescued children)", relation="extends")
OURS = Source(name="cpc-prosecution lifecycle model (docs/domain.md)", relation="extends")


def measure(
    name: str, unit: Unit, kind: str, description: str, categories: tuple[str, ...] = (), *, with_total: bool = False
) -> Measure:
    return Measure(
        name=name, unit=unit, kind=kind, description=description, categories=categories, with_total=with_total
    )


#: The funnel stages' codes (categories of the stage metrics).
STAGE_CODES: Final = tuple(s.value for s in FUNNEL_STAGES)
COURT_UNFILED: Final = "cases never filed in court (dismissed or pending before the prosecutor)"
#: The population of the outcome metrics (`reconstruction.disposed_in_court`) and the fields it reads.
DISPOSED_POPULATION: Final = "cases filed in court and disposed by the trial court in the window"
DISPOSED_FIELDS: Final = ("filed_on", "disposed", "disposed_on")

JUSTICE_COUNTS_STAFF = Source(
    name="Justice Counts prosecution metrics: staff (filled, vacant) and caseload per attorney",
    url="https://github.com/Recidiviz/pulse-data/blob/main/recidiviz/justice_counts/metrics/prosecution.py",
    relation="adapts",
)
COMPACT = Source(name="US-Philippines Child Protection Compact: prosecutor training objectives", relation="extends")

THRESHOLD_PERCENT: Final = TRAINED_CAPACITY_THRESHOLD_PERCENT
#: The threshold as the registry states it (also in each definition that uses it).
TRAINED_CAPACITY_THRESHOLD: Final = (
    f"an office meets the trained-capacity threshold on a day when its latest staffing snapshot on or before "
    f"that day has at least one filled prosecutor post and trained_trafficking >= {THRESHOLD_PERCENT} % of "
    f"positions_filled (100 x trained_trafficking >= {THRESHOLD_PERCENT} x positions_filled; parameter "
    "`metrics.staffing.TRAINED_CAPACITY_THRESHOLD_PERCENT`)"
)
LATEST_SNAPSHOT: Final = (
    "each office's latest staffing snapshot on or before the as-of date (a snapshot holds until the next)"
)
CAPACITY_SCOPE: Final = "staffing and trainings of the offices in the key's scope (live API: the key's offices)"
BY_OFFICE: Final = (Dimension.OFFICE,)
