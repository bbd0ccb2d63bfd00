"""Imports point one way: the library never imports the HTTP application."""

from __future__ import annotations

import subprocess
import sys


def test_importing_every_library_module_never_loads_the_application() -> None:
    """Walking all of `cpc_prosecution` leaves `cpc_api` and `litestar` out of sys.modules."""
    program = """
import importlib, pkgutil, sys
import cpc_prosecution
for info in pkgutil.walk_packages(cpc_prosecution.__path__, "cpc_prosecution."):
    if info.name == "cpc_prosecution.__main__":
        continue
    importlib.import_module(info.name)
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("cpc_api", "litestar"))
print(",".join(loaded))
"""
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True, timeout=60)
    assert result.stdout.strip() == ""
