"""SQL predicates more than one query needs, each written once.

- `DISPOSED_IN_COURT`: `reconstruction.disposed_in_court(s, w)` over `case_summary AS s` and the
  window row `p` (filed in court and disposed by the trial court inside the window).
- `in_scope(offices, regions)`: the SQL form of `services.access.Principal.may_see_case` for an
  analyst: the case is owned by one of the offices or is before a court of one of the judicial
  regions. Read by the metric queries and by the case listing and scoped summary reads.
"""

from typing import Final

__all__ = ("DISPOSED_IN_COURT", "DISPOSED_IN_WINDOW", "in_scope", "in_window")


def in_window(column: str) -> str:
    """`Window.contains(column)`: NULL (never counted) when the date is NULL."""
    return f"(s.{column} <= p.w_end AND (p.w_start IS NULL OR s.{column} >= p.w_start))"


#: Disposed inside the window, filed in court or not.
DISPOSED_IN_WINDOW: Final = f"(s.disposed AND {in_window('disposed_on')})"
#: `reconstruction.disposed_in_court`.
DISPOSED_IN_COURT: Final = f"(s.filed_on IS NOT NULL AND {DISPOSED_IN_WINDOW})"


def in_scope(offices: str, regions: str) -> str:
    """A row (with `owner_office_id`, `court_judicial_region`) in the scope of the offices and judicial
    regions bound at the parameters `offices` and `regions` (e.g. `$4`, `$5`), as text arrays."""
    return f"(owner_office_id = any({offices}::text[]) OR court_judicial_region = any({regions}::text[]))"
