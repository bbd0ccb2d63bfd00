"""The worklist: for the caller's offices, the open legal obligations coming due, earliest first.

One row per open clock (the case's, or one accused's) that is overdue or due within `due_within`
days, with what it asks (the rule's title), its legal source, the accused position and the days
left (negative: days overdue). It reads the `case_clock` projection: clocks as they stood at each
case's latest event, waiting periods (appeal, archiving, provisional-dismissal lapse) left out, and
a clock ended (met, missed or no longer applicable: docs/domain.md "Every clock ends") never shown.
A paused clock's due date moves out while the pause lasts; it is shown with `paused` set.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
from typing import TYPE_CHECKING, Final

import msgspec

from cpc_prosecution.domain.clocks import OBLIGATION_RULES, RULES_BY_ID, Strength
from cpc_prosecution.services.access import CASE_READERS, Principal, Role
from cpc_prosecution.services.errors import Forbidden, InvalidInput
from cpc_prosecution.services.projection import manila_today
from cpc_prosecution.store.worklist import ObligationRow, WorklistFilter, open_obligations

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

__all__ = (
    "CSV_COLUMNS",
    "DEFAULT_DUE_WITHIN",
    "MAX_ITEMS",
    "Obligation",
    "Worklist",
    "as_csv",
    "due_by",
    "worklist",
)

#: Days ahead a worklist looks by default (two working weeks).
DEFAULT_DUE_WITHIN: Final = 14
#: The rules a worklist can show (waiting periods are not obligations), sorted.
_OBLIGATIONS: Final = tuple(sorted(r.rule_id for r in OBLIGATION_RULES))
#: Most rows one worklist returns; `truncated` says when more were due.
MAX_ITEMS: Final = 2000


class Obligation(ObligationRow, frozen=True, kw_only=True):
    """One open legal clock of a case, for the worklist: the stored row, the rule in words, days left."""

    title: str
    """What is owed, in the rule's words."""
    legal_source: str
    strength: Strength
    """binding (law or rule) or advisory (an administrative target)."""
    days_left: int
    """Days from today to the due date; negative when overdue."""
    overdue: bool


class Worklist(msgspec.Struct, frozen=True, kw_only=True):
    as_of: dt.date
    """Today in Manila, the day `days_left` counts from."""
    due_within: int
    due_by: dt.date
    overdue: int
    """How many of `items` are overdue."""
    items: list[Obligation]
    truncated: bool
    """More obligations were due than `limit`; narrow by office or rule."""


def due_by(today: dt.date, due_within: int) -> dt.date:
    """The last due date "due within `due_within` days" takes in (overdue ones are always in)."""
    return today + dt.timedelta(days=due_within)


def _obligation(row: ObligationRow, today: dt.date) -> Obligation:
    rule = RULES_BY_ID[row.rule_id]
    days_left = (row.due_on - today).days
    return Obligation(
        **msgspec.structs.asdict(row),
        title=rule.title,
        legal_source=rule.legal_source,
        strength=rule.strength,
        days_left=days_left,
        overdue=days_left < 0,
    )


async def worklist(
    conn: Connection,
    *,
    principal: Principal,
    due_within: int = DEFAULT_DUE_WITHIN,
    office_id: str | None = None,
    rule_id: str | None = None,
    limit: int = 500,
    today: dt.date | None = None,
) -> Worklist:
    """Open obligations of the cases in the caller's scope that are overdue or due within
    `due_within` days, earliest due first."""
    if principal.role not in CASE_READERS:
        raise Forbidden(f"{principal.role.value} keys cannot read case records")
    if rule_id is not None and rule_id not in _OBLIGATIONS:
        near = difflib.get_close_matches(rule_id, _OBLIGATIONS, n=1)
        hint = f"did you mean {near[0]}? " if near else ""
        raise InvalidInput("rule", f"unknown obligation rule {rule_id!r}; {hint}one of: {', '.join(_OBLIGATIONS)}")
    day = manila_today() if today is None else today
    last_due = due_by(day, due_within)
    rows = await open_obligations(
        conn,
        WorklistFilter(
            due_by=last_due,
            scope_offices=sorted(principal.offices),
            scope_regions=sorted(principal.regions) if principal.role is Role.ANALYST else [],
            office_id=office_id,
            rule_id=rule_id,
            limit=limit + 1,
        ),
    )
    items = [_obligation(r, day) for r in rows[:limit]]
    return Worklist(
        as_of=day,
        due_within=due_within,
        due_by=last_due,
        overdue=sum(1 for i in items if i.overdue),
        items=items,
        truncated=len(rows) > limit,
    )


CSV_COLUMNS: Final = tuple(f.name for f in msgspec.structs.fields(Obligation))


def as_csv(page: Worklist) -> str:
    """One row per obligation, the `Obligation` fields as columns (empty for none)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for item in page.items:
        writer.writerow(["" if (v := getattr(item, c)) is None else _text(v) for c in CSV_COLUMNS])
    return out.getvalue()


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
