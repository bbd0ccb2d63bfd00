"""Random legal histories for property tests, benchmarks and demo data (see `history.py`)."""

from cpc_prosecution.domain.generate.history import Generator, generate_history

__all__ = ("Generator", "generate_history")
