"""The mock serves without Connexion: no module the engine is built from imports it, and
a mock started at its defaults has not loaded it (Connexion's stack is the tests'
reference alone, `MockConfig(fast_path=False)`)."""

from __future__ import annotations

import ast
import pathlib
import subprocess
import sys

import mockserver

PACKAGE = pathlib.Path(mockserver.__file__).parent
REFERENCE_STACK = {
    PACKAGE / "http" / name
    for name in (
        "connexion_internals.py",
        "connexion_stack.py",
        "openapi31.py",
        "prepared.py",
        "validators.py",
        "json_media_types.py",
    )
}


def imports_connexion(path: pathlib.Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "connexion":
            return True
        if isinstance(node, ast.Import) and any(
            alias.name.split(".")[0] == "connexion" for alias in node.names
        ):
            return True
    return False


def test_no_module_outside_the_reference_stack_imports_connexion() -> None:
    importing = [
        str(path.relative_to(PACKAGE))
        for path in sorted(PACKAGE.rglob("*.py"))
        if path not in REFERENCE_STACK and imports_connexion(path)
    ]
    assert importing == []


def test_a_mock_at_its_defaults_has_not_loaded_connexion() -> None:
    program = (
        "import sys\n"
        "from mockserver.cli import main\n"
        "from mockserver.app import create_app\n"
        "from mockserver.config import MockConfig\n"
        "create_app(MockConfig())\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'connexion', 'flask'}))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "[]"
