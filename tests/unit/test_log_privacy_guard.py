"""The log guard finds what it must (so its silence over a whole run means something)."""

from __future__ import annotations

import pytest
from tests.support.log_privacy import find_leaks

KEY = "cpc_ab12cd34_" + "x" * 43


@pytest.mark.parametrize(
    "line",
    [
        f'{{"event": "auth", "authorization": "Bearer {KEY}"}}',
        '{"event": "lookup", "docket": "NPS XV-07-INV-24A-00123"}',
        '{"event": "x", "detail": "R-LLP-24-01234-CR"}',
        '{"event": "request", "body": {"expected_version": 3, "events": []}}',
    ],
)
def test_a_key_a_docket_or_a_body_is_found(line: str) -> None:
    """Each kind of secret in a log line is reported."""
    assert find_leaks([line]) == [line]


def test_an_access_line_is_clean() -> None:
    """The access line as the API writes it holds nothing secret."""
    line = (
        '{"method": "GET", "route": "/v1/cases/lookup", "status": 200, "duration_ms": 1.2, '
        '"event": "request", "request_id": "e5d3baf7893c4932bbed7db2e5fd0d34", "level": "info"}'
    )
    assert find_leaks([line]) == []
