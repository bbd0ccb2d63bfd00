"""What the registry modules share: the published standards metrics follow, and the measure helper."""

from cpc_prosecution.metrics.definitions import Measure, Source
from cpc_prosecution.metrics.results import Unit

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
