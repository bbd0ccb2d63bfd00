"""The closest allowed value to one a person mistyped: "did you mean …?" in an answer.

One rule for codes, event types and registered ids alike: the same value in another case is that
value; otherwise the most similar one, if it is similar enough (difflib ratio 0.75, compared in
upper case) to be a likely typo rather than a different thing.
"""

import difflib
from collections.abc import Sequence
from typing import Final

__all__ = ("closest",)

_CUTOFF: Final = 0.75


def closest(sent: object, allowed: Sequence[str]) -> str | None:
    """The allowed value `sent` most likely meant, or None when none is near."""
    if not isinstance(sent, str) or not allowed:
        return None
    upper = {value.upper(): value for value in allowed}
    if sent.strip().upper() in upper:
        return upper[sent.strip().upper()]
    near = difflib.get_close_matches(sent.upper(), list(upper), n=1, cutoff=_CUTOFF)
    return upper[near[0]] if near else None
