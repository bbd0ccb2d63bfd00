"""The tally of `cpc_prosecution.metrics.clearance_rate` in SQL, per case or per accused."""

from typing import Final

from cpc_prosecution.metrics.results import Unit
from cpc_prosecution.store.metric_sql._sql import Columns, count_if, dates_in_window, sum_if
from cpc_prosecution.store.metric_sql.predicates import DISPOSED_IN_COURT, in_window

#: Per case: its reactivations and placements inside the window.
DERIVED: Final[tuple[Columns, ...]] = (
    (("cr_reopened", dates_in_window("reactivated_on")), ("cr_placed", dates_in_window("placed_inactive_on"))),
)
AGGREGATES: Final[Columns] = (
    ("unit", f"'{Unit.CASE.value}'"),
    ("new_filings", count_if(in_window("filed_on"))),
    ("reopened", sum_if("s.cr_reopened", "true")),
    ("dispositions", count_if(DISPOSED_IN_COURT)),
    ("placed_inactive", sum_if("s.cr_placed", "true")),
)

_ACCUSED_DATES: Final = {
    "new_filings": "accused_filed_on",
    "reopened": "accused_inactive_until",
    "dispositions": "accused_disposed_on",
    "placed_inactive": "accused_inactive_from",
}
#: Per accused: each of a case's accused counts on its own dates.
BY_UNIT: Final[dict[Unit, tuple[tuple[Columns, ...], Columns]]] = {
    Unit.ACCUSED: (
        (tuple((f"cr_{name}", dates_in_window(column)) for name, column in _ACCUSED_DATES.items()),),
        (("unit", f"'{Unit.ACCUSED.value}'"), *((name, sum_if(f"s.cr_{name}", "true")) for name in _ACCUSED_DATES)),
    )
}
