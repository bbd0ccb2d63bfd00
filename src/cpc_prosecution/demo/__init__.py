"""A seeded, reproducible demo dataset: `generate(...)` builds it (pure), `load(...)` stores it."""

from cpc_prosecution.demo.dataset import DemoCase, DemoDataset, generate
from cpc_prosecution.demo.histories import Shape

__all__ = ("DemoCase", "DemoDataset", "Shape", "generate")
