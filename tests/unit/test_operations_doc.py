"""docs/operations.md gives the replication and archiving settings and queries exactly as the
reliability tests run them (tests/reliability/test_read_replica.py, test_continuous_archiving.py), and
names the test that runs each command block."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.support.pg_cluster import (
    ARCHIVER_STATUS,
    ARCHIVING,
    PRIMARY_SETTINGS,
    RECOVERY,
    REPLICATION_HBA,
    REPLICATION_STATUS,
    STANDBY_SETTINGS,
    TABLE_SIZES,
)

DOC = (Path(__file__).parents[2] / "docs" / "operations.md").read_text(encoding="utf-8")

#: Primary settings the doc leaves to the deployment (the test's own loopback listener).
_TEST_ONLY = ("listen_addresses = '127.0.0.1'",)


@pytest.mark.parametrize(
    "line",
    [
        *(s for s in PRIMARY_SETTINGS if s not in _TEST_ONLY),
        REPLICATION_HBA,
        *STANDBY_SETTINGS,
        REPLICATION_STATUS,
        ARCHIVER_STATUS,
        TABLE_SIZES,
        *ARCHIVING,
        *RECOVERY,
    ],
)
def test_each_setting_and_query_the_tests_run_is_in_the_doc_verbatim(line: str) -> None:
    """A setting or query changed in a test (or in the doc) alone fails here."""
    assert line in DOC


@pytest.mark.parametrize(
    "test_file",
    [
        "tests/reliability/test_read_replica.py",
        "tests/reliability/test_continuous_archiving.py",
        "tests/reliability/test_cross_version_restore.py",
        "tests/cli/test_cli.py",
        "tests/api/test_read_replica_routing.py",
    ],
)
def test_the_doc_names_tests_that_exist(test_file: str) -> None:
    """Every test the doc cites as running its commands is in the repository."""
    assert test_file in DOC
    assert (Path(__file__).parents[2] / test_file).is_file()
