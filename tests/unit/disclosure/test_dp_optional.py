"""OpenDP is optional: the DP package is pure, imports OpenDP in one module only and only on demand,
and asking for DP without it is a clear library error."""

from __future__ import annotations

import ast
import importlib.metadata
import subprocess
import sys
from pathlib import Path

import pytest

import cpc_prosecution.disclosure.dp as dp_package
from cpc_prosecution.disclosure.dp import DpUnavailableError, OpenDpNoise, load_opendp

PACKAGE = Path(dp_package.__file__).parent
ALLOWED_THIRD_PARTY = {"msgspec"}


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_the_dp_package_imports_only_disclosure_msgspec_and_the_standard_library() -> None:
    """Every DP module is pure (no store, domain or web code); only opendp_noise may import opendp."""
    for module in sorted(PACKAGE.glob("*.py")):
        for name in _imports(module):
            top = name.split(".")[0]
            if top == "cpc_prosecution":
                assert name.startswith("cpc_prosecution.disclosure"), f"{module.name} imports {name}"
            elif top == "opendp":
                assert module.name == "opendp_noise.py", f"{module.name} imports {name}"
            else:
                assert top in ALLOWED_THIRD_PARTY | {"__future__"} | set(sys.stdlib_module_names), (
                    f"{module.name} imports {name}"
                )


def test_importing_the_library_does_not_load_opendp() -> None:
    """`import cpc_prosecution.disclosure.dp` (and the store's ledger) leave opendp unloaded, so the
    library starts without the extra and without its 0.15-0.4 s import."""
    program = (
        "import sys, cpc_prosecution.disclosure.dp, cpc_prosecution.store.dp_budget\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'opendp'))"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True, timeout=60)
    assert result.stdout.strip() == "[]"


def test_dp_without_opendp_raises_dp_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    """With the extra missing, making the OpenDP noise source raises DpUnavailableError naming the extra."""

    def missing(name: str) -> str:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", missing)
    with pytest.raises(DpUnavailableError, match=r"cpc-prosecution\[dp\]"):
        OpenDpNoise()


def test_another_opendp_version_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """The ledger's privacy maps are OpenDP 0.16.0's; another version is refused, not trusted."""
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "0.17.0")
    with pytest.raises(DpUnavailableError, match=r"0\.17\.0"):
        load_opendp()
