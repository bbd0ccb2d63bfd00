"""`conviction_rate` in SQL: mirrors `cpc_prosecution.metrics.conviction_rate`."""

from typing import Any, Final

from cpc_prosecution.domain.vocab.outcomes import CaseOutcome
from cpc_prosecution.metrics.conviction_rate import MANNERS
from cpc_prosecution.metrics.results import Cell, Unit, count, ratio
from cpc_prosecution.store.metric_sql._sql import Columns, count_if, in_window, sum_if

_DISPOSED = f"(s.filed_on IS NOT NULL AND s.disposed AND {in_window('disposed_on')})"
_CONVICTED = f"({_DISPOSED} AND s.case_outcome = '{CaseOutcome.CONVICTED.value}')"
#: `manner(s)` of a convicted case.
_MANNER: Final = {
    "PLEA": "s.accused_convicted_after_trial = 0",
    "TRIAL": "s.accused_convicted_after_trial <> 0 AND s.accused_convicted_by_plea = 0",
    "MIXED": "s.accused_convicted_after_trial <> 0 AND s.accused_convicted_by_plea <> 0",
}
_ACCUSED: Final = (
    "accused_convicted",
    "accused_acquitted",
    "accused_dismissed",
    "accused_convicted_by_plea",
    "accused_convicted_after_trial",
    "accused_acquitted_on_demurrer",
)

#: Every counted case was disposed in the window (filed or not).
POPULATION: Final = f"(s.disposed AND {in_window('disposed_on')})"
DERIVED: Final[tuple[Columns, ...]] = ()
AGGREGATES: Final[Columns] = (
    ("cases", count_if(_DISPOSED)),
    *((f"outcome_{o.value.lower()}", count_if(f"{_DISPOSED} AND s.case_outcome = '{o.value}'")) for o in CaseOutcome),
    *((f"manner_{m.lower()}", count_if(f"{_CONVICTED} AND {_MANNER[m]}")) for m in MANNERS),
    *((name, sum_if(f"s.{name}", _DISPOSED)) for name in _ACCUSED),
    ("before_filing", count_if(f"s.filed_on IS NULL AND s.disposed AND {in_window('disposed_on')}")),
)


def cells(row: Any) -> list[Cell]:
    n = row["cases"]
    convicted = row["outcome_convicted"]
    acc_convicted, acc_acquitted, acc_dismissed = (
        row["accused_convicted"],
        row["accused_acquitted"],
        row["accused_dismissed"],
    )
    acc_disposed = acc_convicted + acc_acquitted + acc_dismissed
    out = [
        count("cases_disposed", Unit.CASE, n),
        ratio("conviction_rate", Unit.CASE, convicted, n),
        ratio("acquittal_rate", Unit.CASE, row["outcome_acquitted"], n),
        ratio("dismissal_rate", Unit.CASE, row["outcome_dismissed"], n),
    ]
    out += [ratio("convicted_by_manner", Unit.CASE, row[f"manner_{m.lower()}"], convicted, m) for m in MANNERS]
    out += [
        count("accused_disposed", Unit.ACCUSED, acc_disposed),
        ratio("accused_conviction_rate", Unit.ACCUSED, acc_convicted, acc_disposed),
        ratio("accused_convicted_by_manner", Unit.ACCUSED, row["accused_convicted_by_plea"], acc_convicted, "PLEA"),
        ratio(
            "accused_convicted_by_manner", Unit.ACCUSED, row["accused_convicted_after_trial"], acc_convicted, "TRIAL"
        ),
        ratio("accused_acquittal_rate", Unit.ACCUSED, acc_acquitted, acc_disposed),
        count("accused_acquitted_on_demurrer", Unit.ACCUSED, row["accused_acquitted_on_demurrer"]),
        ratio("accused_dismissal_rate", Unit.ACCUSED, acc_dismissed, acc_disposed),
        count("dismissed_before_filing", Unit.CASE, row["before_filing"]),
    ]
    return out
