"""cpc-prosecution: child-trafficking case lifecycle, legal clocks and court-level metrics.

Importing this package never touches a database or a web framework: the domain, metrics and
disclosure layers are pure, so technical advisors can use them offline.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ("__version__",)
