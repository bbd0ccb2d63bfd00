"""Every metric, found once: the `METRIC` (or `METRICS`) of each module of this package, in `order`.

A metric module declares its definition, tally and cells (`metric.Metric`); this scan is the only list
of them, so adding a metric adds its module and touches no list. The modules that read the catalogue
(and so cannot be scanned while it is built) are named below.
"""

import importlib
import pkgutil
from typing import Any, Final

from cpc_prosecution.metrics.metric import Metric

__all__ = ("ALL_METRICS", "METRIC_BY_ID", "MODULE_OF")

_PACKAGE: Final = "cpc_prosecution.metrics"
#: Modules downstream of the catalogue (they import it), never metric modules.
_READERS: Final = frozenset({"__init__", "catalogue", "docs", "engine", "frames", "registry", "series", "targets"})


def _scan() -> list[tuple[Metric[Any], str]]:
    """(metric, the name of the module declaring it), in documentation order."""
    package = importlib.import_module(_PACKAGE)
    found: list[tuple[Metric[Any], str]] = []
    for info in pkgutil.iter_modules(package.__path__):
        if info.name in _READERS:
            continue
        module = importlib.import_module(f"{_PACKAGE}.{info.name}")
        declared = (getattr(module, "METRIC", None), *getattr(module, "METRICS", ()))
        found += [(m, info.name) for m in declared if isinstance(m, Metric)]
    return sorted(found, key=lambda pair: (pair[0].order, pair[0].id))


_FOUND: Final = _scan()
#: Every metric, in documentation order.
ALL_METRICS: Final[tuple[Metric[Any], ...]] = tuple(m for m, _ in _FOUND)
METRIC_BY_ID: Final[dict[str, Metric[Any]]] = {m.id: m for m in ALL_METRICS}
#: The module that declares each metric id (the SQL engine's tally query lives in the module of the same
#: name under `store/metric_sql/`).
MODULE_OF: Final[dict[str, str]] = {m.id: name for m, name in _FOUND}
