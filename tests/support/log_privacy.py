"""Looking for secrets in log output: API keys, docket numbers, request bodies."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

#: An API key in any position (see services/api_keys.py for the format).
API_KEY: Final = re.compile(r"cpc_[a-z0-9]{8}_[A-Za-z0-9_-]{43}")
#: The docket numbers the tests use all start like this (NPS dockets, criminal case numbers).
DOCKET: Final = re.compile(r"NPS[ -][A-Z0-9]|R-[A-Z]{3}-\d{2}-\d{5}-CR", re.IGNORECASE)
#: Members that only a request body carries.
BODY: Final = re.compile(r'"(first_event|expected_version|events|number|token)"\s*:')


def find_leaks(lines: Iterable[str]) -> list[str]:
    """Every line holding something that must never be logged."""
    return [line for line in lines if API_KEY.search(line) or DOCKET.search(line) or BODY.search(line)]
