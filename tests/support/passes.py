"""Which of CI's two test passes (embedded PostgreSQL, then CPC_TEST_DATABASE_URL) runs a test."""

from __future__ import annotations

import os

import pytest

#: For tests that start their own embedded PostgreSQL whatever server the rest of the suite uses: the
#: pass against CPC_TEST_DATABASE_URL would only repeat them.
EMBEDDED_PASS_ONLY = pytest.mark.skipif(
    bool(os.environ.get("CPC_TEST_DATABASE_URL")), reason="own embedded server; run in the embedded pass"
)
