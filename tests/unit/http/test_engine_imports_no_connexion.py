"""The mock serves without Connexion: no module the engine is built from imports it, and
a mock started at its defaults has not loaded it (Connexion's stack is the tests'
reference alone, `MockConfig(engine=False)`). Nor does the engine reach into another
library's private names (a leading underscore): a release may rename any of them."""

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


ENGINE = [
    *sorted((PACKAGE / "http" / "engine").glob("*.py")),
    *sorted((PACKAGE / "http" / "decoding").glob("*.py")),
    PACKAGE / "http" / "request_context.py",
    PACKAGE / "http" / "validation_problems.py",
]


def private_names(path: pathlib.Path) -> list[str]:
    """Names with a leading underscore the module takes from elsewhere: imported, read as
    an attribute of anything but `self` and `cls`, or read on `self` in a class that
    neither sets nor defines it (so its base class does)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = [
        name
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
        for name in inherited_private(node)
    ]
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0:
            found += [alias.name for alias in node.names if alias.name.startswith("_")]
        elif isinstance(node, ast.Attribute) and _private(node.attr):
            owner = node.value
            if not (isinstance(owner, ast.Name) and owner.id in ("self", "cls")):
                found.append(f"{ast.unparse(owner)}.{node.attr}")
    return found


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def inherited_private(cls: ast.ClassDef) -> list[str]:
    own = (
        {node.name for node in cls.body if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)}
        | {
            target.attr
            for node in ast.walk(cls)
            if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign)
            for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
            if isinstance(target, ast.Attribute)
        }
        | {
            target.id
            for node in cls.body
            if isinstance(node, ast.Assign | ast.AnnAssign)
            for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
            if isinstance(target, ast.Name)
        }
    )
    return [
        f"{cls.name}: self.{node.attr}"
        for node in ast.walk(cls)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "self"
        and _private(node.attr)
        and node.attr not in own
    ]


def test_the_engine_reads_no_private_name_of_another_library() -> None:
    reaching = {
        str(path.relative_to(PACKAGE)): names for path in ENGINE if (names := private_names(path))
    }
    assert reaching == {}
