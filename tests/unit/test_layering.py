"""Imports point one way: each layer imports only the layers below it, and the library never imports
the HTTP application (docs/architecture.md "Layers")."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Final

import cpc_api
import cpc_prosecution

_CORE: Final = frozenset({"domain", "metrics", "disclosure", "disclosure.dp", "releases", "crosswalks"})
_CONFIG: Final = frozenset({"settings", "log", "process"})

#: What each layer may import of ours (besides itself). Pure layers first, then the shell.
ALLOWED: Final[dict[str, frozenset[str]]] = {
    "domain": frozenset(),
    "metrics": frozenset({"domain"}),
    "disclosure": frozenset(),  # generic tables only: not even the domain
    "disclosure.dp": frozenset({"disclosure"}),
    "releases": frozenset({"domain", "metrics", "disclosure", "disclosure.dp"}),
    # Crosswalks map case summaries (and the metrics' as-of rules) to other systems' categories: pure.
    "crosswalks": frozenset({"domain", "metrics"}),
    "settings": frozenset(),
    "log": frozenset(),
    "process": frozenset(),
    "store": _CORE | _CONFIG,
    "services": _CORE | _CONFIG | {"store", "spreadsheets"},
    "api": _CORE | _CONFIG | {"store", "services", "package", "spreadsheets"},
    "cli": _CORE | _CONFIG | {"store", "services", "package", "demo", "spreadsheets"},
    # The demo dataset is written through the services; the client speaks HTTP with the library's
    # Structs (it never imports the application); frames only reshape results.
    "demo": _CORE | _CONFIG | {"store", "services"},
    "client": _CORE | _CONFIG | {"services"},
    "frames": frozenset({"domain", "metrics"}),
    # Reading and checking spreadsheets is pure: it builds histories with the domain's rules.
    "spreadsheets": frozenset({"domain"}),
    # The package itself re-exports the domain (and its version); `python -m` runs the CLI.
    "package": frozenset({"domain"}),
    "__main__": frozenset({"cli"}),
}

_ROOTS: Final = {
    "cpc_prosecution": Path(cpc_prosecution.__file__).parent,
    "cpc_api": Path(cpc_api.__file__).parent,
}


def layer_of(module: str) -> str:
    """The layer of a module of ours: `api` for the application, else the library's sub-package
    (`disclosure.dp` on its own), `package` for `cpc_prosecution` itself."""
    parts = module.split(".")
    if parts[0] == "cpc_api":
        return "api"
    if len(parts) == 1:
        return "package"
    if parts[1] == "disclosure" and parts[2:3] == ["dp"]:
        return "disclosure.dp"
    return parts[1]


def _modules() -> Iterator[tuple[str, Path]]:
    for top, root in _ROOTS.items():
        for path in sorted(root.rglob("*.py")):
            rel = path.relative_to(root).with_suffix("")
            yield ".".join([top, *rel.parts]).removesuffix(".__init__"), path


def _imports(module: str, path: Path) -> Iterator[str]:
    """Every module `path` imports (type-checking-only imports too: they are dependencies in the code),
    relative imports resolved."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                yield ".".join([*base, *([node.module] if node.module else [])])
            elif node.module:
                yield node.module


def test_every_layer_imports_only_the_layers_below_it() -> None:
    """domain imports nothing of ours; metrics the domain; disclosure nothing (dp: disclosure);
    releases the pure layers; store the pure layers and settings (never services, the CLI or the
    application); services also the store; the application and the CLI also services. A module in
    a layer the table does not know fails too: a new layer needs its place here."""
    wrong: list[str] = []
    checked = 0
    for module, path in _modules():
        here = layer_of(module)
        assert here in ALLOWED, f"{module}: layer {here!r} has no place in ALLOWED (tests/unit/test_layering.py)"
        for name in _imports(module, path):
            if name.split(".")[0] not in _ROOTS:
                continue
            there = layer_of(name)
            if there != here and there not in ALLOWED[here]:
                wrong.append(f"{module} ({here}) imports {name} ({there})")
            checked += 1
    assert wrong == []
    assert checked > 500


def test_the_layer_table_catches_an_upward_import() -> None:
    """The check is not vacuous: a store module importing a service, a domain module importing the
    store and a service importing the application would each be refused."""
    for importer, imported in (
        ("cpc_prosecution.store.appends", "cpc_prosecution.services.cases"),
        ("cpc_prosecution.domain.fold", "cpc_prosecution.store.pool"),
        ("cpc_prosecution.services.cases", "cpc_api.deps"),
        ("cpc_prosecution.disclosure.suppress", "cpc_prosecution.domain"),
        ("cpc_prosecution.disclosure", "cpc_prosecution.disclosure.dp.policy"),
        ("cpc_prosecution.crosswalks.ncsc", "cpc_prosecution.store.pool"),
        ("cpc_prosecution.crosswalks.htcds", "cpc_prosecution.releases.build"),
    ):
        assert layer_of(imported) not in ALLOWED[layer_of(importer)], (importer, imported)


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
