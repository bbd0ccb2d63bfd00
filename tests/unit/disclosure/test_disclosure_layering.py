"""The disclosure layer is pure: it works on generic tables and imports no domain, store or web code."""

from __future__ import annotations

import ast
from pathlib import Path

import cpc_prosecution.disclosure as disclosure

ALLOWED_THIRD_PARTY = {"msgspec", "numpy", "scipy"}


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_disclosure_imports_only_itself_the_standard_library_and_numerics() -> None:
    """Every disclosure module imports only other disclosure modules, the standard library, msgspec,
    numpy and scipy: never the domain, the store, asyncpg, litestar or the application."""
    package = Path(disclosure.__file__).parent
    modules = sorted(package.glob("*.py"))
    assert len(modules) > 10
    for module in modules:
        for name in _imported_modules(module):
            top = name.split(".")[0]
            if top == "cpc_prosecution":
                assert name.startswith("cpc_prosecution.disclosure"), f"{module.name} imports {name}"
            else:
                assert top in ALLOWED_THIRD_PARTY or top == "__future__" or top in _stdlib(), (
                    f"{module.name} imports {name}"
                )


def _stdlib() -> frozenset[str]:
    import sys

    return frozenset(sys.stdlib_module_names)
