"""The domain is pure: importing it loads no database driver, web framework or store module."""

import subprocess
import sys

PROGRAM = """
import importlib, pkgutil, sys
import cpc_prosecution
import cpc_prosecution.domain
for info in pkgutil.walk_packages(cpc_prosecution.domain.__path__, "cpc_prosecution.domain."):
    importlib.import_module(info.name)
third_party = sorted(
    {m.split(".")[0] for m in sys.modules}
    - set(sys.stdlib_module_names)
    - {"cpc_prosecution", "msgspec", "typing_extensions", "__main__", "_distutils_hack"}
)
ours = sorted(m for m in sys.modules if m.startswith("cpc_prosecution.") and not m.startswith("cpc_prosecution.domain"))
print(",".join(third_party))
print(",".join(ours))
"""


def test_importing_the_domain_loads_only_stdlib_and_msgspec() -> None:
    """`import cpc_prosecution` and every domain module: no litestar, asyncpg or cpc_prosecution.store."""
    result = subprocess.run([sys.executable, "-c", PROGRAM], capture_output=True, text=True, check=True, timeout=60)
    third_party, ours = result.stdout.splitlines()
    assert third_party == ""
    assert "store" not in ours
    assert "litestar" not in result.stdout
    assert "asyncpg" not in result.stdout
