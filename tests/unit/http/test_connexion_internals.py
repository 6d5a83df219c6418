"""Connexion's undocumented names are taken in one module, and the pinned release has them."""

from __future__ import annotations

import ast
import inspect
import pathlib
import re
import tomllib
from importlib import metadata

import pytest

from mockserver.http import connexion_internals
from mockserver.http.connexion_internals import PRIVATE_ATTRIBUTES

ROOT = pathlib.Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "mockserver"
INTERNALS = PACKAGE / "http" / "connexion_internals.py"
# The documented API, which any module may import from Connexion directly ("*": any name).
DOCUMENTED: dict[str, set[str]] = {
    "connexion": {"AsyncApp"},
    "connexion.exceptions": {"*"},
    "connexion.lifecycle": {"ConnexionRequest", "ConnexionResponse"},
    "connexion.context": {"context", "operation", "receive", "scope", "request"},
    "connexion.options": {"*"},
    "connexion.resolver": {"*"},
}


def documented(module: str, name: str) -> bool:
    names = DOCUMENTED.get(module, set())
    return "*" in names or name in names


def connexion_imports(path: pathlib.Path) -> list[tuple[str, str]]:
    """(module, name) of every name the file imports from Connexion."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "connexion":
            found += [(node.module or "", alias.name) for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [(a.name, "") for a in node.names if a.name.split(".")[0] == "connexion"]
    return found


def test_only_the_internals_module_imports_undocumented_connexion_names() -> None:
    outside = [
        (str(path.relative_to(ROOT)), module, name)
        for path in sorted(PACKAGE.rglob("*.py"))
        if path != INTERNALS
        for module, name in connexion_imports(path)
        if not documented(module, name)
    ]
    assert outside == []


def test_the_internals_module_takes_what_it_lists() -> None:
    imported = {name for _, name in connexion_imports(INTERNALS)}
    assert imported - {"AsyncApp"} <= set(connexion_internals.__all__) | {
        "_context",
        "_operation",
        "_receive",
        "_scope",
    }


def _defines(cls: type, name: str) -> bool:
    if hasattr(cls, name):
        return True
    assignment = re.compile(rf"\bself\.{re.escape(name)}\s*(?::[^=]+)?=")
    return any(
        assignment.search(inspect.getsource(base))
        for base in cls.__mro__
        if base.__module__.startswith("connexion")
    )


@pytest.mark.parametrize(
    ("cls", "name"),
    [(cls, name) for cls, names in PRIVATE_ATTRIBUTES.items() for name in names],
    ids=lambda value: getattr(value, "__name__", str(value)),
)
def test_the_pinned_connexion_has_each_private_attribute(cls: type, name: str) -> None:
    assert _defines(cls, name)


def test_connexion_is_pinned_to_the_installed_release() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = [d for d in project["dependencies"] if re.match(r"connexion\b", d)]
    assert pins == [f"connexion=={metadata.version('connexion')}"]
