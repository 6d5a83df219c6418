"""The published contract documents: where they are, how to read them, which operation a
request was for."""

from __future__ import annotations

import pathlib
import re
from typing import Any

import yaml

HTTP_METHODS = frozenset({"get", "put", "post", "delete", "patch", "head", "options"})
# libyaml's safe loader where PyYAML was built with it: the same documents, read about
# seven times faster (a suite is built per run, per side of a comparison).
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def default_spec_dir() -> pathlib.Path:
    """The `spec/` folder next to the package (a source checkout), else the one installed
    with the wheel, found on disk without importing the mock."""
    package_dir = pathlib.Path(__file__).resolve().parent
    candidates = [package_dir.parent / "spec", package_dir.parent / "mockserver" / "spec"]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[0]


def load_published(relative_path: pathlib.Path, spec_dir: pathlib.Path | None) -> dict[str, Any]:
    path = (spec_dir or default_spec_dir()) / relative_path
    document: dict[str, Any] = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    return document


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(path, method, operation) for every operation of the document."""
    return [
        (path, method, operation)
        for path, item in document.get("paths", {}).items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    ]


class OperationIndex:
    """Names the operation a request was for, as Schemathesis labels it (`GET /images`);
    None for requests outside the document (such as image files). `base_path` is where the
    target mounts the document's paths (e.g. `/v2` for a Glance deployment)."""

    def __init__(self, document: dict[str, Any], base_path: str = "") -> None:
        self.base_path = base_path.rstrip("/")
        templates = sorted(
            document.get("paths", {}),
            # Literal segments before parameters, so `/a/b` wins over `/a/{x}`.
            key=lambda template: [part.startswith("{") for part in template.split("/")],
        )
        self.patterns = [(template, _pattern(template)) for template in templates]
        self.statuses = {
            f"{method.upper()} {path}": frozenset(
                int(status) for status in operation.get("responses", {}) if str(status).isdigit()
            )
            for path, method, operation in operations(document)
        }

    def label(self, method: str, path: str) -> str | None:
        if self.base_path and path.startswith(self.base_path + "/"):
            path = path.removeprefix(self.base_path)
        for template, pattern in self.patterns:
            if pattern.match(path):
                return f"{method.upper()} {template}"
        return None

    def documented_statuses(self, method: str, path: str) -> frozenset[int]:
        """The statuses the document gives the operation (none for a request outside it)."""
        label = self.label(method, path)
        return self.statuses.get(label, frozenset()) if label else frozenset()


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", template.rstrip("/"))
    body = "".join("[^/]+" if part.startswith("{") else re.escape(part) for part in parts)
    return re.compile(f"^{body}/?$")
