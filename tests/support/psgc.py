"""A small PSGC masterlist over the places the examples and the generator use (tests/support/psgc_sample.csv).

A test fixture: its codes follow the examples, not a PSA edition, and its labels say so."""

from __future__ import annotations

from pathlib import Path
from typing import Final

from cpc_prosecution.domain.psgc import PsgcList
from cpc_prosecution.domain.psgc_file import read_psgc_csv

SAMPLE_PSGC_CSV: Final = Path(__file__).with_name("psgc_sample.csv")
SAMPLE_EDITION: Final = "2024Q4"


def sample_masterlist() -> PsgcList:
    return read_psgc_csv(SAMPLE_PSGC_CSV.read_text(encoding="utf-8").splitlines(), SAMPLE_EDITION)
