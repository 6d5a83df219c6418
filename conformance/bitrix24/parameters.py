"""A call's method and parameters read as loosely as a PHP server might read them, so that the
write guard errs on the side of refusing: method names in any case and with the `.json`
suffix, parameter names in any case or spelling (`productId`, `PRODUCT_ID`), and values cast
to integers the way PHP's `intval` casts them (`"2abc"` is 2, `"1e3"` 1000, `true` 1)."""

from __future__ import annotations

import json
import math
import re
from typing import Any
from urllib.parse import parse_qsl

_REST_METHOD = re.compile(r"^/rest/(?:[^/]+/[^/]+/)?(?P<method>[^/]+)/?$")
_BRACKETED = re.compile(r"\[([^\]]*)\]")
_LEADING_NUMBER = re.compile(r"^\s*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def rest_method(path: str) -> str | None:
    """The REST method a path calls (`catalog.productimage.add`), lower-cased and without
    the `.json` suffix; None for a path that calls no method."""
    match = _REST_METHOD.match(path)
    if match is None:
        return None
    return match["method"].lower().removesuffix(".json")


def query_parameters(query: str) -> dict[str, Any]:
    """The parameters PHP reads from a query string with bracketed keys (nested objects,
    `[]` appending), so that the guard sees what the server will."""
    parameters: dict[str, Any] = {}
    for key, value in parse_qsl(query, keep_blank_values=True):
        name, bracket, rest = key.partition("[")
        path = [name, *(_BRACKETED.findall(bracket + rest) if bracket else [])]
        container = parameters
        for segment in path[:-1]:
            child = container.get(segment or str(len(container)))
            if not isinstance(child, dict):
                child = container[segment or str(len(container))] = {}
            container = child
        container[path[-1] or str(len(container))] = value
    return parameters


def json_body(content: bytes) -> tuple[bool, Any]:
    """(True, the parsed body) for JSON (an empty body reads as `{}`); (False, None) else."""
    if not content.strip():
        return True, {}
    try:
        return True, json.loads(content)
    except ValueError:
        return False, None


def members(container: Any, name: str) -> list[Any]:
    """The values of every member of a JSON object whose name means `name`, whatever its case
    and underscores (empty for anything but an object)."""
    if not isinstance(container, dict):
        return []
    wanted = _spelling(name)
    return [value for key, value in container.items() if _spelling(str(key)) == wanted]


def php_integer(value: Any) -> int | None:
    """`value` cast to an integer as PHP's `intval` would; None when it names no integer
    (null, a string without leading digits, an empty array)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if math.isfinite(value) else None
    if isinstance(value, str):
        match = _LEADING_NUMBER.match(value)
        number = float(match.group()) if match else math.nan
        return int(number) if math.isfinite(number) else None
    if isinstance(value, list | dict):
        return 1 if value else None
    return None


def _spelling(name: str) -> str:
    return name.replace("_", "").lower()
